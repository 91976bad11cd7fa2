#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <monban/sdk/domain.h>

namespace monban::web {

/// The answer of one domain call.
struct DomainReply {
  monban_status status = MONBAN_OK;
  std::string json;  ///< the reply, or the error object {"code","message","problems"}
  std::string code;  ///< the error object's code ("unauthorized", "forbidden", …); empty on success
  bool ok() const { return status == MONBAN_OK; }
};

/// Calls the host's "monban.domain" service.
class DomainClient {
public:
  /// Receives export content and progress while a call runs.
  using ContentSink = std::function<void(std::string_view)>;
  using ProgressSink = std::function<void(std::string_view json)>;

  DomainClient(const monban_domain_service& service, monban_plugin_context* context)
      : service_(service), context_(context) {}

  DomainReply call(const std::string& method, int64_t operatorId, const std::string& request,
                   const ContentSink& content = {}, const ProgressSink& progress = {}) const;

private:
  const monban_domain_service& service_;
  monban_plugin_context* context_;
};

}  // namespace monban::web
