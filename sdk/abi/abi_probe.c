/* ABI probe: exports one function per public SDK type so that the library's debug info
 * describes every type of the boundary. abidiff compares it with abi/monban-sdk.abi. */
#include <monban/sdk/abi.h>
#include <monban/sdk/database.h>
#include <monban/sdk/domain.h>
#include <monban/sdk/events.h>
#include <monban/sdk/host_api.h>
#include <monban/sdk/http.h>
#include <monban/sdk/jobs.h>
#include <monban/sdk/plugin.h>

#define PROBE(type)                                                                             \
  __attribute__((visibility("default"))) unsigned long monban_abi_probe_##type(const type* p) { \
    return sizeof(*p);                                                                          \
  }

PROBE(monban_plugin_descriptor)
PROBE(monban_service_ref)
PROBE(monban_config_key)
PROBE(monban_host_api)
PROBE(monban_event)
PROBE(monban_db_value)
PROBE(monban_db_row)
PROBE(monban_migration)
PROBE(monban_domain_service)
PROBE(monban_device_event)
PROBE(monban_http_request)
PROBE(monban_http_route)
PROBE(monban_http_service)
PROBE(monban_job_run)
PROBE(monban_job)
PROBE(monban_jobs_service)

__attribute__((visibility("default"))) monban_status monban_abi_probe_handlers(monban_event_handler e,
                                                                               monban_db_row_handler r) {
  return (e != 0 && r != 0) ? MONBAN_OK : MONBAN_ERR_INVALID_ARGUMENT;
}

__attribute__((visibility("default"))) monban_status monban_abi_probe_service_handlers(monban_domain_sink d,
                                                                                       monban_http_handler h) {
  return (d != 0 && h != 0) ? MONBAN_OK : MONBAN_ERR_INVALID_ARGUMENT;
}

__attribute__((visibility("default"))) monban_status monban_abi_probe_job_function(monban_job_function f) {
  return f != 0 ? MONBAN_OK : MONBAN_ERR_INVALID_ARGUMENT;
}
