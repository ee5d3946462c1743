// Store over SQLiteCpp: opening and migrating, saving fetches and articles, loading them back.
#include "schema/store.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <exception>
#include <iterator>
#include <optional>
#include <unordered_map>
#include <utility>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "common/claim_window.h"
#include "common/time_util.h"
#include "crawler/url.h"
#include "schema/internal/sqlite_util.h"
#include "schema/migrations.h"
#include "schema/page_codec.h"

namespace factsift::schema {
namespace {

using internal::BindOptional;
using internal::BytesOf;
using internal::FromSqlite;
using internal::Guarded;
using internal::OptionalDoubleOf;
using internal::StatementUse;
using internal::TextOf;

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

// Statement texts. Parameters are bound by name.

constexpr char kInsertPage[] = R"sql(
INSERT INTO pages (sha256, bytes, encoding, size, first_seen_ms)
VALUES (:sha256, :bytes, :encoding, :size, :fetched_ms)
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
                   start_offset, end_offset, sentence, pattern, window_from, window_to)
VALUES (:article_id, :ordinal, :kind, :asset, :name, :value, :value_high, :value_from, :unit,
        :side, :direction, :bound, :approx, :conditional, :negated, :period, :section, :text,
        :start_offset, :end_offset, :sentence, :pattern, :window_from, :window_to)
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

// The successful fetch with the highest last_fetched_ms of each url; feeds
// and sitemaps the crawler read are not pages to extract.
constexpr char kLatestPageFetches[] = R"sql(
SELECT id FROM (
  SELECT id, url, row_number() OVER (PARTITION BY url
                                     ORDER BY last_fetched_ms DESC, id DESC) AS recency
  FROM fetches WHERE page_sha256 IS NOT NULL
    AND url NOT IN (SELECT url FROM crawl_urls WHERE kind <> 'page'))
WHERE recency = 1
ORDER BY url
)sql";

constexpr char kPageOfFetch[] = R"sql(
SELECT f.url, f.final_url, f.content_type, f.http_status, f.page_sha256, p.bytes, p.encoding,
       p.size,
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
       (SELECT count(*) FROM market_snapshots), (SELECT count(*) FROM market_candles),
       (SELECT count(*) FROM checks)
)sql";

constexpr char kFactsByKind[] = "SELECT kind, count(*) FROM facts GROUP BY kind ORDER BY kind";

constexpr char kCandleSeries[] = R"sql(
SELECT asset, quote, source, interval, count(*), min(day), max(day) FROM market_candles
GROUP BY asset, quote, source, interval ORDER BY asset, quote, source, interval
)sql";

constexpr char kChecksByVerdict[] =
    "SELECT verdict, count(*) FROM checks GROUP BY verdict ORDER BY verdict";

// The crawl outcome path (SaveCrawlOutcome).

// The page a 304 validated: the URL's last stored page.
constexpr char kLastPageOfUrl[] = R"sql(
SELECT coalesce(
  (SELECT page_sha256 FROM crawl_urls WHERE url = :url),
  (SELECT page_sha256 FROM fetches WHERE url = :url AND page_sha256 IS NOT NULL
   ORDER BY last_fetched_ms DESC, id DESC LIMIT 1))
)sql";

constexpr char kDuplicateByPage[] = R"sql(
SELECT url FROM articles WHERE page_sha256 = :sha256 AND url <> :url ORDER BY id LIMIT 1
)sql";

constexpr char kDuplicateByCanonical[] = R"sql(
SELECT url FROM articles WHERE url <> :url AND (canonical_key = :key OR url = :key)
ORDER BY id LIMIT 1
)sql";

constexpr char kSetCanonicalKey[] = "UPDATE articles SET canonical_key = :key WHERE url = :url";

// The URL's whole state, as the crawler computed it. A failure keeps the
// last stored page (and its validators, which the crawler carries over).
constexpr char kUpsertCrawlUrl[] = R"sql(
INSERT INTO crawl_urls (url, kind, origin, source, depth, discovered_ms, published_ms, next_due_ms,
                        revisit_ms, last_fetched_ms, last_run_id, http_status, error_code, error,
                        failures, final_url, etag, last_modified, content_hash, page_sha256,
                        duplicate_of)
VALUES (:url, :kind, :origin, :source, :depth, :discovered_ms, :published_ms, :next_due_ms,
        :revisit_ms, :last_fetched_ms, :last_run_id, :http_status, :error_code, :error,
        :failures, :final_url, :etag, :last_modified, :content_hash, :page_sha256,
        :duplicate_of)
