// Acceptance of the checks over every gold file (docs/checks.md): each page
// of corpus/ (and the seed text of ../shared/seed) is extracted and stored as
// the crawl stores it, the market files its gold "needs" are imported from
// ../shared/market, `check` runs over the database, and the rows are compared
// with the gold's expected_checks: every expected (rule, verdict) must be
// produced, and no contradicted row may appear that the gold does not list.
// Generic over the gold files: nothing here knows a page.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "check/checks.h"
#include "check/market_import.h"
#include "common/time_util.h"
#include "extract/extractor.h"
#include "schema/store.h"

#include "tests/testing/status_matchers.h"

namespace factsift::check {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The gold names market checks "market_price" whatever the claim's kind; the
// rows split them into market_price, market_range and market_change.
std::string Family(const std::string& rule) {
  return rule.rfind("market_", 0) == 0 ? "market" : rule;
}

struct GoldPage {
  fs::path gold_path;
  json gold;
  std::string url;
};

std::vector<GoldPage> GoldPages() {
  std::vector<GoldPage> pages;
  std::vector<fs::path> paths;
  const fs::path corpus = fs::path(FACTSIFT_SOURCE_DIR) / "corpus";
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    if (entry.path().string().ends_with(".gold.json")) paths.push_back(entry.path());
  }
  const fs::path seed = fs::path(FACTSIFT_SOURCE_DIR) / ".." / "shared" / "seed";
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(seed, error)) {
    if (entry.path().string().ends_with(".gold.json")) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::set<std::string> urls;
  for (const fs::path& path : paths) {
    json gold = json::parse(ReadFile(path), nullptr, false);
    if (!gold.is_object() || !gold.contains("expected_checks")) continue;
    GoldPage page{path, gold, ""};
    page.url = gold.contains("meta") ? gold["meta"].value("url", "") : gold.value("url", "");
    // The seed text and its HTML twin share a URL: each is its own article.
    while (!urls.insert(page.url).second) page.url += "#again";
    pages.push_back(std::move(page));
  }
  return pages;
}

// Extracts the page beside a gold file: <slug>.html as crawled, or the
// seed's <slug>.txt as pasted text (whose gold gives the published date).
StatusOr<Article> ExtractPage(const GoldPage& page, RawPage* raw) {
  std::string base = page.gold_path.string();
  base.resize(base.size() - std::string(".gold.json").size());
  raw->url = raw->final_url = page.url;
  raw->http_status = 200;
  if (fs::exists(base + ".html")) {
    raw->content_type = "text/html";
    raw->body = ReadFile(base + ".html");
    const std::string fetched =
        page.gold.contains("meta") ? page.gold["meta"].value("fetched", "") : "";
    raw->fetched_at_ms = ParseIsoToMs(fetched).value_or(0);
    return extract::ExtractFromHtml(*raw);
  }
  raw->content_type = "text/plain";
  raw->body = ReadFile(base + ".txt");
  raw->fetched_at_ms = ParseIsoToMs(page.gold.value("published", "")).value_or(0);
  const std::string published = page.gold.value("published", "");
  extract::ExtractOptions options;
  options.published = published;
  return extract::ExtractFromText(raw->body, page.url, options);
}

