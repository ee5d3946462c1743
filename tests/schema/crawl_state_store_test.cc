// Tests for schema/crawl_state_store.h, Store::SaveCrawlOutcome and
// schema/database_lock.h: the crawler's state in SQLite (migration 0002).
#include "schema/crawl_state_store.h"

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "schema/database_lock.h"
#include "schema/store.h"

#include "tests/schema/schema_testing.h"
#include "tests/testing/status_matchers.h"

namespace factsift::schema {
namespace {

using crawler::CrawlOutcome;
using crawler::UrlKind;
using crawler::UrlState;
using testing::CountRows;
using testing::QueryInt;
using testing::SmallArticle;
using testing::TempDir;

class CrawlStateTest : public ::testing::Test {
 protected:
  void SetUp() override { OpenStores(StoreOptions()); }

  void OpenStores(const StoreOptions& options) {
    path_ = dir_.File("crawl.db");
    StatusOr<std::unique_ptr<Store>> store = Store::Open(path_, options);
    ASSERT_OK(store);
    store_ = std::move(*store);
    StatusOr<std::unique_ptr<SqliteCrawlState>> state = SqliteCrawlState::Open(path_);
    ASSERT_OK(state);
    state_ = std::move(*state);
  }

  // A finished 200 outcome of `url` in run `run_id` with `body`.
  static CrawlOutcome Fetched(const std::string& url, const std::string& body, int64_t run_id,
                              int64_t at_ms) {
    CrawlOutcome outcome;
    outcome.fetch = testing::Fetched(url, body, at_ms);
    outcome.fetch.page.etag = "\"e1\"";
    UrlState& state = outcome.state;
    state.url = url;
    state.source = "seed";
    state.discovered_ms = at_ms;
    state.last_fetched_ms = at_ms;
    state.next_due_ms = at_ms + 3600000;
    state.revisit_ms = 3600000;
    state.last_run_id = run_id;
    state.http_status = 200;
    state.final_url = url;
    state.etag = "\"e1\"";
    state.content_hash = 0xfedcba9876543210ULL;
    return outcome;
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<SqliteCrawlState> state_;
};

// A run that never finished is resumed by the next BeginRun, as the same run.
TEST_F(CrawlStateTest, UnfinishedRunIsResumed) {
  StatusOr<crawler::RunInfo> first = state_->BeginRun(1000);
  ASSERT_OK(first);
  EXPECT_FALSE(first->resumed);
  StatusOr<crawler::RunInfo> again = state_->BeginRun(2000);
  ASSERT_OK(again);
  EXPECT_TRUE(again->resumed);
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->started_ms, 1000);
  ASSERT_OK(state_->FinishRun(again->id, 3000));
  StatusOr<crawler::RunInfo> next = state_->BeginRun(4000);
  ASSERT_OK(next);
  EXPECT_FALSE(next->resumed);
  EXPECT_GT(next->id, first->id);
  EXPECT_EQ(
      QueryInt(path_, "SELECT resumes FROM crawl_runs WHERE id = " + std::to_string(first->id)), 1);
}

// An outcome round-trips through crawl_urls, and LoadDue and Lookup see it.
TEST_F(CrawlStateTest, OutcomeStateRoundTrips) {
  StatusOr<crawler::RunInfo> run = state_->BeginRun(1000);
  ASSERT_OK(run);
  CrawlOutcome outcome = Fetched("https://news.example/a", "<p>a</p>", run->id, 5000);
  UrlState listed;
  listed.url = "https://news.example/b";
  listed.kind = UrlKind::kPage;
  listed.source = "https://news.example/a";
  listed.depth = 1;
  listed.discovered_ms = 5000;
  listed.published_ms = 4000;
  listed.next_due_ms = 5000;
  listed.revisit_ms = 3600000;
  outcome.discovered.push_back(listed);
  StatusOr<SavedOutcome> saved = store_->SaveCrawlOutcome(outcome, nullptr, "", "1");
  ASSERT_OK(saved);
  EXPECT_EQ(saved->page_sha256, Sha256Hex("<p>a</p>"));

  StatusOr<std::vector<std::optional<UrlState>>> found =
      state_->Lookup({"https://news.example/a", "https://news.example/b", "https://x/none"});
  ASSERT_OK(found);
  ASSERT_EQ(found->size(), 3u);
  ASSERT_TRUE((*found)[0].has_value());
  UrlState expected = outcome.state;
  EXPECT_EQ(*(*found)[0], expected);
  ASSERT_TRUE((*found)[1].has_value());
  EXPECT_EQ(*(*found)[1], listed);
  EXPECT_FALSE((*found)[2].has_value());

  StatusOr<std::vector<UrlState>> due = state_->LoadDue(6000, 100);
  ASSERT_OK(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].url, "https://news.example/b");
}

// A listing makes a known URL due no later than it says, but never one this
// run already finished (its own outcome decides).
TEST_F(CrawlStateTest, DiscoveryNeverUndoesThisRunsOutcome) {
  StatusOr<crawler::RunInfo> run = state_->BeginRun(1000);
  ASSERT_OK(run);
  ASSERT_OK(store_->SaveCrawlOutcome(Fetched("https://news.example/b", "b", run->id, 5000), nullptr,
                                     "", "1"));
  CrawlOutcome sitemap = Fetched("https://news.example/sitemap.xml", "<urlset/>", run->id, 6000);
  UrlState listed;
  listed.url = "https://news.example/b";
  listed.discovered_ms = 6000;
  listed.next_due_ms = 6000;
  sitemap.discovered.push_back(listed);
  ASSERT_OK(store_->SaveCrawlOutcome(sitemap, nullptr, "", "1"));
  EXPECT_EQ(
      QueryInt(path_, "SELECT next_due_ms FROM crawl_urls WHERE url = 'https://news.example/b'"),
      5000 + 3600000);

  ASSERT_OK(state_->FinishRun(run->id, 7000));
  StatusOr<crawler::RunInfo> next = state_->BeginRun(8000);
  ASSERT_OK(next);
  sitemap.state.last_run_id = next->id;
  sitemap.discovered[0].next_due_ms = 8000;
  ASSERT_OK(store_->SaveCrawlOutcome(sitemap, nullptr, "", "1"));
  EXPECT_EQ(
      QueryInt(path_, "SELECT next_due_ms FROM crawl_urls WHERE url = 'https://news.example/b'"),
      8000);
}

// A 304 refers to the page it validated; nothing new is stored.
TEST_F(CrawlStateTest, NotModifiedRefersToTheStoredPage) {
  ASSERT_OK(
      store_->SaveCrawlOutcome(Fetched("https://news.example/a", "v1", 0, 1000), nullptr, "", "1"));
  CrawlOutcome again = Fetched("https://news.example/a", "", 0, 2000);
  again.fetch.page.http_status = 304;
  again.fetch.page.body.clear();
  StatusOr<SavedOutcome> saved = store_->SaveCrawlOutcome(again, nullptr, "", "1");
  ASSERT_OK(saved);
  EXPECT_EQ(saved->page_sha256, Sha256Hex("v1"));
  EXPECT_EQ(CountRows(path_)["pages"], 1);
  EXPECT_EQ(
      QueryInt(path_, "SELECT count(*) FROM fetches WHERE http_status = 304 AND page_sha256 = '" +
                          Sha256Hex("v1") + "'"),
      1);

  // A 304 for a URL with no stored page is recorded as the error it is.
  CrawlOutcome stray = Fetched("https://news.example/never", "", 0, 3000);
  stray.fetch.page.http_status = 304;
  stray.fetch.page.body.clear();
  ASSERT_OK(store_->SaveCrawlOutcome(stray, nullptr, "", "1"));
  EXPECT_EQ(
      QueryInt(path_, "SELECT error_code FROM fetches WHERE url = 'https://news.example/never'"),
      static_cast<int64_t>(StatusCode::kFailedPrecondition));
}

// De-duplication: the same bytes under another URL, or the same rel=canonical,
// store no second article.
TEST_F(CrawlStateTest, DuplicatesByContentAndCanonical) {
  const Article article = SmallArticle("https://news.example/a", 2);
  StatusOr<SavedOutcome> first = store_->SaveCrawlOutcome(
      Fetched("https://news.example/a", "same", 0, 1000), &article, "https://news.example/a", "1");
  ASSERT_OK(first);
  EXPECT_EQ(first->article, ArticleDisposition::kWritten);

  StatusOr<SavedOutcome> copy = store_->SaveCrawlOutcome(
      Fetched("https://news.example/a?page=1", "same", 0, 1000), &article, "", "1");
  ASSERT_OK(copy);
  EXPECT_EQ(copy->article, ArticleDisposition::kDuplicateContent);
  EXPECT_EQ(copy->duplicate_of, "https://news.example/a");

  StatusOr<SavedOutcome> amp =
      store_->SaveCrawlOutcome(Fetched("https://news.example/amp/a", "other bytes", 0, 1000),
                               &article, "https://news.example/a", "1");
  ASSERT_OK(amp);
  EXPECT_EQ(amp->article, ArticleDisposition::kDuplicateCanonical);
  EXPECT_EQ(CountRows(path_)["articles"], 1);
  EXPECT_EQ(QueryInt(path_,
                     "SELECT count(*) FROM crawl_urls WHERE duplicate_of = "
                     "'https://news.example/a'"),
            2);
}

// A written article's blocks are counted for its site's template in the
// same transaction; a duplicate's are not (one page would count twice), nor
// are those of an outcome without an article.
TEST_F(CrawlStateTest, WrittenArticlesCountTheirBlocks) {
  const Article article = SmallArticle("https://news.example/a", 2);
  SiteBlocks blocks;
  blocks.site = "https://news.example";
  blocks.fingerprints = {11, 12};
  StatusOr<SavedOutcome> first = store_->SaveCrawlOutcome(
      Fetched("https://news.example/a", "same", 0, 1000), &article, "", "1", nullptr, &blocks);
  ASSERT_OK(first);
  EXPECT_EQ(first->article, ArticleDisposition::kWritten);
  StatusOr<SavedOutcome> copy =
      store_->SaveCrawlOutcome(Fetched("https://news.example/a?page=1", "same", 0, 2000), &article,
                               "", "1", nullptr, &blocks);
  ASSERT_OK(copy);
  EXPECT_EQ(copy->article, ArticleDisposition::kDuplicateContent);
  ASSERT_OK(store_->SaveCrawlOutcome(Fetched("https://news.example/c", "c", 0, 3000), nullptr, "",
                                     "1", nullptr, &blocks));
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM site_template_pages"), 1);
  EXPECT_EQ(QueryInt(path_,
                     "SELECT page_count FROM site_template_blocks WHERE site = "
                     "'https://news.example' AND fingerprint = 11"),
            1);
  StatusOr<bool> recorded = store_->PageBlocksRecorded(blocks.site, "https://news.example/a");
  ASSERT_OK(recorded);
  EXPECT_TRUE(*recorded);
}

// A failure keeps the URL's last page and validators (its state says so).
TEST_F(CrawlStateTest, FailureKeepsTheLastPage) {
  ASSERT_OK(
      store_->SaveCrawlOutcome(Fetched("https://news.example/a", "v1", 0, 1000), nullptr, "", "1"));
  CrawlOutcome failed = Fetched("https://news.example/a", "", 0, 2000);
  failed.fetch.status = Status::Unavailable("fetch https://news.example/a: HTTP 503");
  failed.fetch.page.http_status = 503;
  failed.fetch.page.body.clear();
  failed.state.http_status = 503;
  failed.state.failures = 1;
  ASSERT_OK(store_->SaveCrawlOutcome(failed, nullptr, "", "1"));
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM crawl_urls WHERE page_sha256 = '" +
                                Sha256Hex("v1") + "' AND failures = 1 AND etag = '\"e1\"'"),
            1);
}

