#include "check/market_fetch.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <utility>

#include "common/claim_window.h"

namespace factsift::check {
namespace {

constexpr int64_t kDayMs = 86400000;

// Symbols and coin ids go into the path or query as they are: letters,
// digits, '-', '_' and '.' only, so that nothing needs escaping.
bool IsPlainToken(std::string_view text) {
  return !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
  });
}

Status ValidateRequest(const MarketFetchRequest& request) {
  const std::string_view base = request.base_url;
  if (!base.starts_with("http://") && !base.starts_with("https://")) {
    return Status::InvalidArgument("base URL '" + request.base_url +
                                   "' must start with http:// or https://");
  }
  if (base.find_first_of("?# \t\r\n") != std::string_view::npos) {
    return Status::InvalidArgument("base URL '" + request.base_url +
                                   "' must have no query, fragment or spaces");
  }
  if (request.format != MarketFormat::kOhlcv && !IsPlainToken(request.symbol)) {
    return Status::InvalidArgument("symbol '" + request.symbol +
                                   "' must be letters, digits, '-', '_' or '.'");
  }
  if (request.format == MarketFormat::kBinance && !IsPlainToken(request.interval)) {
    return Status::InvalidArgument("interval '" + request.interval + "' is not a kline interval");
  }
  if (request.format == MarketFormat::kCoingecko && !IsPlainToken(request.vs_currency)) {
    return Status::InvalidArgument("vs currency '" + request.vs_currency + "' is not a currency");
  }
  if (request.from_ms < 0 || request.to_ms < request.from_ms) {
    return Status::InvalidArgument("the range must have from <= to");
  }
  if (request.page_limit < 1 || request.max_pages < 1) {
    return Status::InvalidArgument("page limit and max pages must be positive");
  }
  return Status::Ok();
}

// Keeps the one result FetchAll hands over.
class OneResultSink : public PageSink {
 public:
  Status Accept(const FetchResult& result) override {
    result_ = result;
    return Status::Ok();
  }
  FetchResult& result() { return result_; }

 private:
  FetchResult result_{.page = {}, .status = Status::Internal("no fetch result")};
};

StatusOr<std::string> FetchBody(const std::string& url, const crawler::FetchOptions& fetch) {
  OneResultSink sink;
  FACTSIFT_RETURN_IF_ERROR(crawler::FetchAll({url}, fetch, sink));
  FetchResult& result = sink.result();
  if (!result.status.ok()) return result.status;
  if (result.page.http_status != 0 &&
      (result.page.http_status < 200 || result.page.http_status > 299)) {
    return Status::FailedPrecondition("fetch " + url + ": HTTP " +
                                      std::to_string(result.page.http_status));
  }
  return std::move(result.page.body);
}

}  // namespace

StatusOr<std::string> MarketRequestUrl(const MarketFetchRequest& request, int64_t start_ms) {
  FACTSIFT_RETURN_IF_ERROR(ValidateRequest(request));
  std::string base = request.base_url;
  while (base.ends_with('/') && base.size() > std::string_view("https://").size()) base.pop_back();
  switch (request.format) {
    case MarketFormat::kBinance:
      return base + "/api/v3/klines?symbol=" + request.symbol + "&interval=" + request.interval +
             "&startTime=" + std::to_string(start_ms) +
             "&endTime=" + std::to_string(request.to_ms) +
             "&limit=" + std::to_string(request.page_limit);
    case MarketFormat::kCoingecko:
      // The API takes whole seconds; widen to cover the range.
      return base + "/api/v3/coins/" + request.symbol +
             "/market_chart/range?vs_currency=" + request.vs_currency +
             "&from=" + std::to_string(request.from_ms / 1000) +
             "&to=" + std::to_string((request.to_ms + 999) / 1000);
    case MarketFormat::kOhlcv:
      return request.base_url;
  }
  return Status::InvalidArgument("unknown format");
}

StatusOr<FetchedMarketData> FetchMarketData(const MarketFetchRequest& request,
                                            const ImportOptions& import,
                                            const crawler::FetchOptions& fetch) {
  FACTSIFT_RETURN_IF_ERROR(ValidateRequest(request));
  FetchedMarketData data;
  std::map<int64_t, Candle> by_time;  // Pages may overlap; a later page's candle wins.
  ImportOptions page_options = import;
  // The Binance symbol names the asset and quote when the caller did not.
  // So does the last path segment of a CSV file's URL ("BTCUSD_1d.csv").
  if (page_options.file_name.empty() && request.format == MarketFormat::kBinance) {
    page_options.file_name = request.symbol;
  }
  if (page_options.file_name.empty() && request.format == MarketFormat::kOhlcv) {
    const std::string_view url = request.base_url;
    const size_t scheme_end = url.find("//");
    const std::string_view path =
        url.substr(scheme_end == std::string_view::npos ? 0 : scheme_end + 2);
    const size_t slash = path.find_last_of('/');
    if (slash != std::string_view::npos) page_options.file_name = path.substr(slash + 1);
  }
  int64_t start_ms = request.from_ms;
  for (int page = 0;; ++page) {
    if (page == request.max_pages) {
      return Status::ResourceExhausted("more than " + std::to_string(request.max_pages) +
                                       " pages for the range; narrow --from/--to");
    }
    StatusOr<std::string> url = MarketRequestUrl(request, start_ms);
    if (!url.ok()) return url.status();
    data.urls.push_back(*url);
    StatusOr<std::string> body = FetchBody(*url, fetch);
    if (!body.ok()) return body.status();
    StatusOr<ParsedMarketFile> parsed = ParseMarketFile(*body, request.format, page_options);
    if (!parsed.ok()) {
      return Status(parsed.status().code(), *url + ": " + parsed.status().message());
    }
    if (!parsed->errors.empty()) {
      const RowError& first = parsed->errors.front();
      return Status::InvalidArgument(*url + ": row " + std::to_string(first.line) + ": " +
                                     first.message + " (" + std::to_string(parsed->errors.size()) +
                                     " bad rows; nothing stored)");
    }
    data.parsed.rows += parsed->rows;
    int64_t last_open_ms = -1;
    for (Candle& candle : parsed->candles) {
      last_open_ms = std::max(last_open_ms, candle.open_time_ms);
      if (candle.open_time_ms < request.from_ms || candle.open_time_ms > request.to_ms) continue;
      by_time[candle.open_time_ms] = std::move(candle);
    }
    if (by_time.size() > import.max_rows) {
      return Status::ResourceExhausted("more than " + std::to_string(import.max_rows) +
                                       " candles in the range");
    }
    // Only Binance pages; a short page, or one that does not move forward,
    // ends the range.
    const bool more = request.format == MarketFormat::kBinance &&
                      parsed->rows >= static_cast<size_t>(request.page_limit) &&
                      last_open_ms >= start_ms && last_open_ms < request.to_ms;
    if (!more) break;
    start_ms = last_open_ms + 1;
  }
  for (auto& [time, candle] : by_time) data.parsed.candles.push_back(std::move(candle));
  for (size_t i = 1; i < data.parsed.candles.size(); ++i) {
    const Candle& before = data.parsed.candles[i - 1];
    const Candle& after = data.parsed.candles[i];
    if (before.interval == "1d" && after.interval == "1d" &&
        after.open_time_ms - before.open_time_ms > kDayMs) {
      data.parsed.warnings.push_back("gap: no daily candle from " +
                                     FormatDay(before.open_time_ms / kDayMs + 1) + " to " +
                                     FormatDay(after.open_time_ms / kDayMs - 1));
    }
  }
  return data;
}

}  // namespace factsift::check
