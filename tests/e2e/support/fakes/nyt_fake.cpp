#include "e2e/support/fakes/nyt_fake.hpp"

#include <boost/json.hpp>

namespace dbot::test {
namespace json = boost::json;

NytFake::NytFake() : server_([this](const net::HttpRequest& request) { return handle(request); }) {}

void NytFake::set_wordle(const std::string& date, const std::string& solution) {
  const json::object body{{"id", 1234},
                          {"solution", solution},
                          {"print_date", date},
                          {"days_since_launch", 1000},
                          {"editor", "Tracy Bennett"}};
  set_raw("wordle/v2/" + date + ".json", json::serialize(body));
}

void NytFake::set_connections(const std::string& date, const std::vector<ConnectionsGroup>& groups) {
  json::array categories;
  int position = 0;
  for (const auto& group : groups) {
    json::array cards;
    for (const auto& word : group.words) cards.push_back(json::object{{"content", word}, {"position", position++}});
    categories.push_back(json::object{{"title", group.title}, {"cards", cards}});
  }
  const json::object body{
      {"status", "OK"}, {"id", 555}, {"print_date", date}, {"editor", "Wyna Liu"}, {"categories", categories}};
  set_raw("connections/v2/" + date + ".json", json::serialize(body));
}

void NytFake::set_raw(const std::string& path, const std::string& body) {
  std::lock_guard lock(mutex_);
  bodies_[path] = body;
}

int NytFake::requests(const std::string& path) const {
  std::lock_guard lock(mutex_);
  const auto it = requests_.find(path);
  return it == requests_.end() ? 0 : it->second;
}

net::HttpResponse NytFake::handle(const net::HttpRequest& request) {
  const std::string path(request.path());
  if (!path.starts_with("/svc/")) return net::HttpResponse::text(404, "Not Found");
  const auto key = path.substr(5);
  std::lock_guard lock(mutex_);
  ++requests_[key];
  const auto it = bodies_.find(key);
  if (it == bodies_.end()) return net::HttpResponse::json(404, R"({"status":"ERROR","errors":["Not Found"]})");
  return net::HttpResponse::json(200, it->second);
}

}  // namespace dbot::test
