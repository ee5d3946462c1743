// Fetching URLs with libcurl's multi interface and handing each result to a PageSink.
// Spec: https://curl.se/libcurl/c/libcurl-multi.html (multi interface),
// RFC 9110 section 15 (status codes), RFC 9110 section 8.8 (ETag, Last-Modified).
//
// Usage: create one CurlGlobal in main() before any thread starts, then
//
//   FetchOptions options;
//   options.timeout_ms = 20000;
//   MyStoreSink sink(...);                        // Implements PageSink.
//   Status status = FetchAll(urls, options, sink);
//
// Every distinct URL reaches the sink exactly once, as a page or as an error
// (a 404, a timeout, ...). FetchAll itself fails only when the crawl cannot go
// on: bad options, curl unusable, or the sink asking to stop.
#ifndef FACTSIFT_CRAWLER_FETCHER_H_
#define FACTSIFT_CRAWLER_FETCHER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/raw_page.h"
#include "common/status.h"

namespace factsift::crawler {

// How FetchAll fetches. The defaults suit a polite crawl of news sites.
struct FetchOptions {
  int concurrency = 8;              // Transfers at once (curl multi). More is faster, less polite.
  long connect_timeout_ms = 10000;  // TCP+TLS connect. Must be > 0.
  long timeout_ms = 30000;          // One whole transfer, redirects included. Must be > 0.
  int64_t max_bytes = 50 << 20;     // Cap on the body, decoded and on the wire; larger bodies fail.
  int max_redirects = 5;            // Hops followed (http/https only); 0 follows none.
  // Sent with every request so that sites can tell who we are. One non-empty line.
  std::string user_agent = "factsift/0.1 (+https://factsift.example/bot)";
  bool allow_file_urls = true;  // file:// for operator seeds; never followed from the web.
};

// Owns libcurl's process-wide state: curl_global_init in the constructor,
// curl_global_cleanup in the destructor. Create exactly one, in main(), before
// any thread starts, and keep it alive until every FetchAll has returned.
// Not copyable or movable. Not thread-safe: that is the point of creating it
// before threads exist.
class CurlGlobal {
 public:
  CurlGlobal();
  ~CurlGlobal();
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;

  // Internal when curl_global_init failed; FetchAll would then fail too.
  const Status& status() const { return status_; }

 private:
  Status status_;
};

// Fetches every URL (in any order, `options.concurrency` at a time) and calls
// sink.Accept() exactly once per distinct URL, from the calling thread, as each
// transfer completes. Duplicates in `urls` are dropped (first occurrence kept).
// A one-off fetch on the Crawl engine (crawler.h) with nothing kept between
// calls: no robots.txt, no politeness delay, no retries, no discovery, and
// every address allowed (FetchAll serves tools and tests, not the web crawl).
//
// Accepted schemes are http, https and, when options.allow_file_urls, file;
// redirects are followed to http and https only, hop by hop. Each result
// carries a Status:
//   ok                  2xx (body kept), 304 (empty body), or a readable file://
//   NotFound            HTTP 404/410, missing file
//   Unavailable         HTTP 429 and 5xx, connection or DNS failure
//   DeadlineExceeded    no complete response within timeout_ms
//   FailedPrecondition  other HTTP 4xx, unfollowed 3xx, too many redirects, a
//                       redirect loop, a redirect to a scheme other than http/https
//   ResourceExhausted   body larger than max_bytes (decoded or on the wire)
//   DataLoss            a body that does not decode (corrupt gzip)
//   InvalidArgument     unsupported scheme or malformed URL (nothing is fetched)
// Messages name the URL: "fetch https://x/a: HTTP 404". A failed result keeps
// url, final_url, http_status, content_type and fetched_at_ms, with the body,
// ETag and Last-Modified cleared. page.url is the URL in canonical form
// (crawler/url.h), or as given when it is not a valid URL.
//
// Returns the first error a sink returns, unchanged; the crawl stops there and
// in-flight transfers are abandoned. Returns InvalidArgument for bad options
// (before any Accept), Internal when curl cannot be set up; OK otherwise, even
// when every page failed.
//
// REQUIRES: a CurlGlobal is alive. Thread-safe in the sense that concurrent
// calls share nothing but curl's global state; `sink` is used by one thread.
Status FetchAll(const std::vector<std::string>& urls, const FetchOptions& options, PageSink& sink);

}  // namespace factsift::crawler

#endif  // FACTSIFT_CRAWLER_FETCHER_H_
