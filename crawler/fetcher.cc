// CurlGlobal, and FetchAll as a one-off Crawl with nothing kept.
#include "crawler/fetcher.h"

#include <curl/curl.h>

#include "crawler/crawl_state.h"
#include "crawler/crawler.h"

namespace factsift::crawler {
namespace {

// Hands each outcome's fetch result on to a PageSink.
class PageSinkAdapter : public CrawlSink {
 public:
  explicit PageSinkAdapter(PageSink& sink) : sink_(sink) {}
  Status Accept(CrawlOutcome outcome) override { return sink_.Accept(outcome.fetch); }

 private:
  PageSink& sink_;
};

Status ValidateFetchOptions(const FetchOptions& options) {
  const auto bad = [](std::string what) {
    return Status::InvalidArgument("fetch options: " + std::move(what));
  };
  if (options.concurrency < 1) {
    return bad("concurrency must be >= 1, got " + std::to_string(options.concurrency));
  }
  if (options.connect_timeout_ms <= 0) {
    return bad("connect_timeout_ms must be > 0, got " + std::to_string(options.connect_timeout_ms));
  }
  // 0 would mean "no timeout" to curl; a crawler must never wait forever.
  if (options.timeout_ms <= 0) {
    return bad("timeout_ms must be > 0, got " + std::to_string(options.timeout_ms));
  }
  if (options.max_bytes <= 0) {
    return bad("max_bytes must be > 0, got " + std::to_string(options.max_bytes));
  }
  // -1 would mean "unlimited" to curl, which turns a redirect loop into a hang.
  if (options.max_redirects < 0) {
    return bad("max_redirects must be >= 0, got " + std::to_string(options.max_redirects));
  }
  // Sites we crawl should be able to tell who we are; CR/LF would forge headers.
  if (options.user_agent.empty() || options.user_agent.find_first_of("\r\n") != std::string::npos) {
    return bad("user_agent must be one non-empty line");
  }
  return Status::Ok();
}

}  // namespace

CurlGlobal::CurlGlobal() {
  const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK) {
    status_ = Status::Internal(std::string("curl_global_init: ") + curl_easy_strerror(code));
  }
}

CurlGlobal::~CurlGlobal() {
  // A failed init undoes itself; cleanup is owed only for a successful one.
  if (status_.ok()) curl_global_cleanup();
}

Status FetchAll(const std::vector<std::string>& urls, const FetchOptions& options, PageSink& sink) {
  FACTSIFT_RETURN_IF_ERROR(ValidateFetchOptions(options));
  CrawlOptions crawl;
  crawl.concurrency = options.concurrency;
  crawl.per_host = options.concurrency;
  crawl.delay_ms = 0;
  crawl.connect_timeout_ms = options.connect_timeout_ms;
  crawl.timeout_ms = options.timeout_ms;
  crawl.low_speed_time_s = 0;
  crawl.max_bytes = options.max_bytes;
  crawl.max_redirects = options.max_redirects;
  crawl.user_agent = options.user_agent;
  crawl.allow_private = true;
  crawl.allow_file_seeds = options.allow_file_urls;
  crawl.filter_content_types = false;
  crawl.obey_robots = false;
  crawl.max_attempts = 1;
  crawl.discover = false;
  CrawlSeeds seeds;
  seeds.pages = urls;
  MemoryCrawlState state;
  PageSinkAdapter adapter(sink);
  StatusOr<CrawlSummary> summary = Crawl(seeds, crawl, state, adapter);
  return summary.status();
}

}  // namespace factsift::crawler
