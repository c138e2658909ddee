// End-to-end gateway ingest: an in-process simulator blasts MESSAGE_CREATE
// dispatches at a real GatewayClient over a loopback WebSocket (zlib-stream,
// zstd-stream or uncompressed). The client decompresses, parses, runs the
// session state machine, updates the cache and parses the Message model in
// its handler, as the bot layer would.
//
// Reports wall-clock events/s (bounded by whichever side is slower: the
// simulator shares the machine) and the client thread's CPU time per event,
// which is the number that says what ingest costs us.
//
//   bench_discord_gateway_ingest_sim [events=20000]

// g++ 12 reports a false -Wmismatched-new-delete on Asio coroutine frames.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include <pthread.h>
#include <spdlog/spdlog.h>
#include <time.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/object.hpp>

#include "discord/cache.hpp"
#include "discord/gateway.hpp"
#include "discord/models_json.hpp"
#include "discord/rest_client.hpp"
#include "net/http_client.hpp"
#include "sim/simulator.hpp"

namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using dbot::discord::GatewayCompression;

double thread_cpu_seconds(pthread_t thread) {
  clockid_t clock{};
  if (pthread_getcpuclockid(thread, &clock) != 0) return 0;
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// The `d` of a typical guild MESSAGE_CREATE (~1 KB, like Discord's).
std::string message_data(const std::string& guild, const std::string& channel, const std::string& author, unsigned i) {
  return R"({"type":0,"tts":false,"timestamp":"2024-05-01T12:00:00.000000+00:00","pinned":false,"mentions":[],)"
         R"("mention_roles":[],"mention_everyone":false,"member":{"roles":[],"premium_since":null,"pending":false,)"
         R"("nick":null,"mute":false,"joined_at":"2023-01-01T00:00:00.000000+00:00","flags":0,"deaf":false,)"
         R"("avatar":null},"id":")" +
         std::to_string(1200000000000000000ULL + i) +
         R"(","flags":0,"embeds":[],"edited_timestamp":null,"content":"hello world, this is message number )" +
         std::to_string(i) +
         R"( with a little more text to look like a real chat line","components":[],)"
         R"("channel_id":")" +
         channel + R"(","author":{"username":"alice","public_flags":0,"id":")" + author +
         R"(","global_name":"Alice","discriminator":"0","avatar":"0123456789abcdef0123456789abcdef"},)"
         R"("attachments":[],"guild_id":")" +
         guild + R"("})";
}

void run(GatewayCompression compression, unsigned events) {
  asio::io_context sim_io;
  auto sim_guard = asio::make_work_guard(sim_io);
  dbot::sim::Simulator::Options sim_options;
  dbot::sim::Simulator sim(sim_io.get_executor(), sim_options);
  sim.start();
  std::thread sim_thread([&] { sim_io.run(); });

  asio::io_context client_io;
  auto client_guard = asio::make_work_guard(client_io);
  auto http = std::make_shared<dbot::net::HttpClient>(client_io.get_executor(), dbot::net::HttpClient::Options{});
  dbot::discord::RestOptions rest_options;
  rest_options.api_base = sim.api_url();
  rest_options.token = "sim-bot-token";
  dbot::discord::RestClient rest(client_io.get_executor(), rest_options, dbot::discord::make_http_transport(http));
  dbot::discord::Cache cache;
  std::atomic<bool> ready{false};
  std::atomic<unsigned> received{0};
  std::atomic<std::uint64_t> checksum{0};
  dbot::discord::DispatchHandler handler = [&](dbot::discord::Dispatch& d) -> asio::awaitable<void> {
    cache.apply(dbot::discord::event_named(d.name), d.data);
    if (d.name == "GUILD_CREATE") ready = true;
    if (d.name == "MESSAGE_CREATE") {
      auto message = dbot::discord::parse_message(d.data.as_object());
      checksum += message.content.size();
      ++received;
    }
    co_return;
  };
  dbot::discord::GatewayOptions gateway_options;
  gateway_options.token = "sim-bot-token";
  gateway_options.intents =
      dbot::discord::intents::guilds | dbot::discord::intents::guild_messages | dbot::discord::intents::message_content;
  gateway_options.compression = compression;
  dbot::discord::GatewayClient gateway(client_io.get_executor(), gateway_options, rest, handler);
  asio::co_spawn(client_io, gateway.run(), asio::detached);
  std::thread client_thread([&] { client_io.run(); });

  const auto wait_until = [](auto pred, std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!pred() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
    return pred();
  };
  if (!wait_until([&] { return ready.load(); }, 10s)) {
    std::fprintf(stderr, "the gateway did not become ready\n");
    std::exit(1);
  }

  const auto [guild, channel, author] = sim.with_world([](dbot::sim::World& w) {
    return std::tuple{std::to_string(w.names.guilds.at("Sandbox")), std::to_string(w.names.channels.at("general")),
                      std::to_string(w.names.users.at("alice"))};
  });
  // Payloads are built before the clock starts: only gateway work is timed.
  std::vector<dbot::sim::Gateway::Event> batch;
  batch.reserve(events);
  for (unsigned i = 0; i < events; ++i) {
    dbot::sim::Gateway::Event e;
    e.name = "MESSAGE_CREATE";
    e.guild_id = std::stoull(guild);
    e.intents = dbot::discord::intents::guild_messages;
    e.data = message_data(guild, channel, author, i);
    e.message_content = true;
    batch.push_back(std::move(e));
  }

  const auto cpu_before = thread_cpu_seconds(client_thread.native_handle());
  const auto started = std::chrono::steady_clock::now();
  // In slices, so that the simulator's writer sends while we queue.
  for (unsigned first = 0; first < events; first += 500) {
    std::lock_guard lock(sim.service().mutex);
    for (unsigned i = first; i < std::min(events, first + 500); ++i) sim.service().gateway().dispatch(batch[i]);
  }
  const bool done = wait_until([&] { return received.load() == events; }, 120s);
  const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const auto cpu = thread_cpu_seconds(client_thread.native_handle()) - cpu_before;

  std::printf("%-12s events=%u received=%u wall=%.3f s  %.0f events/s  client CPU %.2f us/event (%.0f events/CPU-s)\n",
              std::string(dbot::discord::to_string(compression)).c_str(), events, received.load(), elapsed,
              received.load() / elapsed, cpu * 1e6 / std::max(1u, received.load()), received.load() / cpu);

  asio::post(client_io, [&] { gateway.stop(); });
  std::this_thread::sleep_for(100ms);
  client_guard.reset();
  client_io.stop();
  client_thread.join();
  asio::post(sim_io, [&] { sim.stop(); });
  std::this_thread::sleep_for(50ms);
  sim_guard.reset();
  sim_io.stop();
  sim_thread.join();
  if (!done) std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  const unsigned events = argc > 1 ? static_cast<unsigned>(std::strtoul(argv[1], nullptr, 10)) : 20000;
  run(GatewayCompression::none, events);
  run(GatewayCompression::zlib_stream, events);
  run(GatewayCompression::zstd_stream, events);
  return 0;
}
