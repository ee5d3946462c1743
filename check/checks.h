// Cross-checks: every claim of an article against market data, the article's
// other claims and the page's own market snapshot, each with a suggested
// verdict and its evidence for a person to confirm.
//
//   StoreMarketData market(store.get());
//   StatusOr<std::vector<CheckRow>> rows = CheckArticle(article, market);
//   for (const CheckRow& row : *rows) ...row.rule, row.verdict, row.about...
//
// Rules (tolerances and windows: docs/checks.md, CheckOptions below):
//   market_price     a price level against the asset's low..high over the claim window
//   market_range     a price range against the window's low and high
//   market_change    a percent change against the close-to-close change over the window
//   liquidation_sum  long + short liquidations against the stated total
//   etf_flow_sum     fund flows against the stated total of the same day
//   restatement      a claim restated (headline, summary, FAQ) against the body;
//                    stated arithmetic ("from A to B, a decline of N%", "N% below
//                    B", "N% of B") recomputed; coins "worth $V" against the
//                    article's price
//   dates            updated before published
//   snapshot         the page's widgets against each other and against the claims
#ifndef FACTSIFT_CHECK_CHECKS_H_
#define FACTSIFT_CHECK_CHECKS_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/article.h"
#include "common/market.h"
#include "common/status.h"

namespace factsift::schema {
class Store;
}

namespace factsift::check {

struct CheckOptions {
  // Relative tolerance, percent, for a price stated exactly ("$73,000").
  double exact_tolerance_pct = 1.0;
  // For a hedged price ("near", "around", "roughly").
  double approx_tolerance_pct = 3.0;
  // Added when the data's quote is not the claim's unit (USDT vs USD differ by
  // up to about 1%).
  double quote_mismatch_pct = 1.0;
  // Sums (liquidations, fund flows): relative tolerance, percent, on top of the
  // rounding of the stated figures.
  double sum_tolerance_pct = 1.0;
  // Percent changes: absolute tolerance, percentage points, for the
  // measured close-to-close change (the hour an article measures at is unknown).
  double change_tolerance_points = 1.5;
  // Snapshot against claims: relative tolerance, percent, for prices.
  double snapshot_tolerance_pct = 1.0;
};

// Where market candles come from: the database, or a list in tests.
class MarketData {
 public:
  virtual ~MarketData() = default;
  // Candles of `asset` opening in [from_ms, to_ms), by open time.
  virtual StatusOr<std::vector<Candle>> Candles(std::string_view asset, int64_t from_ms,
                                                int64_t to_ms) = 0;
};

// Candles from a Store (not owned; must outlive this). Not thread-safe.
class StoreMarketData : public MarketData {
 public:
  explicit StoreMarketData(schema::Store* store) : store_(store) {}
  StatusOr<std::vector<Candle>> Candles(std::string_view asset, int64_t from_ms,
                                        int64_t to_ms) override;

 private:
  schema::Store* store_;  // Not owned.
};

// Candles held in memory (tests, drafts with a file of prices).
class VectorMarketData : public MarketData {
 public:
  explicit VectorMarketData(std::vector<Candle> candles) : candles_(std::move(candles)) {}
  StatusOr<std::vector<Candle>> Candles(std::string_view asset, int64_t from_ms,
                                        int64_t to_ms) override;

 private:
  std::vector<Candle> candles_;
};

// Runs every rule over `article`. Rows come rule by rule, in fact order. A
// conditional fact (forecast, target) is never checked against what
// happened: it gets an unverifiable market row saying so. Errors: only those
// of `market` (a database error); missing data gives unverifiable rows.
StatusOr<std::vector<CheckRow>> CheckArticle(const Article& article, MarketData& market,
                                             const CheckOptions& options = {});

}  // namespace factsift::check

#endif  // FACTSIFT_CHECK_CHECKS_H_
