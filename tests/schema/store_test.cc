// Store: saving fetches and articles, deduplication, history, and loading back.
#include "schema/store.h"

#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/schema/schema_testing.h"
#include "tests/testing/status_matchers.h"

namespace factsift::schema {
namespace {

using testing::CountRows;
using testing::Failed;
using testing::Fetched;
using testing::QueryInt;
using testing::RichArticle;
using testing::SmallArticle;
using testing::TempDir;

constexpr char kUrl[] = "https://news.example/btc-rally";

// FIPS 180-2, appendix B: one-block and two-block messages; plus the empty input.
TEST(Sha256Hex, Spec_FipsVectors) {
  struct Row {
    std::string input;
    std::string hex;
  };
  const Row rows[] = {
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.input);
    EXPECT_EQ(Sha256Hex(row.input), row.hex);
  }
}

// A store on a file in a fresh directory, so that tests can look at it with a
// second connection.
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("factsift.db");
    StatusOr<std::unique_ptr<Store>> store = Store::Open(path_);
    ASSERT_OK(store);
    store_ = std::move(*store);
  }

  std::vector<StoredArticle> Load() {
    StatusOr<std::vector<StoredArticle>> articles = store_->LoadArticles();
    EXPECT_OK(articles);
    return articles.ok() ? *articles : std::vector<StoredArticle>{};
  }

  // Saves and expects success; returns the sha256.
  std::string Save(const FetchResult& result, const Article* article, std::string_view version) {
    StatusOr<std::string> saved = store_->SaveFetch(result, article, version);
    EXPECT_OK(saved);
    return saved.ok() ? *saved : "";
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, RoundTripsRichArticle) {
  const Article article = RichArticle(kUrl);
  const std::string body = "<html><body>rally</body></html>";
  EXPECT_EQ(Save(Fetched(kUrl, body, 1000), &article, "7"), Sha256Hex(body));

  const std::vector<StoredArticle> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].url, kUrl);
  EXPECT_EQ(loaded[0].fetched_at_ms, 1000);
  EXPECT_EQ(loaded[0].page_sha256, Sha256Hex(body));
  EXPECT_EQ(loaded[0].extractor_version, "7");
  EXPECT_GT(loaded[0].id, 0);
  // Field by field first, for a readable failure; then the whole value.
  ASSERT_EQ(loaded[0].article.facts.size(), article.facts.size());
  for (size_t i = 0; i < article.facts.size(); ++i) {
    SCOPED_TRACE("fact " + std::to_string(i));
    EXPECT_EQ(loaded[0].article.facts[i], article.facts[i]);
  }
  EXPECT_EQ(loaded[0].article.citations, article.citations);
  EXPECT_EQ(loaded[0].article.market_snapshot, article.market_snapshot);
  EXPECT_EQ(loaded[0].article.stats, article.stats);
  EXPECT_EQ(loaded[0].article.text, article.text);
  EXPECT_EQ(loaded[0].article, article);
}

// Article::url is the extractor's; the key is the requested url. Both survive.
TEST_F(StoreTest, RoundTripsArticleUrlDifferentFromRequested) {
  struct Row {
    std::string requested;
    std::string article_url;
  };
  const Row rows[] = {
      {"https://x.example/same", "https://x.example/same"},
      {"https://x.example/redirected", "https://x.example/final"},
      {"https://x.example/empty", ""},
  };
  for (const Row& row : rows) {
    Article article = SmallArticle(row.article_url, 1);
    Save(Fetched(row.requested, row.requested, 1000), &article, "1");
  }
  const std::vector<StoredArticle> loaded = Load();
  ASSERT_EQ(loaded.size(), 3u);
  for (const Row& row : rows) {
    SCOPED_TRACE(row.requested);
    bool found = false;
    for (const StoredArticle& stored : loaded) {
      if (stored.url != row.requested) continue;
      found = true;
      EXPECT_EQ(stored.article, SmallArticle(row.article_url, 1));
    }
    EXPECT_TRUE(found);
  }
}

