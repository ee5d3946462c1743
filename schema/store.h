// Store: the SQLite database of fetched pages and the articles and facts
// extracted from them. Schema: schema/migrations/*.sql (see migrations.h).
//
// Usage, for a crawl that extracts as it goes (kV: the extractor version,
// FACTSIFT_EXTRACTOR_VERSION):
//
//   StatusOr<std::unique_ptr<Store>> store = Store::Open("factsift.db");
//   if (!store.ok()) return store.status();
//   // For each FetchResult from the crawler:
//   const std::string sha = result.status.ok() ? Sha256Hex(result.page.body) : "";
//   StatusOr<bool> current = (*store)->ArticleIsCurrent(result.page.url, sha, kV);
//   ...extract when the fetch succeeded and !*current, then:
//   StatusOr<std::string> saved = (*store)->SaveFetch(result, extracted_or_null, kV);
//
// and to re-run a newer extractor over what is stored:
//
//   (*store)->ForEachLatestPage([&](const StoredPage& page) {
//     Article article = ...extract page.body...;
//     return (*store)->ReplaceArticle(page.url, page.sha256, page.fetched_at_ms, article, kV);
//   });
#ifndef FACTSIFT_SCHEMA_STORE_H_
#define FACTSIFT_SCHEMA_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"
#include "common/market.h"
#include "common/raw_page.h"
#include "common/status.h"
#include "crawler/crawl_state.h"
#include "schema/page_codec.h"

namespace factsift::schema {

// SHA-256 of `bytes` as 64 lower-case hex digits: the key of a stored page.
std::string Sha256Hex(std::string_view bytes);

struct StoreOptions {
  // How long a statement waits for another connection's lock before failing
  // with Unavailable. Longer rides out a concurrent writer; shorter fails fast.
  int busy_timeout_ms = 5000;
  // WAL pages after which a commit checkpoints the WAL into the database
  // (each checkpoint syncs both files); 0 keeps SQLite's default (1000, about
  // 4 MB). A bulk writer (the crawl) sets more, so that it pays for a sync
  // every few tens of megabytes rather than every few pages.
  int wal_autocheckpoint_pages = 0;
  // Keeps SQLite's temporary data in memory (PRAGMA temp_store = MEMORY):
  // above all the journal of each savepoint inside a batch, which otherwise
  // goes to a temporary file page by page once past 64 KiB and cost the crawl
  // more write calls than the database and its WAL together. Also sorts and
  // temporary indexes, so meant for a writer of many small saves (the crawl),
  // not for queries that sort the whole database.
  bool temporary_data_in_memory = false;
};

// An article as stored, with where it came from.
struct StoredArticle {
  int64_t id = 0;                 // Stable across re-extraction of the same url.
  std::string url;                // As requested (the key); article.url is as extracted.
  int64_t fetched_at_ms = 0;      // First time these bytes were fetched from url.
  std::string page_sha256;        // The page it was extracted from.
  std::string extractor_version;  // The extractor that produced it.
  Article article;
};

// A stored page body with the fetch that produced it.
struct StoredPage {
  std::string url;           // As requested.
  std::string final_url;     // After redirects.
  std::string content_type;  // Content-Type header as sent.
  std::string sha256;        // Sha256Hex(body).
  int http_status = 0;
  int64_t fetched_at_ms = 0;  // First time these bytes were fetched from url: what extraction saw.
  std::string body;           // Exactly as fetched.
};

// What SaveCrawlOutcome did with the article it was given.
enum class ArticleDisposition {
  kNone,                // No article given (failure, 304, unchanged, not extractable).
  kWritten,             // Stored as the article of the outcome's URL.
  kDuplicateContent,    // Not stored: another URL's article has the same page bytes.
  kDuplicateCanonical,  // Not stored: another URL's article has the same canonical URL.
};

struct SavedOutcome {
  std::string page_sha256;  // The page the fetch refers to ("" for a failure).
  ArticleDisposition article = ArticleDisposition::kNone;
  std::string duplicate_of;  // The other article's URL for the kDuplicate* dispositions.
};

// The block fingerprints of an extracted page (extract::PageBlocks), for its
// site's template.
struct SiteBlocks {
  std::string site;  // The page's site: crawler::UrlOrigin of its final URL.
  std::vector<uint64_t> fingerprints;
};

// Row counts. fetches counts distinct outcomes (a repeated identical fetch is
// one row); failed_fetches is the part of fetches with an error.
// Stored market candles of one asset, quote, source and interval.
struct CandleSeries {
  std::string asset, quote, source, interval;
  int64_t candles = 0;
  std::string first_day, last_day;  // 'YYYY-MM-DD' (UTC) of the first and last open time.

