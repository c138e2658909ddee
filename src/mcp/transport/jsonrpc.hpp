#pragma once
// JSON-RPC 2.0 as MCP uses it: one message per POST (batches were removed in
// protocol 2025-06-18 and are answered with an error), ids that are strings or
// integers, params that are objects.
//
// Parsing never throws and never crashes on any input; Boost.JSON bounds
// nesting depth and validates UTF-8.

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace dbot::mcp::jsonrpc {

namespace json = boost::json;

enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
};

struct RpcError {
  int code = kInternalError;
  std::string message;
  std::optional<json::value> data;
};

// Thrown by method handlers; the transport turns it into an error response.
class RpcException : public std::exception {
 public:
  RpcException(int code, std::string message) : error_{code, std::move(message), std::nullopt} {}
  explicit RpcException(RpcError error) : error_(std::move(error)) {}
  const char* what() const noexcept override { return error_.message.c_str(); }
  const RpcError& error() const noexcept { return error_; }

 private:
  RpcError error_;
};

struct Request {
  json::value id;  // string or integer
  std::string method;
  json::object params;  // empty when absent
};

struct Notification {
  std::string method;
  json::object params;
};

struct Response {
  json::value id;
  std::optional<json::value> result;  // exactly one of result / error
  std::optional<RpcError> error;
};

using Message = std::variant<Request, Notification, Response>;

struct ParseOutcome {
  std::optional<Message> message;  // set on success
  std::optional<RpcError> error;   // set on failure
  // The id to answer the error with: the message's id when it could be read,
  // otherwise null.
  json::value error_id;
  // True when the error is about a request whose id is known, so the error
  // belongs in a normal JSON-RPC response rather than a transport-level 400.
  bool answerable = false;
};

// Parses one JSON-RPC message. Never throws.
ParseOutcome parse(std::string_view text) noexcept;

json::object error_object(const RpcError& error);
std::string serialize_result(const json::value& id, json::value result);
std::string serialize_error(const json::value& id, const RpcError& error);
std::string serialize_request(const json::value& id, std::string_view method, json::object params);
std::string serialize_notification(std::string_view method, json::object params = {});

// Extracts the JSON-RPC message from a response body that is either plain
// JSON or a Server-Sent Events stream (the first `data:` payload that parses
// as a response). Events whose data spans several lines are joined as SSE
// specifies. Returns nullopt when no message is found.
std::optional<std::string> message_from_body(std::string_view body, std::string_view content_type);

}  // namespace dbot::mcp::jsonrpc
