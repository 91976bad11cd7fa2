#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "monban/host/ServiceRef.h"

namespace monban::host {

/// A registered service: the provider's table of C functions.
struct ServiceEntry {
  ServiceRef ref;
  std::string provider;
  const void* table = nullptr;
};

/// Services by name; one provider per name. Thread-safe.
class ServiceRegistry {
public:
  /// Throws HostError when the name is already registered.
  void add(const std::string& provider, const ServiceRef& ref, const void* table);
  /// A provider meeting `required`, if any.
  std::optional<ServiceEntry> find(const ServiceRef& required) const;
  void removeProvider(const std::string& provider);
  std::vector<ServiceEntry> list() const;

private:
  mutable std::mutex mutex_;
  std::vector<ServiceEntry> entries_;
};

}  // namespace monban::host