ON CONFLICT (url) DO UPDATE SET
  kind = excluded.kind, origin = excluded.origin, source = excluded.source,
  depth = excluded.depth, discovered_ms = min(discovered_ms, excluded.discovered_ms),
  published_ms = coalesce(excluded.published_ms, published_ms),
  next_due_ms = excluded.next_due_ms, revisit_ms = excluded.revisit_ms,
  last_fetched_ms = excluded.last_fetched_ms, last_run_id = excluded.last_run_id,
  http_status = excluded.http_status, error_code = excluded.error_code, error = excluded.error,
  failures = excluded.failures, final_url = excluded.final_url, etag = excluded.etag,
  last_modified = excluded.last_modified,
  content_hash = coalesce(excluded.content_hash, content_hash),
  page_sha256 = coalesce(excluded.page_sha256, page_sha256),
  duplicate_of = excluded.duplicate_of
)sql";

// A URL a feed, sitemap or page listed: added when new; a known one becomes
// due no later than the listing says, unless this run already finished it.
constexpr char kDiscoverUrl[] = R"sql(
INSERT INTO crawl_urls (url, kind, origin, source, depth, discovered_ms, published_ms,
                        next_due_ms, revisit_ms)
VALUES (:url, :kind, :origin, :source, :depth, :discovered_ms, :published_ms,
        :next_due_ms, :revisit_ms)
ON CONFLICT (url) DO UPDATE SET
  published_ms = CASE WHEN excluded.published_ms IS NULL THEN published_ms
                      WHEN published_ms IS NULL THEN excluded.published_ms
                      ELSE max(published_ms, excluded.published_ms) END,
  next_due_ms = CASE WHEN last_run_id IS :run_id THEN next_due_ms
                     ELSE min(next_due_ms, excluded.next_due_ms) END
)sql";

constexpr char kUpsertTemplatePage[] = R"sql(
INSERT INTO site_template_pages (site, url, first_seen_ms, last_seen_ms, fingerprints)
VALUES (:site, :url, :seen_ms, :seen_ms, :fingerprints)
ON CONFLICT (site, url) DO UPDATE SET
  first_seen_ms = min(first_seen_ms, excluded.first_seen_ms),
  last_seen_ms = max(last_seen_ms, excluded.last_seen_ms),
  fingerprints = excluded.fingerprints
)sql";

constexpr char kTemplatePageFingerprints[] = R"sql(
SELECT fingerprints FROM site_template_pages WHERE site = :site AND url = :url
)sql";

// A fingerprint new to this page counts it; one the page showed before only
// moves the times.
constexpr char kCountTemplateBlock[] = R"sql(
INSERT INTO site_template_blocks (site, fingerprint, page_count, first_seen_ms, last_seen_ms)
VALUES (:site, :fingerprint, 1, :seen_ms, :seen_ms)
ON CONFLICT (site, fingerprint) DO UPDATE SET
  page_count = page_count + 1,
  first_seen_ms = min(first_seen_ms, excluded.first_seen_ms),
  last_seen_ms = max(last_seen_ms, excluded.last_seen_ms)
)sql";

constexpr char kTouchTemplateBlock[] = R"sql(
UPDATE site_template_blocks SET
  first_seen_ms = min(first_seen_ms, :seen_ms),
  last_seen_ms = max(last_seen_ms, :seen_ms)
WHERE site = :site AND fingerprint = :fingerprint
)sql";

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
        page_of_fetch(db, kPageOfFetch),
        last_page_of_url(db, kLastPageOfUrl),
        duplicate_by_page(db, kDuplicateByPage),
        duplicate_by_canonical(db, kDuplicateByCanonical),
        set_canonical_key(db, kSetCanonicalKey),
        upsert_crawl_url(db, kUpsertCrawlUrl),
        discover_url(db, kDiscoverUrl),
        upsert_template_page(db, kUpsertTemplatePage),
        template_page_fingerprints(db, kTemplatePageFingerprints),
        count_template_block(db, kCountTemplateBlock),
        touch_template_block(db, kTouchTemplateBlock) {}

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
  SQLite::Statement last_page_of_url;
  SQLite::Statement duplicate_by_page;
  SQLite::Statement duplicate_by_canonical;
  SQLite::Statement set_canonical_key;
  SQLite::Statement upsert_crawl_url;
  SQLite::Statement discover_url;
  SQLite::Statement upsert_template_page;
  SQLite::Statement template_page_fingerprints;
  SQLite::Statement count_template_block;
  SQLite::Statement touch_template_block;
};

// Binds 0 (the crawler's "unknown") as NULL.
void BindOptionalInt(SQLite::Statement& statement, const char* name, int64_t value) {
  if (value == 0) {
    statement.bind(name);
  } else {
    statement.bind(name, value);
  }
}

}  // namespace

