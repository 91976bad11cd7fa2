#include "monban/host/PluginState.h"

namespace monban::host {

const char* toString(PluginState state) {
  switch (state) {
    case PluginState::Discovered:
      return "discovered";
    case PluginState::Resolved:
      return "resolved";
    case PluginState::Loaded:
      return "loaded";
    case PluginState::Initialised:
      return "initialised";
    case PluginState::Running:
      return "running";
    case PluginState::Stopped:
      return "stopped";
    case PluginState::Failed:
      return "failed";
  }
  return "unknown";
}

}  // namespace monban::host
