// Market data files to candles: CSV and JSON layouts, unit detection, per-row errors.
#include "check/market_import.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "common/claim_window.h"
#include "common/time_util.h"

namespace factsift::check {
namespace {

constexpr int64_t kDayMs = 86400000;
// Bitcoin's genesis block (2009-01-03): no crypto market data is older, so an
// older time is a timestamp read in the wrong unit.
constexpr int64_t kEarliestMs = 1230940800000;

// Quote currencies, longest first so that BTCUSDT is BTC/USDT, not BTCUSD/T.
constexpr std::array<std::string_view, 10> kQuotes = {"FDUSD", "USDT", "USDC", "BUSD", "TUSD",
                                                      "USD",   "EUR",  "GBP",  "BTC",  "ETH"};

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() &&
         (std::isspace(static_cast<unsigned char>(text.front())) != 0 || text.front() == '"')) {
    text.remove_prefix(1);
  }
  while (!text.empty() &&
         (std::isspace(static_cast<unsigned char>(text.back())) != 0 || text.back() == '"')) {
    text.remove_suffix(1);
  }
  return text;
}

// "BTCUSDT", "BTC/USDT", "BTC-USD" -> {"BTC", "USDT"}; nullopt when no known quote ends it.
std::optional<std::pair<std::string, std::string>> SplitSymbol(std::string_view symbol) {
  std::string upper = Upper(Trim(symbol));
  upper.erase(std::remove_if(upper.begin(), upper.end(),
                             [](char c) { return c == '/' || c == '-' || c == '_'; }),
              upper.end());
  for (std::string_view quote : kQuotes) {
    if (upper.size() > quote.size() + 1 && upper.ends_with(quote)) {
      const std::string base = upper.substr(0, upper.size() - quote.size());
      if (std::all_of(base.begin(), base.end(),
                      [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }) &&
          base.size() <= 10) {
        return std::make_pair(base, std::string(quote));
      }
    }
  }
  return std::nullopt;
}

// The symbol in a file name: "Binance_BTCUSDT_1d.csv" -> BTC/USDT.
std::optional<std::pair<std::string, std::string>> SymbolOfFileName(std::string_view name) {
  const size_t slash = name.find_last_of('/');
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  size_t start = 0;
  for (size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '_' || name[i] == '.' || name[i] == '-' || name[i] == ' ') {
      if (std::optional<std::pair<std::string, std::string>> symbol =
              SplitSymbol(name.substr(start, i - start))) {
        return symbol;
      }
      start = i + 1;
    }
  }
  return std::nullopt;
}

std::optional<double> ParseNumber(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// An epoch time in the units the format allows, as milliseconds; the error
// names the unit problem.
StatusOr<int64_t> EpochToMs(double value, bool allow_seconds, std::string_view what) {
  if (value < 0 || std::floor(value) != value) {
    return Status::InvalidArgument(std::string(what) + " is not a whole non-negative number");
  }
  int64_t ms = 0;
  if (value >= 1e15 && value < 1e17) {
    ms = static_cast<int64_t>(value / 1000);  // Microseconds.
  } else if (value >= 1e12 && value < 1e14) {
    ms = static_cast<int64_t>(value);  // Milliseconds.
  } else if (allow_seconds && value >= 1e9 && value < 1e11) {
    ms = static_cast<int64_t>(value) * 1000;  // Seconds.
  } else {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return Status::InvalidArgument(std::string(what) + " " + buffer +
                                   (allow_seconds
                                        ? " is not in seconds, milliseconds or microseconds"
                                        : " is not in milliseconds or microseconds"));
  }
  return ms;
}

Status CheckTimeRange(int64_t ms, std::string_view what) {
  if (ms < kEarliestMs || ms > NowMs() + 2 * kDayMs) {
    return Status::InvalidArgument(std::string(what) + " " + FormatIsoUtc(ms) +
                                   " is outside 2009-01-03 .. today: wrong unit?");
  }
  return Status::Ok();
}

StatusOr<int64_t> ParseTime(std::string_view text, bool allow_seconds, std::string_view what) {
  text = Trim(text);
  if (std::optional<double> number = ParseNumber(text)) {
    StatusOr<int64_t> ms = EpochToMs(*number, allow_seconds, what);
    if (!ms.ok()) return ms.status();
    FACTSIFT_RETURN_IF_ERROR(CheckTimeRange(*ms, what));
    return *ms;
  }
  if (std::optional<int64_t> ms = ParseIsoToMs(text)) {
    FACTSIFT_RETURN_IF_ERROR(CheckTimeRange(*ms, what));
    return *ms;
  }
  return Status::InvalidArgument(std::string(what) + " '" + std::string(text) +
                                 "' is neither ISO 8601 nor an epoch number");
}

std::string IntervalName(int64_t ms) {
  switch (ms) {
    case 60000:
      return "1m";
    case 300000:
      return "5m";
    case 900000:
      return "15m";
    case 1800000:
      return "30m";
    case 3600000:
      return "1h";
    case 4 * 3600000:
      return "4h";
    case kDayMs:
      return "1d";
    case 7 * kDayMs:
      return "1w";
    default:
      return std::to_string(ms) + "ms";
  }
}

std::vector<std::string_view> SplitCsv(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == ',') {
      fields.push_back(Trim(line.substr(start, i - start)));
      start = i + 1;
    }
  }
  return fields;
}

