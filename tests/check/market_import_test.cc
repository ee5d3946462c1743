// Market data import: the three formats, unit detection, malformed files
// (check/market_import.h), and storing them idempotently (Store::SaveCandles).
#include "check/market_import.h"

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "schema/store.h"

#include "tests/testing/status_matchers.h"

namespace factsift::check {
namespace {

constexpr int64_t kMar4 = 1772582400000;  // 2026-03-04T00:00:00Z in milliseconds.
constexpr int64_t kDay = 86400000;

ImportOptions Options(std::string asset, std::string file_name = "") {
  ImportOptions options;
  options.asset = std::move(asset);
  options.file_name = std::move(file_name);
  return options;
}

// Both real layouts of ../shared/market: ISO open times with a header, and
// CryptoDataDownload's (URL line, Unix ms, Symbol column, newest first).
TEST(MarketImport, Spec_OhlcvLayouts) {
  const std::string iso =
      "open_time,open,high,low,close,volume,close_time,quote_asset_volume,number_of_trades\n"
      "2026-03-04 00:00:00+00:00,68338.01,74050.0,67400.0,72666.77,1.5,2026-03-04 "
      "23:59:59.999000+00:00,1,2\n"
      "2026-03-05 00:00:00+00:00,72666.77,73558.15,70645.47,70890.72,2.5,2026-03-05 "
      "23:59:59.999000+00:00,1,2\n";
  StatusOr<ParsedMarketFile> parsed =
      ParseMarketFile(iso, MarketFormat::kOhlcv, Options("", "Binance_BTCUSDT_1d.csv"));
  ASSERT_OK(parsed);
  ASSERT_EQ(parsed->candles.size(), 2u);
  EXPECT_TRUE(parsed->errors.empty());
  const Candle& first = parsed->candles[0];
  EXPECT_EQ(first.asset, "BTC");
  EXPECT_EQ(first.quote, "USDT");
  EXPECT_EQ(first.interval, "1d");
  EXPECT_EQ(first.open_time_ms, kMar4);
  EXPECT_DOUBLE_EQ(first.high, 74050.0);
  EXPECT_DOUBLE_EQ(first.low, 67400.0);

  const std::string cdd =
      "https://www.CryptoDataDownload.com\n"
      "Unix,Date,Symbol,Open,High,Low,Close,Volume TRX,Volume USDT,tradecount\n"
      "1715472000000,2024-05-12,TRXUSDT,0.12638,0.1274,0.12636,0.12738,122535117.0,1,65044\n"
      "1715385600000,2024-05-11,TRXUSDT,0.12741,0.12767,0.12588,0.12638,189065806.6,1,89219\n";
  parsed = ParseMarketFile(cdd, MarketFormat::kOhlcv, {});
  ASSERT_OK(parsed);
  ASSERT_EQ(parsed->candles.size(), 2u);
  EXPECT_EQ(parsed->candles[0].asset, "TRX");
  EXPECT_EQ(parsed->candles[0].quote, "USDT");
  EXPECT_LT(parsed->candles[0].open_time_ms, parsed->candles[1].open_time_ms);  // Sorted.
  EXPECT_EQ(parsed->candles[0].interval, "1d");
  EXPECT_DOUBLE_EQ(*parsed->candles[0].volume, 189065806.6);  // The asset's volume.
}

// Binance klines: no header; ms before 2025, µs in spot files from 2025-01-01.
TEST(MarketImport, Spec_BinanceMillisecondsAndMicroseconds) {
  const std::string ms =
      "1772582400000,68338.01,74050.0,67400.0,72666.77,1.5,1772668799999,1,2,0,0,0\n";
  const std::string us =
      "1772582400000000,68338.01,74050.0,67400.0,72666.77,1.5,1772668799999999,1,2,0,0,0\n";
  for (const std::string& file : {ms, us}) {
    StatusOr<ParsedMarketFile> parsed =
        ParseMarketFile(file, MarketFormat::kBinance, Options("btc"));
    ASSERT_OK(parsed);
    ASSERT_EQ(parsed->candles.size(), 1u);
    EXPECT_EQ(parsed->candles[0].open_time_ms, kMar4);
    EXPECT_EQ(parsed->candles[0].interval, "1d");
    EXPECT_EQ(parsed->candles[0].asset, "BTC");
    EXPECT_EQ(parsed->candles[0].quote, "USDT");
  }
  // The REST API's JSON: prices as strings.
  const std::string json =
      R"([[1772582400000,"68338.01","74050.0","67400.0","72666.77","1.5",1772668799999,"1",2,"0","0","0"]])";
  StatusOr<ParsedMarketFile> parsed =
      ParseMarketFile(json, MarketFormat::kBinance, Options("", "BTCUSDT-1d.json"));
  ASSERT_OK(parsed);
  ASSERT_EQ(parsed->candles.size(), 1u);
  EXPECT_DOUBLE_EQ(parsed->candles[0].high, 74050.0);
}

TEST(MarketImport, Spec_CoingeckoMarketChartAndOhlc) {
  const std::string chart =
      R"({"prices": [[1772582400000, 68338.5], [1772586000000, 69000.25]],
          "market_caps": [[1772582400000, 1.3e12]], "total_volumes": [[1772582400000, 3e10]]})";
  StatusOr<ParsedMarketFile> parsed =
      ParseMarketFile(chart, MarketFormat::kCoingecko, Options("BTC"));
  ASSERT_OK(parsed);
  ASSERT_EQ(parsed->candles.size(), 2u);
  EXPECT_EQ(parsed->candles[0].quote, "USD");
  EXPECT_EQ(parsed->candles[0].interval, "point");
  EXPECT_DOUBLE_EQ(parsed->candles[1].high, 69000.25);
  EXPECT_DOUBLE_EQ(parsed->candles[1].low, 69000.25);

