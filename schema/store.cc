// Store over SQLiteCpp: opening and migrating, saving fetches and articles, loading them back.
#include "schema/store.h"

#include <climits>
#include <cmath>
#include <exception>
#include <optional>
#include <unordered_map>
#include <utility>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "common/time_util.h"
#include "schema/migrations.h"

namespace factsift::schema {
namespace {

// PRAGMA application_id of a factsift database ("FSFT"), set by 0001_initial.sql.
constexpr int kApplicationId = 0x46534654;

// Converts a SQLiteCpp exception to a Status that names the operation and the
// database and keeps SQLite's extended result code.
Status FromSqlite(const SQLite::Exception& e, std::string_view context, const std::string& path) {
  const int extended = e.getExtendedErrorCode();
  std::string message(context);
  message += ": ";
  message += path;
  message += ": ";
  const int primary = e.getErrorCode() < 0 ? e.getErrorCode() : (extended & 0xff);
  if (primary == SQLITE_FULL) message += "disk full: ";
  message += e.what();
  message += " (SQLite extended code " + std::to_string(extended) + ")";
  switch (primary) {
    case SQLITE_FULL:
    case SQLITE_NOMEM:
    case SQLITE_TOOBIG:
      return Status::ResourceExhausted(std::move(message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:  // Disk or network file system trouble: may pass.
      return Status::Unavailable(std::move(message));
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return Status::FailedPrecondition(std::move(message));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::DataLoss(std::move(message));
    case SQLITE_CONSTRAINT:  // The schema rejected what the caller passed.
      return Status::InvalidArgument(std::move(message));
    default:
      return Status::Internal(std::move(message));
  }
}

// Runs `fn` (returning Status or StatusOr<T>), turning any exception into a
// Status: nothing thrown by SQLiteCpp or std leaves this library.
template <typename Fn>
auto Guarded(std::string_view context, const std::string& path, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    return FromSqlite(e, context, path);
  } catch (const std::exception& e) {
    return Status::Internal(std::string(context) + ": " + path + ": " + e.what());
  }
}

// One use of a member statement: resets it and clears its bindings first, so
// that nothing from an earlier (possibly failed) use leaks in, and resets it
// again afterwards so that no read stays open.
class StatementUse {
 public:
  explicit StatementUse(SQLite::Statement& statement) : statement_(statement) {
    statement_.tryReset();
    statement_.clearBindings();
  }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;
  ~StatementUse() { statement_.tryReset(); }

  SQLite::Statement* operator->() { return &statement_; }
  SQLite::Statement& operator*() { return statement_; }

 private:
  SQLite::Statement& statement_;
};

// Optional text is NULL when empty; optional numbers NULL when unset.
void BindOptional(SQLite::Statement& statement, const char* name, const std::string& text) {
  if (text.empty()) {
    statement.bind(name);
  } else {
    statement.bind(name, text);
  }
}
void BindOptional(SQLite::Statement& statement, const char* name, std::string_view text) {
  BindOptional(statement, name, std::string(text));
}
void BindOptional(SQLite::Statement& statement, const char* name,
                  const std::optional<double>& number) {
  if (number.has_value()) {
    statement.bind(name, *number);
  } else {
    statement.bind(name);
  }
}

// Text or blob bytes, including any NULs; "" for NULL.
std::string BytesOf(const SQLite::Column& column) {
  const void* data = column.getBlob();  // Before getBytes(), as SQLite advises.
  const int size = column.getBytes();
  return size > 0 ? std::string(static_cast<const char*>(data), static_cast<size_t>(size))
                  : std::string();
}
std::string TextOf(const SQLite::Column& column) { return BytesOf(column); }
std::optional<double> OptionalDoubleOf(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getDouble();
}

// Reads an enum stored by name; DataLoss names the table, row and text.
template <typename E>
Status ParseStored(std::optional<E> (*parse)(std::string_view), const SQLite::Statement& row,
                   const char* column, std::string_view table, E* out) {
  const std::string text = TextOf(row.getColumn(column));
  const std::optional<E> value = parse(text);
  if (!value.has_value()) {
    return Status::DataLoss(std::string(table) + " row " +
                            std::to_string(row.getColumn("id").getInt64()) + ": unknown " + column +
                            " '" + text + "'");
  }
  *out = *value;
  return Status::Ok();
}

// NaN cannot be stored (SQLite turns it into NULL), so it is refused up front.
Status ValidateArticle(const Article& article) {
  auto nan = [](const std::optional<double>& value) {
    return value.has_value() && std::isnan(*value);
  };
  for (size_t i = 0; i < article.facts.size(); ++i) {
    const Fact& fact = article.facts[i];
    if (std::isnan(fact.value) || nan(fact.value_high) || nan(fact.value_from)) {
      return Status::InvalidArgument("fact " + std::to_string(i) + " (" +
                                     std::string(KindName(fact.kind)) + " '" + fact.text +
                                     "'): a value is NaN");
    }
  }
  for (size_t i = 0; i < article.market_snapshot.size(); ++i) {
    const SnapshotItem& item = article.market_snapshot[i];
    if (nan(item.price) || nan(item.change_percent) || nan(item.volume) || nan(item.market_cap) ||
        nan(item.low) || nan(item.high)) {
      return Status::InvalidArgument("snapshot item " + std::to_string(i) + " (" + item.asset +
                                     "): a value is NaN");
    }
  }
  if (std::isnan(article.stats.parse_ms) || std::isnan(article.stats.extract_ms)) {
    return Status::InvalidArgument("stats: a time is NaN");
  }
  return Status::Ok();
}

int64_t QueryInt(SQLite::Database& db, const char* sql) { return db.execAndGet(sql).getInt64(); }

// Checks that `db` is a factsift database (or empty), then applies every
// migration newer than its user_version, each in its own transaction that
// also sets user_version. Returns the resulting version.
StatusOr<int> Migrate(SQLite::Database& db, const std::string& path) {
  const int latest = LatestSchemaVersion();
  int version = static_cast<int>(QueryInt(db, "PRAGMA user_version"));
  const int64_t application_id = QueryInt(db, "PRAGMA application_id");
  if (application_id != kApplicationId &&
      (application_id != 0 || version != 0 ||
       QueryInt(db, "SELECT count(*) FROM sqlite_schema") != 0)) {
    return Status::FailedPrecondition(
        "open database: " + path + ": not a factsift database (application_id " +
        std::to_string(application_id) + ", user_version " + std::to_string(version) + ")");
  }
  auto too_new = [&] {
    return Status::FailedPrecondition("open database: " + path + ": database schema v" +
                                      std::to_string(version) + " is newer than this factsift (v" +
                                      std::to_string(latest) + ")");
  };
  if (version > latest) return too_new();
  for (const Migration& migration : Migrations()) {
    if (migration.version <= version) continue;
    const std::string context = "open database: apply migration " +
                                std::to_string(migration.version) + " (" +
                                std::string(migration.name) + ")";
    Status status = Guarded(context, path, [&]() -> Status {
      // IMMEDIATE takes the write lock now; then re-read the version, as
      // another process may have migrated while this one waited for the lock.
      SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
      version = static_cast<int>(QueryInt(db, "PRAGMA user_version"));
      if (version >= migration.version) return Status::Ok();
      db.exec(std::string(migration.sql));
      db.exec("PRAGMA user_version = " + std::to_string(migration.version));
      transaction.commit();
      version = migration.version;
      return Status::Ok();
    });
    FACTSIFT_RETURN_IF_ERROR(status);
    if (version > latest) return too_new();
  }
  return version;
}

// Statement texts. Parameters are bound by name.

constexpr char kInsertPage[] = R"sql(
INSERT INTO pages (sha256, bytes, size, first_seen_ms)
VALUES (:sha256, :bytes, :size, :fetched_ms)
ON CONFLICT (sha256) DO UPDATE SET first_seen_ms = excluded.first_seen_ms
  WHERE excluded.first_seen_ms < pages.first_seen_ms
)sql";

// The conflict target is the fetches_outcome index. Headers and the error
// code follow the most recent fetch of the outcome.
constexpr char kUpsertFetch[] = R"sql(
INSERT INTO fetches (url, final_url, http_status, content_type, etag, last_modified,
                     error_code, error, page_sha256, first_fetched_ms, last_fetched_ms)
VALUES (:url, :final_url, :http_status, :content_type, :etag, :last_modified,
        :error_code, :error, :page_sha256, :fetched_ms, :fetched_ms)
ON CONFLICT (url, http_status, ifnull(page_sha256, ''), error) DO UPDATE SET
  times_seen = times_seen + 1,
  first_fetched_ms = min(first_fetched_ms, excluded.first_fetched_ms),
  last_fetched_ms = max(last_fetched_ms, excluded.last_fetched_ms),
  final_url = CASE WHEN excluded.last_fetched_ms >= last_fetched_ms
              THEN excluded.final_url ELSE final_url END,
  content_type = CASE WHEN excluded.last_fetched_ms >= last_fetched_ms
                 THEN excluded.content_type ELSE content_type END,
  etag = CASE WHEN excluded.last_fetched_ms >= last_fetched_ms
         THEN excluded.etag ELSE etag END,
  last_modified = CASE WHEN excluded.last_fetched_ms >= last_fetched_ms
                  THEN excluded.last_modified ELSE last_modified END,
  error_code = CASE WHEN excluded.last_fetched_ms >= last_fetched_ms
               THEN excluded.error_code ELSE error_code END
)sql";

constexpr char kFirstFetchOfPage[] = R"sql(
SELECT min(first_fetched_ms) FROM fetches WHERE url = :url AND page_sha256 = :sha256
)sql";

