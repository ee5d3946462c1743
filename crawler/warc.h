// Writing web archives: WARC/1.1 request and response records, each record
// its own gzip member, so that standard tools (warcio, pywb, gzip -dc) read
// the file and can seek to any record.
// Spec: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/
// (sections 5, 6.3-6.5 and annex D on per-record compression).
//
//   StatusOr<std::unique_ptr<WarcWriter>> warc = WarcWriter::Open("crawl.warc.gz", "factsift/0.1");
//   (*warc)->WriteExchange(exchange);   // for every HTTP response received
//   (*warc)->Close();
#ifndef FACTSIFT_CRAWLER_WARC_H_
#define FACTSIFT_CRAWLER_WARC_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace factsift::crawler {

// One HTTP request and its response, as they went over the wire.
struct WarcExchange {
  std::string target_uri;     // The URL requested.
  std::string ip;             // The server's address; "" when unknown.
  int64_t date_ms = 0;        // When the request started, Unix ms.
  std::string request_head;   // Request line and headers, CRLF-terminated, as sent.
  std::string response_head;  // Status line and headers through the blank line, as received.
  std::string response_body;  // Body bytes as received (content and transfer codings kept).
  std::string truncated;      // WARC-Truncated reason ("length", "time", ...), "" when whole.
};

// Appends records to one file. Not thread-safe; one crawl writes it.
class WarcWriter {
 public:
  // Opens `path` for appending (creating it) and writes a warcinfo record
  // naming `software`. Errors: FailedPrecondition when it cannot be opened.
  static StatusOr<std::unique_ptr<WarcWriter>> Open(const std::string& path,
                                                    std::string_view software);
  ~WarcWriter();
  WarcWriter(const WarcWriter&) = delete;
  WarcWriter& operator=(const WarcWriter&) = delete;

  // Writes a response record and a request record pointing at it
  // (WARC-Concurrent-To), both with WARC-Block-Digest, the response also with
  // WARC-Payload-Digest (SHA-1 of the body bytes after the HTTP head, in
  // base32 as most archives use). Unavailable on a write error.
  Status WriteExchange(const WarcExchange& exchange);

  // Flushes and closes; later writes fail. Called by the destructor too.
  Status Close();

  int64_t records() const { return records_; }

 private:
  WarcWriter(std::FILE* file, std::string path);
  Status WriteRecord(std::string_view header_fields, std::string_view block);

  std::FILE* file_;
  std::string path_;
  int64_t records_ = 0;
};

// "sha1:" + base32 of the SHA-1 of `data`: a WARC digest value.
std::string WarcSha1Digest(std::string_view data);

}  // namespace factsift::crawler

#endif  // FACTSIFT_CRAWLER_WARC_H_
