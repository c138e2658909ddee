#include "core/config/load.hpp"

#include <fstream>
#include <sstream>

#include "core/config/detail.hpp"

namespace dbot::config {
namespace {

// RFC 3629 well-formedness (no overlongs, no surrogates, at most U+10FFFF).
bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned min_second = 0x80;
    unsigned max_second = 0xBF;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if (byte >= 0xC2 && byte <= 0xDF) {
      length = 2;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      length = 3;
      if (byte == 0xE0) min_second = 0xA0;
      if (byte == 0xED) max_second = 0x9F;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      length = 4;
      if (byte == 0xF0) min_second = 0x90;
      if (byte == 0xF4) max_second = 0x8F;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if (second < min_second || second > max_second) return false;
    for (std::size_t k = 2; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if (next < 0x80 || next > 0xBF) return false;
    }
    i += length;
  }
  return true;
}

enum class TextFile { ok, missing, unreadable, not_utf8, empty };

TextFile read_text_file(const std::filesystem::path& path, std::string& out) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return TextFile::missing;
  std::ifstream in(path, std::ios::binary);
  if (!in) return TextFile::unreadable;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  if (!is_valid_utf8(out)) return TextFile::not_utf8;
  if (out.find_first_not_of(" \t\r\n") == std::string::npos) return TextFile::empty;
  return TextFile::ok;
}

std::string describe(TextFile status) {
  switch (status) {
    case TextFile::missing: return "file not found";
    case TextFile::unreadable: return "cannot be read";
    case TextFile::not_utf8: return "is not valid UTF-8";
    case TextFile::empty: return "is empty";
    case TextFile::ok: break;
  }
  return "ok";
}

std::filesystem::path beside(const std::filesystem::path& dir, const std::string& name) {
  const std::filesystem::path file(name);
  return file.is_absolute() ? file : dir / file;
}

void load_personality(InstanceConfig& config, Diagnostics& diagnostics) {
  detail::Reporter report(diagnostics, config.personality_file);
  std::string text;
  const TextFile status = read_text_file(beside(config.dir, config.personality_file), text);
  if (status == TextFile::ok) {
    config.personality = std::move(text);
    return;
  }
  if (config.ai.chat_active()) {
    report.error("personality_file", describe(status) + "; AI chat needs a personality (the system prompt)");
  } else if (status != TextFile::missing) {
    report.warn("personality_file", describe(status) + "; not needed while AI chat is off");
  }
}

void load_welcome_prompt(InstanceConfig& config, Diagnostics& diagnostics) {
  if (!config.welcome) return;
  detail::Reporter report(diagnostics, config.welcome->prompt_file);
  std::string text;
  const TextFile status = read_text_file(beside(config.dir, config.welcome->prompt_file), text);
  if (status != TextFile::ok) {
    report.warn("welcome.prompt_file",
                describe(status) + "; Welcome feature enabled but prompt file missing or empty; welcome disabled");
    config.welcome.reset();
    config.features.welcome = false;
    return;
  }
  config.welcome->prompt = std::move(text);
  if (!config.ai.chat_active()) {
    detail::Reporter toml_report(diagnostics, "config.toml");
    toml_report.warn("features.welcome",
                     "Welcome feature enabled but no AI provider is available (set the chat provider's API key)");
  }
}

void check_feature_env(const InstanceConfig& config, detail::Reporter& report) {
  if (!config.minecraft) return;
  const bool have_mc = config.env.mc_verify_url && config.env.mc_verify_secret;
  if (have_mc) return;
  if (config.minecraft->verify) {
    report.warn("minecraft.verify", "MC_VERIFY_URL or MC_VERIFY_SECRET not set; verify will reply 'not configured'");
  }
  if (config.minecraft->donator_sync) {
    report.warn("minecraft.donator_sync", "Donator sync enabled but MC_VERIFY_URL or MC_VERIFY_SECRET not set");
  }
  if (config.minecraft->chargeback) {
    report.warn("minecraft.chargeback",
                "Chargeback enabled but MC_VERIFY_URL or MC_VERIFY_SECRET not set; the webhook is not mounted");
  }
}

}  // namespace

bool has_errors(const Diagnostics& diagnostics) { return count(diagnostics, Severity::error) > 0; }

std::size_t count(const Diagnostics& diagnostics, Severity severity) {
  std::size_t n = 0;
  for (const auto& d : diagnostics) n += d.severity == severity ? 1 : 0;
  return n;
}

std::string format_diagnostic(const Diagnostic& diagnostic, const std::string& dir) {
  std::string line = diagnostic.severity == Severity::error ? "ERROR " : "WARN  ";
  line += dir.empty() ? diagnostic.file : (std::filesystem::path(dir) / diagnostic.file).string();
  line += ": ";
  if (!diagnostic.key.empty()) line += diagnostic.key + ": ";
  line += diagnostic.message;
  return line;
}

std::string InstanceConfig::cmd_prefix() const {
  return command_root.empty() ? command_prefix : command_prefix + command_root + " ";
}

LoadResult load_instance(const std::filesystem::path& dir, const LoadOptions& options) {
  LoadResult result;
  EnvMap file_vars;
  std::string env_file = ".env";
  auto parsed = read_dotenv_file(dir / ".env");
  if (!parsed && options.fall_back_to_env_example) {
    parsed = read_dotenv_file(dir / ".env.example");
    if (parsed) {
      env_file = ".env.example";
      result.diagnostics.push_back(
          Diagnostic{Severity::warning, ".env", "(file)",
                     "not found; reading .env.example instead (copy it to .env and fill it in)"});
    }
  }
  if (parsed) {
    for (const auto& problem : parsed->problems) {
      result.diagnostics.push_back(
          Diagnostic{Severity::error, env_file, "line " + std::to_string(problem.line), problem.message});
    }
    file_vars = std::move(parsed->vars);
  } else {
    result.diagnostics.push_back(Diagnostic{Severity::warning, ".env", "(file)",
                                            "not found; every variable must come from the process environment"});
  }
  const Env env(std::move(file_vars), options.environment ? *options.environment : process_environment(), dir);

  LoadResult rest = load_instance(dir, env, options);
  // Point .env diagnostics at the file actually read.
  for (auto& d : rest.diagnostics) {
    if (d.file == ".env") d.file = env_file;
  }
  result.diagnostics.insert(result.diagnostics.end(), rest.diagnostics.begin(), rest.diagnostics.end());
  if (!has_errors(result.diagnostics)) result.config = std::move(rest.config);
  return result;
}

LoadResult load_instance(const std::filesystem::path& dir, const Env& env, const LoadOptions& options) {
  LoadResult result;
  InstanceConfig config;
  config.dir = dir;
  detail::Reporter env_report(result.diagnostics, ".env");
  detail::Reporter toml_report(result.diagnostics, "config.toml");

  detail::read_env_settings(env, dir, options, config.env, env_report);
  const bool toml_ok = detail::read_config_toml(dir / "config.toml", options, config, toml_report);
  if (toml_ok) {
    detail::resolve_ai(env, options, config.ai, env_report, toml_report);
    load_personality(config, result.diagnostics);
    load_welcome_prompt(config, result.diagnostics);
    check_feature_env(config, toml_report);
  }
  if (!has_errors(result.diagnostics)) result.config = std::move(config);
  return result;
}

}  // namespace dbot::config