TEST(CheckAcceptance, GoldExpectedChecks) {
  const std::vector<GoldPage> pages = GoldPages();
  ASSERT_FALSE(pages.empty());
  StatusOr<std::unique_ptr<schema::Store>> store = schema::Store::Open(":memory:");
  ASSERT_OK(store);

  // The market files the golds need, when this machine has them.
  std::set<std::string> needed, available;
  for (const GoldPage& page : pages) {
    for (const json& expected : page.gold["expected_checks"]) {
      if (expected.contains("needs")) needed.insert(expected["needs"].get<std::string>());
    }
  }
  for (const std::string& needs : needed) {
    const fs::path path = fs::path(FACTSIFT_SOURCE_DIR) / needs;
    if (!fs::exists(path)) continue;
    ImportOptions options;
    options.file_name = path.filename().string();
    StatusOr<ParsedMarketFile> parsed =
        ParseMarketFile(ReadFile(path), MarketFormat::kOhlcv, options);
    ASSERT_OK(parsed);
    EXPECT_TRUE(parsed->errors.empty()) << needs;
    ASSERT_OK((*store)->SaveCandles(parsed->candles));
    available.insert(needs);
  }
  if (available.size() < needed.size()) {
    std::cout << "[ note ] " << needed.size() - available.size()
              << " market files missing: their expectations are skipped\n";
  }

  // Crawl: extract and store every page, as the pipeline does.
  for (const GoldPage& page : pages) {
    SCOPED_TRACE(page.gold_path.string());
    RawPage raw;
    StatusOr<Article> article = ExtractPage(page, &raw);
    ASSERT_OK(article);
    ASSERT_OK((*store)->SaveFetch(FetchResult{raw, Status::Ok()}, &*article, "acceptance"));
  }

  // Check: every stored article, rows stored and read back.
  StatusOr<std::vector<schema::StoredArticle>> articles = (*store)->LoadArticles();
  ASSERT_OK(articles);
  StoreMarketData market(store->get());
  std::map<std::string, std::vector<CheckRow>> rows_of_url;
  for (const schema::StoredArticle& stored : *articles) {
    StatusOr<std::vector<CheckRow>> rows = CheckArticle(stored.article, market);
    ASSERT_OK(rows);
    ASSERT_OK((*store)->ReplaceChecks(stored.id, *rows));
    rows_of_url[stored.url] = *rows;
  }
  StatusOr<std::vector<schema::StoredCheck>> stored_checks = (*store)->LoadChecks();
  ASSERT_OK(stored_checks);
  size_t total_rows = 0;
  for (const auto& [url, rows] : rows_of_url) total_rows += rows.size();
  EXPECT_EQ(stored_checks->size(), total_rows);

  // Compare, file by file, as (rule family, verdict) counts.
  int expected_total = 0, found = 0, extra_contradicted = 0;
  std::ostringstream diff;
  for (const GoldPage& page : pages) {
    std::map<std::pair<std::string, std::string>, int> want, have;
    std::map<std::pair<std::string, std::string>, std::string> example;
    for (const json& expected : page.gold["expected_checks"]) {
      if (expected.contains("needs") &&
          available.count(expected["needs"].get<std::string>()) == 0) {
        continue;
      }
      const auto key =
          std::make_pair(Family(expected.value("rule", "")), expected.value("verdict", ""));
      ++want[key];
      example[key] = expected.value("about", "");
    }
    for (const CheckRow& row : rows_of_url[page.url]) {
      ++have[{Family(row.rule), std::string(VerdictName(row.verdict))}];
    }
    std::ostringstream file_diff;
    for (const auto& [key, count] : want) {
      expected_total += count;
      found += std::min(count, have[key]);
      if (have[key] < count) {
        file_diff << "  missing " << count - have[key] << " x " << key.first << "/" << key.second
                  << ": " << example[key].substr(0, 160) << "\n";
      }
    }
    for (const auto& [key, count] : have) {
      if (key.second != "contradicted" || count <= want[key]) continue;
      extra_contradicted += count - want[key];
      for (const CheckRow& row : rows_of_url[page.url]) {
        if (Family(row.rule) == key.first && row.verdict == Verdict::kContradicted) {
          file_diff << "  contradicted, not in gold: " << row.rule << ": "
                    << row.about.substr(0, 160) << "\n";
        }
      }
    }
    if (!file_diff.str().empty()) {
      diff << page.gold_path.parent_path().filename().string() << "/"
           << page.gold_path.filename().string() << "\n"
           << file_diff.str();
    }
  }
  const double recall = expected_total == 0 ? 1.0 : static_cast<double>(found) / expected_total;
  std::cout << "[ checks ] " << pages.size() << " gold files, " << found << "/" << expected_total
            << " expected checks produced (" << static_cast<int>(recall * 1000) / 10.0 << "%), "
            << extra_contradicted << " contradicted rows not in gold\n"
            << diff.str();
  // Floors measured on this corpus (docs/checks.md "Acceptance": 208 of 209):
  // the miss is a named firm's target that does not pair up; the one extra
  // contradiction is real data disagreeing with a page written for the
  // corpus. A regression in the rules lowers these.
  EXPECT_GE(recall, 0.97);
  EXPECT_LE(extra_contradicted, 1);
}

}  // namespace
}  // namespace factsift::check