struct Line {
  size_t number = 0;
  std::string_view text;
};

std::vector<Line> SplitLines(std::string_view bytes) {
  std::vector<Line> lines;
  size_t number = 0, start = 0;
  if (bytes.starts_with("\xEF\xBB\xBF")) start = 3;  // UTF-8 BOM.
  while (start <= bytes.size()) {
    size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    ++number;
    std::string_view text = bytes.substr(start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (!Trim(text).empty()) lines.push_back({number, text});
    if (end == bytes.size()) break;
    start = end + 1;
  }
  return lines;
}

// Candle values from text fields; the error names the bad field.
Status FillPrices(Candle& candle, std::string_view open, std::string_view high,
                  std::string_view low, std::string_view close, std::string_view volume) {
  const std::array<std::pair<std::string_view, std::string_view>, 4> prices = {
      {{"open", open}, {"high", high}, {"low", low}, {"close", close}}};
  std::array<double, 4> values{};
  for (size_t i = 0; i < prices.size(); ++i) {
    const std::optional<double> value = ParseNumber(prices[i].second);
    if (!value.has_value()) {
      return Status::InvalidArgument(std::string(prices[i].first) + " '" +
                                     std::string(prices[i].second) + "' is not a number");
    }
    if (*value < 0) return Status::InvalidArgument(std::string(prices[i].first) + " is negative");
    values[i] = *value;
  }
  candle.open = values[0];
  candle.high = values[1];
  candle.low = values[2];
  candle.close = values[3];
  if (candle.low > candle.high) return Status::InvalidArgument("low is above high");
  if (values[0] > values[1] || values[0] < values[2] || values[3] > values[1] ||
      values[3] < values[2]) {
    return Status::InvalidArgument("open or close lies outside low..high");
  }
  if (!volume.empty()) {
    const std::optional<double> value = ParseNumber(volume);
    if (!value.has_value()) {
      return Status::InvalidArgument("volume '" + std::string(volume) + "' is not a number");
    }
    candle.volume = *value;
  }
  return Status::Ok();
}

struct RowCandle {
  size_t line = 0;
  Candle candle;
};

// Shared tail of every format: limits, identity, duplicates, order, gaps.
StatusOr<ParsedMarketFile> Finish(std::vector<RowCandle> rows, ParsedMarketFile parsed,
                                  const std::string& asset, const std::string& quote,
                                  const std::string& source, const ImportOptions& options) {
  if (parsed.rows > options.max_rows) {
    return Status::ResourceExhausted("more than " + std::to_string(options.max_rows) +
                                     " rows (--max-rows)");
  }
  std::stable_sort(rows.begin(), rows.end(), [](const RowCandle& a, const RowCandle& b) {
    return a.candle.open_time_ms < b.candle.open_time_ms;
  });
  std::map<std::pair<int64_t, std::string>, size_t> seen;
  for (RowCandle& row : rows) {
    row.candle.asset = asset;
    row.candle.quote = quote;
    row.candle.source = options.source.empty() ? source : options.source;
    const auto key = std::make_pair(row.candle.open_time_ms, row.candle.interval);
    const auto [it, inserted] = seen.emplace(key, row.line);
    if (!inserted) {
      parsed.errors.push_back({row.line, "duplicate time " + FormatIsoUtc(key.first) +
                                             " (first on line " + std::to_string(it->second) +
                                             ")"});
      continue;
    }
    parsed.candles.push_back(std::move(row.candle));
  }
  std::sort(parsed.errors.begin(), parsed.errors.end(),
            [](const RowError& a, const RowError& b) { return a.line < b.line; });
  for (size_t i = 1; i < parsed.candles.size(); ++i) {
    const Candle& before = parsed.candles[i - 1];
    const Candle& after = parsed.candles[i];
    if (before.interval == "1d" && after.interval == "1d" &&
        after.open_time_ms - before.open_time_ms > kDayMs) {
      parsed.warnings.push_back("gap: no daily candle from " +
                                FormatDay(before.open_time_ms / kDayMs + 1) + " to " +
                                FormatDay(after.open_time_ms / kDayMs - 1));
    }
  }
  return parsed;
}

// Resolves asset and quote: options first, then the file's symbol, then the file name.
Status Identify(const ImportOptions& options, std::string_view symbol_in_file,
                std::string_view default_quote, std::string* asset, std::string* quote) {
  std::optional<std::pair<std::string, std::string>> symbol;
  if (!symbol_in_file.empty()) symbol = SplitSymbol(symbol_in_file);
  if (!symbol.has_value()) symbol = SymbolOfFileName(options.file_name);
  *asset = Upper(options.asset);
  *quote = Upper(options.quote);
  if (asset->empty() && symbol.has_value()) *asset = symbol->first;
  if (quote->empty() && symbol.has_value() &&
      (options.asset.empty() || Upper(options.asset) == symbol->first)) {
    *quote = symbol->second;
  }
  if (quote->empty()) *quote = std::string(default_quote);
  if (asset->empty()) {
    return Status::InvalidArgument(
        "no asset: the file names no symbol (like BTCUSDT); give --asset");
  }
  return Status::Ok();
}

StatusOr<ParsedMarketFile> ParseBinanceCsv(std::string_view bytes, const ImportOptions& options) {
  ParsedMarketFile parsed;
  std::vector<RowCandle> rows;
  const std::vector<Line> lines = SplitLines(bytes);
  for (const Line& line : lines) {
    const std::vector<std::string_view> f = SplitCsv(line.text);
    if (rows.empty() && parsed.errors.empty() && !f.empty() && !ParseNumber(f[0]).has_value() &&
        Lower(f[0]).find("time") != std::string::npos) {
      return Status::InvalidArgument("line " + std::to_string(line.number) +
                                     ": a header row; Binance kline files have none (use --format "
                                     "ohlcv for CSV with a header)");
    }
    ++parsed.rows;
    if (parsed.rows > options.max_rows) break;
    if (f.size() < 7) {
      if (rows.empty() && parsed.errors.empty()) {
        return Status::InvalidArgument("line " + std::to_string(line.number) + ": " +
                                       std::to_string(f.size()) +
                                       " columns; Binance klines have 12 (at least 7 needed: "
                                       "open time, open, high, low, close, volume, close time)");
      }
      parsed.errors.push_back({line.number, std::to_string(f.size()) + " columns, expected 12"});
      continue;
    }
    RowCandle row{.line = line.number, .candle = {}};
    StatusOr<int64_t> open_ms = ParseTime(f[0], /*allow_seconds=*/false, "open time");
    StatusOr<int64_t> close_ms = ParseTime(f[6], /*allow_seconds=*/false, "close time");
    Status status = !open_ms.ok() ? open_ms.status() : close_ms.status();
    if (status.ok()) status = FillPrices(row.candle, f[1], f[2], f[3], f[4], f[5]);
    if (status.ok() && *close_ms <= *open_ms) {
      status = Status::InvalidArgument("close time is not after open time");
    }
    if (!status.ok()) {
      parsed.errors.push_back({line.number, status.message()});
      continue;
    }
    row.candle.open_time_ms = *open_ms;
    row.candle.interval = IntervalName(*close_ms - *open_ms + 1);
    rows.push_back(std::move(row));
  }
  std::string asset, quote;
  FACTSIFT_RETURN_IF_ERROR(Identify(options, "", "USDT", &asset, &quote));
  return Finish(std::move(rows), std::move(parsed), asset, quote, "binance", options);
}

// A JSON value as number text: Binance's REST API sends prices as strings.
std::string NumberText(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  return "<" + std::string(value.type_name()) + ">";
}

StatusOr<ParsedMarketFile> ParseBinanceJson(const nlohmann::json& json,
                                            const ImportOptions& options) {
  if (!json.is_array()) {
    return Status::InvalidArgument("Binance kline JSON must be an array of arrays");
  }
  ParsedMarketFile parsed;
  std::vector<RowCandle> rows;
  for (size_t i = 0; i < json.size(); ++i) {
    ++parsed.rows;
    if (parsed.rows > options.max_rows) break;
    const nlohmann::json& item = json[i];
    const size_t number = i + 1;
    if (!item.is_array() || item.size() < 7) {
      parsed.errors.push_back({number, "item is not an array of at least 7 values"});
      continue;
    }
    RowCandle row{.line = number, .candle = {}};
    StatusOr<int64_t> open_ms = ParseTime(NumberText(item[0]), false, "open time");
    StatusOr<int64_t> close_ms = ParseTime(NumberText(item[6]), false, "close time");
    Status status = !open_ms.ok() ? open_ms.status() : close_ms.status();
    if (status.ok()) {
      status = FillPrices(row.candle, NumberText(item[1]), NumberText(item[2]), NumberText(item[3]),
                          NumberText(item[4]), NumberText(item[5]));
    }
    if (status.ok() && *close_ms <= *open_ms) {
      status = Status::InvalidArgument("close time is not after open time");
    }
    if (!status.ok()) {
      parsed.errors.push_back({number, status.message()});
      continue;
    }
    row.candle.open_time_ms = *open_ms;
    row.candle.interval = IntervalName(*close_ms - *open_ms + 1);
    rows.push_back(std::move(row));
  }
  std::string asset, quote;
  FACTSIFT_RETURN_IF_ERROR(Identify(options, "", "USDT", &asset, &quote));
  return Finish(std::move(rows), std::move(parsed), asset, quote, "binance", options);
}

StatusOr<ParsedMarketFile> ParseCoingecko(const nlohmann::json& json,
                                          const ImportOptions& options) {
  ParsedMarketFile parsed;
  std::vector<RowCandle> rows;
  std::string asset, quote;
  FACTSIFT_RETURN_IF_ERROR(Identify(options, "", "USD", &asset, &quote));
  if (json.is_object()) {
    // market_chart: price samples, one "point" candle each.
    if (!json.contains("prices") || !json["prices"].is_array()) {
      return Status::InvalidArgument("CoinGecko market_chart JSON needs a \"prices\" array");
    }
    const nlohmann::json& prices = json["prices"];
    for (size_t i = 0; i < prices.size(); ++i) {
      ++parsed.rows;
      if (parsed.rows > options.max_rows) break;
      const nlohmann::json& item = prices[i];
      if (!item.is_array() || item.size() != 2) {
        parsed.errors.push_back({i + 1, "prices item is not [time, price]"});
        continue;
      }
      StatusOr<int64_t> ms = ParseTime(NumberText(item[0]), false, "time");
      const std::optional<double> price = ParseNumber(NumberText(item[1]));
      if (!ms.ok()) {
        parsed.errors.push_back({i + 1, ms.status().message()});
        continue;
      }
      if (!price.has_value() || *price < 0) {
        parsed.errors.push_back({i + 1, "price " + NumberText(item[1]) + " is not a number"});
        continue;
      }
      RowCandle row{.line = i + 1, .candle = {}};
      row.candle.interval = "point";
      row.candle.open_time_ms = *ms;
      row.candle.open = row.candle.close = *price;
      row.candle.high = row.candle.low = *price;
      rows.push_back(std::move(row));
    }
    return Finish(std::move(rows), std::move(parsed), asset, quote, "coingecko", options);
  }
  if (!json.is_array()) {
    return Status::InvalidArgument(
        "CoinGecko JSON must be a market_chart object or an ohlc array of arrays");
  }
  // ohlc: [[close time ms, open, high, low, close], ...]; the candle length is
  // the spacing of the times (30m, 4h or 4d depending on the range asked for).
  std::vector<int64_t> times;
  for (size_t i = 0; i < json.size(); ++i) {
    ++parsed.rows;
    if (parsed.rows > options.max_rows) break;
    const nlohmann::json& item = json[i];
    if (!item.is_array() || item.size() != 5) {
      parsed.errors.push_back({i + 1, "ohlc item is not [time, open, high, low, close]"});
      continue;
    }
    RowCandle row{.line = i + 1, .candle = {}};
    StatusOr<int64_t> ms = ParseTime(NumberText(item[0]), false, "time");
    Status status = ms.status();
    if (status.ok()) {
      status = FillPrices(row.candle, NumberText(item[1]), NumberText(item[2]), NumberText(item[3]),
                          NumberText(item[4]), "");
    }
    if (!status.ok()) {
      parsed.errors.push_back({i + 1, status.message()});
      continue;
    }
    row.candle.open_time_ms = *ms;
    rows.push_back(std::move(row));
  }
  int64_t spacing = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    const int64_t step = std::abs(rows[i].candle.open_time_ms - rows[i - 1].candle.open_time_ms);
    if (step > 0 && (spacing == 0 || step < spacing)) spacing = step;
  }
  if (spacing == 0) spacing = kDayMs;
  for (RowCandle& row : rows) {
    row.candle.open_time_ms -= spacing;  // CoinGecko stamps a candle with its close time.
    row.candle.interval = IntervalName(spacing);
  }
  return Finish(std::move(rows), std::move(parsed), asset, quote, "coingecko", options);
}