// Updates in place so that the id, which facts reference, stays the same.
constexpr char kUpsertArticle[] = R"sql(
INSERT INTO articles (url, article_url, page_sha256, fetched_at_ms, canonical_url, title, author,
                      site_name, published, updated, language, text, extractor_version,
                      extracted_at_ms, boilerplate_blocks_removed, ticker_items, bytes,
                      parse_ms, extract_ms)
VALUES (:url, :article_url, :page_sha256, :fetched_at_ms, :canonical_url, :title, :author,
        :site_name, :published, :updated, :language, :text, :extractor_version,
        :extracted_at_ms, :boilerplate_blocks_removed, :ticker_items, :bytes,
        :parse_ms, :extract_ms)
ON CONFLICT (url) DO UPDATE SET
  article_url = excluded.article_url, page_sha256 = excluded.page_sha256,
  fetched_at_ms = excluded.fetched_at_ms, canonical_url = excluded.canonical_url,
  title = excluded.title, author = excluded.author, site_name = excluded.site_name,
  published = excluded.published, updated = excluded.updated, language = excluded.language,
  text = excluded.text, extractor_version = excluded.extractor_version,
  extracted_at_ms = excluded.extracted_at_ms,
  boilerplate_blocks_removed = excluded.boilerplate_blocks_removed,
  ticker_items = excluded.ticker_items, bytes = excluded.bytes,
  parse_ms = excluded.parse_ms, extract_ms = excluded.extract_ms
