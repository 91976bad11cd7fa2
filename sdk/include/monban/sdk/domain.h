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
 * recorded as "plugin:<id>": use it only for the plugin's own jobs, never on behalf of a person.
 *
 * Since 1.3 the table also has `append_events`, the binary form of `history.append` for device
 * plugins that report events at high rates: no JSON is built or parsed on either side. It is
 * there when the service was acquired with minor 1 or later (service_acquire(…, 1, 1)). */
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

/** History kinds of a device event (since 1.3). */
#define MONBAN_HISTORY_ACCESS 1          /**< an access: granted or denied, with the reason in `code` */
#define MONBAN_HISTORY_ALARM 2           /**< an alarm: forced door, held open, tamper, lock fault… */
#define MONBAN_HISTORY_GATE_OPERATION 3  /**< an operation at the gate or its reader */
#define MONBAN_HISTORY_GATE_MANAGEMENT 4 /**< a management operation: mode change, unlock command… */

/** Directions of a device event (since 1.3). */
#define MONBAN_DIRECTION_NONE 0
#define MONBAN_DIRECTION_ENTRY 1
#define MONBAN_DIRECTION_EXIT 2

/** One event a device reported, for `append_events`. Texts are UTF-8 and NUL-terminated; NULL
 *  reads as empty. The host reads `event_size` bytes of each element, so members appended in
 *  later minors read as zero from plugins built before them. (since 1.3) */
typedef struct monban_device_event {
  int64_t occurred_at_ms; /**< when it happened by the device's clock, ms since 1970 UTC; a time
                               more than 5 minutes from its arrival is stored flagged, not refused */
  int64_t controller_id;  /**< the reporting controller; 0 for an event without sequence number */
  int64_t event_seq;      /**< the controller's sequence number (from 1); 0 exactly when controller_id is 0.
                               A (controller_id, event_seq) already stored is counted as a duplicate */
  int64_t gate_id;        /**< the gate; 0 when none. The gate's management group is filled in */
  int64_t user_ref;       /**< the access user's id as the device's table named it; 0 when none.
                               The user's ID, name and affiliation are filled in */
  int32_t kind;           /**< MONBAN_HISTORY_ACCESS … MONBAN_HISTORY_GATE_MANAGEMENT */
  int32_t direction;      /**< MONBAN_DIRECTION_NONE, _ENTRY or _EXIT */
  const char* card_data;  /**< the card as read (kept to 16 characters), or NULL */
  const char* code;       /**< the outcome or alarm code, e.g. "granted", "denied_schedule"; not empty */
  const char* detail;     /**< free text (kept to 512 characters), or NULL */
} monban_device_event;

/** Receives, per controller of an `append_events` call, the highest sequence number now
 *  committed: from then on the device may forget every event up to it. Called on the caller's
 *  thread before `append_events` returns. Must not throw. (since 1.3) */
typedef void (*monban_committed_sink)(void* user_data, int64_t controller_id, int64_t committed_seq);

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

  /** Stores `count` device events in the history in one transaction, as the calling plugin
   *  (operator 0), like `history.append` (docs/sdk-domain.md) but without JSON. `event_size` is
   *  sizeof(monban_device_event) as the plugin was built. Only after the commit is `committed`
   *  called, once per controller in the call, so a driver acknowledges nothing that is not
   *  stored. On failure nothing is stored, `committed` is not called, and `sink` gets one JSON
   *  error chunk as for `call` ("invalid" names the event: `events[3].code is empty`).
   *  May be called from any thread, several calls at once. (since 1.3) */
  monban_status (*append_events)(monban_plugin_context* caller, const monban_device_event* events, uint64_t count,
                                 uint64_t event_size, monban_committed_sink committed, monban_domain_sink sink,
                                 void* user_data);

  void* reserved[7]; /**< NULL; room for later members */
} monban_domain_service;

#ifdef __cplusplus
}
#endif

#endif