TEST_F(CrawlStateTest, RobotsCacheRoundTrips) {
  StatusOr<std::optional<crawler::RobotsEntry>> none = state_->LoadRobots("https://x.example");
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
  crawler::RobotsEntry entry;
  entry.origin = "https://x.example";
  entry.http_status = 200;
  entry.body = std::string("User-agent: *\nDisallow: /p\n\0", 28);
  entry.etag = "\"r\"";
  entry.last_modified = "Sat, 07 Mar 2026 10:00:00 GMT";
  entry.fetched_ms = 10;
  entry.expires_ms = 20;
  ASSERT_OK(state_->SaveRobots(entry));
  entry.expires_ms = 30;
  ASSERT_OK(state_->SaveRobots(entry));
  StatusOr<std::optional<crawler::RobotsEntry>> loaded = state_->LoadRobots("https://x.example");
  ASSERT_OK(loaded);
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ(**loaded, entry);
  EXPECT_EQ(CountRows(path_)["robots_cache"], 1);
}

// One crawl per database: a second lock fails at once with AlreadyExists and
// succeeds once the first is released.
TEST(DatabaseLock, SecondHolderIsRefusedUntilRelease) {
  TempDir dir;
  const std::string db = dir.File("x.db");
  StatusOr<std::unique_ptr<DatabaseLock>> first = DatabaseLock::Acquire(db);
  ASSERT_OK(first);
  EXPECT_EQ((*first)->path(), db + ".lock");
  StatusOr<std::unique_ptr<DatabaseLock>> second = DatabaseLock::Acquire(db);
  EXPECT_EQ(second.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(second.status().message().find("locked by another factsift crawl"), std::string::npos);
  first->reset();
  EXPECT_OK(DatabaseLock::Acquire(db));
}

TEST(DatabaseLock, UnwritableDirectoryIsFailedPrecondition) {
  EXPECT_EQ(DatabaseLock::Acquire("/nonexistent-dir/x.db").status().code(),
            StatusCode::kFailedPrecondition);
}

// The batch tests run with SQLite's temporary data on disk (the default) and
// in memory (as the crawl's writer keeps it): a savepoint's journal lives in
// either, and rolling back to it must work the same.
class BatchTest : public CrawlStateTest, public ::testing::WithParamInterface<bool> {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.temporary_data_in_memory = GetParam();
    OpenStores(options);
  }
  void CheckBatchCommitsAllItsSavesOrNone();
  void CheckFailedSaveInsideBatchLeavesTheOthers();
};

