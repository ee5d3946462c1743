// Fuzz target: market-data files (check/market_import.h). The first byte
// picks the format; the rest is the file. Every candle that comes out must
// be one a check can use: finite, low <= high, keyed.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "check/market_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using factsift::check::MarketFormat;
  if (size == 0) return 0;
  const MarketFormat formats[] = {MarketFormat::kCoingecko, MarketFormat::kBinance,
                                  MarketFormat::kOhlcv};
  const MarketFormat format = formats[data[0] % 3];
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  factsift::check::ImportOptions options;
  options.file_name = "Binance_BTCUSDT_1d.csv";  // Lets files without a symbol column parse.
  options.max_rows = 100000;
  const auto parsed = factsift::check::ParseMarketFile(bytes, format, options);
  if (!parsed.ok()) return 0;
  for (const auto& candle : parsed->candles) {
    if (std::isnan(candle.low) || std::isnan(candle.high) || candle.low > candle.high) {
      __builtin_trap();
    }
  }
  return 0;
}
