// Dates as HTTP headers and RSS feeds write them.
// Spec: RFC 9110 section 5.6.7 (HTTP-date: IMF-fixdate, RFC 850, asctime),
// RFC 5322 section 3.3 (RSS 2.0 pubDate), RFC 9110 section 10.2.3 (Retry-After).
#ifndef FACTSIFT_CRAWLER_HTTP_DATE_H_
#define FACTSIFT_CRAWLER_HTTP_DATE_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace factsift::crawler {

// Parses "Sun, 06 Nov 1994 08:49:37 GMT" (IMF-fixdate), "Sunday, 06-Nov-94
// 08:49:37 GMT" (RFC 850), "Sun Nov  6 08:49:37 1994" (asctime) and the RFC
// 5322 forms feeds use: optional weekday and seconds, numeric zones ("+0200"),
// the US zone names (EST, PDT, ...), two-digit years. Returns Unix
// milliseconds, or nullopt for anything else.
std::optional<int64_t> ParseHttpDate(std::string_view text);

// A Retry-After value: delay-seconds ("120") or an HTTP-date, as milliseconds
// from `now_ms` (0 for a date in the past). nullopt when unreadable.
std::optional<int64_t> ParseRetryAfterMs(std::string_view value, int64_t now_ms);

}  // namespace factsift::crawler

#endif  // FACTSIFT_CRAWLER_HTTP_DATE_H_
