#pragma once

#include <map>
#include <string>
#include <vector>

#include "monban/host/ServiceRef.h"

namespace monban::host {

/// What the resolver needs to know of one plugin.
struct DependencyNode {
  std::string id;
  std::vector<ServiceRef> requires_services;
  std::vector<ServiceRef> provides_services;
};

/// The outcome: a start order for the plugins that can run, and a reason for each that cannot.
struct DependencyResolution {
  std::vector<std::string> order;                           ///< providers before consumers
  std::map<std::string, std::string> failed;                ///< id -> reason
  std::map<std::string, std::vector<std::string>> depends;  ///< id -> ids of its providers
};

/// Orders plugins by the services they require and provide. Refuses, naming them: services
/// offered by two plugins, requirements nobody meets, dependency cycles, and (transitively)
/// everything that depends on a refused plugin. `refused` lists nodes already refused (id ->
/// reason) whose services their dependents still name. `hostServices` are provided by the host
/// itself: they meet requirements without ordering, and no plugin may provide them too. The
/// order is deterministic.
DependencyResolution resolveDependencies(const std::vector<DependencyNode>& nodes,
                                         const std::map<std::string, std::string>& refused = {},
                                         const std::vector<ServiceRef>& hostServices = {});

/// The provider name of services the host itself registers.
inline constexpr const char* kHostProvider = "host";

}  // namespace monban::host
