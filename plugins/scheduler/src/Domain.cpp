#include "Domain.h"

namespace monban::scheduler {

std::string callDomain(const monban_domain_service& service, monban_plugin_context* context, const std::string& method,
                       int64_t operatorId, const std::string& request) {
  std::string reply;
  auto sink = [](void* user, int32_t kind, const char* data, uint64_t size) {
    if (kind == MONBAN_DOMAIN_REPLY_JSON) static_cast<std::string*>(user)->assign(data, size);
  };
  const monban_status status =
      service.call(context, method.c_str(), operatorId, request.data(), request.size(), sink, &reply);
  if (status != MONBAN_OK) throw DomainCallError(reply.empty() ? "{\"code\":\"internal\"}" : reply);
  return reply;
}

}  // namespace monban::scheduler
