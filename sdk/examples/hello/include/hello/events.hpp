// Events the hello plugin publishes, for plugins and tests that subscribe to them.
#pragma once

#include <cstdint>

namespace hello {

/// Published once per start. Fixed-size fields: events are copied byte for byte.
struct Greeted {
  static constexpr const char* kTopic = "hello.greeted";
  static constexpr uint32_t kVersion = 1;
  char message[128];
  int64_t at_ms;
};

}  // namespace hello
