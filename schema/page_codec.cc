// EncodeBody / DecodeBody with libzstd's one-shot API (zstd.h); contexts are
// reused per thread, as creating one costs more than compressing a page.
#include "schema/page_codec.h"

#include <memory>

#include <zstd.h>

#include "schema/store.h"

namespace factsift::schema {
namespace {

// zstd's fastest standard level: the writer must keep up with the fetcher,
// and level 1 already takes HTML to about a third.
constexpr int kCompressionLevel = 1;
// Below this a page is not worth a zstd frame's header and the call.
constexpr size_t kMinCompressedSize = 256;

struct CompressContextFree {
  void operator()(ZSTD_CCtx* context) const { ZSTD_freeCCtx(context); }
};
struct DecompressContextFree {
  void operator()(ZSTD_DCtx* context) const { ZSTD_freeDCtx(context); }
};

ZSTD_CCtx* ThreadCompressContext() {
  thread_local std::unique_ptr<ZSTD_CCtx, CompressContextFree> context = [] {
    std::unique_ptr<ZSTD_CCtx, CompressContextFree> made(ZSTD_createCCtx());
    if (made != nullptr) {
      ZSTD_CCtx_setParameter(made.get(), ZSTD_c_compressionLevel, kCompressionLevel);
      // A checksum of the content in each frame: a damaged row fails to
      // decode instead of yielding other bytes.
      ZSTD_CCtx_setParameter(made.get(), ZSTD_c_checksumFlag, 1);
    }
    return made;
  }();
  return context.get();
}

ZSTD_DCtx* ThreadDecompressContext() {
  thread_local std::unique_ptr<ZSTD_DCtx, DecompressContextFree> context(ZSTD_createDCtx());
  return context.get();
}

}  // namespace

std::string_view BodyEncodingName(BodyEncoding encoding) {
  return encoding == BodyEncoding::kZstd ? "zstd" : "identity";
}

EncodedBody EncodeBody(std::string_view body) {
  EncodedBody encoded;
  encoded.sha256 = Sha256Hex(body);
  encoded.size = body.size();
  ZSTD_CCtx* context = body.size() >= kMinCompressedSize ? ThreadCompressContext() : nullptr;
  if (context != nullptr) {
    std::string compressed(ZSTD_compressBound(body.size()), '\0');
    const size_t written =
        ZSTD_compress2(context, compressed.data(), compressed.size(), body.data(), body.size());
    // Kept only when it saves something; an error (memory) stores the body as is.
    if (!ZSTD_isError(written) && written < body.size()) {
      compressed.resize(written);
      compressed.shrink_to_fit();
      encoded.encoding = BodyEncoding::kZstd;
      encoded.bytes = std::move(compressed);
      return encoded;
    }
  }
  encoded.bytes.assign(body);
  return encoded;
}

StatusOr<std::string> DecodeBody(std::string_view encoding, std::string_view bytes, size_t size) {
  if (encoding == "identity") {
    if (bytes.size() != size) {
      return Status::DataLoss("stored page: " + std::to_string(bytes.size()) + " bytes, expected " +
                              std::to_string(size));
    }
    return std::string(bytes);
  }
  if (encoding != "zstd") {
    return Status::DataLoss("stored page: unknown encoding '" + std::string(encoding) + "'");
  }
  // The frame must say it holds exactly `size` bytes before any is allocated.
  const unsigned long long content_size = ZSTD_getFrameContentSize(bytes.data(), bytes.size());
  if (content_size != size) {
    return Status::DataLoss("stored page: zstd frame does not hold the " + std::to_string(size) +
                            " bytes recorded");
  }
  ZSTD_DCtx* context = ThreadDecompressContext();
  if (context == nullptr) return Status::ResourceExhausted("stored page: out of memory");
  std::string body(size, '\0');
  const size_t written =
      ZSTD_decompressDCtx(context, body.data(), body.size(), bytes.data(), bytes.size());
  if (ZSTD_isError(written) || written != size) {
    return Status::DataLoss(std::string("stored page: cannot decode zstd: ") +
                            (ZSTD_isError(written) ? ZSTD_getErrorName(written) : "short"));
  }
  return body;
}

}  // namespace factsift::schema