  // ohlc stamps a candle with its close time: 4-day candles here.
  const std::string ohlc = "[[1772582400000, 1, 3, 0.5, 2], [1772928000000, 2, 4, 1.5, 3]]";
  parsed = ParseMarketFile(ohlc, MarketFormat::kCoingecko, Options("BTC"));
  ASSERT_OK(parsed);
  ASSERT_EQ(parsed->candles.size(), 2u);
  EXPECT_EQ(parsed->candles[0].interval, std::to_string(4 * kDay) + "ms");
  EXPECT_EQ(parsed->candles[0].open_time_ms, kMar4 - 4 * kDay);
}

// Malformed rows: each reported with its line and skipped; the rest kept.
TEST(MarketImport, Heuristic_BadRowsNamedByLine) {
  const std::string header = "timestamp,open,high,low,close,volume\n";
  struct Row {
    const char* name;
    std::string line;
    const char* message;  // Substring of the error.
  } rows[] = {
      {"text in a number", "2026-03-05,1,two,0.5,1.5,10", "high 'two' is not a number"},
      {"seconds that land in the year 4707", "86400000000,1,2,0.5,1.5,10", "wrong unit"},
      {"timestamp with too many digits", "17725824000000000000,1,2,0.5,1.5,10",
       "not in seconds, milliseconds or microseconds"},
      {"low above high", "2026-03-05,1,2,3,1.5,10", "low is above high"},
      {"close outside the range", "2026-03-05,1,2,0.5,9,10", "outside low..high"},
      {"missing column", "2026-03-05,1,2,0.5,1.5", "5 columns, the header has 6"},
      {"bad date", "2026-13-45,1,2,0.5,1.5,10", "neither ISO 8601 nor an epoch number"},
      {"negative price", "2026-03-05,-1,2,0.5,1.5,10", "negative"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const std::string file = header + "2026-03-04,1,2,0.5,1.5,10\n" + row.line + "\n";
    StatusOr<ParsedMarketFile> parsed = ParseMarketFile(file, MarketFormat::kOhlcv, Options("BTC"));
    ASSERT_OK(parsed);
    EXPECT_EQ(parsed->candles.size(), 1u);  // The good row stays.
    ASSERT_EQ(parsed->errors.size(), 1u);
    EXPECT_EQ(parsed->errors[0].line, 3u);
    EXPECT_NE(parsed->errors[0].message.find(row.message), std::string::npos)
        << parsed->errors[0].message;
  }
}

TEST(MarketImport, Heuristic_DuplicatesAndGaps) {
  const std::string file =
      "date,open,high,low,close\n"
      "2026-03-01,1,2,0.5,1.5\n"
      "2026-03-02,1,2,0.5,1.5\n"
      "2026-03-02,1,3,0.5,1.5\n"
      "2026-03-05,1,2,0.5,1.5\n";
  StatusOr<ParsedMarketFile> parsed = ParseMarketFile(file, MarketFormat::kOhlcv, Options("X"));
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed->candles.size(), 3u);
  ASSERT_EQ(parsed->errors.size(), 1u);
  EXPECT_EQ(parsed->errors[0].line, 4u);
  EXPECT_NE(parsed->errors[0].message.find("duplicate time"), std::string::npos);
  EXPECT_NE(parsed->errors[0].message.find("line 3"), std::string::npos);
  ASSERT_EQ(parsed->warnings.size(), 1u);
  EXPECT_NE(parsed->warnings[0].find("2026-03-03 to 2026-03-04"), std::string::npos);
}

