// Tests for check/market_fetch.h: request URLs per format, and fetching
// Binance klines page by page from a fake API on 127.0.0.1.
#include "check/market_fetch.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/testing/fake_klines_server.h"
#include "tests/testing/status_matchers.h"

namespace factsift::check {
namespace {

using testing::FakeKlinesServer;

constexpr int64_t kDayMs = FakeKlinesServer::kDayMs;
constexpr int64_t kFirstDay = 20454;  // 2026-01-01.

struct UrlCase {
  const char* name;
  MarketFormat format;
  const char* base_url;
  const char* symbol;
  const char* expected;
};

TEST(MarketRequestUrl, PathAndQueryOfEachFormat) {
  const UrlCase cases[] = {
      {"binance", MarketFormat::kBinance, "http://h:1", "BTCUSDT",
       "http://h:1/api/v3/klines?symbol=BTCUSDT&interval=1d&startTime=1767225600000"
       "&endTime=1767311999999&limit=1000"},
      {"binance_trailing_slash", MarketFormat::kBinance, "https://h/prefix/", "ETHUSDT",
       "https://h/prefix/api/v3/klines?symbol=ETHUSDT&interval=1d&startTime=1767225600000"
       "&endTime=1767311999999&limit=1000"},
      {"coingecko_seconds", MarketFormat::kCoingecko, "http://h", "bitcoin",
       "http://h/api/v3/coins/bitcoin/market_chart/range?vs_currency=usd&from=1767225600"
       "&to=1767312000"},
      {"ohlcv_is_the_file", MarketFormat::kOhlcv, "http://h/d/BTCUSD_1d.csv", "",
       "http://h/d/BTCUSD_1d.csv"},
  };
  for (const UrlCase& c : cases) {
    MarketFetchRequest request;
    request.format = c.format;
    request.base_url = c.base_url;
    request.symbol = c.symbol;
    request.from_ms = kFirstDay * kDayMs;
    request.to_ms = (kFirstDay + 1) * kDayMs - 1;
    StatusOr<std::string> url = MarketRequestUrl(request, request.from_ms);
    ASSERT_OK(url) << c.name;
    EXPECT_EQ(*url, c.expected) << c.name;
  }
}

TEST(MarketRequestUrl, RefusesWhatCannotBeSentAsIs) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"ftp://h", "BTCUSDT"},      {"h:80", "BTCUSDT"}, {"http://h/?a=1", "BTCUSDT"},
      {"http://h", "BTC&limit=5"}, {"http://h", ""},    {"http://h", "../../admin"},
  };
  for (const auto& [base, symbol] : bad) {
    MarketFetchRequest request;
    request.base_url = base;
    request.symbol = symbol;
    request.to_ms = kDayMs;
    StatusOr<std::string> url = MarketRequestUrl(request, 0);
    EXPECT_EQ(url.status().code(), StatusCode::kInvalidArgument) << base << " " << symbol;
  }
}

class MarketFetchTest : public ::testing::Test {
 protected:
  // 40 days of candles from 2026-01-01.
  FakeKlinesServer server_{kFirstDay, 40};

  MarketFetchRequest Request(int64_t first_day, int64_t last_day, int page_limit) const {
    MarketFetchRequest request;
    request.format = MarketFormat::kBinance;
    request.base_url = server_.base_url();
    request.symbol = "BTCUSDT";
    request.from_ms = first_day * kDayMs;
    request.to_ms = (last_day + 1) * kDayMs - 1;
    request.page_limit = page_limit;
    return request;
  }
  static crawler::FetchOptions Quick() {
    crawler::FetchOptions options;
    options.connect_timeout_ms = 1000;
    options.timeout_ms = 3000;
    options.concurrency = 1;
    options.allow_file_urls = false;
    return options;
  }
  crawler::CurlGlobal curl_;
};

TEST_F(MarketFetchTest, PagesUntilTheRangeIsCovered) {
  ASSERT_TRUE(server_.running());
  // 25 days at 10 a page: 10 + 10 + 5.
  StatusOr<FetchedMarketData> data =
      FetchMarketData(Request(kFirstDay + 5, kFirstDay + 29, 10), {}, Quick());
  ASSERT_OK(data);
  EXPECT_EQ(data->urls.size(), 3u);
  const std::vector<std::string> queries = server_.queries();
  ASSERT_EQ(queries.size(), 3u);
  // Each page starts 1 ms after the previous page's last open time.
  const int64_t starts[] = {kFirstDay + 5, kFirstDay + 14, kFirstDay + 24};
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_NE(queries[i].find("startTime=" + std::to_string(starts[i] * kDayMs + (i > 0 ? 1 : 0)) +
                              "&symbol=BTCUSDT"),
              std::string::npos)
        << queries[i];
    EXPECT_NE(queries[i].find("limit=10"), std::string::npos) << queries[i];
  }
  ASSERT_EQ(data->parsed.candles.size(), 25u);
  EXPECT_TRUE(data->parsed.errors.empty());
  EXPECT_TRUE(data->parsed.warnings.empty());
  for (size_t i = 0; i < data->parsed.candles.size(); ++i) {
    const Candle& candle = data->parsed.candles[i];
    const int day = 5 + static_cast<int>(i);
    EXPECT_EQ(candle.open_time_ms, (kFirstDay + day) * kDayMs);
    EXPECT_EQ(candle.asset, "BTC");
    EXPECT_EQ(candle.quote, "USDT");
    EXPECT_EQ(candle.source, "binance");
    EXPECT_EQ(candle.interval, "1d");
    EXPECT_DOUBLE_EQ(candle.open.value_or(0), 100 + day);
    EXPECT_DOUBLE_EQ(candle.high, 110 + day);
    EXPECT_DOUBLE_EQ(candle.low, 95 + day);
    EXPECT_DOUBLE_EQ(candle.close.value_or(0), 105 + day);
  }
}

