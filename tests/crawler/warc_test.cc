// Tests for crawler/warc.h, read back by a small independent reader: zlib
// inflating one gzip member at a time, and WARC/1.1 headers parsed by hand.
// Spec: WARC 1.1 sections 5 (named fields), 6 (record types), annex D (gzip per record).
#include "crawler/warc.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <unistd.h>
#include <zlib.h>

#include "tests/testing/status_matchers.h"

namespace factsift::crawler {
namespace {

struct Record {
  std::map<std::string, std::string> fields;
  std::string block;
  size_t compressed_size = 0;  // Bytes of its gzip member.
};

// Splits the file into gzip members, inflating each on its own: a record
// must be exactly one member.
std::vector<Record> ReadWarc(const std::string& data) {
  std::vector<Record> records;
  size_t offset = 0;
  while (offset < data.size()) {
    z_stream stream{};
    EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + offset));
    stream.avail_in = static_cast<uInt>(data.size() - offset);
    std::string text;
    char buffer[16384];
    int code = Z_OK;
    while (code == Z_OK) {
      stream.next_out = reinterpret_cast<Bytef*>(buffer);
      stream.avail_out = sizeof buffer;
      code = inflate(&stream, Z_NO_FLUSH);
      text.append(buffer, sizeof buffer - stream.avail_out);
    }
    EXPECT_EQ(code, Z_STREAM_END);
    const size_t used = data.size() - offset - stream.avail_in;
    inflateEnd(&stream);
    if (code != Z_STREAM_END) return records;
    offset += used;

    Record record;
    record.compressed_size = used;
    EXPECT_EQ(text.rfind("WARC/1.1\r\n", 0), 0u);
    const size_t head_end = text.find("\r\n\r\n");
    EXPECT_NE(head_end, std::string::npos);
    std::istringstream head(text.substr(10, head_end - 10));
    std::string line;
    while (std::getline(head, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const size_t colon = line.find(": ");
      if (colon != std::string::npos) record.fields[line.substr(0, colon)] = line.substr(colon + 2);
    }
    const size_t length = std::stoul(record.fields["Content-Length"]);
    record.block = text.substr(head_end + 4, length);
    EXPECT_EQ(text.size(), head_end + 4 + length + 4) << "block + CRLF CRLF ends the member";
    EXPECT_EQ(text.substr(head_end + 4 + length), "\r\n\r\n");
    records.push_back(std::move(record));
  }
  return records;
}

// SHA-1 in base32, computed here without the writer's code.
std::string Sha1Base32(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha1(), nullptr);
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string bits;
  for (unsigned int i = 0; i < length; ++i) {
    for (int b = 7; b >= 0; --b) bits += ((digest[i] >> b) & 1) ? '1' : '0';
  }
  std::string out;
  for (size_t i = 0; i + 5 <= bits.size(); i += 5)
    out += kAlphabet[std::stoi(bits.substr(i, 5), nullptr, 2)];
  return "sha1:" + out;
}

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(WarcSha1Digest, KnownValue) {
  // SHA-1("abc") = a9993e36..., in base32.
  EXPECT_EQ(WarcSha1Digest("abc"), "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
  EXPECT_EQ(WarcSha1Digest("abc"), Sha1Base32("abc"));
}

TEST(WarcWriter, Spec_RecordsReadBackMemberByMember) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("factsift_warc_test_" + std::to_string(getpid()) + ".warc.gz");
  std::filesystem::remove(path);
  WarcExchange exchange;
  exchange.target_uri = "https://news.example/a";
  exchange.ip = "203.0.113.7";
  exchange.date_ms = 1772877600000;  // 2026-03-07T10:00:00Z
  exchange.request_head = "GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n";
  exchange.response_head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n";
  exchange.response_body = std::string("\x1f\x8b\x08\0binary\0body", 15);
  {
    StatusOr<std::unique_ptr<WarcWriter>> writer = WarcWriter::Open(path.string(), "factsift/test");
    ASSERT_OK(writer);
    ASSERT_OK((*writer)->WriteExchange(exchange));
    exchange.truncated = "length";
    ASSERT_OK((*writer)->WriteExchange(exchange));
    ASSERT_OK((*writer)->Close());
    EXPECT_EQ((*writer)->records(), 5);
  }
  const std::vector<Record> records = ReadWarc(ReadAll(path));
  std::filesystem::remove(path);
  ASSERT_EQ(records.size(), 5u);

  EXPECT_EQ(records[0].fields.at("WARC-Type"), "warcinfo");
  EXPECT_NE(records[0].block.find("software: factsift/test"), std::string::npos);

  const Record& response = records[1];
  const Record& request = records[2];
  EXPECT_EQ(response.fields.at("WARC-Type"), "response");
  EXPECT_EQ(response.fields.at("WARC-Target-URI"), "https://news.example/a");
  EXPECT_EQ(response.fields.at("WARC-Date"), "2026-03-07T10:00:00Z");
  EXPECT_EQ(response.fields.at("WARC-IP-Address"), "203.0.113.7");
  EXPECT_EQ(response.fields.at("Content-Type"), "application/http;msgtype=response");
  EXPECT_EQ(response.block, exchange.response_head + exchange.response_body);
  EXPECT_EQ(response.fields.at("WARC-Block-Digest"), Sha1Base32(response.block));
  EXPECT_EQ(response.fields.at("WARC-Payload-Digest"), Sha1Base32(exchange.response_body));
  EXPECT_EQ(response.fields.count("WARC-Truncated"), 0u);
  EXPECT_EQ(response.fields.at("WARC-Record-ID").rfind("<urn:uuid:", 0), 0u);

  EXPECT_EQ(request.fields.at("WARC-Type"), "request");
  EXPECT_EQ(request.fields.at("WARC-Concurrent-To"), response.fields.at("WARC-Record-ID"));
  EXPECT_EQ(request.block, exchange.request_head);
  EXPECT_EQ(request.fields.at("WARC-Block-Digest"), Sha1Base32(request.block));
  EXPECT_NE(request.fields.at("WARC-Record-ID"), response.fields.at("WARC-Record-ID"));

  EXPECT_EQ(records[3].fields.at("WARC-Truncated"), "length");
}

TEST(WarcWriter, UnwritablePathIsFailedPrecondition) {
  EXPECT_EQ(WarcWriter::Open("/nonexistent-dir/x.warc.gz", "x").status().code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace factsift::crawler
