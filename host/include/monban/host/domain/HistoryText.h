#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace monban::host::domain {

/// `text` as every database holds it: valid UTF-8 without NUL bytes (each bad byte becomes
/// U+FFFD), cut to at most `maxChars` characters. Device text must never make a batch fail.
/// Returns a view of `text` when that is already so, else of `scratch`.
std::string_view fitHistoryText(std::string_view text, std::size_t maxChars, std::string& scratch);

}  // namespace monban::host::domain
