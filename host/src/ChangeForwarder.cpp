#include "monban/host/ChangeForwarder.h"

#include "monban/host/ControlChannel.h"

namespace monban::host {

namespace {

constexpr std::string_view kPublish = "publish ";

}  // namespace

bool isForwardableChange(const std::string& topic) {
  constexpr std::string_view prefix = "monban.";
  constexpr std::string_view suffix = ".changed";
  if (topic.size() <= prefix.size() + suffix.size() || topic.rfind(prefix, 0) != 0 ||
      topic.compare(topic.size() - suffix.size(), suffix.size(), suffix) != 0)
    return false;
  for (char c : topic)
    if (!(c == '.' || c == '_' || (c >= 'a' && c <= 'z'))) return false;
  return true;
}

std::string publishRequest(const std::string& topic, const std::string& payload) {
  return std::string(kPublish) + topic + " " + payload;
}

std::optional<std::pair<std::string, std::string>> parsePublishRequest(const std::string& request) {
  if (request.rfind(kPublish, 0) != 0) return std::nullopt;
  const std::size_t space = request.find(' ', kPublish.size());
  if (space == std::string::npos) return std::nullopt;
  std::string topic = request.substr(kPublish.size(), space - kPublish.size());
  if (!isForwardableChange(topic)) return std::nullopt;
  return std::make_pair(std::move(topic), request.substr(space + 1));
}

ChangeForwarder::ChangeForwarder(EventBus& bus, std::filesystem::path controlSocket)
    : bus_(bus), socket_(std::move(controlSocket)) {
  subscription_ = bus_.subscribe("cli", "*", [this](const BusEvent& event) {
    // One line per request: a payload with a line break cannot be carried (the domain writes none).
    if (!isForwardableChange(event.topic) || event.payload.find('\n') != std::string::npos) return;
    const auto reply = askRunningHost(socket_, publishRequest(event.topic, event.payload));
    if (reply && reply->find("\"published\":true") != std::string::npos) ++forwarded_;
  });
}

ChangeForwarder::~ChangeForwarder() {
  bus_.drain();
  bus_.unsubscribe(subscription_);
}

}  // namespace monban::host