// A repeated crawl must not grow the database: identical bytes update the
// existing fetch row, and the article keeps the time of the first fetch.
TEST_F(StoreTest, SameFetchTwiceAddsNoRows) {
  const Article article = RichArticle(kUrl);
  const FetchResult first = Fetched(kUrl, "<p>same</p>", 1000);
  Save(first, &article, "1");
  const auto counts = CountRows(path_);
  EXPECT_EQ(counts.at("pages"), 1);
  EXPECT_EQ(counts.at("fetches"), 1);
  EXPECT_EQ(counts.at("articles"), 1);
  EXPECT_EQ(counts.at("facts"), static_cast<int64_t>(article.facts.size()));

  Save(first, &article, "1");
  EXPECT_EQ(CountRows(path_), counts);

  // The same bytes fetched again later, re-extracted and not.
  Save(Fetched(kUrl, "<p>same</p>", 5000), &article, "1");
  Save(Fetched(kUrl, "<p>same</p>", 9000), nullptr, "1");
  EXPECT_EQ(CountRows(path_), counts);

  const std::vector<StoredArticle> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].fetched_at_ms, 1000);
  EXPECT_EQ(loaded[0].article, article);
  EXPECT_EQ(QueryInt(path_, "SELECT first_fetched_ms FROM fetches"), 1000);
  EXPECT_EQ(QueryInt(path_, "SELECT last_fetched_ms FROM fetches"), 9000);
  EXPECT_EQ(QueryInt(path_, "SELECT times_seen FROM fetches"), 4);
  EXPECT_EQ(QueryInt(path_, "SELECT first_seen_ms FROM pages"), 1000);
}

// A changed page keeps history (old page and fetch stay) and replaces the
// article's children in place: same article id, no orphans.
TEST_F(StoreTest, ChangedBodyAddsPageAndReplacesChildren) {
  const Article before = SmallArticle(kUrl, 3);
  Save(Fetched(kUrl, "<p>v1</p>", 1000), &before, "1");
  const std::vector<StoredArticle> first = Load();
  ASSERT_EQ(first.size(), 1u);

  const Article after = SmallArticle(kUrl, 1);
  const std::string sha = Save(Fetched(kUrl, "<p>v2</p>", 2000), &after, "1");

  const auto counts = CountRows(path_);
  EXPECT_EQ(counts.at("pages"), 2);
  EXPECT_EQ(counts.at("fetches"), 2);
  EXPECT_EQ(counts.at("articles"), 1);
  EXPECT_EQ(counts.at("facts"), 1);
  EXPECT_EQ(counts.at("citations"), 1);
  EXPECT_EQ(counts.at("market_snapshots"), 1);
  for (const char* table : {"facts", "citations", "market_snapshots"}) {
    SCOPED_TRACE(table);
    EXPECT_EQ(QueryInt(path_, std::string("SELECT count(*) FROM ") + table +
                                  " WHERE article_id NOT IN (SELECT id FROM articles)"),
              0);
  }

  const std::vector<StoredArticle> second = Load();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].id, first[0].id);
  EXPECT_EQ(second[0].page_sha256, sha);
  EXPECT_EQ(second[0].fetched_at_ms, 2000);
  EXPECT_EQ(second[0].article, after);
}

// Failures are history too, but never replace a page or an article.
TEST_F(StoreTest, FailedFetchRecordsErrorAndKeepsArticle) {
  const Article article = SmallArticle(kUrl, 2);
  const std::string sha = Save(Fetched(kUrl, "<p>ok</p>", 1000), &article, "1");

  const FetchResult failure =
      Failed(kUrl, Status::Unavailable("fetch " + std::string(kUrl) + ": HTTP 503"), 503, 2000);
  const Article ignored = SmallArticle(kUrl, 5);
  EXPECT_EQ(Save(failure, &ignored, "1"), "");
  EXPECT_EQ(Save(failure, nullptr, "1"), "");  // The same failure again: same row.

  const auto counts = CountRows(path_);
  EXPECT_EQ(counts.at("pages"), 1);
  EXPECT_EQ(counts.at("fetches"), 2);
  EXPECT_EQ(QueryInt(path_,
                     "SELECT count(*) FROM fetches WHERE page_sha256 IS NULL AND "
                     "error_code = 14 AND http_status = 503 AND times_seen = 2 AND "
                     "error LIKE '%HTTP 503'"),
            1);

  const std::vector<StoredArticle> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].page_sha256, sha);
  EXPECT_EQ(loaded[0].article, article);

  // A different error is a new outcome.
  Save(Failed(kUrl, Status::DeadlineExceeded("timeout after 20000 ms"), 0, 3000), nullptr, "1");
  StatusOr<StoreSummary> summary = store_->Summary();
  ASSERT_OK(summary);
  EXPECT_EQ(summary->fetches, 3);
  EXPECT_EQ(summary->failed_fetches, 2);
}