// Column positions of an OHLCV header; -1 when absent.
struct OhlcvColumns {
  int time = -1, date = -1, open = -1, high = -1, low = -1, close = -1, volume = -1,
      close_time = -1, symbol = -1;
};

OhlcvColumns ReadHeader(const std::vector<std::string_view>& header) {
  OhlcvColumns c;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string name = Lower(header[i]);
    const int at = static_cast<int>(i);
    if (name == "unix" || name == "unix timestamp" || name == "timestamp" || name == "open_time" ||
        name == "open time" || name == "time" || name == "datetime") {
      if (c.time < 0) c.time = at;
    } else if (name == "date") {
      c.date = at;
    } else if (name == "open") {
      c.open = at;
    } else if (name == "high") {
      c.high = at;
    } else if (name == "low") {
      c.low = at;
    } else if (name == "close") {
      c.close = at;
    } else if (name == "volume" || (name.starts_with("volume ") && c.volume < 0 &&
                                    name != "volume usdt" && name != "volume usd")) {
      c.volume = at;
    } else if (name == "close_time" || name == "close time") {
      c.close_time = at;
    } else if (name == "symbol") {
      c.symbol = at;
    }
  }
  if (c.time < 0) c.time = c.date;  // A date-only file.
  return c;
}

StatusOr<ParsedMarketFile> ParseOhlcv(std::string_view bytes, const ImportOptions& options) {
  const std::vector<Line> lines = SplitLines(bytes);
  size_t first = 0;
  // CryptoDataDownload puts its URL above the header.
  if (first < lines.size() && (Lower(Trim(lines[first].text)).starts_with("http") ||
                               lines[first].text.find(',') == std::string_view::npos)) {
    ++first;
  }
  if (first >= lines.size()) return Status::InvalidArgument("no header row");
  const Line& header_line = lines[first];
  const std::vector<std::string_view> header = SplitCsv(header_line.text);
  const OhlcvColumns c = ReadHeader(header);
  if (c.time < 0 || c.open < 0 || c.high < 0 || c.low < 0 || c.close < 0) {
    return Status::InvalidArgument(
        "line " + std::to_string(header_line.number) +
        ": the header must name a time column (open_time, unix, timestamp, date, time or "
        "datetime) and open, high, low, close; got '" +
        std::string(header_line.text.substr(0, 200)) + "'");
  }
  ParsedMarketFile parsed;
  std::vector<RowCandle> rows;
  std::string symbol;
  std::map<int64_t, int> spacing_votes;
  for (size_t i = first + 1; i < lines.size(); ++i) {
    const Line& line = lines[i];
    ++parsed.rows;
    if (parsed.rows > options.max_rows) break;
    const std::vector<std::string_view> f = SplitCsv(line.text);
    if (f.size() != header.size()) {
      parsed.errors.push_back({line.number, std::to_string(f.size()) + " columns, the header has " +
                                                std::to_string(header.size())});
      continue;
    }
    RowCandle row{.line = line.number, .candle = {}};
    StatusOr<int64_t> open_ms = ParseTime(f[static_cast<size_t>(c.time)], true, "time");
    Status status = open_ms.status();
    if (status.ok()) {
      status =
          FillPrices(row.candle, f[static_cast<size_t>(c.open)], f[static_cast<size_t>(c.high)],
                     f[static_cast<size_t>(c.low)], f[static_cast<size_t>(c.close)],
                     c.volume >= 0 ? f[static_cast<size_t>(c.volume)] : "");
    }
    std::optional<int64_t> close_ms;
    if (status.ok() && c.close_time >= 0) {
      StatusOr<int64_t> parsed_close =
          ParseTime(f[static_cast<size_t>(c.close_time)], true, "close time");
      if (!parsed_close.ok()) {
        status = parsed_close.status();
      } else if (*parsed_close <= *open_ms) {
        status = Status::InvalidArgument("close time is not after open time");
      } else {
        close_ms = *parsed_close;
      }
    }
    if (status.ok() && c.symbol >= 0) {
      const std::string this_symbol = Upper(f[static_cast<size_t>(c.symbol)]);
      if (symbol.empty()) symbol = this_symbol;
      if (this_symbol != symbol) {
        status = Status::InvalidArgument("symbol " + this_symbol + " differs from " + symbol);
      }
    }
    if (!status.ok()) {
      parsed.errors.push_back({line.number, status.message()});
      continue;
    }
    row.candle.open_time_ms = *open_ms;
    if (close_ms.has_value()) {
      // Close times end 1 ms (Binance) or 1 µs before the next candle.
      const int64_t length = (*close_ms - *open_ms + 999) / 1000 * 1000;
      row.candle.interval = IntervalName(length);
    }
    rows.push_back(std::move(row));
  }
  // Without close times the interval is the usual spacing of the rows.
  if (c.close_time < 0) {
    std::vector<int64_t> times;
    for (const RowCandle& row : rows) times.push_back(row.candle.open_time_ms);
    std::sort(times.begin(), times.end());
    for (size_t i = 1; i < times.size(); ++i) {
      if (times[i] > times[i - 1]) ++spacing_votes[times[i] - times[i - 1]];
    }
    int64_t spacing = kDayMs;
    int best = 0;
    for (const auto& [step, votes] : spacing_votes) {
      if (votes > best) {
        best = votes;
        spacing = step;
      }
    }
    for (RowCandle& row : rows) row.candle.interval = IntervalName(spacing);
  }
  std::string asset, quote;
  FACTSIFT_RETURN_IF_ERROR(Identify(options, symbol, "USD", &asset, &quote));
  return Finish(std::move(rows), std::move(parsed), asset, quote, "ohlcv", options);
}

}  // namespace

