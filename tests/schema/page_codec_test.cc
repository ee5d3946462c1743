// Tests for schema/page_codec.h: page bodies compressed for storage come
// back byte for byte, and damaged rows are refused, never returned altered.
#include "schema/page_codec.h"

#include <random>
#include <string>

#include <gtest/gtest.h>

#include "schema/store.h"

#include "tests/testing/status_matchers.h"

namespace factsift::schema {
namespace {

std::string HtmlPage(int paragraphs) {
  std::string html = "<!doctype html><html><head><title>BTC</title></head><body>";
  for (int i = 0; i < paragraphs; ++i) {
    html += "<p>Bitcoin traded near $" + std::to_string(70000 + i) +
            " as liquidations reached $310M across exchanges.</p>\n";
  }
  return html + "</body></html>";
}

std::string RandomBytes(size_t size) {
  std::mt19937 generator(7);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(generator() & 0xff);
  return bytes;
}

struct RoundTripCase {
  std::string name;
  std::string body;
  BodyEncoding encoding;  // What EncodeBody should choose.
};

TEST(PageCodec, RoundTripsAndCompressesOnlyWhenItPays) {
  const std::string nul_page = std::string("<p>a\0b</p>", 10) + HtmlPage(20);
  const std::vector<RoundTripCase> cases = {
      {"empty", "", BodyEncoding::kIdentity},
      {"short page", "<p>hi</p>", BodyEncoding::kIdentity},
      {"html page", HtmlPage(200), BodyEncoding::kZstd},
      {"embedded NUL", nul_page, BodyEncoding::kZstd},
      {"random bytes", RandomBytes(64 * 1024), BodyEncoding::kIdentity},
  };
  for (const RoundTripCase& c : cases) {
    SCOPED_TRACE(c.name);
    const EncodedBody encoded = EncodeBody(c.body);
    EXPECT_EQ(encoded.sha256, Sha256Hex(c.body));
    EXPECT_EQ(encoded.size, c.body.size());
    EXPECT_EQ(encoded.encoding, c.encoding);
    if (c.encoding == BodyEncoding::kZstd) {
      EXPECT_LT(encoded.bytes.size(), c.body.size() / 2);
    }
    StatusOr<std::string> decoded =
        DecodeBody(BodyEncodingName(encoded.encoding), encoded.bytes, encoded.size);
    ASSERT_OK(decoded);
    EXPECT_EQ(*decoded, c.body);
  }
}

struct DamageCase {
  std::string name;
  std::string encoding;
  std::string bytes;
  size_t size;
};

TEST(PageCodec, DamagedRowsAreDataLoss) {
  const std::string body = HtmlPage(100);
  const EncodedBody encoded = EncodeBody(body);
  ASSERT_EQ(encoded.encoding, BodyEncoding::kZstd);
  std::string flipped = encoded.bytes;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x20);
  const std::vector<DamageCase> cases = {
      {"identity of another length", "identity", "abc", 4},
      {"unknown encoding", "brotli", encoded.bytes, body.size()},
      {"size not the frame's", "zstd", encoded.bytes, body.size() + 1},
      {"truncated frame", "zstd", encoded.bytes.substr(0, encoded.bytes.size() - 9), body.size()},
      {"flipped byte (checksum)", "zstd", flipped, body.size()},
      {"not zstd at all", "zstd", body, body.size()},
      {"empty zstd", "zstd", "", 0},
  };
  for (const DamageCase& c : cases) {
    SCOPED_TRACE(c.name);
    StatusOr<std::string> decoded = DecodeBody(c.encoding, c.bytes, c.size);
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.status().code(), StatusCode::kDataLoss) << decoded.status().message();
  }
}

}  // namespace
}  // namespace factsift::schema
