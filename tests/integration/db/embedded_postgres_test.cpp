#include "db/embedded_postgres.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "db/connection.hpp"
#include "db_test_support.hpp"

namespace dbot::db::testing {
namespace {

using boost::asio::awaitable;

// A temporary directory the `postgres` user can traverse (the cluster runs as
// that user when the tests run as root); removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "dbot-pg-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
    chmod(path_.c_str(), 0755);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

int select_answer(const std::string& url) {
  return run([&]() -> awaitable<int> {
    auto c = co_await Connection::connect(ConnectOptions{url, ""});
    auto r = co_await c->query("SELECT 40 + 2 AS answer, current_database() AS db");
    EXPECT_EQ(r.get<std::string>(0, "db"), "botdata");
    co_return r.get<int>(0, "answer");
  }());
}

TEST(EmbeddedPostgres, StartsServesStopsAndReusesTheCluster) {
  TempDir temp;
  EmbeddedPostgresOptions options;
  options.directory = temp.path() / "postgres";
  options.database = "botdata";

  std::string url;
  {
    EmbeddedPostgres cluster(options);
    url = cluster.start();
    EXPECT_TRUE(cluster.initialized_now());
    EXPECT_TRUE(cluster.started_by_us());
    EXPECT_NE(url.find("host=" + options.directory.string()), std::string::npos) << url;
    EXPECT_TRUE(std::filesystem::exists(options.directory / "PG_VERSION"));
    EXPECT_EQ(select_answer(url), 42);

    // Socket only: no TCP listener configured.
    auto listen = run([&]() -> awaitable<std::string> {
      auto c = co_await Connection::connect(ConnectOptions{url, ""});
      auto r = co_await c->query("SHOW listen_addresses");
      co_return r.scalar<std::string>();
    }());
    EXPECT_EQ(listen, "");
    cluster.stop();
    EXPECT_FALSE(cluster.started_by_us());
  }
  EXPECT_THROW(select_answer(url), DatabaseError) << "the server must be stopped";

  {
    EmbeddedPostgres again(options);
    auto url_again = again.start();
    EXPECT_FALSE(again.initialized_now()) << "the second start must reuse the initdb'd directory";
    EXPECT_EQ(url_again, url);
    EXPECT_EQ(select_answer(url_again), 42);
  }  // the destructor stops it
  EXPECT_THROW(select_answer(url), DatabaseError);
}

TEST(EmbeddedPostgres, RefusesADirectoryThatIsNotACluster) {
  TempDir temp;
  auto dir = temp.path() / "postgres";
  std::filesystem::create_directories(dir);
  { std::ofstream(dir / "unrelated.txt") << "keep me"; }
  EmbeddedPostgresOptions options;
  options.directory = dir;
  EmbeddedPostgres cluster(options);
  try {
    cluster.start();
    FAIL() << "a non-empty non-cluster directory must be refused";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.operator_detail()).find("not empty"), std::string::npos) << e.operator_detail();
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "unrelated.txt"));
}

TEST(EmbeddedPostgres, AsRootAParentThePostgresUserCannotEnterIsNamed) {
  if (geteuid() != 0) GTEST_SKIP() << "only root hands the server to the postgres user";
  TempDir tmp;
  const auto closed = tmp.path() / "private";
  std::filesystem::create_directories(closed / "instance");
  chmod(closed.c_str(), 0700);
  EXPECT_EQ(parent_blocking_postgres(closed / "instance" / "postgres"), closed);
  EmbeddedPostgresOptions options;
  options.directory = closed / "instance" / "postgres";
  EmbeddedPostgres server(options);
  try {
    server.start();
    ADD_FAILURE() << "start() should refuse an unreachable data directory";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("cannot enter " + closed.string()), std::string::npos) << e.what();
  }
  chmod(closed.c_str(), 0711);
  EXPECT_FALSE(parent_blocking_postgres(closed / "instance" / "postgres"));
}

}  // namespace
}  // namespace dbot::db::testing
