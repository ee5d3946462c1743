// factsift market import and fetch, and factsift check: market data in, checks out.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "check/checks.h"
#include "check/market_fetch.h"
#include "check/market_import.h"
#include "check/report.h"
#include "cli/commands.h"
#include "cli/util.h"
#include "common/claim_window.h"
#include "common/time_util.h"
#include "crawler/fetcher.h"
#include "extract/article_json.h"
#include "extract/extractor.h"
#include "schema/store.h"

namespace factsift::cli {
namespace {

int Fail(const Status& status) {
  PrintError(status.message());
  return kExitFailure;
}

Status WriteOut(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
    return Status::Unavailable(std::string("cannot write output: ") + std::strerror(errno));
  }
  return Status::Ok();
}

// Text, or null when empty.
nlohmann::ordered_json TextOrNull(const std::string& text) {
  return text.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(text);
}

// One check row as the contract's JSON line.
std::string RowJson(const std::string& article_url, const CheckRow& row) {
  nlohmann::ordered_json json;
  json["article_url"] = article_url;
  json["fact"] = row.fact.has_value() ? extract::FactToJson(*row.fact) : nlohmann::ordered_json();
  json["rule"] = row.rule;
  json["verdict"] = std::string(VerdictName(row.verdict));
  json["expected"] = TextOrNull(row.expected);
  json["observed"] = TextOrNull(row.observed);
  json["delta"] =
      row.delta.has_value() ? nlohmann::ordered_json(*row.delta) : nlohmann::ordered_json();
  nlohmann::ordered_json window;
  window["from"] = TextOrNull(row.window_from);
  window["to"] = TextOrNull(row.window_to);
  window["source"] = TextOrNull(row.window_source);
  json["window"] = window;
  json["about"] = row.about;
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// One check row as a tab-separated line for people: url, rule, verdict, about.
std::string RowText(const std::string& article_url, const CheckRow& row) {
  return OneLine(article_url) + "\t" + row.rule + "\t" + std::string(VerdictName(row.verdict)) +
         "\t" + OneLine(row.about) + "\n";
}

Status PrintRows(const std::string& article_url, const std::vector<CheckRow>& rows, bool json,
                 bool* contradicted) {
  for (const CheckRow& row : rows) {
    if (row.verdict == Verdict::kContradicted) *contradicted = true;
    FACTSIFT_RETURN_IF_ERROR(
        WriteOut(json ? RowJson(article_url, row) : RowText(article_url, row)));
  }
  return Status::Ok();
}

int Finish(const CheckArgs& args, bool contradicted) {
  if (std::fflush(stdout) != 0) {
    return Fail(Status::Unavailable(std::string("cannot write output: ") + std::strerror(errno)));
  }
  return args.fail_on == "contradicted" && contradicted ? kExitContradicted : kExitOk;
}

// Drafts: extracted and checked against the database's market data, not stored.
int CheckDrafts(const CheckArgs& args, schema::Store& store) {
  check::StoreMarketData market(&store);
  extract::ExtractOptions options = ToExtractOptions(args.limits);
  options.max_input_bytes = static_cast<size_t>(args.max_input_bytes);
  options.published = args.published;
  bool contradicted = false, failed = false;
  for (const std::string& file : args.files) {
    StatusOr<std::string> data = ReadInput(file, args.max_input_bytes);
    if (!data.ok()) {
      PrintError(file + ": " + data.status().message());
      failed = true;
      continue;
    }
    const std::string url = !args.url.empty() ? args.url : (file == "-" ? "" : FileUrl(file));
    StatusOr<Article> article = Status::Internal("not extracted");
    if (args.input == "text") {
      article = extract::ExtractFromText(*data, url, options);
    } else {
      RawPage page;
      page.url = page.final_url = url;
      page.body = std::move(*data);
      article = extract::ExtractFromHtml(page, options);
    }
    if (!article.ok()) {
      PrintError(file + ": " + article.status().message());
      failed = true;
      continue;
    }
    if (article->published.empty()) article->published = args.published;
    StatusOr<std::vector<CheckRow>> rows = check::CheckArticle(*article, market);
    if (!rows.ok()) return Fail(rows.status());
    const Status printed = PrintRows(url.empty() ? file : url, *rows, args.json, &contradicted);
    if (!printed.ok()) return Fail(printed);
  }
  const int code = Finish(args, contradicted);
  return failed && code == kExitOk ? kExitFailure : code;
}

void AddMarketFetchCommand(CLI::App& market, MarketFetchArgs& args) {
  CLI::App* fetch = market.add_subcommand(
      "fetch",
      "Fetch candles from a price API at a configured base URL and import them as 'market "
      "import' does: binance GET BASE/api/v3/klines (paged, 1000 a page), coingecko GET "
      "BASE/api/v3/coins/ID/market_chart/range, ohlcv GET BASE (a CSV file's URL). All or "
      "nothing: an HTTP error or any bad row stores nothing; fetching again changes nothing.");
  fetch->add_option("--db", args.db, "SQLite database (default factsift.db)");
  fetch->add_option("--format", args.format, "coingecko, binance or ohlcv")
      ->required()
      ->check(CLI::IsMember({"coingecko", "binance", "ohlcv"}));
  fetch->add_option("--base-url", args.base_url,
                    "The API's http(s) base URL (default: $FACTSIFT_MARKET_BASE_URL)");
  fetch->add_option("--symbol", args.symbol,
                    "binance: the pair (BTCUSDT; default ASSET+QUOTE); coingecko: the coin id "
                    "(bitcoin; default from --asset for BTC, ETH, SOL, XRP, BNB, DOGE)");
  fetch->add_option("--asset", args.asset, "Asset symbol (default: from the Binance pair)");
  fetch->add_option("--quote", args.quote,
                    "Quote currency (default: from the pair; USD for CoinGecko, USDT for Binance)");
  fetch->add_option("--source", args.source,
                    "Source recorded with the candles (default: the format's name)");
  fetch->add_option("--vs-currency", args.vs_currency, "coingecko: vs_currency (default usd)");
  fetch->add_option("--interval", args.interval, "binance: kline interval (default 1d)");
  fetch->add_option("--from", args.from, "First day, YYYY-MM-DD (UTC)")->required();
  fetch->add_option("--to", args.to, "Last day, YYYY-MM-DD (UTC; default today)");
  fetch->add_option("--timeout-ms", args.timeout_ms, "Time for one request (default 30000)")
      ->check(CLI::Range(int64_t{1}, int64_t{3600000}));
  fetch->add_option("--max-bytes", args.max_bytes, "Largest response accepted (default 64 MiB)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 34));
  fetch
      ->add_option("--page-limit", args.page_limit,
                   "binance: candles asked for a request (default 1000, the API's maximum)")
      ->check(CLI::Range(int64_t{1}, int64_t{1000}));
  fetch->add_option("--max-pages", args.max_pages, "Most requests for one range (default 100)")
      ->check(CLI::Range(int64_t{1}, int64_t{100000}));
  fetch->add_option("--max-rows", args.max_rows, "Most candles stored (default 1000000)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 32));
}

// CoinGecko's coin ids of a few common tickers; others need --symbol.
std::string CoingeckoId(std::string asset) {
  std::transform(asset.begin(), asset.end(), asset.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  static constexpr std::pair<std::string_view, std::string_view> kIds[] = {
      {"BTC", "bitcoin"}, {"ETH", "ethereum"},    {"SOL", "solana"},
      {"XRP", "ripple"},  {"BNB", "binancecoin"}, {"DOGE", "dogecoin"}};
  for (const auto& [ticker, id] : kIds) {
    if (asset == ticker) return std::string(id);
  }
  return "";
}

}  // namespace

CLI::App* AddMarketCommand(CLI::App& app, MarketImportArgs& args, MarketFetchArgs& fetch_args) {
  CLI::App* market =
      app.add_subcommand("market", "Market data: import price files or fetch them over HTTP.");
  market->require_subcommand(1);
  CLI::App* import = market->add_subcommand(
      "import",
      "Import daily (or other) candles from a CoinGecko JSON, Binance kline CSV/JSON or "
      "OHLCV CSV file. Bad rows are reported with their line and skipped; the good rows "
      "are stored in one transaction; importing again changes nothing.");
  import->add_option("--db", args.db, "SQLite database (default factsift.db)");
  import->add_option("--format", args.format, "coingecko, binance or ohlcv")
      ->required()
      ->check(CLI::IsMember({"coingecko", "binance", "ohlcv"}));
  import->add_option("--asset", args.asset,
                     "Asset symbol (default: from the file's Symbol column or name, BTCUSDT)");
  import->add_option(
      "--quote", args.quote,
      "Quote currency (default: from the symbol; USD for CoinGecko, USDT for Binance)");
  import->add_option("--source", args.source,
                     "Source recorded with the candles (default: the format's name); candles "
                     "of different sources are kept apart");
  import->add_option("--max-rows", args.max_rows, "Most data rows read (default 1000000)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 32));
  import->add_option("--max-bytes", args.max_bytes, "Largest file accepted (default 256 MiB)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  import->add_flag("--strict", args.strict, "Import nothing when any row is bad");
  import->add_option("file", args.file, "The file ('-': standard input)")->required();
  AddMarketFetchCommand(*market, fetch_args);
  return market;
}

CLI::App* AddCheckCommand(CLI::App& app, CheckArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "check",
      "Check claims against market data, each other and the page's snapshot. Without files: "
      "every stored article, replacing its stored checks. With files (or '-'): drafts, "
      "extracted and checked without storing. Prints one row per check. Exit 4 with "
      "--fail-on contradicted when a row is contradicted.");
  cmd->add_option("--db", args.db, "SQLite database (default factsift.db)");
  cmd->add_flag("--json", args.json, "One JSON object per line");
  cmd->add_option("--fail-on", args.fail_on, "contradicted: exit 4 when a row is contradicted")
      ->check(CLI::IsMember({"contradicted"}));
  cmd->add_option("--article", args.article, "Only the stored article with this id");
  cmd->add_option("--input", args.input, "Drafts: html (default) or text")
      ->check(CLI::IsMember({"html", "text"}));
  cmd->add_option("--url", args.url, "Drafts: URL of the draft");
  cmd->add_option("--published", args.published,
                  "Drafts: publication date (ISO 8601) when the draft states none");
  cmd->add_option("--max-input-bytes", args.max_input_bytes,
                  "Drafts: largest input accepted (default 64 MiB)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  AddExtractLimitOptions(cmd, args.limits);
  cmd->add_option("files", args.files, "Drafts to check ('-': standard input)");
  return cmd;
}

int RunMarketImport(const MarketImportArgs& args) {
  const std::optional<check::MarketFormat> format = check::ParseMarketFormat(args.format);
  if (!format.has_value()) return Fail(Status::InvalidArgument("unknown --format " + args.format));
  StatusOr<std::string> data = ReadInput(args.file, args.max_bytes);
  if (!data.ok())
    return Fail(Status(data.status().code(), args.file + ": " + data.status().message()));
  check::ImportOptions options;
  options.asset = args.asset;
  options.quote = args.quote;
  options.source = args.source;
  options.file_name = std::filesystem::path(args.file).filename().string();
  options.max_rows = static_cast<size_t>(args.max_rows);
  options.max_bytes = static_cast<size_t>(args.max_bytes);
  StatusOr<check::ParsedMarketFile> parsed = check::ParseMarketFile(*data, *format, options);
  if (!parsed.ok()) {
    return Fail(Status(parsed.status().code(), args.file + ": " + parsed.status().message()));
  }
  for (const check::RowError& error : parsed->errors) {
    PrintError(args.file + ":" + std::to_string(error.line) + ": " + error.message);
  }
  for (const std::string& warning : parsed->warnings) {
    PrintError(args.file + ": warning: " + warning);
  }
  if (parsed->candles.empty()) {
    return Fail(Status::InvalidArgument(args.file + ": no valid rows (" +
                                        std::to_string(parsed->errors.size()) + " bad)"));
  }
  if (args.strict && !parsed->errors.empty()) {
    return Fail(Status::InvalidArgument(args.file + ": " + std::to_string(parsed->errors.size()) +
                                        " bad rows; nothing imported (--strict)"));
  }
  const Status path_ok = CheckDatabasePath(args.db, /*must_exist=*/false);
  if (!path_ok.ok()) return Fail(path_ok);
  StatusOr<std::unique_ptr<schema::Store>> store = schema::Store::Open(args.db);
  if (!store.ok()) return Fail(store.status());
  StatusOr<schema::CandleCounts> counts = (*store)->SaveCandles(parsed->candles);
  if (!counts.ok()) return Fail(counts.status());
  const Candle& first = parsed->candles.front();
  const Candle& last = parsed->candles.back();
  std::printf(
      "%s: %s/%s %s from %s to %s: %lld added, %lld changed, %lld unchanged, %zu bad rows "
      "skipped\n",
      args.file.c_str(), first.asset.c_str(), first.quote.c_str(), first.source.c_str(),
      FormatIsoUtc(first.open_time_ms).substr(0, 10).c_str(),
      FormatIsoUtc(last.open_time_ms).substr(0, 10).c_str(), static_cast<long long>(counts->added),
      static_cast<long long>(counts->changed), static_cast<long long>(counts->unchanged),
      parsed->errors.size());
  // The good rows are stored; bad ones were skipped and named on stderr,
  // and the exit status says so, so that a script notices.
  return parsed->errors.empty() ? kExitOk : kExitFailure;
}

int RunMarketFetch(const MarketFetchArgs& args) {
  const std::optional<check::MarketFormat> format = check::ParseMarketFormat(args.format);
  if (!format.has_value()) return Fail(Status::InvalidArgument("unknown --format " + args.format));
  check::MarketFetchRequest request;
  request.format = *format;
  request.base_url = args.base_url;
  if (request.base_url.empty()) {
    const char* env = std::getenv("FACTSIFT_MARKET_BASE_URL");
    if (env != nullptr) request.base_url = env;
  }
  if (request.base_url.empty()) {
    PrintError(
        "give --base-url URL or set FACTSIFT_MARKET_BASE_URL (see 'factsift market fetch "
        "--help')");
    return kExitUsage;
  }
  request.symbol = args.symbol;
  if (request.symbol.empty() && *format == check::MarketFormat::kBinance && !args.asset.empty()) {
    request.symbol = args.asset + (args.quote.empty() ? std::string("USDT") : args.quote);
    std::transform(request.symbol.begin(), request.symbol.end(), request.symbol.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  }
  if (request.symbol.empty() && *format == check::MarketFormat::kCoingecko) {
    request.symbol = CoingeckoId(args.asset);
  }
  if (request.symbol.empty() && *format != check::MarketFormat::kOhlcv) {
    PrintError("give --symbol (or --asset) for --format " + args.format +
               " (see 'factsift market fetch --help')");
    return kExitUsage;
  }
  if (*format == check::MarketFormat::kCoingecko && args.asset.empty()) {
    PrintError("give --asset for --format coingecko (see 'factsift market fetch --help')");
    return kExitUsage;
  }
  const std::optional<int64_t> from = ParseDay(args.from);
  const std::optional<int64_t> to =
      args.to.empty() ? std::optional<int64_t>(NowMs() / 86400000) : ParseDay(args.to);
  if (!from.has_value() || !to.has_value() || *to < *from) {
    PrintError(
        "--from and --to must be days YYYY-MM-DD with --from <= --to (see 'factsift "
        "market fetch --help')");
    return kExitUsage;
  }
  request.from_ms = *from * 86400000;
  request.to_ms = (*to + 1) * 86400000 - 1;
  request.interval = args.interval;
  request.vs_currency = args.vs_currency;
  request.max_pages = static_cast<int>(args.max_pages);
  request.page_limit = static_cast<int>(args.page_limit);
  check::ImportOptions options;
  options.asset = args.asset;
  options.quote = args.quote;
  if (options.quote.empty() && *format == check::MarketFormat::kCoingecko) {
    options.quote = args.vs_currency;
  }
  options.source = args.source;
  options.max_rows = static_cast<size_t>(args.max_rows);
  options.max_bytes = static_cast<size_t>(args.max_bytes);
  // A base URL or symbol no request can be made of is the caller's mistake:
  // a usage error, before anything is opened or fetched.
  if (StatusOr<std::string> first = check::MarketRequestUrl(request, request.from_ms);
      !first.ok()) {
    PrintError("market fetch: " + first.status().message() +
               " (see 'factsift market fetch --help')");
    return kExitUsage;
  }
  crawler::FetchOptions fetch;
  fetch.concurrency = 1;
  fetch.timeout_ms = static_cast<long>(args.timeout_ms);
  fetch.connect_timeout_ms = std::min<long>(fetch.connect_timeout_ms, fetch.timeout_ms);
  fetch.max_bytes = args.max_bytes;
  fetch.allow_file_urls = false;
  // The database is checked before any request, so that a typo costs no fetch.
  const Status path_ok = CheckDatabasePath(args.db, /*must_exist=*/false);
  if (!path_ok.ok()) return Fail(path_ok);
  crawler::CurlGlobal curl;
  if (!curl.status().ok()) return Fail(curl.status());
  StatusOr<check::FetchedMarketData> data = check::FetchMarketData(request, options, fetch);
  if (!data.ok())
    return Fail(Status(data.status().code(), "market fetch: " + data.status().message()));
  for (const std::string& warning : data->parsed.warnings) {
    PrintError("market fetch: warning: " + warning);
  }
  const std::string& url = data->urls.front();
  if (data->parsed.candles.empty()) {
    return Fail(Status::NotFound("market fetch: " + url + ": no candles from " + args.from +
                                 " to " + FormatDay(*to)));
  }
  StatusOr<std::unique_ptr<schema::Store>> store = schema::Store::Open(args.db);
  if (!store.ok()) return Fail(store.status());
  StatusOr<schema::CandleCounts> counts = (*store)->SaveCandles(data->parsed.candles);
  if (!counts.ok()) return Fail(counts.status());
  const Candle& first = data->parsed.candles.front();
  const Candle& last = data->parsed.candles.back();
  std::printf(
      "%s: %s/%s %s from %s to %s: %zu request%s, %lld added, %lld changed, %lld unchanged\n",
      url.c_str(), first.asset.c_str(), first.quote.c_str(), first.source.c_str(),
      FormatIsoUtc(first.open_time_ms).substr(0, 10).c_str(),
      FormatIsoUtc(last.open_time_ms).substr(0, 10).c_str(), data->urls.size(),
      data->urls.size() == 1 ? "" : "s", static_cast<long long>(counts->added),
      static_cast<long long>(counts->changed), static_cast<long long>(counts->unchanged));
  return kExitOk;
}

int RunCheck(const CheckArgs& args) {
  const Status path_ok = CheckDatabasePath(args.db, /*must_exist=*/true);
  if (!path_ok.ok()) return Fail(path_ok);
  StatusOr<std::unique_ptr<schema::Store>> store = schema::Store::Open(args.db);
  if (!store.ok()) return Fail(store.status());
  if (!args.files.empty()) return CheckDrafts(args, **store);
  StatusOr<std::vector<schema::StoredArticle>> articles = (*store)->LoadArticles();
  if (!articles.ok()) return Fail(articles.status());
  check::StoreMarketData market(store->get());
  bool contradicted = false, found = false;
  for (const schema::StoredArticle& stored : *articles) {
    if (args.article != 0 && stored.id != args.article) continue;
    found = true;
    StatusOr<std::vector<CheckRow>> rows = check::CheckArticle(stored.article, market);
    if (!rows.ok()) return Fail(rows.status());
    const Status saved = (*store)->ReplaceChecks(stored.id, *rows);
    if (!saved.ok()) return Fail(saved);
    const Status printed = PrintRows(stored.url, *rows, args.json, &contradicted);
    if (!printed.ok()) return Fail(printed);
  }
  if (args.article != 0 && !found) {
    return Fail(Status::NotFound("no article with id " + std::to_string(args.article)));
  }
  return Finish(args, contradicted);
}

CLI::App* AddReportCommand(CLI::App& app, ReportArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Write one self-contained HTML file: each article's text with its claims highlighted "
      "by the stored checks' verdicts, the evidence beside them and price charts over the "
      "windows. Run 'factsift check' first.");
  cmd->add_option("--db", args.db, "SQLite database (default factsift.db)");
  CLI::Option* article = cmd->add_option("--article", args.article, "The stored article's id");
  CLI::Option* all = cmd->add_flag("--all", args.all, "Every article with checks");
  article->excludes(all);
  all->excludes(article);
  cmd->add_option("--out", args.out, "The HTML file to write")->required();
  return cmd;
}

int RunReport(const ReportArgs& args) {
  if (args.article == 0 && !args.all) {
    PrintError("give --article ID or --all (see 'factsift report --help')");
    return kExitUsage;
  }
  const Status path_ok = CheckDatabasePath(args.db, /*must_exist=*/true);
  if (!path_ok.ok()) return Fail(path_ok);
  StatusOr<std::unique_ptr<schema::Store>> store = schema::Store::Open(args.db);
  if (!store.ok()) return Fail(store.status());
  StatusOr<std::vector<schema::StoredArticle>> articles = (*store)->LoadArticles();
  if (!articles.ok()) return Fail(articles.status());
  StatusOr<std::vector<schema::StoredCheck>> checks = (*store)->LoadChecks(args.article);
  if (!checks.ok()) return Fail(checks.status());
  std::vector<check::ReportArticle> report;
  for (const schema::StoredArticle& stored : *articles) {
    if (args.article != 0 && stored.id != args.article) continue;
    check::ReportArticle r;
    r.id = stored.id;
    r.url = stored.url;
    r.article = stored.article;
    for (const schema::StoredCheck& c : *checks) {
      if (c.article_id != stored.id) continue;
      CheckRow row = c.row;
      if (row.fact_index >= 0 && static_cast<size_t>(row.fact_index) < r.article.facts.size()) {
        row.fact = r.article.facts[static_cast<size_t>(row.fact_index)];
      }
      // Candles for the chart: the window and a few days around it.
      if (row.fact.has_value() && !row.window_from.empty() &&
          (row.rule == "market_price" || row.rule == "market_range")) {
        const std::optional<int64_t> from = ParseDay(row.window_from);
        const std::optional<int64_t> to = ParseDay(row.window_to);
        if (from.has_value() && to.has_value()) {
          StatusOr<std::vector<Candle>> candles =
              (*store)->LoadCandles(row.fact->asset, (*from - check::kChartMarginDays) * 86400000,
                                    (*to + check::kChartMarginDays + 1) * 86400000);
          if (!candles.ok()) return Fail(candles.status());
          std::vector<Candle>& kept = r.candles[row.fact->asset];
          for (Candle& candle : *candles) {
            const bool known = std::any_of(kept.begin(), kept.end(), [&](const Candle& k) {
              return k.open_time_ms == candle.open_time_ms && k.quote == candle.quote &&
                     k.source == candle.source && k.interval == candle.interval;
            });
            if (!known && candle.interval == "1d") kept.push_back(std::move(candle));
          }
          std::sort(kept.begin(), kept.end(), [](const Candle& a, const Candle& b) {
            return a.open_time_ms < b.open_time_ms;
          });
        }
      }
      r.rows.push_back(std::move(row));
    }
    if (args.all && r.rows.empty()) continue;
    report.push_back(std::move(r));
  }
  if (args.article != 0 && report.empty()) {
    return Fail(Status::NotFound("no article with id " + std::to_string(args.article)));
  }
  const std::string html = check::RenderReport(report, "factsift check report");
  std::ofstream out(args.out, std::ios::binary | std::ios::trunc);
  if (!out)
    return Fail(Status::FailedPrecondition(args.out + ": cannot write: " + std::strerror(errno)));
  out << html;
  out.close();
  if (!out) return Fail(Status::Unavailable(args.out + ": write failed"));
  std::printf("%s: %zu article(s)\n", args.out.c_str(), report.size());
  return kExitOk;
}

}  // namespace factsift::cli
