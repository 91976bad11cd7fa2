#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace monban::host::domain {

/// The field rules of SPEC sections 3, 5 and 6. Each check returns an empty string when the value
/// is acceptable, else the reason in words a person can act on ("longer than 32 characters").

/// Access-user ID: 1-32 printable ASCII, not only spaces, none of " + ; < > ? [ ] \ ` { | } : # ( ) , * / =,
/// not starting with '.
std::string checkUserId(std::string_view value);
/// IC-card data: 1-16 ASCII letters and digits.
std::string checkCardData(std::string_view value);
/// PIN: empty, or 4-8 digits.
std::string checkPin(std::string_view value);
/// Code of an affiliation, gate, gate group or management group: 1-32 of A-Z a-z 0-9 _ . -
std::string checkCode(std::string_view value);
/// Free text (names, descriptions): valid UTF-8, no control characters, at most `maxChars`
/// characters; empty only when not `required`.
std::string checkText(std::string_view value, std::size_t maxChars, bool required);
/// Calendar date YYYY-MM-DD that exists (leap years included); empty when not `required`.
std::string checkDate(std::string_view value, bool required);
/// Passable level 1-8 (a schedule's time band says which levels pass).
std::string checkPassableLevel(long level);

/// Number of Unicode characters of valid UTF-8 text.
std::size_t utf8Length(std::string_view value);
/// Offset of the first byte that is not valid UTF-8, or npos.
std::size_t invalidUtf8At(std::string_view value);

}  // namespace monban::host::domain
