#include "discord/gateway_compression.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace dbot::discord;

// The server side of zlib-stream: one deflate context, Z_SYNC_FLUSH per message.
class ZlibSender {
 public:
  ZlibSender() { deflateInit(&zs_, Z_DEFAULT_COMPRESSION); }
  ~ZlibSender() { deflateEnd(&zs_); }
  std::string compress(const std::string& text) {
    std::string out;
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    zs_.avail_in = static_cast<uInt>(text.size());
    char buffer[4096];
    do {
      zs_.next_out = reinterpret_cast<Bytef*>(buffer);
      zs_.avail_out = sizeof buffer;
      if (deflate(&zs_, Z_SYNC_FLUSH) == Z_STREAM_ERROR) throw std::runtime_error("deflate");
      out.append(buffer, sizeof buffer - zs_.avail_out);
    } while (zs_.avail_out == 0);
    return out;
  }

 private:
  z_stream zs_{};
};

// The server side of zstd-stream: one context, each message flushed, never ending the frame.
class ZstdSender {
 public:
  ZstdSender() : cctx_(ZSTD_createCCtx()) {}
  ~ZstdSender() { ZSTD_freeCCtx(cctx_); }
  std::string compress(const std::string& text) {
    std::string out;
    ZSTD_inBuffer in{text.data(), text.size(), 0};
    char buffer[4096];
    for (;;) {
      ZSTD_outBuffer ob{buffer, sizeof buffer, 0};
      auto left = ZSTD_compressStream2(cctx_, &ob, &in, ZSTD_e_flush);
      if (ZSTD_isError(left)) throw std::runtime_error("zstd");
      out.append(buffer, ob.pos);
      if (left == 0) break;
    }
    return out;
  }

 private:
  ZSTD_CCtx* cctx_;
};

std::vector<std::string> sample_payloads() {
  std::vector<std::string> v;
  v.push_back(R"({"op":10,"d":{"heartbeat_interval":41250}})");
  for (int i = 0; i < 50; ++i) {
    v.push_back(R"({"op":0,"s":)" + std::to_string(i + 1) + R"(,"t":"MESSAGE_CREATE","d":{"content":")" +
                std::string(static_cast<std::size_t>(i * 97 % 3000), 'x') + R"("}})");
  }
  // One payload far larger than the decoders' internal buffers.
  std::string big = R"({"op":0,"t":"GUILD_CREATE","d":{"members":[)";
  for (int i = 0; i < 5000; ++i) big += (i ? "," : "") + std::string(R"({"user":{"id":")") + std::to_string(i) + "\"}}";
  big += "]}}";
  v.push_back(big);
  return v;
}

TEST(GatewayCompression, ParsesNames) {
  GatewayCompression c{};
  EXPECT_TRUE(parse_gateway_compression("zstd-stream", c));
  EXPECT_EQ(c, GatewayCompression::zstd_stream);
  EXPECT_TRUE(parse_gateway_compression("zlib-stream", c));
  EXPECT_EQ(c, GatewayCompression::zlib_stream);
  EXPECT_FALSE(parse_gateway_compression("brotli", c));
  EXPECT_EQ(to_string(GatewayCompression::zstd_stream), "zstd-stream");
}

TEST(GatewayCompression, ZlibStreamBuffersUntilTheSyncFlushSuffix) {
  ZlibSender sender;
  auto decoder = make_gateway_decoder(GatewayCompression::zlib_stream);
  std::string out;
  for (const auto& text : sample_payloads()) {
    const auto compressed = sender.compress(text);
    ASSERT_GE(compressed.size(), 4u);
    // Split each message into three frames; only the last completes it.
    const auto a = compressed.size() / 3, b = 2 * compressed.size() / 3;
    if (a > 0) {
      EXPECT_FALSE(decoder->feed(std::string_view(compressed).substr(0, a), out));
    }
    if (b > a) {
      EXPECT_FALSE(decoder->feed(std::string_view(compressed).substr(a, b - a), out));
    }
    ASSERT_TRUE(decoder->feed(std::string_view(compressed).substr(b), out));
    EXPECT_EQ(out, text);
  }
}

