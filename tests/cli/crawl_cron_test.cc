// `factsift crawl` as cron runs it, against cpp-httplib servers on 127.0.0.1:
// misbehaving endpoints handled within their limits (exit 0, all recorded),
// a second run of conditional requests, SIGKILL at random moments and a
// resume that ends with the same database as an uninterrupted crawl, two
// crawls at once (one exits 3), WARC output read back by Python's gzip
// module, and the --quiet / --log-json output contracts.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "common/status.h"
#include "schema/store.h"

#include "tests/cli/testing/cli_testing.h"
#include "tests/testing/status_matchers.h"

extern char** environ;  // POSIX: declared by no header.

namespace factsift::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

// A cpp-httplib server on an ephemeral port of 127.0.0.1 that counts requests
// by path. Handlers are added before Start().
class Site {
 public:
  ~Site() {
    stopping_ = true;
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  void Get(const std::string& pattern,
           std::function<void(const httplib::Request&, httplib::Response&)> handler) {
    server_.Get(pattern, [this, handler](const httplib::Request& request,
                                         httplib::Response& response) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        ++hits_[request.path];
        if (!request.get_header_value("If-None-Match").empty()) ++conditional_;
      }
      handler(request, response);
      std::lock_guard<std::mutex> lock(mutex_);
      ++statuses_[response.status == -1 ? 200 : response.status];  // -1: left to the server (200).
    });
  }
  void Start() {
    // A thread per transfer a crawl may hold at once (16): with fewer, a
    // request can wait in the server's queue past the client's timeout while
    // slow endpoints hold every thread (seen in the sanitized build).
    server_.new_task_queue = [] { return new httplib::ThreadPool(32); };
    server_.set_keep_alive_timeout(1);
    server_.set_socket_options([this](socket_t socket) {
      httplib::default_socket_options(socket);
      int unset = -1;
      listen_socket_.compare_exchange_strong(unset, socket);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    ASSERT_EQ(::listen(listen_socket_.load(), SOMAXCONN), 0);  // Backlog, see fetcher_test.cc.
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    const auto deadline = steady_clock::now() + std::chrono::seconds(5);
    while (!server_.is_running() && steady_clock::now() < deadline) std::this_thread::yield();
    ASSERT_TRUE(server_.is_running());
  }
  std::string Url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }
  int Hits(const std::string& path) {
    std::lock_guard<std::mutex> lock(mutex_);
    return hits_[path];
  }
  std::map<int, int> Statuses() {
    std::lock_guard<std::mutex> lock(mutex_);
    return statuses_;
  }
  void ResetCounts() {
    std::lock_guard<std::mutex> lock(mutex_);
    hits_.clear();
    statuses_.clear();
    conditional_ = 0;
  }
  int conditional() {
    std::lock_guard<std::mutex> lock(mutex_);
    return conditional_;
  }
  bool stopping() const { return stopping_; }

 private:
  httplib::Server server_;
  std::thread thread_;
  std::atomic<int> listen_socket_{-1};
  std::atomic<bool> stopping_{false};
  int port_ = 0;
  std::mutex mutex_;
  std::map<std::string, int> hits_;
  std::map<int, int> statuses_;
  int conditional_ = 0;
};

