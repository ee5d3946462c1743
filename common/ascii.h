// ASCII-only case folding and trimming, for protocol text (header names,
// robots.txt fields, URL parts, dates in HTTP and feeds) where Unicode rules
// would be wrong.
#ifndef FACTSIFT_COMMON_ASCII_H_
#define FACTSIFT_COMMON_ASCII_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace factsift {

inline char LowerAscii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

inline bool HasAsciiDigit(std::string_view text) {
  for (const char c : text) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

// `text` without leading and trailing characters of `spaces`.
inline std::string_view TrimAny(std::string_view text, std::string_view spaces) {
  const size_t begin = text.find_first_not_of(spaces);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(spaces) - begin + 1);
}

}  // namespace factsift

#endif  // FACTSIFT_COMMON_ASCII_H_
