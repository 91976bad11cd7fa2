/* Monban SDK: events exchanged on the host's event bus. */
#ifndef MONBAN_SDK_EVENTS_H
#define MONBAN_SDK_EVENTS_H

#include <monban/sdk/abi.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One event. A topic names the event type ("monban.users.changed"); `type_version` names the
 *  layout of the payload for that topic, so a subscriber can refuse a layout it does not know.
 *  The host copies the payload at publish time; pointers inside a payload are not followed.
 *  (since 1.0) */
typedef struct monban_event {
  uint32_t struct_size;
  uint32_t type_version;
  const char* topic;
  const void* payload;
  uint64_t payload_size;
  int64_t published_at_ms; /**< set by the host: wall clock of publication, ms since the epoch */
  const char* publisher;   /**< set by the host: id of the publishing plugin, or "host" */
} monban_event;

/** Called on the event bus's own thread, never on the publisher's, one event at a time per
 *  subscription and in publication order. The event is valid only during the call. (since 1.0) */
typedef void (*monban_event_handler)(void* user_data, const monban_event* event);

#ifdef __cplusplus
}
#endif

#endif
