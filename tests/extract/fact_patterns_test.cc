// The fact grammar table: every pattern compiles, matches its own example,
// and the table is consistent (fact_patterns.h; STYLE.md section 6).
#include "extract/fact_patterns.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace factsift::extract {
namespace {

std::string Text(const re2::StringPiece& piece) {
  return piece.data() == nullptr ? std::string() : std::string(piece.data(), piece.size());
}

// STYLE.md section 6: each pattern compiles with Debian's RE2 (which rejects
// (?<name>...) and (?x)); the table is checked here, not at run time.
TEST(FactPatterns, Spec_EveryPatternCompiles) {
  for (const PatternSpec& spec : FactPatternSpecs()) {
    SCOPED_TRACE(spec.name);
    RE2::Options options;
    options.set_log_errors(false);
    const RE2 re(spec.pattern, options);
    EXPECT_TRUE(re.ok()) << re.error() << " at " << re.error_arg();
  }
}

// fact_patterns.h: "each with an example it must match".
TEST(FactPatterns, Spec_EveryExampleMatchesItsPattern) {
  for (const PatternSpec& spec : FactPatternSpecs()) {
    SCOPED_TRACE(std::string(spec.name) + ": " + std::string(spec.example));
    EXPECT_FALSE(spec.example.empty());
    EXPECT_TRUE(RE2::PartialMatch(spec.example, FactPattern(spec.id)));
  }
}

// One spec per PatternId, ids and names unique, and FactPattern(id) is the
// spec's pattern.
TEST(FactPatterns, IdsAndNamesAreUnique) {
  std::set<PatternId> ids;
  std::set<std::string_view> names;
  for (const PatternSpec& spec : FactPatternSpecs()) {
    SCOPED_TRACE(spec.name);
    EXPECT_TRUE(ids.insert(spec.id).second) << "duplicate id";
    EXPECT_TRUE(names.insert(spec.name).second) << "duplicate name";
    EXPECT_FALSE(spec.name.empty());
    EXPECT_EQ(FactPattern(spec.id).pattern(), spec.pattern);
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kLastPatternId) + 1) << "a PatternId has no spec";
}

// STYLE.md section 6: "no pattern may match empty, or the loop stops
// advancing"; patterns anchored to a window's end ('$', the hedge and bound
// tails) included.
TEST(FactPatterns, Spec_NoPatternMatchesEmpty) {
  for (const PatternSpec& spec : FactPatternSpecs()) {
    SCOPED_TRACE(spec.name);
    EXPECT_FALSE(RE2::PartialMatch("", FactPattern(spec.id)));
  }
}

