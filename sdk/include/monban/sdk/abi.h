/* Monban SDK: ABI version, status codes and the export macro.
 *
 * This header and every other C header of the SDK form the binary contract between the host and
 * plugins. Only plain C types cross it. See docs/sdk.md for the rules and the version policy. */
#ifndef MONBAN_SDK_ABI_H
#define MONBAN_SDK_ABI_H

#include <stdint.h>

/** ABI major version: a plugin loads only when its major equals the host's. (since 1.0) */
#define MONBAN_SDK_ABI_MAJOR 1u
/** ABI minor version: a plugin loads only when its minor is not newer than the host's. (since 1.0) */
#define MONBAN_SDK_ABI_MINOR 3u
/** Release of the SDK headers, semantic versioning. (since 1.0) */
#define MONBAN_SDK_VERSION "1.3.0"

/** Marks the one symbol a plugin exports; everything else stays hidden. (since 1.0) */
#if defined(_WIN32)
#define MONBAN_PLUGIN_EXPORT __declspec(dllexport)
#else
#define MONBAN_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
#define MONBAN_EXTERN_C extern "C"
#else
#define MONBAN_EXTERN_C
#endif

/** Result of every call that can fail. MONBAN_OK is the only success value. (since 1.0) */
typedef int32_t monban_status;

#define MONBAN_OK 0                   /**< success (since 1.0) */
#define MONBAN_ERR_INVALID_ARGUMENT 1 /**< a null or malformed argument (since 1.0) */
#define MONBAN_ERR_NOT_FOUND 2        /**< no such service, key or subscription (since 1.0) */
#define MONBAN_ERR_WRONG_STATE 3      /**< the call is not allowed in the plugin's current state (since 1.0) */
#define MONBAN_ERR_VERSION 4          /**< a version requirement is not met (since 1.0) */
#define MONBAN_ERR_DATABASE 5         /**< the database refused the statement; see db_last_error (since 1.0) */
#define MONBAN_ERR_UNDECLARED 6       /**< the plugin's descriptor does not declare this (since 1.0) */
#define MONBAN_ERR_PLUGIN 7           /**< the plugin reports a failure of its own; see set_error (since 1.0) */
#define MONBAN_ERR_INTERNAL 8         /**< an unexpected host failure (since 1.0) */

#endif
