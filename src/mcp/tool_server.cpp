#include "mcp/tool_server.hpp"

#include <charconv>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "core/error.hpp"

// g++ 12 reports a false -Wmismatched-new-delete on Asio coroutine frames
// that co_await around try blocks at -O2.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace dbot::mcp {

using jsonrpc::RpcException;

ToolServer::ToolServer(std::shared_ptr<const ToolRegistry> registry, std::shared_ptr<CallRecorder> recorder,
                       ToolServerOptions options)
    : registry_(std::move(registry)), recorder_(std::move(recorder)), options_(std::move(options)) {
  if (options_.page_size == 0) options_.page_size = 100;
}

json::object ToolServer::server_info() const { return {{"name", options_.name}, {"version", options_.version}}; }

json::object ToolServer::capabilities() const { return {{"tools", json::object{{"listChanged", false}}}}; }

boost::asio::awaitable<json::value> ToolServer::handle_request(const std::string& method, const json::object& params,
                                                               const RequestContext& context) {
  if (method == "tools/list") co_return list_tools(params, context.client);
  if (method == "tools/call") co_return co_await call_tool(params, context);
  throw RpcException(jsonrpc::kMethodNotFound, "Method not found: " + method);
}

json::object ToolServer::list_tools(const json::object& params, const ClientIdentity& client) const {
  // The cursor is the index of the first tool of the page, among the tools
  // this client may see.
  std::size_t start = 0;
  if (const json::value* cursor = params.if_contains("cursor"); cursor && !cursor->is_null()) {
    if (!cursor->is_string()) throw RpcException(jsonrpc::kInvalidParams, "Invalid params: bad cursor");
    auto text = cursor->as_string().subview();
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), start);
    if (ec != std::errc() || end != text.data() + text.size()) {
      throw RpcException(jsonrpc::kInvalidParams, "Invalid params: bad cursor");
    }
  }
  json::array tools;
  std::size_t visible = 0;
  bool more = false;
  for (const auto& spec : registry_->tools()) {
    if (!client.has_scope(spec.scope)) continue;
    if (visible >= start) {
      if (tools.size() == options_.page_size) {
        more = true;
        break;
      }
      tools.push_back(ToolRegistry::describe(spec));
    }
    ++visible;
  }
  json::object result{{"tools", std::move(tools)}};
  if (more) result["nextCursor"] = std::to_string(start + options_.page_size);
  return result;
}

boost::asio::awaitable<json::object> ToolServer::call_tool(const json::object& params, const RequestContext& context) {
  const json::value* name_value = params.if_contains("name");
  if (!name_value || !name_value->is_string()) {
    throw RpcException(jsonrpc::kInvalidParams, "Invalid params: name is required");
  }
  std::string name(name_value->as_string());
  const json::value* arguments = params.if_contains("arguments");

  CallRecord record;
  record.at = std::chrono::system_clock::now();
  record.client_id = context.client.client_id;
  record.session_hash = session_hash(context.session_id);
  record.tool = name;
  record.arguments_json = json::serialize(arguments ? redact_arguments(*arguments) : json::value(json::object{}));
  auto started = std::chrono::steady_clock::now();
  // (Plain assignments, no coroutine lambda: g++ 12 mishandles by-value
  // parameters of coroutine lambdas.)
  auto stamp = [&](const char* outcome, const std::string& error) {
    record.outcome = outcome;
    record.error = error;
    record.latency_us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
  };

  const ToolSpec* spec = registry_->find(name);
  if (!spec) {
    stamp("invalid", "unknown tool");
    co_await recorder_->record(record);
    throw RpcException(jsonrpc::kInvalidParams, "Unknown tool: " + name);
  }
  if (!context.client.has_scope(spec->scope)) {
    stamp("denied", fmt::format("needs scope {}", scope_name(spec->scope)));
    co_await recorder_->record(record);
    throw RpcException(jsonrpc::kInvalidParams, fmt::format("Tool '{}' is not available to this client (it needs "
                                                            "the '{}' scope)",
                                                            name, scope_name(spec->scope)));
  }

  std::optional<std::string> invalid;
  ToolResult result;
  try {
    json::object args = ToolRegistry::normalise_arguments(*spec, arguments);
    ToolContext tool_context{context.client.client_id, context.session_id, context.client};
    result = co_await spec->handler(args, tool_context);
  } catch (const InvalidToolArguments& e) {
    invalid = e.what();
  } catch (const RpcException& e) {
    invalid = e.error().message;
  } catch (const Error& e) {
    // dbot::Error (and the Discord errors derived from it): the user message
    // is safe to show; the detail goes to the log only.
    spdlog::warn("mcp: tool {} failed: {}", name, e.operator_detail());
    result = ToolResult::error(e.user_message());
  } catch (const std::exception& e) {
    spdlog::error("mcp: tool {} failed: {}", name, e.what());
    result = ToolResult::error("Internal error while running the tool");
  }
  if (invalid) {
    stamp("invalid", *invalid);
    co_await recorder_->record(record);
    throw RpcException(jsonrpc::kInvalidParams, *invalid);
  }
  stamp(result.is_error ? "tool_error" : "ok", result.is_error ? result.text : std::string());
  co_await recorder_->record(record);
  co_return result.to_json();
}

}  // namespace dbot::mcp
