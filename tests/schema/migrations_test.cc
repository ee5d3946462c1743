// Opening and migrating: schema version, pragmas, refusals and error mapping.
#include "schema/migrations.h"

#include <fstream>
#include <memory>
#include <set>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "schema/store.h"

#include "tests/schema/schema_testing.h"
#include "tests/testing/status_matchers.h"

namespace factsift::schema {
namespace {

using testing::CountRows;
using testing::Fetched;
using testing::QueryInt;
using testing::TempDir;

// The embedding step promises versions 1, 2, 3... in order, each with a name and SQL.
TEST(Migrations, NumberedFromOneWithoutGaps) {
  ASSERT_FALSE(Migrations().empty());
  int expected = 1;
  for (const Migration& migration : Migrations()) {
    SCOPED_TRACE(migration.name);
    EXPECT_EQ(migration.version, expected++);
    EXPECT_FALSE(migration.name.empty());
    EXPECT_NE(migration.sql.find(';'), std::string_view::npos);  // Some statement.
  }
  EXPECT_EQ(LatestSchemaVersion(), expected - 1);
}

TEST(StoreOpen, FreshFileGetsLatestSchemaWithWal) {
  TempDir dir;
  const std::string path = dir.File("fresh.db");
  StatusOr<std::unique_ptr<Store>> store = Store::Open(path);
  ASSERT_OK(store);
  EXPECT_EQ((*store)->schema_version(), LatestSchemaVersion());
  EXPECT_EQ((*store)->path(), path);

  EXPECT_EQ(QueryInt(path, "PRAGMA user_version"), LatestSchemaVersion());
  // journal_mode=WAL is persistent, so a second connection sees it.
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
  // v1: pages and what was extracted; v2: the crawler's runs, frontier and
  // robots.txt cache; v3: site templates; v4: market candles and checks;
  // v5 rebuilt pages; v6 folded v3's page-block rows into site_template_pages.
  for (const char* table :
       {"pages", "fetches", "articles", "facts", "citations", "market_snapshots", "crawl_runs",
        "crawl_urls", "robots_cache", "site_template_pages", "site_template_blocks",
        "market_candles", "checks"}) {
    SCOPED_TRACE(table);
    EXPECT_TRUE(db.tableExists(table));
  }
  EXPECT_FALSE(db.tableExists("site_template_page_blocks"));
  EXPECT_EQ(CountRows(path).size(), 13u);
}

// foreign_keys is per connection, so it is checked through the Store itself:
// an article may not point at a page that is not stored.
TEST(StoreOpen, ForeignKeysAreEnforced) {
  TempDir dir;
  StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.File("fk.db"));
  ASSERT_OK(store);
  const Status status = (*store)->ReplaceArticle("https://x.example/a", Sha256Hex("never stored"),
                                                 1000, testing::SmallArticle("u", 1), "1");
  EXPECT_EQ(status.code(), StatusCode::kNotFound) << status.ToString();
  EXPECT_NE(status.message().find("is not stored"), std::string::npos) << status.message();
}

TEST(StoreOpen, MemoryDatabase) {
  StatusOr<std::unique_ptr<Store>> store = Store::Open(":memory:");
  ASSERT_OK(store);
  EXPECT_EQ((*store)->schema_version(), LatestSchemaVersion());
  StatusOr<StoreSummary> summary = (*store)->Summary();
  ASSERT_OK(summary);
  EXPECT_EQ(summary->pages, 0);
}

// 0001 uses plain CREATE TABLE, so running it again would fail: a clean reopen
// shows that nothing is applied twice, and the data survives.
TEST(StoreOpen, ReopenAppliesNothingTwice) {
  TempDir dir;
  const std::string path = dir.File("reopen.db");
  {
    StatusOr<std::unique_ptr<Store>> store = Store::Open(path);
    ASSERT_OK(store);
    StatusOr<std::string> saved =
        (*store)->SaveFetch(Fetched("https://x.example/a", "<p>a</p>", 1000), nullptr, "1");
    ASSERT_OK(saved);
  }
  const auto before = CountRows(path);
  for (int i = 0; i < 2; ++i) {
    StatusOr<std::unique_ptr<Store>> store = Store::Open(path);
    ASSERT_OK(store);
    EXPECT_EQ((*store)->schema_version(), LatestSchemaVersion());
  }
  EXPECT_EQ(QueryInt(path, "PRAGMA user_version"), LatestSchemaVersion());
  EXPECT_EQ(CountRows(path), before);
}

TEST(StoreOpen, RefusesNewerSchema) {
  TempDir dir;
  const std::string path = dir.File("newer.db");
  {
    StatusOr<std::unique_ptr<Store>> store = Store::Open(path);
    ASSERT_OK(store);
  }
  const int newer = LatestSchemaVersion() + 1;
  testing::Execute(path, "PRAGMA user_version = " + std::to_string(newer));

  StatusOr<std::unique_ptr<Store>> store = Store::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  const std::string expected = "database schema v" + std::to_string(newer) +
                               " is newer than this factsift (v" +
                               std::to_string(LatestSchemaVersion()) + ")";
  EXPECT_NE(store.status().message().find(expected), std::string::npos) << store.status().message();
  EXPECT_EQ(QueryInt(path, "PRAGMA user_version"), newer);  // Left alone.
}

// An upgrade that fails part-way leaves the file at its old version with none
// of the newer tables: pending migrations apply in one transaction, so a
// process killed or failing while migrating never leaves a schema between two
// versions.
TEST(StoreOpen, FailedUpgradeLeavesTheOldVersionWhole) {
  if (LatestSchemaVersion() < 3) GTEST_SKIP() << "needs three migrations";
  TempDir dir;
  const std::string path = dir.File("upgrade.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec(std::string(Migrations()[0].sql));
    db.exec("PRAGMA user_version = 1");
    // The first table of the last migration that creates one, there
    // already: that migration fails.
    std::string_view last;
    for (const Migration& migration : Migrations()) {
      if (migration.sql.find("CREATE TABLE ") != std::string_view::npos) last = migration.sql;
    }
    const size_t at = last.find("CREATE TABLE ");
    ASSERT_NE(at, std::string_view::npos);
    const size_t name_start = at + 13;
    const size_t name_end = last.find_first_of(" (", name_start);
    db.exec("CREATE TABLE " + std::string(last.substr(name_start, name_end - name_start)) +
            " (x INTEGER)");
  }
  StatusOr<std::unique_ptr<Store>> store = Store::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("apply migration"), std::string::npos)
      << store.status().message();
  EXPECT_EQ(QueryInt(path, "PRAGMA user_version"), 1);
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_FALSE(db.tableExists("crawl_urls"));  // Migration 2's, rolled back with the rest.
}

