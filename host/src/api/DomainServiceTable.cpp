#include "monban/host/api/DomainServiceTable.h"

#include <cstring>
#include <string_view>
#include <vector>

#include "monban/host/PluginContext.h"
#include "monban/host/api/DomainApi.h"
#include "monban/host/domain/HistoryEvent.h"

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

std::string_view textOf(const char* text) {
  return text == nullptr ? std::string_view() : std::string_view(text);
}

monban_status appendEvents(monban_plugin_context* caller, const monban_device_event* events, uint64_t count,
                           uint64_t eventSize, monban_committed_sink committed, monban_domain_sink sink,
                           void* userData) {
  // The first members are there in every version of the struct; later ones read as zero.
  constexpr uint64_t kFirstSize = sizeof(monban_device_event);
  if (caller == nullptr || committed == nullptr || sink == nullptr || (events == nullptr && count != 0) ||
      eventSize < kFirstSize)
    return MONBAN_ERR_INVALID_ARGUMENT;
  DomainApi* api = caller->services != nullptr ? caller->services->domain_api : nullptr;
  if (api == nullptr) return MONBAN_ERR_WRONG_STATE;
  try {
    std::vector<domain::HistoryEvent> converted(count);
    const auto* bytes = reinterpret_cast<const unsigned char*>(events);
    for (uint64_t i = 0; i < count; ++i) {
      monban_device_event in{};
      std::memcpy(&in, bytes + i * eventSize, kFirstSize);
      domain::HistoryEvent& e = converted[i];
      // Out-of-range kinds and directions are kept as given, for validation to name them.
      e.kind = static_cast<domain::HistoryKind>(in.kind);
      e.direction = static_cast<domain::Direction>(in.direction);
      e.occurred_at_ms = in.occurred_at_ms;
      // Zero is "none": one given without the other is refused by validation, naming the event.
      if (in.controller_id != 0) e.controller_id = in.controller_id;
      if (in.event_seq != 0) e.event_seq = in.event_seq;
      if (in.gate_id != 0) e.gate_id = in.gate_id;
      if (in.user_ref != 0) e.user_ref = in.user_ref;
      e.card_data = textOf(in.card_data);
      e.code = textOf(in.code);
      e.detail = textOf(in.detail);
    }
    return api->appendEvents(
        std::move(converted), [&](int64_t controller, int64_t seq) { committed(userData, controller, seq); },
        [&](int32_t kind, std::string_view data) { sink(userData, kind, data.data(), data.size()); });
  } catch (...) {
    return MONBAN_ERR_INTERNAL;  // only an allocation failure gets here
  }
}

}  // namespace

const monban_domain_service& domainServiceTable() {
  static const monban_domain_service table = {sizeof(monban_domain_service), &domainCall, &appendEvents, {}};
  return table;
}

}  // namespace monban::host::api
