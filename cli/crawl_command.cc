// factsift crawl: seeds, feeds and sitemaps in; pages, articles and crawl
// state in the database. Wires crawler::Crawl to the extract-and-store
// pipeline, takes the database's lock, reports progress, maps to exit codes.
//
// Exit status: 0 the run completed (failed pages are recorded and counted),
// 1 it could not run or was interrupted, 2 usage, 3 another crawl holds the
// database's lock.
#include <atomic>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/pipeline.h"
#include "cli/util.h"
#include "common/time_util.h"
#include "crawler/crawler.h"
#include "crawler/fetcher.h"
#include "crawler/warc.h"
#include "schema/crawl_state_store.h"
#include "schema/database_lock.h"

namespace factsift::cli {
namespace {

// Set by SIGINT/SIGTERM: the crawl stops starting requests, stores what it
// has, and leaves the run to be resumed. A lock-free atomic is safe to
// store from a signal handler.
std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void OnStopSignal(int) { g_stop.store(true); }

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

// Everything the crawl says on stderr: a live progress line on a terminal,
// one line per failed URL, or JSON lines (--log-json); nothing but errors
// under --quiet. Called from the crawl thread and the pipeline's threads.
class Reporter : public crawler::CrawlObserver {
 public:
  Reporter(bool quiet, bool json) : quiet_(quiet), json_(json) {
    progress_ = !quiet && !json && ::isatty(STDERR_FILENO) == 1;
  }

  void OnEvent(const crawler::CrawlEvent& event) override {
    using Type = crawler::CrawlEvent::Type;
    if (json_) {
      nlohmann::ordered_json line;
      switch (event.type) {
        case Type::kOutcome: {
          const FetchResult& fetch = event.outcome->fetch;
          line["event"] = !fetch.status.ok()              ? "failed"
                          : fetch.page.http_status == 304 ? "not_modified"
                                                          : "fetched";
          line["url"] = std::string(event.url);
          line["kind"] = std::string(crawler::UrlKindName(event.outcome->state.kind));
          if (!fetch.page.final_url.empty() && fetch.page.final_url != fetch.page.url) {
            line["final_url"] = fetch.page.final_url;
          }
          line["http_status"] = fetch.page.http_status;
          line["bytes"] = fetch.page.body.size();
          line["attempts"] = event.attempt;
          line["discovered"] = event.outcome->discovered.size();
          if (!fetch.status.ok()) {
            line["code"] = std::string(StatusCodeName(fetch.status.code()));
            line["error"] = fetch.status.message();
          }
          break;
        }
        case Type::kRetry:
          line["event"] = "retry";
          line["url"] = std::string(event.url);
          line["http_status"] = event.http_status;
          line["attempt"] = event.attempt;
          line["delay_ms"] = event.delay_ms;
          line["error"] = event.status.message();
          break;
        case Type::kRedirect:
          line["event"] = "redirect";
          line["url"] = std::string(event.url);
          line["target"] = std::string(event.target);
          line["http_status"] = event.http_status;
          break;
        case Type::kRobots:
          line["event"] = "robots";
          line["url"] = std::string(event.url);
          line["http_status"] = event.http_status;
          if (!event.status.ok()) line["error"] = event.status.message();
          break;
        case Type::kListing:
          line["event"] = "listing";
          line["url"] = std::string(event.url);
          line["scheduled"] = event.count;
          if (!event.status.ok()) line["error"] = event.status.message();
          break;
      }
      Write(std::move(line));
      return;
    }
    if (quiet_) return;
    if (event.type == Type::kOutcome && !event.outcome->fetch.status.ok()) {
      Line(event.outcome->fetch.status.message());
    } else if (event.type == Type::kListing && !event.status.ok()) {
      Line(event.status.message());
    }
  }

  void OnProgress(const crawler::CrawlProgress& progress) override {
    if (!progress_) return;
    const double seconds = static_cast<double>(std::max<int64_t>(1, progress.elapsed_ms)) / 1000.0;
    char text[256];
    std::snprintf(text, sizeof text,
                  "\r\033[Kcrawl: %lld done, %lld queued, %lld active, %lld failed, %lld retries, "
                  "%.1f pages/s, %.1f MB",
                  static_cast<long long>(progress.done), static_cast<long long>(progress.queued),
                  static_cast<long long>(progress.active), static_cast<long long>(progress.failed),
                  static_cast<long long>(progress.retries),
                  static_cast<double>(progress.done) / seconds,
                  static_cast<double>(progress.wire_bytes) / 1e6);
    std::lock_guard<std::mutex> lock(mutex_);
    std::fputs(text, stderr);
    std::fflush(stderr);
    line_shown_ = true;
  }

