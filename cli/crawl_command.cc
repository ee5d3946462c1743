// factsift crawl: fetch URLs, extract each page, store everything.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "cli/pipeline.h"
#include "crawler/fetcher.h"
#include "schema/store.h"

namespace factsift::cli {
namespace {

// Operators may name local files; they become file:// URLs.
std::string AsUrl(const std::string& argument) {
  if (argument.find("://") != std::string::npos) return argument;
  std::error_code error;
  if (std::filesystem::is_regular_file(argument, error)) {
    return "file://" + std::filesystem::absolute(argument, error).string();
  }
  return argument;
}

}  // namespace

CLI::App* AddCrawlCommand(CLI::App& app, CrawlArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "crawl", "Fetch URLs (http, https, file), store the raw pages and extract each into the "
               "database. Exit 0 when the run completed, even with failed pages (they are recorded).");
  cmd->add_option("--db", args.db, "SQLite database (default factsift.db)");
  cmd->add_option("--seeds", args.seeds, "File of URLs, one per line ('#' comments)");
  cmd->add_option("--concurrency", args.concurrency, "Transfers at once (default 8)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--timeout-ms", args.timeout_ms, "Limit for one whole transfer (default 30000)")
      ->check(CLI::Range(1L, 3600000L));
  cmd->add_option("--connect-timeout-ms", args.connect_timeout_ms, "Limit for connecting (default 10000)")
      ->check(CLI::Range(1L, 600000L));
  cmd->add_option("--max-bytes", args.max_bytes, "Cap per page after decoding (default 50 MiB)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--user-agent", args.user_agent, "User-Agent header (default names factsift)");
  cmd->add_flag("--quiet", args.quiet, "Print only the one-line summary");
  cmd->add_option("urls", args.urls, "URLs or local files to crawl");
  return cmd;
}

int RunCrawl(const CrawlArgs& args) {
  std::vector<std::string> urls;
  for (const std::string& url : args.urls) urls.push_back(AsUrl(url));
  if (!args.seeds.empty()) {
    std::ifstream seeds(args.seeds);
    if (!seeds) {
      std::fprintf(stderr, "factsift: --seeds %s: cannot open\n", args.seeds.c_str());
      return kExitFailure;
    }
    std::string line;
    while (std::getline(seeds, line)) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      const size_t start = line.find_first_not_of(" \t");
      if (start == std::string::npos || line[start] == '#') continue;
      urls.push_back(AsUrl(line.substr(start)));
    }
  }
  if (urls.empty()) {
    std::fprintf(stderr, "factsift: nothing to crawl: give URLs or --seeds FILE\n");
    return kExitUsage;
  }

  StatusOr<std::unique_ptr<schema::Store>> store = schema::Store::Open(args.db);
  if (!store.ok()) {
    std::fprintf(stderr, "factsift: cannot open database %s: %s\n", args.db.c_str(),
                 store.status().message().c_str());
    return kExitFailure;
  }
  crawler::CurlGlobal curl;
  if (!curl.status().ok()) {
    std::fprintf(stderr, "factsift: %s\n", curl.status().message().c_str());
    return kExitFailure;
  }
  crawler::FetchOptions options;
  options.concurrency = args.concurrency;
  options.timeout_ms = args.timeout_ms;
  options.connect_timeout_ms = args.connect_timeout_ms;
  options.max_bytes = args.max_bytes;
  if (!args.user_agent.empty()) options.user_agent = args.user_agent;

  ExtractAndStoreSink sink(**store, extract::ExtractOptions{}, args.quiet);
  const Status status = crawler::FetchAll(urls, options, sink);
  const PipelineCounts& counts = sink.counts();
  std::printf(
      "crawl: %zu URLs: %lld extracted, %lld unchanged, %lld failed, %lld not articles; %lld facts; "
      "database %s\n",
      urls.size(), static_cast<long long>(counts.extracted), static_cast<long long>(counts.unchanged),
      static_cast<long long>(counts.failed), static_cast<long long>(counts.not_articles),
      static_cast<long long>(counts.facts), args.db.c_str());
  if (!status.ok()) {
    std::fprintf(stderr, "factsift: crawl stopped: %s\n", status.message().c_str());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace factsift::cli
