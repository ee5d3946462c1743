// factsift crawl: fetch URLs, extract each page, store everything.
#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "cli/commands.h"
#include "cli/pipeline.h"
#include "cli/util.h"
#include "crawler/fetcher.h"
#include "schema/store.h"

namespace factsift::cli {
namespace {

// Operators may name local files: anything without a scheme is a path and
// becomes a file:// URL (percent-encoded, RFC 8089), so that a missing file is
// reported as one rather than as a malformed URL.
std::string AsUrl(const std::string& argument) {
  if (argument.find("://") != std::string::npos) return argument;
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(argument, error);
  const std::string path = error ? argument : absolute.lexically_normal().string();
  std::string url = "file://";
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || std::strchr("/-._~", c) != nullptr) {
      url += c;
    } else {
      url += '%';
      url += kHex[byte >> 4];
      url += kHex[byte & 0xf];
    }
  }
  return url;
}

}  // namespace

CLI::App* AddCrawlCommand(CLI::App& app, CrawlArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "crawl",
      "Fetch URLs (http, https, file), store the raw pages and extract each into the "
      "database. Exit 0 when the run completed, even with failed pages (they are recorded).");
  cmd->add_option("--db", args.db, "SQLite database (default factsift.db)");
  cmd->add_option("--seeds", args.seeds, "File of URLs, one per line ('#' comments)");
  cmd->add_option("--concurrency", args.concurrency, "Transfers at once (default 8)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--timeout-ms", args.timeout_ms, "Limit for one whole transfer (default 30000)")
      ->check(CLI::Range(1L, 3600000L));
  cmd->add_option("--connect-timeout-ms", args.connect_timeout_ms,
                  "Limit for connecting (default 10000)")
      ->check(CLI::Range(1L, 600000L));
  cmd->add_option("--max-bytes", args.max_bytes, "Cap per page after decoding (default 50 MiB)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  cmd->add_option("--user-agent", args.user_agent, "User-Agent header (default names factsift)");
  cmd->add_flag("--quiet", args.quiet, "Print only the one-line summary");
  AddExtractLimitOptions(cmd, args.limits);
  cmd->add_option("urls", args.urls, "URLs or local files to crawl");
  return cmd;
}

int RunCrawl(const CrawlArgs& args) {
  std::vector<std::string> urls;
  for (const std::string& url : args.urls) urls.push_back(AsUrl(url));
  if (!args.seeds.empty()) {
    StatusOr<std::vector<std::string>> lines = ReadLines(args.seeds, "--seeds");
    if (!lines.ok()) {
      PrintError(lines.status().message());
      return kExitFailure;
    }
    for (const std::string& line : *lines) {
      const size_t start = line.find_first_not_of(" \t");
      if (start == std::string::npos || line[start] == '#') continue;
      urls.push_back(AsUrl(line.substr(start)));
    }
  }
  if (urls.empty()) {
    PrintError("nothing to crawl: give URLs or --seeds FILE");
    return args.seeds.empty() ? kExitUsage : kExitFailure;
  }

  if (const Status path = CheckDatabasePath(args.db, /*must_exist=*/false); !path.ok()) {
    PrintError(path.message());
    return kExitFailure;
  }
  StatusOr<std::unique_ptr<schema::Store>> store = schema::Store::Open(args.db);
  if (!store.ok()) {
    PrintError(store.status().message());  // "open database: PATH: why".
    return kExitFailure;
  }
  crawler::CurlGlobal curl;
  if (!curl.status().ok()) {
    PrintError(curl.status().message());
    return kExitFailure;
  }
  crawler::FetchOptions options;
  options.concurrency = args.concurrency;
  options.timeout_ms = args.timeout_ms;
  options.connect_timeout_ms = args.connect_timeout_ms;
  options.max_bytes = args.max_bytes;
  if (!args.user_agent.empty()) options.user_agent = args.user_agent;

  ExtractAndStoreSink sink(**store, ToExtractOptions(args.limits), args.quiet);
  const Status status = crawler::FetchAll(urls, options, sink);
  const PipelineCounts& counts = sink.counts();
  std::printf(
      "crawl: %zu URLs: %lld extracted, %lld unchanged, %lld failed, %lld not articles; "
      "%lld facts; database %s\n",
      urls.size(), static_cast<long long>(counts.extracted),
      static_cast<long long>(counts.unchanged), static_cast<long long>(counts.failed),
      static_cast<long long>(counts.not_articles), static_cast<long long>(counts.facts),
      args.db.c_str());
  if (!status.ok()) {
    PrintError("crawl stopped: " + status.message());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace factsift::cli
