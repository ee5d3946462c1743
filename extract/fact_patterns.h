// The grammar of market figures: one named RE2 pattern per construction,
// each with an example it must match (tests/extract/fact_patterns_test.cc
// checks every example). Patterns run on normalised text (see normalize.h):
// dashes are ASCII or en dash, quotes straight, spaces plain.
#ifndef FACTSIFT_EXTRACT_FACT_PATTERNS_H_
#define FACTSIFT_EXTRACT_FACT_PATTERNS_H_

#include <string_view>
#include <vector>

#include <re2/re2.h>

namespace factsift::extract {

enum class PatternId {
  kQuantity,      // "$272.75 million", "-4.2%", "41,300 BTC", "−0.25"
  kHedge,         // "around ", "roughly ", "~" just before a figure
  kApproxNoun,    // " range", " region", " area" just after a figure
  kBoundLower,    // "above ", "past ", "more than " just before a figure
  kBoundUpper,    // "below ", "under ", "less than " just before a figure
  kCrossing,      // "topped", "broke past", "reclaimed": an upward crossing
  kUpWord,        // "rose", "climbed", "rallied", "up", "higher", "inflows"
  kDownWord,      // "fell", "slid", "plunged", "down", "lower", "outflows"
  kPeriod,        // "over the week", "in the past 24 hours", "year-to-date"
  kSamePeriod,    // "during the same period"
  kMarketWide,    // "total crypto liquidations", "across the market"
  kShortSide,     // "short positions", "shorts"
  kLongSide,      // "long positions", "longs"
  kTotalSide,     // "total", "combined", "overall"
  kLiquidation,   // "liquidations", "liquidated", "wiped out"
  kOpenInterest,  // "open interest", "OI", "derivatives exposure"
  kMarketCap,     // "market cap", "market capitalization"
  kVolume,        // "trading volume"
  kEtfFlow,       // "inflows", "outflows", "net flows", "ETF"
  kFundingRate,   // "funding rate"
  kIndexName,     // "Coinbase Premium Index", "Fear & Greed Index"
  kPriceCue,      // "price", "trading at", "support", "peak", "toward"
  kConditional,   // "could", "target", "if", "forecast"
  kNegation,      // "did not", "never", "failed to"
  kClauseBreak,   // ", ", "; ", " while ", " and ": where a clause ends
  kNonCrypto,     // "gold", "S&P 500", "oil", "Nasdaq": other markets
  kBasket,        // "other assets", "multi-asset products": several assets, none named
  kRegion,        // "Germany", "the United States": a fund-flow split by country
  kPriceMove,     // "lost more than ", "dropped ": a price change, not a level
  kDominance,     // "dominance", "market share": a share of the market, not a change
  kLockedValue,   // "TVL", "total value locked": deposits in DeFi, an amount
  kOnePosition,   // "the largest single liquidation": one position, not a sum
};

// The last PatternId: the table has one spec for each id up to it.
inline constexpr PatternId kLastPatternId = PatternId::kOnePosition;

struct PatternSpec {
  PatternId id;
  std::string_view name;     // For debugging and the fact's `pattern` field.
  std::string_view pattern;  // RE2 syntax, without (?x).
  std::string_view example;  // An input the pattern must match.
};

// Every construction, in one table.
const std::vector<PatternSpec>& FactPatternSpecs();

// The compiled pattern for `id`. Compiled once, on first use, thread-safely;
// a pattern that fails to compile aborts (the table is tested).
const RE2& FactPattern(PatternId id);

}  // namespace factsift::extract

#endif  // FACTSIFT_EXTRACT_FACT_PATTERNS_H_
