#pragma once

#include <string>

#include "Router.h"

namespace monban::web {

/// The OpenAPI 3.0 document of every route in the table, plugins' routes included. Each
/// operation names the right it needs under "x-monban-right" / "x-monban-level".
std::string openApiDocument(const Router& router, const std::string& version);

}  // namespace monban::web