RETURNING id
)sql";

constexpr char kDeleteFacts[] = "DELETE FROM facts WHERE article_id = :article_id";
constexpr char kDeleteCitations[] = "DELETE FROM citations WHERE article_id = :article_id";
constexpr char kDeleteSnapshot[] = "DELETE FROM market_snapshots WHERE article_id = :article_id";

constexpr char kInsertFact[] = R"sql(
INSERT INTO facts (article_id, ordinal, kind, asset, name, value, value_high, value_from, unit,
                   side, direction, bound, approx, conditional, negated, period, section, text,
                   start_offset, end_offset, sentence, pattern)
VALUES (:article_id, :ordinal, :kind, :asset, :name, :value, :value_high, :value_from, :unit,
        :side, :direction, :bound, :approx, :conditional, :negated, :period, :section, :text,
        :start_offset, :end_offset, :sentence, :pattern)
)sql";

constexpr char kInsertCitation[] = R"sql(
INSERT INTO citations (article_id, ordinal, name, raw, url, kind)
VALUES (:article_id, :ordinal, :name, :raw, :url, :kind)
)sql";

constexpr char kInsertSnapshotItem[] = R"sql(
INSERT INTO market_snapshots (article_id, ordinal, asset, name, price, change_percent, period,
                              origin, volume, market_cap, low, high)
VALUES (:article_id, :ordinal, :asset, :name, :price, :change_percent, :period,
        :origin, :volume, :market_cap, :low, :high)
)sql";

constexpr char kArticleIsCurrent[] = R"sql(
SELECT count(*) FROM articles
WHERE url = :url AND page_sha256 = :sha256 AND extractor_version = :extractor_version
)sql";

// The successful fetch with the highest last_fetched_ms of each url.
constexpr char kLatestPageFetches[] = R"sql(
SELECT id FROM (
  SELECT id, url, row_number() OVER (PARTITION BY url
                                     ORDER BY last_fetched_ms DESC, id DESC) AS recency
  FROM fetches WHERE page_sha256 IS NOT NULL)
WHERE recency = 1
ORDER BY url
)sql";

constexpr char kPageOfFetch[] = R"sql(
SELECT f.url, f.final_url, f.content_type, f.http_status, f.page_sha256, p.bytes,
       (SELECT min(g.first_fetched_ms) FROM fetches AS g
        WHERE g.url = f.url AND g.page_sha256 = f.page_sha256) AS first_fetched_ms
FROM fetches AS f JOIN pages AS p ON p.sha256 = f.page_sha256
WHERE f.id = :fetch_id
)sql";

