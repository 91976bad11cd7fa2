#pragma once

#include <monban/sdk/http.h>

namespace monban::web {

struct WebContext;

/// The "monban.http" service table over the web plugin's router. `web` must outlive it.
monban_http_service makeHttpRouteService();
/// Points the service at the running plugin (null while it is not running).
void bindHttpRouteService(WebContext* web);

}  // namespace monban::web
