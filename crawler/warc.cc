// WarcWriter: records built in memory, each deflated as one gzip member.
#include "crawler/warc.h"

#include <cerrno>
#include <cstring>
#include <random>

#include <openssl/evp.h>
#include <zlib.h>

#include "common/time_util.h"

namespace factsift::crawler {
namespace {

// RFC 4648 section 6, the alphabet WARC digests use.
std::string Base32(const unsigned char* data, size_t size) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint64_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < size; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  while (out.size() % 8 != 0) out += '=';
  return out;
}

// "<urn:uuid:...>" with a random (version 4) UUID (RFC 4122 4.4).
std::string NewRecordId() {
  static thread_local std::mt19937_64 random(std::random_device{}());
  uint64_t high = random(), low = random();
  high = (high & ~uint64_t{0xf000}) | 0x4000;                // Version 4.
  low = (low & ~(uint64_t{3} << 62)) | (uint64_t{2} << 62);  // Variant 10.
  char text[64];
  std::snprintf(text, sizeof text, "<urn:uuid:%08x-%04x-%04x-%04x-%012llx>",
                static_cast<unsigned>(high >> 32), static_cast<unsigned>((high >> 16) & 0xffff),
                static_cast<unsigned>(high & 0xffff), static_cast<unsigned>(low >> 48),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return text;
}

// A header value on one line: CR and LF would end the field early.
std::string OneLine(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return out;
}

}  // namespace

std::string WarcSha1Digest(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha1(), nullptr) != 1) return {};
  return "sha1:" + Base32(digest, length);
}

WarcWriter::WarcWriter(std::FILE* file, std::string path) : file_(file), path_(std::move(path)) {}

WarcWriter::~WarcWriter() { (void)Close(); }

StatusOr<std::unique_ptr<WarcWriter>> WarcWriter::Open(const std::string& path,
                                                       std::string_view software) {
  std::FILE* file = std::fopen(path.c_str(), "ab");
  if (file == nullptr) {
    return Status::FailedPrecondition("warc " + path + ": cannot open: " + std::strerror(errno));
  }
  std::unique_ptr<WarcWriter> writer(new WarcWriter(file, path));
  const std::string fields = "software: " + OneLine(software) +
                             "\r\nformat: WARC File Format 1.1\r\n"
                             "conformsTo: https://iipc.github.io/warc-specifications/"
                             "specifications/warc-format/warc-1.1/\r\n";
  const std::string header = "WARC-Type: warcinfo\r\nWARC-Record-ID: " + NewRecordId() +
                             "\r\nWARC-Date: " + FormatIsoUtc(NowMs()) +
                             "\r\nWARC-Filename: " + OneLine(path) +
                             "\r\nContent-Type: application/warc-fields\r\n";
  FACTSIFT_RETURN_IF_ERROR(writer->WriteRecord(header, fields));
  return writer;
}

Status WarcWriter::WriteRecord(std::string_view header_fields, std::string_view block) {
  if (file_ == nullptr) return Status::FailedPrecondition("warc " + path_ + ": closed");
  std::string record = "WARC/1.1\r\n";
  record.append(header_fields);
  record += "WARC-Block-Digest: " + WarcSha1Digest(block) + "\r\n";
  record += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  record.append(block);
  record += "\r\n\r\n";

  // One gzip member per record (windowBits 15 + 16 writes the gzip framing).
  z_stream stream{};
  if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status::Internal("warc: deflateInit2 failed");
  }
  std::string compressed(deflateBound(&stream, record.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(record.data());
  stream.avail_in = static_cast<uInt>(record.size());
  stream.next_out = reinterpret_cast<Bytef*>(compressed.data());
  stream.avail_out = static_cast<uInt>(compressed.size());
  const int code = deflate(&stream, Z_FINISH);
  compressed.resize(stream.total_out);
  deflateEnd(&stream);
  if (code != Z_STREAM_END) return Status::Internal("warc: deflate failed");
  if (std::fwrite(compressed.data(), 1, compressed.size(), file_) != compressed.size()) {
    return Status::Unavailable("warc " + path_ + ": write failed: " + std::strerror(errno));
  }
  ++records_;
  return Status::Ok();
}

Status WarcWriter::WriteExchange(const WarcExchange& exchange) {
  const std::string date = FormatIsoUtc(exchange.date_ms);
  const std::string response_id = NewRecordId();
  const std::string uri = OneLine(exchange.target_uri);
  std::string block = exchange.response_head;
  block += exchange.response_body;

  std::string header = "WARC-Type: response\r\nWARC-Record-ID: " + response_id +
                       "\r\nWARC-Date: " + date + "\r\nWARC-Target-URI: " + uri + "\r\n";
  if (!exchange.ip.empty()) header += "WARC-IP-Address: " + OneLine(exchange.ip) + "\r\n";
  header += "WARC-Payload-Digest: " + WarcSha1Digest(exchange.response_body) + "\r\n";
  if (!exchange.truncated.empty())
    header += "WARC-Truncated: " + OneLine(exchange.truncated) + "\r\n";
  header += "Content-Type: application/http;msgtype=response\r\n";
  FACTSIFT_RETURN_IF_ERROR(WriteRecord(header, block));

  if (!exchange.request_head.empty()) {
    std::string request = "WARC-Type: request\r\nWARC-Record-ID: " + NewRecordId() +
                          "\r\nWARC-Date: " + date + "\r\nWARC-Target-URI: " + uri +
                          "\r\nWARC-Concurrent-To: " + response_id + "\r\n";
    if (!exchange.ip.empty()) request += "WARC-IP-Address: " + OneLine(exchange.ip) + "\r\n";
    request += "Content-Type: application/http;msgtype=request\r\n";
    FACTSIFT_RETURN_IF_ERROR(WriteRecord(request, exchange.request_head));
  }
  return Status::Ok();
}

Status WarcWriter::Close() {
  if (file_ == nullptr) return Status::Ok();
  const bool flushed = std::fflush(file_) == 0;
  const int error = errno;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!flushed || !closed) {
    return Status::Unavailable("warc " + path_ + ": cannot write: " + std::strerror(error));
  }
  return Status::Ok();
}

}  // namespace factsift::crawler