constexpr char kSelectArticles[] = R"sql(
SELECT id, url, article_url, page_sha256, fetched_at_ms, canonical_url, title, author, site_name,
       published, updated, language, text, extractor_version, boilerplate_blocks_removed,
       ticker_items, bytes, parse_ms, extract_ms
FROM articles ORDER BY url
)sql";

constexpr char kSelectFacts[] = R"sql(
SELECT id, article_id, kind, asset, name, value, value_high, value_from, unit, side, direction,
       bound, approx, conditional, negated, period, section, text, start_offset, end_offset,
       sentence, pattern
FROM facts ORDER BY article_id, ordinal
)sql";

constexpr char kSelectCitations[] = R"sql(
SELECT id, article_id, name, raw, url, kind FROM citations ORDER BY article_id, ordinal
)sql";

constexpr char kSelectSnapshotItems[] = R"sql(
SELECT id, article_id, asset, name, price, change_percent, period, origin, volume, market_cap,
       low, high
FROM market_snapshots ORDER BY article_id, ordinal
)sql";

constexpr char kCounts[] = R"sql(
SELECT (SELECT count(*) FROM pages), (SELECT count(*) FROM fetches),
       (SELECT count(*) FROM fetches WHERE error_code <> 0), (SELECT count(*) FROM articles),
       (SELECT count(*) FROM facts), (SELECT count(*) FROM citations),
       (SELECT count(*) FROM market_snapshots)
)sql";

constexpr char kFactsByKind[] = "SELECT kind, count(*) FROM facts GROUP BY kind ORDER BY kind";

// The statements of the write and lookup paths, prepared once per connection.
struct Statements {
  explicit Statements(SQLite::Database& db)
      : insert_page(db, kInsertPage),
        upsert_fetch(db, kUpsertFetch),
        first_fetch_of_page(db, kFirstFetchOfPage),
        upsert_article(db, kUpsertArticle),
        delete_facts(db, kDeleteFacts),
        delete_citations(db, kDeleteCitations),
        delete_snapshot(db, kDeleteSnapshot),
        insert_fact(db, kInsertFact),
        insert_citation(db, kInsertCitation),
        insert_snapshot_item(db, kInsertSnapshotItem),
        article_is_current(db, kArticleIsCurrent),
        page_of_fetch(db, kPageOfFetch) {}

  SQLite::Statement insert_page;
  SQLite::Statement upsert_fetch;
  SQLite::Statement first_fetch_of_page;
  SQLite::Statement upsert_article;
  SQLite::Statement delete_facts;
  SQLite::Statement delete_citations;
  SQLite::Statement delete_snapshot;
  SQLite::Statement insert_fact;
  SQLite::Statement insert_citation;
  SQLite::Statement insert_snapshot_item;
  SQLite::Statement article_is_current;
  SQLite::Statement page_of_fetch;
};

}  // namespace

struct Store::Impl {
  Impl(const std::string& path, const StoreOptions& options)
      : path(path),
        db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, options.busy_timeout_ms) {}

  // Writes the article of `url` and replaces its children. REQUIRES: inside a
  // write transaction. Throws SQLite::Exception.
  void WriteArticle(std::string_view url, std::string_view page_sha256, int64_t fetched_at_ms,
                    const Article& article, std::string_view extractor_version);

  std::string path;
  SQLite::Database db;  // Declared before statements: destroyed after them.
  int schema_version = 0;
  std::unique_ptr<Statements> statements;
};

