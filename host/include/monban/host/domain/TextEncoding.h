#pragma once

#include <string>

namespace monban::host::domain {

/// Text encodings accepted for imported files.
enum class TextEncoding { Auto, Utf8, ShiftJis };

/// "auto", "utf-8", "shift_jis" (also "utf8", "sjis", "cp932"); throws DomainError "invalid" otherwise.
TextEncoding textEncodingFromName(const std::string& name);

/// Converts file bytes to UTF-8 (a UTF-8 byte-order mark is dropped). Shift_JIS is read as
/// Windows code page 932, as spreadsheets write it. Auto takes valid UTF-8 as UTF-8 and otherwise
/// tries Shift_JIS. Throws DomainError "invalid" naming the line and byte of the first bad
/// character, or UTF-16 input.
std::string decodeToUtf8(const std::string& bytes, TextEncoding encoding);

/// UTF-8 to Shift_JIS (code page 932) for exports; throws DomainError naming the first
/// character Shift_JIS cannot hold.
std::string encodeShiftJis(const std::string& utf8);

}  // namespace monban::host::domain