struct Store::Impl {
  Impl(const std::string& path, const StoreOptions& options)
      : path(path),
        db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, options.busy_timeout_ms) {}

  // Writes the article of `url` and replaces its children. REQUIRES: inside a
  // write transaction. Throws SQLite::Exception.
  void WriteArticle(std::string_view url, std::string_view page_sha256, int64_t fetched_at_ms,
                    const Article& article, std::string_view extractor_version);

  // Stores a page body unless the same bytes are stored already.
  // REQUIRES: inside a write transaction. Throws SQLite::Exception.
  void WritePage(const EncodedBody& body, int64_t fetched_at_ms);

  // Records the outcome of fetching a URL (the fetches row); `sha256` is the
  // page it refers to, "" for none. REQUIRES: inside a write transaction.
  void WriteFetch(const FetchResult& result, const std::string& sha256);

  // Counts the blocks of page `url` of `site` (see RecordPageBlocks).
  // REQUIRES: inside a write transaction. Throws SQLite::Exception.
  void WritePageBlocks(const std::string& site, const std::string& url,
                       const std::vector<uint64_t>& fingerprints, int64_t seen_at_ms);

  std::string path;
  SQLite::Database db;  // Declared before statements: destroyed after them.
  int schema_version = 0;
  std::unique_ptr<Statements> statements;
  bool batch_open = false;  // Between BeginBatch and CommitBatch/RollbackBatch.
};

namespace {

// The writes of one save: a transaction of their own, or a savepoint inside
// the Store's open batch. Rolled back unless Commit is called.
class WriteScope {
 public:
  WriteScope(SQLite::Database& db, bool in_batch) : db_(db), in_batch_(in_batch) {
    db_.exec(in_batch_ ? "SAVEPOINT save_one" : "BEGIN IMMEDIATE");
  }
  WriteScope(const WriteScope&) = delete;
  WriteScope& operator=(const WriteScope&) = delete;
  ~WriteScope() {
    if (committed_) return;
    try {
      if (in_batch_) {
        db_.exec("ROLLBACK TO save_one");
        db_.exec("RELEASE save_one");
      } else {
        db_.exec("ROLLBACK");
      }
    } catch (const SQLite::Exception&) {
      // The connection is failing: nothing more to undo from here, and
      // SQLite rolls back what it must when the statement fails.
    }
  }
  void Commit() {
    db_.exec(in_batch_ ? "RELEASE save_one" : "COMMIT");
    committed_ = true;
  }

 private:
  SQLite::Database& db_;
  bool in_batch_;
  bool committed_ = false;
};

}  // namespace

void Store::Impl::WritePage(const EncodedBody& body, int64_t fetched_at_ms) {
  StatementUse insert(statements->insert_page);
  insert->bind(":sha256", body.sha256);
  insert->bind(":bytes", body.bytes.data(), static_cast<int>(body.bytes.size()));
  insert->bind(":encoding", std::string(BodyEncodingName(body.encoding)));
  insert->bind(":size", static_cast<int64_t>(body.size));
  insert->bind(":fetched_ms", fetched_at_ms);
  insert->exec();
}