TEST_F(MarketFetchTest, AFullLastPageAsksOnceMore) {
  StatusOr<FetchedMarketData> data =
      FetchMarketData(Request(kFirstDay, kFirstDay + 19, 10), {}, Quick());
  ASSERT_OK(data);
  EXPECT_EQ(data->parsed.candles.size(), 20u);
  // The API says nothing of what is left: after a full page ending before
  // the range's last millisecond, one more request comes back empty.
  EXPECT_EQ(data->urls.size(), 3u);
}

TEST_F(MarketFetchTest, AnOhlcvFileByUrlIsFilteredToTheRange) {
  MarketFetchRequest request = Request(kFirstDay + 30, kFirstDay + 34, 1000);
  request.format = MarketFormat::kOhlcv;
  request.base_url = server_.base_url() + "/files/ETHUSD_1d.csv";
  StatusOr<FetchedMarketData> data = FetchMarketData(request, {}, Quick());
  ASSERT_OK(data);
  EXPECT_EQ(data->urls, std::vector<std::string>{request.base_url});
  EXPECT_EQ(data->parsed.rows, 40u);
  ASSERT_EQ(data->parsed.candles.size(), 5u);
  EXPECT_EQ(data->parsed.candles.front().open_time_ms, (kFirstDay + 30) * kDayMs);
  EXPECT_EQ(data->parsed.candles.back().open_time_ms, (kFirstDay + 34) * kDayMs);
  EXPECT_EQ(data->parsed.candles.front().asset, "ETH");  // From the file's name.
  EXPECT_EQ(data->parsed.candles.front().quote, "USD");
  EXPECT_DOUBLE_EQ(data->parsed.candles.front().high, 140);
}

TEST_F(MarketFetchTest, TooManyPagesFail) {
  MarketFetchRequest request = Request(kFirstDay, kFirstDay + 39, 5);
  request.max_pages = 3;
  StatusOr<FetchedMarketData> data = FetchMarketData(request, {}, Quick());
  EXPECT_EQ(data.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(data.status().message().find("more than 3 pages"), std::string::npos);
}

struct FailureCase {
  const char* name;
  FakeKlinesServer::Mode mode;
  StatusCode code;
  const char* needle;
};

TEST_F(MarketFetchTest, FailedAnswersReturnAClearErrorAndNoCandles) {
  const FailureCase cases[] = {
      {"http_500", FakeKlinesServer::Mode::kError500, StatusCode::kUnavailable, "HTTP 500"},
      {"http_404", FakeKlinesServer::Mode::kNotFound, StatusCode::kNotFound, "HTTP 404"},
      {"bad_row", FakeKlinesServer::Mode::kBadRow, StatusCode::kInvalidArgument,
       ": row 3: high 'x' is not a number"},
      {"not_json", FakeKlinesServer::Mode::kNotJson, StatusCode::kInvalidArgument,
       "/api/v3/klines"},
  };
  for (const FailureCase& c : cases) {
    server_.set_mode(c.mode);
    StatusOr<FetchedMarketData> data =
        FetchMarketData(Request(kFirstDay, kFirstDay + 9, 1000), {}, Quick());
    EXPECT_EQ(data.status().code(), c.code) << c.name << ": " << data.status().ToString();
    EXPECT_NE(data.status().message().find(c.needle), std::string::npos)
        << c.name << ": " << data.status().message();
  }
}

TEST_F(MarketFetchTest, AnUnreachablePortFailsCleanly) {
  MarketFetchRequest request = Request(kFirstDay, kFirstDay + 9, 1000);
  request.base_url = "http://127.0.0.1:" + std::to_string(FakeKlinesServer::UnusedPort());
  StatusOr<FetchedMarketData> data = FetchMarketData(request, {}, Quick());
  EXPECT_EQ(data.status().code(), StatusCode::kUnavailable) << data.status().ToString();
  EXPECT_NE(data.status().message().find("127.0.0.1"), std::string::npos);
}

}  // namespace
}  // namespace factsift::check
