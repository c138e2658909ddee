#include "sim/compression.hpp"

#include <zlib.h>
#include <zstd.h>

#include "core/error.hpp"

namespace dbot::sim {
namespace {

class ZlibCompressor final : public StreamCompressor {
 public:
  ZlibCompressor() {
    if (deflateInit(&z_, Z_DEFAULT_COMPRESSION) != Z_OK) throw Error("zlib deflateInit failed");
  }
  ~ZlibCompressor() override { deflateEnd(&z_); }
  ZlibCompressor(const ZlibCompressor&) = delete;
  ZlibCompressor& operator=(const ZlibCompressor&) = delete;

  std::string compress(std::string_view message) override {
    std::string out;
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(message.data()));
    z_.avail_in = static_cast<uInt>(message.size());
    char buffer[16384];
    do {
      z_.next_out = reinterpret_cast<Bytef*>(buffer);
      z_.avail_out = sizeof buffer;
      const int rc = deflate(&z_, Z_SYNC_FLUSH);
      if (rc != Z_OK && rc != Z_BUF_ERROR) throw Error("zlib deflate failed");
      out.append(buffer, sizeof buffer - z_.avail_out);
    } while (z_.avail_out == 0);
    return out;
  }

 private:
  z_stream z_{};
};

class ZlibDecompressor final : public StreamDecompressor {
 public:
  ZlibDecompressor() {
    if (inflateInit(&z_) != Z_OK) throw Error("zlib inflateInit failed");
  }
  ~ZlibDecompressor() override { inflateEnd(&z_); }
  ZlibDecompressor(const ZlibDecompressor&) = delete;
  ZlibDecompressor& operator=(const ZlibDecompressor&) = delete;

  std::string decompress(std::string_view frame) override {
    pending_.append(frame);
    static constexpr char kSuffix[] = {'\x00', '\x00', '\xff', '\xff'};
    if (pending_.size() < 4 || pending_.compare(pending_.size() - 4, 4, kSuffix, 4) != 0) return {};
    std::string out;
    z_.next_in = reinterpret_cast<Bytef*>(pending_.data());
    z_.avail_in = static_cast<uInt>(pending_.size());
    char buffer[16384];
    do {
      z_.next_out = reinterpret_cast<Bytef*>(buffer);
      z_.avail_out = sizeof buffer;
      const int rc = inflate(&z_, Z_SYNC_FLUSH);
      if (rc != Z_OK && rc != Z_BUF_ERROR) throw Error("zlib inflate failed");
      out.append(buffer, sizeof buffer - z_.avail_out);
    } while (z_.avail_out == 0 || z_.avail_in > 0);
    pending_.clear();
    return out;
  }

 private:
  z_stream z_{};
  std::string pending_;
};

class ZstdCompressor final : public StreamCompressor {
 public:
  ZstdCompressor() : stream_(ZSTD_createCStream()) {
    if (!stream_) throw Error("ZSTD_createCStream failed");
  }
  ~ZstdCompressor() override { ZSTD_freeCStream(stream_); }
  ZstdCompressor(const ZstdCompressor&) = delete;
  ZstdCompressor& operator=(const ZstdCompressor&) = delete;

  std::string compress(std::string_view message) override {
    std::string out;
    ZSTD_inBuffer in{message.data(), message.size(), 0};
    std::string buffer(ZSTD_CStreamOutSize(), '\0');
    for (;;) {
      ZSTD_outBuffer o{buffer.data(), buffer.size(), 0};
      const std::size_t remaining = ZSTD_compressStream2(stream_, &o, &in, ZSTD_e_flush);
      if (ZSTD_isError(remaining)) throw Error(std::string("zstd compress failed: ") + ZSTD_getErrorName(remaining));
      out.append(buffer.data(), o.pos);
      if (remaining == 0 && in.pos == in.size) break;
    }
    return out;
  }

 private:
  ZSTD_CStream* stream_;
};

class ZstdDecompressor final : public StreamDecompressor {
 public:
  ZstdDecompressor() : stream_(ZSTD_createDStream()) {
    if (!stream_) throw Error("ZSTD_createDStream failed");
  }
  ~ZstdDecompressor() override { ZSTD_freeDStream(stream_); }
  ZstdDecompressor(const ZstdDecompressor&) = delete;
  ZstdDecompressor& operator=(const ZstdDecompressor&) = delete;

  std::string decompress(std::string_view frame) override {
    std::string out;
    ZSTD_inBuffer in{frame.data(), frame.size(), 0};
    std::string buffer(ZSTD_DStreamOutSize(), '\0');
    for (;;) {
      ZSTD_outBuffer o{buffer.data(), buffer.size(), 0};
      const std::size_t rc = ZSTD_decompressStream(stream_, &o, &in);
      if (ZSTD_isError(rc)) throw Error(std::string("zstd decompress failed: ") + ZSTD_getErrorName(rc));
      out.append(buffer.data(), o.pos);
      // Done when all input is consumed and the output buffer was not filled up.
      if (in.pos == in.size && o.pos < o.size) break;
    }
    return out;
  }

 private:
  ZSTD_DStream* stream_;
};

}  // namespace

Compression parse_compression(std::string_view name) {
  if (name == "zlib-stream") return Compression::zlib_stream;
  if (name == "zstd-stream") return Compression::zstd_stream;
  return Compression::none;
}

std::unique_ptr<StreamCompressor> make_compressor(Compression kind) {
  switch (kind) {
    case Compression::zlib_stream: return std::make_unique<ZlibCompressor>();
    case Compression::zstd_stream: return std::make_unique<ZstdCompressor>();
    case Compression::none: break;
  }
  return nullptr;
}

std::unique_ptr<StreamDecompressor> make_decompressor(Compression kind) {
  switch (kind) {
    case Compression::zlib_stream: return std::make_unique<ZlibDecompressor>();
    case Compression::zstd_stream: return std::make_unique<ZstdDecompressor>();
    case Compression::none: break;
  }
  return nullptr;
}

}  // namespace dbot::sim