void Store::Impl::WriteFetch(const FetchResult& result, const std::string& sha256) {
  const RawPage& page = result.page;
  StatementUse upsert(statements->upsert_fetch);
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
    // The days the claim is about, for queries by date; checks resolve the
    // same window with the same function.
    const std::optional<ClaimWindow> window =
        ResolveClaimWindow(fact.period, fact.sentence, article.published, fact.text);
    BindOptional(*insert, ":window_from", window ? window->from() : std::string());
    BindOptional(*insert, ":window_to", window ? window->to() : std::string());
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
    StatusOr<int> version = internal::PrepareConnection(impl->db, path);
    if (!version.ok()) return version.status();
    if (options.wal_autocheckpoint_pages > 0) {
      impl->db.execAndGet("PRAGMA wal_autocheckpoint = " +
                          std::to_string(options.wal_autocheckpoint_pages));
    }
    if (options.temporary_data_in_memory) impl->db.exec("PRAGMA temp_store = MEMORY");
    impl->schema_version = *version;
    impl->statements = std::make_unique<Statements>(impl->db);
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
  // Hash and compress before taking the write lock.
  const EncodedBody encoded = fetched ? EncodeBody(page.body) : EncodedBody{};
  const std::string& sha256 = encoded.sha256;

  return Guarded(context, impl_->path, [&]() -> StatusOr<std::string> {
    Statements& statements = *impl_->statements;
    SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    if (fetched) impl_->WritePage(encoded, page.fetched_at_ms);
    impl_->WriteFetch(result, sha256);
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

StatusOr<SavedOutcome> Store::SaveCrawlOutcome(
    const crawler::CrawlOutcome& outcome, const Article* article, std::string_view canonical_key,
    std::string_view extractor_version, const EncodedBody* known_body, const SiteBlocks* blocks) {
  const FetchResult& result = outcome.fetch;
  const RawPage& page = result.page;
  const std::string context = "save crawl outcome " + page.url;
  if (page.url.empty()) return Status::InvalidArgument("save crawl outcome: empty url");
  const bool not_modified = result.status.ok() && page.http_status == 304;
  const bool has_body = result.status.ok() && !not_modified;
  const size_t body_size = known_body != nullptr ? known_body->size : page.body.size();
  if (has_body && body_size > static_cast<size_t>(INT_MAX)) {
    return Status::ResourceExhausted(context + ": body of " + std::to_string(body_size) +
                                     " bytes is too large to store");
  }
  const Article* new_article = has_body ? article : nullptr;
  if (new_article != nullptr) {
    FACTSIFT_RETURN_IF_ERROR(ValidateArticle(*new_article).WithContext(context));
  }
  // Hashed and compressed here unless the caller did it already.
  const EncodedBody encoded_here =
      has_body && known_body == nullptr ? EncodeBody(page.body) : EncodedBody{};
  const EncodedBody* body = known_body != nullptr ? known_body : &encoded_here;
  const std::string body_sha256 = has_body ? body->sha256 : std::string();

  return Guarded(context, impl_->path, [&]() -> StatusOr<SavedOutcome> {
    Statements& statements = *impl_->statements;
    WriteScope transaction(impl_->db, impl_->batch_open);
    SavedOutcome saved;
    FetchResult recorded = result;
    if (has_body) {
      saved.page_sha256 = body_sha256;
      impl_->WritePage(*body, page.fetched_at_ms);
    } else if (not_modified) {
      StatementUse query(statements.last_page_of_url);
      query->bind(":url", page.url);
      if (query->executeStep() && !query->getColumn(0).isNull()) {
        saved.page_sha256 = query->getColumn(0).getString();
      } else {
        // Nothing stored to be "not modified": record it as the error it is.
        recorded.status = Status::FailedPrecondition("fetch " + page.url +
                                                     ": HTTP 304 for a page that is not stored");
      }
    }
    impl_->WriteFetch(recorded, saved.page_sha256);

    if (new_article != nullptr) {
      {
        StatementUse query(statements.duplicate_by_page);
        query->bind(":sha256", body_sha256);
        query->bind(":url", page.url);
        if (query->executeStep()) {
          saved.article = ArticleDisposition::kDuplicateContent;
          saved.duplicate_of = query->getColumn(0).getString();
        }
      }
      if (saved.article == ArticleDisposition::kNone && !canonical_key.empty() &&
          canonical_key != page.url) {
        StatementUse query(statements.duplicate_by_canonical);
        query->bind(":url", page.url);
        query->bind(":key", std::string(canonical_key));
        if (query->executeStep()) {
          saved.article = ArticleDisposition::kDuplicateCanonical;
          saved.duplicate_of = query->getColumn(0).getString();
        }
      }
      if (saved.article == ArticleDisposition::kNone) {
        int64_t first_fetched_ms = page.fetched_at_ms;
        {
          StatementUse query(statements.first_fetch_of_page);
          query->bind(":url", page.url);
          query->bind(":sha256", body_sha256);
          if (query->executeStep() && !query->getColumn(0).isNull()) {
            first_fetched_ms = query->getColumn(0).getInt64();
          }
        }
        impl_->WriteArticle(page.url, body_sha256, first_fetched_ms, *new_article,
                            extractor_version);
        StatementUse update(statements.set_canonical_key);
        BindOptional(*update, ":key", canonical_key);
        update->bind(":url", page.url);
        update->exec();
        if (blocks != nullptr && !blocks->site.empty()) {
          impl_->WritePageBlocks(blocks->site, page.url, blocks->fingerprints, page.fetched_at_ms);
        }
        saved.article = ArticleDisposition::kWritten;
      }
    }

    const crawler::UrlState& state = outcome.state;
    const auto bind_state = [](SQLite::Statement& statement, const crawler::UrlState& s) {
      statement.bind(":url", s.url);
      statement.bind(":kind", std::string(crawler::UrlKindName(s.kind)));
      const std::string_view origin = crawler::UrlOrigin(s.url);
      statement.bind(":origin", std::string(origin));
      statement.bind(":source", s.source);
      statement.bind(":depth", s.depth);
      statement.bind(":discovered_ms", s.discovered_ms);
      BindOptionalInt(statement, ":published_ms", s.published_ms);
      statement.bind(":next_due_ms", s.next_due_ms);
      statement.bind(":revisit_ms", s.revisit_ms);
    };
    if (!state.url.empty()) {
      StatementUse upsert(statements.upsert_crawl_url);
      bind_state(*upsert, state);
      BindOptionalInt(*upsert, ":last_fetched_ms", state.last_fetched_ms);
      BindOptionalInt(*upsert, ":last_run_id", state.last_run_id);
      upsert->bind(":http_status", state.http_status);
      upsert->bind(":error_code", static_cast<int>(recorded.status.code()));
      upsert->bind(":error", recorded.status.message());
      upsert->bind(":failures", state.failures);
      upsert->bind(":final_url", state.final_url);
      upsert->bind(":etag", state.etag);
      upsert->bind(":last_modified", state.last_modified);
      BindOptionalInt(*upsert, ":content_hash", static_cast<int64_t>(state.content_hash));
      BindOptional(*upsert, ":page_sha256", saved.page_sha256);
      BindOptional(*upsert, ":duplicate_of", saved.duplicate_of);
      upsert->exec();
    }
    for (const crawler::UrlState& found : outcome.discovered) {
      StatementUse insert(statements.discover_url);
      bind_state(*insert, found);
      BindOptionalInt(*insert, ":run_id", state.last_run_id);
      insert->exec();
    }
    transaction.Commit();
    return saved;
  });
}

Status Store::BeginBatch() {
  if (impl_->batch_open) return Status::FailedPrecondition("begin batch: a batch is open");
  return Guarded("begin batch", impl_->path, [&]() -> Status {
    impl_->db.exec("BEGIN IMMEDIATE");
    impl_->batch_open = true;
    return Status::Ok();
  });
}

Status Store::CommitBatch() {
  if (!impl_->batch_open) return Status::FailedPrecondition("commit batch: no batch is open");
  Status status = Guarded("commit batch", impl_->path, [&]() -> Status {
    impl_->db.exec("COMMIT");
    return Status::Ok();
  });
  // A failed COMMIT may leave the transaction open (SQLITE_BUSY) or rolled
  // back (I/O errors): either way the batch is over, and none of it stored.
  if (status.ok()) {
    impl_->batch_open = false;
  } else {
    RollbackBatch();
  }
  return status;
}

void Store::RollbackBatch() {
  if (!impl_->batch_open) return;
  impl_->batch_open = false;
  if (sqlite3_get_autocommit(impl_->db.getHandle()) != 0) return;  // Already rolled back.
  try {
    impl_->db.exec("ROLLBACK");
  } catch (const SQLite::Exception&) {
    // Nothing left to undo from here.
  }
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
      const SQLite::Column bytes = query->getColumn("bytes");
      StatusOr<std::string> body =
          DecodeBody(query->getColumn("encoding").getString(),
                     std::string_view(static_cast<const char*>(bytes.getBlob()), bytes.getBytes()),
                     static_cast<size_t>(query->getColumn("size").getInt64()));
      if (!body.ok()) {
        return body.status().WithContext("load page " + page.sha256 + " of " + page.url);
      }
      page.body = std::move(*body);
      page.fetched_at_ms = query->getColumn("first_fetched_ms").getInt64();
      return Status::Ok();
    }));
    if (found) FACTSIFT_RETURN_IF_ERROR(fn(page));
  }
  return Status::Ok();
}

