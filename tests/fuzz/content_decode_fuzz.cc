// Fuzz target: the content decoders every HTTP body goes through (gzip,
// deflate, br; crawler/internal/decoder.h), fed in pieces as the network
// delivers them, with a cap on decoded bytes. The first input byte picks the
// coding and the piece size.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crawler/internal/decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  constexpr std::string_view kCodings[] = {"gzip", "deflate", "br", "x-gzip"};
  const std::string_view coding = kCodings[data[0] % 4];
  const size_t piece = 1 + data[0] / 4 * 16;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  constexpr size_t kCap = 1u << 20;

  auto decoder = factsift::crawler::internal::MakeContentDecoder(coding);
  if (!decoder.ok() || *decoder == nullptr) __builtin_trap();  // All four are known codings.
  std::string out;
  bool failed = false;
  std::string_view input = body;
  while (!input.empty() && !failed) {
    const std::string_view next = input.substr(0, piece);
    input.remove_prefix(next.size());
    failed = !(*decoder)->Decode(next, &out, kCap).ok();
    if (out.size() > kCap) __builtin_trap();
  }
  if (!failed) (void)(*decoder)->Finish();

  const auto whole = factsift::crawler::internal::Gunzip(body, kCap);
  if (whole.ok() && whole->size() > kCap) __builtin_trap();
  return 0;
}