// Migration 5 rebuilds `pages` (other tables refer to it): a database made
// by an older factsift keeps every page byte for byte, the references to it
// still hold, and foreign keys are enforced again afterwards.
TEST(StoreOpen, UpgradeRebuildingPagesKeepsThemAndTheirReferences) {
  TempDir dir;
  const std::string path = dir.File("v4.db");
  const std::string body("<html><body><p>BTC near $73,000\0</p></body></html>", 51);
  const std::string sha = Sha256Hex(body);
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    for (const Migration& migration : Migrations()) {
      if (migration.version <= 4) db.exec(std::string(migration.sql));
    }
    db.exec("PRAGMA user_version = 4");
    SQLite::Statement page(db,
                           "INSERT INTO pages (sha256, bytes, size, first_seen_ms) "
                           "VALUES (?, ?, ?, 1000)");
    page.bind(1, sha);
    page.bind(2, body.data(), static_cast<int>(body.size()));
    page.bind(3, static_cast<int64_t>(body.size()));
    page.exec();
    db.exec(
        "INSERT INTO fetches (url, http_status, content_type, page_sha256, first_fetched_ms, "
        "last_fetched_ms) VALUES ('https://news.example/a', 200, 'text/html', '" +
        sha + "', 1000, 1000)");
  }
  StatusOr<std::unique_ptr<Store>> store = Store::Open(path);
  ASSERT_OK(store);
  EXPECT_EQ((*store)->schema_version(), LatestSchemaVersion());
  int pages = 0;
  ASSERT_OK((*store)->ForEachLatestPage([&](const StoredPage& stored) {
    ++pages;
    EXPECT_EQ(stored.sha256, sha);
    EXPECT_EQ(stored.body, body);
    return Status::Ok();
  }));
  EXPECT_EQ(pages, 1);
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM pages WHERE encoding = 'identity'"), 1);
  EXPECT_EQ(QueryInt(path,
                     "SELECT count(*) FROM pragma_foreign_key_list('fetches') "
                     "WHERE \"table\" = 'pages'"),
            1);
  // Enforced on the Store's connection again: a fetch of a page not stored is refused.
  FetchResult orphan = Fetched("https://news.example/b", "b", 2000);
  ASSERT_OK((*store)->SaveFetch(orphan, nullptr, "1"));
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  db.exec("PRAGMA foreign_keys = ON");
  EXPECT_THROW(db.exec("INSERT INTO fetches (url, page_sha256, first_fetched_ms, last_fetched_ms) "
                       "VALUES ('https://news.example/c', '" +
                       std::string(64, 'a') + "', 1, 1)"),
               SQLite::Exception);
}

