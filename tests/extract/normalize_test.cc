// NormalizeForFacts: the NFKC-style foldings that matter for figures, with
// a byte map back to the original text.
#include "extract/internal/normalize.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace factsift::extract::internal {
namespace {

// normalize.h: dashes and minus signs (U+2010..U+2015, U+2212) become '-',
// non-breaking and thin spaces ' ', curly quotes straight ones, full-width
// digits and '$', '%', ',', '.' ASCII; zero-width characters go; everything
// else passes unchanged. The seed page writes "−0.25" with U+2212 and
// "$21–$22 billion" with an en dash (corpus/deythere).
TEST(NormalizeForFacts, FoldsFigureCharacters) {
  struct Row {
    std::string name;
    std::string input;
    std::string expected;
  };
  const Row rows[] = {
      {"minus sign", "near \u22120.25", "near -0.25"},
      {"en dash", "$21\u2013$22 billion", "$21-$22 billion"},
      // An em dash sets off a clause: it is written as a spaced dash.
      {"em dash", "rally\u2014again", "rally - again"},
      {"hyphen and non-breaking hyphen", "a\u2010b\u2011c", "a-b-c"},
      {"figure dash and horizontal bar", "1\u20122\u20153", "1-2 - 3"},
      {"small and full-width hyphen-minus", "\uFE631 \uFF0D2", "-1 -2"},
      {"no-break space", "$67,835\u00A0USD", "$67,835 USD"},
      {"thin space", "41\u2009300 BTC", "41 300 BTC"},
      {"narrow no-break space", "5\u202F%", "5 %"},
      {"ideographic space", "a\u3000b", "a b"},
      {"curly single quotes", "\u2018Bitcoin\u2019s\u2019", "'Bitcoin's'"},
      {"curly double quotes", "\u201Cshort squeeze\u201D", "\"short squeeze\""},
      {"full-width digits", "\uFF11\uFF12\uFF13", "123"},
      {"full-width dollar, comma, point, percent",
       "\uFF04\uFF11\uFF0C\uFF12\uFF10\uFF10\uFF0E\uFF15\uFF05", "$1,200.5%"},
      {"full-width plus", "\uFF0B3%", "+3%"},
      {"zero-width space", "1\u200B000", "1000"},
      {"zero-width joiner and non-joiner", "a\u200Cb\u200Dc", "abc"},
      {"word joiner and bom", "\uFEFF$5\u2060M", "$5M"},
      {"soft hyphen", "liqui\u00ADdations", "liquidations"},
      {"ellipsis kept", "rose\u2026", "rose\u2026"},
      {"letters kept", "caf\u00E9 \u00FCber \u65E5\u672C \U0001F680",
       "caf\u00E9 \u00FCber \u65E5\u672C \U0001F680"},
      {"ascii unchanged", "Bitcoin rose 3.97% to $73,000.", "Bitcoin rose 3.97% to $73,000."},
      {"empty", "", ""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const NormalizedText normalized = NormalizeForFacts(row.input);
    EXPECT_EQ(normalized.text, row.expected);
    if (normalized.to_original.size() != normalized.text.size() + 1) {
      ADD_FAILURE() << "to_original has " << normalized.to_original.size() << " entries for "
                    << normalized.text.size() << " bytes";
      continue;
    }
    EXPECT_EQ(normalized.to_original.back(), row.input.size());
    // Non-decreasing: a folded character may map several output bytes to one
    // input position (the em dash's three).
    for (size_t i = 1; i < normalized.to_original.size(); ++i) {
      EXPECT_LE(normalized.to_original[i - 1], normalized.to_original[i]) << "at " << i;
    }
  }
}

// normalize.h: to_original[i] is the input offset of text[i], plus one entry
// for the end, so that a fact found in the normalised text points at its
// exact original bytes.
TEST(NormalizeForFacts, OffsetMapPointsIntoTheOriginal) {
  struct Row {
    std::string name;
    std::string input;
    std::vector<uint32_t> to_original;
  };
  const Row rows[] = {
      {"ascii", "ab", {0, 1, 2}},
      {"minus then zero-width", "A\u2212\u200B5", {0, 1, 7, 8}},
      {"nbsp", "1\u00A02", {0, 1, 3, 4}},
      {"kept multibyte", "\u00E9-", {0, 1, 2, 3}},
      {"full-width digit", "\uFF15%", {0, 3, 4}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(NormalizeForFacts(row.input).to_original, row.to_original);
  }
}

// A figure's span found in normalised text maps back to the original words:
// "hovering near −0.25" (corpus/deythere) keeps its U+2212 in the fact text.
TEST(NormalizeForFacts, SpansMapBackToOriginalWords) {
  const std::string original =
      "the Coinbase Premium Index remained deeply negative, hovering near \u22120.25 as";
  const NormalizedText normalized = NormalizeForFacts(original);
  const size_t begin = normalized.text.find("-0.25");
  ASSERT_NE(begin, std::string::npos);
  const size_t end = begin + 5;
  const uint32_t from = normalized.to_original[begin];
  const uint32_t to = normalized.to_original[end];
  EXPECT_EQ(original.substr(from, to - from), "\u22120.25");
}

}  // namespace
}  // namespace factsift::extract::internal