namespace {

constexpr char kTemplatePageCount[] = "SELECT count(*) FROM site_template_pages WHERE site = :site";

constexpr char kTemplatePageRecorded[] =
    "SELECT count(*) FROM site_template_pages WHERE site = :site AND url = :url";

constexpr char kTemplateBlocks[] = R"sql(
SELECT fingerprint FROM site_template_blocks
WHERE site = :site AND page_count >= :min_count
)sql";

// Fingerprints are unsigned; SQLite integers signed: stored bit for bit.
int64_t StoredFingerprint(uint64_t fingerprint) { return static_cast<int64_t>(fingerprint); }
uint64_t LoadedFingerprint(int64_t stored) { return static_cast<uint64_t>(stored); }

// A page's fingerprints as stored in site_template_pages.fingerprints: 16
// lower-case hex digits each. Anything else there (a hand-edited row) reads
// as the fingerprints it does spell out.
std::vector<uint64_t> ParseFingerprints(std::string_view text) {
  std::vector<uint64_t> fingerprints;
  for (size_t at = 0; at + 16 <= text.size(); at += 16) {
    uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data() + at, text.data() + at + 16, value, 16);
    if (error == std::errc() && end == text.data() + at + 16) fingerprints.push_back(value);
  }
  std::sort(fingerprints.begin(), fingerprints.end());
  fingerprints.erase(std::unique(fingerprints.begin(), fingerprints.end()), fingerprints.end());
  return fingerprints;
}

std::string FormatFingerprints(const std::vector<uint64_t>& fingerprints) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text(fingerprints.size() * 16, '0');
  for (size_t i = 0; i < fingerprints.size(); ++i) {
    uint64_t value = fingerprints[i];
    for (int digit = 15; digit >= 0; --digit, value >>= 4) text[i * 16 + digit] = kHex[value & 0xf];
  }
  return text;
}

}  // namespace