void Store::Impl::WriteArticle(std::string_view url, std::string_view page_sha256,
                               int64_t fetched_at_ms, const Article& article,
                               std::string_view extractor_version) {
  int64_t article_id = 0;
  {
    StatementUse upsert(statements->upsert_article);
    upsert->bind(":url", std::string(url));
    if (article.url == url) {
      upsert->bind(":article_url");
    } else {
      upsert->bind(":article_url", article.url);
    }
    upsert->bind(":page_sha256", std::string(page_sha256));
    upsert->bind(":fetched_at_ms", fetched_at_ms);
    BindOptional(*upsert, ":canonical_url", article.canonical_url);
    BindOptional(*upsert, ":title", article.title);
    BindOptional(*upsert, ":author", article.author);
    BindOptional(*upsert, ":site_name", article.site_name);
    BindOptional(*upsert, ":published", article.published);
    BindOptional(*upsert, ":updated", article.updated);
    BindOptional(*upsert, ":language", article.language);
    upsert->bind(":text", article.text);
    upsert->bind(":extractor_version", std::string(extractor_version));
    upsert->bind(":extracted_at_ms", NowMs());
    upsert->bind(":boilerplate_blocks_removed", article.stats.boilerplate_blocks_removed);
    upsert->bind(":ticker_items", article.stats.ticker_items);
    upsert->bind(":bytes", static_cast<int64_t>(article.stats.bytes));
    upsert->bind(":parse_ms", article.stats.parse_ms);
    upsert->bind(":extract_ms", article.stats.extract_ms);
    if (!upsert->executeStep()) throw SQLite::Exception("article upsert returned no id");
    article_id = upsert->getColumn(0).getInt64();
  }

  for (SQLite::Statement* remove :
       {&statements->delete_facts, &statements->delete_citations, &statements->delete_snapshot}) {
    StatementUse use(*remove);
    use->bind(":article_id", article_id);
    use->exec();
  }

  for (size_t i = 0; i < article.facts.size(); ++i) {
    const Fact& fact = article.facts[i];
    StatementUse insert(statements->insert_fact);
    insert->bind(":article_id", article_id);
    insert->bind(":ordinal", static_cast<int64_t>(i));
    insert->bind(":kind", std::string(KindName(fact.kind)));
    BindOptional(*insert, ":asset", fact.asset);
    BindOptional(*insert, ":name", fact.name);
    insert->bind(":value", fact.value);
    BindOptional(*insert, ":value_high", fact.value_high);
    BindOptional(*insert, ":value_from", fact.value_from);
    BindOptional(*insert, ":unit", fact.unit);
    BindOptional(*insert, ":side", SideName(fact.side));
    BindOptional(*insert, ":direction", DirectionName(fact.direction));
    BindOptional(*insert, ":bound", BoundName(fact.bound));
    insert->bind(":approx", fact.approx ? 1 : 0);
    insert->bind(":conditional", fact.conditional ? 1 : 0);
    insert->bind(":negated", fact.negated ? 1 : 0);
    BindOptional(*insert, ":period", fact.period);
    insert->bind(":section", std::string(SectionName(fact.section)));
    insert->bind(":text", fact.text);
    insert->bind(":start_offset", static_cast<int64_t>(fact.start));
    insert->bind(":end_offset", static_cast<int64_t>(fact.end));
    BindOptional(*insert, ":sentence", fact.sentence);
    BindOptional(*insert, ":pattern", fact.pattern);
    insert->exec();
  }

  for (size_t i = 0; i < article.citations.size(); ++i) {
    const Citation& citation = article.citations[i];
    StatementUse insert(statements->insert_citation);
    insert->bind(":article_id", article_id);
    insert->bind(":ordinal", static_cast<int64_t>(i));
    BindOptional(*insert, ":name", citation.name);
    BindOptional(*insert, ":raw", citation.raw);
    BindOptional(*insert, ":url", citation.url);
    insert->bind(":kind", std::string(CitationKindName(citation.kind)));
    insert->exec();
  }

  for (size_t i = 0; i < article.market_snapshot.size(); ++i) {
    const SnapshotItem& item = article.market_snapshot[i];
    StatementUse insert(statements->insert_snapshot_item);
    insert->bind(":article_id", article_id);
    insert->bind(":ordinal", static_cast<int64_t>(i));
    BindOptional(*insert, ":asset", item.asset);
    BindOptional(*insert, ":name", item.name);
    BindOptional(*insert, ":price", item.price);
    BindOptional(*insert, ":change_percent", item.change_percent);
    BindOptional(*insert, ":period", item.period);
    BindOptional(*insert, ":origin", item.origin);
    BindOptional(*insert, ":volume", item.volume);
    BindOptional(*insert, ":market_cap", item.market_cap);
    BindOptional(*insert, ":low", item.low);
    BindOptional(*insert, ":high", item.high);
    insert->exec();
  }
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& path, const StoreOptions& options) {
  // SQLite would take "" as a private temporary database: surely not meant.
  if (path.empty()) return Status::InvalidArgument("open database: empty path");
  if (options.busy_timeout_ms < 0) {
    return Status::InvalidArgument("open database: " + path + ": negative busy_timeout_ms");
  }
  return Guarded("open database", path, [&]() -> StatusOr<std::unique_ptr<Store>> {
    auto impl = std::make_unique<Impl>(path, options);
    SQLite::Database& db = impl->db;
    if (sqlite3_db_readonly(db.getHandle(), "main") == 1) {
      return Status::FailedPrecondition("open database: " + path + ": read-only");
    }
    // Per connection, and a no-op inside a transaction: set before anything else.
    db.exec("PRAGMA foreign_keys = ON");
    // Reading the mode touches the file: a file that is not a database fails
    // here with SQLITE_NOTADB. ":memory:" answers "memory" and stays so.
    db.execAndGet("PRAGMA journal_mode = WAL");
    // With WAL, NORMAL loses at most the last transactions on power loss,
    // never consistency, and avoids an fsync per commit.
    db.exec("PRAGMA synchronous = NORMAL");
    StatusOr<int> version = Migrate(db, path);
    if (!version.ok()) return version.status();
    impl->schema_version = *version;
    impl->statements = std::make_unique<Statements>(db);
    return std::unique_ptr<Store>(new Store(std::move(impl)));
  });
}

