#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "monban/host/Clock.h"
#include "monban/host/EventBus.h"

namespace monban::host {
namespace {

using namespace std::chrono_literals;

TEST(EventBus, DeliversOffThePublishersThreadInOrder) {
  ManualClock clock(1000);
  EventBus bus(clock, 64);
  std::mutex m;
  std::vector<std::string> seen;
  std::thread::id handlerThread;
  bus.subscribe("t", "door.opened", [&](const BusEvent& e) {
    std::lock_guard lock(m);
    handlerThread = std::this_thread::get_id();
    seen.push_back(e.payload + "@" + std::to_string(e.published_at_ms) + " by " + e.publisher);
  });
  for (int i = 0; i < 5; ++i) bus.publish("gate", "door.opened", 1, std::to_string(i));
  bus.publish("gate", "door.closed", 1, "ignored");
  bus.drain();
  std::lock_guard lock(m);
  EXPECT_NE(handlerThread, std::this_thread::get_id());
  EXPECT_EQ(seen, (std::vector<std::string>{"0@1000 by gate", "1@1000 by gate", "2@1000 by gate", "3@1000 by gate",
                                            "4@1000 by gate"}));
}

TEST(EventBus, WildcardSeesEveryTopic) {
  ManualClock clock(0);
  EventBus bus(clock, 64);
  std::atomic<int> count{0};
  bus.subscribe("t", "*", [&](const BusEvent&) { ++count; });
  bus.publish("h", "a", 1, "");
  bus.publish("h", "b", 1, "");
  bus.drain();
  EXPECT_EQ(count, 2);
}

TEST(EventBus, UnsubscribeWaitsForTheRunningHandler) {
  ManualClock clock(0);
  EventBus bus(clock, 64);
  std::atomic<bool> entered{false};
  std::atomic<bool> finished{false};
  const uint64_t id = bus.subscribe("t", "slow", [&](const BusEvent&) {
    entered = true;
    std::this_thread::sleep_for(100ms);
    finished = true;
  });
  bus.publish("h", "slow", 1, "");
  while (!entered) std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(bus.unsubscribe(id));
  EXPECT_TRUE(finished);  // unsubscribe returned only after the handler did
  EXPECT_FALSE(bus.unsubscribe(id));
}

TEST(EventBus, HandlerMayUnsubscribeItselfAndFailuresDoNotStopOthers) {
  ManualClock clock(0);
  EventBus bus(clock, 64);
  std::atomic<int> second{0};
  uint64_t self = 0;
  std::atomic<int> first{0};
  self = bus.subscribe("t", "x", [&](const BusEvent&) {
    ++first;
    bus.unsubscribe(self);
    throw std::runtime_error("handler failure");
  });
  bus.subscribe("t", "x", [&](const BusEvent&) { ++second; });
  bus.publish("h", "x", 1, "");
  bus.publish("h", "x", 1, "");
  bus.drain();
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 2);
}

TEST(EventBus, PublishersWaitWhenTheQueueIsFullAndNothingIsLost) {
  ManualClock clock(0);
  EventBus bus(clock, 16);
  std::atomic<int> delivered{0};
  bus.subscribe("t", "e", [&](const BusEvent&) {
    std::this_thread::sleep_for(std::chrono::microseconds(50));
    ++delivered;
  });
  std::vector<std::thread> publishers;
  for (int p = 0; p < 4; ++p)
    publishers.emplace_back([&] {
      for (int i = 0; i < 250; ++i) bus.publish("h", "e", 1, "x");
    });
  for (auto& t : publishers) t.join();
  bus.drain();
  EXPECT_EQ(delivered, 1000);
}

TEST(EventBus, UnsubscribeOwnerRemovesOnlyThatOwner) {
  ManualClock clock(0);
  EventBus bus(clock, 64);
  std::atomic<int> a{0};
  std::atomic<int> b{0};
  bus.subscribe("a", "e", [&](const BusEvent&) { ++a; });
  bus.subscribe("a", "*", [&](const BusEvent&) { ++a; });
  bus.subscribe("b", "e", [&](const BusEvent&) { ++b; });
  bus.unsubscribeOwner("a");
  bus.publish("h", "e", 1, "");
  bus.drain();
  EXPECT_EQ(a, 0);
  EXPECT_EQ(b, 1);
}

TEST(EventBus, AnOwnerEndsOnlyItsOwnSubscriptions) {
  ManualClock clock(0);
  EventBus bus(clock, 64);
  const uint64_t id = bus.subscribe("gate", "e", [](const BusEvent&) {});
  const std::string intruder = "web";
  const std::string owner = "gate";
  EXPECT_FALSE(bus.unsubscribe(id, &intruder));
  EXPECT_TRUE(bus.unsubscribe(id, &owner));
}

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock clock(5000);
  EXPECT_EQ(clock.nowMs(), 5000);
  clock.advanceMs(250);
  EXPECT_EQ(clock.nowMs(), 5250);
  EXPECT_EQ(clock.monotonicMs(), 250);
  clock.setNowMs(100);  // a wall-clock step back leaves the monotonic reading alone
  EXPECT_EQ(clock.nowMs(), 100);
  EXPECT_EQ(clock.monotonicMs(), 250);
}

}  // namespace
}  // namespace monban::host
