// Streaming content decoders (gzip, deflate, br) with a cap on decoded bytes.
// Spec: RFC 9110 section 8.4.1 (content codings), RFC 1950/1951/1952 (zlib,
// deflate, gzip), RFC 7932 (brotli). Internal to crawler/.
//
// The crawler asks curl for the raw, still-encoded body (so that WARC records
// hold the bytes as sent) and decodes here, stopping the moment the decoded
// size passes the cap: a gzip bomb costs at most `cap` bytes of memory and
// the CPU to inflate them.
#ifndef FACTSIFT_CRAWLER_INTERNAL_DECODER_H_
#define FACTSIFT_CRAWLER_INTERNAL_DECODER_H_

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace factsift::crawler::internal {

class ContentDecoder {
 public:
  virtual ~ContentDecoder() = default;

  // Decodes `input` (the next piece of the encoded body) and appends the
  // result to `*out`. ResourceExhausted as soon as `*out` would pass `cap`
  // bytes (nothing more is decoded); DataLoss for a corrupt stream.
  virtual Status Decode(std::string_view input, std::string* out, size_t cap) = 0;
  // Called after the last piece. DataLoss when the stream ended early.
  virtual Status Finish() = 0;
};

// A decoder for a Content-Encoding value ("gzip", "x-gzip", "deflate", "br";
// any case), or nullptr for "identity" and "". FailedPrecondition when the
// encoding is another one (zstd, compress, or a list of several).
StatusOr<std::unique_ptr<ContentDecoder>> MakeContentDecoder(std::string_view content_encoding);

// Inflates a whole gzip buffer (a .gz sitemap). ResourceExhausted past `cap`.
StatusOr<std::string> Gunzip(std::string_view data, size_t cap);

}  // namespace factsift::crawler::internal

#endif  // FACTSIFT_CRAWLER_INTERNAL_DECODER_H_