// A batch stores all of its saves in one commit, each whole; a batch rolled
// back (or never committed: the process killed) stores none of them.
void BatchTest::CheckBatchCommitsAllItsSavesOrNone() {
  const Article article = SmallArticle("https://news.example/a", 2);
  ASSERT_OK(store_->BeginBatch());
  EXPECT_EQ(store_->BeginBatch().code(), StatusCode::kFailedPrecondition);
  ASSERT_OK(
      store_->SaveCrawlOutcome(Fetched("https://news.example/a", "a", 0, 1000), &article, "", "1"));
  ASSERT_OK(
      store_->SaveCrawlOutcome(Fetched("https://news.example/b", "b", 0, 1000), nullptr, "", "1"));
  // Another connection sees nothing before the commit.
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM crawl_urls"), 0);
  ASSERT_OK(store_->CommitBatch());
  EXPECT_EQ(store_->CommitBatch().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM crawl_urls"), 2);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM articles"), 1);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM facts"), 2);

  ASSERT_OK(store_->BeginBatch());
  ASSERT_OK(
      store_->SaveCrawlOutcome(Fetched("https://news.example/c", "c", 0, 2000), nullptr, "", "1"));
  store_->RollbackBatch();
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM crawl_urls"), 2);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM pages"), 2);

  // A Store destroyed with its batch open (as when killed) keeps none of it.
  ASSERT_OK(store_->BeginBatch());
  ASSERT_OK(
      store_->SaveCrawlOutcome(Fetched("https://news.example/d", "d", 0, 3000), nullptr, "", "1"));
  store_.reset();
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM crawl_urls"), 2);
}

