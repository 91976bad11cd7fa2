/* Monban SDK: the table of host functions handed to every plugin at create time.
 *
 * Plugins link nothing from the host: every host service is reached through this table.
 * Members are only ever appended, taking reserved space, so the size stays the same: before
 * using a member newer than 1.0, check the host's `abi_minor` (and that the pointer is not
 * NULL). Unless a member says otherwise, it may be called from any thread. */
#ifndef MONBAN_SDK_HOST_API_H
#define MONBAN_SDK_HOST_API_H

#include <stddef.h>

#include <monban/sdk/abi.h>
#include <monban/sdk/database.h>
#include <monban/sdk/events.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The host's handle for one loaded plugin; opaque. (since 1.0) */
typedef struct monban_plugin_context monban_plugin_context;

/** Log levels. (since 1.0) */
#define MONBAN_LOG_TRACE 1
#define MONBAN_LOG_DEBUG 2
#define MONBAN_LOG_INFO 3
#define MONBAN_LOG_WARNING 4
#define MONBAN_LOG_ERROR 5

/** The host function table. (since 1.0) */
typedef struct monban_host_api {
  uint32_t struct_size; /**< sizeof(monban_host_api) as the host was built */
  uint32_t abi_major;   /**< the host's MONBAN_SDK_ABI_MAJOR */
  uint32_t abi_minor;   /**< the host's MONBAN_SDK_ABI_MINOR */

  /* --- errors and logging --- */

  /** Records why the current lifecycle call fails; shown as the plugin's failure reason. */
  void (*set_error)(monban_plugin_context* context, const char* message);
  /** Writes one line to the host log, tagged with the plugin id. */
  void (*log)(monban_plugin_context* context, int32_t level, const char* message);

  /* --- configuration --- */

  /** The validated value of a declared config key, as text, with the default applied; NULL for a
   *  key the descriptor does not declare. The string lives until the host exits. */
  const char* (*config_get)(monban_plugin_context* context, const char* key);

  /* --- clock (controllable in tests: always use it instead of the system clock) --- */

  /** Wall-clock time in milliseconds since 1970-01-01T00:00:00Z. */
  int64_t (*clock_now_ms)(monban_plugin_context* context);
  /** Monotonic time in milliseconds, for measuring intervals. */
  int64_t (*clock_monotonic_ms)(monban_plugin_context* context);

  /* --- service registry --- */

  /** Registers a service the descriptor declares in `provides_services`. Allowed only during
   *  initialise. `service` is a plugin-defined table of C function pointers whose first member
   *  is a uint32_t struct size; it must stay valid until the plugin is destroyed. */
  monban_status (*service_register)(monban_plugin_context* context, const char* name, uint32_t major, uint32_t minor,
                                    const void* service);
  /** Returns a service the descriptor declares in `requires_services`, from a provider of the same
   *  major and a minor not older than `min_minor`; NULL when there is none. */
  const void* (*service_acquire)(monban_plugin_context* context, const char* name, uint32_t major, uint32_t min_minor);

  /* --- event bus --- */

  /** Subscribes to a topic ("*" for all). Handlers run on the bus thread. The subscription ends
   *  at event_unsubscribe or, at the latest, when the plugin stops. */
  monban_status (*event_subscribe)(monban_plugin_context* context, const char* topic, monban_event_handler handler,
                                   void* user_data, uint64_t* subscription_id);
  /** Ends a subscription; when it returns, the handler is not running and will not run again. */
  monban_status (*event_unsubscribe)(monban_plugin_context* context, uint64_t subscription_id);
  /** Queues a copy of the event for delivery and returns at once. */
  monban_status (*event_publish)(monban_plugin_context* context, const monban_event* event);

  /* --- database --- */

  /** The SQL dialect of the database: "sqlite", "postgresql" or "sqlserver". */
  const char* (*db_dialect)(monban_plugin_context* context);
  /** Applies the plugin's migrations not yet applied, in ascending version, each in one
   *  transaction, recorded under the plugin id. Call it while initialising. */
  monban_status (*db_migrate)(monban_plugin_context* context, const monban_migration* migrations, uint32_t count);
  /** Borrows a session from the host's pool; give it back with db_release. One thread at a time. */
  monban_status (*db_acquire)(monban_plugin_context* context, monban_db** session);
  /** Returns a session to the pool, rolling back a transaction left open. */
  void (*db_release)(monban_db* session);
  monban_status (*db_begin)(monban_db* session);
  monban_status (*db_commit)(monban_db* session);
  monban_status (*db_rollback)(monban_db* session);
  /** Runs one statement with parameters bound in placeholder order (write placeholders as
   *  `:name`); `affected_rows` may be NULL. */
  monban_status (*db_execute)(monban_db* session, const char* sql, const monban_db_value* params, uint32_t param_count,
                              int64_t* affected_rows);
  /** Runs a query and calls `handler` for each row, in order. */
  monban_status (*db_query)(monban_db* session, const char* sql, const monban_db_value* params, uint32_t param_count,
                            monban_db_row_handler handler, void* user_data);
  /** Message of the last failed call on this session; valid until the next call on it. */
  const char* (*db_last_error)(monban_db* session);

  /* --- files (since 1.1) --- */

  /** A directory for the plugin's own files (generated certificates, caches):
   *  `<host data_dir>/plugins/<plugin id>`, created on first call. NULL when it cannot be created.
   *  The string lives until the host exits. (since 1.1) */
  const char* (*plugin_data_dir)(monban_plugin_context* context);

  /* --- health (since 1.2) --- */

  /** Reports whether the plugin does its work: `healthy` 0 with a reason ("job 'x' is overdue
   *  by 5 minutes") makes the host's health answer "degraded" and name the plugin and the
   *  reason until the plugin reports healthy (1) again. (since 1.2) */
  void (*report_health)(monban_plugin_context* context, int32_t healthy, const char* reason);

  void* reserved[30]; /**< NULL; room for later members */
} monban_host_api;

#ifdef __cplusplus
}
#endif

#endif
