// One HTTP request at a time per URL, many at once: a thin layer over curl
// multi that the crawler's scheduler drives. Internal to crawler/.
// Spec: https://curl.se/libcurl/c/libcurl-multi.html; RFC 9110 (semantics),
// RFC 9112 section 7.1 (chunked transfer coding).
//
// Redirects are not followed here: a 3xx comes back with its Location, and the
// scheduler decides (robots.txt, politeness and safety apply to every hop).
// Bodies arrive raw (curl decodes neither transfer nor content codings), so
// that a WARC record can hold the bytes as sent; this layer de-chunks and
// decodes them itself, with caps on both the wire and the decoded size.
#ifndef FACTSIFT_CRAWLER_INTERNAL_HTTP_CLIENT_H_
#define FACTSIFT_CRAWLER_INTERNAL_HTTP_CLIENT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/raw_page.h"
#include "common/status.h"

namespace factsift::crawler::internal {

// Which bodies a request wants, by Content-Type; others are refused at the
// headers, before the body is read.
enum class BodyFilter {
  kAny,      // Anything (robots.txt; FetchAll).
  kPage,     // Text, HTML, XML and PDF; not images, audio, video, fonts, archives.
  kListing,  // As kPage, plus gzip (sitemap.xml.gz).
};

struct HttpClientOptions {
  int max_connections = 16;         // Connections kept open for reuse (keep-alive).
  long connect_timeout_ms = 10000;  // TCP+TLS connect.
  long timeout_ms = 30000;          // Whole transfer.
  long low_speed_bytes = 100;       // Abort below this many bytes/s...
  long low_speed_time_s = 10;       // ...for this many seconds.
  int64_t max_bytes = 50 << 20;     // Decoded body cap; also the largest Content-Length accepted.
  // Body bytes as received, framing included; bounds bodies that are not
  // decoded (error pages) and chunk-framing overhead.
  int64_t max_wire_bytes = 100 << 20;
  std::string user_agent;
  bool allow_private = false;  // Connect to loopback, private, link-local, multicast addresses.
  bool capture = false;        // Keep request/response bytes for WARC.
};

struct HttpRequest {
  uint64_t tag = 0;                 // The caller's; returned with the response.
  std::string url;                  // Absolute http, https or file URL.
  std::string etag, last_modified;  // Sent as If-None-Match / If-Modified-Since when set.
  BodyFilter filter = BodyFilter::kAny;
};

struct HttpResponse {
  uint64_t tag = 0;
  // url and final_url are the request's URL; http_status 0 when no response
  // (or file://). body holds the decoded body of a 2xx, nothing otherwise.
  RawPage page;
  // As FetchAll documents; plus FailedPrecondition for a refused address, a
  // refused Content-Type or an unsupported Content-Encoding, DataLoss for a
  // body that does not decode. A 3xx is FailedPrecondition "redirect not
  // followed", with `location` set when it had one.
  Status status;
  std::string location;                   // Absolute Location of a 3xx; "" otherwise.
  std::optional<int64_t> retry_after_ms;  // Retry-After of a 429 or 503, as a delay.
  std::string remote_ip;
  int64_t wire_bytes = 0;  // Body bytes received, as sent.
  int64_t started_ms = 0;  // Unix ms when the request started.
  // With HttpClientOptions::capture, for WARC: the request head as sent, the
  // response head as received, and the body bytes as received (transfer
  // coding included). truncated says why the body is incomplete ("length",
  // "time", "disconnect"), or "".
  std::string request_head, response_head, raw_body;
  std::string truncated;
};

// Not thread-safe: one thread drives it. REQUIRES: a CurlGlobal is alive.
class HttpClient {
 public:
  static StatusOr<std::unique_ptr<HttpClient>> Create(const HttpClientOptions& options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Starts a request. Internal when curl refuses it (out of memory).
  Status Start(const HttpRequest& request);
  // Runs transfers, waiting up to `timeout_ms` for activity, and appends
  // those that finished to `*finished`. Internal when curl multi fails.
  Status Poll(int timeout_ms, std::vector<HttpResponse>* finished);
  size_t active() const;

 private:
  struct Impl;
  explicit HttpClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// True for addresses a crawler on the public web must not reach: loopback,
// private (RFC 1918, RFC 4193), carrier-grade NAT, link-local, multicast,
// unspecified and reserved ranges, also IPv4 inside IPv6 (::ffff:a.b.c.d).
// `what` receives a word for the kind ("loopback", "private", ...).
bool IsNonPublicAddress(const void* sockaddr_ptr, std::string* what);

}  // namespace factsift::crawler::internal

#endif  // FACTSIFT_CRAWLER_INTERNAL_HTTP_CLIENT_H_
