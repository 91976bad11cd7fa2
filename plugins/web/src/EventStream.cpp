#include "EventStream.h"

#include <chrono>
#include <thread>

#include "WebContext.h"

namespace monban::web {

namespace {

constexpr int64_t kKeepAliveMs = 15000;
/// Changes within this window reach a browser as one message.
constexpr int64_t kCoalesceMs = 200;

void writeMessage(std::ostream& out, const std::string& event, const std::string& data) {
  out << "event: " << event << "\ndata: " << data << "\n\n";
}

}  // namespace

void handleEventStream(Exchange& ex) {
  WebContext& web = ex.context();
  auto& response = ex.response();
  ex.closeIfBodyUnread();
  response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
  response.setContentType("text/event-stream");
  response.set("Cache-Control", "no-store");
  response.set("X-Accel-Buffering", "no");
  response.setChunkedTransferEncoding(true);
  response.setKeepAlive(false);
  std::shared_ptr<EventHub::Client> client = web.events.connect();
  try {
    std::ostream& out = response.send();
    writeMessage(out, "hello", "{\"at_ms\":" + std::to_string(web.host.nowMs()) + "}");
    out.flush();
    while (out.good() && !client->closed() && web.sessions.peek(ex.session_token)) {
      auto messages = client->wait(kKeepAliveMs);
      if (client->closed()) break;
      if (messages.empty()) {
        out << ": keep-alive\n\n";
      } else {
        for (const auto& [key, message] : messages) writeMessage(out, message.event, message.data);
      }
      out.flush();
      std::this_thread::sleep_for(std::chrono::milliseconds(kCoalesceMs));
    }
  } catch (const std::exception&) {
    // The browser went away; nothing to tell it.
  }
  web.events.disconnect(client);
}

void forwardBusEvent(WebContext& web, const std::string& topic, const std::string& payload) {
  static const std::string prefix = "monban.";
  static const std::string changed = ".changed";
  if (topic.rfind(prefix, 0) != 0) return;
  if (topic == "monban.history.appended") {
    web.events.publish("history", {"history", payload.empty() ? "{}" : payload});
  } else if (topic == "monban.gates.state") {
    web.events.publish("gate_state:" + payload, {"gate_state", payload});
  } else if (topic.size() > prefix.size() + changed.size() &&
             topic.compare(topic.size() - changed.size(), changed.size(), changed) == 0) {
    const std::string kind = topic.substr(prefix.size(), topic.size() - prefix.size() - changed.size());
    web.events.publish("changed:" + kind, {"changed", "{\"topic\":\"" + kind + "\"}"});
  }
}

}  // namespace monban::web
