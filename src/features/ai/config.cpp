// The [ai] table: provider definitions, routing and the CENSORED fallback,
// validated as the seed does at startup (errors) plus its warnings.

#include <algorithm>

#include "features/ai/config.hpp"

#include <array>

#include "core/config/checks.hpp"
#include "core/config/section_context.hpp"
#include "core/config/text_file.hpp"
#include "core/config/toml_read.hpp"

namespace dbot::features::ai {
using namespace config;
namespace {

const ProviderDef* available_by_name(const AiConfig& ai, const std::optional<std::string>& name) {
  if (!name) return nullptr;
  const auto it = ai.providers.find(*name);
  if (it == ai.providers.end() || !it->second.available()) return nullptr;
  return &it->second;
}

// Aliases the seed accepts in runtime lookups (not in [ai.routing]).
std::string canonical_name(const std::string& name) {
  static const std::map<std::string, std::string, std::less<>> kAliases = {
      {"gemini", "gemini_flash"},
      {"deepseek", "deepseek_chat"},
      {"deepseek-chat", "deepseek_chat"},
      {"deepseek-v4", "deepseek_chat"},
      {"deepseek-v4-flash", "deepseek_chat"},
      {"deepseek-v4-pro", "deepseek_reasoner"},
      {"deepseek-reasoner", "deepseek_reasoner"},
  };
  const auto it = kAliases.find(name);
  return it == kAliases.end() ? name : it->second;
}

bool has_whitespace(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

bool valid_env_name(std::string_view name) {
  if (name.empty() || (name.front() >= '0' && name.front() <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string configured_names(const AiConfig& ai) {
  std::string out = "[";
  for (const auto& [name, provider] : ai.providers) {
    if (out.size() > 1) out += ", ";
    out += name;
  }
  return out + "]";
}

}  // namespace

const ProviderDef* AiConfig::chat() const { return available_by_name(*this, routing.chat); }
const ProviderDef* AiConfig::vision() const { return available_by_name(*this, routing.vision); }
const ProviderDef* AiConfig::reasoner() const { return available_by_name(*this, routing.reasoner); }

const ProviderDef* AiConfig::named(const std::string& name) const {
  if (auto it = providers.find(name); it != providers.end()) return &it->second;
  if (auto it = providers.find(canonical_name(name)); it != providers.end() && it->second.builtin) return &it->second;
  return nullptr;
}

namespace {

std::map<std::string, ProviderDef> builtin_providers() {
  const auto make = [](std::string name, std::string url, std::string model, std::string key_env,
                       std::uint32_t max_tokens, std::uint32_t timeout, bool vision, bool tools, bool reasoner) {
    ProviderDef def;
    def.name = std::move(name);
    def.url = std::move(url);
    def.model = std::move(model);
    def.api_key_env = std::move(key_env);
    def.max_tokens = max_tokens;
    def.timeout_secs = timeout;
    def.supports_vision = vision;
    def.supports_tools = tools;
    def.is_reasoner = reasoner;
    def.builtin = true;
    return def;
  };
  const std::string deepseek = "https://api.deepseek.com/chat/completions";
  std::map<std::string, ProviderDef> providers;
  for (auto def : {
           make("deepseek_chat", deepseek, "deepseek-v4-flash", "DEEPSEEK_API_KEY", 8192, 30, false, true, false),
           make("deepseek_reasoner", deepseek, "deepseek-v4-pro", "DEEPSEEK_API_KEY", 65536, 300, false, false, true),
           make("gemini_flash", "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions",
                "gemini-3-flash-preview", "GEMINI_API_KEY", 16384, 30, true, true, false),
           make("grok", "https://api.x.ai/v1/chat/completions", "grok-3", "GROK_API_KEY", 16384, 30, false, true,
                false),
       }) {
    providers.emplace(def.name, def);
  }
  return providers;
}

std::optional<ProviderDef> read_provider(const std::string& name, const toml::table& table, const std::string& path,
                                         const Schema& schema, Reporter& report) {
  check_unknown_keys(table, path, "ai.providers.<name>", schema, report);
  ProviderDef def;
  def.name = name;
  bool ok = true;
  if (auto url = get_string(table, path, "url", true, report)) {
    if (!is_http_url(*url)) {
      report.error(join_key(path, "url"), "must be an http:// or https:// URL");
      ok = false;
    }
    def.url = *url;
  } else {
    ok = false;
  }
  if (auto model = get_string(table, path, "model", true, report)) {
    if (model->empty()) {
      report.error(join_key(path, "model"), "must not be empty");
      ok = false;
    }
    def.model = *model;
  } else {
    ok = false;
  }
  if (auto env = get_string(table, path, "api_key_env", true, report)) {
    if (!valid_env_name(*env)) {
      report.error(join_key(path, "api_key_env"), "must be an environment variable name like MY_API_KEY");
      ok = false;
    }
    def.api_key_env = *env;
  } else {
    ok = false;
  }
  if (auto max = get_int(table, path, "max_tokens", 1, 4'000'000, true, report)) {
    def.max_tokens = static_cast<std::uint32_t>(*max);
  } else {
    ok = false;
  }
  if (auto timeout = get_int(table, path, "timeout_secs", 1, 3600, false, report)) {
    def.timeout_secs = static_cast<std::uint32_t>(*timeout);
  } else if (table.contains("timeout_secs")) {
    ok = false;
  }
  const auto flag = [&](std::string_view key, bool& field) {
    if (auto value = get_bool(table, path, key, report)) {
      field = *value;
    } else if (table.contains(key)) {
      ok = false;
    }
  };
  flag("supports_vision", def.supports_vision);
  flag("supports_tools", def.supports_tools);
  flag("is_reasoner", def.is_reasoner);
  flag("stream", def.stream);
  if (auto spec = get_string(table, path, "spec", false, report)) {
    if (*spec == "openai") {
      def.spec = ProviderSpec::openai;
    } else if (*spec == "anthropic") {
      def.spec = ProviderSpec::anthropic;
      // Anthropic's own defaults differ from OpenAI's; the operator still
      // states them explicitly, as in the seed's example.
    } else {
      report.error(join_key(path, "spec"), "must be \"openai\" or \"anthropic\"");
      ok = false;
    }
  } else if (table.contains("spec")) {
    ok = false;
  }
  if (const toml::node* headers = table.get("headers")) {
    const auto* headers_table = headers->as_table();
    if (headers_table == nullptr) {
      report.error(join_key(path, "headers"), "must be a table of \"Header-Name\" = \"value\"");
      ok = false;
    } else {
      for (const auto& [key, value] : *headers_table) {
        const std::string header(key.str());
        const std::string header_path = join_key(path, "headers");
        const auto* text = value.as_string();
        if (header.empty() || has_whitespace(header)) {
          report.error(header_path, "header names must not be empty or contain spaces");
          ok = false;
        } else if (text == nullptr) {
          report.error(join_key(header_path, header), "must be a string");
          ok = false;
        } else if (std::any_of(text->get().begin(), text->get().end(), [](char c) {
                     const auto byte = static_cast<unsigned char>(c);
                     return byte < 0x20 || byte >= 0x7f;
                   })) {
          report.error(join_key(header_path, header), "value must be printable ASCII (no control characters)");
          ok = false;
        } else {
          def.headers.emplace(header, text->get());
        }
      }
    }
  }
  if (auto header = get_string(table, path, "auth_header", false, report)) {
    if (header->find_first_not_of(" \t") == std::string::npos || has_whitespace(*header)) {
      report.error(join_key(path, "auth_header"), "must be a header name (not blank, no spaces)");
      ok = false;
    }
    def.auth_header = *header;
  } else if (table.contains("auth_header")) {
    ok = false;
  }
  if (auto scheme = get_string(table, path, "auth_scheme", false, report)) {
    def.auth_scheme = *scheme;
  } else if (table.contains("auth_scheme")) {
    ok = false;
  }
  if (!ok) return std::nullopt;
  return def;
}

void read_resilience(const toml::table& table, AiResilience& out, Reporter& report);
void read_chat_settings(const toml::table& table, ChatSettings& chat, Reporter& report) {
  if (auto dm = get_bool(table, "ai", "dm", report)) chat.dm = *dm;
  const auto number = [&](std::string_view key, std::int64_t min, std::int64_t max, std::uint32_t& field) {
    if (auto value = get_int(table, "ai", key, min, max, false, report)) field = static_cast<std::uint32_t>(*value);
  };
  number("history_minutes", 1, 24 * 60, chat.history_minutes);
  number("history_messages", 0, 100, chat.history_messages);
  number("context_tokens", 500, 1'000'000, chat.context_tokens);
  number("attachment_max_bytes", 0, 8'000'000, chat.attachment_max_bytes);
}

void read_ai_table(const toml::table* ai_table, const Schema& schema, AiConfig& ai, Reporter& report) {
  ai.providers = builtin_providers();
  ai.routing = AiRouting{"deepseek_chat", "gemini_flash", "deepseek_reasoner"};
  ai.routing_configured = false;
  if (ai_table == nullptr) return;
  const auto& table = *ai_table;
  check_unknown_keys(table, "ai", "ai", schema, report);
  read_resilience(table, ai.resilience, report);
  bool on_error_configured = false;
  read_chat_settings(table, ai.chat_settings, report);

  if (const auto* providers = get_table(table, "ai", "providers", report)) {
    for (const auto& [key, value] : *providers) {
      const std::string raw_name(key.str());
      const std::string path = "ai.providers." + raw_name;
      const auto first = raw_name.find_first_not_of(" \t");
      if (first == std::string::npos) {
        report.error("ai.providers", "provider name must not be empty");
        continue;
      }
      if (has_whitespace(raw_name)) {
        report.error(path, "provider name contains whitespace; use '_' or '-' (e.g. my_local)");
        continue;
      }
      const auto* provider_table = value.as_table();
      if (provider_table == nullptr) {
        report.error(path, "must be a table ([" + path + "])");
        continue;
      }
      if (auto def = read_provider(raw_name, *provider_table, path, schema, report)) {
        // A user definition replaces a built-in of the same name wholesale.
        ai.providers.insert_or_assign(raw_name, std::move(*def));
      } else {
        // Keep the name known so routing errors do not pile up on it.
        ProviderDef placeholder;
        placeholder.name = raw_name;
        ai.providers.insert_or_assign(raw_name, placeholder);
      }
    }
  }

  if (const auto* routing = get_table(table, "ai", "routing", report)) {
    ai.routing_configured = true;
    check_unknown_keys(*routing, "ai.routing", "ai.routing", schema, report);
    ai.routing = AiRouting{};
    const auto role = [&](std::string_view key, std::optional<std::string>& field) {
      auto name = get_string(*routing, "ai.routing", key, false, report);
      if (!name) return;
      if (!ai.providers.contains(*name)) {
        report.error(join_key("ai.routing", key),
                     "'" + *name + "' is an unknown provider name. Configured names: " + configured_names(ai) +
                         ". Add [ai.providers." + *name + "] or fix the typo");
        return;
      }
      field = *name;
    };
    role("chat", ai.routing.chat);
    role("vision", ai.routing.vision);
    role("reasoner", ai.routing.reasoner);
    if (!routing->contains("vision")) {
      report.warn("ai.routing.vision", "not set; images go to the chat provider as text");
    }
    if (!routing->contains("chat")) {
      report.error("ai.routing.chat",
                   "[ai.routing] requires 'chat' (e.g. chat = \"deepseek_chat\"); or remove [ai.routing] to use the "
                   "defaults");
    }
  }

  if (const auto* fallback = get_table(table, "ai", "fallback", report)) {
    check_unknown_keys(*fallback, "ai.fallback", "ai.fallback", schema, report);
    const auto names = [&](std::string_view key, std::vector<std::string>& into) {
      const toml::node* list = fallback->get(key);
      if (list == nullptr) return false;
      const auto* array = list->as_array();
      bool ok = array != nullptr;
      if (array != nullptr) {
        for (const auto& item : *array) {
          if (const auto* name = item.as_string()) {
            into.push_back(name->get());
          } else {
            ok = false;
          }
        }
      }
      if (!ok) report.error(join_key("ai.fallback", key), "must be a list of provider names, like [\"grok\"]");
      return true;
    };
    names("on_censored", ai.on_censored);
    on_error_configured = names("on_error", ai.on_error);
  }
  if (!on_error_configured) ai.on_error = ai.on_censored;
}

void read_resilience(const toml::table& table, AiResilience& out, Reporter& report) {
  const auto number = [&](std::string_view key, std::int64_t min, std::int64_t max, std::uint32_t& field) {
    if (auto value = get_int(table, "ai", key, min, max, false, report)) field = static_cast<std::uint32_t>(*value);
  };
  number("retries", 0, 10, out.retries);
  number("request_deadline_secs", 1, 3600, out.request_deadline_secs);
  number("breaker_failures", 1, 1000, out.breaker_failures);
  number("breaker_cooldown_secs", 1, 3600, out.breaker_cooldown_secs);
}

void resolve_ai(const Env& env, const LoadOptions& options, AiConfig& ai, Reporter& env_report, Reporter& toml_report) {
  // Read every key once; several providers may share one variable.
  std::map<std::string, std::optional<std::string>> keys;
  for (auto& [name, provider] : ai.providers) {
    if (provider.api_key_env.empty()) continue;
    auto [it, inserted] = keys.try_emplace(provider.api_key_env);
    if (inserted) {
      const EnvLookup found = env.lookup(provider.api_key_env);
      if (!found.error.empty()) {
        env_report.error(provider.api_key_env, found.error);
      } else if (found.value) {
        const auto first = found.value->find_first_not_of(" \t\r\n");
        if (first != std::string::npos) {
          if (is_placeholder(*found.value) && !options.allow_placeholders) {
            env_report.error(provider.api_key_env,
                             "still has the placeholder value from the example; set it or remove it");
          } else {
            const auto last = found.value->find_last_not_of(" \t\r\n");
            it->second = found.value->substr(first, last - first + 1);
          }
        }
      }
    }
    provider.api_key = it->second;
  }

  // Which providers are referenced, in a stable order.
  std::vector<std::string> referenced;
  const auto reference = [&](const std::optional<std::string>& name) {
    if (name && std::find(referenced.begin(), referenced.end(), *name) == referenced.end()) referenced.push_back(*name);
  };
  reference(ai.routing.chat);
  reference(ai.routing.vision);
  reference(ai.routing.reasoner);

  const bool any_routed_available = ai.chat() || ai.vision() || ai.reasoner();
  if (!any_routed_available && !referenced.empty()) {
    std::string vars;
    for (const auto& name : referenced) {
      const auto& provider = ai.providers.at(name);
      if (provider.api_key_env.empty() || vars.find(provider.api_key_env) != std::string::npos) continue;
      vars += (vars.empty() ? "" : ", ") + provider.api_key_env;
    }
    toml_report.warn("ai.routing", "AI chat is off: no routed provider has its API key set (" + vars + ")");
  } else {
    for (const auto& name : referenced) {
      const auto& provider = ai.providers.at(name);
      if (!provider.available() && !provider.api_key_env.empty()) {
        toml_report.warn("ai.routing", "AI provider '" + name + "' is referenced by routing but its API key env var '" +
                                           provider.api_key_env + "' is unset; provider unavailable");
      }
    }
  }
  if (ai.routing.vision) {
    const auto& provider = ai.providers.at(*ai.routing.vision);
    if (!provider.supports_vision && !provider.url.empty()) {
      toml_report.warn("ai.routing.vision", "provider '" + provider.name + "' does not set supports_vision = true");
    }
  }
  if (ai.routing.reasoner) {
    const auto& provider = ai.providers.at(*ai.routing.reasoner);
    if (!provider.is_reasoner && !provider.url.empty()) {
      toml_report.warn("ai.routing.reasoner", "provider '" + provider.name + "' does not set is_reasoner = true");
    }
  }
  const auto check_fallbacks = [&](std::string_view key, const std::vector<std::string>& names) {
    for (const auto& entry : names) {
      const ProviderDef* provider = ai.named(entry);
      if (provider == nullptr || !provider->available()) {
        toml_report.warn(join_key("ai.fallback", key),
                         "provider '" + entry + "' is not configured (missing API key or unknown name); skipping");
      }
    }
  };
  check_fallbacks("on_censored", ai.on_censored);
  // on_error repeats on_censored unless written; warn about each list once.
  if (ai.on_error != ai.on_censored) check_fallbacks("on_error", ai.on_error);
}

void load_personality(SectionContext& context, AiConfig& ai) {
  if (auto file = get_string(context.root(), "", "personality_file", false, context.toml())) {
    if (file->empty()) {
      context.toml().error("personality_file", "must not be empty");
    } else {
      ai.personality_file = *file;
    }
  }
  Reporter report = context.report_for(ai.personality_file);
  std::string text;
  const TextFile status = read_text_file(context.path_of(ai.personality_file), text);
  if (status == TextFile::ok) {
    ai.personality = std::move(text);
    return;
  }
  if (ai.chat_active()) {
    report.error("personality_file", describe(status) + "; AI chat needs a personality (the system prompt)");
  } else if (status != TextFile::missing) {
    report.warn("personality_file", describe(status) + "; not needed while AI chat is off");
  }
}

std::any parse(SectionContext& context) {
  AiConfig ai;
  read_ai_table(context.table(), context.schema(), ai, context.toml());
  resolve_ai(context.env().env(), context.env().options(), ai, context.env().report(), context.toml());
  load_personality(context, ai);
  return ai;
}

constexpr std::string_view kEnv = kEnvSection;
constexpr std::array kSettings = std::to_array<SettingDoc>({
    {kEnv, "DEEPSEEK_API_KEY", "unset: that provider is unavailable", "secret; trimmed"},
    {kEnv, "GEMINI_API_KEY", "unset: that provider is unavailable", "secret; trimmed"},
    {kEnv, "GROK_API_KEY", "unset: that provider is unavailable", "secret; trimmed"},
    {"", "personality_file", "`\"personality.txt\"`", "relative to the instance directory"},
    {"ai", "retries", "`2`",
     "0–10; retries per provider on 429, 5xx, timeouts and connection errors (backoff with jitter, honouring "
     "`retry-after`)"},
    {"ai", "request_deadline_secs", "`90`", "1–3600; bounds one model call: every attempt, retry wait and fallback"},
    {"ai", "breaker_failures", "`5`",
     "1–1000; consecutive failures that open a provider's circuit breaker (it is skipped)"},
    {"ai", "breaker_cooldown_secs", "`30`", "1–3600; how long a breaker stays open before one probe request"},
    {"ai", "dm", "`false`", "boolean; `true` answers direct messages too"},
    {"ai", "history_minutes", "`30`", "1–1440; how far back a plain mention looks for the user's earlier exchanges"},
    {"ai", "history_messages", "`10`", "0–100; earlier turns a plain mention includes at most"},
    {"ai", "context_tokens", "`6000`", "500–1000000; estimated tokens of conversation history sent (the newest kept)"},
    {"ai", "attachment_max_bytes", "`100000`", "0–8000000; larger text attachments are not read (0: none are)"},
    {"ai.providers.<name>", "url", "required", "http(s) URL of the chat-completions/messages endpoint"},
    {"ai.providers.<name>", "model", "required", "not empty"},
    {"ai.providers.<name>", "api_key_env", "required", "a variable name; the provider is available when it is set"},
    {"ai.providers.<name>", "max_tokens", "required", "1–4000000; requests are clamped to it"},
    {"ai.providers.<name>", "timeout_secs", "`30`", "1–3600"},
    {"ai.providers.<name>", "supports_vision", "`false`", "boolean"},
    {"ai.providers.<name>", "supports_tools", "`true`", "boolean"},
    {"ai.providers.<name>", "is_reasoner", "`false`", "boolean"},
    {"ai.providers.<name>", "spec", "`\"openai\"`", "`\"openai\"` or `\"anthropic\"`"},
    {"ai.providers.<name>", "headers", "`{}`", "header names non-empty without spaces; values printable ASCII"},
    {"ai.providers.<name>", "auth_header", "`\"Authorization\"`", "not blank"},
    {"ai.providers.<name>", "auth_scheme", "`\"Bearer \"`", "`\"\"` for Anthropic"},
    {"ai.providers.<name>", "stream", "`true`", "boolean; stream answers (SSE) so replies grow while they are written"},
    {"ai.routing", "chat", "`deepseek_chat` (when `[ai.routing]` is absent)",
     "an exact provider name; required when `[ai.routing]` is present"},
    {"ai.routing", "vision", "`gemini_flash` (when `[ai.routing]` is absent)", "an exact provider name"},
    {"ai.routing", "reasoner", "`deepseek_reasoner` (when `[ai.routing]` is absent)", "an exact provider name"},
    {"ai.fallback", "on_censored", "`[]`",
     "list of provider names (aliases such as `gemini` accepted); unknown or unavailable entries are warnings"},
    {"ai.fallback", "on_error", "the `on_censored` list",
     "list of provider names tried after a timeout, 5xx, 429, refusal or open breaker; same rules as `on_censored`"},
});

}  // namespace

const ConfigSection& config_section() {
  static const ConfigSection section{.table = "ai", .settings = kSettings, .parse = parse};
  return section;
}

}  // namespace dbot::features::ai