  bool operator==(const CandleSeries&) const = default;
};

struct StoreSummary {
  int64_t pages = 0, fetches = 0, failed_fetches = 0, articles = 0, facts = 0, citations = 0,
          snapshot_items = 0, candles = 0, checks = 0;
  std::map<std::string, int64_t> facts_by_kind;  // KindName -> count; kinds without facts absent.
  std::vector<CandleSeries> candle_series;       // By asset, quote, source, interval.
  std::map<std::string, int64_t> checks_by_verdict;  // VerdictName -> count; absent when none.
};

// What SaveCandles did: new candles, stored ones with new values, and
// stored ones given again with the same values.
struct CandleCounts {
  int64_t added = 0, changed = 0, unchanged = 0;
};

struct StoredCheck {
  int64_t article_id = 0;
  CheckRow row;
};

// One connection to a factsift database. Every method returns errors as
// Status, never by exception: Unavailable when another connection holds a lock
// past busy_timeout_ms, ResourceExhausted when the disk is full, DataLoss when
// the file is corrupt, FailedPrecondition when it is read-only.
//
// Not thread-safe: use one Store per thread (connections are cheap, and WAL
// lets readers run beside one writer, also across processes).
class Store {
 public:
  // Opens or creates the database at `path` (":memory:" for a private,
  // temporary one) and applies every migration it lacks, each in its own
  // transaction. Errors: FailedPrecondition for a path that cannot be opened
  // or written (missing directory, a directory, read-only file) or a database
  // whose schema is newer than this binary; DataLoss for a file that is not a
  // database.
  static StatusOr<std::unique_ptr<Store>> Open(const std::string& path,
                                               const StoreOptions& options = {});

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store();

  // The schema version after migration (LatestSchemaVersion()).
  int schema_version() const;
  // The path given to Open.
  const std::string& path() const;

  // True when the article stored for `url` was extracted from the page with
  // this sha256 by this extractor version: the caller can skip extraction.
  // False also when there is no article for `url`.
  StatusOr<bool> ArticleIsCurrent(std::string_view url, std::string_view page_sha256,
                                  std::string_view extractor_version);

  // Records one fetch, in one transaction:
  // - when result.status is ok, stores result.page.body unless a page with the
  //   same bytes is stored already;
  // - records the outcome in fetches. An outcome is (url, http_status, page,
  //   error message): repeating a known one updates its last fetch time and
  //   count instead of adding a row, so a repeated crawl adds nothing, while a
  //   changed page or a new error adds a row;
  // - when result.status is ok and `article` is not null, writes `article` as
  //   the article of result.page.url, replacing its previous facts, citations
  //   and snapshot items (the article keeps its id). Its fetched_at_ms is the
  //   first time these bytes were fetched from that url.
  // A failed fetch stores no page and leaves the url's article alone
  // (`article` is ignored). Returns the page's sha256, or "" for a failed fetch.
  // Errors: InvalidArgument for an empty url or a NaN in the article.
  StatusOr<std::string> SaveFetch(const FetchResult& result, const Article* article,
                                  std::string_view extractor_version);

  // Records one crawl outcome (crawler/crawl_state.h) in one transaction, so
  // that a crawl killed at any moment leaves each URL either wholly recorded
  // or still due:
  // - the fetch as SaveFetch records it, except that a 304 refers to the page
  //   it validated (the URL's last stored page) instead of an empty one;
  // - `article` when given and the fetch returned a body: written as the
  //   URL's article unless another URL's article has the same page bytes or
  //   the same `canonical_key` (the article's rel=canonical, canonicalised;
  //   "" for none), which makes it a duplicate (first come, first kept);
  // - the URL's new crawl state, and the URLs the outcome discovered (new
  //   ones added to the frontier; known ones made due no later than they say,
  //   unless this run already finished them).
  // - when the article is written and `blocks` is given, the page's blocks,
  //   counted for its site's template as RecordPageBlocks does (a duplicate
  //   counts nothing: it would count one page twice).
  // Errors as for SaveFetch.
  // `body`, when given, is EncodeBody of the fetched body, already computed
  // (by another thread), and the outcome's page.body is not read: the caller
  // may have released it. Else it is computed here.
  StatusOr<SavedOutcome> SaveCrawlOutcome(const crawler::CrawlOutcome& outcome,
                                          const Article* article, std::string_view canonical_key,
                                          std::string_view extractor_version,
                                          const EncodedBody* body = nullptr,
                                          const SiteBlocks* blocks = nullptr);