// The crawl options every test here passes: the servers listen on loopback,
// and politeness delays would only slow the tests down.
std::vector<std::string> Crawl(const std::string& db, std::vector<std::string> more) {
  std::vector<std::string> args = {"crawl", "--db",       db,   "--allow-private", "--delay-ms",
                                   "0",     "--per-host", "16", "--concurrency",   "16"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// Rows of every table, and one query's text result, read-only.
std::map<std::string, int64_t> CountRows(const std::string& path) {
  std::map<std::string, int64_t> counts;
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement tables(db, "SELECT name FROM sqlite_schema WHERE type = 'table'");
  while (tables.executeStep()) {
    const std::string name = tables.getColumn(0).getString();
    counts[name] = db.execAndGet("SELECT count(*) FROM \"" + name + "\"").getInt64();
  }
  return counts;
}
std::string QueryText(const std::string& path, const std::string& sql) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement query(db, sql);
  return query.executeStep() && !query.getColumn(0).isNull() ? query.getColumn(0).getString()
                                                             : std::string("<none>");
}

std::string Gzip(std::string_view data) {
  z_stream stream{};
  deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

constexpr char kArticle[] =
    "<html><head><title>Bitcoin rallies</title></head><body><article><h1>Bitcoin rallies</h1>"
    "<p>Bitcoin rose 4.2% to $68,400 on Tuesday as about $310 million of short positions were "
    "liquidated across exchanges, according to CoinGlass data.</p></article></body></html>";

// Every misbehaving endpoint of the issue is handled within its time and size
// limits and recorded, and the crawl exits 0.
TEST(CrawlCron, MisbehavingEndpointsAreRecordedAndTheRunCompletes) {
  Site site;
  std::atomic<int> flaky_calls{0}, limited_calls{0};
  // A byte a second: the whole-transfer timeout stops it.
  site.Get("/drip", [&site](const httplib::Request&, httplib::Response& response) {
    response.set_chunked_content_provider("text/html", [&site](size_t, httplib::DataSink& sink) {
      if (site.stopping()) return false;
      std::this_thread::sleep_for(milliseconds(1000));
      return sink.write("x", 1);
    });
  });
  // Headers promise 5000 bytes; the connection closes after 100.
  site.Get("/reset", [](const httplib::Request&, httplib::Response& response) {
    response.set_content_provider(5000, "text/html",
                                  [](size_t offset, size_t, httplib::DataSink& sink) {
                                    if (offset > 0) return false;  // Drops the connection.
                                    const std::string part(100, 'r');
                                    return sink.write(part.data(), part.size());
                                  });
  });
  site.Get("/flaky", [&flaky_calls](const httplib::Request&, httplib::Response& response) {
    if (flaky_calls++ == 0) {
      response.status = 500;
      return;
    }
    response.set_content(kArticle, "text/html; charset=utf-8");
  });
  site.Get("/limited", [&limited_calls](const httplib::Request&, httplib::Response& response) {
    if (limited_calls++ == 0) {
      response.status = 429;
      response.set_header("Retry-After", "1");
      return;
    }
    // Other bytes than /flaky's, or it would be stored as its duplicate.
    response.set_content(std::string(kArticle) + "<!-- limited -->", "text/html; charset=utf-8");
  });
  site.Get("/loop", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("/loop-back", 302);
  });
  site.Get("/loop-back", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("/loop", 302);
  });
  // 200 MB announced, and 200 MB streamed without a length: neither is read past the cap.
  site.Get("/huge", [](const httplib::Request&, httplib::Response& response) {
    response.set_content_provider(size_t{200} << 20, "text/html",
                                  [](size_t, size_t length, httplib::DataSink& sink) {
                                    const std::string block(std::min<size_t>(length, 65536), 'h');
                                    return sink.write(block.data(), block.size());
                                  });
  });
  site.Get("/huge-chunked", [](const httplib::Request&, httplib::Response& response) {
    response.set_chunked_content_provider(
        "text/html", [sent = size_t{0}](size_t, httplib::DataSink& sink) mutable {
          if (sent >= (size_t{200} << 20)) {
            sink.done();
            return true;
          }
          const std::string block(65536, 'c');
          sent += block.size();
          return sink.write(block.data(), block.size());
        });
  });
  // 64 MB of spaces in 64 KB of gzip: decoding stops at --max-bytes.
  const std::string bomb = Gzip(std::string(size_t{64} << 20, ' '));
  // Served as a PDF (a type pages may have) because this cpp-httplib gzips
  // text/html itself, on top of ours.
  site.Get("/bomb", [&bomb](const httplib::Request&, httplib::Response& response) {
    response.set_header("Content-Encoding", "gzip");
    response.set_content(bomb, "application/pdf");
  });
  // windows-1252, declared only in <meta>: curly quotes and a dash as single bytes.
  const std::string cp1252 =
      "<html><head><meta charset=\"windows-1252\"><title>Bitcoin\x92s rally</title></head>"
      "<body><article><h1>Bitcoin\x92s rally</h1><p>Bitcoin\x92s price rose 3% to $68,000 "
      "\x97 a \x93record\x94 week for traders, analysts said on Tuesday.</p></article></body>"
      "</html>";
  site.Get("/cp1252", [&cp1252](const httplib::Request&, httplib::Response& response) {
    response.set_content(cp1252, "text/html");
  });
  site.Get("/report.pdf", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n", "application/pdf");
  });
  std::string garbage(20000, '\0');
  std::mt19937 random(7);
  for (char& c : garbage) c = static_cast<char>(random());
  site.Get("/garbage", [&garbage](const httplib::Request&, httplib::Response& response) {
    response.set_content(garbage, "text/html");
  });
  std::string deep;
  for (int i = 0; i < 200000; ++i) deep += "<div>";
  deep += "<p>Bitcoin rose 2% to $66,000.</p>";
  site.Get("/deep", [&deep](const httplib::Request&, httplib::Response& response) {
    response.set_content(deep, "text/html");
  });
  site.Get("/empty", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("", "text/html");
  });
  site.Start();

  TempDir dir;
  const std::string db = dir / "t.db";
  // A cap of 2 MB (above the 1 MB deep page) reaches the capped bodies well
  // within the 1.5 s timeout, on a loaded machine and sanitized too.
  std::vector<std::string> args =
      Crawl(db, {"--timeout-ms", "1500", "--max-bytes", "2000000", "--quiet"});
  const std::vector<std::string> paths = {
      "/drip", "/reset",  "/flaky",      "/limited", "/loop", "/huge", "/huge-chunked",
      "/bomb", "/cp1252", "/report.pdf", "/garbage", "/deep", "/empty"};
  for (const std::string& path : paths) args.push_back(site.Url(path));
  const auto start = steady_clock::now();
  const CommandResult result = RunFactsift(args, WithTimeout(milliseconds(60000)));
  const auto elapsed = steady_clock::now() - start;
  ASSERT_EQ(result.exit_code, 0) << result.Describe() << "\n" << result.err << result.out;
  // Drip: three attempts of 1.5 s and two backoffs of about 1 and 2 s.
  EXPECT_LT(elapsed, std::chrono::seconds(20));
  EXPECT_EQ(result.err, "");  // --quiet: the summary line only.
  EXPECT_EQ(SplitLines(result.out).size(), 1u) << result.out;

  const auto outcome = [&](const std::string& path) {
    return QueryText(db,
                     "SELECT error_code || ' ' || http_status || ' ' || error FROM fetches "
                     "WHERE url = '" +
                         site.Url(path) + "' ORDER BY last_fetched_ms DESC LIMIT 1");
  };
  const auto code = [](StatusCode c) { return std::to_string(static_cast<int>(c)) + " "; };
  EXPECT_EQ(outcome("/drip").rfind(code(StatusCode::kDeadlineExceeded), 0), 0u) << outcome("/drip");
  EXPECT_NE(outcome("/drip").find("timeout after 1500 ms"), std::string::npos);
  EXPECT_EQ(site.Hits("/drip"), 3);
  EXPECT_EQ(outcome("/reset").rfind(code(StatusCode::kUnavailable), 0), 0u) << outcome("/reset");
  EXPECT_EQ(outcome("/flaky"), "0 200 ");
  EXPECT_EQ(outcome("/limited"), "0 200 ");
  EXPECT_NE(outcome("/loop").find("redirect loop"), std::string::npos) << outcome("/loop");
  for (const char* path : {"/huge", "/huge-chunked", "/bomb"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(outcome(path).rfind(code(StatusCode::kResourceExhausted), 0), 0u) << outcome(path);
    EXPECT_NE(outcome(path).find("exceeds --max-bytes 2000000"), std::string::npos);
  }
  // Stored as evidence, not extracted.
  for (const char* path : {"/report.pdf", "/garbage", "/empty"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(outcome(path), "0 200 ");
    EXPECT_EQ(QueryText(db, "SELECT count(*) FROM articles WHERE url = '" + site.Url(path) + "'"),
              "0");
  }
  EXPECT_EQ(QueryText(db,
                      "SELECT size FROM pages JOIN fetches ON page_sha256 = sha256 "
                      "WHERE url = '" +
                          site.Url("/garbage") + "'"),
            "20000");
  // The stored bytes are the served bytes, whatever the extractor made of them.
  {
    StatusOr<std::unique_ptr<schema::Store>> store = schema::Store::Open(db);
    ASSERT_OK(store);
    std::map<std::string, std::string> stored;
    ASSERT_OK((*store)->ForEachLatestPage([&](const schema::StoredPage& page) {
      stored[page.url] = page.body;
      return Status::Ok();
    }));
    EXPECT_TRUE(stored[site.Url("/garbage")] == garbage);
  }

  // The exported articles: the windows-1252 page as correct UTF-8 text, and
  // the 200,000-deep page with its figure.
  std::map<std::string, json> articles;
  const CommandResult exported = RunFactsift({"export", "--db", db});
  for (const std::string& line : SplitLines(exported.out)) {
    json article = json::parse(line);
    articles[article["url"]] = article;
  }
  ASSERT_TRUE(articles.contains(site.Url("/cp1252")));
  const std::string text = articles[site.Url("/cp1252")]["text"];
  EXPECT_NE(text.find("Bitcoin\u2019s price rose 3% to $68,000 \u2014 a \u201crecord\u201d week"),
            std::string::npos)
      << text;
  EXPECT_EQ(articles[site.Url("/cp1252")]["title"], "Bitcoin\u2019s rally");
  ASSERT_TRUE(articles.contains(site.Url("/deep")));
  EXPECT_FALSE(articles[site.Url("/deep")]["facts"].empty());
  EXPECT_TRUE(articles.contains(site.Url("/flaky")));
  EXPECT_TRUE(articles.contains(site.Url("/limited")));
  EXPECT_EQ(QueryText(db, "PRAGMA integrity_check"), "ok");
}

// The second run asks only conditionally and downloads nothing unchanged; a
// robots.txt answered with 304 still forbids what it forbade.
TEST(CrawlCron, SecondRunIsConditionalAndStillObeysRobots) {
  Site site;
  const auto with_etag = [](std::string etag, std::string body, std::string type) {
    return [etag, body, type](const httplib::Request& request, httplib::Response& response) {
      response.set_header("ETag", etag);
      if (request.get_header_value("If-None-Match") == etag) {
        response.status = 304;
        return;
      }
      response.set_content(body, type);
    };
  };
  site.Get("/robots.txt", with_etag("\"r\"", "User-agent: *\nDisallow: /private/\n", "text/plain"));
  std::string sitemap = "<urlset>";
  for (int i = 0; i < 20; ++i) {
    const std::string path = (i % 5 == 0 ? "/private/" : "/news/") + std::to_string(i);
    sitemap += "<url><loc>" + path + "</loc></url>";
    site.Get(path, with_etag("\"p" + std::to_string(i) + "\"", kArticle, "text/html"));
  }
  site.Get("/sitemap.xml", with_etag("\"s\"", sitemap + "</urlset>", "application/xml"));
  site.Start();
  TempDir dir;
  const std::string db = dir / "t.db";
  std::vector<std::string> seeds_args = {"--sitemap", site.Url("/sitemap.xml")};
  std::string seeds;
  for (int i = 0; i < 20; ++i) {
    seeds += site.Url((i % 5 == 0 ? "/private/" : "/news/") + std::to_string(i)) + "\n";
  }
  WriteFile(dir / "seeds.txt", seeds);

  const CommandResult first =
      RunFactsift(Crawl(db, {"--sitemap", site.Url("/sitemap.xml"), "--quiet"}));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(site.Statuses()[200], 18);  // robots.txt, the sitemap, 16 pages.
  const std::string export_before = RunFactsift({"export", "--db", db}).out;
  site.ResetCounts();

  // Every URL named again (the disallowed ones too), plus the sitemap.
  const CommandResult second = RunFactsift(
      Crawl(db, {"--sitemap", site.Url("/sitemap.xml"), "--seeds", dir / "seeds.txt", "--quiet"}));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(site.Statuses(), (std::map<int, int>{{304, 18}}));
  EXPECT_EQ(site.conditional(), 18);
  for (int i = 0; i < 20; i += 5) EXPECT_EQ(site.Hits("/private/" + std::to_string(i)), 0);
  // 16 pages and the sitemap unchanged (304); the 4 disallowed pages recorded as such.
  EXPECT_NE(second.out.find(" 0 extracted, 17 unchanged, 4 failed"), std::string::npos)
      << second.out;
  EXPECT_NE(second.out.find("17 not modified"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("4 disallowed by robots.txt"), std::string::npos) << second.out;
  EXPECT_EQ(RunFactsift({"export", "--db", db}).out, export_before);
}

// A child process started without waiting for it, to be killed midway.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::string& log) {
    std::vector<std::string> argv = {FactsiftPath()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> raw;
    for (std::string& arg : argv) raw.push_back(arg.data());
    raw.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    const int spawned = posix_spawn(&pid_, raw[0], &actions, nullptr, raw.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(spawned, 0);
  }
  ~Child() {
    if (!reaped_) {
      ::kill(pid_, SIGKILL);
      Wait();
    }
  }
  void Kill() { ::kill(pid_, SIGKILL); }
  pid_t pid() const { return pid_; }
  // Waits for any child; returns its pid and status (as Wait). The Child
  // whose pid it is must not Wait again.
  static std::pair<pid_t, int> WaitAny() {
    int status = 0;
    pid_t pid = -1;
    while ((pid = ::waitpid(-1, &status, 0)) < 0 && errno == EINTR) {
    }
    return {pid, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)};
  }
  void MarkReaped() { reaped_ = true; }
  // The exit status, or 128 + signal.
  int Wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
};

// A site of `pages` small articles listed by a sitemap that robots.txt names.
void ServeArticles(Site& site, int pages) {
  site.Get("/robots.txt", [&site](const httplib::Request&, httplib::Response& response) {
    response.set_content(
        "User-agent: *\nDisallow: /private/\nSitemap: " + site.Url("/sitemap.xml") + "\n",
        "text/plain");
  });
  site.Get("/sitemap.xml", [pages](const httplib::Request&, httplib::Response& response) {
    std::string xml = "<urlset>";
    for (int i = 0; i < pages; ++i) xml += "<url><loc>/a/" + std::to_string(i) + "</loc></url>";
    response.set_content(xml + "</urlset>", "application/xml");
  });
  site.Get(R"(/a/(\d+))", [](const httplib::Request& request, httplib::Response& response) {
    const int i = std::stoi(request.matches[1]);
    response.set_content("<html><head><title>Update " + std::to_string(i) +
                             "</title></head><body><article><h1>Update " + std::to_string(i) +
                             "</h1><p>Bitcoin rose " + std::to_string(i % 9 + 1) + "% to $6" +
                             std::to_string(1000 + i) + " as $" + std::to_string(100 + i) +
                             " million of short positions were liquidated, CoinGlass data "
                             "showed.</p></article></body></html>",
                         "text/html; charset=utf-8");
  });
}

// Export lines without what differs between two crawls of the same bytes:
// the fetch time and the extractor's timings.
std::vector<std::string> StableExport(const std::string& db) {
  const CommandResult result = RunFactsift({"export", "--db", db});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> lines;
  for (const std::string& line : SplitLines(result.out)) {
    json article = json::parse(line);
    article.erase("fetched_at");
    article["stats"]["parse_ms"] = 0;
    article["stats"]["extract_ms"] = 0;
    lines.push_back(article.dump());
  }
  return lines;
}

// What a killed run may leave behind, checked with the process dead: an
// intact file, no dangling reference, and nothing half-written. Every page of
// ServeArticles states figures, so an article without facts is one whose
// facts were lost; an article or a successful fetch without its page, or an
// article whose fetch is missing, is a half-written page. Returns the
// problems found, "" when none.
std::string HalfWrittenRows(const std::string& path) {
  // Read-write, as the next run opens it: a kill while the new file was still
  // being switched to WAL leaves a hot rollback journal, which only a
  // connection that may write rolls back (read-only: SQLITE_READONLY_ROLLBACK).
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  std::string problems;
  const std::string integrity = db.execAndGet("PRAGMA integrity_check").getString();
  if (integrity != "ok") problems += "integrity_check: " + integrity + "\n";
  // Killed while creating the file: no schema yet is fine, half of one is not.
  const int64_t tables =
      db.execAndGet(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
            "('pages', 'fetches', 'articles', 'facts', 'crawl_urls')")
          .getInt64();
  if (tables == 0) return problems;
  if (tables != 5) return problems + "a partial schema: " + std::to_string(tables) + " tables\n";
  SQLite::Statement foreign(db, "PRAGMA foreign_key_check");
  while (foreign.executeStep()) {
    problems += "dangling reference in " + foreign.getColumn(0).getString() + "\n";
  }
  const struct {
    const char* what;
    const char* sql;
  } kChecks[] = {
      {"articles without their page",
       "SELECT count(*) FROM articles WHERE page_sha256 NOT IN (SELECT sha256 FROM pages)"},
      {"articles without facts",
       "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM facts)"},
      {"articles without the fetch of their page",
       "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM fetches f "
       "WHERE f.url = a.url AND f.page_sha256 = a.page_sha256)"},
      {"facts not numbered 0..n-1",
       "SELECT count(*) FROM (SELECT article_id FROM facts GROUP BY article_id "
       "HAVING max(ordinal) + 1 <> count(*))"},
      {"pages of the site stored but not extracted",
       "SELECT count(*) FROM fetches f WHERE f.url LIKE '%/a/%' AND f.page_sha256 IS NOT NULL "
       "AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.url = f.url)"},
      {"duplicate fetch outcomes",
       "SELECT count(*) FROM (SELECT url FROM fetches GROUP BY url, page_sha256 HAVING "
       "count(*) > 1)"},
  };
  for (const auto& check : kChecks) {
    const int64_t count = db.execAndGet(check.sql).getInt64();
    if (count != 0) problems += std::to_string(count) + " " + check.what + "\n";
  }
  return problems;
}

// SIGKILL at 100 random moments of crawls of the same site, each followed by
// the checks above. Each round starts from an empty database and is killed
// again and again until a run completes; that database must then equal the
// one an uninterrupted crawl made (same export, same rows, no duplicates).
TEST(CrawlCron, KilledCrawlResumesToTheSameDatabase) {
  Site site;
  constexpr int kPages = 300;
  ServeArticles(site, kPages);
  site.Start();
  TempDir dir;
  const std::vector<std::string> args = {"--sitemap", site.Url("/sitemap.xml"), "--quiet"};

  const std::string reference = dir / "reference.db";
  const auto reference_start = steady_clock::now();
  const CommandResult uninterrupted =
      RunFactsift(Crawl(reference, args), WithTimeout(milliseconds(60000)));
  const auto reference_ms =
      std::chrono::duration_cast<milliseconds>(steady_clock::now() - reference_start).count();
  ASSERT_EQ(uninterrupted.exit_code, 0) << uninterrupted.err;
  const std::vector<std::string> expected = StableExport(reference);
  ASSERT_EQ(expected.size(), static_cast<size_t>(kPages));
  std::map<std::string, int64_t> reference_counts = CountRows(reference);
  reference_counts.erase("crawl_runs");

  // Kill moments spread over a whole crawl's time (process start, migrations,
  // robots.txt, the sitemap, pages, the last commit), capped to keep the test
  // short; resumed runs do less, so later kills also hit their end.
  const int longest_delay = static_cast<int>(std::clamp<int64_t>(reference_ms, 50, 250));
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> delay(0, longest_delay);
  constexpr int kKills = 100;
  int kills = 0, rounds = 0, completed_before_kill = 0, mid_crawl = 0;
  while (kills < kKills) {
    ASSERT_LT(rounds, 40) << "the crawl never completes between kills";
    const std::string db = dir / ("killed-" + std::to_string(rounds++) + ".db");
    for (int attempt = 0; kills < kKills; ++attempt) {
      ASSERT_LT(attempt, 400);
      Child child(Crawl(db, args), dir / "killed.log");
      std::this_thread::sleep_for(milliseconds(delay(random)));
      child.Kill();
      const int status = child.Wait();
      if (status == 0) {  // Finished before the kill: this round is done.
        ++completed_before_kill;
        break;
      }
      ASSERT_EQ(status, 128 + SIGKILL) << ReadFile(dir / "killed.log");
      ++kills;
      if (!std::filesystem::exists(db)) continue;  // Killed before it created the file.
      const std::string problems = HalfWrittenRows(db);
      ASSERT_EQ(problems, "") << "after kill " << kills;
      if (problems.empty() && CountRows(db).contains("articles")) {
        const int64_t articles = CountRows(db)["articles"];
        if (articles > 0 && articles < kPages) ++mid_crawl;
      }
    }
    // The run that ends the round (a kill may have come last).
    const CommandResult last = RunFactsift(Crawl(db, args), WithTimeout(milliseconds(60000)));
    ASSERT_EQ(last.exit_code, 0) << last.err;
    EXPECT_EQ(HalfWrittenRows(db), "");
    EXPECT_EQ(StableExport(db), expected) << "round " << rounds;
    std::map<std::string, int64_t> counts = CountRows(db);
    // The runs: one resumed after each kill (a kill that came after the run had
    // finished would make it two).
    EXPECT_GE(counts["crawl_runs"], 1);
    counts.erase("crawl_runs");
    EXPECT_EQ(counts, reference_counts) << "round " << rounds;
    EXPECT_EQ(QueryText(db, "SELECT count(*) FROM crawl_urls WHERE last_run_id IS NULL"), "0");
  }
  RecordProperty("kills", kills);
  RecordProperty("rounds", rounds);
  std::cout << "[ kills ] " << kills << " kills over " << rounds << " rounds ("
            << completed_before_kill << " runs completed before their kill; " << mid_crawl
            << " left some but not all articles), delays 0-" << longest_delay << " ms" << std::endl;
  EXPECT_EQ(kills, kKills);
}

// Runs factsift to its end with limits a crawl can meet on a real machine:
// `max_file_bytes` caps every file it writes (RLIMIT_FSIZE, with SIGXFSZ
// ignored, so a write past it fails with EFBIG as on a full disk), and
// `user` runs it as another user (when the test runs as root, for whom file
// permissions do not apply). Returns the exit status (or 128 + signal); the
// output goes to `log`.
struct ChildLimits {
  rlim_t max_file_bytes = RLIM_INFINITY;
  uid_t user = static_cast<uid_t>(-1);
  gid_t group = static_cast<gid_t>(-1);
};
int RunLimited(const std::vector<std::string>& args, const std::string& log,
               const ChildLimits& limits, milliseconds timeout = milliseconds(60000)) {
  std::vector<std::string> argv = {FactsiftPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> raw;
  for (std::string& arg : argv) raw.push_back(arg.data());
  raw.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    // The child of a threaded process: only async-signal-safe calls until exec.
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0666);
    if (out < 0) ::_exit(125);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(out, STDERR_FILENO);
    const int in = ::open("/dev/null", O_RDONLY);
    ::dup2(in, STDIN_FILENO);
    if (limits.max_file_bytes != RLIM_INFINITY) {
      ::signal(SIGXFSZ, SIG_IGN);  // An ignored disposition survives exec.
      const rlimit limit = {limits.max_file_bytes, limits.max_file_bytes};
      if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(125);
    }
    if (limits.user != static_cast<uid_t>(-1)) {
      if (::setgroups(0, nullptr) != 0 || ::setgid(limits.group) != 0 ||
          ::setuid(limits.user) != 0) {
        ::_exit(125);
      }
    }
    ::execv(raw[0], raw.data());
    ::_exit(127);
  }
  EXPECT_GT(pid, 0);
  const auto deadline = steady_clock::now() + timeout;
  int status = 0;
  while (true) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) return -1;
    if (steady_clock::now() > deadline) {
      ADD_FAILURE() << "factsift ran past " << timeout.count() << " ms; killed";
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(milliseconds(5));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The error line of a run's log: its last line starting "factsift: ".
std::string ErrorLine(const std::string& log) {
  std::string found;
  for (const std::string& line : SplitLines(log)) {
    if (line.starts_with("factsift: ")) found = line;
  }
  return found;
}

// A full disk in the middle of a crawl: the run stops with one clear error
// line and exit 1, what was committed before stays, the file is intact, and
// a run with room again completes the crawl.
TEST(CrawlCron, DiskFullStopsTheRunAndKeepsTheDatabase) {
  Site site;
  ServeArticles(site, 400);
  site.Start();
  TempDir dir;
  const std::string db = dir / "full.db";
  // A first small crawl (robots.txt names the sitemap, so it is found; only
  // a few pages are taken): these rows must survive.
  ASSERT_EQ(RunFactsift(Crawl(db, {"--quiet", "--max-pages", "8", site.Url("/a/0")})).exit_code, 0);
  const int64_t articles_before = CountRows(db)["articles"];
  ASSERT_GT(articles_before, 0);
  ASSERT_LT(articles_before, 20);

  // Room for a few dozen more pages, not for 400.
  const auto size = [&db](const char* suffix) {
    std::error_code error;
    const auto bytes = std::filesystem::file_size(db + suffix, error);
    return error ? uintmax_t{0} : bytes;
  };
  ChildLimits limits;
  // Not a multiple of the page size: the write that meets the limit is cut
  // short, which SQLite reports as a full disk.
  limits.max_file_bytes = std::max(size(""), size("-wal")) + 64 * 1024 + 100;
  const std::string log = dir / "full.log";
  const std::vector<std::string> args = Crawl(db, {"--sitemap", site.Url("/sitemap.xml")});
  const int status = RunLimited(args, log, limits);
  EXPECT_EQ(status, 1) << ReadFile(log);
  const std::string error = ErrorLine(ReadFile(log));
  EXPECT_NE(error.find("full"), std::string::npos) << ReadFile(log);
  EXPECT_EQ(HalfWrittenRows(db), "");
  const int64_t articles_after = CountRows(db)["articles"];
  EXPECT_GE(articles_after, articles_before);
  EXPECT_LT(articles_after, 400);

  // With room again the next run completes the crawl.
  const CommandResult resumed = RunFactsift(Crawl(db, {"--sitemap", site.Url("/sitemap.xml")}),
                                            WithTimeout(milliseconds(60000)));
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(HalfWrittenRows(db), "");
  EXPECT_EQ(CountRows(db)["articles"], 400);
}

// Another process holds the database's write lock (an open write
// transaction, not a factsift crawl): factsift waits up to its busy timeout
// (5 s) and goes on when the lock goes in time, or stops with one clear error
// line and exit 1 when it does not; the database is intact either way.
TEST(CrawlCron, DatabaseLockedByAnotherProcessWaitsThenFails) {
  Site site;
  ServeArticles(site, 3);
  site.Start();
  TempDir dir;
  const std::string db = dir / "locked.db";
  ASSERT_EQ(RunFactsift(Crawl(db, {"--quiet", site.Url("/a/0")})).exit_code, 0);
  const std::vector<std::string> args = Crawl(db, {"--quiet", site.Url("/a/1"), site.Url("/a/2")});

  {  // Held for 1 s: the crawl waits and completes.
    SQLite::Database holder(db, SQLite::OPEN_READWRITE);
    holder.exec("BEGIN EXCLUSIVE");
    std::thread release([&holder] {
      std::this_thread::sleep_for(milliseconds(1000));
      holder.exec("COMMIT");
    });
    const CommandResult waited = RunFactsift(args, WithTimeout(milliseconds(30000)));
    release.join();
    EXPECT_EQ(waited.exit_code, 0) << waited.err;
  }
  EXPECT_EQ(CountRows(db)["articles"], 3);

  {  // Held throughout: the crawl gives up after the busy timeout.
    SQLite::Database holder(db, SQLite::OPEN_READWRITE);
    holder.exec("BEGIN EXCLUSIVE");
    const auto start = steady_clock::now();
    const CommandResult refused =
        RunFactsift(Crawl(db, {"--quiet", site.Url("/a/3")}), WithTimeout(milliseconds(30000)));
    const auto elapsed = steady_clock::now() - start;
    holder.exec("COMMIT");
    EXPECT_EQ(refused.exit_code, 1) << refused.err;
    EXPECT_TRUE(IsOneErrorLine(refused.err, "locked")) << refused.err;
    EXPECT_GE(elapsed, milliseconds(4500));
    EXPECT_LT(elapsed, milliseconds(20000));
  }
  EXPECT_EQ(HalfWrittenRows(db), "");
  EXPECT_EQ(CountRows(db)["articles"], 3);
}

// A database file the user may not write: one clear error line, exit 1, and
// the file unchanged. Root ignores file permissions, so as root the crawl
// runs as the unprivileged user "nobody" (65534).
TEST(CrawlCron, ReadOnlyDatabaseIsAClearError) {
  Site site;
  ServeArticles(site, 2);
  site.Start();
  TempDir dir;
  const std::string db = dir / "readonly.db";
  ASSERT_EQ(RunFactsift(Crawl(db, {"--quiet", site.Url("/a/0")})).exit_code, 0);
  const std::string before = ReadFile(db);
  site.ResetCounts();
  ChildLimits limits;
  if (::geteuid() == 0) {
    limits.user = 65534;
    limits.group = 65534;
    // "nobody" must reach the directory and may make the lock file there.
    std::filesystem::permissions(dir.path(), std::filesystem::perms::all);
  }
  std::filesystem::permissions(db, std::filesystem::perms::owner_read |
                                       std::filesystem::perms::group_read |
                                       std::filesystem::perms::others_read);
  const std::string log = dir / "readonly.log";
  const int status = RunLimited(Crawl(db, {"--quiet", site.Url("/a/9")}), log, limits);
  EXPECT_EQ(status, 1) << ReadFile(log);
  const std::string error = ErrorLine(ReadFile(log));
  EXPECT_NE(error.find("readonly.db"), std::string::npos) << ReadFile(log);
  EXPECT_NE(error.find("read-only"), std::string::npos) << ReadFile(log);
  EXPECT_EQ(ReadFile(db), before);
  EXPECT_EQ(site.Hits("/a/9"), 0) << "nothing is fetched that could not be stored";
}

// --max-redirects bounds the hops followed for one URL; past it the URL is
// recorded as failed and the run still completes.
TEST(CrawlCron, MaxRedirectsBoundsTheHops) {
  Site site;
  site.Get("/r1", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("/r2", 302);
  });
  site.Get("/r2", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("/story", 301);
  });
  site.Get("/story", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(kArticle, "text/html; charset=utf-8");
  });
  site.Start();
  TempDir dir;
  const CommandResult bounded =
      RunFactsift(Crawl(dir / "one.db", {"--quiet", "--max-redirects", "1", site.Url("/r1")}));
  ASSERT_EQ(bounded.exit_code, 0) << bounded.err;
  EXPECT_NE(
      QueryText(dir / "one.db", "SELECT error FROM fetches WHERE url = '" + site.Url("/r1") + "'")
          .find("more than 1 redirects"),
      std::string::npos);
  EXPECT_EQ(QueryText(dir / "one.db", "SELECT count(*) FROM articles"), "0");
  EXPECT_EQ(site.Hits("/story"), 0);

  const CommandResult followed = RunFactsift(Crawl(dir / "two.db", {"--quiet", site.Url("/r1")}));
  ASSERT_EQ(followed.exit_code, 0) << followed.err;
  EXPECT_EQ(QueryText(dir / "two.db", "SELECT count(*) FROM articles"), "1");

  const CommandResult bad =
      RunFactsift(Crawl(dir / "bad.db", {"--max-redirects", "-1", site.Url("/r1")}));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(IsOneErrorLine(bad.err, "--max-redirects"));
}

