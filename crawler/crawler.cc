// Crawl: the scheduler. Per-origin queues with politeness and robots.txt,
// redirects hop by hop, retries with backoff, discovery, and one CrawlOutcome
// per finished URL.
#include "crawler/crawler.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <re2/re2.h>

#include "common/time_util.h"
#include "crawler/discovery.h"
#include "crawler/internal/http_client.h"
#include "crawler/robots.h"
#include "crawler/url.h"
#include "crawler/warc.h"

namespace factsift::crawler {
namespace {

using internal::BodyFilter;
using internal::HttpClient;
using internal::HttpRequest;
using internal::HttpResponse;

bool IsHttp(std::string_view url) {
  const std::string_view scheme = UrlScheme(url);
  return scheme == "http" || scheme == "https";
}

bool IsTransient(const Status& status) {
  return status.code() == StatusCode::kUnavailable ||
         status.code() == StatusCode::kDeadlineExceeded;
}

bool IsRedirect(int http_status) {
  return http_status == 301 || http_status == 302 || http_status == 303 || http_status == 307 ||
         http_status == 308;
}

// One URL on its way: from the frontier (or a seed) through redirect hops and
// retries to its outcome; or a robots.txt fetch for an origin.
struct Item {
  UrlState state;       // The frontier entry, as stored before this run's fetch.
  std::string raw;      // The seed as given, for messages when it is not a URL.
  bool robots = false;  // A robots.txt fetch for `robots_origin`.
  std::string robots_origin;
  std::string request_url;          // The hop being fetched.
  std::vector<std::string> chain;   // Hops requested so far, request_url last.
  std::string etag, last_modified;  // Validators for this hop.
  int attempts = 0;                 // Requests made for the item.
  int hop_tries = 0;                // Requests made for this hop.
  int64_t not_before_ms = 0;
  bool listing() const { return robots || state.kind != UrlKind::kPage; }
};

struct Host {
  std::string origin;
  bool http = true;
  enum class Robots { kUnknown, kFetching, kReady } robots = Robots::kUnknown;
  RobotsPolicy policy = RobotsPolicy::AllowAll();
  // Set when robots.txt could not be read: the origin's pages are not fetched
  // this run (Unavailable: unreachable, retried after robots_retry_ms;
  // FailedPrecondition: the address itself is refused).
  Status robots_block;
  int64_t robots_retry_ms = 0;
  std::optional<RobotsEntry> cached;
  int64_t delay_ms = 0;
  int active = 0;
  int64_t next_start_ms = 0;
  std::deque<uint64_t> urgent;  // robots.txt and listings go first.
  std::deque<uint64_t> ready;
  std::multimap<int64_t, uint64_t> delayed;  // Retries, by not_before_ms.
  bool seed = false;  // An origin the operator named: robots Sitemap lines and links followed.

  bool has_work() const { return !urgent.empty() || !ready.empty() || !delayed.empty(); }
};

class Crawler {
 public:
  Crawler(const CrawlOptions& options, CrawlState& state, CrawlSink& sink, CrawlObserver* observer)
      : options_(options), state_(state), sink_(sink), observer_(observer) {}

  StatusOr<CrawlSummary> Run(const CrawlSeeds& seeds);

 private:
  Status Prepare();
  Status AddSeeds(const CrawlSeeds& seeds);
  Status LoadDue();
  Host& HostFor(std::string_view origin);
  void Enqueue(uint64_t id, bool urgent);
  uint64_t NewItem(Item item);
  Status Dispatch(int64_t now);
  Status EnsureRobots(Host& host, int64_t now);
  void ApplyRobotsEntry(Host& host, const RobotsEntry& entry, int64_t now);
  Status StartRequest(uint64_t id, Host& host, int64_t now);
  Status Handle(HttpResponse response);
  Status HandleRobots(uint64_t id, Item& item, HttpResponse& response);
  Status Finish(uint64_t id, Item& item, FetchResult fetch, const HttpResponse* response);
  Status Schedule(const std::vector<ListedUrl>& candidates, const Item& source,
                  std::vector<UrlState>* discovered);
  bool PassesFilters(std::string_view url) const;
  int64_t Backoff(int tries);
  void WriteWarc(const HttpResponse& response);
  void Emit(const CrawlEvent& event) {
    if (observer_ != nullptr) observer_->OnEvent(event);
  }
  void Progress(int64_t now, bool force);
  bool Pending() const;

  const CrawlOptions& options_;
  CrawlState& state_;
  CrawlSink& sink_;
  CrawlObserver* observer_;
  std::unique_ptr<HttpClient> client_;
  std::vector<std::unique_ptr<RE2>> include_, exclude_;
  std::mt19937_64 random_;
  RunInfo run_;
  CrawlSummary summary_;
  int64_t started_ms_ = 0;
  int64_t last_progress_ms_ = 0;

