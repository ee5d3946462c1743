// End to end: the corpus served from a cpp-httplib server on 127.0.0.1,
// crawled by the factsift binary into a temporary database, then exported.
// The issue's acceptance rule: crawling the corpus twice into one database
// gives the same `export` output both times, with no duplicate rows.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>

#include "tests/cli/testing/cli_testing.h"

namespace factsift::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Crawls and exports of seven pages take well under a second; the limit only
// turns a hang into a failure.
constexpr milliseconds kCommandTimeout{20000};

// Rows of every table in the database, read-only, by name. Tables are listed
// from sqlite_schema, so that tables added by later migrations count too.
std::map<std::string, int64_t> CountRows(const std::string& path) {
  std::map<std::string, int64_t> counts;
  try {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement tables(db, "SELECT name FROM sqlite_schema WHERE type = 'table'");
    while (tables.executeStep()) {
      const std::string name = tables.getColumn(0).getString();
      std::string quoted = "\"";
      for (const char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      quoted += '"';
      SQLite::Statement count(db, "SELECT count(*) FROM " + quoted);
      if (count.executeStep()) counts[name] = count.getColumn(0).getInt64();
    }
  } catch (const SQLite::Exception& e) {
    ADD_FAILURE() << "reading " << path << ": " << e.what();
  }
  return counts;
}

// The crawl summary line's counts: "crawl: 7 URLs: 7 extracted, 0 unchanged,
// 0 failed, 0 not articles; 93 facts; database ...".
struct CrawlSummary {
  int urls = -1, extracted = -1, unchanged = -1, failed = -1, not_articles = -1;
};

CrawlSummary ParseSummary(const std::string& out) {
  CrawlSummary summary;
  const size_t start = out.find("crawl: ");
  if (start == std::string::npos ||
      std::sscanf(out.c_str() + start,
                  "crawl: %d URLs: %d extracted, %d unchanged, %d failed, %d not articles;",
                  &summary.urls, &summary.extracted, &summary.unchanged, &summary.failed,
                  &summary.not_articles) != 5) {
    ADD_FAILURE() << "no summary line in: " << out;
  }
  return summary;
}

// "2026-03-07T10:15:00Z": what export prints as fetched_at.
bool IsIsoUtcSeconds(std::string_view text) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";  // d: a digit.
  if (text.size() != kShape.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return false;
  }
  return true;
}

// Export lines by the article's url.
std::map<std::string, json> ByUrl(const std::string& export_out) {
  std::map<std::string, json> articles;
  for (const std::string& line : SplitLines(export_out)) {
    json article = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (article.is_discarded()) {
      ADD_FAILURE() << "export line is not JSON: " << line.substr(0, 300);
      continue;
    }
    const std::string url = article.value("url", "");
    EXPECT_TRUE(articles.emplace(url, std::move(article)).second) << "two articles for " << url;
  }
  return articles;
}

class CrawlIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pages_ = CorpusPages();
    ASSERT_FALSE(pages_.empty());
    for (const std::string& page : pages_) bodies_["/" + page] = ReadFile(CorpusDir() / page);

    server_.Get(".*", [this](const httplib::Request& request, httplib::Response& response) {
      // Feeds some corpus pages link to (<link rel="alternate" href="/feed.xml">),
      // which a crawl reads for more articles: here, none.
      if (request.path.ends_with(".xml")) {
        ++listing_requests_;
        response.set_content(
            R"(<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>)",
            "application/rss+xml");
        return;
      }
      if (request.path == "/robots.txt") ++robots_requests_;
      if (request.path != "/robots.txt") ++requests_;
      const auto it = bodies_.find(request.path);
      if (it == bodies_.end()) {
        response.status = 404;
        response.set_content("not found", "text/plain");
        return;
      }
      response.set_content(it->second, "text/html; charset=utf-8");
    });
    server_.set_socket_options([this](socket_t socket) {
      httplib::default_socket_options(socket);
      int unset = -1;
      listen_socket_.compare_exchange_strong(unset, socket);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    // cpp-httplib listens with a backlog of 5 and the crawler connects 8 at
    // once; a dropped SYN costs a 1 s retransmit. Listening again raises it.
    ASSERT_EQ(::listen(listen_socket_.load(), SOMAXCONN), 0);
    // The socket accepts connections from here on (they queue until the
    // accept loop runs); waiting for the loop only keeps stop() from racing
    // its start.
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    const auto deadline = steady_clock::now() + std::chrono::seconds(5);
    while (!server_.is_running() && steady_clock::now() < deadline) std::this_thread::yield();
    ASSERT_TRUE(server_.is_running());
  }

  void TearDown() override {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  std::string HttpUrl(const std::string& page) const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/" + page;
  }
  // What `factsift crawl` makes of a local path.
  static std::string FileUrl(const std::string& page) { return FileUrlFor(CorpusDir() / page); }

  // Writes the http URLs of every page to a seeds file, with a comment, and
  // `missing` (a URL the server answers with 404) when not empty.
  std::string WriteSeeds(const TempDir& dir, const std::string& missing = "") const {
    std::string seeds = "# the corpus, served by the test\n";
    for (const std::string& page : pages_) seeds += HttpUrl(page) + "\n";
    if (!missing.empty()) seeds += missing + "\n";
    const std::string path = dir / "seeds.txt";
    WriteFile(path, seeds);
    return path;
  }

  // "factsift crawl --db DB" with what a crawl of this test server needs: it
  // listens on 127.0.0.1, which a crawl refuses unless --allow-private, and
  // politeness delays would only slow the test down.
  static std::vector<std::string> CrawlCommand(const std::string& db) {
    return {"crawl", "--db", db, "--allow-private", "--delay-ms", "0", "--per-host", "8"};
  }
  static std::vector<std::string> CrawlCommand(const std::string& db,
                                               std::vector<std::string> more) {
    std::vector<std::string> args = CrawlCommand(db);
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }

  // Runs a factsift command that must succeed, returning its stdout.
  static CommandResult MustRun(const std::vector<std::string>& args) {
    CommandResult result = RunFactsift(args, WithTimeout(kCommandTimeout));
    EXPECT_EQ(result.exit_code, 0) << QuoteForDisplay(args) << ": " << result.Describe() << "\n"
                                   << result.err;
    return result;
  }

  std::vector<std::string> pages_;             // Relative to corpus/.
  std::map<std::string, std::string> bodies_;  // By request path.
  std::atomic<int> requests_{0};               // Corpus pages (and missing ones).
  std::atomic<int> robots_requests_{0};
  std::atomic<int> listing_requests_{0};  // Feeds the pages link to.

 private:
  httplib::Server server_;
  std::thread thread_;
  std::atomic<int> listen_socket_{-1};
  int port_ = 0;
};

// Crawl, export, crawl again, export again: one article per page, facts, and
// the second run changes nothing: same export bytes, same row counts, every
// page reported unchanged. One seed is a 404: recorded as a failed fetch
// (exit still 0, one stderr line), and not recorded twice.
TEST_F(CrawlIntegrationTest, SecondCrawlAddsNothing) {
  TempDir dir;
  const std::string db = dir / "t.db";
  const std::string missing = HttpUrl("no-such-page.html");
  const std::string seeds = WriteSeeds(dir, missing);
  const size_t n = pages_.size();

  const CommandResult first = MustRun(CrawlCommand(db, {"--seeds", seeds}));
  EXPECT_TRUE(IsOneErrorLine(first.err, missing));
  const CrawlSummary first_summary = ParseSummary(first.out);
  // The pages, the missing page, and the feeds pages link to on this host.
  EXPECT_EQ(first_summary.urls, static_cast<int>(n + 1) + listing_requests_.load());
  EXPECT_EQ(first_summary.extracted, static_cast<int>(n));
  EXPECT_EQ(first_summary.failed, 1);
  // Every page and the missing one, each once; robots.txt (a 404 here: no
  // rules) once per run.
  EXPECT_EQ(requests_.load(), static_cast<int>(n + 1));
  EXPECT_EQ(robots_requests_.load(), 1);
  const std::string first_export = MustRun({"export", "--db", db}).out;
  const std::map<std::string, int64_t> first_counts = CountRows(db);

  // One article per page, under the URL it was crawled from, with facts and
  // an ISO 8601 UTC fetch time.
  const std::map<std::string, json> articles = ByUrl(first_export);
  EXPECT_EQ(SplitLines(first_export).size(), n);
  size_t facts = 0;
  for (const std::string& page : pages_) {
    SCOPED_TRACE(page);
    const auto it = articles.find(HttpUrl(page));
    ASSERT_NE(it, articles.end()) << "no article for " << HttpUrl(page);
    EXPECT_FALSE(it->second["facts"].empty());
    facts += it->second["facts"].size();
    EXPECT_TRUE(IsIsoUtcSeconds(it->second.value("fetched_at", ""))) << it->second["fetched_at"];
  }
  EXPECT_GT(facts, 0u);
  ASSERT_TRUE(first_counts.contains("articles")) << "no articles table";
  EXPECT_EQ(first_counts.at("articles"), static_cast<int64_t>(n));

  const CommandResult second = MustRun(CrawlCommand(db, {"--seeds", seeds}));
  const CrawlSummary second_summary = ParseSummary(second.out);
  EXPECT_EQ(second_summary.unchanged, static_cast<int>(n)) << second.out;
  EXPECT_EQ(second_summary.extracted, 0) << second.out;
  EXPECT_EQ(second_summary.failed, 1) << second.out;
  EXPECT_EQ(second.err, first.err);
  EXPECT_EQ(requests_.load(), static_cast<int>(2 * n + 2));
  EXPECT_EQ(robots_requests_.load(), 2);
  const std::string second_export = MustRun({"export", "--db", db}).out;
  EXPECT_EQ(second_export, first_export);
  // Only the run itself is new.
  std::map<std::string, int64_t> second_counts = CountRows(db);
  EXPECT_EQ(second_counts["crawl_runs"], 2);
  second_counts["crawl_runs"] = 1;
  EXPECT_EQ(second_counts, first_counts);
}

