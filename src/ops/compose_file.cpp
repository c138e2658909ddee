#include "ops/compose_file.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/address.hpp"
#include "core/error.hpp"

namespace dbot::ops {

namespace fs = std::filesystem;

namespace {

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// `<<: *anchor` merge keys (YAML 1.1, used by Compose files): yaml-cpp 0.7
// keeps them as a literal "<<" key, so fold them in by hand, recursively.
YAML::Node resolve_merges(const YAML::Node& node) {
  if (node.IsSequence()) {
    YAML::Node out(YAML::NodeType::Sequence);
    for (const auto& item : node) out.push_back(resolve_merges(item));
    return out;
  }
  if (!node.IsMap()) return node;
  YAML::Node out(YAML::NodeType::Map);
  for (const auto& entry : node) {
    const auto key = entry.first.as<std::string>();
    if (key != "<<") out[key] = resolve_merges(entry.second);
  }
  const auto merge = node["<<"];
  if (merge) {
    std::vector<YAML::Node> sources;
    if (merge.IsSequence()) {
      for (const auto& item : merge) sources.push_back(item);
    } else {
      sources.push_back(merge);
    }
    for (const auto& source : sources) {
      const auto resolved = resolve_merges(source);
      if (!resolved.IsMap()) continue;
      for (const auto& entry : resolved) {
        const auto key = entry.first.as<std::string>();
        const YAML::Node& existing = out;  // const lookup: never inserts
        if (!existing[key]) out[key] = entry.second;
      }
    }
  }
  return out;
}

YAML::Node interpolate_node(const YAML::Node& node, const EnvMap& variables, std::vector<std::string>& problems) {
  if (node.IsScalar()) {
    YAML::Node out(interpolate(node.Scalar(), variables, problems));
    return out;
  }
  if (node.IsSequence()) {
    YAML::Node out(YAML::NodeType::Sequence);
    for (const auto& item : node) out.push_back(interpolate_node(item, variables, problems));
    return out;
  }
  if (node.IsMap()) {
    YAML::Node out(YAML::NodeType::Map);
    for (const auto& entry : node)
      out[entry.first.as<std::string>()] = interpolate_node(entry.second, variables, problems);
    return out;
  }
  return node;
}

std::vector<std::string> string_list(const YAML::Node& node) {
  std::vector<std::string> out;
  if (!node) return out;
  if (node.IsScalar()) {
    // Compose's string form of entrypoint/command is split on spaces.
    std::istringstream words(node.Scalar());
    std::string word;
    while (words >> word) out.push_back(word);
  } else if (node.IsSequence()) {
    for (const auto& item : node) {
      if (item.IsScalar()) out.push_back(item.Scalar());
    }
  }
  return out;
}

// "127.0.0.1:9100:9100", "9100:9100", "9100", "[::1]:9100:9100/tcp", or the long form.
std::optional<PortPublish> parse_port(const YAML::Node& node) {
  PortPublish port;
  if (node.IsMap()) {
    if (node["published"]) port.host_port = node["published"].as<std::string>();
    if (node["target"]) port.container_port = node["target"].as<std::string>();
    if (node["host_ip"]) port.host_ip = node["host_ip"].as<std::string>();
    return port;
  }
  if (!node.IsScalar()) return std::nullopt;
  std::string text = node.Scalar();
  if (const auto slash = text.find('/'); slash != std::string::npos) text.resize(slash);
  if (!text.empty() && text[0] == '[') {
    const auto close = text.find(']');
    if (close == std::string::npos) return std::nullopt;
    port.host_ip = text.substr(1, close - 1);
    text = text.substr(std::min(close + 2, text.size()));
    const auto colon = text.find(':');
    port.host_port = text.substr(0, colon);
    port.container_port = colon == std::string::npos ? "" : text.substr(colon + 1);
    return port;
  }
  std::vector<std::string> parts;
  std::size_t pos = 0;
  while (true) {
    const auto colon = text.find(':', pos);
    parts.push_back(text.substr(pos, colon == std::string::npos ? std::string::npos : colon - pos));
    if (colon == std::string::npos) break;
    pos = colon + 1;
  }
  if (parts.size() == 1) {
    port.container_port = parts[0];  // published on a random host port, every interface
  } else if (parts.size() == 2) {
    port.host_port = parts[0];
    port.container_port = parts[1];
  } else {
    port.host_ip = parts[0];
    port.host_port = parts[1];
    port.container_port = parts[2];
  }
  return port;
}

std::optional<VolumeMount> parse_volume(const YAML::Node& node) {
  VolumeMount volume;
  if (node.IsMap()) {
    if (node["source"]) volume.source = node["source"].as<std::string>();
    if (node["target"]) volume.target = node["target"].as<std::string>();
    volume.read_only = node["read_only"] && node["read_only"].as<std::string>() == "true";
    return volume;
  }
  if (!node.IsScalar()) return std::nullopt;
  const std::string text = node.Scalar();
  const auto first = text.find(':');
  if (first == std::string::npos) {
    volume.target = text;
    return volume;
  }
  volume.source = text.substr(0, first);
  const auto second = text.find(':', first + 1);
  volume.target = text.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
  if (second != std::string::npos) {
    const auto mode = text.substr(second + 1);
    volume.read_only = mode == "ro" || mode.starts_with("ro,") || mode.find(",ro") != std::string::npos;
  }
  return volume;
}

EnvMap parse_environment(const YAML::Node& node) {
  EnvMap env;
  if (!node) return env;
  if (node.IsMap()) {
    for (const auto& entry : node) {
      env[entry.first.as<std::string>()] = entry.second.IsNull() ? "" : entry.second.as<std::string>();
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) {
      const auto text = item.as<std::string>();
      const auto eq = text.find('=');
      if (eq == std::string::npos) continue;  // "NAME" alone passes the host's value through
      env[text.substr(0, eq)] = text.substr(eq + 1);
    }
  }
  return env;
}

ComposeService parse_service(const std::string& name, const YAML::Node& node) {
  ComposeService service;
  service.name = name;
  if (node["image"]) service.image = node["image"].as<std::string>();
  service.builds = static_cast<bool>(node["build"]);
  if (node["restart"]) service.restart = node["restart"].as<std::string>();
  service.environment = parse_environment(node["environment"]);
  service.env_files = string_list(node["env_file"]);
  if (node["env_file"] && node["env_file"].IsSequence()) {
    service.env_files.clear();
    for (const auto& item : node["env_file"]) {
      service.env_files.push_back(item.IsMap() && item["path"] ? item["path"].as<std::string>()
                                                               : item.as<std::string>());
    }
  }
  if (const auto ports = node["ports"]; ports && ports.IsSequence()) {
    for (const auto& item : ports) {
      if (auto port = parse_port(item)) service.ports.push_back(*port);
    }
  }
  if (const auto volumes = node["volumes"]; volumes && volumes.IsSequence()) {
    for (const auto& item : volumes) {
      if (auto volume = parse_volume(item)) service.volumes.push_back(*volume);
    }
  }
  service.tmpfs = string_list(node["tmpfs"]);
  if (node["tmpfs"] && node["tmpfs"].IsScalar()) service.tmpfs = {node["tmpfs"].Scalar()};
  service.read_only = node["read_only"] && node["read_only"].as<std::string>() == "true";
  if (const auto health = node["healthcheck"]; health && health.IsMap()) {
    const bool disabled = health["disable"] && health["disable"].as<std::string>() == "true";
    auto test = string_list(health["test"]);
    if (health["test"] && health["test"].IsScalar()) test = {health["test"].Scalar()};
    service.healthcheck = !disabled && !(test.size() == 1 && test[0] == "NONE");
    if (service.healthcheck) service.healthcheck_test = std::move(test);
  }
  if (const auto logging = node["logging"]; logging && logging.IsMap()) {
    if (logging["driver"]) service.logging_driver = logging["driver"].as<std::string>();
    if (const auto options = logging["options"]; options && options.IsMap()) {
      for (const auto& entry : options)
        service.logging_options[entry.first.as<std::string>()] = entry.second.as<std::string>();
    }
  }
  bool limit = false;
  if (const auto deploy = node["deploy"]; deploy && deploy.IsMap()) {
    if (const auto resources = deploy["resources"]; resources && resources.IsMap()) {
      if (const auto limits = resources["limits"]; limits && limits.IsMap())
        limit = static_cast<bool>(limits["memory"]);
    }
  }
  service.memory_limit = static_cast<bool>(node["mem_limit"]) || limit;
  service.entrypoint = string_list(node["entrypoint"]);
  service.command = string_list(node["command"]);
  service.init = node["init"] && node["init"].IsScalar() && node["init"].Scalar() == "true";
  if (node["stop_grace_period"] && node["stop_grace_period"].IsScalar()) {
    service.stop_grace_period = parse_compose_duration(node["stop_grace_period"].Scalar());
  }
  return service;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_compose_duration(std::string_view text) {
  // Go's time.ParseDuration subset Compose documents: integer amounts with
  // h, m, s, ms, us units, concatenated ("1m30s").
  if (text.empty()) return std::nullopt;
  std::chrono::microseconds total{0};
  while (!text.empty()) {
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits == 0 || digits > 9) return std::nullopt;
    const long long amount = std::stoll(std::string(text.substr(0, digits)));
    text.remove_prefix(digits);
    std::size_t unit = 0;
    while (unit < text.size() && !(text[unit] >= '0' && text[unit] <= '9')) ++unit;
    const auto name = text.substr(0, unit);
    text.remove_prefix(unit);
    if (name == "h") {
      total += std::chrono::hours(amount);
    } else if (name == "m") {
      total += std::chrono::minutes(amount);
    } else if (name == "s") {
      total += std::chrono::seconds(amount);
    } else if (name == "ms") {
      total += std::chrono::milliseconds(amount);
    } else if (name == "us") {
      total += std::chrono::microseconds(amount);
    } else {
      return std::nullopt;
    }
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(total);
}

bool PortPublish::loopback() const { return !host_ip.empty() && is_loopback_address(host_ip); }

std::optional<std::string> ComposeService::config_mount() const {
  for (const auto& volume : volumes) {
    if (volume.target == "/config" && !volume.source.empty()) return volume.source;
  }
  return std::nullopt;
}

bool ComposeService::is_postgres() const {
  return image &&
         (image->starts_with("postgres:") || *image == "postgres" || image->find("/postgres:") != std::string::npos);
}

bool ComposeService::is_gateway() const {
  const auto mentions = [](const std::vector<std::string>& words) {
    return std::any_of(words.begin(), words.end(),
                       [](const std::string& w) { return w.find("mcp-gateway") != std::string::npos; });
  };
  return mentions(entrypoint) || mentions(command) || environment.contains("GATEWAY_PORT");
}

const ComposeService* ComposeProject::service(const std::string& name) const {
  for (const auto& s : services) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string interpolate(const std::string& text, const EnvMap& variables, std::vector<std::string>& problems) {
  std::string out;
  std::size_t i = 0;
  auto lookup = [&](const std::string& name) -> std::optional<std::string> {
    auto found = variables.find(name);
    if (found == variables.end()) return std::nullopt;
    return found->second;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c != '$') {
      out += c;
      ++i;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '{') {
      const auto close = text.find('}', i + 2);
      if (close == std::string::npos) {
        problems.push_back(fmt::format("unterminated ${{ in '{}'", text));
        out += text.substr(i);
        break;
      }
      const std::string inner = text.substr(i + 2, close - i - 2);
      std::size_t name_end = 0;
      while (name_end < inner.size() && is_name_char(inner[name_end])) ++name_end;
      const std::string name = inner.substr(0, name_end);
      const std::string op = inner.substr(name_end);
      const auto value = lookup(name);
      if (op.empty()) {
        out += value.value_or("");
      } else if (op.starts_with(":-")) {
        out += value && !value->empty() ? *value : op.substr(2);
      } else if (op.starts_with("-")) {
        out += value ? *value : op.substr(1);
      } else if (op.starts_with(":?") || op.starts_with("?")) {
        const bool colon = op[0] == ':';
        if (!value || (colon && value->empty())) {
          problems.push_back(fmt::format("{} is required: {}", name, op.substr(colon ? 2 : 1)));
        } else {
          out += *value;
        }
      } else if (op.starts_with(":+")) {
        if (value && !value->empty()) out += op.substr(2);
      } else if (op.starts_with("+")) {
        if (value) out += op.substr(1);
      } else {
        problems.push_back(fmt::format("invalid interpolation '${{{}}}'", inner));
      }
      i = close + 1;
      continue;
    }
    std::size_t end = i + 1;
    while (end < text.size() && is_name_char(text[end])) ++end;
    if (end == i + 1) {
      out += '$';
      ++i;
      continue;
    }
    out += lookup(text.substr(i + 1, end - i - 1)).value_or("");
    i = end;
  }
  return out;
}

ComposeProject load_compose(const fs::path& file, const EnvMap& environment) {
  ComposeProject project;
  project.file = file;
  project.dir = fs::absolute(file).parent_path();
  if (auto dotenv = read_dotenv_file(project.dir / ".env")) project.variables = dotenv->vars;
  for (const auto& [name, value] : environment) project.variables[name] = value;

  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(kInternalErrorMessage, fmt::format("cannot read {}", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::Exception& e) {
    throw Error(kInternalErrorMessage, fmt::format("{} is not valid YAML: {}", file.string(), e.what()));
  }
  try {
    root = interpolate_node(resolve_merges(root), project.variables, project.problems);
    const auto services = root["services"];
    if (!services || !services.IsMap()) {
      throw Error(kInternalErrorMessage, fmt::format("{} has no services", file.string()));
    }
    for (const auto& entry : services) {
      project.services.push_back(parse_service(entry.first.as<std::string>(), entry.second));
    }
  } catch (const YAML::Exception& e) {
    throw Error(kInternalErrorMessage, fmt::format("{}: unexpected structure: {}", file.string(), e.what()));
  }
  return project;
}

std::vector<std::pair<std::string, std::string>> parse_instance_list(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto comma = text.find(',', pos);
    std::string item = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    pos = comma == std::string::npos ? text.size() + 1 : comma + 1;
    const auto first = item.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    item = item.substr(first, item.find_last_not_of(" \t") - first + 1);
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) continue;
    out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  return out;
}

}  // namespace dbot::ops
