// The crawler: a polite, incremental, resumable crawl of seed pages, feeds and
// sitemaps with libcurl multi, handing every finished URL to a CrawlSink.
// Specs: RFC 9309 (robots.txt), RFC 9110 sections 13 (conditional requests),
// 15.4 (redirects) and 10.2.3 (Retry-After); sitemaps.org; RSS 2.0; RFC 4287.
//
// Usage (see cli/crawl_command.cc for the whole wiring):
//
//   CrawlSeeds seeds;
//   seeds.feeds = {"https://news.example/feed.xml"};
//   CrawlOptions options;                         // polite defaults
//   SqliteCrawlState state(...);                  // or MemoryCrawlState
//   MySink sink;                                  // stores each CrawlOutcome
//   StatusOr<CrawlSummary> summary = Crawl(seeds, options, state, sink);
//
// What one run does:
// - seeds (pages, feeds, sitemaps) are fetched every run; frontier URLs from
//   earlier runs when due (CrawlState::LoadDue); URLs that feeds, sitemaps,
//   robots.txt Sitemap lines, seed pages' feed links and (with follow_links)
//   seed pages' links name, when new or changed since they were fetched;
// - every request is conditional when validators are known (ETag,
//   Last-Modified): a 304 keeps the stored page;
// - robots.txt is read once per origin and run (conditionally; a 304 keeps the
//   cached rules), and obeyed, redirect targets included;
// - per origin, at most `per_host` requests at once and `delay_ms` (or a
//   larger Crawl-delay) between request starts; 429 and 503 pause the origin
//   for their Retry-After;
// - transient failures are retried with exponential backoff and jitter;
// - an interrupted run (killed) is resumed by the next one: URLs it finished
//   are not fetched again.
#ifndef FACTSIFT_CRAWLER_CRAWLER_H_
#define FACTSIFT_CRAWLER_CRAWLER_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "crawler/crawl_state.h"

namespace factsift::crawler {

class WarcWriter;

// The User-Agent sent unless the operator names another: product token,
// version and where site owners can read what the crawler does.
inline constexpr char kDefaultUserAgent[] =
    "factsift/0.1 (+https://factsift.example/bot; crawler of crypto news for fact checking)";

// How Crawl behaves. Defaults suit a scheduled crawl of news sites.
struct CrawlOptions {
  // Transfers.
  int concurrency = 8;              // Transfers at once, all origins together.
  int per_host = 2;                 // Transfers at once to one origin.
  int64_t delay_ms = 500;           // Least time between two request starts to one origin.
  long connect_timeout_ms = 10000;  // TCP+TLS connect.
  long timeout_ms = 30000;          // One whole transfer (one redirect hop).
  long low_speed_bytes = 100;       // A transfer slower than this many bytes/s...
  long low_speed_time_s = 10;       // ...for this long is abandoned; 0 disables.
  int64_t max_bytes = 50 << 20;     // Cap per body, decoded and on the wire.
  int max_redirects = 5;            // Hops followed (to http/https only).
  std::string user_agent = kDefaultUserAgent;  // One line; its product token selects robots groups.
  bool allow_private = false;        // Connect to loopback/private/link-local/multicast addresses.
  bool allow_file_seeds = true;      // file:// seeds (never followed from the web).
  bool filter_content_types = true;  // Skip images, video, archives... at the headers.

  // Politeness.
  bool obey_robots = true;
  int64_t robots_max_age_ms = 0;  // Use a cached robots.txt without asking for this long; 0: ask
                                  // (conditionally) once per run.
  int64_t robots_error_ms = 10 * 60 * 1000;  // robots.txt unreachable: host disallowed this long.
  int64_t max_crawl_delay_ms = 60 * 1000;    // A robots Crawl-delay above this is capped.

  // Retries of transient failures (network errors, timeouts, 429, 5xx).
  int max_attempts = 3;                 // Requests per URL and run, the first included.
  int64_t backoff_base_ms = 1000;       // First retry after about this long (jitter 0.5x-1.5x)...
  int64_t backoff_max_ms = 60000;       // ...doubling up to this.
  int64_t max_retry_after_ms = 120000;  // Longer Retry-After: no retry this run; due after it.

  // Discovery.
  bool discover = true;       // robots.txt Sitemap lines (seed origins), feed links on seed pages.
  bool follow_links = false;  // Follow <a href> on pages, to seed origins only.
  int link_depth = 1;         // Link hops from a seed page when following links.
  std::vector<std::string> include;  // RE2 patterns: a discovered page URL must match one...
  std::vector<std::string> exclude;  // ...and none of these. Seeds are exempt.
  int64_t since_ms = 0;              // Skip listed entries dated before this (Unix ms); 0 off.
  int64_t max_pages = 0;             // Page requests this run (listings not counted); 0 no limit.
  size_t max_listed_urls = 50000;    // Entries read per feed or sitemap.

