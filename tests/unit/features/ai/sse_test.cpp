#include "features/ai/provider/sse.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace dbot::features::ai {
namespace {

std::vector<SseEvent> feed_in_pieces(std::string_view bytes, std::size_t piece) {
  SseParser parser;
  std::vector<SseEvent> all;
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    for (auto& event : parser.feed(bytes.substr(at, piece))) all.push_back(std::move(event));
  }
  return all;
}

TEST(SseParser, EventsSurviveEverySplitPoint) {
  const std::string stream =
      "event: message_start\r\ndata: {\"a\":1}\r\n\r\n"
      ": keep-alive\r\n\r\n"
      "data: first line\r\ndata: second line\r\n\r\n"
      "data: [DONE]\r\n\r\n";
  for (std::size_t piece = 1; piece <= stream.size(); ++piece) {
    const auto events = feed_in_pieces(stream, piece);
    ASSERT_EQ(events.size(), 3u) << "piece size " << piece;
    EXPECT_EQ(events[0].event, "message_start");
    EXPECT_EQ(events[0].data, R"({"a":1})");
    EXPECT_EQ(events[1].event, "");
    EXPECT_EQ(events[1].data, "first line\nsecond line");
    EXPECT_EQ(events[2].data, "[DONE]");
  }
}

TEST(SseParser, CommentsAndDatalessEventsProduceNothing) {
  SseParser parser;
  EXPECT_TRUE(parser.feed(": ping\n\n:another\n\nevent: ping\n\n").empty());
  const auto events = parser.feed("data:no-space\n\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, "no-space");
  EXPECT_EQ(events[0].event, "");  // the name does not leak from the dropped event
}

TEST(SseParser, LoneCarriageReturnsAndLineFeedsEndLines) {
  SseParser parser;
  const auto events = parser.feed("data: a\rdata: b\n\rdata: c\n\n");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].data, "a\nb");
  EXPECT_EQ(events[1].data, "c");
}

TEST(SseParser, AnIncompleteEventWaitsForItsBlankLine) {
  SseParser parser;
  EXPECT_TRUE(parser.feed("data: {\"partial\":").empty());
  EXPECT_TRUE(parser.feed("true}\n").empty());
  const auto events = parser.feed("\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, R"({"partial":true})");
}

TEST(SseParser, ALineOverTheCapThrows) {
  SseParser parser(16);
  EXPECT_THROW(parser.feed(std::string(64, 'x')), std::length_error);
}

}  // namespace
}  // namespace dbot::features::ai