std::optional<MarketFormat> ParseMarketFormat(std::string_view name) {
  if (name == "coingecko") return MarketFormat::kCoingecko;
  if (name == "binance") return MarketFormat::kBinance;
  if (name == "ohlcv") return MarketFormat::kOhlcv;
  return std::nullopt;
}

StatusOr<ParsedMarketFile> ParseMarketFile(std::string_view bytes, MarketFormat format,
                                           const ImportOptions& options) {
  if (bytes.size() > options.max_bytes) {
    return Status::ResourceExhausted("file is " + std::to_string(bytes.size()) +
                                     " bytes, over the limit of " +
                                     std::to_string(options.max_bytes) + " (--max-bytes)");
  }
  if (Trim(bytes).empty()) return Status::InvalidArgument("file is empty");
  const bool json_text = Trim(bytes).front() == '[' || Trim(bytes).front() == '{';
  if (format == MarketFormat::kOhlcv) return ParseOhlcv(bytes, options);
  if (format == MarketFormat::kBinance && !json_text) return ParseBinanceCsv(bytes, options);
  nlohmann::json json = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Status::InvalidArgument("not valid JSON");
  if (format == MarketFormat::kBinance) return ParseBinanceJson(json, options);
  return ParseCoingecko(json, options);
}

}  // namespace factsift::check