void Store::Impl::WritePageBlocks(const std::string& site, const std::string& url,
                                  const std::vector<uint64_t>& fingerprints, int64_t seen_at_ms) {
  std::vector<uint64_t> distinct = fingerprints;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  // What this URL showed before, counted then.
  std::vector<uint64_t> counted;
  {
    StatementUse query(statements->template_page_fingerprints);
    query->bind(":site", site);
    query->bind(":url", url);
    if (query->executeStep()) counted = ParseFingerprints(query->getColumn(0).getString());
  }
  std::vector<uint64_t> all;
  std::set_union(counted.begin(), counted.end(), distinct.begin(), distinct.end(),
                 std::back_inserter(all));
  {
    StatementUse page(statements->upsert_template_page);
    page->bind(":site", site);
    page->bind(":url", url);
    page->bind(":seen_ms", seen_at_ms);
    page->bind(":fingerprints", FormatFingerprints(all));
    page->exec();
  }
  // A fingerprint new to this URL counts it; one it showed before only
  // moves the times.
  for (const uint64_t fingerprint : distinct) {
    const bool new_to_page = !std::binary_search(counted.begin(), counted.end(), fingerprint);
    StatementUse update(new_to_page ? statements->count_template_block
                                    : statements->touch_template_block);
    update->bind(":site", site);
    update->bind(":fingerprint", StoredFingerprint(fingerprint));
    update->bind(":seen_ms", seen_at_ms);
    update->exec();
  }
}

Status Store::RecordPageBlocks(std::string_view site, std::string_view url,
                               const std::vector<uint64_t>& fingerprints, int64_t seen_at_ms) {
  if (site.empty() || url.empty()) {
    return Status::InvalidArgument("record page blocks: empty site or url");
  }
  return Guarded("record page blocks " + std::string(url), impl_->path, [&]() -> Status {
    SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    impl_->WritePageBlocks(std::string(site), std::string(url), fingerprints, seen_at_ms);
    transaction.commit();
    return Status::Ok();
  });
}

StatusOr<bool> Store::PageBlocksRecorded(std::string_view site, std::string_view url) {
  return Guarded("check page blocks " + std::string(url), impl_->path, [&]() -> StatusOr<bool> {
    SQLite::Statement query(impl_->db, kTemplatePageRecorded);
    query.bind(":site", std::string(site));
    query.bind(":url", std::string(url));
    query.executeStep();
    return query.getColumn(0).getInt64() > 0;
  });
}

StatusOr<std::vector<uint64_t>> Store::LoadSiteTemplate(std::string_view site, int min_pages,
                                                        double min_fraction) {
  return Guarded(
      "load site template " + std::string(site), impl_->path,
      [&]() -> StatusOr<std::vector<uint64_t>> {
        SQLite::Statement pages(impl_->db, kTemplatePageCount);
        pages.bind(":site", std::string(site));
        pages.executeStep();
        const int64_t site_pages = pages.getColumn(0).getInt64();
        // The smallest count that meets both thresholds, as
        // extract::IsTemplateBlock decides.
        int64_t min_count = std::max(1, min_pages);
        if (min_fraction > 0) {
          const double share = min_fraction * static_cast<double>(site_pages);
          min_count = std::max<int64_t>(min_count, static_cast<int64_t>(std::ceil(share)));
        }
        std::vector<uint64_t> fingerprints;
        SQLite::Statement query(impl_->db, kTemplateBlocks);
        query.bind(":site", std::string(site));
        query.bind(":min_count", min_count);
        while (query.executeStep()) {
          fingerprints.push_back(LoadedFingerprint(query.getColumn(0).getInt64()));
        }
        std::sort(fingerprints.begin(), fingerprints.end());  // Unsigned order, not SQLite's.
        return fingerprints;
      });
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
      summary.candles = counts.getColumn(7).getInt64();
      summary.checks = counts.getColumn(8).getInt64();
    }
    SQLite::Statement by_kind(db, kFactsByKind);
    while (by_kind.executeStep()) {
      summary.facts_by_kind[by_kind.getColumn(0).getString()] = by_kind.getColumn(1).getInt64();
    }
    SQLite::Statement series(db, kCandleSeries);
    while (series.executeStep()) {
      summary.candle_series.push_back({.asset = series.getColumn(0).getString(),
                                       .quote = series.getColumn(1).getString(),
                                       .source = series.getColumn(2).getString(),
                                       .interval = series.getColumn(3).getString(),
                                       .candles = series.getColumn(4).getInt64(),
                                       .first_day = series.getColumn(5).getString(),
                                       .last_day = series.getColumn(6).getString()});
    }
    SQLite::Statement by_verdict(db, kChecksByVerdict);
    while (by_verdict.executeStep()) {
      summary.checks_by_verdict[by_verdict.getColumn(0).getString()] =
          by_verdict.getColumn(1).getInt64();
    }
    transaction.commit();
    return summary;
  });
}

}  // namespace factsift::schema

