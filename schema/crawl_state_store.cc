// SqliteCrawlState: runs, the frontier and the robots.txt cache in SQLite.
#include "schema/crawl_state_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "schema/internal/sqlite_util.h"

namespace factsift::schema {
namespace {

using internal::BindOptional;
using internal::BytesOf;
using internal::Guarded;
using internal::StatementUse;
using internal::TextOf;

constexpr char kUrlColumns[] = R"sql(
url, kind, source, depth, discovered_ms, published_ms, next_due_ms, revisit_ms, last_fetched_ms,
last_run_id, http_status, error_code, error, failures, final_url, etag, last_modified, content_hash
)sql";

constexpr char kLastRun[] =
    "SELECT id, started_ms, finished_ms FROM crawl_runs ORDER BY id DESC LIMIT 1";
constexpr char kResumeRun[] =
    "UPDATE crawl_runs SET resumed_ms = :now, resumes = resumes + 1 WHERE id = :id";
constexpr char kInsertRun[] = "INSERT INTO crawl_runs (started_ms) VALUES (:now) RETURNING id";
constexpr char kFinishRun[] = "UPDATE crawl_runs SET finished_ms = :now WHERE id = :id";

constexpr char kSelectRobots[] = R"sql(
SELECT http_status, body, etag, last_modified, fetched_ms, expires_ms, error
FROM robots_cache WHERE origin = :origin
)sql";
constexpr char kUpsertRobots[] = R"sql(
INSERT INTO robots_cache (origin, http_status, body, etag, last_modified, fetched_ms, expires_ms,
                          error)
VALUES (:origin, :http_status, :body, :etag, :last_modified, :fetched_ms, :expires_ms, :error)
ON CONFLICT (origin) DO UPDATE SET
  http_status = excluded.http_status, body = excluded.body, etag = excluded.etag,
  last_modified = excluded.last_modified, fetched_ms = excluded.fetched_ms,
  expires_ms = excluded.expires_ms, error = excluded.error
)sql";

int64_t OptionalInt(const SQLite::Column& column) {
  return column.isNull() ? 0 : column.getInt64();
}

// Reads a row selected with kUrlColumns. DataLoss for a kind this binary
// does not know.
StatusOr<crawler::UrlState> ReadUrlState(const SQLite::Statement& row) {
  crawler::UrlState state;
  state.url = TextOf(row.getColumn("url"));
  const std::string kind = TextOf(row.getColumn("kind"));
  const std::optional<crawler::UrlKind> parsed = crawler::ParseUrlKind(kind);
  if (!parsed.has_value()) {
    return Status::DataLoss("crawl_urls row " + state.url + ": unknown kind '" + kind + "'");
  }
  state.kind = *parsed;
  state.source = TextOf(row.getColumn("source"));
  state.depth = row.getColumn("depth").getInt();
  state.discovered_ms = row.getColumn("discovered_ms").getInt64();
  state.published_ms = OptionalInt(row.getColumn("published_ms"));
  state.next_due_ms = row.getColumn("next_due_ms").getInt64();
  state.revisit_ms = row.getColumn("revisit_ms").getInt64();
  state.last_fetched_ms = OptionalInt(row.getColumn("last_fetched_ms"));
  state.last_run_id = OptionalInt(row.getColumn("last_run_id"));
  state.http_status = row.getColumn("http_status").getInt();
  state.error_code = row.getColumn("error_code").getInt();
  state.error = TextOf(row.getColumn("error"));
  state.failures = row.getColumn("failures").getInt();
  state.final_url = TextOf(row.getColumn("final_url"));
  state.etag = TextOf(row.getColumn("etag"));
  state.last_modified = TextOf(row.getColumn("last_modified"));
  state.content_hash = static_cast<uint64_t>(OptionalInt(row.getColumn("content_hash")));
  return state;
}

}  // namespace

struct SqliteCrawlState::Impl {
  Impl(const std::string& path, const StoreOptions& options)
      : path(path),
        db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, options.busy_timeout_ms) {}

  std::string path;
  SQLite::Database db;  // Declared before the statements: destroyed after them.
  std::unique_ptr<SQLite::Statement> select_url;
  std::unique_ptr<SQLite::Statement> select_due;
  std::unique_ptr<SQLite::Statement> select_robots;
  std::unique_ptr<SQLite::Statement> upsert_robots;
};

