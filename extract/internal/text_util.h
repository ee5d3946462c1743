// Small text helpers shared by the extractor's passes: ASCII case folding,
// whitespace collapsing, and iterating RE2 matches with their offsets.
#ifndef FACTSIFT_EXTRACT_INTERNAL_TEXT_UTIL_H_
#define FACTSIFT_EXTRACT_INTERNAL_TEXT_UTIL_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

namespace factsift::extract::internal {

inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
std::string AsciiLower(std::string_view text);

inline bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Runs of ASCII whitespace and U+00A0 become one space; leading and trailing
// space is dropped.
std::string CollapseWhitespace(std::string_view text);

// One match of a pattern: byte offsets into the searched text and the first
// three capturing groups (empty when a group did not take part).
struct RegexMatch {
  size_t begin = 0, end = 0;
  std::string_view groups[3];
};

// Every non-overlapping match of `re` in text[from, to), in order. Offsets are
// into `text`; '^', '$' and '\b' see the whole text around the range.
std::vector<RegexMatch> FindAll(const RE2& re, std::string_view text, size_t from = 0,
                                size_t to = std::string_view::npos);

}  // namespace factsift::extract::internal

#endif  // FACTSIFT_EXTRACT_INTERNAL_TEXT_UTIL_H_
