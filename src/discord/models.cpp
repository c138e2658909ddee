#include "discord/models.hpp"

#include <chrono>

namespace dbot::discord {

bool is_text_based(ChannelType type) {
  switch (type) {
    case ChannelType::guild_text:
    case ChannelType::dm:
    case ChannelType::guild_voice:  // voice channels have text chat
    case ChannelType::group_dm:
    case ChannelType::guild_announcement:
    case ChannelType::announcement_thread:
    case ChannelType::public_thread:
    case ChannelType::private_thread:
    case ChannelType::guild_stage_voice: return true;
    default: return false;
  }
}

bool is_thread(ChannelType type) {
  return type == ChannelType::announcement_thread || type == ChannelType::public_thread ||
         type == ChannelType::private_thread;
}

namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::int64_t parse_timestamp_ms(std::string_view s) {
  // 2015-04-26T06:26:56.936000+00:00 (fraction and offset optional, or Z)
  int y, mo, d, h, mi, sec;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, h) || s[13] != ':' ||
      !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec)) {
    return 0;
  }
  std::size_t pos = 19;
  std::int64_t ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
  }
  std::int64_t offset_min = 0;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!digits(s, pos + 1, 2, oh) || !digits(s, pos + 4, 2, om)) return 0;
    offset_min = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
  }
  using namespace std::chrono;
  const auto day =
      year_month_day{year{y}, month{static_cast<unsigned>(mo)}, std::chrono::day{static_cast<unsigned>(d)}};
  if (!day.ok()) return 0;
  const auto tp = sys_days{day} + hours{h} + minutes{mi} + seconds{sec} - minutes{offset_min};
  return duration_cast<milliseconds>(tp.time_since_epoch()).count() + ms;
}

}  // namespace dbot::discord
