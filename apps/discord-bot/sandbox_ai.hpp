#pragma once
// The sandbox's AI model: the loopback stand-in provider (sim/ai_provider),
// answering with short scripted text in the OpenAI-compatible wire format
// (streamed when asked), and the instance's [ai] routing pointed at it, so
// mentions get answers with no network and no API key.

#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "core/config/instance_config.hpp"
#include "sim/ai_provider/fake_ai_provider.hpp"

namespace dbot::app {

inline constexpr const char* kSandboxAiProvider = "sandbox-stand-in";

// Started on a free loopback port.
std::unique_ptr<sim::ai::FakeAiProvider> start_sandbox_ai(boost::asio::any_io_executor executor);

// Routes chat and vision to the stand-in (the instance's own providers are
// kept in the config but not used).
void route_ai_to(config::InstanceConfig& config, const std::string& openai_url);

}  // namespace dbot::app