// Two crawls started at once: one runs, the other exits 3 at once with one line.
TEST(CrawlCron, SecondConcurrentCrawlExitsThree) {
  Site site;
  site.Get(R"(/slow/(\d+))", [](const httplib::Request&, httplib::Response& response) {
    std::this_thread::sleep_for(milliseconds(100));
    response.set_content(kArticle, "text/html");
  });
  site.Start();
  TempDir dir;
  const std::string db = dir / "t.db";
  std::vector<std::string> args = {"crawl",      "--db", db,           "--allow-private",
                                   "--delay-ms", "0",    "--per-host", "2"};
  for (int i = 0; i < 16; ++i) args.push_back(site.Url("/slow/" + std::to_string(i)));

  // What starting the binary costs here (a loaded machine, a sanitized
  // build) is allowed on top of the 600 ms.
  const auto startup_begin = steady_clock::now();
  ASSERT_EQ(RunFactsift({"--version"}).exit_code, 0);
  const auto startup = steady_clock::now() - startup_begin;

  const auto start = steady_clock::now();
  Child a(args, dir / "a.log");
  Child b(args, dir / "b.log");
  // Whichever ends first: the one refused, long before the crawl (16 pages
  // of 100 ms, two at a time) could have ended.
  const auto [first_pid, first_status] = Child::WaitAny();
  const auto first_done = steady_clock::now() - start;
  if (first_pid == a.pid()) a.MarkReaped();
  if (first_pid == b.pid()) b.MarkReaped();
  const int a_status = first_pid == a.pid() ? first_status : a.Wait();
  const int b_status = first_pid == b.pid() ? first_status : b.Wait();
  ASSERT_TRUE((a_status == 0 && b_status == 3) || (a_status == 3 && b_status == 0))
      << a_status << " " << b_status << "\n"
      << ReadFile(dir / "a.log") << ReadFile(dir / "b.log");
  EXPECT_EQ(first_status, 3);
  EXPECT_LT(first_done, milliseconds(600) + 2 * startup);
  const std::string loser_log = ReadFile(a_status == 3 ? dir / "a.log" : dir / "b.log");
  EXPECT_TRUE(IsOneErrorLine(loser_log, "locked by another factsift crawl"));
  EXPECT_NE(ReadFile(a_status == 0 ? dir / "a.log" : dir / "b.log").find("crawl: 16 URLs"),
            std::string::npos);
}

