// Reading market data files into candles: CoinGecko JSON, Binance klines and
// generic OHLCV CSV. Pure parsing: storing is Store::SaveCandles.
//
//   StatusOr<ParsedMarketFile> parsed =
//       ParseMarketFile(bytes, MarketFormat::kOhlcv, {.file_name = "Binance_BTCUSDT_1d.csv"});
//   for (const RowError& e : parsed->errors) ...line e.line: e.message...
//   store->SaveCandles(parsed->candles);
//
// Formats (docs/checks.md has examples):
// - coingecko: `market_chart` JSON {"prices": [[ms, price], ...], "market_caps": ...,
//   "total_volumes": ...} (each price a "point" sample) or `ohlc` JSON
//   [[ms, open, high, low, close], ...] (ms is the candle's close time).
// - binance: kline CSV without a header (Binance's bulk files) or the REST
//   JSON array of arrays: open time, open, high, low, close, volume, close
//   time, quote volume, trades, taker volumes. Times are milliseconds, or
//   microseconds (spot files from 2025-01-01 on); told apart by magnitude.
// - ohlcv: CSV with a header naming a time column (open_time, unix, timestamp,
//   date, time, datetime) and open, high, low, close (volume optional); times
//   ISO 8601 or epoch seconds, milliseconds or microseconds; any row order
//   (CryptoDataDownload files are newest first and may start with a URL line).
#ifndef FACTSIFT_CHECK_MARKET_IMPORT_H_
#define FACTSIFT_CHECK_MARKET_IMPORT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/market.h"
#include "common/status.h"

namespace factsift::check {

enum class MarketFormat { kCoingecko, kBinance, kOhlcv };
std::optional<MarketFormat> ParseMarketFormat(std::string_view name);  // "coingecko", ...

struct ImportOptions {
  std::string asset;  // "BTC"; empty: from a Symbol column or the file name (BTCUSDT).
  std::string quote;  // "USDT"; empty: from the symbol, else USD for CoinGecko, USDT for Binance.
  std::string file_name;  // Base name, used to guess the symbol: "Binance_BTCUSDT_1d.csv".
  std::string source;     // Recorded source; empty: the format ("binance", "coingecko", "ohlcv").
  size_t max_rows = 1000000;      // More data rows fail the file (ResourceExhausted).
  size_t max_bytes = 256u << 20;  // Larger files are refused (ResourceExhausted).
};

// A row that was skipped, with its 1-based line (CSV) or item number (JSON).
struct RowError {
  size_t line = 0;
  std::string message;
};

struct ParsedMarketFile {
  std::vector<Candle> candles;  // Sorted by open time.
  std::vector<RowError> errors;
  std::vector<std::string> warnings;  // Gaps between daily candles; not errors.
  size_t rows = 0;                    // Data rows read (good and bad).
};

// Parses a whole file. Bad rows (text in a number, a timestamp in the wrong
// unit, low above high, a duplicate time) go to `errors` and are skipped.
// Errors for the whole file: InvalidArgument when the layout is wrong (no
// usable header, wrong number of columns in the first row, not JSON) or no
// asset can be found; ResourceExhausted past the limits.
StatusOr<ParsedMarketFile> ParseMarketFile(std::string_view bytes, MarketFormat format,
                                           const ImportOptions& options);

}  // namespace factsift::check

#endif  // FACTSIFT_CHECK_MARKET_IMPORT_H_
