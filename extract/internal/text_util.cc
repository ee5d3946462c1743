#include "extract/internal/text_util.h"

#include <algorithm>

namespace factsift::extract::internal {

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const bool nbsp = text[i] == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
    if (IsAsciiSpace(text[i]) || nbsp) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      if (nbsp) ++i;
    } else {
      out.push_back(text[i]);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<RegexMatch> FindAll(const RE2& re, std::string_view text, size_t from, size_t to) {
  std::vector<RegexMatch> out;
  to = std::min(to, text.size());
  if (from > to) return out;
  const int ngroups = std::min(re.NumberOfCapturingGroups(), 3);
  re2::StringPiece pieces[4];
  size_t pos = from;
  while (pos <= to && re.Match(text, pos, to, RE2::UNANCHORED, pieces, ngroups + 1)) {
    RegexMatch match;
    match.begin = pieces[0].data() - text.data();
    match.end = match.begin + pieces[0].size();
    for (int g = 0; g < ngroups; ++g) {
      if (pieces[g + 1].data() != nullptr) {
        match.groups[g] = std::string_view(pieces[g + 1].data(), pieces[g + 1].size());
      }
    }
    out.push_back(match);
    // An empty match must not stall the scan.
    pos = match.end > match.begin ? match.end : match.begin + 1;
  }
  return out;
}

}  // namespace factsift::extract::internal