// A save that fails inside a batch undoes only its own writes: the saves
// before it are committed with the batch.
void BatchTest::CheckFailedSaveInsideBatchLeavesTheOthers() {
  const Article good = SmallArticle("https://news.example/a", 1);
  ASSERT_OK(store_->BeginBatch());
  ASSERT_OK(
      store_->SaveCrawlOutcome(Fetched("https://news.example/a", "a", 0, 1000), &good, "", "1"));
  // A fetch outcome whose page is written but whose crawl state breaks a
  // CHECK (an empty source is allowed; a negative depth is not).
  CrawlOutcome bad = Fetched("https://news.example/b", "b", 0, 1000);
  bad.state.depth = -1;
  const StatusOr<SavedOutcome> failed = store_->SaveCrawlOutcome(bad, nullptr, "", "1");
  ASSERT_FALSE(failed.ok());
  ASSERT_OK(store_->CommitBatch());
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM crawl_urls"), 1);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM articles"), 1);
  // The failed save's page went with it.
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM pages"), 1);
  EXPECT_EQ(QueryInt(path_, "SELECT count(*) FROM fetches"), 1);
}

TEST_P(BatchTest, BatchCommitsAllItsSavesOrNone) { CheckBatchCommitsAllItsSavesOrNone(); }
TEST_P(BatchTest, FailedSaveInsideBatchLeavesTheOthers) {
  CheckFailedSaveInsideBatchLeavesTheOthers();
}
INSTANTIATE_TEST_SUITE_P(TemporaryData, BatchTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "InMemory" : "OnDisk";
                         });

}  // namespace
}  // namespace factsift::schema
