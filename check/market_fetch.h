// Fetching market data over HTTP from a configured base URL and parsing it
// with the same code as `market import` (check/market_import.h).
//
//   MarketFetchRequest request;
//   request.format = MarketFormat::kBinance;
//   request.base_url = "http://127.0.0.1:8080";  // Where the API answers.
//   request.symbol = "BTCUSDT";
//   request.from_ms = ...; request.to_ms = ...;   // Inclusive, UTC.
//   StatusOr<FetchedMarketData> data = FetchMarketData(request, import_options, fetch_options);
//   store->SaveCandles(data->parsed.candles);      // One transaction.
//
// Request paths are those of the public APIs:
// - binance: GET {base}/api/v3/klines?symbol=BTCUSDT&interval=1d&startTime=MS&endTime=MS&limit=N,
//   paged (the next page starts 1 ms after the last candle's open time) until a page is short or
//   reaches the end of the range.
// - coingecko: GET {base}/api/v3/coins/{id}/market_chart/range?vs_currency=usd&from=S&to=S
//   (seconds), one request.
// - ohlcv: GET {base} itself: the base URL is the CSV file's URL, one request.
// Candles outside from..to are dropped (a server may send more).
#ifndef FACTSIFT_CHECK_MARKET_FETCH_H_
#define FACTSIFT_CHECK_MARKET_FETCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "check/market_import.h"
#include "common/status.h"
#include "crawler/fetcher.h"

namespace factsift::check {

struct MarketFetchRequest {
  MarketFormat format = MarketFormat::kBinance;
  std::string base_url;             // http(s)://host[:port][/prefix], no query.
  std::string symbol;               // binance: "BTCUSDT"; coingecko: coin id "bitcoin".
  std::string interval = "1d";      // binance kline interval.
  std::string vs_currency = "usd";  // coingecko quote currency.
  int64_t from_ms = 0, to_ms = 0;   // Inclusive range, UTC milliseconds; from <= to.
  int page_limit = 1000;            // binance rows per page (the API's maximum is 1000).
  int max_pages = 100;              // More pages fail the fetch (ResourceExhausted).
};

// The URL of the request that starts at `start_ms` (binance pages; the other
// formats ignore it). InvalidArgument for a bad base URL or symbol.
StatusOr<std::string> MarketRequestUrl(const MarketFetchRequest& request, int64_t start_ms);

struct FetchedMarketData {
  ParsedMarketFile parsed;        // Every page's candles, sorted by open time, no duplicates.
  std::vector<std::string> urls;  // The requests made, in order.
};

// Fetches the range and parses every response with ParseMarketFile. All or
// nothing: any failure returns an error and no candles, so that a caller
// stores nothing. Errors name the request's URL:
//   - the fetch's own Status (crawler/fetcher.h) for a non-2xx answer, a
//     refused connection, a timeout or a body over fetch.max_bytes;
//   - InvalidArgument for a body that does not parse, or any bad row
//     ("URL: row 3: high 'x' is not a number"), or bad request fields;
//   - ResourceExhausted past max_pages or import.max_rows candles in all.
// REQUIRES: a crawler::CurlGlobal is alive.
StatusOr<FetchedMarketData> FetchMarketData(const MarketFetchRequest& request,
                                            const ImportOptions& import,
                                            const crawler::FetchOptions& fetch);

}  // namespace factsift::check

#endif  // FACTSIFT_CHECK_MARKET_FETCH_H_
