// Value types for cross-checking: market candles imported from price files,
// and the check rows that compare an article's claims with evidence.
#ifndef FACTSIFT_COMMON_MARKET_H_
#define FACTSIFT_COMMON_MARKET_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/article.h"

namespace factsift {

// One OHLC candle (or one price sample, where open = high = low = close).
struct Candle {
  std::string asset;            // "BTC".
  std::string quote;            // "USDT", "USD". USDT is not USD: checks say so.
  std::string source;           // "binance", "coingecko", "ohlcv".
  std::string interval = "1d";  // "1d"; "point" for a price sample.
  int64_t open_time_ms = 0;     // UTC.
  std::optional<double> open;
  double high = 0, low = 0;
  std::optional<double> close;
  std::optional<double> volume;  // In the asset.

  bool operator==(const Candle&) const = default;
};

// Persisted by name (VerdictName): the names are the contract.
enum class Verdict { kSupported, kContradicted, kUnverifiable };
std::string_view VerdictName(Verdict verdict);
std::optional<Verdict> ParseVerdict(std::string_view name);

// One check: a rule applied to a fact (or to the article) with its evidence.
struct CheckRow {
  std::string rule;  // "market_price", "restatement", ...
  Verdict verdict = Verdict::kUnverifiable;
  std::optional<Fact> fact;            // The claim checked; nullopt for article-level rules.
  int fact_index = -1;                 // Index into Article::facts; -1 with no fact.
  std::string expected;                // What the claim says: "near 73000 USD (±3%)".
  std::string observed;                // What the evidence says: "high 74050 USDT on 2026-03-04".
  std::optional<double> delta;         // Relative distance, percent; nullopt when none applies.
  std::string window_from, window_to;  // Evidence days, "YYYY-MM-DD"; empty when none.
  std::string window_source;           // "published day", "phrase 'late January'", "page".
  std::string about;                   // One sentence a person can read.

  bool operator==(const CheckRow&) const = default;
};

}  // namespace factsift

#endif  // FACTSIFT_COMMON_MARKET_H_
