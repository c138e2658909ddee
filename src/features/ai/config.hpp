#pragma once
// The AI section: providers (`[ai.providers.*]`, merged over the built-ins),
// routing, the CENSORED fallback and the personality (the system prompt),
// with the provider API keys read from the environment. Always present.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/config/section.hpp"

namespace dbot::features::ai {

enum class ProviderSpec { openai, anthropic };

struct ProviderDef {
  std::string name;
  std::string url;
  std::string model;
  std::string api_key_env;
  std::uint32_t max_tokens = 0;
  std::uint32_t timeout_secs = 30;
  bool supports_vision = false;
  bool supports_tools = true;
  bool is_reasoner = false;
  ProviderSpec spec = ProviderSpec::openai;
  std::map<std::string, std::string> headers;
  std::string auth_header = "Authorization";
  std::string auth_scheme = "Bearer ";
  // Ask for a streamed answer (SSE) when the caller shows progress; off for
  // servers that do not stream.
  bool stream = true;
  bool builtin = false;
  // The key read from the variable named by api_key_env (secret). Unset or
  // empty after trimming means the provider is unavailable.
  std::optional<std::string> api_key;

  bool available() const { return api_key.has_value(); }
};

struct AiRouting {
  std::optional<std::string> chat;
  std::optional<std::string> vision;
  std::optional<std::string> reasoner;
};

// Retries, the per-request deadline and the circuit breakers of the
// provider layer (documented [ai] keys).
struct AiResilience {
  std::uint32_t retries = 2;                 // per provider, after the first attempt
  std::uint32_t request_deadline_secs = 90;  // one model call: attempts, retries, fallbacks
  std::uint32_t breaker_failures = 5;        // consecutive failures that open a provider's breaker
  std::uint32_t breaker_cooldown_secs = 30;  // open time before one probe request
};

// How AI chat answers on Discord (the [ai] table's own keys).
struct ChatSettings {
  bool dm = false;                               // answer direct messages too
  std::uint32_t history_minutes = 30;            // a plain mention looks this far back
  std::uint32_t history_messages = 10;           // ... at this many earlier turns at most
  std::uint32_t context_tokens = 6000;           // estimated tokens of history sent with a turn
  std::uint32_t attachment_max_bytes = 100'000;  // text attachments larger than this are not read
};

struct AiConfig {
  std::map<std::string, ProviderDef> providers;  // built-ins merged with [ai.providers.*]
  AiRouting routing;                             // the defaults when [ai.routing] is absent
  bool routing_configured = false;               // [ai.routing] was present
  std::vector<std::string> on_censored;          // as written (aliases allowed)
  // The fallback order after any other failure (timeout, 5xx, 429, refusal,
  // open breaker); as written, and on_censored's list when not configured.
  std::vector<std::string> on_error;
  AiResilience resilience;
  std::string personality_file = "personality.txt";
  std::string personality;  // the file's contents; empty when not loaded (AI off and file missing)
  ChatSettings chat_settings;

  // The provider for a role when it is set and available.
  const ProviderDef* chat() const;
  const ProviderDef* vision() const;
  const ProviderDef* reasoner() const;
  // AI chat answers @mentions only when chat or vision is available.
  bool chat_active() const { return chat() != nullptr || vision() != nullptr; }
  // A provider by name, accepting the seed's aliases (gemini, deepseek, ...).
  const ProviderDef* named(const std::string& name) const;
};

const config::ConfigSection& config_section();

}  // namespace dbot::features::ai
