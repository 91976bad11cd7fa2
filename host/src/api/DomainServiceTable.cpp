#include "monban/host/api/DomainServiceTable.h"

#include <string_view>

#include "monban/host/PluginContext.h"
#include "monban/host/api/DomainApi.h"

namespace monban::host::api {

namespace {

monban_status domainCall(monban_plugin_context* caller, const char* method, int64_t operatorId, const char* request,
                         uint64_t requestSize, monban_domain_sink sink, void* userData) {
  if (caller == nullptr || method == nullptr || sink == nullptr || (request == nullptr && requestSize != 0))
    return MONBAN_ERR_INVALID_ARGUMENT;
  DomainApi* api = caller->services != nullptr ? caller->services->domain_api : nullptr;
  if (api == nullptr) return MONBAN_ERR_WRONG_STATE;
  try {
    return api->call("plugin:" + caller->plugin_id, method, operatorId,
                     std::string_view(request == nullptr ? "" : request, requestSize),
                     [&](int32_t kind, std::string_view data) { sink(userData, kind, data.data(), data.size()); });
  } catch (...) {
    // DomainApi::call reports its own failures; this only guards the C boundary.
    return MONBAN_ERR_INTERNAL;
  }
}

}  // namespace

const monban_domain_service& domainServiceTable() {
  static const monban_domain_service table = {sizeof(monban_domain_service), &domainCall, {}};
  return table;
}

}  // namespace monban::host::api
