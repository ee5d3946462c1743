// How the store keeps page bodies: zstd-compressed when that makes them
// smaller (HTML shrinks about three times at zstd's fastest level), else as
// they are. The crawl's extraction workers encode each body they extract,
// so that the single writer thread only stores bytes.
#ifndef FACTSIFT_SCHEMA_PAGE_CODEC_H_
#define FACTSIFT_SCHEMA_PAGE_CODEC_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"

namespace factsift::schema {

enum class BodyEncoding { kIdentity, kZstd };

// The names stored in pages.encoding.
std::string_view BodyEncodingName(BodyEncoding encoding);

// A page body ready to store: keyed and sized by the bytes as fetched.
struct EncodedBody {
  std::string sha256;  // Sha256Hex of the body as fetched.
  size_t size = 0;     // Length of the body as fetched.
  BodyEncoding encoding = BodyEncoding::kIdentity;
  std::string bytes;  // The body, encoded.
};

// Hashes and encodes `body`. Thread-safe.
EncodedBody EncodeBody(std::string_view body);

// The body as fetched from stored `bytes`. DataLoss when they do not decode
// to exactly `size` bytes (a damaged row) or the encoding is unknown.
StatusOr<std::string> DecodeBody(std::string_view encoding, std::string_view bytes, size_t size);

}  // namespace factsift::schema

#endif  // FACTSIFT_SCHEMA_PAGE_CODEC_H_
