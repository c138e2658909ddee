#pragma once
// Plain HTTP request/response values shared by the server, the client and
// every handler. Deliberately free of Beast so that feature code, the
// simulator and MCP can include it cheaply.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

namespace dbot::net {

// Header names compare case-insensitively; order and duplicates are kept.
class Headers {
 public:
  struct Field {
    std::string name;
    std::string value;
  };

  std::optional<std::string_view> get(std::string_view name) const;
  // Replaces every field of that name with one.
  void set(std::string name, std::string value);
  void add(std::string name, std::string value);
  void erase(std::string_view name);
  const std::vector<Field>& fields() const { return fields_; }

 private:
  std::vector<Field> fields_;
};

struct HttpRequest {
  std::string method = "GET";
  // Server side: origin-form target ("/api/v10/x?y=1").
  // Client side: an absolute URL ("http://127.0.0.1:8080/api/v10/x").
  std::string target = "/";
  Headers headers;
  std::string body;
  std::string remote_address;  // filled in by the server

  // The target without its query string.
  std::string_view path() const;
  // A query parameter, percent-decoded; nullopt when absent.
  std::optional<std::string> query(std::string_view name) const;
};

// Writes chunks of a streaming (Server-Sent Events) response.
class StreamWriter {
 public:
  virtual ~StreamWriter() = default;
  // Sends one chunk; returns false once the peer has gone away.
  virtual boost::asio::awaitable<bool> write(std::string_view chunk) = 0;
};

struct HttpResponse {
  unsigned status = 200;
  Headers headers;
  std::string body;
  // When set, the server sends the headers, then calls this with a writer and
  // ends the response when it returns (chunked transfer encoding).
  std::function<boost::asio::awaitable<void>(StreamWriter&)> stream;

  static HttpResponse json(unsigned status, std::string body);
  static HttpResponse text(unsigned status, std::string body);
};

// Percent-decoding for path segments and query values ("+" is a space in queries).
std::string percent_decode(std::string_view text, bool plus_is_space = false);
std::string percent_encode(std::string_view text);

}  // namespace dbot::net