// --warc: every exchange archived, one gzip member per record; read back here
// by Python's gzip module, an independent reader, which checks the digests.
TEST(CrawlCron, WarcIsReadableByAnIndependentReader) {
  if (!std::filesystem::exists("/usr/bin/python3")) GTEST_SKIP() << "no /usr/bin/python3";
  Site site;
  ServeArticles(site, 3);
  site.Start();
  TempDir dir;
  const std::string warc = dir / "crawl.warc.gz";
  const CommandResult crawl =
      RunFactsift(Crawl(dir / "t.db", {"--sitemap", site.Url("/sitemap.xml"), "--warc", warc}));
  ASSERT_EQ(crawl.exit_code, 0) << crawl.err;
  constexpr char kReader[] = R"py(
import base64, gzip, hashlib, sys, zlib
raw = open(sys.argv[1], 'rb').read()
members = 0
rest = raw
while rest:
    d = zlib.decompressobj(31)
    d.decompress(rest)
    assert d.eof, 'truncated gzip member'
    rest = d.unused_data
    members += 1
data = gzip.decompress(raw)
types = []
while data:
    head, _, data = data.partition(b'\r\n\r\n')
    lines = head.split(b'\r\n')
    assert lines[0] == b'WARC/1.1', lines[0]
    fields = dict(l.split(b': ', 1) for l in lines[1:])
    n = int(fields[b'Content-Length'])
    block, data = data[:n], data[n:]
    assert data.startswith(b'\r\n\r\n')
    data = data[4:]
    digest = lambda b: b'sha1:' + base64.b32encode(hashlib.sha1(b).digest())
    assert fields[b'WARC-Block-Digest'] == digest(block)
    if fields[b'WARC-Type'] == b'response':
        payload = block.partition(b'\r\n\r\n')[2]
        assert fields[b'WARC-Payload-Digest'] == digest(payload)
        assert block.startswith(b'HTTP/1.1 200')
    types.append(fields[b'WARC-Type'].decode())
print(members, ' '.join(types))
)py";
  WriteFile(dir / "read_warc.py", kReader);
  const CommandResult read = RunCommand({"/usr/bin/python3", dir / "read_warc.py", warc});
  ASSERT_EQ(read.exit_code, 0) << read.err;
  // warcinfo, then robots.txt, the sitemap and three pages: a response and a request each.
  EXPECT_EQ(read.out.substr(0, read.out.find(' ')), "11");
  EXPECT_NE(read.out.find("warcinfo response request"), std::string::npos) << read.out;
}

