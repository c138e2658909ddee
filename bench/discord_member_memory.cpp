// Bytes of heap per cached member: mallinfo2 before and after feeding 100k
// members to the cache through GUILD_MEMBERS_CHUNK dispatches.
#include <malloc.h>

#include <cstdio>
#include <string>

#include <boost/json/parse.hpp>

#include "discord/cache.hpp"

namespace {

std::size_t heap_in_use() { return mallinfo2().uordblks; }

std::string chunk(unsigned first, unsigned count) {
  std::string s = R"({"guild_id":"100","members":[)";
  for (unsigned i = 0; i < count; ++i) {
    const auto id = 100000000000000000ULL + first + i;
    if (i) s += ',';
    s += R"({"user":{"id":")" + std::to_string(id) + R"(","username":"user)" + std::to_string(first + i) +
         R"(","global_name":null,"avatar":"0123456789abcdef0123456789abcdef"},"roles":[)";
    // Two roles for most members, none for some, like a typical guild.
    if ((first + i) % 4 != 0) s += R"("200","201")";
    s += R"(],"nick":)";
    s += (first + i) % 10 == 0 ? R"("nickname")" : "null";
    s += R"(,"joined_at":"2023-05-01T12:00:00.000000+00:00","deaf":false,"mute":false,"flags":0})";
  }
  return s + "]}";
}

void measure(const char* label, dbot::discord::Cache::Options options) {
  constexpr unsigned kMembers = 100000;
  dbot::discord::Cache cache(options);
  cache.apply(dbot::discord::Event::guild_create, boost::json::parse(R"({"id":"100","name":"Big","owner_id":"1",
      "roles":[{"id":"100","permissions":"0","position":0},{"id":"200","permissions":"0","position":1},
               {"id":"201","permissions":"0","position":2}],"channels":[],"members":[]})"));
  malloc_trim(0);
  const auto before = heap_in_use();
  for (unsigned first = 0; first < kMembers; first += 1000) {
    auto d = boost::json::parse(chunk(first, 1000));
    cache.apply(dbot::discord::Event::guild_members_chunk, d);
  }
  malloc_trim(0);
  const auto after = heap_in_use();
  const auto stats = cache.stats();
  std::printf("%-28s members=%zu heap=%.1f MiB bytes/member=%.1f (cache estimate %.1f)\n", label, stats.members,
              static_cast<double>(after - before) / (1024.0 * 1024.0),
              static_cast<double>(after - before) / static_cast<double>(stats.members),
              static_cast<double>(stats.approx_bytes) / static_cast<double>(stats.members));
}

}  // namespace

int main() {
  measure("members only (default)", {dbot::discord::MemberCachePolicy::all, false});
  measure("members + users", {dbot::discord::MemberCachePolicy::all, true});
  return 0;
}