int Store::schema_version() const { return impl_->schema_version; }

const std::string& Store::path() const { return impl_->path; }

StatusOr<bool> Store::ArticleIsCurrent(std::string_view url, std::string_view page_sha256,
                                       std::string_view extractor_version) {
  return Guarded("check article " + std::string(url), impl_->path, [&]() -> StatusOr<bool> {
    StatementUse query(impl_->statements->article_is_current);
    query->bind(":url", std::string(url));
    query->bind(":sha256", std::string(page_sha256));
    query->bind(":extractor_version", std::string(extractor_version));
    query->executeStep();
    return query->getColumn(0).getInt64() > 0;
  });
}

StatusOr<std::string> Store::SaveFetch(const FetchResult& result, const Article* article,
                                       std::string_view extractor_version) {
  const RawPage& page = result.page;
  const std::string context = "save fetch " + page.url;
  if (page.url.empty()) return Status::InvalidArgument("save fetch: empty url");
  const bool fetched = result.status.ok();
  if (fetched && page.body.size() > static_cast<size_t>(INT_MAX)) {
    return Status::ResourceExhausted(context + ": body of " + std::to_string(page.body.size()) +
                                     " bytes is too large to store");
  }
  const Article* new_article = fetched ? article : nullptr;
  if (new_article != nullptr) {
    FACTSIFT_RETURN_IF_ERROR(ValidateArticle(*new_article).WithContext(context));
  }
  // Hash before taking the write lock.
  std::string sha256 = fetched ? Sha256Hex(page.body) : std::string();

  return Guarded(context, impl_->path, [&]() -> StatusOr<std::string> {
    Statements& statements = *impl_->statements;
    SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    if (fetched) {
      StatementUse insert(statements.insert_page);
      insert->bind(":sha256", sha256);
      insert->bind(":bytes", page.body.data(), static_cast<int>(page.body.size()));
      insert->bind(":size", static_cast<int64_t>(page.body.size()));
      insert->bind(":fetched_ms", page.fetched_at_ms);
      insert->exec();
    }
    {
      StatementUse upsert(statements.upsert_fetch);
      upsert->bind(":url", page.url);
      upsert->bind(":final_url", page.final_url);
      upsert->bind(":http_status", page.http_status);
      upsert->bind(":content_type", page.content_type);
      upsert->bind(":etag", page.etag);
      upsert->bind(":last_modified", page.last_modified);
      upsert->bind(":error_code", static_cast<int>(result.status.code()));
      upsert->bind(":error", result.status.message());
      BindOptional(*upsert, ":page_sha256", sha256);
      upsert->bind(":fetched_ms", page.fetched_at_ms);
      upsert->exec();
    }
    if (new_article != nullptr) {
      int64_t first_fetched_ms = page.fetched_at_ms;
      {
        StatementUse query(statements.first_fetch_of_page);
        query->bind(":url", page.url);
        query->bind(":sha256", sha256);
        if (query->executeStep() && !query->getColumn(0).isNull()) {
          first_fetched_ms = query->getColumn(0).getInt64();
        }
      }
      impl_->WriteArticle(page.url, sha256, first_fetched_ms, *new_article, extractor_version);
    }
    transaction.commit();
    return sha256;
  });
}

Status Store::ReplaceArticle(std::string_view url, std::string_view page_sha256,
                             int64_t fetched_at_ms, const Article& article,
                             std::string_view extractor_version) {
  const std::string context = "replace article " + std::string(url);
  if (url.empty()) return Status::InvalidArgument("replace article: empty url");
  FACTSIFT_RETURN_IF_ERROR(ValidateArticle(article).WithContext(context));
  try {
    SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    impl_->WriteArticle(url, page_sha256, fetched_at_ms, article, extractor_version);
    transaction.commit();
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    // The only foreign key the article row has is its page.
    if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_FOREIGNKEY) {
      return Status::NotFound(context + ": page " + std::string(page_sha256) + " is not stored");
    }
    return FromSqlite(e, context, impl_->path);
  } catch (const std::exception& e) {
    return Status::Internal(context + ": " + impl_->path + ": " + e.what());
  }
}

