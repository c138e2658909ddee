#pragma once
// Blocking HTTP calls for tests (each on a private event loop).

#include <string>

#include "net/http.hpp"

namespace dbot::test {

net::HttpResponse http_request(const std::string& method, const std::string& url, const std::string& body = {},
                               const net::Headers& headers = {});
inline net::HttpResponse http_get(const std::string& url) { return http_request("GET", url); }
inline net::HttpResponse http_post(const std::string& url, const std::string& json) {
  net::Headers headers;
  headers.set("Content-Type", "application/json");
  return http_request("POST", url, json, headers);
}

}  // namespace dbot::test
