// RawPage: one fetched document, exactly as it arrived, plus how it was fetched.
#ifndef FACTSIFT_COMMON_RAW_PAGE_H_
#define FACTSIFT_COMMON_RAW_PAGE_H_

#include <cstdint>
#include <string>

#include "common/status.h"

namespace factsift {

// Immutable once stored: extraction can always be re-run from these fields.
struct RawPage {
  std::string url;            // As requested (after canonicalisation by the crawler).
  std::string final_url;      // After redirects; equals url when none.
  int64_t fetched_at_ms = 0;  // Unix time in milliseconds, UTC.
  int http_status = 0;        // 0 for file:// and other non-HTTP schemes.
  std::string content_type;   // Content-Type header as sent, e.g. "text/html; charset=utf-8".
  std::string etag;           // ETag header, for conditional requests.
  std::string last_modified;  // Last-Modified header, for conditional requests.
  std::string body;           // Payload bytes after content decoding, before charset conversion.
};

// What the crawler hands to its sink for every URL it tried: the page when the
// fetch succeeded, or the error (with whatever fields were known) when not.
struct FetchResult {
  RawPage page;
  Status status;  // ok when page.body holds the document.
};

// Receives fetched pages. The crawler knows nothing of what a sink does with
// them (extract, store, print). Implementations say whether they are
// thread-safe; the crawler calls Accept from one thread at a time.
class PageSink {
 public:
  virtual ~PageSink() = default;
  // Returns an error only when the crawl should stop (e.g. the database is
  // unwritable); a bad page is the sink's to record, not to fail on.
  virtual Status Accept(const FetchResult& result) = 0;
};

}  // namespace factsift

#endif  // FACTSIFT_COMMON_RAW_PAGE_H_
