#pragma once
// MCP tools declared once: name, description, typed parameters with defaults
// and clamps (the JSON input schema is generated from them), annotations, the
// scope a client needs, and the handler. The registry validates and
// normalises arguments before a handler sees them.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "mcp/transport/auth.hpp"

namespace dbot::mcp {

namespace json = boost::json;

enum class ParamType { string, integer, boolean };

struct ToolParam {
  std::string name;
  ParamType type = ParamType::string;
  std::string description;
  bool required = false;
  std::optional<json::value> default_value;
  // Schema bounds: a value outside them is invalid params (the seed's
  // unsigned widths, e.g. u8 -> 0..255).
  std::optional<std::int64_t> minimum;
  std::optional<std::int64_t> maximum;
  // Applied after validation, silently (the seed's clamps, e.g. 1..100).
  std::optional<std::int64_t> clamp_min;
  std::optional<std::int64_t> clamp_max;
};

struct ToolAnnotations {
  bool read_only = false;
  bool destructive = false;
  bool idempotent = false;
  bool open_world = true;
};

struct ToolResult {
  std::string text;
  bool is_error = false;
  std::optional<json::object> structured;

  static ToolResult ok(std::string text, std::optional<json::object> structured = std::nullopt) {
    return ToolResult{std::move(text), false, std::move(structured)};
  }
  static ToolResult error(std::string text) { return ToolResult{std::move(text), true, std::nullopt}; }
  json::object to_json() const;
};

struct ToolContext {
  std::string client_id;
  std::string session_id;
  ClientIdentity client;
};

// Typed access to normalised arguments (validated against the tool's params).
class ToolArgs {
 public:
  explicit ToolArgs(const json::object& args) : args_(args) {}
  bool has(std::string_view name) const;
  // Required string (validated present); "" when absent.
  std::string str(std::string_view name) const;
  // Absent or JSON null -> nullopt.
  std::optional<std::string> opt_str(std::string_view name) const;
  std::optional<std::int64_t> opt_int(std::string_view name) const;
  std::int64_t integer(std::string_view name, std::int64_t fallback = 0) const;
  std::optional<bool> opt_bool(std::string_view name) const;

 private:
  const json::object& args_;
};

using ToolHandler = std::function<boost::asio::awaitable<ToolResult>(const json::object& args, ToolContext& context)>;

struct ToolSpec {
  std::string name;
  std::string title;
  std::string description;
  std::vector<ToolParam> params;
  ToolAnnotations annotations;
  Scope scope = Scope::read;
  ToolHandler handler;
  std::optional<json::object> output_schema;
};

// Thrown by handlers for bad arguments (becomes JSON-RPC -32602).
class InvalidToolArguments : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ToolRegistry {
 public:
  // Throws std::invalid_argument on a duplicate or badly formed name.
  void add(ToolSpec spec);
  const ToolSpec* find(std::string_view name) const;
  const std::vector<ToolSpec>& tools() const { return tools_; }

  static json::object input_schema(const ToolSpec& spec);
  // The tools/list entry: name, title, description, inputSchema,
  // annotations, and outputSchema when declared.
  static json::object describe(const ToolSpec& spec);

  // Checks types, required params and bounds; fills defaults; applies clamps;
  // drops unknown arguments (as the seed did). Throws InvalidToolArguments.
  static json::object normalise_arguments(const ToolSpec& spec, const json::value* arguments);

 private:
  std::vector<ToolSpec> tools_;
};

}  // namespace dbot::mcp
