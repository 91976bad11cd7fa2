#include "monban/host/GateLookup.h"

#include <charconv>

#include "monban/host/domain/DomainError.h"

namespace monban::host {

std::optional<domain::Gate> findGate(domain::Domain& d, const domain::Actor& actor, const std::string& key) {
  domain::GateQuery query;
  query.text = key;
  query.page.limit = 1000;
  for (const domain::Gate& g : d.gates().listGates(actor, query).items)
    if (g.code == key) return g;
  int64_t id = 0;
  const auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), id);
  if (error != std::errc() || end != key.data() + key.size()) return std::nullopt;
  try {
    return d.gates().gate(actor, id);
  } catch (const domain::DomainError&) {
    return std::nullopt;
  }
}

std::optional<domain::Gate> findGateFor(const std::string& command, domain::Domain& d, const domain::Actor& actor,
                                        const std::string& key, std::ostream& err) {
  auto gate = findGate(d, actor, key);
  if (!gate) err << command << ": no gate with code or id '" << key << "'\n";
  return gate;
}

}  // namespace monban::host
