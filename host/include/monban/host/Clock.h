#pragma once

#include <atomic>
#include <cstdint>

namespace monban::host {

/// The host's source of time. Everything time-dependent asks a Clock, never the system
/// directly, so that tests can move time by hand.
class Clock {
public:
  virtual ~Clock() = default;
  /// Wall clock, milliseconds since 1970-01-01T00:00:00Z.
  virtual int64_t nowMs() const = 0;
  /// Monotonic milliseconds for intervals.
  virtual int64_t monotonicMs() const = 0;
};

/// The real clocks of the system.
class SystemClock final : public Clock {
public:
  int64_t nowMs() const override;
  int64_t monotonicMs() const override;
};

/// A clock that only moves when told to; both readings advance together.
class ManualClock final : public Clock {
public:
  explicit ManualClock(int64_t startMs) : now_ms_(startMs), monotonic_ms_(0) {}
  int64_t nowMs() const override { return now_ms_.load(); }
  int64_t monotonicMs() const override { return monotonic_ms_.load(); }
  void advanceMs(int64_t deltaMs) {
    now_ms_ += deltaMs;
    monotonic_ms_ += deltaMs;
  }
  /// Sets the wall clock only, as an administrator or NTP step would.
  void setNowMs(int64_t nowMs) { now_ms_ = nowMs; }

private:
  std::atomic<int64_t> now_ms_;
  std::atomic<int64_t> monotonic_ms_;
};

}  // namespace monban::host