// --quiet: one summary line, nothing on stderr even for failures; --log-json:
// every stderr line a JSON object with an "event"; bad options: exit 2.
TEST(CrawlCron, QuietJsonLogsAndUsageErrors) {
  Site site;
  site.Get("/a", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(kArticle, "text/html");
  });
  site.Start();
  TempDir dir;
  const CommandResult quiet =
      RunFactsift(Crawl(dir / "q.db", {"--quiet", site.Url("/a"), site.Url("/missing")}));
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.err, "");
  ASSERT_EQ(SplitLines(quiet.out).size(), 1u);
  EXPECT_EQ(quiet.out.rfind("crawl: 2 URLs: 1 extracted, 0 unchanged, 1 failed", 0), 0u)
      << quiet.out;

  const CommandResult logged =
      RunFactsift(Crawl(dir / "j.db", {"--log-json", site.Url("/a"), site.Url("/missing")}));
  EXPECT_EQ(logged.exit_code, 0);
  std::map<std::string, int> events;
  for (const std::string& line : SplitLines(logged.err)) {
    const json event = json::parse(line, nullptr, false);
    ASSERT_FALSE(event.is_discarded()) << line;
    ASSERT_TRUE(event.contains("ts") && event.contains("event")) << line;
    ++events[event["event"]];
  }
  EXPECT_EQ(events["fetched"], 1);
  EXPECT_EQ(events["failed"], 1);
  EXPECT_EQ(events["robots"], 1);
  EXPECT_EQ(events["run_end"], 1);

  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--since", "last week", site.Url("/a")},
        std::vector<std::string>{"--include", "(", site.Url("/a")},
        std::vector<std::string>{"--per-host", "0", site.Url("/a")}}) {
    const CommandResult result = RunFactsift(Crawl(dir / "u.db", bad));
    EXPECT_EQ(result.exit_code, 2) << bad[0] << ": " << result.err;
    EXPECT_TRUE(IsOneErrorLine(result.err)) << bad[0];
  }
  // Each part of a crawl opens the database; a private in-memory one cannot be shared.
  const CommandResult memory = RunFactsift({"crawl", "--db", ":memory:", site.Url("/a")});
  EXPECT_EQ(memory.exit_code, 2);
  EXPECT_TRUE(IsOneErrorLine(memory.err, ":memory:"));
}

}  // namespace
}  // namespace factsift::testing