TEST_F(StoreTest, RejectsInvalidInputAndStoresNothing) {
  Article nan = SmallArticle(kUrl, 2);
  nan.facts[1].value_high = std::nan("");
  Article nan_snapshot = SmallArticle(kUrl, 1);
  nan_snapshot.market_snapshot[0].change_percent = std::nan("");
  struct Row {
    std::string what;
    FetchResult result;
    const Article* article;
  };
  const Row rows[] = {
      {"empty url", Fetched("", "x", 1000), nullptr},
      {"NaN fact value", Fetched(kUrl, "x", 1000), &nan},
      {"NaN snapshot value", Fetched(kUrl, "x", 1000), &nan_snapshot},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.what);
    StatusOr<std::string> saved = store_->SaveFetch(row.result, row.article, "1");
    EXPECT_EQ(saved.status().code(), StatusCode::kInvalidArgument) << saved.status().ToString();
  }
  for (const auto& [table, count] : CountRows(path_)) {
    SCOPED_TRACE(table);
    EXPECT_EQ(count, 0);
  }
}

TEST_F(StoreTest, ArticleIsCurrent) {
  const Article article = SmallArticle(kUrl, 1);
  const std::string sha = Save(Fetched(kUrl, "<p>v1</p>", 1000), &article, "2");
  Save(Fetched("https://x.example/no-article", "<p>n</p>", 1000), nullptr, "2");
  struct Row {
    std::string what, url, sha256, version;
    bool current;
  };
  const Row rows[] = {
      {"same page, same extractor", kUrl, sha, "2", true},
      {"older extractor stored", kUrl, sha, "3", false},
      {"page changed", kUrl, Sha256Hex("<p>v2</p>"), "2", false},
      {"unknown url", "https://x.example/other", sha, "2", false},
      {"page stored, no article", "https://x.example/no-article", Sha256Hex("<p>n</p>"), "2",
       false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.what);
    StatusOr<bool> current = store_->ArticleIsCurrent(row.url, row.sha256, row.version);
    ASSERT_OK(current);
    EXPECT_EQ(*current, row.current);
  }
}

// reextract: a newer extractor replaces the article in place from the stored page.
TEST_F(StoreTest, ReplaceArticleKeepsIdAndReplacesChildren) {
  const Article old_article = SmallArticle(kUrl, 3);
  const std::string sha = Save(Fetched(kUrl, "<p>v1</p>", 1000), &old_article, "1");
  const int64_t id = Load().at(0).id;

  const Article new_article = RichArticle(kUrl);
  ASSERT_OK(store_->ReplaceArticle(kUrl, sha, 1000, new_article, "2"));
  const std::vector<StoredArticle> loaded = Load();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].id, id);
  EXPECT_EQ(loaded[0].extractor_version, "2");
  EXPECT_EQ(loaded[0].article, new_article);
  EXPECT_EQ(CountRows(path_).at("facts"), static_cast<int64_t>(new_article.facts.size()));
  StatusOr<bool> current = store_->ArticleIsCurrent(kUrl, sha, "2");
  ASSERT_OK(current);
  EXPECT_TRUE(*current);
}

