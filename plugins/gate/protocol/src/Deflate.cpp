#include "monban/controller/Deflate.h"

#include <zlib.h>

#include "monban/controller/Bytes.h"

namespace monban::controller {

namespace {

constexpr int kLevel = 3;        // within a few percent of level 9 on event batches, at a third of the time
constexpr int kWindowBits = 15;  // negative below: raw deflate
constexpr int kMemLevel = 6;     // a smaller hash table to clear for every payload

}  // namespace

std::vector<uint8_t> deflateRaw(std::span<const uint8_t> in) {
  z_stream z{};
  if (deflateInit2(&z, kLevel, Z_DEFLATED, -kWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflate: cannot set up the compressor");
  std::vector<uint8_t> out(deflateBound(&z, static_cast<uLong>(in.size())));
  z.next_in = const_cast<Bytef*>(in.data());  // zlib's API is not const-correct; it only reads
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (status != Z_STREAM_END) throw std::runtime_error("deflate: the output did not fit its bound");
  return out;
}

std::vector<uint8_t> inflateRaw(std::span<const uint8_t> in, std::size_t size, const std::string& what) {
  z_stream z{};
  if (inflateInit2(&z, -kWindowBits) != Z_OK) throw std::runtime_error("inflate: cannot set up the decompressor");
  std::vector<uint8_t> out(size);
  z.next_in = const_cast<Bytef*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  const int status = inflate(&z, Z_FINISH);
  const std::size_t produced = z.total_out;
  const std::size_t unread = z.avail_in;
  const std::string message = z.msg != nullptr ? z.msg : "";
  inflateEnd(&z);
  if (status == Z_STREAM_END && produced == size && unread == 0) return out;
  if (status == Z_STREAM_END && unread > 0)
    throw ProtocolError(what + ": " + std::to_string(unread) + " bytes after the end of the deflate data");
  if (status == Z_STREAM_END)
    throw ProtocolError(what + ": inflates to " + std::to_string(produced) + " bytes, announced " +
                        std::to_string(size));
  if (status == Z_DATA_ERROR) throw ProtocolError(what + ": broken deflate data (" + message + ")");
  // Z_BUF_ERROR: either the output is full and the stream goes on, or the input ended early.
  if (produced == size)
    throw ProtocolError(what + ": inflates to more than the announced " + std::to_string(size) + " bytes");
  throw ProtocolError(what + ": deflate data ends early, after " + std::to_string(produced) + " of " +
                      std::to_string(size) + " bytes");
}

}  // namespace monban::controller
