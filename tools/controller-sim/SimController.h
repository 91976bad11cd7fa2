#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "monban/access/AccessDecision.h"
#include "monban/controller/Frame.h"
#include "monban/controller/Messages.h"
#include "monban/controller/Tables.h"

namespace monban::sim {

using namespace monban::controller;

/// One simulated door controller: the tables it was sent, its door and reader states, its event
/// buffer, and the answers to the server's requests. No sockets: Simulator carries the frames.
class SimController {
public:
  SimController(uint32_t id, const Key256& secret, std::size_t bufferCapacity, int64_t nowMs);

  uint32_t id() const { return id_; }
  const FrameKeys& keys() const { return keys_; }
  /// A fresh frame counter for a frame this controller sends.
  uint64_t nextCounter() { return counter_++; }

  /// Handles one authenticated request of the server; returns the response payload. A repeated
  /// request id gets the cached answer without acting again (retransmissions are idempotent).
  std::vector<uint8_t> handle(const FrameHeader& header, std::span<const uint8_t> payload, int64_t nowMs);
  /// Whether the counter of a server frame is new (replay protection).
  bool acceptCounter(uint64_t counter) { return server_window_.accept(counter); }

  /// A card presented at a reader: decided with the held tables, recorded as an event.
  access::AccessDecision swipe(const std::string& card, const std::string& pin, access::Reader reader, int64_t nowMs);
  /// The decision without recording anything.
  access::AccessDecision decide(const std::string& card, const std::string& pin, access::Reader reader,
                                int64_t nowMs) const;
  /// The decision at a given local instant (the controller's clock ignored): what the held
  /// calendar and schedule say about a day to come.
  access::AccessDecision decideAt(const std::string& card, const std::string& pin, access::Reader reader,
                                  int64_t atMs) const;
  /// Records an alarm or operation event (kind 2 alarm, 3 gate operation, 4 gate management).
  void record(uint8_t kind, const std::string& code, const std::string& detail, int64_t nowMs);

  /// Loses power and comes back: tables, the event buffer and sequence numbers survive (flash),
  /// the response cache and half-received transfers do not. Records a "restart" operation.
  void powerCycle(int64_t nowMs);
  void setTamper(bool on, int64_t nowMs);
  void setLockFault(bool on, int64_t nowMs);
  /// Moves the controller's clock by `deltaMs` (a drifting or badly set clock).
  void skewClock(int64_t deltaMs) { clock_offset_ms_ += deltaMs; }

  /// Events not yet acknowledged, oldest first.
  const std::deque<EventRecord>& buffered() const { return events_; }
  /// Drops the events up to `seq`: the server has committed them.
  void acknowledge(uint64_t seq);
  /// An event push request payload with the oldest buffered events, empty when none.
  std::vector<uint8_t> pushPayload() const;
  /// How pushes and fetch answers write their event batches.
  void setEventForm(EventForm form) { event_form_ = form; }

  ControllerStatus status(int64_t nowMs) const;
  TableState tableState(TableId table) const { return states_[static_cast<int>(table) - 1]; }
  std::size_t cardCount() const { return tables_.cards.size(); }
  uint64_t generatedEvents() const { return next_seq_ - first_seq_; }
  uint64_t lostEvents() const { return lost_events_; }
  int64_t clockMs(int64_t nowMs) const { return nowMs + clock_offset_ms_; }
  /// The door-open time the gate parameters set: how long a grant releases the lock.
  uint16_t doorOpenSeconds() const { return gate_parameters_.door_open_seconds; }
  /// Milliseconds the lock stays released after the last grant; 0 when it is not released.
  int64_t releasedMsLeft(int64_t nowMs) const { return std::max<int64_t>(0, released_until_ms_ - clockMs(nowMs)); }
  /// Cards in the permission table (for generated swipes).
  std::vector<std::string> cards() const;

private:
  /// Copies of the buffered events from `from` on, as many as a batch could hold.
  std::vector<EventRecord> oldestEvents(uint64_t from) const;
  std::vector<uint8_t> dispatch(const FrameHeader& header, std::span<const uint8_t> payload, int64_t nowMs);
  std::vector<uint8_t> tableBegin(ByteReader& in);
  std::vector<uint8_t> tableChunk(ByteReader& in);
  std::vector<uint8_t> tableCommit(ByteReader& in);
  std::vector<uint8_t> permissionDelta(std::span<const uint8_t> payload);
  std::vector<uint8_t> command(std::span<const uint8_t> payload, int64_t nowMs);
  std::vector<uint8_t> keyChange(ByteReader& in);
  void install(TableId table, std::span<const uint8_t> bytes);
  std::vector<uint8_t> encodeTable(TableId table) const;
  void setState(TableId table, uint64_t version, std::span<const uint8_t> bytes, uint32_t entries);
  void append(EventRecord event);

  uint32_t id_;
  Key256 secret_;
  FrameKeys keys_;
  uint64_t counter_;
  ReplayWindow server_window_;
  std::size_t capacity_;
  uint32_t boot_count_ = 1;
  int64_t clock_offset_ms_ = 0;

  access::GateTables tables_;
  GateParameters gate_parameters_;
  CardParameters card_parameters_;
  TableState states_[kTableCount];
  struct Transfer {
    uint64_t version = 0;
    std::array<uint8_t, 16> digest{};
    std::vector<uint8_t> bytes;
    std::vector<bool> received;  ///< per chunk offset / kChunk
  };
  std::map<TableId, Transfer> transfers_;

  uint8_t lock_ = 0;
  int64_t released_until_ms_ = 0;  ///< controller clock; a grant releases the lock for the door-open time
  uint8_t guard_ = 0;
  uint32_t alarms_ = 0;
  access::PassbackState passback_;
  std::map<int64_t, int32_t> last_entry_day_;  ///< user → dateKey of the last entry (first entry of the day)

  std::deque<EventRecord> events_;
  uint64_t first_seq_;
  uint64_t next_seq_;
  uint64_t lost_events_ = 0;
  EventForm event_form_ = EventForm::Deflated;

  std::map<uint32_t, std::vector<uint8_t>> answered_;  ///< request id → response, the last 256
  std::deque<uint32_t> answered_order_;
};

}  // namespace monban::sim
