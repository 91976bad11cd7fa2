// Monban SDK C++ wrapper: one call of the domain service (monban/sdk/domain.h) as a function.
// Header-only; compiled into the plugin. (since 1.2)
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <monban/sdk/domain.h>

namespace monban::sdk {

/// A refused or failed domain call; what() is the domain's JSON error object
/// (`{"code","message","problems"}`). (since 1.2)
class DomainCallError : public std::runtime_error {
public:
  explicit DomainCallError(const std::string& json) : std::runtime_error(json) {}
};

/// Runs `method` as `operatorId` (0: the plugin itself) with the JSON `request` and returns the
/// JSON reply; CONTENT and PROGRESS chunks are ignored. Throws DomainCallError on failure. (since 1.2)
inline std::string callDomain(const monban_domain_service& service, monban_plugin_context* context,
                              const std::string& method, int64_t operatorId, const std::string& request) {
  std::string reply;
  auto sink = [](void* user, int32_t kind, const char* data, uint64_t size) {
    if (kind == MONBAN_DOMAIN_REPLY_JSON) static_cast<std::string*>(user)->assign(data, size);
  };
  const monban_status status =
      service.call(context, method.c_str(), operatorId, request.data(), request.size(), sink, &reply);
  if (status != MONBAN_OK) throw DomainCallError(reply.empty() ? "{\"code\":\"internal\"}" : reply);
  return reply;
}

/// Stores device events through `append_events` (service acquired with minor 1 or later) and
/// returns the highest committed sequence number per controller. Throws DomainCallError on
/// failure, when nothing was stored. (since 1.3)
inline std::map<int64_t, int64_t> appendEvents(const monban_domain_service& service, monban_plugin_context* context,
                                               const std::vector<monban_device_event>& events) {
  struct Out {
    std::map<int64_t, int64_t> committed;
    std::string error;
  } out;
  auto committed = [](void* user, int64_t controller, int64_t seq) {
    static_cast<Out*>(user)->committed[controller] = seq;
  };
  auto sink = [](void* user, int32_t kind, const char* data, uint64_t size) {
    if (kind == MONBAN_DOMAIN_REPLY_JSON) static_cast<Out*>(user)->error.assign(data, size);
  };
  if (service.append_events == nullptr)
    throw DomainCallError("{\"code\":\"internal\",\"message\":\"the host has no append_events\"}");
  const monban_status status =
      service.append_events(context, events.data(), events.size(), sizeof(monban_device_event), committed, sink, &out);
  if (status != MONBAN_OK) throw DomainCallError(out.error.empty() ? "{\"code\":\"internal\"}" : out.error);
  return std::move(out.committed);
}

}  // namespace monban::sdk
