#include "mcp/transport/jsonrpc.hpp"

#include <climits>
#include <cstdint>

#include <boost/json.hpp>

namespace dbot::mcp::jsonrpc {

namespace {

bool valid_id(const json::value& id) { return id.is_string() || id.is_int64() || id.is_uint64(); }

ParseOutcome fail(int code, std::string message, json::value id = nullptr, bool answerable = false) {
  ParseOutcome outcome;
  outcome.error = RpcError{code, std::move(message), std::nullopt};
  outcome.error_id = std::move(id);
  outcome.answerable = answerable;
  return outcome;
}

}  // namespace

ParseOutcome parse(std::string_view text) noexcept {
  try {
    boost::system::error_code ec;
    json::parse_options options;
    options.max_depth = 64;
    json::value root = json::parse(text, ec, json::storage_ptr(), options);
    if (ec) return fail(kParseError, "Parse error");
    if (root.is_array()) {
      return fail(kInvalidRequest, "Invalid Request: batch requests are not supported");
    }
    if (!root.is_object()) return fail(kInvalidRequest, "Invalid Request: expected a JSON object");
    json::object& object = root.as_object();

    const json::value* version = object.if_contains("jsonrpc");
    if (!version || !version->is_string() || version->as_string() != "2.0") {
      return fail(kInvalidRequest, "Invalid Request: jsonrpc must be \"2.0\"");
    }

    const json::value* id = object.if_contains("id");
    json::value usable_id = (id && valid_id(*id)) ? *id : json::value(nullptr);
    // A null id is allowed only on an error response (the server could not
    // read the request's id).
    bool null_error_id = id && id->is_null() && !object.contains("method") && object.contains("error");
    if (id && !valid_id(*id) && !null_error_id) {
      return fail(kInvalidRequest, "Invalid Request: id must be a string or an integer");
    }

    if (const json::value* method = object.if_contains("method")) {
      if (!method->is_string()) return fail(kInvalidRequest, "Invalid Request: method must be a string", usable_id);
      if (object.contains("result") || object.contains("error")) {
        return fail(kInvalidRequest, "Invalid Request: a request cannot carry result or error", usable_id);
      }
      json::object params;
      if (const json::value* raw = object.if_contains("params")) {
        if (raw->is_array()) {
          return fail(kInvalidParams, "Invalid params: params must be an object", usable_id, id != nullptr);
        }
        if (!raw->is_object()) return fail(kInvalidRequest, "Invalid Request: params must be an object", usable_id);
        params = raw->as_object();
      }
      std::string name(method->as_string());
      if (id) return ParseOutcome{Request{*id, std::move(name), std::move(params)}, std::nullopt, nullptr, false};
      return ParseOutcome{Notification{std::move(name), std::move(params)}, std::nullopt, nullptr, false};
    }

    // No method: a response to something we sent.
    if (!id) return fail(kInvalidRequest, "Invalid Request: missing method");
    const json::value* result = object.if_contains("result");
    const json::value* error = object.if_contains("error");
    if ((result != nullptr) == (error != nullptr)) {
      return fail(kInvalidRequest, "Invalid Request: a response carries exactly one of result and error");
    }
    Response response{*id, std::nullopt, std::nullopt};
    if (result) {
      response.result = *result;
    } else {
      if (!error->is_object()) return fail(kInvalidRequest, "Invalid Request: error must be an object");
      const json::object& e = error->as_object();
      const json::value* code = e.if_contains("code");
      const json::value* message = e.if_contains("message");
      if (!code || !code->is_int64() || !message || !message->is_string()) {
        return fail(kInvalidRequest, "Invalid Request: error needs an integer code and a string message");
      }
      std::int64_t c = code->as_int64();
      if (c < INT32_MIN || c > INT32_MAX) return fail(kInvalidRequest, "Invalid Request: error code out of range");
      RpcError rpc{static_cast<int>(c), std::string(message->as_string()), std::nullopt};
      if (const json::value* data = e.if_contains("data")) rpc.data = *data;
      response.error = std::move(rpc);
    }
    return ParseOutcome{std::move(response), std::nullopt, nullptr, false};
  } catch (...) {
    // Allocation failure is the only thing that can get here.
    return fail(kInternalError, "Internal error");
  }
}

json::object error_object(const RpcError& error) {
  json::object e;
  e["code"] = error.code;
  e["message"] = error.message;
  if (error.data) e["data"] = *error.data;
  return e;
}

std::string serialize_result(const json::value& id, json::value result) {
  json::object out;
  out["jsonrpc"] = "2.0";
  out["id"] = id;
  out["result"] = std::move(result);
  return json::serialize(out);
}

std::string serialize_error(const json::value& id, const RpcError& error) {
  json::object out;
  out["jsonrpc"] = "2.0";
  out["id"] = id;
  out["error"] = error_object(error);
  return json::serialize(out);
}

std::string serialize_request(const json::value& id, std::string_view method, json::object params) {
  json::object out;
  out["jsonrpc"] = "2.0";
  out["id"] = id;
  out["method"] = method;
  out["params"] = std::move(params);
  return json::serialize(out);
}

std::string serialize_notification(std::string_view method, json::object params) {
  json::object out;
  out["jsonrpc"] = "2.0";
  out["method"] = method;
  if (!params.empty()) out["params"] = std::move(params);
  return json::serialize(out);
}

std::optional<std::string> message_from_body(std::string_view body, std::string_view content_type) {
  auto starts = [](std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; };
  if (content_type.find("text/event-stream") == std::string_view::npos) return std::string(body);
  std::string data;
  bool have_data = false;
  std::size_t pos = 0;
  auto flush = [&]() -> std::optional<std::string> {
    if (have_data) {
      auto outcome = parse(data);
      if (outcome.message) return data;
    }
    data.clear();
    have_data = false;
    return std::nullopt;
  };
  while (pos <= body.size()) {
    std::size_t end = body.find('\n', pos);
    std::string_view line = body.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (auto found = flush()) return found;
    } else if (starts(line, "data:")) {
      std::string_view value = line.substr(5);
      if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (have_data) data.push_back('\n');
      data.append(value);
      have_data = true;
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  if (auto found = flush()) return found;
  return std::nullopt;
}

}  // namespace dbot::mcp::jsonrpc
