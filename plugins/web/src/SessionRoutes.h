#pragma once

#include "Exchange.h"
#include "SessionStore.h"

namespace monban::web {

// Health, first run, sign-in and the session (docs/api.md, "Session and first run").
void handleHealth(Exchange& ex);
void handleSetupStatus(Exchange& ex);
void handleLogin(Exchange& ex);
void handleSessionInfo(Exchange& ex);
void handleLogout(Exchange& ex);
void handleOwnPassword(Exchange& ex);

/// Reloads the sessions of an operator after it changed; ends them when it is disabled or gone.
void refreshOperatorSessions(WebContext& web, int64_t operatorId);

}  // namespace monban::web
