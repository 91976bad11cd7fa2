// Domain changes made by a command-line process reach the running host through its control
// socket: which topics travel, the request format, and a real socket round trip.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "monban/host/ChangeForwarder.h"
#include "monban/host/Clock.h"
#include "monban/host/ControlChannel.h"
#include "monban/host/EventBus.h"

namespace monban::host {
namespace {

TEST(ChangeForwarder, OnlyDomainChangesTravel) {
  EXPECT_TRUE(isForwardableChange("monban.users.changed"));
  EXPECT_TRUE(isForwardableChange("monban.gate_groups.changed"));
  EXPECT_FALSE(isForwardableChange("monban.gates.state"));
  EXPECT_FALSE(isForwardableChange("door.opened"));
  EXPECT_FALSE(isForwardableChange("monban..changed"));
  EXPECT_FALSE(isForwardableChange("monban.Users changed"));

  const auto parsed = parsePublishRequest(publishRequest("monban.users.changed", R"({"ids":[1,2]})"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->first, "monban.users.changed");
  EXPECT_EQ(parsed->second, R"({"ids":[1,2]})");
  EXPECT_FALSE(parsePublishRequest("publish monban.gates.state {}"));
  EXPECT_FALSE(parsePublishRequest("publish monban.users.changed"));  // no payload
  EXPECT_FALSE(parsePublishRequest("plugins"));
}

TEST(ChangeForwarder, ForwardsEachChangeWholeToTheRunningHost) {
  const auto socket = std::filesystem::temp_directory_path() / ("monban-forward-" + std::to_string(::getpid()));
  std::mutex m;
  std::vector<std::pair<std::string, std::string>> received;
  ControlServer host(socket, [&](const std::string& request) -> std::string {
    const auto change = parsePublishRequest(request);
    if (!change) return "{\"error\":\"unknown request\"}";
    std::lock_guard lock(m);
    received.push_back(*change);
    return "{\"published\":true}";
  });
  ManualClock clock(0);
  EventBus bus(clock, 64);
  // 1,000 ids, as an import of many users announces them: far over one small read.
  std::string ids = "[";
  for (int i = 1; i <= 1000; ++i) ids += (i > 1 ? "," : "") + std::to_string(100000 + i);
  const std::string big = R"({"change":"imported","ids":)" + ids + "]}";
  int forwarded = 0;
  {
    ChangeForwarder forwarder(bus, socket);
    bus.publish("host", "monban.users.changed", 1, big);
    bus.publish("host", "monban.gates.state", 1, "{}");  // not a domain change
    bus.publish("host", "monban.gates.changed", 1, R"({"id":3,"change":"created"})");
    bus.drain();
    forwarded = forwarder.forwarded();
  }
  EXPECT_EQ(forwarded, 2);
  std::lock_guard lock(m);
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0], std::make_pair(std::string("monban.users.changed"), big));
  EXPECT_EQ(received[1].first, "monban.gates.changed");
}

TEST(ChangeForwarder, NothingHappensWithoutARunningHost) {
  ManualClock clock(0);
  EventBus bus(clock, 64);
  ChangeForwarder forwarder(bus, std::filesystem::temp_directory_path() / "monban-no-host-here.sock");
  bus.publish("host", "monban.users.changed", 1, "{}");
  bus.drain();
  EXPECT_EQ(forwarder.forwarded(), 0);
}

}  // namespace
}  // namespace monban::host
