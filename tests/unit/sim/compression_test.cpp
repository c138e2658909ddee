#include "sim/compression.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dbot::sim {
namespace {

std::string payload(int i) {
  return R"({"op":0,"t":"MESSAGE_CREATE","s":)" + std::to_string(i) + R"(,"d":{"content":")" +
         std::string(static_cast<std::size_t>(50 + i * 37), static_cast<char>('a' + i % 26)) + R"("}})";
}

TEST(SimCompression, ParsesNames) {
  EXPECT_EQ(parse_compression("zlib-stream"), Compression::zlib_stream);
  EXPECT_EQ(parse_compression("zstd-stream"), Compression::zstd_stream);
  EXPECT_EQ(parse_compression(""), Compression::none);
  EXPECT_EQ(make_compressor(Compression::none), nullptr);
}

TEST(SimCompression, ZlibStreamMessagesEndWithSyncFlushAndShareOneContext) {
  auto compressor = make_compressor(Compression::zlib_stream);
  auto decompressor = make_decompressor(Compression::zlib_stream);
  std::size_t first_size = 0;
  for (int i = 0; i < 20; ++i) {
    const auto frame = compressor->compress(payload(i));
    ASSERT_GE(frame.size(), 4u);
    EXPECT_EQ(frame.substr(frame.size() - 4), std::string("\x00\x00\xff\xff", 4));
    if (i == 0) first_size = frame.size();
    EXPECT_EQ(decompressor->decompress(frame), payload(i));
  }
  // The shared dictionary makes a repeated message much smaller the second time.
  const auto again = compressor->compress(payload(0));
  EXPECT_LT(again.size(), first_size);
  EXPECT_EQ(decompressor->decompress(again), payload(0));
}

TEST(SimCompression, ZlibStreamCannotBeReadWithAFreshContext) {
  auto compressor = make_compressor(Compression::zlib_stream);
  (void)compressor->compress(payload(1));
  const auto second = compressor->compress(payload(2));
  auto fresh = make_decompressor(Compression::zlib_stream);
  EXPECT_THROW((void)fresh->decompress(second), std::exception);
}

TEST(SimCompression, ZstdStreamRoundTripsEachMessageWithoutEndingTheFrame) {
  auto compressor = make_compressor(Compression::zstd_stream);
  auto decompressor = make_decompressor(Compression::zstd_stream);
  for (int i = 0; i < 20; ++i) {
    const auto frame = compressor->compress(payload(i));
    EXPECT_EQ(decompressor->decompress(frame), payload(i));
  }
  const std::string big(200000, 'x');
  EXPECT_EQ(decompressor->decompress(compressor->compress(big)), big);
}

}  // namespace
}  // namespace dbot::sim
