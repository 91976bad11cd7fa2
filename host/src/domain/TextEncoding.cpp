#include "monban/host/domain/TextEncoding.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>

#include "monban/host/domain/DomainError.h"
#include "monban/host/domain/FieldRules.h"

namespace monban::host::domain {

namespace {

std::size_t lineAt(const std::string& text, std::size_t offset) {
  return 1 +
         static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

/// Converts with iconv; on a bad sequence returns false and the offset of the bad byte.
bool convert(const char* to, const char* from, const std::string& in, std::string& out, std::size_t& badOffset) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw DomainError("invalid", std::string("encoding ") + from + " is not available");
  out.assign(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  std::size_t srcLeft = in.size();
  char* dst = out.data();
  std::size_t dstLeft = out.size();
  bool ok = true;
  while (srcLeft > 0) {
    if (iconv(cd, &src, &srcLeft, &dst, &dstLeft) != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      const std::size_t used = static_cast<std::size_t>(dst - out.data());
      out.resize(out.size() * 2);
      dst = out.data() + used;
      dstLeft = out.size() - used;
      continue;
    }
    ok = false;  // EILSEQ or EINVAL (a sequence cut off at the end)
    badOffset = static_cast<std::size_t>(src - in.data());
    break;
  }
  iconv_close(cd);
  out.resize(static_cast<std::size_t>(dst - out.data()));
  return ok;
}

}  // namespace

TextEncoding textEncodingFromName(const std::string& name) {
  std::string n = name;
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (n == "auto") return TextEncoding::Auto;
  if (n == "utf-8" || n == "utf8") return TextEncoding::Utf8;
  if (n == "shift_jis" || n == "shift-jis" || n == "sjis" || n == "cp932") return TextEncoding::ShiftJis;
  throw DomainError("invalid", "encoding '" + name + "' is not one of auto, utf-8, shift_jis");
}

std::string decodeToUtf8(const std::string& bytes, TextEncoding encoding) {
  if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF')))
    throw DomainError("invalid", "the file is UTF-16; save it as UTF-8 or Shift_JIS");
  const bool bom = bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0;
  if (encoding != TextEncoding::ShiftJis) {
    const std::size_t bad = invalidUtf8At(bytes);
    if (bad == std::string::npos) return bom ? bytes.substr(3) : bytes;
    if (encoding == TextEncoding::Utf8 || bom)
      throw DomainError("invalid", "the file is not valid UTF-8: line " + std::to_string(lineAt(bytes, bad)) +
                                       ", byte " + std::to_string(bad + 1));
  }
  std::string out;
  std::size_t bad = 0;
  if (!convert("UTF-8", "CP932", bytes, out, bad)) {
    const std::string tried = encoding == TextEncoding::Auto ? "neither UTF-8 nor Shift_JIS" : "not valid Shift_JIS";
    throw DomainError("invalid", "the file is " + tried + ": line " + std::to_string(lineAt(bytes, bad)) + ", byte " +
                                     std::to_string(bad + 1));
  }
  return out;
}

std::string encodeShiftJis(const std::string& utf8) {
  std::string out;
  std::size_t bad = 0;
  if (!convert("CP932", "UTF-8", utf8, out, bad)) {
    std::size_t end = bad + 1;
    while (end < utf8.size() && (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) ++end;
    throw DomainError("invalid", "the character '" + utf8.substr(bad, end - bad) + "' on line " +
                                     std::to_string(lineAt(utf8, bad)) + " has no Shift_JIS form; export as UTF-8");
  }
  return out;
}

}  // namespace monban::host::domain