// Inputs beyond the table's own examples, both ways: what each construction
// covers and the near-misses it must leave alone.
TEST(FactPatterns, MatchesAndNearMisses) {
  struct Row {
    PatternId id;
    std::string input;
    bool matches;
  };
  const Row rows[] = {
      {PatternId::kQuantity, "$310M", true},
      {PatternId::kQuantity, "+$312.4M", true},
      {PatternId::kQuantity, "$1.2bn", true},
      {PatternId::kQuantity, "-0.25", true},
      {PatternId::kQuantity, "3.97 percent", true},
      {PatternId::kQuantity, "41,300 BTC", true},
      {PatternId::kQuantity, "no figures here", false},
      {PatternId::kQuantity, "2.000 $", true},
      {PatternId::kQuantity, "412 Mio. $", true},
      {PatternId::kLockedValue, "DeFi TVL sank", true},
      {PatternId::kLockedValue, "total value locked", true},
      {PatternId::kLockedValue, "TVLs-like", false},
      {PatternId::kOnePosition, "The biggest single liquidation was realised", true},
      {PatternId::kOnePosition, "the largest liquidation order hit", true},
      {PatternId::kOnePosition, "the largest liquidations since March", false},
      {PatternId::kBasket, "dollar-pegged stablecoins", true},
      {PatternId::kBasket, "weekly DEX volume", true},
      {PatternId::kBasket, "stablecoin", false},
      {PatternId::kDominance, "die sogenannte Dominanz", true},
      {PatternId::kLiquidation, "Positionen liquidiert", true},
      {PatternId::kLiquidation, "ont été liquidées", true},
      {PatternId::kLiquidation, "liquidity", false},
      {PatternId::kEtfFlow, "Nettoabflüsse", true},
      {PatternId::kEtfFlow, "entrées nettes", true},
      {PatternId::kDownWord, "Solana verlor", true},
      {PatternId::kDownWord, "ein Minus von", true},
      {PatternId::kDownWord, "minus", false},
      {PatternId::kUpWord, "a gagné", true},
      {PatternId::kUpWord, "im Plus", true},
      {PatternId::kUpWord, "plus", false},
      {PatternId::kUpWord, "a progressé de", true},
      {PatternId::kUpWord, "little progress", false},
      {PatternId::kMarketCap, "circulating supply", true},
      {PatternId::kMarketCap, "Marktkapitalisierung", true},
      {PatternId::kClauseBreak, " As ", true},
      {PatternId::kHedge, "rose about ", true},
      {PatternId::kHedge, "traded at ~", true},
      {PatternId::kHedge, "about the ", true},
      {PatternId::kHedge, "rose about 5", false},  // Anchored at the figure.
      {PatternId::kApproxNoun, " range", true},
      {PatternId::kApproxNoun, " handle", true},
      {PatternId::kApproxNoun, " ranger", false},
      {PatternId::kBoundLower, "more than ", true},
      {PatternId::kBoundLower, "topped the ", true},
      {PatternId::kBoundLower, "moreover ", false},
      {PatternId::kBoundUpper, "below ", true},
      {PatternId::kBoundUpper, "slipped under the ", true},
      {PatternId::kBoundUpper, "thunder ", false},
      {PatternId::kCrossing, "reclaimed ", true},
      {PatternId::kCrossing, "fell to ", false},
      {PatternId::kUpWord, "rallied", true},
      {PatternId::kUpWord, "inflows", true},
      {PatternId::kUpWord, "upgrade", false},
      {PatternId::kDownWord, "plunged", true},
      {PatternId::kDownWord, "outflows", true},
      {PatternId::kDownWord, "downtown", false},
      {PatternId::kPeriod, "in the past 24 hours", true},
      {PatternId::kPeriod, "over the course of the week", true},
      {PatternId::kPeriod, "year-to-date", true},
      {PatternId::kPeriod, "since the start of the year", true},
      {PatternId::kPeriod, "weekday", false},
      {PatternId::kSamePeriod, "during the same period", true},
      {PatternId::kMarketWide, "across the market", true},
      {PatternId::kMarketWide, "the broader crypto market", true},
      {PatternId::kMarketWide, "marketing", false},
      {PatternId::kShortSide, "shorts", true},
      {PatternId::kShortSide, "short-term", false},
      {PatternId::kLongSide, "long positions", true},
      {PatternId::kLongSide, "longer", false},
      {PatternId::kLiquidation, "liquidations", true},
      {PatternId::kLiquidation, "wiped out", true},
      {PatternId::kOpenInterest, "open interest", true},
      {PatternId::kOpenInterest, "OI", true},
      {PatternId::kOpenInterest, "oil", false},
      {PatternId::kMarketCap, "market capitalisation", true},
      {PatternId::kVolume, "trading volumes", true},
      {PatternId::kEtfFlow, "net outflows", true},
      {PatternId::kEtfFlow, "spot bitcoin ETFs", true},
      {PatternId::kEtfFlow, "etfs", false},  // Case-sensitive: an acronym.
      {PatternId::kFundingRate, "funding rates", true},
      {PatternId::kIndexName, "the Crypto Fear & Greed Index printed", true},
      {PatternId::kIndexName, "an index of prices", false},
      {PatternId::kPriceCue, "changing hands", true},
      {PatternId::kConditional, "analysts expect", true},
      {PatternId::kNegation, "failed to", true},
      {PatternId::kNegation, "nothing", false},
      {PatternId::kClauseBreak, "; ", true},
      {PatternId::kClauseBreak, " while ", true},
      {PatternId::kClauseBreak, "meanwhile", false},
      {PatternId::kNonCrypto, "the S&P 500", true},
      {PatternId::kNonCrypto, "Nasdaq", true},
      {PatternId::kNonCrypto, "golden cross", false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.input);
    EXPECT_EQ(RE2::PartialMatch(row.input, FactPattern(row.id)), row.matches);
  }
}

// The quantity pattern's named groups are what facts.cc reads; they must
// exist and capture the parts of "+$312.4M".
TEST(FactPatterns, QuantityNamedGroups) {
  const RE2& re = FactPattern(PatternId::kQuantity);
  const std::map<std::string, int>& groups = re.NamedCapturingGroups();
  for (const char* name :
       {"sign", "arrow", "cur", "num", "word", "letter", "pct", "unit", "cursuf", "dollars"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(groups.count(name), 1u);
  }
  struct Row {
    std::string input;
    std::string num, scale, pct;
  };
  const Row rows[] = {
      {"+$312.4M", "312.4", "M", ""},
      {"$272.75 million", "272.75", "million", ""},
      {"-4.2%", "4.2", "", "%"},
      {"$1,978.27", "1,978.27", "", ""},
      {"3.97 percent", "3.97", "", "percent"},
      // French and German copy: scale words and abbreviations.
      {"318,5 millions de dollars", "318,5", "millions", ""},
      {"412 Mio. $", "412", "Mio.", ""},
      {"2,37 Billionen $", "2,37", "Billionen", ""},
      {"1,1 milliard de dollars", "1,1", "milliard", ""},
      // Digit runs are bounded: a long run is read in pieces.
      {"1234567890123456789012345678901234567890", "123456789012345678901234", "", ""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.input);
    const int n = re.NumberOfCapturingGroups() + 1;
    std::vector<re2::StringPiece> pieces(n);
    ASSERT_TRUE(re.Match(row.input, 0, row.input.size(), RE2::UNANCHORED, pieces.data(), n));
    EXPECT_EQ(Text(pieces[groups.at("num")]), row.num);
    const std::string word = Text(pieces[groups.at("word")]);
    EXPECT_EQ(word.empty() ? Text(pieces[groups.at("letter")]) : word, row.scale);
    EXPECT_EQ(Text(pieces[groups.at("pct")]), row.pct);
  }
}

}  // namespace
}  // namespace factsift::extract