// Migration 6 folds the per-page block rows of a v5 database into
// site_template_pages.fingerprints: a page recorded before the upgrade still
// counts each of its blocks once, and only its new blocks count again.
TEST(StoreOpen, UpgradeKeepsWhichBlocksEachPageCounted) {
  TempDir dir;
  const std::string path = dir.File("v5.db");
  const uint64_t high = 0xfedcba9876543210ull;  // Stored as a negative INTEGER.
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    for (const Migration& migration : Migrations()) {
      if (migration.version <= 5) db.exec(std::string(migration.sql));
    }
    db.exec("PRAGMA user_version = 5");
    db.exec(
        "INSERT INTO site_template_pages VALUES ('https://s.example', 'https://s.example/a', "
        "1, 1)");
    for (const int64_t stored : {int64_t{7}, static_cast<int64_t>(high)}) {
      db.exec(
          "INSERT INTO site_template_page_blocks VALUES ('https://s.example', "
          "'https://s.example/a', " +
          std::to_string(stored) + ")");
      db.exec("INSERT INTO site_template_blocks VALUES ('https://s.example', " +
              std::to_string(stored) + ", 1, 1, 1)");
    }
  }
  StatusOr<std::unique_ptr<Store>> store = Store::Open(path);
  ASSERT_OK(store);
  // Carried over in the old table's (signed) order.
  const std::string carried =
      testing::QueryText(path, "SELECT fingerprints FROM site_template_pages");
  ASSERT_EQ(carried.size(), 32u);
  EXPECT_EQ(std::set<std::string>({carried.substr(0, 16), carried.substr(16)}),
            std::set<std::string>({"0000000000000007", "fedcba9876543210"}));
  // The same page again, with one block more: only that one is counted.
  ASSERT_OK(
      (*store)->RecordPageBlocks("https://s.example", "https://s.example/a", {high, 7, 9}, 2));
  EXPECT_EQ(QueryInt(path, "SELECT sum(page_count) FROM site_template_blocks"), 3);
  EXPECT_EQ(QueryInt(path, "SELECT page_count FROM site_template_blocks WHERE fingerprint = 9"), 1);
  EXPECT_EQ(testing::QueryText(path, "SELECT fingerprints FROM site_template_pages"),
            "00000000000000070000000000000009fedcba9876543210");
}

// Some other program's SQLite file is neither migrated nor touched.
TEST(StoreOpen, RefusesOtherApplicationsDatabase) {
  TempDir dir;
  const std::string path = dir.File("other.db");
  testing::Execute(path, "CREATE TABLE notes (body TEXT)");

  StatusOr<std::unique_ptr<Store>> store = Store::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("not a factsift database"), std::string::npos)
      << store.status().message();
  EXPECT_EQ(CountRows(path).size(), 1u);
}

TEST(StoreOpen, NonDatabaseFileIsDataLoss) {
  TempDir dir;
  const std::string path = dir.File("notes.txt");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 100; ++i) out << "This is a text file, not a database.\n";
  }
  StatusOr<std::unique_ptr<Store>> store = Store::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kDataLoss) << store.status().ToString();
  EXPECT_NE(store.status().message().find(path), std::string::npos);
  EXPECT_NE(store.status().message().find("SQLite extended code 26"), std::string::npos)
      << store.status().message();
}

// Tests may run as root, where a chmod'ed directory does not stop writes; a
// missing directory and a directory given as the file cannot be opened by
// anyone.
TEST(StoreOpen, UnopenablePathIsFailedPrecondition) {
  TempDir dir;
  struct Row {
    std::string what;
    std::string path;
  };
  const Row rows[] = {
      {"missing directory", dir.File("no/such/dir/factsift.db")},
      {"path is a directory", dir.path().string()},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.what);
    StatusOr<std::unique_ptr<Store>> store = Store::Open(row.path);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition) << store.status().ToString();
    EXPECT_NE(store.status().message().find(row.path), std::string::npos)
        << store.status().message();
  }
}

TEST(StoreOpen, RejectsBadArguments) {
  StatusOr<std::unique_ptr<Store>> empty = Store::Open("");
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidArgument);
  StatusOr<std::unique_ptr<Store>> negative = Store::Open(":memory:", {.busy_timeout_ms = -1});
  EXPECT_EQ(negative.status().code(), StatusCode::kInvalidArgument);
}

// A second writer waits busy_timeout_ms for the lock, then reports
// Unavailable (retry later) rather than failing hard.
TEST(StoreOpen, LockedDatabaseIsUnavailable) {
  TempDir dir;
  const std::string path = dir.File("locked.db");
  StatusOr<std::unique_ptr<Store>> store = Store::Open(path, {.busy_timeout_ms = 50});
  ASSERT_OK(store);

  SQLite::Database other(path, SQLite::OPEN_READWRITE);
  SQLite::Transaction hold(other, SQLite::TransactionBehavior::IMMEDIATE);
  StatusOr<std::string> saved =
      (*store)->SaveFetch(Fetched("https://x.example/a", "a", 1000), nullptr, "1");
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.status().code(), StatusCode::kUnavailable) << saved.status().ToString();
}

}  // namespace
}  // namespace factsift::schema
