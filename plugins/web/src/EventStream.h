#pragma once

#include "Exchange.h"

namespace monban::web {

/// GET /api/v1/events: Server-Sent Events until the session ends or the plugin stops.
void handleEventStream(Exchange& ex);

/// Turns a bus event into live-update messages for the browsers (docs/api.md).
void forwardBusEvent(WebContext& web, const std::string& topic, const std::string& payload);

}  // namespace monban::web
