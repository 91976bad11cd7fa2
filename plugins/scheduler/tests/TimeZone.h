#pragma once

#include <cstdlib>
#include <ctime>
#include <string>

namespace monban::scheduler::testing {

/// Runs a test in a time zone with daylight saving (POSIX rule, no tzdata needed) and puts the
/// process zone back afterwards.
class ScopedTimeZone {
public:
  explicit ScopedTimeZone(const char* zone) {
    const char* old = std::getenv("TZ");
    had_ = old != nullptr;
    if (had_) old_ = old;
    setenv("TZ", zone, 1);
    tzset();
  }
  ~ScopedTimeZone() {
    if (had_)
      setenv("TZ", old_.c_str(), 1);
    else
      unsetenv("TZ");
    tzset();
  }

private:
  bool had_ = false;
  std::string old_;
};

/// Central Europe: CET, CEST from the last Sunday of March 02:00 to the last Sunday of October 03:00.
inline constexpr const char* kCentralEurope = "CET-1CEST,M3.5.0,M10.5.0/3";
inline constexpr const char* kTokyo = "JST-9";

}  // namespace monban::scheduler::testing