// The page a re-extraction should see per url: the latest successful fetch,
// dated by the first time those bytes were fetched; failures and urls that
// never succeeded do not count.
TEST_F(StoreTest, ForEachLatestPage) {
  const std::string a = "https://x.example/a", b = "https://x.example/b", c = "https://x.example/c";
  Save(Fetched(b, "b1", 1000), nullptr, "1");
  Save(Fetched(a, "a1", 1000), nullptr, "1");
  Save(Fetched(a, "a2", 2000), nullptr, "1");
  Save(Fetched(a, "a1", 3000), nullptr, "1");  // Back to the first version.
  Save(Failed(a, Status::NotFound("HTTP 404"), 404, 4000), nullptr, "1");
  Save(Failed(c, Status::Unavailable("HTTP 503"), 503, 1000), nullptr, "1");

  std::vector<StoredPage> pages;
  ASSERT_OK(store_->ForEachLatestPage([&](const StoredPage& page) {
    pages.push_back(page);
    return Status::Ok();
  }));
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[0].url, a);
  EXPECT_EQ(pages[0].body, "a1");
  EXPECT_EQ(pages[0].sha256, Sha256Hex("a1"));
  EXPECT_EQ(pages[0].fetched_at_ms, 1000);
  EXPECT_EQ(pages[0].http_status, 200);
  EXPECT_EQ(pages[0].final_url, a);
  EXPECT_EQ(pages[0].content_type, "text/html; charset=utf-8");
  EXPECT_EQ(pages[1].url, b);
  EXPECT_EQ(pages[1].body, "b1");

  // The callback's first error stops the walk and is returned as is.
  int calls = 0;
  const Status stopped = store_->ForEachLatestPage([&](const StoredPage&) {
    ++calls;
    return Status::Internal("stop");
  });
  EXPECT_EQ(stopped, Status::Internal("stop"));
  EXPECT_EQ(calls, 1);
}

// The reextract loop writes through the same Store while walking it.
TEST_F(StoreTest, ForEachLatestPageAllowsWritesFromCallback) {
  for (const char* url : {"https://x.example/1", "https://x.example/2", "https://x.example/3"}) {
    Save(Fetched(url, std::string("body of ") + url, 1000), nullptr, "1");
  }
  ASSERT_OK(store_->ForEachLatestPage([&](const StoredPage& page) {
    return store_->ReplaceArticle(page.url, page.sha256, page.fetched_at_ms,
                                  SmallArticle(page.url, 2), "2");
  }));
  const std::vector<StoredArticle> loaded = Load();
  ASSERT_EQ(loaded.size(), 3u);
  for (const StoredArticle& stored : loaded) {
    SCOPED_TRACE(stored.url);
    EXPECT_EQ(stored.page_sha256, Sha256Hex("body of " + stored.url));
    EXPECT_EQ(stored.article, SmallArticle(stored.url, 2));
  }
}

// A body may be empty and may hold any bytes, NULs included.
TEST_F(StoreTest, StoresBodyBytesExactly) {
  const std::string binary("\0\xff\xfe<html>\0\r\n", 11);
  const std::string urls[] = {"https://x.example/empty", "https://x.example/binary"};
  Save(Fetched(urls[0], "", 1000), nullptr, "1");
  Save(Fetched(urls[1], binary, 1000), nullptr, "1");
  std::vector<std::string> bodies;
  ASSERT_OK(store_->ForEachLatestPage([&](const StoredPage& page) {
    bodies.push_back(page.body);
    return Status::Ok();
  }));
  EXPECT_EQ(bodies, (std::vector<std::string>{binary, ""}));
}

TEST_F(StoreTest, LoadArticlesOrdersByUrl) {
  for (const char* url : {"https://x.example/z", "https://x.example/a", "https://x.example/m"}) {
    const Article article = SmallArticle(url, 1);
    Save(Fetched(url, url, 1000), &article, "1");
  }
  std::vector<std::string> urls;
  for (const StoredArticle& stored : Load()) urls.push_back(stored.url);
  EXPECT_EQ(urls, (std::vector<std::string>{"https://x.example/a", "https://x.example/m",
                                            "https://x.example/z"}));
}

