// ContentDecoder over zlib (gzip, deflate) and the brotli decoder.
#include "crawler/internal/decoder.h"

#include <algorithm>
#include <string>

#include <brotli/decode.h>
#include <zlib.h>

namespace factsift::crawler::internal {
namespace {

constexpr size_t kChunk = 64 * 1024;

std::string Lower(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == ' ' || c == '\t') continue;
    out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

Status TooLarge(size_t cap) {
  return Status::ResourceExhausted("decoded body exceeds " + std::to_string(cap) + " bytes");
}

// gzip and zlib-wrapped deflate through one inflater (windowBits 15 + 32
// detects either header); "deflate" sent as a raw stream, which some servers
// do despite RFC 9110, is retried as raw on the first byte's evidence.
class ZlibDecoder : public ContentDecoder {
 public:
  explicit ZlibDecoder(bool deflate) : deflate_(deflate) {}
  ~ZlibDecoder() override {
    if (initialized_) inflateEnd(&stream_);
  }
  ZlibDecoder(const ZlibDecoder&) = delete;
  ZlibDecoder& operator=(const ZlibDecoder&) = delete;

  Status Decode(std::string_view input, std::string* out, size_t cap) override {
    if (input.empty()) return Status::Ok();
    if (!initialized_) {
      int window = 15 + 32;
      // A zlib header has CM = 8 in the low nibble and a multiple-of-31 check.
      if (deflate_) {
        const auto b0 = static_cast<unsigned char>(input[0]);
        const auto b1 = input.size() > 1 ? static_cast<unsigned char>(input[1]) : 0;
        const bool zlib_header = (b0 & 0x0f) == 8 && ((b0 << 8) | b1) % 31 == 0;
        if (!zlib_header) window = -15;
      }
      if (inflateInit2(&stream_, window) != Z_OK) return Status::Internal("inflateInit2 failed");
      initialized_ = true;
    }
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream_.avail_in = static_cast<uInt>(input.size());
    char buffer[kChunk];
    while (stream_.avail_in > 0) {
      if (ended_) {
        // Concatenated gzip members (RFC 1952 2.2) continue the body; trailing
        // garbage after a deflate stream is ignored, as browsers do.
        if (deflate_ || static_cast<unsigned char>(*stream_.next_in) != 0x1f) return Status::Ok();
        inflateReset(&stream_);
        ended_ = false;
      }
      stream_.next_out = reinterpret_cast<Bytef*>(buffer);
      stream_.avail_out = sizeof buffer;
      const int code = inflate(&stream_, Z_NO_FLUSH);
      const size_t produced = sizeof buffer - stream_.avail_out;
      if (out->size() + produced > cap) return TooLarge(cap);
      out->append(buffer, produced);
      if (code == Z_STREAM_END) {
        ended_ = true;
        continue;
      }
      if (code == Z_BUF_ERROR && produced == 0) break;
      if (code != Z_OK) {
        return Status::DataLoss(std::string("corrupt ") + (deflate_ ? "deflate" : "gzip") +
                                " body" +
                                (stream_.msg != nullptr ? std::string(": ") + stream_.msg : ""));
      }
    }
    return Status::Ok();
  }

  Status Finish() override {
    if (initialized_ && !ended_) {
      return Status::DataLoss(std::string("truncated ") + (deflate_ ? "deflate" : "gzip") +
                              " body");
    }
    return Status::Ok();
  }

 private:
  const bool deflate_;
  z_stream stream_{};
  bool initialized_ = false;
  bool ended_ = false;
};

struct BrotliDeleter {
  void operator()(BrotliDecoderState* state) const { BrotliDecoderDestroyInstance(state); }
};

class BrotliDecoder : public ContentDecoder {
 public:
  BrotliDecoder() : state_(BrotliDecoderCreateInstance(nullptr, nullptr, nullptr)) {}

  Status Decode(std::string_view input, std::string* out, size_t cap) override {
    if (state_ == nullptr) return Status::Internal("BrotliDecoderCreateInstance failed");
    size_t available_in = input.size();
    const auto* next_in = reinterpret_cast<const uint8_t*>(input.data());
    uint8_t buffer[kChunk];
    for (;;) {
      size_t available_out = sizeof buffer;
      uint8_t* next_out = buffer;
      const BrotliDecoderResult result = BrotliDecoderDecompressStream(
          state_.get(), &available_in, &next_in, &available_out, &next_out, nullptr);
      const size_t produced = sizeof buffer - available_out;
      if (out->size() + produced > cap) return TooLarge(cap);
      out->append(reinterpret_cast<const char*>(buffer), produced);
      switch (result) {
        case BROTLI_DECODER_RESULT_SUCCESS:
          done_ = true;
          return Status::Ok();
        case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
          return Status::Ok();
        case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
          continue;
        case BROTLI_DECODER_RESULT_ERROR:
        default:
          return Status::DataLoss(
              std::string("corrupt br body: ") +
              BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state_.get())));
      }
    }
  }

  Status Finish() override {
    if (!done_) return Status::DataLoss("truncated br body");
    return Status::Ok();
  }

 private:
  std::unique_ptr<BrotliDecoderState, BrotliDeleter> state_;
  bool done_ = false;
};

}  // namespace

StatusOr<std::unique_ptr<ContentDecoder>> MakeContentDecoder(std::string_view content_encoding) {
  const std::string encoding = Lower(content_encoding);
  if (encoding.empty() || encoding == "identity") return std::unique_ptr<ContentDecoder>();
  if (encoding == "gzip" || encoding == "x-gzip") {
    return std::unique_ptr<ContentDecoder>(std::make_unique<ZlibDecoder>(false));
  }
  if (encoding == "deflate") {
    return std::unique_ptr<ContentDecoder>(std::make_unique<ZlibDecoder>(true));
  }
  if (encoding == "br") return std::unique_ptr<ContentDecoder>(std::make_unique<BrotliDecoder>());
  return Status(StatusCode::kFailedPrecondition,
                "unsupported Content-Encoding \"" + std::string(content_encoding) + "\"");
}

StatusOr<std::string> Gunzip(std::string_view data, size_t cap) {
  ZlibDecoder decoder(false);
  std::string out;
  FACTSIFT_RETURN_IF_ERROR(decoder.Decode(data, &out, cap));
  FACTSIFT_RETURN_IF_ERROR(decoder.Finish());
  return out;
}

}  // namespace factsift::crawler::internal
