#pragma once

#include <string>

namespace monban::web {

struct WebContext;

/// Puts the web plugin's own routes (docs/api.md) into the router.
void addBuiltInRoutes(WebContext& web, const std::string& version);

}  // namespace monban::web