namespace factsift::schema {
namespace {

constexpr char kSelectCandleByKey[] = R"sql(
SELECT open, high, low, close, volume FROM market_candles
WHERE asset = :asset AND quote = :quote AND source = :source AND open_time_ms = :open_time_ms
  AND interval = :interval
)sql";

constexpr char kUpsertCandle[] = R"sql(
INSERT INTO market_candles (asset, quote, source, interval, open_time_ms, day, open, high, low,
                            close, volume)
VALUES (:asset, :quote, :source, :interval, :open_time_ms, :day, :open, :high, :low, :close,
        :volume)
ON CONFLICT (asset, quote, source, open_time_ms, interval) DO UPDATE SET
  open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
  volume = excluded.volume
)sql";

constexpr char kSelectCandles[] = R"sql(
SELECT asset, quote, source, interval, open_time_ms, open, high, low, close, volume
FROM market_candles
WHERE asset = :asset AND open_time_ms >= :from_ms AND open_time_ms < :to_ms
ORDER BY open_time_ms, quote, source
)sql";

constexpr char kArticleExists[] = "SELECT count(*) FROM articles WHERE id = :id";
constexpr char kDeleteChecks[] = "DELETE FROM checks WHERE article_id = :article_id";

constexpr char kInsertCheck[] = R"sql(
INSERT INTO checks (article_id, ordinal, fact_id, rule, verdict, expected, observed, delta,
                    window_from, window_to, window_source, about, created_ms)
VALUES (:article_id, :ordinal,
        (SELECT id FROM facts WHERE article_id = :article_id AND ordinal = :fact_ordinal),
        :rule, :verdict, :expected, :observed, :delta, :window_from, :window_to,
        :window_source, :about, :created_ms)
)sql";

constexpr char kSelectChecks[] = R"sql(
SELECT c.id, c.article_id, f.ordinal AS fact_ordinal, c.rule, c.verdict, c.expected, c.observed,
       c.delta, c.window_from, c.window_to, c.window_source, c.about
FROM checks AS c LEFT JOIN facts AS f ON f.id = c.fact_id
WHERE :article_id = 0 OR c.article_id = :article_id
ORDER BY c.article_id, c.ordinal
)sql";

Status ValidateCandle(const Candle& candle, size_t index) {
  const std::string where = "candle " + std::to_string(index) + " (" + candle.asset + " at " +
                            FormatIsoUtc(candle.open_time_ms) + ")";
  if (candle.asset.empty() || candle.quote.empty() || candle.source.empty() ||
      candle.interval.empty()) {
    return Status::InvalidArgument(where + ": asset, quote, source and interval are required");
  }
  auto nan = [](const std::optional<double>& value) {
    return value.has_value() && !std::isfinite(*value);
  };
  if (!std::isfinite(candle.high) || !std::isfinite(candle.low) || nan(candle.open) ||
      nan(candle.close) || nan(candle.volume)) {
    return Status::InvalidArgument(where + ": a value is not a finite number");
  }
  if (candle.low > candle.high) return Status::InvalidArgument(where + ": low above high");
  return Status::Ok();
}

std::string DayOfMs(int64_t ms) {
  int64_t days = ms / 86400000;
  if (ms % 86400000 < 0) --days;
  return FormatDay(days);
}

}  // namespace

StatusOr<CandleCounts> Store::SaveCandles(const std::vector<Candle>& candles) {
  for (size_t i = 0; i < candles.size(); ++i) {
    FACTSIFT_RETURN_IF_ERROR(ValidateCandle(candles[i], i));
  }
  return Guarded("save candles", impl_->path, [&]() -> StatusOr<CandleCounts> {
    SQLite::Database& db = impl_->db;
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement select(db, kSelectCandleByKey);
    SQLite::Statement upsert(db, kUpsertCandle);
    CandleCounts counts;
    for (const Candle& candle : candles) {
      select.reset();
      select.clearBindings();
      select.bind(":asset", candle.asset);
      select.bind(":quote", candle.quote);
      select.bind(":source", candle.source);
      select.bind(":open_time_ms", candle.open_time_ms);
      select.bind(":interval", candle.interval);
      if (select.executeStep()) {
        const bool same = OptionalDoubleOf(select.getColumn(0)) == candle.open &&
                          select.getColumn(1).getDouble() == candle.high &&
                          select.getColumn(2).getDouble() == candle.low &&
                          OptionalDoubleOf(select.getColumn(3)) == candle.close &&
                          OptionalDoubleOf(select.getColumn(4)) == candle.volume;
        select.reset();
        if (same) {
          ++counts.unchanged;
          continue;
        }
        ++counts.changed;
      } else {
        ++counts.added;
      }
      upsert.reset();
      upsert.clearBindings();
      upsert.bind(":asset", candle.asset);
      upsert.bind(":quote", candle.quote);
      upsert.bind(":source", candle.source);
      upsert.bind(":interval", candle.interval);
      upsert.bind(":open_time_ms", candle.open_time_ms);
      upsert.bind(":day", DayOfMs(candle.open_time_ms));
      BindOptional(upsert, ":open", candle.open);
      upsert.bind(":high", candle.high);
      upsert.bind(":low", candle.low);
      BindOptional(upsert, ":close", candle.close);
      BindOptional(upsert, ":volume", candle.volume);
      upsert.exec();
    }
    transaction.commit();
    return counts;
  });
}

