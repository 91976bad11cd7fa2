#pragma once

namespace monban::host {

/// Where a plugin is in its lifecycle. A plugin moves forward through the states in order;
/// any step can end in Failed, with a reason.
enum class PluginState {
  Discovered = 1,  ///< its manifest was read and passed the checks
  Resolved,        ///< every service it requires has a provider
  Loaded,          ///< its library is loaded and its descriptor matches the manifest
  Initialised,     ///< created, configured, services registered
  Running,         ///< started
  Stopped,         ///< stopped after running
  Failed,          ///< refused or broken; see the reason
};

const char* toString(PluginState state);

}  // namespace monban::host
