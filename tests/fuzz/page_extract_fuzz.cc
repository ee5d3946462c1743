// Fuzz target: whole-page extraction from arbitrary bytes (extractor.h
// ExtractFromHtml), the path every fetched page takes. The first line of the
// input, when it starts with "ct:", is taken as the Content-Type header, so
// that the fuzzer also drives the charset choice.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/raw_page.h"
#include "extract/extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  factsift::RawPage page;
  page.url = "https://news.example/2024/05/bitcoin-rallies";
  page.http_status = 200;
  page.content_type = "text/html";
  if (input.starts_with("ct:")) {
    const size_t end = input.find('\n');
    page.content_type = std::string(input.substr(3, end == std::string_view::npos ? 0 : end - 3));
    input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
  }
  page.body = std::string(input);
  // Smaller limits than the defaults keep each run fast; the code paths at
  // the limits are the same.
  factsift::extract::ExtractOptions options;
  options.max_html_bytes = 1u << 20;
  options.max_text_bytes = 256u << 10;
  const auto article = factsift::extract::ExtractFromHtml(page, options);
  if (article.ok()) {
    for (const auto& fact : article->facts) {
      const size_t limit = std::max(article->title.size(), article->text.size());
      if (fact.start > fact.end || fact.end > limit) __builtin_trap();
    }
  }
  return 0;
}