StatusOr<std::vector<Candle>> Store::LoadCandles(std::string_view asset, int64_t from_ms,
                                                 int64_t to_ms) {
  return Guarded("load candles", impl_->path, [&]() -> StatusOr<std::vector<Candle>> {
    SQLite::Statement query(impl_->db, kSelectCandles);
    query.bind(":asset", std::string(asset));
    query.bind(":from_ms", from_ms);
    query.bind(":to_ms", to_ms);
    std::vector<Candle> candles;
    while (query.executeStep()) {
      Candle& c = candles.emplace_back();
      c.asset = query.getColumn("asset").getString();
      c.quote = query.getColumn("quote").getString();
      c.source = query.getColumn("source").getString();
      c.interval = query.getColumn("interval").getString();
      c.open_time_ms = query.getColumn("open_time_ms").getInt64();
      c.open = OptionalDoubleOf(query.getColumn("open"));
      c.high = query.getColumn("high").getDouble();
      c.low = query.getColumn("low").getDouble();
      c.close = OptionalDoubleOf(query.getColumn("close"));
      c.volume = OptionalDoubleOf(query.getColumn("volume"));
    }
    return candles;
  });
}

Status Store::ReplaceChecks(int64_t article_id, const std::vector<CheckRow>& rows) {
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].delta.has_value() && !std::isfinite(*rows[i].delta)) {
      return Status::InvalidArgument("check " + std::to_string(i) + " (" + rows[i].rule +
                                     "): delta is not a finite number");
    }
  }
  return Guarded("save checks", impl_->path, [&]() -> Status {
    SQLite::Database& db = impl_->db;
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement exists(db, kArticleExists);
    exists.bind(":id", article_id);
    if (!exists.executeStep() || exists.getColumn(0).getInt64() == 0) {
      return Status::NotFound("no article with id " + std::to_string(article_id));
    }
    SQLite::Statement remove(db, kDeleteChecks);
    remove.bind(":article_id", article_id);
    remove.exec();
    SQLite::Statement insert(db, kInsertCheck);
    const int64_t now = NowMs();
    for (size_t i = 0; i < rows.size(); ++i) {
      const CheckRow& row = rows[i];
      insert.reset();
      insert.clearBindings();
      insert.bind(":article_id", article_id);
      insert.bind(":ordinal", static_cast<int64_t>(i));
      insert.bind(":fact_ordinal", static_cast<int64_t>(row.fact_index));
      insert.bind(":rule", row.rule);
      insert.bind(":verdict", std::string(VerdictName(row.verdict)));
      BindOptional(insert, ":expected", row.expected);
      BindOptional(insert, ":observed", row.observed);
      BindOptional(insert, ":delta", row.delta);
      BindOptional(insert, ":window_from", row.window_from);
      BindOptional(insert, ":window_to", row.window_to);
      BindOptional(insert, ":window_source", row.window_source);
      insert.bind(":about", row.about);
      insert.bind(":created_ms", now);
      insert.exec();
    }
    transaction.commit();
    return Status::Ok();
  });
}

StatusOr<std::vector<StoredCheck>> Store::LoadChecks(int64_t article_id) {
  return Guarded("load checks", impl_->path, [&]() -> StatusOr<std::vector<StoredCheck>> {
    SQLite::Statement query(impl_->db, kSelectChecks);
    query.bind(":article_id", article_id);
    std::vector<StoredCheck> checks;
    while (query.executeStep()) {
      StoredCheck& stored = checks.emplace_back();
      stored.article_id = query.getColumn("article_id").getInt64();
      CheckRow& row = stored.row;
      const SQLite::Column ordinal = query.getColumn("fact_ordinal");
      row.fact_index = ordinal.isNull() ? -1 : ordinal.getInt();
      row.rule = query.getColumn("rule").getString();
      FACTSIFT_RETURN_IF_ERROR(
          ParseStored(&ParseVerdict, query, "verdict", "checks", &row.verdict));
      row.expected = TextOf(query.getColumn("expected"));
      row.observed = TextOf(query.getColumn("observed"));
      row.delta = OptionalDoubleOf(query.getColumn("delta"));
      row.window_from = TextOf(query.getColumn("window_from"));
      row.window_to = TextOf(query.getColumn("window_to"));
      row.window_source = TextOf(query.getColumn("window_source"));
      row.about = TextOf(query.getColumn("about"));
    }
    return checks;
  });
}

}  // namespace factsift::schema
