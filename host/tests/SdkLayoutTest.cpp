// The ABI of SDK v1 as numbers (x86_64 Linux): a change to any of them breaks every built
// plugin, so it must come with an ABI version bump and a conscious update of this table and of
// sdk/abi/monban-sdk.abi.
#include <gtest/gtest.h>

#include <cstddef>

#include <monban/sdk/domain.h>
#include <monban/sdk/http.h>
#include <monban/sdk/jobs.h>
#include <monban/sdk/plugin.h>

namespace {

TEST(SdkLayout, Version) {
  EXPECT_EQ(MONBAN_SDK_ABI_MAJOR, 1u);
  EXPECT_EQ(MONBAN_SDK_ABI_MINOR, 3u);
}

TEST(SdkLayout, StructSizes) {
  EXPECT_EQ(sizeof(monban_service_ref), 16u);
  EXPECT_EQ(sizeof(monban_config_key), 48u);
  EXPECT_EQ(sizeof(monban_plugin_descriptor), 256u);
  EXPECT_EQ(sizeof(monban_host_api), 432u);
  EXPECT_EQ(sizeof(monban_event), 48u);
  EXPECT_EQ(sizeof(monban_db_value), 32u);
  EXPECT_EQ(sizeof(monban_db_row), 24u);
  EXPECT_EQ(sizeof(monban_migration), 32u);
  // 1.1
  EXPECT_EQ(sizeof(monban_domain_service), 80u);
  EXPECT_EQ(sizeof(monban_http_request), 80u);
  EXPECT_EQ(sizeof(monban_http_route), 64u);
  EXPECT_EQ(sizeof(monban_http_service), 96u);
  // 1.2
  EXPECT_EQ(sizeof(monban_job_run), 40u);
  EXPECT_EQ(sizeof(monban_job), 56u);
  EXPECT_EQ(sizeof(monban_jobs_service), 112u);
  // 1.3: append_events took the first reserved slot of the domain service
  EXPECT_EQ(sizeof(monban_device_event), 72u);
}

TEST(SdkLayout, MemberOffsets) {
  EXPECT_EQ(offsetof(monban_plugin_descriptor, id), 16u);
  EXPECT_EQ(offsetof(monban_plugin_descriptor, requires_services), 40u);
  EXPECT_EQ(offsetof(monban_plugin_descriptor, config_keys), 72u);
  EXPECT_EQ(offsetof(monban_plugin_descriptor, create), 88u);
  EXPECT_EQ(offsetof(monban_plugin_descriptor, destroy), 120u);
  EXPECT_EQ(offsetof(monban_plugin_descriptor, reserved), 128u);
  EXPECT_EQ(offsetof(monban_host_api, set_error), 16u);
  EXPECT_EQ(offsetof(monban_host_api, config_get), 32u);
  EXPECT_EQ(offsetof(monban_host_api, service_register), 56u);
  EXPECT_EQ(offsetof(monban_host_api, event_subscribe), 72u);
  EXPECT_EQ(offsetof(monban_host_api, db_dialect), 96u);
  EXPECT_EQ(offsetof(monban_host_api, db_last_error), 168u);
  EXPECT_EQ(offsetof(monban_host_api, plugin_data_dir), 176u);  // 1.1
  EXPECT_EQ(offsetof(monban_host_api, report_health), 184u);    // 1.2
  EXPECT_EQ(offsetof(monban_host_api, reserved), 192u);
  EXPECT_EQ(offsetof(monban_event, topic), 8u);
  EXPECT_EQ(offsetof(monban_event, publisher), 40u);
  EXPECT_EQ(offsetof(monban_db_value, text_value), 24u);
  EXPECT_EQ(offsetof(monban_config_key, description), 40u);
  EXPECT_EQ(offsetof(monban_domain_service, append_events), 16u);  // 1.3
  EXPECT_EQ(offsetof(monban_domain_service, reserved), 24u);
  EXPECT_EQ(offsetof(monban_device_event, kind), 40u);
  EXPECT_EQ(offsetof(monban_device_event, card_data), 48u);
  EXPECT_EQ(offsetof(monban_device_event, detail), 64u);
}

}  // namespace
