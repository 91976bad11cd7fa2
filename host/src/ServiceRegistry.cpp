#include "monban/host/ServiceRegistry.h"

#include <algorithm>

#include "monban/host/HostError.h"

namespace monban::host {

void ServiceRegistry::add(const std::string& provider, const ServiceRef& ref, const void* table) {
  std::lock_guard lock(mutex_);
  for (const ServiceEntry& e : entries_)
    if (e.ref.name == ref.name)
      throw HostError("service '" + ref.name + "' is already provided by '" + e.provider + "'");
  entries_.push_back({ref, provider, table});
}

std::optional<ServiceEntry> ServiceRegistry::find(const ServiceRef& required) const {
  std::lock_guard lock(mutex_);
  for (const ServiceEntry& e : entries_)
    if (required.isMetBy(e.ref)) return e;
  return std::nullopt;
}

void ServiceRegistry::removeProvider(const std::string& provider) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [&](const ServiceEntry& e) { return e.provider == provider; });
}

std::vector<ServiceEntry> ServiceRegistry::list() const {
  std::lock_guard lock(mutex_);
  return entries_;
}

}  // namespace monban::host
