// The factsift subcommands: option definitions and the functions that run
// them. Each Run* reads its inputs, calls the libraries, prints, and returns
// the exit status (0 done, 1 failure, 2 usage).
#ifndef FACTSIFT_CLI_COMMANDS_H_
#define FACTSIFT_CLI_COMMANDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "extract/extractor.h"

namespace factsift::cli {

// "factsift 0.1.0 (extractor N)": the extractor version is the one stored
// with each article, so the line says which articles `reextract` would redo.
inline std::string VersionLine() {
  return "factsift 0.1.0 (extractor " + std::string(extract::ExtractorVersion()) + ")";
}
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitLocked = 3;  // crawl: another crawl holds the database's lock.
// check --fail-on contradicted: a contradicted row was found (the rows are
// still printed and stored).
inline constexpr int kExitContradicted = 4;

// Extraction limits shared by every command that extracts (docs/limits.md).
struct ExtractLimits {
  int64_t max_html_bytes = 16 << 20;
  int max_depth = 400;
  int64_t max_text_bytes = 2 << 20;
  int max_facts = 2000;
  int max_extract_ms = 10000;
};

// Adds --max-html-bytes, --max-depth, --max-text-bytes, --max-facts and
// --max-extract-ms.
void AddExtractLimitOptions(CLI::App* cmd, ExtractLimits& limits);
extract::ExtractOptions ToExtractOptions(const ExtractLimits& limits);

// Site templates learned while crawling (crawl and reextract;
// docs/extraction.md, "Site templates").
struct TemplateArgs {
  bool disabled = false;  // --no-templates: neither learn nor apply.
  int min_pages = extract::TemplateOptions{}.min_pages;
  double min_fraction = extract::TemplateOptions{}.min_fraction;
};

// Adds --no-templates, --template-min-pages and --template-min-fraction.
void AddTemplateOptions(CLI::App* cmd, TemplateArgs& args);
extract::TemplateOptions ToTemplateOptions(const TemplateArgs& args);

struct ExtractArgs {
  std::string input = "html";
  std::string url;
  std::string published;
  std::string format;  // "" = one object for one input, lines for several.
  std::string files_from;
  int jobs = 0;  // 0 = all cores.
  int64_t max_input_bytes = 64 << 20;
  ExtractLimits limits;
  std::vector<std::string> files;
};

// factsift crawl. Names are the command line, relied on by scripts.
struct CrawlArgs {
  std::string db = "factsift.db";
  std::string seeds;
  std::vector<std::string> urls;
  std::vector<std::string> feeds;
  std::vector<std::string> sitemaps;
  bool follow_links = false;
  int link_depth = 1;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::string since;
  int64_t max_pages = 0;
  int concurrency = 8;
  int per_host = 2;
  int64_t delay_ms = 500;
  long timeout_ms = 30000;
  long connect_timeout_ms = 10000;
  int64_t max_bytes = 50 << 20;
  int max_redirects = 5;
  std::string user_agent;
  bool allow_private = false;
  std::string warc;
  bool quiet = false;
  bool log_json = false;
  ExtractLimits limits;
  TemplateArgs templates;
};

struct DbArgs {
  std::string db = "factsift.db";
  std::string format = "jsonl";
  ExtractLimits limits;    // reextract only.
  TemplateArgs templates;  // reextract only.
};

// factsift market import.
struct MarketImportArgs {
  std::string db = "factsift.db";
  std::string format;
  std::string asset;
  std::string quote;
  std::string source;
  int64_t max_rows = 1000000;
  int64_t max_bytes = 256 << 20;
  bool strict = false;
  std::string file;
};

// factsift market fetch.
struct MarketFetchArgs {
  std::string db = "factsift.db";
  std::string format;
  std::string base_url;  // Empty: $FACTSIFT_MARKET_BASE_URL.
  std::string symbol;    // binance: BTCUSDT; coingecko: coin id. Empty: from --asset.
  std::string asset;
  std::string quote;
  std::string source;
  std::string vs_currency = "usd";
  std::string interval = "1d";
  std::string from;  // YYYY-MM-DD, required.
  std::string to;    // YYYY-MM-DD; empty: today (UTC).
  int64_t timeout_ms = 30000;
  int64_t max_bytes = 64 << 20;
  int64_t page_limit = 1000;  // binance rows a request.
  int64_t max_pages = 100;
  int64_t max_rows = 1000000;
};

// factsift check: stored articles, or drafts given as files.
struct CheckArgs {
  std::string db = "factsift.db";
  bool json = false;
  std::string fail_on;  // "" or "contradicted".
  std::string input = "html";
  std::string url;
  std::string published;
  int64_t article = 0;  // Only this stored article; 0 = all.
  int64_t max_input_bytes = 64 << 20;
  ExtractLimits limits;
  std::vector<std::string> files;  // Drafts: extracted and checked, not stored.
};

// factsift report.
struct ReportArgs {
  std::string db = "factsift.db";
  int64_t article = 0;
  bool all = false;
  std::string out;
};

CLI::App* AddExtractCommand(CLI::App& app, ExtractArgs& args);
CLI::App* AddReportCommand(CLI::App& app, ReportArgs& args);
CLI::App* AddMarketCommand(CLI::App& app, MarketImportArgs& import_args,
                           MarketFetchArgs& fetch_args);
CLI::App* AddCheckCommand(CLI::App& app, CheckArgs& args);
CLI::App* AddCrawlCommand(CLI::App& app, CrawlArgs& args);
CLI::App* AddExportCommand(CLI::App& app, DbArgs& args);
CLI::App* AddReextractCommand(CLI::App& app, DbArgs& args);
CLI::App* AddStatsCommand(CLI::App& app, DbArgs& args);

int RunExtract(const ExtractArgs& args);
int RunMarketImport(const MarketImportArgs& args);
int RunMarketFetch(const MarketFetchArgs& args);
int RunCheck(const CheckArgs& args);
int RunReport(const ReportArgs& args);
int RunCrawl(const CrawlArgs& args);
int RunExport(const DbArgs& args);
int RunReextract(const DbArgs& args);
int RunStats(const DbArgs& args);

}  // namespace factsift::cli

#endif  // FACTSIFT_CLI_COMMANDS_H_
