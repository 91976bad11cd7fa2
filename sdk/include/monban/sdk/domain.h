/* Monban SDK: the access-control domain as a host service (since 1.1).
 *
 * The host owns access users, affiliations, management groups, gates, gate groups, operators,
 * the logs and the history (docs/domain.md). Plugins reach them through this one service,
 * acquired with service_acquire(context, MONBAN_DOMAIN_SERVICE, 1, 0) after declaring it in
 * `requires_services`. Requests and replies are JSON documents (UTF-8), so the table never changes
 * shape when the domain grows: new methods and new fields are added, none is taken away within
 * major version 1. The methods and their JSON are listed in docs/sdk-domain.md.
 *
 * Every call names the acting operator. The host checks that operator's rights and scope exactly
 * as for the web UI and the CLI, and records the action in the system log under the operator's
 * login ID. Operator id 0 means the calling plugin itself, acting with every right and scope and
 * recorded as "plugin:<id>": use it only for the plugin's own jobs, never on behalf of a person. */
#ifndef MONBAN_SDK_DOMAIN_H
#define MONBAN_SDK_DOMAIN_H

#include <stdint.h>

#include <monban/sdk/host_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The service name to acquire (major 1). (since 1.1) */
#define MONBAN_DOMAIN_SERVICE "monban.domain"

/** What a reply chunk is. (since 1.1) */
#define MONBAN_DOMAIN_REPLY_JSON 0     /**< the one JSON reply, or the JSON error object on failure */
#define MONBAN_DOMAIN_REPLY_PROGRESS 1 /**< `{"done":N,"total":M}` while a long call (an import) runs */
#define MONBAN_DOMAIN_REPLY_CONTENT 2  /**< a piece of file content (an export), in order */

/** Receives the output of a call, on the caller's thread, before `call` returns. The bytes are
 *  valid only during the callback. Must not throw. (since 1.1) */
typedef void (*monban_domain_sink)(void* user_data, int32_t kind, const char* data, uint64_t size);

/** The domain service table. (since 1.1) */
typedef struct monban_domain_service {
  uint32_t struct_size; /**< sizeof(monban_domain_service) as the host was built */

  /** Runs one domain method as `operator_id` (0: the calling plugin itself).
   *  `request` is a JSON object (`{}` when the method takes nothing) of `request_size` bytes.
   *  On success returns MONBAN_OK after one MONBAN_DOMAIN_REPLY_JSON chunk (plus CONTENT chunks
   *  for exports). On failure returns a status and sends one JSON chunk
   *  `{"code":"…","message":"…","problems":[…]}`: MONBAN_ERR_INVALID_ARGUMENT for bad input
   *  (codes "invalid", "fixed_right"), MONBAN_ERR_NOT_FOUND for an unknown method or object
   *  ("not_found"), MONBAN_ERR_WRONG_STATE for a refusal ("forbidden", "conflict", "limit",
   *  "unauthorized"), MONBAN_ERR_DATABASE and MONBAN_ERR_INTERNAL for failures of the server.
   *  May be called from any thread, several calls at once. */
  monban_status (*call)(monban_plugin_context* caller, const char* method, int64_t operator_id, const char* request,
                        uint64_t request_size, monban_domain_sink sink, void* user_data);

  void* reserved[8]; /**< NULL; room for later members */
} monban_domain_service;

#ifdef __cplusplus
}
#endif

#endif
