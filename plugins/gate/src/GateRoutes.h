#pragma once

#include <monban/sdk/domain.h>
#include <monban/sdk/http.h>

namespace monban::gate {

class GateDriver;

/// What the gate API handlers need; lives as long as the routes.
struct GateRoutesContext {
  GateDriver* driver = nullptr;
  const monban_http_service* http = nullptr;
  const monban_domain_service* domain = nullptr;
  monban_plugin_context* plugin = nullptr;
};

/// Adds the gate API (docs/api.md, "Gates and controllers") to the web plugin's route service.
void addGateRoutes(GateRoutesContext& context);

}  // namespace monban::gate