TEST_F(StoreTest, Summary) {
  const Article rich = RichArticle(kUrl);
  const Article small = SmallArticle("https://x.example/s", 2);
  Save(Fetched(kUrl, "<p>r</p>", 1000), &rich, "1");
  Save(Fetched("https://x.example/s", "<p>s</p>", 1000), &small, "1");
  Save(Fetched("https://x.example/s", "<p>s</p>", 2000), nullptr, "1");
  Save(Failed("https://x.example/gone", Status::NotFound("HTTP 410"), 410, 1000), nullptr, "1");

  StatusOr<StoreSummary> summary = store_->Summary();
  ASSERT_OK(summary);
  EXPECT_EQ(summary->pages, 2);
  EXPECT_EQ(summary->fetches, 3);
  EXPECT_EQ(summary->failed_fetches, 1);
  EXPECT_EQ(summary->articles, 2);
  EXPECT_EQ(summary->facts, static_cast<int64_t>(rich.facts.size() + 2));
  EXPECT_EQ(summary->citations, static_cast<int64_t>(rich.citations.size() + 1));
  EXPECT_EQ(summary->snapshot_items, static_cast<int64_t>(rich.market_snapshot.size() + 1));
  // RichArticle has one fact of each kind; SmallArticle adds two prices.
  std::map<std::string, int64_t> expected;
  for (const Fact& fact : rich.facts) ++expected[std::string(KindName(fact.kind))];
  expected["price"] += 2;
  EXPECT_EQ(summary->facts_by_kind, expected);
  EXPECT_EQ(summary->candles, 0);
  EXPECT_TRUE(summary->candle_series.empty());
  EXPECT_EQ(summary->checks, 0);
  EXPECT_TRUE(summary->checks_by_verdict.empty());
}

TEST_F(StoreTest, SummaryCountsCandlesBySeriesAndChecksByVerdict) {
  const Article small = SmallArticle(kUrl, 2);
  Save(Fetched(kUrl, "<p>s</p>", 1000), &small, "1");
  constexpr int64_t kDay = 86400000;
  constexpr int64_t kJan1 = 20454 * kDay;  // 2026-01-01.
  std::vector<Candle> candles;
  auto add = [&](const char* asset, const char* quote, const char* source, const char* interval,
                 int64_t open_ms) {
    Candle candle;
    candle.asset = asset;
    candle.quote = quote;
    candle.source = source;
    candle.interval = interval;
    candle.open_time_ms = open_ms;
    candle.high = 2;
    candle.low = 1;
    candles.push_back(candle);
  };
  for (int day : {3, 0, 1}) add("BTC", "USDT", "binance", "1d", kJan1 + day * kDay);
  add("BTC", "USD", "coingecko", "point", kJan1 + 5 * kDay + 3600000);
  add("ETH", "USDT", "binance", "1d", kJan1 + 40 * kDay);
  ASSERT_OK(store_->SaveCandles(candles));
  StatusOr<std::vector<StoredArticle>> articles = store_->LoadArticles();
  ASSERT_OK(articles);
  ASSERT_EQ(articles->size(), 1u);
  std::vector<CheckRow> rows(4);
  for (CheckRow& row : rows) {
    row.rule = "dates";
    row.about = "a check";
  }
  rows[1].verdict = Verdict::kSupported;
  rows[2].verdict = Verdict::kSupported;
  rows[3].verdict = Verdict::kContradicted;
  ASSERT_OK(store_->ReplaceChecks(articles->front().id, rows));

  StatusOr<StoreSummary> summary = store_->Summary();
  ASSERT_OK(summary);
  EXPECT_EQ(summary->candles, 5);
  const std::vector<CandleSeries> series = {
      {"BTC", "USD", "coingecko", "point", 1, "2026-01-06", "2026-01-06"},
      {"BTC", "USDT", "binance", "1d", 3, "2026-01-01", "2026-01-04"},
      {"ETH", "USDT", "binance", "1d", 1, "2026-02-10", "2026-02-10"},
  };
  EXPECT_EQ(summary->candle_series, series);
  EXPECT_EQ(summary->checks, 4);
  EXPECT_EQ(
      summary->checks_by_verdict,
      (std::map<std::string, int64_t>{{"contradicted", 1}, {"supported", 2}, {"unverifiable", 1}}));
}

// Names are the stored contract: a name this binary does not know is
// reported, not guessed.
TEST_F(StoreTest, UnknownStoredNameIsDataLoss) {
  const Article article = SmallArticle(kUrl, 1);
  Save(Fetched(kUrl, "x", 1000), &article, "1");
  testing::Execute(path_, "UPDATE facts SET kind = 'sentiment'");
  StatusOr<std::vector<StoredArticle>> loaded = store_->LoadArticles();
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(loaded.status().message().find("unknown kind 'sentiment'"), std::string::npos)
      << loaded.status().message();
}

}  // namespace
}  // namespace factsift::schema
