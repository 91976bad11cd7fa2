#include "monban/controller/Frame.h"

#include <openssl/crypto.h>

namespace monban::controller {

const char* toString(MessageType type) {
  switch (type) {
    case MessageType::StatusPoll:
      return "status poll";
    case MessageType::EventsFetch:
      return "events fetch";
    case MessageType::EventsAck:
      return "events ack";
    case MessageType::EventPush:
      return "event push";
    case MessageType::TableBegin:
      return "table begin";
    case MessageType::TableChunk:
      return "table chunk";
    case MessageType::TableCommit:
      return "table commit";
    case MessageType::PermissionDelta:
      return "permission delta";
    case MessageType::TableInfo:
      return "table info";
    case MessageType::TableRead:
      return "table read";
    case MessageType::TimeSync:
      return "time sync";
    case MessageType::Command:
      return "command";
    case MessageType::KeyChange:
      return "key change";
    case MessageType::PassbackUpdate:
      return "passback update";
    case MessageType::PassbackPlaces:
      return "passback places";
  }
  return "unknown";
}

bool isKnownType(uint8_t type) {
  return std::string_view(toString(static_cast<MessageType>(type))) != "unknown";
}

namespace {

const Key256* keyFor(const FrameKeys& keys, uint8_t epoch, bool toServer) {
  if (epoch == keys.epoch) return toServer ? &keys.to_server : &keys.to_controller;
  if (keys.has_previous && epoch == keys.previous_epoch)
    return toServer ? &keys.previous_to_server : &keys.previous_to_controller;
  return nullptr;
}

}  // namespace

std::vector<uint8_t> encodeFrame(const FrameHeader& header, std::span<const uint8_t> payload, const FrameKeys& keys) {
  if (payload.size() > kMaxPayloadSize)
    throw ProtocolError("payload of " + std::to_string(payload.size()) + " bytes is over " +
                        std::to_string(kMaxPayloadSize));
  ByteWriter w;
  w.data().reserve(kHeaderSize + payload.size() + kMacSize);
  w.u8('M');
  w.u8('B');
  w.u8(kProtocolVersion);
  w.u8(static_cast<uint8_t>(header.type));
  w.u8(header.flags);
  w.u8(header.key_epoch);
  w.u32(header.controller_id);
  w.u64(header.counter);
  w.u32(header.request_id);
  w.u16(payload.size());
  w.bytes(payload);
  const Key256* key = keyFor(keys, header.key_epoch, header.toServer());
  if (key == nullptr) throw ProtocolError("no key for epoch " + std::to_string(header.key_epoch));
  auto& out = w.data();
  const std::size_t macAt = out.size();
  out.resize(macAt + kMacSize);
  hmacSha256(*key, out.data(), macAt, out.data() + macAt, kMacSize);
  return w.take();
}

FrameHeader peekHeader(std::span<const uint8_t> frame) {
  if (frame.size() > kMaxFrameSize)
    throw ProtocolError("frame of " + std::to_string(frame.size()) + " bytes is over " + std::to_string(kMaxFrameSize));
  if (frame.size() < kHeaderSize + kMacSize)
    throw ProtocolError("frame of " + std::to_string(frame.size()) + " bytes is truncated (at least " +
                        std::to_string(kHeaderSize + kMacSize) + ")");
  ByteReader r(frame, "frame header");
  if (r.u8() != 'M' || r.u8() != 'B') throw ProtocolError("frame header: bad magic");
  const uint8_t version = r.u8();
  if (version != kProtocolVersion) throw ProtocolError("frame header: unsupported version " + std::to_string(version));
  const uint8_t type = r.u8();
  if (!isKnownType(type)) throw ProtocolError("frame header: unknown message type " + std::to_string(type));
  FrameHeader h;
  h.type = static_cast<MessageType>(type);
  h.flags = r.u8();
  if ((h.flags & ~(kFlagResponse | kFlagToServer)) != 0)
    throw ProtocolError("frame header: unknown flags " + std::to_string(h.flags));
  h.key_epoch = r.u8();
  h.controller_id = r.u32();
  h.counter = r.u64();
  h.request_id = r.u32();
  const std::size_t length = r.u16();
  if (kHeaderSize + length + kMacSize != frame.size())
    throw ProtocolError("frame header: payload length " + std::to_string(length) + " does not match a frame of " +
                        std::to_string(frame.size()) + " bytes");
  return h;
}

std::span<const uint8_t> authenticateFrame(std::span<const uint8_t> frame, const FrameHeader& header,
                                           const FrameKeys& keys) {
  const Key256* key = keyFor(keys, header.key_epoch, header.toServer());
  if (key == nullptr)
    throw ProtocolError("frame of controller " + std::to_string(header.controller_id) + ": unknown key epoch " +
                        std::to_string(header.key_epoch));
  const std::size_t macAt = frame.size() - kMacSize;
  uint8_t mac[kMacSize];
  hmacSha256(*key, frame.data(), macAt, mac, kMacSize);
  if (CRYPTO_memcmp(mac, frame.data() + macAt, kMacSize) != 0)
    throw ProtocolError("frame of controller " + std::to_string(header.controller_id) + ": bad MAC");
  return frame.subspan(kHeaderSize, macAt - kHeaderSize);
}

bool ReplayWindow::accept(uint64_t counter) {
  if (counter > highest_) {
    const uint64_t shift = counter - highest_;
    seen_ = shift >= 64 ? 0 : seen_ << shift;
    seen_ |= 1;
    highest_ = counter;
    return true;
  }
  const uint64_t back = highest_ - counter;
  if (back >= 64) return false;
  const uint64_t bit = uint64_t{1} << back;
  if ((seen_ & bit) != 0) return false;
  seen_ |= bit;
  return true;
}

}  // namespace monban::controller
