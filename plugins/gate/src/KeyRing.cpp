#include "KeyRing.h"

#include <deque>

#include "Hex.h"

namespace monban::gate {

using namespace monban::controller;

namespace {

Key256 labelled(const Key256& secret, const char* label) {
  Key256 out{};
  const std::string text(label);
  hmacSha256(secret, reinterpret_cast<const uint8_t*>(text.data()), text.size(), out.data(), out.size());
  return out;
}

// The ring's sealing key is derived from, never equal to, the secret: the frame keys and the
// ring then never share a key.
Key256 wrappingKey(const Key256& secret) {
  return labelled(secret, "monban key ring wrapping key");
}

}  // namespace

std::string keyCheck(const Key256& secret) {
  const Key256 check = labelled(secret, "monban key check");
  return toHex(std::span<const uint8_t>(check.data(), 8));
}

RingSeal sealInRing(const Key256& secret, const Key256& wrapper) {
  RingSeal seal;
  seal.secret_check = keyCheck(secret);
  seal.wrapped_by = keyCheck(wrapper);
  seal.sealed = sealSecret(wrappingKey(wrapper), secret);
  return seal;
}

std::map<std::string, Key256> openRing(const Key256& start, const std::vector<RingSeal>& seals) {
  std::map<std::string, Key256> known{{keyCheck(start), start}};
  std::deque<std::string> fresh{keyCheck(start)};
  while (!fresh.empty()) {
    const std::string wrapper = fresh.front();
    fresh.pop_front();
    const Key256 key = wrappingKey(known.at(wrapper));
    for (const auto& seal : seals) {
      if (seal.wrapped_by != wrapper || known.count(seal.secret_check) != 0) continue;
      Key256 secret{};
      if (!openSecret(key, seal.sealed, secret) || keyCheck(secret) != seal.secret_check) continue;
      known.emplace(seal.secret_check, secret);
      fresh.push_back(seal.secret_check);
    }
  }
  return known;
}

}  // namespace monban::gate
