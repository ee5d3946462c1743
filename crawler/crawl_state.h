// What the crawler keeps between runs, and the two interfaces through which it
// reads and hands on that state. The crawler knows no SQL: schema/ implements
// CrawlState over SQLite (schema/crawl_state_store.h), MemoryCrawlState keeps
// it in memory for tests and one-off fetches.
//
// One run, as the crawler drives it:
//
//   RunInfo run = state.BeginRun(now);          // or resumes an interrupted run
//   state.Lookup(seeds); state.LoadDue(now);    // what to fetch
//   state.LoadRobots(origin) / SaveRobots(...)  // robots.txt cache per origin
//   sink.Accept(outcome) ...                    // one per URL finished: the page,
//                                               // its new state, what it listed
//   sink.Flush(); state.FinishRun(run.id, now); // only once all is stored
//
// Because a URL's outcome (page, validators, next due time, the URLs a feed
// listed) travels as one CrawlOutcome, a sink can store it in one transaction:
// a run killed at any moment leaves each URL either done or still due.
#ifndef FACTSIFT_CRAWLER_CRAWL_STATE_H_
#define FACTSIFT_CRAWLER_CRAWL_STATE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/raw_page.h"
#include "common/status.h"

namespace factsift::crawler {

// What a URL is fetched for. Persisted by name (UrlKindName): the names are
// the contract.
enum class UrlKind {
  kPage,     // An article or other page: stored and extracted.
  kFeed,     // RSS or Atom: stored, read for article URLs.
  kSitemap,  // XML sitemap or sitemap index: stored, read for URLs.
};
std::string_view UrlKindName(UrlKind kind);  // "page", "feed", "sitemap".
std::optional<UrlKind> ParseUrlKind(std::string_view name);

// Where a frontier URL came from.
inline constexpr std::string_view kSourceSeed = "seed";  // Named by the operator.

// Everything the crawler knows about one URL. Times are Unix ms, UTC; 0 means
// unknown or never.
struct UrlState {
  std::string url;  // Canonical (crawler/url.h); the key.
  UrlKind kind = UrlKind::kPage;
  std::string source;         // kSourceSeed, or the URL of the feed/sitemap/page that listed it.
  int depth = 0;              // Link hops from a seed page (--follow-links).
  int64_t discovered_ms = 0;  // First seen.
  int64_t published_ms = 0;   // Date its listing gave (news:publication_date, pubDate, lastmod).
  int64_t next_due_ms = 0;    // Fetch again from then on.
  int64_t revisit_ms = 0;     // Current revisit interval (grows while the page stays unchanged).
  int64_t last_fetched_ms = 0;
  int64_t last_run_id = 0;          // Run of the last outcome; 0 never fetched.
  int http_status = 0;              // Of the last final response; 0 none.
  int error_code = 0;               // StatusCode of the last outcome; 0 success.
  std::string error;                // Its message; "" on success.
  int failures = 0;                 // Consecutive failed runs.
  std::string final_url;            // After redirects, last time.
  std::string etag, last_modified;  // Validators of the last 200, for conditional requests.
  uint64_t content_hash = 0;        // Crawler's hash of the last body (revisit pacing); 0 none.

  bool operator==(const UrlState&) const = default;
};

// A cached robots.txt, per origin ("https://news.example"). RFC 9309 2.4.
struct RobotsEntry {
  std::string origin;
  int http_status = 0;  // Of the response whose rules are kept; 0 unreachable.
  std::string body;     // The robots.txt as fetched (at most kMaxRobotsBytes).
  std::string etag, last_modified;
  int64_t fetched_ms = 0;  // Last fetched or revalidated (304).
  int64_t expires_ms = 0;  // Used without asking the server until then.
  std::string error;       // Why it is unreachable; "" otherwise.