SqliteCrawlState::SqliteCrawlState(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteCrawlState::~SqliteCrawlState() = default;

StatusOr<std::unique_ptr<SqliteCrawlState>> SqliteCrawlState::Open(const std::string& path,
                                                                   const StoreOptions& options) {
  if (path.empty()) return Status::InvalidArgument("open database: empty path");
  return Guarded("open database", path, [&]() -> StatusOr<std::unique_ptr<SqliteCrawlState>> {
    auto impl = std::make_unique<Impl>(path, options);
    StatusOr<int> version = internal::PrepareConnection(impl->db, path);
    if (!version.ok()) return version.status();
    const std::string columns = kUrlColumns;
    impl->select_url = std::make_unique<SQLite::Statement>(
        impl->db, "SELECT " + columns + " FROM crawl_urls WHERE url = :url");
    impl->select_due = std::make_unique<SQLite::Statement>(
        impl->db, "SELECT " + columns +
                      " FROM crawl_urls WHERE next_due_ms <= :now ORDER BY next_due_ms, url"
                      " LIMIT :limit");
    impl->select_robots = std::make_unique<SQLite::Statement>(impl->db, kSelectRobots);
    impl->upsert_robots = std::make_unique<SQLite::Statement>(impl->db, kUpsertRobots);
    return std::unique_ptr<SqliteCrawlState>(new SqliteCrawlState(std::move(impl)));
  });
}

StatusOr<crawler::RunInfo> SqliteCrawlState::BeginRun(int64_t now_ms) {
  return Guarded("begin crawl run", impl_->path, [&]() -> StatusOr<crawler::RunInfo> {
    SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    crawler::RunInfo run;
    {
      SQLite::Statement last(impl_->db, kLastRun);
      if (last.executeStep() && last.getColumn(2).isNull()) {
        run.id = last.getColumn(0).getInt64();
        run.started_ms = last.getColumn(1).getInt64();
        run.resumed = true;
      }
    }
    if (run.resumed) {
      SQLite::Statement resume(impl_->db, kResumeRun);
      resume.bind(":now", now_ms);
      resume.bind(":id", run.id);
      resume.exec();
    } else {
      SQLite::Statement insert(impl_->db, kInsertRun);
      insert.bind(":now", now_ms);
      if (!insert.executeStep()) return Status::Internal("begin crawl run: no id returned");
      run.id = insert.getColumn(0).getInt64();
      run.started_ms = now_ms;
    }
    transaction.commit();
    return run;
  });
}

Status SqliteCrawlState::FinishRun(int64_t run_id, int64_t now_ms) {
  return Guarded("finish crawl run", impl_->path, [&]() -> Status {
    SQLite::Statement finish(impl_->db, kFinishRun);
    finish.bind(":now", now_ms);
    finish.bind(":id", run_id);
    finish.exec();
    return Status::Ok();
  });
}

StatusOr<std::vector<crawler::UrlState>> SqliteCrawlState::LoadDue(int64_t now_ms, size_t limit) {
  return Guarded("load due URLs", impl_->path, [&]() -> StatusOr<std::vector<crawler::UrlState>> {
    std::vector<crawler::UrlState> due;
    StatementUse query(*impl_->select_due);
    query->bind(":now", now_ms);
    query->bind(":limit", static_cast<int64_t>(std::min<size_t>(limit, INT64_MAX)));
    while (query->executeStep()) {
      StatusOr<crawler::UrlState> state = ReadUrlState(*query);
      if (!state.ok()) return state.status();
      due.push_back(std::move(*state));
    }
    return due;
  });
}

StatusOr<std::vector<std::optional<crawler::UrlState>>> SqliteCrawlState::Lookup(
    const std::vector<std::string>& urls) {
  using Result = std::vector<std::optional<crawler::UrlState>>;
  return Guarded("look up URLs", impl_->path, [&]() -> StatusOr<Result> {
    Result found;
    found.reserve(urls.size());
    // One read transaction: one snapshot, and one lock instead of one per URL.
    SQLite::Transaction transaction(impl_->db);
    for (const std::string& url : urls) {
      StatementUse query(*impl_->select_url);
      query->bind(":url", url);
      if (!query->executeStep()) {
        found.emplace_back();
        continue;
      }
      StatusOr<crawler::UrlState> state = ReadUrlState(*query);
      if (!state.ok()) return state.status();
      found.emplace_back(std::move(*state));
    }
    transaction.commit();
    return found;
  });
}

StatusOr<std::optional<crawler::RobotsEntry>> SqliteCrawlState::LoadRobots(
    std::string_view origin) {
  using Result = std::optional<crawler::RobotsEntry>;
  return Guarded("load robots.txt of " + std::string(origin), impl_->path,
                 [&]() -> StatusOr<Result> {
                   StatementUse query(*impl_->select_robots);
                   query->bind(":origin", std::string(origin));
                   if (!query->executeStep()) return Result();
                   crawler::RobotsEntry entry;
                   entry.origin = std::string(origin);
                   entry.http_status = query->getColumn("http_status").getInt();
                   entry.body = BytesOf(query->getColumn("body"));
                   entry.etag = TextOf(query->getColumn("etag"));
                   entry.last_modified = TextOf(query->getColumn("last_modified"));
                   entry.fetched_ms = query->getColumn("fetched_ms").getInt64();
                   entry.expires_ms = query->getColumn("expires_ms").getInt64();
                   entry.error = TextOf(query->getColumn("error"));
                   return Result(std::move(entry));
                 });
}

Status SqliteCrawlState::SaveRobots(const crawler::RobotsEntry& entry) {
  return Guarded("save robots.txt of " + entry.origin, impl_->path, [&]() -> Status {
    StatementUse upsert(*impl_->upsert_robots);
    upsert->bind(":origin", entry.origin);
    upsert->bind(":http_status", entry.http_status);
    upsert->bind(":body", entry.body.data(), static_cast<int>(entry.body.size()));
    upsert->bind(":etag", entry.etag);
    upsert->bind(":last_modified", entry.last_modified);
    upsert->bind(":fetched_ms", entry.fetched_ms);
    upsert->bind(":expires_ms", entry.expires_ms);
    upsert->bind(":error", entry.error);
    upsert->exec();
    return Status::Ok();
  });
}

}  // namespace factsift::schema