  // A page stored but not extracted, or a duplicate (from the pipeline).
  void Note(std::string_view url, std::string_view message) {
    if (json_) {
      nlohmann::ordered_json line;
      line["event"] = "not_extracted";
      line["url"] = std::string(url);
      line["reason"] = std::string(message);
      Write(std::move(line));
    } else if (!quiet_) {
      Line(message);
    }
  }

  void Json(nlohmann::ordered_json line) {
    if (json_) Write(std::move(line));
  }

  // Ends the progress line so that what follows starts on a fresh line.
  void Done() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (line_shown_) std::fputs("\r\033[K", stderr);
    line_shown_ = false;
  }

 private:
  void Line(std::string_view message) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (line_shown_) std::fputs("\r\033[K", stderr);
    line_shown_ = false;
    PrintError(message);
  }

  void Write(nlohmann::ordered_json line) {
    nlohmann::ordered_json stamped;
    stamped["ts"] = FormatIsoUtc(NowMs());
    stamped.update(line);
    const std::string text =
        stamped.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::lock_guard<std::mutex> lock(mutex_);
    std::fwrite(text.data(), 1, text.size(), stderr);
  }

  const bool quiet_;
  const bool json_;
  bool progress_ = false;
  std::mutex mutex_;
  bool line_shown_ = false;  // A progress line is on screen. Guarded by mutex_.
};

int Fail(const std::string& message, int code = kExitFailure) {
  PrintError(message);
  return code;
}

}  // namespace

CLI::App* AddCrawlCommand(CLI::App& app, CrawlArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "crawl",
      "Crawl seed pages, feeds and sitemaps (politely: robots.txt, per-host limits), store the "
      "raw pages and extract each article into the database. Incremental: a second run sends "
      "conditional requests and re-extracts nothing unchanged; an interrupted run resumes. "
      "Exit 0 when the run completed, even with failed pages (they are recorded); 1 when it "
      "could not run; 2 usage; 3 when another crawl holds the database.");
  cmd->add_option("--db", args.db, "SQLite database (default factsift.db)");
  cmd->add_option("--seeds", args.seeds, "File of URLs, one per line ('#' comments)");
  cmd->add_option("--feed", args.feeds, "RSS or Atom feed to read article URLs from (repeatable)");
  cmd->add_option("--sitemap", args.sitemaps,
                  "XML sitemap or sitemap index to read URLs from (repeatable)");
  cmd->add_flag("--follow-links", args.follow_links,
                "Also follow links on seed pages, to the seed hosts only (rel=nofollow honoured)");
  cmd->add_option("--link-depth", args.link_depth,
                  "Link hops from a seed page with --follow-links (default 1)")
      ->check(CLI::Range(1, 10));
  cmd->add_option("--include", args.include,
                  "Only discovered URLs matching this RE2 pattern (repeatable: any)");
  cmd->add_option("--exclude", args.exclude,
                  "Skip discovered URLs matching this RE2 pattern (repeatable)");
  cmd->add_option("--since", args.since,
                  "Skip feed and sitemap entries dated before this (ISO 8601 date or time)");
  cmd->add_option("--max-pages", args.max_pages,
                  "Fetch at most this many pages this run; the rest stay due (default: no limit)")
      ->check(CLI::Range(int64_t{0}, int64_t{1} << 40));
  cmd->add_option("--concurrency", args.concurrency, "Transfers at once (default 8)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--per-host", args.per_host, "Transfers at once to one host (default 2)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--delay-ms", args.delay_ms,
                  "Least time between two requests to one host; a robots.txt Crawl-delay can "
                  "only raise it (default 500)")
      ->check(CLI::Range(int64_t{0}, int64_t{3600000}));
  cmd->add_option("--timeout-ms", args.timeout_ms, "Limit for one whole transfer (default 30000)")
      ->check(CLI::Range(1L, 3600000L));
  cmd->add_option("--connect-timeout-ms", args.connect_timeout_ms,
                  "Limit for connecting (default 10000)")
      ->check(CLI::Range(1L, 600000L));
  cmd->add_option("--max-bytes", args.max_bytes,
                  "Cap per page after decoding (default 50 MiB); larger bodies are stopped and "
                  "recorded")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  cmd->add_option("--max-redirects", args.max_redirects,
                  "Redirect hops followed per URL, each checked like the first (default 5)")
      ->check(CLI::Range(0, 50));
  cmd->add_option("--user-agent", args.user_agent,
                  "User-Agent header (default names factsift and a contact URL); its first word "
                  "selects robots.txt groups");
  cmd->add_flag("--allow-private", args.allow_private,
                "Allow loopback, private, link-local and multicast addresses (refused by default, "
                "after DNS resolution and on redirects)");
  cmd->add_option("--warc", args.warc,
                  "Also append every HTTP request and response to this WARC/1.1 file (.warc.gz)");
  cmd->add_flag("--quiet", args.quiet, "Print only the one-line summary (for cron)");
  cmd->add_flag("--log-json", args.log_json,
                "Log every event as one JSON object per line on stderr");
  AddExtractLimitOptions(cmd, args.limits);
  AddTemplateOptions(cmd, args.templates);
  cmd->add_option("urls", args.urls, "URLs or local files to crawl");
  return cmd;
}