  uint64_t next_id_ = 1;
  // Items by id, boxed so that references survive inserts while one is handled.
  std::unordered_map<uint64_t, std::unique_ptr<Item>> items_;
  std::map<std::string, Host> hosts_;     // By origin.
  std::unordered_set<std::string> seen_;  // Canonical URLs scheduled or finished this run.
  std::unordered_set<std::string> seed_origins_;
  int64_t pages_started_ = 0;
  size_t round_robin_ = 0;
};

Status ValidateRegexes(const std::vector<std::string>& patterns, const char* what,
                       std::vector<std::unique_ptr<RE2>>* out) {
  for (const std::string& pattern : patterns) {
    RE2::Options re_options;
    re_options.set_log_errors(false);
    auto re = std::make_unique<RE2>(pattern, re_options);
    if (!re->ok()) {
      return Status::InvalidArgument(std::string(what) + " " + pattern + ": " + re->error());
    }
    if (out != nullptr) out->push_back(std::move(re));
  }
  return Status::Ok();
}

uint64_t Crawler::NewItem(Item item) {
  const uint64_t id = next_id_++;
  items_.emplace(id, std::make_unique<Item>(std::move(item)));
  return id;
}

Host& Crawler::HostFor(std::string_view origin) {
  auto [it, inserted] = hosts_.try_emplace(std::string(origin));
  Host& host = it->second;
  if (inserted) {
    host.origin = std::string(origin);
    host.http = origin != "file://";
    host.delay_ms = host.http ? options_.delay_ms : 0;
    if (!host.http || !options_.obey_robots) host.robots = Host::Robots::kReady;
  }
  return host;
}

void Crawler::Enqueue(uint64_t id, bool urgent) {
  Item& item = *items_.at(id);
  Host& host = HostFor(UrlOrigin(item.request_url));
  if (item.not_before_ms > 0) {
    host.delayed.emplace(item.not_before_ms, id);
  } else if (urgent || item.listing()) {
    host.urgent.push_back(id);
  } else {
    host.ready.push_back(id);
  }
}

bool Crawler::Pending() const {
  for (const auto& [origin, host] : hosts_) {
    if (host.has_work()) return true;
  }
  return false;
}

int64_t Crawler::Backoff(int tries) {
  const double base = static_cast<double>(options_.backoff_base_ms) *
                      std::pow(2.0, static_cast<double>(std::max(0, tries - 1)));
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  const double delay =
      std::min(base, static_cast<double>(options_.backoff_max_ms)) * jitter(random_);
  return std::max<int64_t>(1, static_cast<int64_t>(delay));
}

bool Crawler::PassesFilters(std::string_view url) const {
  const re2::StringPiece text(url.data(), url.size());
  if (!include_.empty()) {
    bool any = false;
    for (const auto& re : include_) any = any || RE2::PartialMatch(text, *re);
    if (!any) return false;
  }
  for (const auto& re : exclude_) {
    if (RE2::PartialMatch(text, *re)) return false;
  }
  return true;
}

Status Crawler::Prepare() {
  FACTSIFT_RETURN_IF_ERROR(ValidateCrawlOptions(options_));
  FACTSIFT_RETURN_IF_ERROR(ValidateRegexes(options_.include, "--include", &include_));
  FACTSIFT_RETURN_IF_ERROR(ValidateRegexes(options_.exclude, "--exclude", &exclude_));
  random_.seed(options_.random_seed != 0 ? options_.random_seed
                                         : static_cast<uint64_t>(NowMs()) * 2654435761ULL);
  internal::HttpClientOptions http;
  http.max_connections = std::max(16, options_.concurrency * 2);
  http.connect_timeout_ms = options_.connect_timeout_ms;
  http.timeout_ms = options_.timeout_ms;
  http.low_speed_bytes = options_.low_speed_bytes;
  http.low_speed_time_s = options_.low_speed_time_s;
  http.max_bytes = options_.max_bytes;
  http.max_wire_bytes = 2 * options_.max_bytes + (64 << 10);
  http.user_agent = options_.user_agent;
  http.allow_private = options_.allow_private;
  http.capture = options_.warc != nullptr;
  StatusOr<std::unique_ptr<HttpClient>> client = HttpClient::Create(http);
  if (!client.ok()) return client.status();
  client_ = std::move(*client);
  return Status::Ok();
}

// Seeds are fetched every run, unless a resumed run already finished them.
Status Crawler::AddSeeds(const CrawlSeeds& seeds) {
  struct Seed {
    std::string raw;
    UrlKind kind;
  };
  std::vector<Seed> all;
  for (const std::string& url : seeds.sitemaps) all.push_back({url, UrlKind::kSitemap});
  for (const std::string& url : seeds.feeds) all.push_back({url, UrlKind::kFeed});
  for (const std::string& url : seeds.pages) all.push_back({url, UrlKind::kPage});

  const int64_t now = NowMs();
  std::vector<std::string> urls;
  std::vector<const Seed*> valid;
  for (const Seed& seed : all) {
    StatusOr<std::string> url = CanonicalizeUrl(seed.raw);
    Status problem = url.ok() ? Status::Ok() : url.status();
    if (url.ok() && UrlScheme(*url) == "file" &&
        (!options_.allow_file_seeds || seed.kind != UrlKind::kPage)) {
      problem = Status::InvalidArgument("file:// URLs are not allowed here");
    }
    if (!problem.ok()) {
      // Nothing is fetched; the seed still gets its one outcome.
      Item item;
      item.raw = seed.raw;
      item.state.url = "";
      item.state.kind = seed.kind;
      const uint64_t id = NewItem(std::move(item));
      FetchResult fetch;
      fetch.page.url = seed.raw;
      fetch.page.final_url = seed.raw;
      fetch.page.fetched_at_ms = now;
      std::string message = problem.message();
      if (message.starts_with("url ")) message = message.substr(4 + seed.raw.size() + 2);
      fetch.status = Status(StatusCode::kInvalidArgument, "fetch " + seed.raw + ": " + message);
      if (!seen_.insert("\x01" + seed.raw).second) {
        items_.erase(id);
        continue;
      }
      FACTSIFT_RETURN_IF_ERROR(Finish(id, *items_.at(id), std::move(fetch), nullptr));
      continue;
    }
    if (!seen_.insert(*url).second) continue;
    seed_origins_.insert(std::string(UrlOrigin(*url)));
    urls.push_back(std::move(*url));
    valid.push_back(&seed);
  }
  StatusOr<std::vector<std::optional<UrlState>>> known = state_.Lookup(urls);
  if (!known.ok()) return known.status();
  for (size_t i = 0; i < urls.size(); ++i) {
    const std::optional<UrlState>& stored = (*known)[i];
    if (run_.resumed && stored.has_value() && stored->last_run_id == run_.id) continue;
    Item item;
    item.raw = valid[i]->raw;
    if (stored.has_value()) {
      item.state = *stored;
      item.state.kind = valid[i]->kind;
      item.state.source = std::string(kSourceSeed);
      item.state.depth = 0;
    } else {
      item.state.url = urls[i];
      item.state.kind = valid[i]->kind;
      item.state.source = std::string(kSourceSeed);
      item.state.discovered_ms = now;
      item.state.next_due_ms = now;
      item.state.revisit_ms = options_.revisit_min_ms;
    }
    item.request_url = urls[i];
    item.chain = {urls[i]};
    item.etag = item.state.etag;
    item.last_modified = item.state.last_modified;
    Enqueue(NewItem(std::move(item)), false);
  }
  for (const std::string& origin : seed_origins_) HostFor(origin).seed = true;
  return Status::Ok();
}

Status Crawler::LoadDue() {
  StatusOr<std::vector<UrlState>> due = state_.LoadDue(NowMs(), 10'000'000);
  if (!due.ok()) return due.status();
  for (UrlState& state : *due) {
    if (run_.resumed && state.last_run_id == run_.id) continue;
    if (!seen_.insert(state.url).second) continue;
    if (UrlScheme(state.url) == "file" || !IsHttp(state.url)) {
      if (!(UrlScheme(state.url) == "file" && options_.allow_file_seeds &&
            state.kind == UrlKind::kPage)) {
        continue;
      }
    }
    Item item;
    item.request_url = state.url;
    item.chain = {state.url};
    item.etag = state.etag;
    item.last_modified = state.last_modified;
    item.state = std::move(state);
    Enqueue(NewItem(std::move(item)), false);
  }
  return Status::Ok();
}

StatusOr<CrawlSummary> Crawler::Run(const CrawlSeeds& seeds) {
  FACTSIFT_RETURN_IF_ERROR(Prepare());
  started_ms_ = NowMs();
  StatusOr<RunInfo> run = state_.BeginRun(started_ms_);
  if (!run.ok()) return run.status();
  run_ = *run;
  summary_.run = run_;
  FACTSIFT_RETURN_IF_ERROR(AddSeeds(seeds));
  FACTSIFT_RETURN_IF_ERROR(LoadDue());

  std::vector<HttpResponse> finished;
  for (;;) {
    if (options_.stop != nullptr && options_.stop->load()) {
      summary_.stopped = true;
      break;
    }
    int64_t now = NowMs();
    FACTSIFT_RETURN_IF_ERROR(Dispatch(now));
    if (client_->active() == 0 && !Pending()) break;

    // Sleep until the next request may start, or a transfer has news.
    int64_t wake = now + 1000;
    if (static_cast<int>(client_->active()) < options_.concurrency) {
      for (const auto& [origin, host] : hosts_) {
        if (!host.delayed.empty()) wake = std::min(wake, host.delayed.begin()->first);
        // A host waiting for its robots.txt or at its connection limit
        // wakes us through its transfers, not through the clock.
        const bool waiting_for_robots =
            host.robots == Host::Robots::kFetching &&
            (host.urgent.empty() || !items_.at(host.urgent.front())->robots);
        const int limit = host.http ? options_.per_host : options_.concurrency;
        if ((!host.urgent.empty() || !host.ready.empty()) && !waiting_for_robots &&
            host.active < limit) {
          wake = std::min(wake, host.next_start_ms);
        }
      }
    }
    const int timeout = static_cast<int>(std::clamp<int64_t>(wake - now, 0, 1000));
    finished.clear();
    FACTSIFT_RETURN_IF_ERROR(client_->Poll(timeout, &finished));
    for (HttpResponse& response : finished) FACTSIFT_RETURN_IF_ERROR(Handle(std::move(response)));
    Progress(NowMs(), false);
  }
  Progress(NowMs(), true);
  FACTSIFT_RETURN_IF_ERROR(sink_.Flush());
  summary_.elapsed_ms = NowMs() - started_ms_;
  if (!summary_.stopped) FACTSIFT_RETURN_IF_ERROR(state_.FinishRun(run_.id, NowMs()));
  return summary_;
}

void Crawler::Progress(int64_t now, bool force) {
  if (observer_ == nullptr) return;
  if (!force && now - last_progress_ms_ < options_.progress_interval_ms) return;
  last_progress_ms_ = now;
  CrawlProgress progress;
  progress.done = summary_.outcomes;
  for (const auto& [origin, host] : hosts_) {
    progress.queued +=
        static_cast<int64_t>(host.urgent.size() + host.ready.size() + host.delayed.size());
  }
  progress.active = static_cast<int64_t>(client_->active());
  progress.failed = summary_.failed;
  progress.retries = summary_.retries;
  progress.wire_bytes = summary_.wire_bytes;
  progress.elapsed_ms = now - started_ms_;
  observer_->OnProgress(progress);
}

void Crawler::ApplyRobotsEntry(Host& host, const RobotsEntry& entry, int64_t now) {
  host.robots = Host::Robots::kReady;
  host.robots_block = Status::Ok();
  if (entry.http_status >= 200 && entry.http_status <= 299) {
    host.policy = RobotsPolicy::Parse(entry.body, ProductToken(options_.user_agent));
  } else if (entry.http_status >= 300 && entry.http_status <= 499) {
    // RFC 9309 2.3.1.3: "unavailable" (4xx, or redirects that lead nowhere):
    // no rules apply.
    host.policy = RobotsPolicy::AllowAll();
  } else {
    host.policy = RobotsPolicy::DisallowAll();  // RFC 9309 2.3.1.4.
    host.robots_block =
        Status::Unavailable(entry.error.empty() ? "robots.txt unreachable" : entry.error);
    host.robots_retry_ms = std::max(entry.expires_ms, now);
  }
  if (const std::optional<double> delay = host.policy.crawl_delay_s(); delay.has_value()) {
    const auto delay_ms = static_cast<int64_t>(*delay * 1000.0);
    host.delay_ms = std::max(options_.delay_ms, std::min(delay_ms, options_.max_crawl_delay_ms));
  }
}

// Makes the origin's robots.txt known: from the cache while it is fresh, else
// by queueing a (conditional) request for it ahead of everything else.
Status Crawler::EnsureRobots(Host& host, int64_t now) {
  StatusOr<std::optional<RobotsEntry>> cached = state_.LoadRobots(host.origin);
  if (!cached.ok()) return cached.status();
  host.cached = *cached;
  if (host.cached.has_value() && now < host.cached->expires_ms) {
    ApplyRobotsEntry(host, *host.cached, now);
    return Status::Ok();
  }
  Item item;
  item.robots = true;
  item.robots_origin = host.origin;
  item.request_url = host.origin + "/robots.txt";
  item.chain = {item.request_url};
  item.state.url = item.request_url;
  // Revalidate only rules worth keeping: a 304 then means "still these rules".
  if (host.cached.has_value() && host.cached->http_status >= 200 &&
      host.cached->http_status <= 299) {
    item.etag = host.cached->etag;
    item.last_modified = host.cached->last_modified;
  }
  host.robots = Host::Robots::kFetching;
  host.urgent.push_front(NewItem(std::move(item)));
  return Status::Ok();
}

Status Crawler::Dispatch(int64_t now) {
  if (hosts_.empty()) return Status::Ok();
  std::vector<Host*> order;
  order.reserve(hosts_.size());
  for (auto& [origin, host] : hosts_) order.push_back(&host);
  const size_t start = round_robin_++ % order.size();
  for (size_t n = 0; n < order.size(); ++n) {
    Host& host = *order[(start + n) % order.size()];
    while (!host.delayed.empty() && host.delayed.begin()->first <= now) {
      const uint64_t id = host.delayed.begin()->second;
      host.delayed.erase(host.delayed.begin());
      items_.at(id)->not_before_ms = 0;
      (items_.at(id)->listing() ? host.urgent : host.ready).push_front(id);
    }
    while (!host.urgent.empty() || !host.ready.empty()) {
      if (static_cast<int>(client_->active()) >= options_.concurrency) return Status::Ok();
      if (host.robots == Host::Robots::kUnknown) {
        FACTSIFT_RETURN_IF_ERROR(EnsureRobots(host, now));
      }
      const bool from_urgent = !host.urgent.empty();
      const uint64_t id = from_urgent ? host.urgent.front() : host.ready.front();
      Item& item = *items_.at(id);
      if (host.robots == Host::Robots::kFetching && !item.robots) break;  // Wait for the rules.

      // Decisions that need no request do not wait for politeness.
      const bool page = !item.listing();
      if (!item.robots && host.http && item.chain.size() == 1 && page && item.attempts == 0 &&
          options_.max_pages > 0 && pages_started_ >= options_.max_pages) {
        (from_urgent ? host.urgent : host.ready).pop_front();
        ++summary_.skipped_max_pages;
        items_.erase(id);
        continue;
      }
      if (!item.robots && host.http && options_.obey_robots) {
        Status refused;
        if (!host.robots_block.ok()) {
          const bool unreachable = host.robots_block.code() == StatusCode::kUnavailable;
          refused = Status(host.robots_block.code(), "fetch " + item.request_url + ": " +
                                                         (unreachable ? "not fetched: " : "") +
                                                         host.robots_block.message());
        } else if (!host.policy.IsAllowed(UrlPathAndQuery(item.request_url))) {
          refused = Status::FailedPrecondition("fetch " + item.request_url +
                                               ": disallowed by robots.txt");
        }
        if (!refused.ok()) {
          (from_urgent ? host.urgent : host.ready).pop_front();
          FetchResult fetch;
          fetch.page.url = item.state.url;
          fetch.page.final_url = item.request_url;
          fetch.page.fetched_at_ms = now;
          fetch.status = std::move(refused);
          FACTSIFT_RETURN_IF_ERROR(Finish(id, item, std::move(fetch), nullptr));
          continue;
        }
      }
      if (host.active >= (host.http ? options_.per_host : options_.concurrency)) break;
      if (now < host.next_start_ms) break;
      (from_urgent ? host.urgent : host.ready).pop_front();
      if (page && item.chain.size() == 1 && item.hop_tries == 0) ++pages_started_;
      FACTSIFT_RETURN_IF_ERROR(StartRequest(id, host, now));
    }
  }
  return Status::Ok();
}

Status Crawler::StartRequest(uint64_t id, Host& host, int64_t now) {
  Item& item = *items_.at(id);
  HttpRequest request;
  request.tag = id;
  request.url = item.request_url;
  request.etag = item.etag;
  request.last_modified = item.last_modified;
  if (options_.filter_content_types) {
    request.filter = item.robots                         ? BodyFilter::kAny
                     : item.state.kind == UrlKind::kPage ? BodyFilter::kPage
                                                         : BodyFilter::kListing;
  }
  ++item.attempts;
  ++item.hop_tries;
  ++summary_.requests;
  if (item.robots) ++summary_.robots_requests;
  ++host.active;
  host.next_start_ms = now + host.delay_ms;
  return client_->Start(request);
}

void Crawler::WriteWarc(const HttpResponse& response) {
  if (options_.warc == nullptr || response.page.http_status == 0) return;
  WarcExchange exchange;
  exchange.target_uri = response.page.url;
  exchange.ip = response.remote_ip;
  exchange.date_ms = response.started_ms;
  exchange.request_head = response.request_head;
  exchange.response_head = response.response_head;
  exchange.response_body = response.raw_body;
  exchange.truncated = response.truncated;
  const Status written = options_.warc->WriteExchange(exchange);
  if (!written.ok()) {
    CrawlEvent event;
    event.type = CrawlEvent::Type::kRetry;  // Reported; the crawl goes on without the record.
    event.url = response.page.url;
    event.status = written;
    Emit(event);
  }
}

Status Crawler::Handle(HttpResponse response) {
  const auto it = items_.find(response.tag);
  if (it == items_.end()) return Status::Internal("crawl: response for an unknown request");
  const uint64_t id = it->first;
  Item& item = *it->second;
  Host& host = HostFor(UrlOrigin(item.request_url));
  --host.active;
  summary_.wire_bytes += response.wire_bytes;
  WriteWarc(response);
  const int64_t now = NowMs();
  const int http_status = response.page.http_status;

  // A redirect: the next hop joins the queue of its own origin, where
  // robots.txt and politeness apply to it as to any URL.
  if (IsRedirect(http_status) && !response.location.empty()) {
    StatusOr<std::string> target = CanonicalizeUrl(response.location);
    Status problem;
    if (!target.ok() || !IsHttp(*target)) {
      problem = Status::FailedPrecondition(
          "fetch " + item.request_url +
          ": redirect to a scheme other than http/https: " + response.location);
    } else if (std::find(item.chain.begin(), item.chain.end(), *target) != item.chain.end()) {
      problem = Status::FailedPrecondition("fetch " + item.request_url + ": redirect loop (" +
                                           *target + " again)");
    } else if (static_cast<int>(item.chain.size()) > options_.max_redirects) {
      problem = Status::FailedPrecondition("fetch " + item.chain.front() + ": more than " +
                                           std::to_string(options_.max_redirects) + " redirects");
    }
    if (problem.ok()) {
      CrawlEvent event;
      event.type = CrawlEvent::Type::kRedirect;
      event.url = item.request_url;
      event.target = *target;
      event.http_status = http_status;
      Emit(event);
      item.request_url = *target;
      item.chain.push_back(*target);
      item.hop_tries = 0;
      // The stored validators belong to where the chain ended last time.
      const bool same_end = !item.robots && *target == item.state.final_url;
      item.etag = same_end ? item.state.etag : "";
      item.last_modified = same_end ? item.state.last_modified : "";
      Enqueue(id, item.robots);
      return Status::Ok();
    }
    response.status = std::move(problem);
  }

  // Transient failures are retried within the run, backing off; a 429 or 503
  // with Retry-After also pauses the whole origin for that long.
  if (IsTransient(response.status)) {
    const bool has_retry_after = response.retry_after_ms.has_value();
    const int64_t retry_after = response.retry_after_ms.value_or(0);
    if (has_retry_after) {
      host.next_start_ms =
          std::max(host.next_start_ms, now + std::min(retry_after, options_.max_retry_after_ms));
    }
    const bool too_long = has_retry_after && retry_after > options_.max_retry_after_ms;
    if (item.hop_tries < options_.max_attempts && !too_long) {
      const int64_t delay = std::max(Backoff(item.hop_tries), retry_after);
      item.not_before_ms = now + delay;
      ++summary_.retries;
      CrawlEvent event;
      event.type = CrawlEvent::Type::kRetry;
      event.url = item.request_url;
      event.status = response.status;
      event.http_status = http_status;
      event.delay_ms = delay;
      event.attempt = item.hop_tries;
      Emit(event);
      Enqueue(id, false);
      return Status::Ok();
    }
  }

  if (item.robots) return HandleRobots(id, item, response);
  FetchResult fetch;
  fetch.page = std::move(response.page);
  fetch.status = std::move(response.status);
  fetch.page.url = item.state.url;
  fetch.page.final_url = item.request_url;
  return Finish(id, item, std::move(fetch), &response);
}

Status Crawler::HandleRobots(uint64_t id, Item& item, HttpResponse& response) {
  Host& host = HostFor(item.robots_origin);
  const int64_t now = NowMs();
  const int http_status = response.page.http_status;
  RobotsEntry entry;
  entry.origin = host.origin;
  entry.fetched_ms = now;
  entry.expires_ms = now + options_.robots_max_age_ms;
  if (response.status.ok() && http_status == 304 && host.cached.has_value() &&
      host.cached->http_status >= 200 && host.cached->http_status <= 299) {
    // Not modified: the cached rules stand (never "no rules").
    entry.http_status = host.cached->http_status;
    entry.body = host.cached->body;
    entry.etag = response.page.etag.empty() ? host.cached->etag : response.page.etag;
    entry.last_modified = response.page.last_modified.empty() ? host.cached->last_modified
                                                              : response.page.last_modified;
  } else if (response.status.ok() && http_status >= 200 && http_status <= 299) {
    entry.http_status = http_status;
    entry.body = response.page.body.substr(0, kMaxRobotsBytes);
    entry.etag = response.page.etag;
    entry.last_modified = response.page.last_modified;
  } else if (http_status >= 300 && http_status <= 499 && http_status != 304 && http_status != 429) {
    entry.http_status = http_status;  // "Unavailable": no rules apply.
  } else if (response.status.code() == StatusCode::kFailedPrecondition && http_status == 0) {
    // The address itself is refused (--allow-private): nothing to cache, and
    // the origin's pages fail with the same reason.
    host.robots = Host::Robots::kReady;
    host.policy = RobotsPolicy::DisallowAll();
    // "fetch <robots.txt>: refused to connect ..." becomes the pages' reason.
    std::string reason = response.status.message();
    const std::string prefix = "fetch " + item.request_url + ": ";
    if (reason.starts_with(prefix)) reason = reason.substr(prefix.size());
    host.robots_block = Status(response.status.code(), reason);
    host.robots_retry_ms = now + options_.robots_error_ms;
    CrawlEvent event;
    event.type = CrawlEvent::Type::kRobots;
    event.url = item.chain.front();
    event.status = response.status;
    Emit(event);
    items_.erase(id);
    return Status::Ok();
  } else {
    // 5xx, 429, network errors, a 304 without a cached copy: unreachable.
    entry.http_status = 0;
    entry.error =
        "robots.txt unreachable (" +
        (response.status.ok() ? "HTTP " + std::to_string(http_status) + " without a cached copy"
                              : response.status.message()) +
        ")";
    entry.expires_ms = now + options_.robots_error_ms;
  }
  FACTSIFT_RETURN_IF_ERROR(state_.SaveRobots(entry));
  host.cached = entry;
  ApplyRobotsEntry(host, entry, now);

  CrawlEvent event;
  event.type = CrawlEvent::Type::kRobots;
  event.url = item.chain.front();
  event.http_status = http_status;
  event.status = entry.error.empty() ? Status::Ok() : Status::Unavailable(entry.error);
  Emit(event);
  items_.erase(id);

  // Sitemap lines of an origin the operator named are discovery sources.
  if (options_.discover && host.seed && host.robots_block.ok()) {
    std::vector<ListedUrl> sitemaps;
    for (const std::string& line : host.policy.sitemaps()) {
      StatusOr<std::string> url = ResolveUrl(host.origin + "/robots.txt", line);
      if (url.ok() && IsHttp(*url)) sitemaps.push_back({*url, UrlKind::kSitemap, 0});
    }
    if (!sitemaps.empty()) {
      Item source;
      source.state.url = host.origin + "/robots.txt";
      std::vector<UrlState> discovered;
      FACTSIFT_RETURN_IF_ERROR(Schedule(sitemaps, source, &discovered));
    }
  }
  return Status::Ok();
}

// Schedules listed URLs that are new, or known but due or changed since they
// were fetched, and returns their states for the frontier.
Status Crawler::Schedule(const std::vector<ListedUrl>& candidates, const Item& source,
                         std::vector<UrlState>* discovered) {
  const int64_t now = NowMs();
  std::vector<const ListedUrl*> fresh;
  std::vector<std::string> urls;
  for (const ListedUrl& candidate : candidates) {
    if (seen_.contains(candidate.url)) continue;
    if (options_.since_ms > 0 && candidate.published_ms != 0 &&
        candidate.published_ms < options_.since_ms) {
      continue;
    }
    if (candidate.kind == UrlKind::kPage && !PassesFilters(candidate.url)) continue;
    fresh.push_back(&candidate);
    urls.push_back(candidate.url);
  }
  if (urls.empty()) return Status::Ok();
  StatusOr<std::vector<std::optional<UrlState>>> known = state_.Lookup(urls);
  if (!known.ok()) return known.status();
  int64_t scheduled = 0;
  for (size_t i = 0; i < fresh.size(); ++i) {
    const ListedUrl& candidate = *fresh[i];
    seen_.insert(candidate.url);
    UrlState state;
    if (const std::optional<UrlState>& stored = (*known)[i]; stored.has_value()) {
      if (stored->last_run_id == run_.id) continue;  // Done earlier in this (resumed) run.
      // A sitemap index dates its children: one not modified since it was
      // read (successfully) need not be read again.
      if (stored->kind != UrlKind::kPage && candidate.published_ms != 0 &&
          candidate.published_ms <= stored->last_fetched_ms && stored->error_code == 0) {
        continue;
      }
      const bool changed = candidate.published_ms > stored->last_fetched_ms;
      if (stored->next_due_ms > now && !changed) continue;
      state = *stored;
      state.published_ms = std::max(state.published_ms, candidate.published_ms);
      state.next_due_ms = std::min(state.next_due_ms, now);
    } else {
      state.url = candidate.url;
      state.kind = candidate.kind;
      state.source = source.state.url;
      state.depth = candidate.kind == UrlKind::kPage && source.state.kind == UrlKind::kPage
                        ? source.state.depth + 1
                        : 0;
      state.discovered_ms = now;
      state.published_ms = candidate.published_ms;
      state.next_due_ms = now;
      state.revisit_ms = options_.revisit_min_ms;
    }
    discovered->push_back(state);
    Item item;
    item.request_url = state.url;
    item.chain = {state.url};
    item.etag = state.etag;
    item.last_modified = state.last_modified;
    item.state = std::move(state);
    Enqueue(NewItem(std::move(item)), false);
    ++scheduled;
  }
  summary_.discovered += scheduled;
  return Status::Ok();
}

Status Crawler::Finish(uint64_t id, Item& item, FetchResult fetch, const HttpResponse* response) {
  const int64_t now = NowMs();
  CrawlOutcome outcome;
  outcome.attempts = item.attempts;
  UrlState& state = outcome.state;
  state = item.state;
  const bool valid_url = !state.url.empty();
  if (valid_url) {
    state.last_run_id = run_.id;
    state.last_fetched_ms = now;
    state.http_status = fetch.page.http_status;
    state.error_code = static_cast<int>(fetch.status.code());
    state.error = fetch.status.message();
    state.final_url = fetch.page.final_url;
    if (state.discovered_ms == 0) state.discovered_ms = now;
    if (state.revisit_ms <= 0) state.revisit_ms = options_.revisit_min_ms;
  }
  const bool ok = fetch.status.ok();
  const int http_status = fetch.page.http_status;
  if (valid_url && ok) {
    state.failures = 0;
    bool changed = true;
    if (http_status == 304) {
      changed = false;
      outcome.content_changed = false;
      if (!fetch.page.etag.empty()) state.etag = fetch.page.etag;
      if (!fetch.page.last_modified.empty()) state.last_modified = fetch.page.last_modified;
    } else {
      const uint64_t hash = ContentHash(fetch.page.body);
      changed = hash != state.content_hash;
      outcome.content_changed = changed;
      state.content_hash = hash;
      state.etag = fetch.page.etag;
      state.last_modified = fetch.page.last_modified;
    }
    if (state.kind != UrlKind::kPage) {
      // Feeds and sitemaps are where new articles appear: read every run.
      state.revisit_ms = options_.listing_revisit_ms;
    } else {
      state.revisit_ms = changed
                             ? options_.revisit_min_ms
                             : std::min(options_.revisit_max_ms,
                                        std::max(options_.revisit_min_ms, state.revisit_ms * 2));
    }
    state.next_due_ms = now + state.revisit_ms;
  } else if (valid_url) {
    ++state.failures;
    if (IsTransient(fetch.status)) {
      // Back off across runs too: 1, 2, 4... revisit intervals, capped.
      const double factor = std::pow(2.0, std::min(state.failures - 1, 20));
      state.next_due_ms =
          now + std::min<int64_t>(options_.revisit_max_ms,
                                  static_cast<int64_t>(options_.revisit_min_ms * factor));
      if (response != nullptr && response->retry_after_ms.has_value()) {
        state.next_due_ms = std::max(state.next_due_ms, now + *response->retry_after_ms);
      }
      const Host& host = HostFor(UrlOrigin(item.request_url));
      if (!host.robots_block.ok()) state.next_due_ms = std::max(host.robots_retry_ms, now + 1);
    } else if (fetch.status.message().ends_with("disallowed by robots.txt")) {
      state.next_due_ms = now + options_.revisit_min_ms;  // Rules change; checking costs nothing.
    } else {
      state.next_due_ms = now + options_.revisit_max_ms;
    }
  }

  // Discovery from what was fetched.
  if (ok && valid_url && http_status != 304 && !fetch.page.body.empty()) {
    const std::string& base = fetch.page.final_url;
    if (state.kind != UrlKind::kPage) {
      StatusOr<Listing> listing = ParseListing(fetch.page.body, base, options_.max_listed_urls,
                                               static_cast<size_t>(options_.max_bytes));
      CrawlEvent event;
      event.type = CrawlEvent::Type::kListing;
      event.url = state.url;
      if (listing.ok()) {
        const size_t before = outcome.discovered.size();
        FACTSIFT_RETURN_IF_ERROR(Schedule(listing->urls, item, &outcome.discovered));
        event.count = static_cast<int64_t>(outcome.discovered.size() - before);
      } else {
        event.status = listing.status();
      }
      Emit(event);
    } else if (IsHttp(state.url) &&
               ((options_.discover && state.depth == 0 && state.source == kSourceSeed) ||
                (options_.follow_links && state.depth < options_.link_depth))) {
      const PageLinks links = ScanPageLinks(fetch.page.body, base);
      std::vector<ListedUrl> candidates;
      if (options_.discover && state.source == kSourceSeed) {
        // Feeds of the sites the operator named, not of every site a page
        // mentions.
        for (const std::string& feed : links.feeds) {
          if (!seed_origins_.contains(std::string(UrlOrigin(feed)))) continue;
          candidates.push_back({feed, UrlKind::kFeed, 0});
        }
      }
      if (options_.follow_links && state.depth < options_.link_depth) {
        for (const PageLink& link : links.links) {
          if (link.nofollow || !seed_origins_.contains(std::string(UrlOrigin(link.url)))) continue;
          candidates.push_back({link.url, UrlKind::kPage, 0});
        }
      }
      Item source = item;
      source.state = state;
      FACTSIFT_RETURN_IF_ERROR(Schedule(candidates, source, &outcome.discovered));
    }
  }

  outcome.fetch = std::move(fetch);
  ++summary_.outcomes;
  if (ok && http_status == 304) {
    ++summary_.not_modified;
  } else if (ok) {
    ++summary_.fetched;
  } else {
    ++summary_.failed;
    if (outcome.fetch.status.message().ends_with("disallowed by robots.txt")) {
      ++summary_.disallowed;
    }
  }
  CrawlEvent event;
  event.type = CrawlEvent::Type::kOutcome;
  event.url = outcome.fetch.page.url;
  event.outcome = &outcome;
  event.status = outcome.fetch.status;
  event.http_status = http_status;
  event.attempt = item.attempts;
  Emit(event);
  items_.erase(id);
  return sink_.Accept(std::move(outcome));
}

}  // namespace

Status ValidateCrawlOptions(const CrawlOptions& options) {
  const auto bad = [](std::string what) {
    return Status::InvalidArgument("crawl options: " + std::move(what));
  };
  if (options.concurrency < 1) return bad("concurrency must be >= 1");
  if (options.per_host < 1) return bad("per_host must be >= 1");
  if (options.delay_ms < 0) return bad("delay_ms must be >= 0");
  if (options.connect_timeout_ms <= 0) return bad("connect_timeout_ms must be > 0");
  // 0 would mean "no timeout" to curl; a crawler must never wait forever.
  if (options.timeout_ms <= 0) return bad("timeout_ms must be > 0");
  if (options.max_bytes <= 0) return bad("max_bytes must be > 0");
  if (options.max_redirects < 0) return bad("max_redirects must be >= 0");
  if (options.max_attempts < 1) return bad("max_attempts must be >= 1");
  if (options.low_speed_time_s < 0 || options.low_speed_bytes < 0) {
    return bad("low-speed limits must be >= 0");
  }
  if (options.revisit_min_ms < 0 || options.revisit_max_ms < options.revisit_min_ms) {
    return bad("revisit_min_ms must be >= 0 and <= revisit_max_ms");
  }
  // Sites should be able to tell who we are; CR/LF would forge headers.
  if (options.user_agent.empty() || options.user_agent.find_first_of("\r\n") != std::string::npos) {
    return bad("user_agent must be one non-empty line");
  }
  FACTSIFT_RETURN_IF_ERROR(ValidateRegexes(options.include, "--include", nullptr));
  FACTSIFT_RETURN_IF_ERROR(ValidateRegexes(options.exclude, "--exclude", nullptr));
  return Status::Ok();
}

uint64_t ContentHash(std::string_view body) {
  // Eight bytes per step with multiply-rotate mixing: a change detector, not
  // a fingerprint against adversaries, and ten times faster than FNV's byte
  // loop on 50 KB pages. (Word order is the machine's: a database moved to a
  // machine of other endianness sees each page "changed" once.)
  constexpr uint64_t kPrime1 = 0x9E3779B185EBCA87ULL;
  constexpr uint64_t kPrime2 = 0xC2B2AE3D27D4EB4FULL;
  uint64_t hash = kPrime1 ^ (body.size() * kPrime2);
  size_t i = 0;
  for (; i + 8 <= body.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, body.data() + i, 8);
    hash ^= word * kPrime2;
    hash = ((hash << 31) | (hash >> 33)) * kPrime1;
  }
  for (; i < body.size(); ++i) {
    hash ^= static_cast<unsigned char>(body[i]) * kPrime1;
    hash = ((hash << 11) | (hash >> 53)) * kPrime2;
  }
  hash ^= hash >> 33;
  hash *= 0xFF51AFD7ED558CCDULL;
  hash ^= hash >> 33;
  return hash == 0 ? 1 : hash;  // 0 means "no body seen".
}

StatusOr<CrawlSummary> Crawl(const CrawlSeeds& seeds, const CrawlOptions& options,
                             CrawlState& state, CrawlSink& sink, CrawlObserver* observer) {
  Crawler crawler(options, state, sink, observer);
  return crawler.Run(seeds);
}

}  // namespace factsift::crawler
