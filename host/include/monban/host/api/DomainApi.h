#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>

#include "monban/host/domain/Domain.h"

namespace monban::host::api {

/// The domain as JSON methods: what the SDK's "monban.domain" service offers plugins (the web
/// plugin above all). Each call names the acting operator; rights and scope are the domain
/// services' own checks. Method names and JSON are documented in docs/sdk-domain.md.
class DomainApi {
public:
  /// What a call sends back: MONBAN_DOMAIN_REPLY_* kind and bytes.
  using Sink = std::function<void(int32_t kind, std::string_view data)>;
  /// The host's own state for "host.status" (database and plugins).
  using HostStatus = std::function<Poco::JSON::Object()>;

  DomainApi(domain::Domain& domain, HostStatus hostStatus);

  /// Runs `method` as operator `operatorId` (0: `caller` itself, e.g. "plugin:web", with every
  /// right). Returns a monban_status; on failure the sink got the JSON error object.
  int32_t call(const std::string& caller, const std::string& method, int64_t operatorId, std::string_view request,
               const Sink& sink);

  /// Stores device events for a device plugin acting as itself, as history.append
  /// does but from events already in binary form (monban_domain_service::append_events). After
  /// the commit, `committed` gets each controller's highest committed sequence number. Returns a
  /// monban_status; on failure the sink got the JSON error object and nothing was stored.
  int32_t appendEvents(std::vector<domain::HistoryEvent> events,
                       const std::function<void(int64_t controller, int64_t seq)>& committed, const Sink& sink);

  /// Every method name, sorted.
  std::vector<std::string> methods() const;

private:
  struct Call;
  using Handler = std::function<void(Call&)>;
  void addMethods();
  void addCalendarMethods();
  domain::Actor actorFor(const std::string& caller, int64_t operatorId);
  /// Sends the JSON error object for a failure other than a refusal and returns its status.
  static int32_t replyFailure(const Sink& sink);

  domain::Domain& domain_;
  HostStatus host_status_;
  std::map<std::string, Handler, std::less<>> methods_;
  std::mutex actors_mutex_;
  uint64_t actors_generation_ = 0;
  std::map<int64_t, domain::Actor> actors_;  ///< valid while the domain's actor generation is unchanged
};

}  // namespace monban::host::api
