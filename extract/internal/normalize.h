// Text normalisation before fact matching, with a map back to the original
// bytes so that every fact points at its exact words.
#ifndef FACTSIFT_EXTRACT_INTERNAL_NORMALIZE_H_
#define FACTSIFT_EXTRACT_INTERNAL_NORMALIZE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace factsift::extract::internal {

struct NormalizedText {
  std::string text;
  // to_original[i] is the byte offset in the input of text[i] (non-decreasing:
  // an em dash becomes " - ", three bytes at one position); one extra
  // entry maps text.size() to the input's size.
  std::vector<uint32_t> to_original;
};

// Maps the many dashes and minus signs (U+2010..U+2015, U+2212) to '-',
// non-breaking and thin spaces to ' ', curly quotes to straight ones,
// full-width digits, '$', '%', ',' and '.' to ASCII, and drops zero-width
// characters. These are the NFKC foldings that matter for figures; other
// characters pass through unchanged.
NormalizedText NormalizeForFacts(std::string_view text);

}  // namespace factsift::extract::internal

#endif  // FACTSIFT_EXTRACT_INTERNAL_NORMALIZE_H_
