// Fuzz target: fact extraction from plain text (extractor.h ExtractFromText):
// the headline guess, the ticker-tape lines, the paragraphs and every fact
// pattern over them.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "extract/extractor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto article = factsift::extract::ExtractFromText(text, "https://news.example/pasted");
  if (article.ok()) {
    // Every fact points inside the headline or the text it came from.
    for (const auto& fact : article->facts) {
      const size_t limit = std::max(article->title.size(), article->text.size());
      if (fact.start > fact.end || fact.end > limit) __builtin_trap();
    }
  }
  return 0;
}