  // Groups the SaveCrawlOutcome calls that follow into one transaction, up
  // to CommitBatch: a bulk writer (the crawl) then pays for one commit, and
  // rewrites the b-tree pages its saves share once, per batch instead of per
  // page. Each save inside stays all or nothing (a savepoint); a batch that
  // is not committed (a kill, RollbackBatch, the Store destroyed) leaves none
  // of its saves. Errors: FailedPrecondition when a batch is open already
  // (BeginBatch) or none is (CommitBatch); Unavailable when another
  // connection holds the write lock past the busy timeout.
  Status BeginBatch();
  Status CommitBatch();
  // Undoes the open batch, if any.
  void RollbackBatch();

  // Replaces (or creates) the article of `url` as extracted from the stored
  // page `page_sha256` first fetched at `fetched_at_ms`, in one transaction,
  // as SaveFetch does (for `factsift reextract`). Errors: NotFound when no
  // such page is stored; InvalidArgument as for SaveFetch.
  Status ReplaceArticle(std::string_view url, std::string_view page_sha256, int64_t fetched_at_ms,
                        const Article& article, std::string_view extractor_version);

  // Calls `fn` for each url's most recent successful page (that of the
  // successful fetch with the highest last fetch time), in url order. URLs
  // the crawler fetched as feeds or sitemaps are skipped: they are listings,
  // not pages to extract. Stops at
  // and returns the first error `fn` returns. `fn` may call this Store,
  // including writes: no statement or transaction is open during the call.
  Status ForEachLatestPage(const std::function<Status(const StoredPage&)>& fn);

  // All articles, ordered by url, each with its facts, citations and snapshot
  // items in their original order. DataLoss for a row this binary cannot read
  // (e.g. an unknown fact kind).
  StatusOr<std::vector<StoredArticle>> LoadArticles();

  StatusOr<StoreSummary> Summary();

  // Site templates (docs/extraction.md, "Site templates"): on how many
  // distinct pages of a site (a URL origin, crawler::UrlOrigin) each block
  // fingerprint (extract::PageBlocks) stood.

  // Records that page `url` of `site`, fetched at `seen_at_ms`, showed the
  // blocks `fingerprints`, in one transaction. A fingerprint counts once per
  // distinct url: recording a url again (a re-fetch, a re-extraction) counts
  // only the fingerprints it did not show before, and moves the first and
  // last seen times. InvalidArgument for an empty site or url.
  Status RecordPageBlocks(std::string_view site, std::string_view url,
                          const std::vector<uint64_t>& fingerprints, int64_t seen_at_ms);

  // True when RecordPageBlocks has recorded `url` of `site`.
  StatusOr<bool> PageBlocksRecorded(std::string_view site, std::string_view url);

  // The template of `site`: the fingerprints that stood on at least
  // `min_pages` distinct pages and on at least `min_fraction` of the site's
  // recorded pages (extract::TemplateOptions), sorted. Empty for a site
  // never recorded.
  StatusOr<std::vector<uint64_t>> LoadSiteTemplate(std::string_view site, int min_pages,
                                                   double min_fraction);

  // Market data (check/).

  // Stores `candles` in one transaction: a candle whose key (asset, quote,
  // source, open time, interval) is stored already replaces its values, so
  // importing a file twice changes nothing. All or nothing: on error no
  // candle is stored. Errors: InvalidArgument for a candle with an empty key
  // field, a NaN or low > high (naming its index).
  StatusOr<CandleCounts> SaveCandles(const std::vector<Candle>& candles);

  // The candles of `asset` (every quote and source) whose open time lies in
  // [from_ms, to_ms), ordered by open time.
  StatusOr<std::vector<Candle>> LoadCandles(std::string_view asset, int64_t from_ms, int64_t to_ms);

  // Replaces the checks of article `article_id` with `rows` in one
  // transaction (rows' fact_index refers to the article's facts in order).
  // Errors: NotFound for an unknown article.
  Status ReplaceChecks(int64_t article_id, const std::vector<CheckRow>& rows);

  // The stored checks of one article (every article when article_id is 0),
  // by article and then in their order. The rows' fact is not filled in:
  // fact_index says which of the article's facts it is.
  StatusOr<std::vector<StoredCheck>> LoadChecks(int64_t article_id = 0);

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

}  // namespace factsift::schema

#endif  // FACTSIFT_SCHEMA_STORE_H_
