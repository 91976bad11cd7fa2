#include "DomainClient.h"

#include <Poco/JSON/Object.h>

#include "Json.h"

namespace monban::web {

namespace {

struct CallState {
  DomainReply* reply;
  const DomainClient::ContentSink* content;
  const DomainClient::ProgressSink* progress;
};

void receive(void* userData, int32_t kind, const char* data, uint64_t size) {
  auto* state = static_cast<CallState*>(userData);
  const std::string_view bytes(data, size);
  try {
    if (kind == MONBAN_DOMAIN_REPLY_JSON)
      state->reply->json.assign(bytes);
    else if (kind == MONBAN_DOMAIN_REPLY_CONTENT && *state->content)
      (*state->content)(bytes);
    else if (kind == MONBAN_DOMAIN_REPLY_PROGRESS && *state->progress)
      (*state->progress)(bytes);
  } catch (...) {
    // The sink must not throw into the host; a lost client shows up as a failed write later.
  }
}

}  // namespace

DomainReply DomainClient::call(const std::string& method, int64_t operatorId, const std::string& request,
                               const ContentSink& content, const ProgressSink& progress) const {
  DomainReply reply;
  CallState state{&reply, &content, &progress};
  reply.status = service_.call(context_, method.c_str(), operatorId, request.data(), request.size(), &receive, &state);
  if (reply.ok()) return reply;
  reply.code = "internal";
  if (reply.json.empty()) {
    reply.json = R"({"code":"internal","message":"the domain service failed without a reason"})";
    return reply;
  }
  try {
    reply.code = parseJsonObject(reply.json)->optValue<std::string>("code", "internal");
  } catch (const Poco::Exception&) {
    // An unreadable error is still an error: it counts as internal.
  }
  return reply;
}

}  // namespace monban::web
