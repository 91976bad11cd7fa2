#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace monban::host::domain {

/// "2025-04-01T09:30:00.000+09:00": milliseconds since the epoch in the host's local time,
/// with its offset, as exports show times.
std::string formatLocalIsoTime(int64_t ms);

/// Reads "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff]]" (a space may replace the T) with an
/// optional "Z" or "+HH:MM" / "-HH:MM"; without an offset the time is the host's local time.
/// nullopt when the text is not such a time or names no real date.
std::optional<int64_t> parseIsoTime(std::string_view text);

}  // namespace monban::host::domain
