/* Monban SDK: the HTTP route service of the web plugin (since 1.1).
 *
 * A plugin that offers its own API endpoints (gate commands, transfers, device state) registers
 * them here instead of opening a port of its own: the web plugin serves them under /api/v1/ on
 * its HTTPS port, behind the same session, CSRF protection, rights check, audit and error format
 * as its own routes, and lists them in /api/v1/openapi.json. Declare
 * { MONBAN_HTTP_SERVICE, 1, 0 } in `requires_services`, acquire the table while initialising,
 * add routes in `start` and remove them in `stop`. */
#ifndef MONBAN_SDK_HTTP_H
#define MONBAN_SDK_HTTP_H

#include <stdint.h>

#include <monban/sdk/host_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The service name to acquire (major 1). (since 1.1) */
#define MONBAN_HTTP_SERVICE "monban.http"

/** One request, as the web plugin has checked it: a live session whose operator holds the
 *  route's right, and for state-changing methods a valid CSRF token. Every string is UTF-8 and
 *  NUL-terminated; all of it lives until the handler returns. (since 1.1) */
typedef struct monban_http_request {
  uint32_t struct_size;     /**< sizeof(monban_http_request) as the web plugin was built */
  const char* method;       /**< "GET", "POST", "PUT", "DELETE" */
  const char* path;         /**< the decoded path, "/api/v1/gates/12/unlock" */
  const char* path_params;  /**< the template's parameters as a JSON object, {"id":"12"} */
  const char* query;        /**< the raw query string without "?"; "" when none */
  const char* content_type; /**< the request's Content-Type; "" when none */
  const char* body;         /**< the request body (not NUL-terminated for binary content) */
  uint64_t body_size;
  int64_t operator_id;        /**< the session's operator; pass it to the domain service */
  const char* operator_login; /**< its login ID, for logs */
} monban_http_request;

/** The response being built; opaque, valid until the handler returns. (since 1.1) */
typedef struct monban_http_response monban_http_response;

/** Handles one request on a web server thread; several may run at once. Must call `respond`
 *  once (else the caller gets 500) and must not throw. The returned status is logged when it is
 *  not MONBAN_OK. (since 1.1) */
typedef monban_status (*monban_http_handler)(void* user_data, const monban_http_request* request,
                                             monban_http_response* response);

/** A route to add. The strings are copied. (since 1.1) */
typedef struct monban_http_route {
  uint32_t struct_size; /**< sizeof(monban_http_route) as the plugin was built */
  const char* method;   /**< "GET", "POST", "PUT" or "DELETE"; GET must never change state */
  const char* path;     /**< a template under "/api/v1/", "{name}" for a path segment parameter */
  const char* summary;  /**< one line for the OpenAPI document */
  const char* right;    /**< the right key the operator needs ("gates"), see docs/domain.md */
  const char* level;    /**< "view" or "edit" */
  monban_http_handler handler;
  void* user_data; /**< passed to the handler; must stay valid until the route is removed */
} monban_http_route;

/** The route service table. (since 1.1) */
typedef struct monban_http_service {
  uint32_t struct_size; /**< sizeof(monban_http_service) as the web plugin was built */
  /** Adds a route for the calling plugin. MONBAN_ERR_INVALID_ARGUMENT for a malformed route or one
   *  that is already taken (the web plugin's own routes included). */
  monban_status (*add_route)(monban_plugin_context* caller, const monban_http_route* route);
  /** Removes every route the calling plugin added; when it returns, none of its handlers runs. */
  monban_status (*remove_routes)(monban_plugin_context* caller);
  /** Sets the response: HTTP status, Content-Type and body (copied). JSON errors should follow
   *  docs/api.md: {"error":{"code","message"}}. */
  void (*respond)(monban_http_response* response, int32_t status, const char* content_type, const char* body,
                  uint64_t body_size);
  void* reserved[8]; /**< NULL; room for later members */
} monban_http_service;

#ifdef __cplusplus
}
#endif

#endif
