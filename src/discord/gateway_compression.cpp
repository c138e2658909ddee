#include "discord/gateway_compression.hpp"

#include <zlib.h>
#include <zstd.h>

#include "core/error.hpp"

namespace dbot::discord {

bool parse_gateway_compression(std::string_view text, GatewayCompression& out) {
  if (text == "zlib-stream" || text == "zlib") {
    out = GatewayCompression::zlib_stream;
  } else if (text == "zstd-stream" || text == "zstd") {
    out = GatewayCompression::zstd_stream;
  } else if (text == "none" || text.empty()) {
    out = GatewayCompression::none;
  } else {
    return false;
  }
  return true;
}

std::string_view to_string(GatewayCompression c) {
  switch (c) {
    case GatewayCompression::zlib_stream: return "zlib-stream";
    case GatewayCompression::zstd_stream: return "zstd-stream";
    case GatewayCompression::none: return "none";
  }
  return "none";
}

namespace {

[[noreturn]] void corrupt(const char* what) {
  throw Error("Discord sent something unexpected.", std::string("gateway: corrupt compressed data: ") + what);
}

[[noreturn]] void too_large(const char* what, std::size_t limit) {
  throw Error("Discord sent something unexpected.", std::string("gateway: ") + what + " exceeds " +
                                                        std::to_string(limit) + " bytes; dropping the connection");
}

void append_bounded(std::string& out, const char* data, std::size_t size, std::size_t limit) {
  if (out.size() + size > limit) too_large("decompressed payload", limit);
  out.append(data, size);
}

class PlainDecoder final : public GatewayDecoder {
 public:
  explicit PlainDecoder(GatewayDecoderLimits limits) : limits_(limits) {}
  bool feed(std::string_view frame, std::string& out) override {
    if (frame.size() > limits_.max_payload_bytes) too_large("payload", limits_.max_payload_bytes);
    out.assign(frame);
    return true;
  }

 private:
  GatewayDecoderLimits limits_;
};

class ZlibStreamDecoder final : public GatewayDecoder {
 public:
  explicit ZlibStreamDecoder(GatewayDecoderLimits limits) : limits_(limits) {
    if (inflateInit(&zs_) != Z_OK) throw Error("Out of memory.", "gateway: inflateInit failed");
  }
  ~ZlibStreamDecoder() override { inflateEnd(&zs_); }

  bool feed(std::string_view frame, std::string& out) override {
    if (pending_.size() + frame.size() > limits_.max_pending_bytes) {
      too_large("buffered compressed input", limits_.max_pending_bytes);
    }
    pending_.append(frame);
    if (pending_.size() < 4 || pending_.compare(pending_.size() - 4, 4, std::string_view("\x00\x00\xff\xff", 4)) != 0) {
      return false;
    }
    out.clear();
    zs_.next_in = reinterpret_cast<Bytef*>(pending_.data());
    zs_.avail_in = static_cast<uInt>(pending_.size());
    char buffer[16384];
    while (zs_.avail_in > 0) {
      zs_.next_out = reinterpret_cast<Bytef*>(buffer);
      zs_.avail_out = sizeof buffer;
      const int rc = inflate(&zs_, Z_SYNC_FLUSH);
      if (rc != Z_OK && rc != Z_BUF_ERROR && rc != Z_STREAM_END) corrupt(zs_.msg ? zs_.msg : "inflate");
      const auto produced = sizeof buffer - zs_.avail_out;
      append_bounded(out, buffer, produced, limits_.max_payload_bytes);
      if (rc == Z_BUF_ERROR && produced == 0) break;
      if (rc == Z_STREAM_END) break;
    }
    // Drain anything left in zlib's window.
    for (;;) {
      zs_.next_out = reinterpret_cast<Bytef*>(buffer);
      zs_.avail_out = sizeof buffer;
      const int rc = inflate(&zs_, Z_SYNC_FLUSH);
      const auto produced = sizeof buffer - zs_.avail_out;
      append_bounded(out, buffer, produced, limits_.max_payload_bytes);
      if (produced == 0 || (rc != Z_OK && rc != Z_BUF_ERROR)) break;
    }
    pending_.clear();
    if (pending_.capacity() > (1u << 20)) pending_.shrink_to_fit();
    return true;
  }

 private:
  GatewayDecoderLimits limits_;
  z_stream zs_{};
  std::string pending_;
};

class ZstdStreamDecoder final : public GatewayDecoder {
 public:
  explicit ZstdStreamDecoder(GatewayDecoderLimits limits) : limits_(limits), ds_(ZSTD_createDStream()) {
    if (!ds_) throw Error("Out of memory.", "gateway: ZSTD_createDStream failed");
    ZSTD_initDStream(ds_);
  }
  ~ZstdStreamDecoder() override { ZSTD_freeDStream(ds_); }

  bool feed(std::string_view frame, std::string& out) override {
    out.clear();
    ZSTD_inBuffer in{frame.data(), frame.size(), 0};
    char buffer[16384];
    for (;;) {
      ZSTD_outBuffer ob{buffer, sizeof buffer, 0};
      const auto rc = ZSTD_decompressStream(ds_, &ob, &in);
      if (ZSTD_isError(rc)) corrupt(ZSTD_getErrorName(rc));
      append_bounded(out, buffer, ob.pos, limits_.max_payload_bytes);
      // Done when the input is consumed and the decoder had room to spare
      // (a full output buffer may hide more flushed data).
      if (in.pos == in.size && ob.pos < ob.size) break;
    }
    return true;
  }

 private:
  GatewayDecoderLimits limits_;
  ZSTD_DStream* ds_;
};

}  // namespace

std::unique_ptr<GatewayDecoder> make_gateway_decoder(GatewayCompression compression, GatewayDecoderLimits limits) {
  switch (compression) {
    case GatewayCompression::zlib_stream: return std::make_unique<ZlibStreamDecoder>(limits);
    case GatewayCompression::zstd_stream: return std::make_unique<ZstdStreamDecoder>(limits);
    case GatewayCompression::none: break;
  }
  return std::make_unique<PlainDecoder>(limits);
}

}  // namespace dbot::discord
