/* Monban SDK: the plugin descriptor, the one symbol every plugin exports. */
#ifndef MONBAN_SDK_PLUGIN_H
#define MONBAN_SDK_PLUGIN_H

#include <monban/sdk/abi.h>
#include <monban/sdk/host_api.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Name of the exported descriptor symbol the host looks up. (since 1.0) */
#define MONBAN_PLUGIN_DESCRIPTOR_SYMBOL "monban_plugin"

/** A service named with its version, as provided or as required. A requirement
 *  `name major.minor` is met by a provider of the same name, the same major and a minor not older.
 *  Frozen in v1: new fields arrive as new descriptor members, never here. (since 1.0) */
typedef struct monban_service_ref {
  const char* name;
  uint32_t major;
  uint32_t minor;
} monban_service_ref;

/** Types of plugin configuration values. (since 1.0) */
#define MONBAN_CONFIG_STRING 1
#define MONBAN_CONFIG_INTEGER 2
#define MONBAN_CONFIG_BOOLEAN 3

/** One key a plugin accepts in its config file. The host rejects unknown keys and values of the
 *  wrong type or out of range before the plugin runs, naming the file and the key.
 *  Frozen in v1. (since 1.0) */
typedef struct monban_config_key {
  const char* key;           /**< dotted name, e.g. "greeting" or "poll.interval_s" */
  int32_t type;              /**< one of MONBAN_CONFIG_* */
  const char* default_value; /**< value when the file omits the key; NULL makes the key required */
  int64_t min_value;         /**< inclusive bounds for MONBAN_CONFIG_INTEGER; ignored otherwise */
  int64_t max_value;
  const char* description; /**< one line for administrators */
} monban_config_key;

/** The plugin descriptor. Exported as a constant object named MONBAN_PLUGIN_DESCRIPTOR_SYMBOL;
 *  the host reads and checks it before calling any plugin code. Lifecycle:
 *  create -> initialise -> start -> stop -> destroy, each called once, on one host thread.
 *  Strings and arrays must live as long as the library (static storage). (since 1.0) */
typedef struct monban_plugin_descriptor {
  uint32_t struct_size; /**< sizeof(monban_plugin_descriptor) as the plugin was built */
  uint32_t abi_major;   /**< MONBAN_SDK_ABI_MAJOR as the plugin was built */
  uint32_t abi_minor;   /**< MONBAN_SDK_ABI_MINOR as the plugin was built */
  const char* id;       /**< unique plugin id: lowercase letters, digits, '-' and '_' */
  const char* version;  /**< plugin release, semantic versioning "MAJOR.MINOR.PATCH" */
  const char* description;

  const monban_service_ref* requires_services; /**< services this plugin consumes */
  uint32_t requires_count;
  const monban_service_ref* provides_services; /**< services this plugin registers while initialising */
  uint32_t provides_count;
  const monban_config_key* config_keys; /**< keys of the plugin's config file */
  uint32_t config_key_count;

  /** Makes the plugin instance. Keep `host` and `context` for later calls. No services yet. */
  monban_status (*create)(const monban_host_api* host, monban_plugin_context* context, void** instance);
  /** Reads config, runs the plugin's migrations and registers the provided services. Services
   *  of the plugins it requires are registered and may be acquired. */
  monban_status (*initialise)(void* instance);
  /** Starts work: threads, sockets, subscriptions. Required plugins are already running. */
  monban_status (*start)(void* instance);
  /** Stops work; called in reverse start order, only after a successful start. */
  void (*stop)(void* instance);
  /** Frees the instance; called for every created instance, last. */
  void (*destroy)(void* instance);

  void* reserved[16]; /**< zero; room for later members without changing the size */
} monban_plugin_descriptor;

#ifdef __cplusplus
}
#endif

#endif
