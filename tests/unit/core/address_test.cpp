#include "core/address.hpp"

#include <gtest/gtest.h>

namespace {

TEST(Address, LoopbackIsDecidedByParsingNotByString) {
  for (const char* loop : {"127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "[::1]", "localhost", "::ffff:127.0.0.1",
                           "0:0:0:0:0:0:0:1"}) {
    EXPECT_TRUE(dbot::is_loopback_address(loop)) << loop;
  }
  for (const char* open : {"0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "[::]", "128.0.0.1", "example.com", "",
                           "127.0.0.1.evil", "::ffff:10.0.0.1"}) {
    EXPECT_FALSE(dbot::is_loopback_address(open)) << open;
  }
}

TEST(Address, ValidBindAddresses) {
  EXPECT_TRUE(dbot::is_valid_bind_address("0.0.0.0"));
  EXPECT_TRUE(dbot::is_valid_bind_address("[::]"));
  EXPECT_TRUE(dbot::is_valid_bind_address("localhost"));
  EXPECT_FALSE(dbot::is_valid_bind_address("999.1.1.1"));
  EXPECT_FALSE(dbot::is_valid_bind_address("my host"));
}

}  // namespace
