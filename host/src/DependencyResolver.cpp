#include "monban/host/DependencyResolver.h"

#include <algorithm>
#include <functional>
#include <set>

namespace monban::host {

DependencyResolution resolveDependencies(const std::vector<DependencyNode>& input,
                                         const std::map<std::string, std::string>& refused,
                                         const std::vector<ServiceRef>& hostServices) {
  DependencyResolution result;
  result.failed = refused;
  std::vector<DependencyNode> nodes = input;
  std::sort(nodes.begin(), nodes.end(), [](const auto& a, const auto& b) { return a.id < b.id; });

  // Each service name has at most one provider.
  std::map<std::string, std::vector<std::pair<std::string, ServiceRef>>> providers;
  for (const ServiceRef& s : hostServices) providers[s.name].push_back({kHostProvider, s});
  for (const DependencyNode& n : nodes)
    for (const ServiceRef& s : n.provides_services) providers[s.name].push_back({n.id, s});
  for (const auto& [name, list] : providers) {
    if (list.size() < 2) continue;
    if (list.front().first == kHostProvider) {
      for (auto p = list.begin() + 1; p != list.end(); ++p)
        result.failed.emplace(p->first, "service '" + name + "' is provided by the host itself");
      continue;
    }
    std::string who;
    for (const auto& p : list) who += (who.empty() ? "'" : ", '") + p.first + "'";
    for (const auto& p : list)
      result.failed.emplace(p.first, "service '" + name + "' is provided by more than one plugin: " + who);
  }

  // Each requirement is met by exactly that provider.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> edges;  // id -> (provider, service)
  for (const DependencyNode& n : nodes) {
    for (const ServiceRef& required : n.requires_services) {
      auto it = providers.find(required.name);
      if (it == providers.end()) {
        result.failed.emplace(n.id, "requires service " + required.text() + ", which no plugin provides");
        continue;
      }
      const auto& [provider, offered] = it->second.front();
      if (!required.isMetBy(offered)) {
        result.failed.emplace(n.id, "requires service " + required.text() + ", but '" + provider + "' provides " +
                                        std::to_string(offered.major) + "." + std::to_string(offered.minor));
        continue;
      }
      if (provider != kHostProvider) edges[n.id].push_back({provider, required.name});
    }
  }
  for (const DependencyNode& n : nodes) {
    std::set<std::string> unique;
    for (const auto& e : edges[n.id]) unique.insert(e.first);
    result.depends[n.id].assign(unique.begin(), unique.end());
  }

  // Cycles: depth-first search; every plugin on a cycle is refused with the cycle spelled out.
  std::map<std::string, int> colour;  // 0 unvisited, 1 on the stack, 2 done
  std::vector<std::string> stack;
  std::function<void(const std::string&)> visit = [&](const std::string& id) {
    colour[id] = 1;
    stack.push_back(id);
    for (const std::string& next : result.depends[id]) {
      if (colour[next] == 1) {
        auto from = std::find(stack.begin(), stack.end(), next);
        std::string path;
        for (auto it = from; it != stack.end(); ++it) path += "'" + *it + "' -> ";
        path += "'" + next + "'";
        for (auto it = from; it != stack.end(); ++it) result.failed.emplace(*it, "dependency cycle: " + path);
      } else if (colour[next] == 0) {
        visit(next);
      }
    }
    stack.pop_back();
    colour[id] = 2;
  };
  for (const DependencyNode& n : nodes)
    if (colour[n.id] == 0) visit(n.id);

  // A plugin whose provider is refused is refused too.
  for (bool changed = true; changed;) {
    changed = false;
    for (const DependencyNode& n : nodes) {
      if (result.failed.count(n.id)) continue;
      for (const std::string& provider : result.depends[n.id]) {
        if (result.failed.count(provider)) {
          result.failed.emplace(n.id, "depends on '" + provider + "', which failed");
          changed = true;
          break;
        }
      }
    }
  }

  // Kahn's algorithm, smallest id first, for a stable order.
  std::set<std::string> placed;
  for (bool progress = true; progress;) {
    progress = false;
    for (const DependencyNode& n : nodes) {
      if (result.failed.count(n.id) || placed.count(n.id)) continue;
      const auto& deps = result.depends[n.id];
      if (std::all_of(deps.begin(), deps.end(), [&](const std::string& d) { return placed.count(d) > 0; })) {
        result.order.push_back(n.id);
        placed.insert(n.id);
        progress = true;
        break;
      }
    }
  }
  return result;
}

}  // namespace monban::host