  bool operator==(const RobotsEntry&) const = default;
};

struct RunInfo {
  int64_t id = 0;
  int64_t started_ms = 0;
  bool resumed = false;  // Continues a run that was interrupted (killed).
};

// Everything a run learned about one URL it finished: stored as one unit.
struct CrawlOutcome {
  // The final response, after redirects and retries, or the error. page.url is
  // the canonical URL of the frontier entry (state.url), page.final_url where
  // the redirects ended. A 304 has an empty body: the stored page stands.
  FetchResult fetch;
  UrlState state;  // The URL's new state, to replace the stored one.
  // URLs this document listed that the run schedules (new, or due again
  // because the listing says they changed): to add to the frontier. Their
  // own outcomes come later.
  std::vector<UrlState> discovered;
  int attempts = 0;  // Requests made for this outcome (retries, redirects).
  // The body differs from the one fetched last time (by ContentHash), or
  // there was none: a sink can skip looking for a current extraction.
  bool content_changed = true;
};

// Reads and caches the crawl's persistent state. Used from the crawler's
// thread only; implementations need not be thread-safe.
class CrawlState {
 public:
  virtual ~CrawlState() = default;

  // Starts a run at `now_ms`, or resumes the last one when it never finished
  // (the process was killed): same id, resumed = true.
  virtual StatusOr<RunInfo> BeginRun(int64_t now_ms) = 0;
  // Marks the run finished. REQUIRES: every outcome of the run is stored.
  virtual Status FinishRun(int64_t run_id, int64_t now_ms) = 0;

  // Frontier URLs with next_due_ms <= now_ms, soonest first, at most `limit`.
  virtual StatusOr<std::vector<UrlState>> LoadDue(int64_t now_ms, size_t limit) = 0;
  // The stored state of each URL (nullopt for unknown ones), in order.
  virtual StatusOr<std::vector<std::optional<UrlState>>> Lookup(
      const std::vector<std::string>& urls) = 0;

  virtual StatusOr<std::optional<RobotsEntry>> LoadRobots(std::string_view origin) = 0;
  virtual Status SaveRobots(const RobotsEntry& entry) = 0;
};

// Receives one CrawlOutcome per URL the crawler finished, from the crawler's
// thread. Implementations may process outcomes asynchronously (extract on
// workers, store on a writer thread) as long as Flush waits for them.
class CrawlSink {
 public:
  virtual ~CrawlSink() = default;
  // Returns an error only when the crawl should stop (the database is
  // unwritable); a bad page is the sink's to record, not to fail on.
  virtual Status Accept(CrawlOutcome outcome) = 0;
  // Returns once every accepted outcome is stored; the first error otherwise.
  virtual Status Flush() { return Status::Ok(); }
};

// CrawlState in memory: for tests and for FetchAll, which keeps nothing.
// Records every outcome it is given through Apply (a CrawlSink can forward).
class MemoryCrawlState : public CrawlState {
 public:
  StatusOr<RunInfo> BeginRun(int64_t now_ms) override;
  Status FinishRun(int64_t run_id, int64_t now_ms) override;
  StatusOr<std::vector<UrlState>> LoadDue(int64_t now_ms, size_t limit) override;
  StatusOr<std::vector<std::optional<UrlState>>> Lookup(
      const std::vector<std::string>& urls) override;
  StatusOr<std::optional<RobotsEntry>> LoadRobots(std::string_view origin) override;
  Status SaveRobots(const RobotsEntry& entry) override;

  // Stores an outcome's state and discovered URLs, as a database sink would.
  void Apply(const CrawlOutcome& outcome);

  const std::map<std::string, UrlState>& urls() const { return urls_; }
  const std::map<std::string, RobotsEntry>& robots() const { return robots_; }
  bool run_finished() const { return run_finished_; }

 private:
  std::map<std::string, UrlState> urls_;
  std::map<std::string, RobotsEntry> robots_;
  int64_t run_id_ = 0;
  bool run_finished_ = true;
};

}  // namespace factsift::crawler

#endif  // FACTSIFT_CRAWLER_CRAWL_STATE_H_
