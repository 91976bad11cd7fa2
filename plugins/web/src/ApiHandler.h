#pragma once

#include "Exchange.h"

namespace monban::web {

/// Answers one /api/v1/ request: finds the route, checks the session, the password-change
/// state, CSRF and the route's right, then dispatches to a domain method, a handler of the web
/// plugin or another plugin's handler.
void handleApiRequest(Exchange& exchange);

/// Whether the session's rights meet `right` ("a|b": any of them) at `level`.
bool sessionAllows(const Session& session, const std::string& right, const std::string& level);

}  // namespace monban::web