// The same bytes reached through file:// give the same facts and text as
// through http: the extractor sees the page, not how it came.
TEST_F(CrawlIntegrationTest, FileUrlsGiveTheSameFactsAsHttp) {
  TempDir dir;
  std::vector<std::string> http_args = CrawlCommand(dir / "http.db");
  std::vector<std::string> file_args = {"crawl", "--db", dir / "file.db"};
  for (const std::string& page : pages_) {
    http_args.push_back(HttpUrl(page));
    file_args.push_back((CorpusDir() / page).string());  // A path: the CLI makes the URL.
  }
  MustRun(http_args);
  MustRun(file_args);
  const std::map<std::string, json> http = ByUrl(MustRun({"export", "--db", dir / "http.db"}).out);
  const std::map<std::string, json> file = ByUrl(MustRun({"export", "--db", dir / "file.db"}).out);
  EXPECT_EQ(http.size(), pages_.size());
  EXPECT_EQ(file.size(), pages_.size());
  for (const std::string& page : pages_) {
    SCOPED_TRACE(page);
    const auto h = http.find(HttpUrl(page));
    const auto f = file.find(FileUrl(page));
    ASSERT_NE(h, http.end());
    ASSERT_NE(f, file.end()) << "no article for " << FileUrl(page);
    EXPECT_EQ(h->second["facts"], f->second["facts"]);
    EXPECT_EQ(h->second["text"], f->second["text"]);
  }
}

// Re-extracting the same bytes with the same extractor keeps every article
// and adds no rows.
//
// NOTE(cli tests): the export is compared without the extractor's timings
// (stats.parse_ms, stats.extract_ms): they are stored with each article and
// exported, so a re-extraction changes them and the export is not
// byte-identical. Reported as a schema/extract issue; compare bytes once the
// timings stay out of the stored article.
TEST_F(CrawlIntegrationTest, ReextractKeepsTheExport) {
  TempDir dir;
  const std::string db = dir / "t.db";
  MustRun(CrawlCommand(db, {"--seeds", WriteSeeds(dir)}));
  const std::string before = MustRun({"export", "--db", db}).out;
  const std::map<std::string, int64_t> counts = CountRows(db);

  const CommandResult reextract = MustRun({"reextract", "--db", db});
  EXPECT_NE(
      reextract.out.find(std::to_string(pages_.size()) + " pages re-extracted, 0 not articles"),
      std::string::npos)
      << reextract.out;
  const std::string after = MustRun({"export", "--db", db}).out;
  EXPECT_EQ(WithoutTimings(after, true), WithoutTimings(before, true));
  EXPECT_EQ(CountRows(db), counts);
}

// Paragraphs (blocks between blank lines) of an article text.
std::vector<std::string> Paragraphs(const std::string& text) {
  std::vector<std::string> paragraphs;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find("\n\n", start);
    if (end == std::string::npos) end = text.size();
    if (end > start) paragraphs.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return paragraphs;
}