// Whole-file errors: the layout is wrong, so no row can be trusted.
TEST(MarketImport, Heuristic_WrongLayoutFailsTheFile) {
  struct Row {
    const char* name;
    MarketFormat format;
    std::string file;
  } rows[] = {
      {"no header columns", MarketFormat::kOhlcv, "a,b,c\n1,2,3\n"},
      {"empty", MarketFormat::kOhlcv, ""},
      {"header in a Binance file", MarketFormat::kBinance,
       "open_time,open,high,low,close,volume,close_time\n1,2,3,4,5,6,7\n"},
      {"too few Binance columns", MarketFormat::kBinance, "1772582400000,1,2,3\n"},
      {"not JSON", MarketFormat::kCoingecko, "{prices: oops"},
      {"JSON without prices", MarketFormat::kCoingecko, R"({"volumes": []})"},
      {"no asset anywhere", MarketFormat::kOhlcv,
       "date,open,high,low,close\n2026-03-01,1,2,0.5,1\n"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    StatusOr<ParsedMarketFile> parsed = ParseMarketFile(row.file, row.format, {});
    EXPECT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(MarketImport, Heuristic_LimitsAreExplicit) {
  std::string file = "date,open,high,low,close\n";
  for (int day = 1; day <= 5; ++day) file += "2026-03-0" + std::to_string(day) + ",1,2,0.5,1\n";
  StatusOr<ParsedMarketFile> parsed = ParseMarketFile(file, MarketFormat::kOhlcv, [] {
    ImportOptions o = Options("X");
    o.max_rows = 4;
    return o;
  }());
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kResourceExhausted);
  parsed = ParseMarketFile(file, MarketFormat::kOhlcv, [] {
    ImportOptions o = Options("X");
    o.max_bytes = 10;
    return o;
  }());
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kResourceExhausted);
}

// Importing twice changes nothing; a changed value is counted as changed; a
// bad candle refuses the whole batch (nothing half-imported).
TEST(MarketImport, StoreIsIdempotentAndAllOrNothing) {
  StatusOr<std::unique_ptr<schema::Store>> store = schema::Store::Open(":memory:");
  ASSERT_OK(store);
  std::vector<Candle> candles;
  for (int i = 0; i < 3; ++i) {
    Candle c;
    c.asset = "BTC";
    c.quote = "USDT";
    c.source = "binance";
    c.open_time_ms = kMar4 + i * kDay;
    c.open = 1;
    c.high = 2 + i;
    c.low = 0.5;
    c.close = 1.5;
    candles.push_back(c);
  }
  StatusOr<schema::CandleCounts> counts = (*store)->SaveCandles(candles);
  ASSERT_OK(counts);
  EXPECT_EQ(counts->added, 3);
  counts = (*store)->SaveCandles(candles);
  ASSERT_OK(counts);
  EXPECT_EQ(counts->added, 0);
  EXPECT_EQ(counts->unchanged, 3);
  candles[1].high = 9;
  counts = (*store)->SaveCandles(candles);
  ASSERT_OK(counts);
  EXPECT_EQ(counts->changed, 1);

  std::vector<Candle> bad = candles;
  bad[0].high = 100;             // Would change...
  bad[2].low = bad[2].high + 1;  // ...but this one is invalid.
  EXPECT_FALSE((*store)->SaveCandles(bad).ok());
  StatusOr<std::vector<Candle>> loaded = (*store)->LoadCandles("BTC", kMar4, kMar4 + 3 * kDay);
  ASSERT_OK(loaded);
  ASSERT_EQ(loaded->size(), 3u);
  EXPECT_DOUBLE_EQ((*loaded)[0].high, 2);  // Unchanged: the batch was refused.
  EXPECT_DOUBLE_EQ((*loaded)[1].high, 9);
}

}  // namespace
}  // namespace factsift::check
