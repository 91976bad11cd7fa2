#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "monban/controller/Bytes.h"
#include "monban/controller/FrameKeys.h"

namespace monban::controller {

/// The UDP port of controllers and of the server (SPEC section 5).
inline constexpr uint16_t kControllerPort = 11000;
inline constexpr uint8_t kProtocolVersion = 1;
/// magic(2) version(1) type(1) flags(1) key epoch(1) controller id(4) counter(8) request id(4) length(2)
inline constexpr std::size_t kHeaderSize = 24;
inline constexpr std::size_t kMacSize = 16;  ///< HMAC-SHA-256, first 16 bytes
/// Under the usual 1500-byte MTU less IP and UDP headers, so frames are never fragmented by IP.
inline constexpr std::size_t kMaxFrameSize = 1400;
inline constexpr std::size_t kMaxPayloadSize = kMaxFrameSize - kHeaderSize - kMacSize;

/// What a frame carries (docs/protocols/controller.md, "Messages").
enum class MessageType : uint8_t {
  StatusPoll = 0x01,
  EventsFetch = 0x02,
  EventsAck = 0x03,
  EventPush = 0x04,
  TableBegin = 0x10,
  TableChunk = 0x11,
  TableCommit = 0x12,
  PermissionDelta = 0x13,
  TableInfo = 0x14,
  TableRead = 0x15,
  TimeSync = 0x20,
  Command = 0x21,
  KeyChange = 0x22,
  PassbackUpdate = 0x23,
  PassbackPlaces = 0x24,
};
const char* toString(MessageType type);
bool isKnownType(uint8_t type);

/// Bits of FrameHeader::flags.
inline constexpr uint8_t kFlagResponse = 0x01;  ///< answers the request with the same request id
inline constexpr uint8_t kFlagToServer = 0x02;  ///< sent by a controller (selects the key direction)

struct FrameHeader {
  MessageType type = MessageType::StatusPoll;
  uint8_t flags = 0;
  uint8_t key_epoch = 0;
  uint32_t controller_id = 0;
  uint64_t counter = 0;     ///< the sender's frame counter: strictly increasing, never reused (replay protection)
  uint32_t request_id = 0;  ///< the exchange: a retransmitted request keeps it, its response repeats it
  bool isResponse() const { return (flags & kFlagResponse) != 0; }
  bool toServer() const { return (flags & kFlagToServer) != 0; }
};

/// A frame: header, payload, MAC over both with the key of its direction.
std::vector<uint8_t> encodeFrame(const FrameHeader& header, std::span<const uint8_t> payload, const FrameKeys& keys);

/// Reads the header without authenticating it (to pick the controller's keys). Throws
/// ProtocolError for a truncated, oversized or malformed frame.
FrameHeader peekHeader(std::span<const uint8_t> frame);

/// Checks the MAC with the keys of the frame's direction and returns the payload (a view into
/// `frame`). Throws ProtocolError for a bad MAC or a key epoch `keys` does not hold. Replays are
/// the caller's ReplayWindow's business.
std::span<const uint8_t> authenticateFrame(std::span<const uint8_t> frame, const FrameHeader& header,
                                           const FrameKeys& keys);

/// Accepts each counter once: the highest seen and a 64-wide window below it, as IPsec does, so
/// reordered frames pass and replayed or very old ones do not.
class ReplayWindow {
public:
  /// True (and remembered) the first time `counter` is seen within the window.
  bool accept(uint64_t counter);
  uint64_t highest() const { return highest_; }
  void reset(uint64_t floor) {
    highest_ = floor;
    seen_ = 0;
  }

private:
  uint64_t highest_ = 0;
  uint64_t seen_ = 0;  ///< bit i: highest_ - i seen
};

}  // namespace monban::controller