Status Store::ForEachLatestPage(const std::function<Status(const StoredPage&)>& fn) {
  // Collect the keys first and load each page on its own, so that no
  // statement is open while `fn` runs (it may write through this Store).
  std::vector<int64_t> fetch_ids;
  FACTSIFT_RETURN_IF_ERROR(Guarded("list latest pages", impl_->path, [&]() -> Status {
    SQLite::Statement query(impl_->db, kLatestPageFetches);
    while (query.executeStep()) fetch_ids.push_back(query.getColumn(0).getInt64());
    return Status::Ok();
  }));
  for (const int64_t fetch_id : fetch_ids) {
    StoredPage page;
    bool found = false;
    FACTSIFT_RETURN_IF_ERROR(Guarded("load latest page", impl_->path, [&]() -> Status {
      StatementUse query(impl_->statements->page_of_fetch);
      query->bind(":fetch_id", fetch_id);
      if (!query->executeStep()) return Status::Ok();
      found = true;
      page.url = query->getColumn("url").getString();
      page.final_url = query->getColumn("final_url").getString();
      page.content_type = query->getColumn("content_type").getString();
      page.http_status = query->getColumn("http_status").getInt();
      page.sha256 = query->getColumn("page_sha256").getString();
      page.body = BytesOf(query->getColumn("bytes"));
      page.fetched_at_ms = query->getColumn("first_fetched_ms").getInt64();
      return Status::Ok();
    }));
    if (found) FACTSIFT_RETURN_IF_ERROR(fn(page));
  }
  return Status::Ok();
}