  // Revisiting: a fetched page is due again after its revisit interval, which
  // starts at revisit_min_ms, doubles while the page stays unchanged and
  // returns to the minimum when it changes. Seeds are fetched every run.
  int64_t revisit_min_ms = 60 * 60 * 1000;
  int64_t revisit_max_ms = 7 * 24 * 60 * 60 * 1000LL;
  // Feeds and sitemaps found by discovery are due again this long after they
  // were read; 0 reads them every run (conditionally). A sitemap index's
  // lastmod still spares children that did not change.
  int64_t listing_revisit_ms = 0;

  // Output and control.
  WarcWriter* warc = nullptr;               // Not owned; every HTTP exchange when set.
  const std::atomic<bool>* stop = nullptr;  // Not owned; set to end the run early.
  int progress_interval_ms = 250;           // Between CrawlObserver::OnProgress calls.
  uint64_t random_seed = 0;                 // Backoff jitter; 0 seeds from the clock.
};

// What to crawl. Entries are URLs (http, https; file for pages when allowed).
struct CrawlSeeds {
  std::vector<std::string> pages;
  std::vector<std::string> feeds;
  std::vector<std::string> sitemaps;
};

// Counts of one run.
struct CrawlSummary {
  RunInfo run;
  int64_t outcomes = 0;      // URLs finished and handed to the sink.
  int64_t fetched = 0;       // ...with a body (2xx, file).
  int64_t not_modified = 0;  // ...with 304.
  int64_t failed = 0;        // ...with an error (disallowed included).
  int64_t disallowed = 0;    // ...refused by robots.txt (never requested).
  int64_t requests = 0;      // HTTP requests made (retries, redirects, robots.txt included).
  int64_t retries = 0;
  int64_t robots_requests = 0;
  int64_t wire_bytes = 0;         // Body bytes received.
  int64_t discovered = 0;         // URLs scheduled from feeds, sitemaps and links.
  int64_t skipped_max_pages = 0;  // Due pages left for the next run by max_pages.
  int64_t elapsed_ms = 0;
  bool stopped = false;  // CrawlOptions::stop ended the run; it resumes next time.
};

// Live state for a progress line.
struct CrawlProgress {
  int64_t done = 0, queued = 0, active = 0, failed = 0, retries = 0, wire_bytes = 0;
  int64_t elapsed_ms = 0;
};

// What happened, for logs. Views are valid only during the call.
struct CrawlEvent {
  enum class Type {
    kOutcome,   // A URL finished (outcome set).
    kRetry,     // A transient failure; retried after delay_ms.
    kRedirect,  // A hop to `target`.
    kRobots,    // robots.txt of `url`'s origin read (status says how it went).
    kListing,   // A feed or sitemap read: `count` URLs scheduled.
  };
  Type type = Type::kOutcome;
  std::string_view url;
  std::string_view target;
  const CrawlOutcome* outcome = nullptr;
  Status status;
  int http_status = 0;
  int64_t delay_ms = 0;
  int64_t count = 0;
  int attempt = 0;
};

// Receives events and progress from the crawler's thread.
class CrawlObserver {
 public:
  virtual ~CrawlObserver() = default;
  virtual void OnEvent(const CrawlEvent&) {}
  virtual void OnProgress(const CrawlProgress&) {}
};

// Runs one crawl (or resumes an interrupted one) and returns its counts.
// Every URL the run finishes reaches sink.Accept exactly once, as a page or
// an error; seeds that are not valid URLs too (InvalidArgument, with the
// input as page.url). Errors: InvalidArgument for bad options or patterns;
// Internal when curl cannot be set up; the first error of the sink or of
// the state, unchanged (the run stops there and resumes next time).
//
// REQUIRES: a CurlGlobal is alive. Runs on the calling thread.
StatusOr<CrawlSummary> Crawl(const CrawlSeeds& seeds, const CrawlOptions& options,
                             CrawlState& state, CrawlSink& sink, CrawlObserver* observer = nullptr);

// Checks options the way Crawl does, for callers that want to fail early.
Status ValidateCrawlOptions(const CrawlOptions& options);

// A fast 64-bit hash of a body, the crawler's change detector (revisit pacing).
uint64_t ContentHash(std::string_view body);

}  // namespace factsift::crawler

#endif  // FACTSIFT_CRAWLER_CRAWLER_H_
