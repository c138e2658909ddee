// Gateway ingest from a buffer: MESSAGE_CREATE payloads decoded (zlib-stream
// inflate), parsed, run through the session state machine and the cache,
// and handed to a handler that parses the Message model. Reports events/s.
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <string>
#include <vector>

#include "discord/cache.hpp"
#include "discord/gateway_compression.hpp"
#include "discord/gateway_session.hpp"
#include "discord/models_json.hpp"

namespace {

std::string message_create(unsigned seq) {
  return R"({"op":0,"s":)" + std::to_string(seq) +
         R"(,"t":"MESSAGE_CREATE","d":{"type":0,"tts":false,"timestamp":"2024-05-01T12:00:00.000000+00:00",
"pinned":false,"mentions":[],"mention_roles":[],"mention_everyone":false,"member":{"roles":["200"],
"premium_since":null,"pending":false,"nick":null,"mute":false,"joined_at":"2023-01-01T00:00:00.000000+00:00",
"flags":0,"deaf":false,"avatar":null},"id":")" +
         std::to_string(1200000000000000000ULL + seq) +
         R"(","flags":0,"embeds":[],"edited_timestamp":null,"content":"hello world, this is message number )" +
         std::to_string(seq) +
         R"(","components":[],"channel_id":"300","author":{"username":"someone","public_flags":0,"id":"400",
"global_name":"Someone","discriminator":"0","avatar":"0123456789abcdef0123456789abcdef"},"attachments":[],
"guild_id":"100"}})";
}

std::vector<std::string> frames(bool compress) {
  std::vector<std::string> out;
  z_stream zs{};
  deflateInit(&zs, Z_DEFAULT_COMPRESSION);
  for (unsigned i = 1; i <= 10000; ++i) {
    auto text = message_create(i);
    if (!compress) {
      out.push_back(std::move(text));
      continue;
    }
    std::string c(text.size() + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(text.data());
    zs.avail_in = static_cast<uInt>(text.size());
    zs.next_out = reinterpret_cast<Bytef*>(c.data());
    zs.avail_out = static_cast<uInt>(c.size());
    deflate(&zs, Z_SYNC_FLUSH);
    c.resize(c.size() - zs.avail_out);
    out.push_back(std::move(c));
  }
  deflateEnd(&zs);
  return out;
}

void ingest(benchmark::State& state, bool compress) {
  const auto input = frames(compress);
  dbot::discord::Cache cache;
  std::uint64_t checksum = 0;
  for (auto _ : state) {
    auto decoder = make_gateway_decoder(compress ? dbot::discord::GatewayCompression::zlib_stream
                                                 : dbot::discord::GatewayCompression::none);
    dbot::discord::GatewaySession session({"token", 0, 0, 1, {}, 250});
    std::string text;
    for (const auto& frame : input) {
      if (!decoder->feed(frame, text)) continue;
      auto payload = dbot::discord::parse_gateway_payload(text);
      auto r = session.on_payload(payload);
      if (!r.dispatch) continue;
      cache.apply(dbot::discord::event_named(payload.t), payload.d);
      auto message = dbot::discord::parse_message(payload.d.as_object());
      checksum += message.content.size();
    }
  }
  benchmark::DoNotOptimize(checksum);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * input.size()));
}

void BM_IngestMessageCreatePlain(benchmark::State& state) { ingest(state, false); }
void BM_IngestMessageCreateZlib(benchmark::State& state) { ingest(state, true); }
BENCHMARK(BM_IngestMessageCreatePlain)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IngestMessageCreateZlib)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