StatusOr<std::vector<StoredArticle>> Store::LoadArticles() {
  return Guarded("load articles", impl_->path, [&]() -> StatusOr<std::vector<StoredArticle>> {
    SQLite::Database& db = impl_->db;
    // One read transaction: the four queries see the same snapshot.
    SQLite::Transaction transaction(db);
    std::vector<StoredArticle> stored;
    std::unordered_map<int64_t, size_t> index_of_id;

    SQLite::Statement articles(db, kSelectArticles);
    while (articles.executeStep()) {
      StoredArticle& s = stored.emplace_back();
      s.id = articles.getColumn("id").getInt64();
      s.url = articles.getColumn("url").getString();
      s.page_sha256 = articles.getColumn("page_sha256").getString();
      s.fetched_at_ms = articles.getColumn("fetched_at_ms").getInt64();
      s.extractor_version = articles.getColumn("extractor_version").getString();
      Article& a = s.article;
      const SQLite::Column article_url = articles.getColumn("article_url");
      a.url = article_url.isNull() ? s.url : article_url.getString();
      a.canonical_url = TextOf(articles.getColumn("canonical_url"));
      a.title = TextOf(articles.getColumn("title"));
      a.author = TextOf(articles.getColumn("author"));
      a.site_name = TextOf(articles.getColumn("site_name"));
      a.published = TextOf(articles.getColumn("published"));
      a.updated = TextOf(articles.getColumn("updated"));
      a.language = TextOf(articles.getColumn("language"));
      a.text = TextOf(articles.getColumn("text"));
      a.stats.boilerplate_blocks_removed =
          articles.getColumn("boilerplate_blocks_removed").getInt();
      a.stats.ticker_items = articles.getColumn("ticker_items").getInt();
      a.stats.bytes = static_cast<size_t>(articles.getColumn("bytes").getInt64());
      a.stats.parse_ms = articles.getColumn("parse_ms").getDouble();
      a.stats.extract_ms = articles.getColumn("extract_ms").getDouble();
      index_of_id[s.id] = stored.size() - 1;
    }

    // Children come ordered by (article_id, ordinal); each goes to its article.
    auto article_of = [&](const SQLite::Statement& row, std::string_view table,
                          Article** out) -> Status {
      const int64_t article_id = row.getColumn("article_id").getInt64();
      const auto it = index_of_id.find(article_id);
      if (it == index_of_id.end()) {
        return Status::DataLoss(std::string(table) + " row " +
                                std::to_string(row.getColumn("id").getInt64()) + ": no article " +
                                std::to_string(article_id));
      }
      *out = &stored[it->second].article;
      return Status::Ok();
    };

    SQLite::Statement facts(db, kSelectFacts);
    while (facts.executeStep()) {
      Article* article = nullptr;
      FACTSIFT_RETURN_IF_ERROR(article_of(facts, "facts", &article));
      Fact& f = article->facts.emplace_back();
      FACTSIFT_RETURN_IF_ERROR(ParseStored(&ParseKind, facts, "kind", "facts", &f.kind));
      f.asset = TextOf(facts.getColumn("asset"));
      f.name = TextOf(facts.getColumn("name"));
      f.value = facts.getColumn("value").getDouble();
      f.value_high = OptionalDoubleOf(facts.getColumn("value_high"));
      f.value_from = OptionalDoubleOf(facts.getColumn("value_from"));
      f.unit = TextOf(facts.getColumn("unit"));
      FACTSIFT_RETURN_IF_ERROR(ParseStored(&ParseSide, facts, "side", "facts", &f.side));
      FACTSIFT_RETURN_IF_ERROR(
          ParseStored(&ParseDirection, facts, "direction", "facts", &f.direction));
      FACTSIFT_RETURN_IF_ERROR(ParseStored(&ParseBound, facts, "bound", "facts", &f.bound));
      f.approx = facts.getColumn("approx").getInt() != 0;
      f.conditional = facts.getColumn("conditional").getInt() != 0;
      f.negated = facts.getColumn("negated").getInt() != 0;
      f.period = TextOf(facts.getColumn("period"));
      FACTSIFT_RETURN_IF_ERROR(ParseStored(&ParseSection, facts, "section", "facts", &f.section));
      f.text = TextOf(facts.getColumn("text"));
      f.start = static_cast<size_t>(facts.getColumn("start_offset").getInt64());
      f.end = static_cast<size_t>(facts.getColumn("end_offset").getInt64());
      f.sentence = TextOf(facts.getColumn("sentence"));
      f.pattern = TextOf(facts.getColumn("pattern"));
    }

    SQLite::Statement citations(db, kSelectCitations);
    while (citations.executeStep()) {
      Article* article = nullptr;
      FACTSIFT_RETURN_IF_ERROR(article_of(citations, "citations", &article));
      Citation& c = article->citations.emplace_back();
      c.name = TextOf(citations.getColumn("name"));
      c.raw = TextOf(citations.getColumn("raw"));
      c.url = TextOf(citations.getColumn("url"));
      FACTSIFT_RETURN_IF_ERROR(
          ParseStored(&ParseCitationKind, citations, "kind", "citations", &c.kind));
    }

    SQLite::Statement snapshot(db, kSelectSnapshotItems);
    while (snapshot.executeStep()) {
      Article* article = nullptr;
      FACTSIFT_RETURN_IF_ERROR(article_of(snapshot, "market_snapshots", &article));
      SnapshotItem& item = article->market_snapshot.emplace_back();
      item.asset = TextOf(snapshot.getColumn("asset"));
      item.name = TextOf(snapshot.getColumn("name"));
      item.price = OptionalDoubleOf(snapshot.getColumn("price"));
      item.change_percent = OptionalDoubleOf(snapshot.getColumn("change_percent"));
      item.period = TextOf(snapshot.getColumn("period"));
      item.origin = TextOf(snapshot.getColumn("origin"));
      item.volume = OptionalDoubleOf(snapshot.getColumn("volume"));
      item.market_cap = OptionalDoubleOf(snapshot.getColumn("market_cap"));
      item.low = OptionalDoubleOf(snapshot.getColumn("low"));
      item.high = OptionalDoubleOf(snapshot.getColumn("high"));
    }
    transaction.commit();
    return stored;
  });
}

StatusOr<StoreSummary> Store::Summary() {
  return Guarded("summarize", impl_->path, [&]() -> StatusOr<StoreSummary> {
    SQLite::Database& db = impl_->db;
    SQLite::Transaction transaction(db);
    StoreSummary summary;
    SQLite::Statement counts(db, kCounts);
    if (counts.executeStep()) {
      summary.pages = counts.getColumn(0).getInt64();
      summary.fetches = counts.getColumn(1).getInt64();
      summary.failed_fetches = counts.getColumn(2).getInt64();
      summary.articles = counts.getColumn(3).getInt64();
      summary.facts = counts.getColumn(4).getInt64();
      summary.citations = counts.getColumn(5).getInt64();
      summary.snapshot_items = counts.getColumn(6).getInt64();
    }
    SQLite::Statement by_kind(db, kFactsByKind);
    while (by_kind.executeStep()) {
      summary.facts_by_kind[by_kind.getColumn(0).getString()] = by_kind.getColumn(1).getInt64();
    }
    transaction.commit();
    return summary;
  });
}

}  // namespace factsift::schema
