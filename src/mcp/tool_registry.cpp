#include "mcp/tool_registry.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>
#include <boost/json.hpp>

namespace dbot::mcp {

json::object ToolResult::to_json() const {
  json::object out;
  json::array content;
  content.push_back(json::object{{"type", "text"}, {"text", text}});
  out["content"] = std::move(content);
  out["isError"] = is_error;
  if (structured) out["structuredContent"] = *structured;
  return out;
}

bool ToolArgs::has(std::string_view name) const {
  const json::value* v = args_.if_contains(name);
  return v && !v->is_null();
}

std::string ToolArgs::str(std::string_view name) const { return opt_str(name).value_or(std::string()); }

std::optional<std::string> ToolArgs::opt_str(std::string_view name) const {
  const json::value* v = args_.if_contains(name);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

std::optional<std::int64_t> ToolArgs::opt_int(std::string_view name) const {
  const json::value* v = args_.if_contains(name);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(std::min<std::uint64_t>(v->as_uint64(), INT64_MAX));
  return std::nullopt;
}

std::int64_t ToolArgs::integer(std::string_view name, std::int64_t fallback) const {
  return opt_int(name).value_or(fallback);
}

std::optional<bool> ToolArgs::opt_bool(std::string_view name) const {
  const json::value* v = args_.if_contains(name);
  if (!v || !v->is_bool()) return std::nullopt;
  return v->as_bool();
}

namespace {

bool valid_tool_name(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
}

const char* type_name(ParamType type) {
  switch (type) {
    case ParamType::string: return "string";
    case ParamType::integer: return "integer";
    case ParamType::boolean: return "boolean";
  }
  return "string";
}

}  // namespace

void ToolRegistry::add(ToolSpec spec) {
  if (!valid_tool_name(spec.name)) throw std::invalid_argument("bad tool name: " + spec.name);
  if (find(spec.name)) throw std::invalid_argument("duplicate tool: " + spec.name);
  tools_.push_back(std::move(spec));
}

const ToolSpec* ToolRegistry::find(std::string_view name) const {
  for (const auto& tool : tools_) {
    if (tool.name == name) return &tool;
  }
  return nullptr;
}

json::object ToolRegistry::input_schema(const ToolSpec& spec) {
  json::object properties;
  json::array required;
  for (const auto& param : spec.params) {
    json::object p;
    p["type"] = type_name(param.type);
    if (!param.description.empty()) p["description"] = param.description;
    if (param.default_value) p["default"] = *param.default_value;
    if (param.minimum) p["minimum"] = *param.minimum;
    if (param.maximum) p["maximum"] = *param.maximum;
    properties[param.name] = std::move(p);
    if (param.required) required.push_back(json::value(param.name));
  }
  json::object schema;
  schema["type"] = "object";
  schema["properties"] = std::move(properties);
  if (!required.empty()) schema["required"] = std::move(required);
  return schema;
}

json::object ToolRegistry::describe(const ToolSpec& spec) {
  json::object out;
  out["name"] = spec.name;
  if (!spec.title.empty()) out["title"] = spec.title;
  out["description"] = spec.description;
  out["inputSchema"] = input_schema(spec);
  json::object annotations;
  if (!spec.title.empty()) annotations["title"] = spec.title;
  annotations["readOnlyHint"] = spec.annotations.read_only;
  annotations["destructiveHint"] = spec.annotations.destructive;
  annotations["idempotentHint"] = spec.annotations.idempotent;
  annotations["openWorldHint"] = spec.annotations.open_world;
  out["annotations"] = std::move(annotations);
  // The scope a client needs, so the gateway can filter tools/list per client.
  out["_meta"] = json::object{{"io.github.dbot/scope", scope_name(spec.scope)}};
  if (spec.output_schema) out["outputSchema"] = *spec.output_schema;
  return out;
}

json::object ToolRegistry::normalise_arguments(const ToolSpec& spec, const json::value* arguments) {
  json::object given;
  if (arguments && !arguments->is_null()) {
    if (!arguments->is_object()) throw InvalidToolArguments("Invalid params: arguments must be an object");
    given = arguments->as_object();
  }
  json::object out;
  for (const auto& param : spec.params) {
    const json::value* value = given.if_contains(param.name);
    if (!value || value->is_null()) {
      if (param.default_value) {
        out[param.name] = *param.default_value;
      } else if (param.required) {
        throw InvalidToolArguments(fmt::format("Invalid params: missing required argument '{}'", param.name));
      }
      continue;
    }
    switch (param.type) {
      case ParamType::string:
        if (!value->is_string()) {
          throw InvalidToolArguments(fmt::format("Invalid params: '{}' must be a string", param.name));
        }
        out[param.name] = *value;
        break;
      case ParamType::boolean:
        if (!value->is_bool()) {
          throw InvalidToolArguments(fmt::format("Invalid params: '{}' must be a boolean", param.name));
        }
        out[param.name] = *value;
        break;
      case ParamType::integer: {
        std::int64_t number = 0;
        if (value->is_int64()) {
          number = value->as_int64();
        } else if (value->is_uint64()) {
          throw InvalidToolArguments(fmt::format("Invalid params: '{}' is out of range", param.name));
        } else if (value->is_double() && value->as_double() > -9.0e18 && value->as_double() < 9.0e18 &&
                   value->as_double() == static_cast<double>(static_cast<std::int64_t>(value->as_double()))) {
          number = static_cast<std::int64_t>(value->as_double());  // 5.0 from clients that only have doubles
        } else {
          throw InvalidToolArguments(fmt::format("Invalid params: '{}' must be an integer", param.name));
        }
        if ((param.minimum && number < *param.minimum) || (param.maximum && number > *param.maximum)) {
          throw InvalidToolArguments(fmt::format("Invalid params: '{}' is out of range", param.name));
        }
        if (param.clamp_min) number = std::max(number, *param.clamp_min);
        if (param.clamp_max) number = std::min(number, *param.clamp_max);
        out[param.name] = number;
        break;
      }
    }
  }
  return out;
}

}  // namespace dbot::mcp
