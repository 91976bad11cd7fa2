// The example plugin under the SDK's test host: what a vendor's own unit test looks like.
#include <gtest/gtest.h>

#include <hello/greeter.h>
#include <hello/events.hpp>
#include <monban/sdk/testing/test_host.hpp>

namespace {

TEST(HelloPlugin, GreetsWithItsConfigAndTheHostClock) {
  monban::sdk::testing::TestHost host(1'800'000'000'000);
  host.setConfig("greeting", "Ohayo");
  host.setConfig("audience", "vendor");
  host.setConfig("record", "false");
  ASSERT_TRUE(host.load(HELLO_PLUGIN_PATH)) << host.lastError();
  EXPECT_EQ(host.migrations(), std::vector<uint32_t>{1});
  host.advanceMs(5000);
  ASSERT_TRUE(host.start()) << host.lastError();
  EXPECT_TRUE(host.logged("Ohayo, vendor!"));

  const auto events = host.published();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].topic, "hello.greeted");
  ASSERT_EQ(events[0].payload.size(), sizeof(hello::Greeted));
  hello::Greeted greeted{};
  std::memcpy(&greeted, events[0].payload.data(), sizeof(greeted));
  EXPECT_STREQ(greeted.message, "Ohayo, vendor!");
  EXPECT_EQ(greeted.at_ms, 1'800'000'005'000);

  const auto* greeter = static_cast<const hello_greeter*>(host.registeredService(HELLO_GREETER_SERVICE));
  ASSERT_NE(greeter, nullptr);
  char buffer[8];
  EXPECT_EQ(greeter->greet(greeter->self, "gate 12", buffer, sizeof(buffer)), std::strlen("Ohayo, gate 12!"));
  EXPECT_STREQ(buffer, "Ohayo, ");  // truncated to the buffer, always terminated
}

TEST(HelloPlugin, FailsToStartWhenItMayNotRecordWithoutADatabase) {
  monban::sdk::testing::TestHost host;
  ASSERT_TRUE(host.load(HELLO_PLUGIN_PATH)) << host.lastError();
  EXPECT_FALSE(host.start());
  EXPECT_EQ(host.lastError(), "no database session available");
}

}  // namespace