int RunCrawl(const CrawlArgs& args) {
  crawler::CrawlSeeds seeds;
  for (const std::string& url : args.urls) seeds.pages.push_back(AsUrl(url));
  if (!args.seeds.empty()) {
    StatusOr<std::vector<std::string>> lines = ReadLines(args.seeds, "--seeds");
    if (!lines.ok()) return Fail(lines.status().message());
    for (const std::string& line : *lines) {
      const size_t start = line.find_first_not_of(" \t");
      if (start == std::string::npos || line[start] == '#') continue;
      seeds.pages.push_back(AsUrl(line.substr(start)));
    }
  }
  seeds.feeds = args.feeds;
  seeds.sitemaps = args.sitemaps;
  if (seeds.pages.empty() && seeds.feeds.empty() && seeds.sitemaps.empty()) {
    return Fail("nothing to crawl: give URLs, --seeds FILE, --feed URL or --sitemap URL",
                args.seeds.empty() ? kExitUsage : kExitFailure);
  }

  crawler::CrawlOptions options;
  options.concurrency = args.concurrency;
  options.per_host = args.per_host;
  options.delay_ms = args.delay_ms;
  options.timeout_ms = args.timeout_ms;
  options.connect_timeout_ms = args.connect_timeout_ms;
  options.max_bytes = args.max_bytes;
  options.max_redirects = args.max_redirects;
  if (!args.user_agent.empty()) options.user_agent = args.user_agent;
  options.allow_private = args.allow_private;
  options.follow_links = args.follow_links;
  options.link_depth = args.link_depth;
  options.include = args.include;
  options.exclude = args.exclude;
  options.max_pages = args.max_pages;
  if (!args.since.empty()) {
    const std::optional<int64_t> since = ParseIsoToMs(args.since);
    if (!since.has_value()) {
      return Fail("--since " + args.since + ": not an ISO 8601 date (e.g. 2026-03-07)", kExitUsage);
    }
    options.since_ms = *since;
  }
  if (const Status valid = crawler::ValidateCrawlOptions(options); !valid.ok()) {
    return Fail(valid.message(), kExitUsage);
  }

  // The crawl state, the writer and the extraction workers each open the
  // database: a private in-memory one would be a different database each time.
  if (args.db == ":memory:") {
    return Fail("--db :memory: cannot hold a crawl; give a database file", kExitUsage);
  }
  if (const Status path = CheckDatabasePath(args.db, /*must_exist=*/false); !path.ok()) {
    return Fail(path.message());
  }
  // One crawl per database at a time; a second one leaves at once.
  StatusOr<std::unique_ptr<schema::DatabaseLock>> lock = schema::DatabaseLock::Acquire(args.db);
  if (!lock.ok()) {
    return Fail(lock.status().message(),
                lock.status().code() == StatusCode::kAlreadyExists ? kExitLocked : kExitFailure);
  }
  StatusOr<std::unique_ptr<schema::SqliteCrawlState>> state =
      schema::SqliteCrawlState::Open(args.db);
  if (!state.ok()) return Fail(state.status().message());

  Reporter reporter(args.quiet, args.log_json);
  PipelineOptions pipeline_options;
  pipeline_options.extract = ToExtractOptions(args.limits);
  pipeline_options.site_templates = !args.templates.disabled;
  pipeline_options.templates = ToTemplateOptions(args.templates);
  pipeline_options.on_note = [&reporter](std::string_view url, std::string_view message) {
    reporter.Note(url, message);
  };
  StatusOr<std::unique_ptr<CrawlPipeline>> pipeline =
      CrawlPipeline::Start(args.db, std::move(pipeline_options));
  if (!pipeline.ok()) return Fail(pipeline.status().message());

  crawler::CurlGlobal curl;
  if (!curl.status().ok()) return Fail(curl.status().message());
  std::unique_ptr<crawler::WarcWriter> warc;
  if (!args.warc.empty()) {
    StatusOr<std::unique_ptr<crawler::WarcWriter>> opened =
        crawler::WarcWriter::Open(args.warc, VersionLine());
    if (!opened.ok()) return Fail(opened.status().message());
    warc = std::move(*opened);
    options.warc = warc.get();
  }

  g_stop.store(false);
  options.stop = &g_stop;
  struct sigaction action {};
  action.sa_handler = OnStopSignal;
  sigemptyset(&action.sa_mask);
  struct sigaction old_int {
  }, old_term{};
  sigaction(SIGINT, &action, &old_int);
  sigaction(SIGTERM, &action, &old_term);

  StatusOr<crawler::CrawlSummary> summary =
      crawler::Crawl(seeds, options, **state, **pipeline, &reporter);
  const Status flushed = (*pipeline)->Flush();
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  reporter.Done();
  Status warc_closed = warc != nullptr ? warc->Close() : Status::Ok();

  const PipelineCounts counts = (*pipeline)->counts();
  const crawler::CrawlSummary run = summary.ok() ? *summary : crawler::CrawlSummary{};
  const double seconds = static_cast<double>(std::max<int64_t>(1, run.elapsed_ms)) / 1000.0;
  std::printf(
      "crawl: %lld URLs: %lld extracted, %lld unchanged, %lld failed, %lld not articles; "
      "%lld facts; %lld not modified, %lld duplicates, %lld disallowed by robots.txt, "
      "%lld retries, %lld discovered; %.1f s, %.1f URLs/s; database %s\n",
      static_cast<long long>(counts.outcomes), static_cast<long long>(counts.extracted),
      static_cast<long long>(counts.unchanged + counts.not_modified),
      static_cast<long long>(counts.failed), static_cast<long long>(counts.not_articles),
      static_cast<long long>(counts.facts), static_cast<long long>(counts.not_modified),
      static_cast<long long>(counts.duplicates), static_cast<long long>(run.disallowed),
      static_cast<long long>(run.retries), static_cast<long long>(run.discovered), seconds,
      static_cast<double>(counts.outcomes) / seconds, args.db.c_str());
  std::fflush(stdout);
  nlohmann::ordered_json end;
  end["event"] = "run_end";
  end["run_id"] = run.run.id;
  end["resumed"] = run.run.resumed;
  end["urls"] = counts.outcomes;
  end["extracted"] = counts.extracted;
  end["unchanged"] = counts.unchanged;
  end["not_modified"] = counts.not_modified;
  end["failed"] = counts.failed;
  end["not_articles"] = counts.not_articles;
  end["duplicates"] = counts.duplicates;
  end["facts"] = counts.facts;
  end["disallowed"] = run.disallowed;
  end["requests"] = run.requests;
  end["retries"] = run.retries;
  end["discovered"] = run.discovered;
  end["wire_bytes"] = run.wire_bytes;
  end["elapsed_ms"] = run.elapsed_ms;
  end["interrupted"] = run.stopped;
  reporter.Json(std::move(end));

  if (!summary.ok()) return Fail("crawl stopped: " + summary.status().message());
  if (!flushed.ok()) return Fail("crawl stopped: " + flushed.message());
  if (!warc_closed.ok()) return Fail(warc_closed.message());
  if (run.stopped) return Fail("crawl interrupted; the next run resumes where this one stopped");
  return kExitOk;
}

}  // namespace factsift::cli