// Issue 3, site templates: on a site whose pages share a block that the
// single-page extractor keeps in the article body (corpus/template-site/),
// the template learned from a crawl removes it, and every page keeps its
// gold's must-appear strings. The shared block is found from the texts
// themselves: a paragraph that stands in every page's body.
TEST_F(CrawlIntegrationTest, LearnedSiteTemplateRemovesARepeatedBlock) {
  std::vector<std::string> site;
  for (const std::string& page : pages_) {
    if (page.starts_with("template-site/")) site.push_back(page);
  }
  ASSERT_GE(site.size(), 5u);
  TempDir dir;
  auto crawl_site = [&](const std::string& db, std::vector<std::string> flags) {
    std::vector<std::string> args = CrawlCommand(db, std::move(flags));
    for (const std::string& page : site) args.push_back(HttpUrl(page));
    MustRun(args);
  };
  auto texts = [&](const std::string& db) {
    std::map<std::string, std::string> by_page;
    const std::map<std::string, json> articles = ByUrl(MustRun({"export", "--db", db}).out);
    for (const std::string& page : site) {
      const auto it = articles.find(HttpUrl(page));
      EXPECT_NE(it, articles.end()) << "no article for " << page;
      if (it != articles.end()) by_page[page] = it->second.value("text", "");
    }
    return by_page;
  };

  // Alone, as a single-page extractor: some paragraph stands in every body.
  const std::string db = dir / "t.db";
  crawl_site(db, {"--no-templates"});
  EXPECT_EQ(CountRows(db)["site_template_pages"], 0) << "--no-templates learned";
  const std::map<std::string, std::string> alone = texts(db);
  ASSERT_EQ(alone.size(), site.size());
  std::vector<std::string> repeated;
  for (const std::string& paragraph : Paragraphs(alone.begin()->second)) {
    bool everywhere = paragraph.size() >= 40;
    for (const auto& [page, text] : alone) everywhere &= text.find(paragraph) != std::string::npos;
    if (everywhere) repeated.push_back(paragraph);
  }
  ASSERT_FALSE(repeated.empty()) << "the single-page extractor keeps no shared block here";

  // reextract counts the pages first, then cleans every one of them.
  const CommandResult reextract = MustRun({"reextract", "--db", db});
  EXPECT_NE(reextract.out.find(std::to_string(site.size()) + " pages learned, " +
                               std::to_string(site.size()) + " pages cleaned"),
            std::string::npos)
      << reextract.out;
  EXPECT_EQ(CountRows(db)["site_template_pages"], static_cast<int64_t>(site.size()));
  const std::map<std::string, std::string> cleaned = texts(db);
  ASSERT_EQ(cleaned.size(), site.size());
  for (const std::string& page : site) {
    SCOPED_TRACE(page);
    const std::string& text = cleaned.at(page);
    for (const std::string& paragraph : repeated) {
      EXPECT_EQ(text.find(paragraph), std::string::npos) << "still there: " << paragraph;
    }
    EXPECT_LT(text.size(), alone.at(page).size());
    std::string gold_name = page.substr(0, page.size() - std::string_view(".html").size());
    const json gold = json::parse(ReadFile(CorpusDir() / (gold_name + ".gold.json")), nullptr,
                                  /*allow_exceptions=*/false);
    ASSERT_TRUE(gold.is_object());
    ASSERT_FALSE(gold.value("must_appear_in_body", json::array()).empty());
    for (const json& must : gold["must_appear_in_body"]) {
      EXPECT_NE(text.find(must.get<std::string>()), std::string::npos)
          << "must appear: " << must.get<std::string>();
    }
  }

  // A crawl with templates on learns as it goes; a reextract then cleans
  // the pages extracted before the template was complete, giving the same
  // texts. Without templates, reextract gives the single-page texts back.
  const std::string learning_db = dir / "learning.db";
  crawl_site(learning_db, {});
  EXPECT_EQ(CountRows(learning_db)["site_template_pages"], static_cast<int64_t>(site.size()));
  MustRun({"reextract", "--db", learning_db});
  EXPECT_EQ(texts(learning_db), cleaned);
  MustRun({"reextract", "--db", learning_db, "--no-templates"});
  EXPECT_EQ(texts(learning_db), alone);
}

}  // namespace
}  // namespace factsift::testing