TEST(GatewayCompression, ZstdStreamDecodesEachMessageOfOneFrame) {
  ZstdSender sender;
  auto decoder = make_gateway_decoder(GatewayCompression::zstd_stream);
  std::string out;
  for (const auto& text : sample_payloads()) {
    ASSERT_TRUE(decoder->feed(sender.compress(text), out));
    EXPECT_EQ(out, text);
  }
}

TEST(GatewayCompression, CorruptDataThrows) {
  auto zlib = make_gateway_decoder(GatewayCompression::zlib_stream);
  std::string out;
  EXPECT_THROW(zlib->feed(std::string("garbage\x00\x00\xff\xff", 11), out), std::exception);
  auto zstd = make_gateway_decoder(GatewayCompression::zstd_stream);
  EXPECT_THROW(zstd->feed("definitely not zstd", out), std::exception);
}

TEST(GatewayCompression, NoneIsPassThrough) {
  auto plain = make_gateway_decoder(GatewayCompression::none);
  std::string out;
  ASSERT_TRUE(plain->feed(R"({"op":11})", out));
  EXPECT_EQ(out, R"({"op":11})");
}

}  // namespace

namespace {

// A crafted bomb: 8 MiB of spaces inside a JSON string squeezes to a few KiB.
std::string bomb_text() { return R"({"op":0,"t":"X","s":1,"d":{"pad":")" + std::string(8u << 20, ' ') + "\"}}"; }

TEST(GatewayCompression, ZlibBombAboveThePayloadCapThrows) {
  ZlibSender sender;
  const auto frame = sender.compress(bomb_text());
  ASSERT_LT(frame.size(), 64u << 10);
  auto decoder = make_gateway_decoder(GatewayCompression::zlib_stream, {.max_payload_bytes = 1u << 20});
  std::string out;
  EXPECT_THROW(decoder->feed(frame, out), dbot::Error);
  EXPECT_LE(out.size(), 1u << 20);
}

TEST(GatewayCompression, ZstdBombAboveThePayloadCapThrows) {
  ZstdSender sender;
  const auto frame = sender.compress(bomb_text());
  ASSERT_LT(frame.size(), 64u << 10);
  auto decoder = make_gateway_decoder(GatewayCompression::zstd_stream, {.max_payload_bytes = 1u << 20});
  std::string out;
  EXPECT_THROW(decoder->feed(frame, out), dbot::Error);
  EXPECT_LE(out.size(), 1u << 20);
}

TEST(GatewayCompression, PayloadsUpToTheCapStillDecode) {
  ZlibSender zlib_sender;
  ZstdSender zstd_sender;
  const std::string text = bomb_text();
  auto zlib = make_gateway_decoder(GatewayCompression::zlib_stream, {.max_payload_bytes = text.size()});
  auto zstd = make_gateway_decoder(GatewayCompression::zstd_stream, {.max_payload_bytes = text.size()});
  std::string out;
  ASSERT_TRUE(zlib->feed(zlib_sender.compress(text), out));
  EXPECT_EQ(out.size(), text.size());
  ASSERT_TRUE(zstd->feed(zstd_sender.compress(text), out));
  EXPECT_EQ(out.size(), text.size());
}

// zlib input without the 00 00 ff ff suffix is buffered; endless partial
// frames must not grow that buffer without bound.
TEST(GatewayCompression, ZlibPendingInputIsBounded) {
  auto decoder = make_gateway_decoder(GatewayCompression::zlib_stream, {.max_pending_bytes = 64u << 10});
  std::string out;
  const std::string chunk(16u << 10, 'x');
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(decoder->feed(chunk, out));
  EXPECT_THROW(decoder->feed(chunk, out), dbot::Error);
}

TEST(GatewayCompression, UncompressedPayloadAboveTheCapThrows) {
  auto plain = make_gateway_decoder(GatewayCompression::none, {.max_payload_bytes = 8});
  std::string out;
  EXPECT_THROW(plain->feed(R"({"op":11,"d":null})", out), dbot::Error);
}

}  // namespace
