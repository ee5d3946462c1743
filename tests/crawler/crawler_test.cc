// Tests for crawler/crawler.h against a cpp-httplib server on 127.0.0.1 that
// plays a news site: robots.txt (RFC 9309), politeness, retries (RFC 9110
// 10.2.3 Retry-After), conditional requests (RFC 9110 13), redirects hop by
// hop, address safety, discovery, max-pages, resuming, content codings, WARC.
#include "crawler/crawler.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <brotli/encode.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include "common/time_util.h"
#include "crawler/fetcher.h"
#include "crawler/internal/http_client.h"
#include "crawler/warc.h"

#include "tests/testing/status_matchers.h"

namespace factsift::crawler {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

class CurlEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    curl_.emplace();
    ASSERT_OK(curl_->status());
  }
  void TearDown() override { curl_.reset(); }

 private:
  std::optional<CurlGlobal> curl_;
};
[[maybe_unused]] ::testing::Environment* const curl_environment =
    ::testing::AddGlobalTestEnvironment(new CurlEnvironment);

// One request as the server saw it.
struct Seen {
  std::string path;
  std::string if_none_match, if_modified_since, user_agent;
  int64_t at_ms = 0;
};

// A cpp-httplib server on an ephemeral port of 127.0.0.1 that records every
// request. Handlers are added before Start().
class Site {
 public:
  ~Site() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  void Get(const std::string& pattern,
           std::function<void(const httplib::Request&, httplib::Response&)> handler) {
    server_.Get(pattern,
                [this, handler](const httplib::Request& request, httplib::Response& response) {
                  {
                    std::lock_guard<std::mutex> lock(mutex_);
                    seen_.push_back({request.path, request.get_header_value("If-None-Match"),
                                     request.get_header_value("If-Modified-Since"),
                                     request.get_header_value("User-Agent"), NowMs()});
                    const int now = ++in_flight_;
                    max_in_flight_ = std::max(max_in_flight_, now);
                  }
                  handler(request, response);
                  std::lock_guard<std::mutex> lock(mutex_);
                  --in_flight_;
                });
  }
  void Page(const std::string& path, std::string body,
            std::string type = "text/html; charset=utf-8") {
    Get(path, [body, type](const httplib::Request&, httplib::Response& response) {
      response.set_content(body, type);
    });
  }

  void Start() {
    server_.set_keep_alive_timeout(1);
    server_.set_socket_options([this](socket_t socket) {
      httplib::default_socket_options(socket);
      int unset = -1;
      listen_socket_.compare_exchange_strong(unset, socket);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    // Listening again raises cpp-httplib's backlog of 5 (see fetcher_test.cc).
    ASSERT_EQ(::listen(listen_socket_.load(), SOMAXCONN), 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // The socket already accepts (connections queue); waiting for the accept
    // loop only keeps stop() from racing its start.
    const auto deadline = steady_clock::now() + std::chrono::seconds(5);
    while (!server_.is_running() && steady_clock::now() < deadline) std::this_thread::yield();
    ASSERT_TRUE(server_.is_running());
  }

  std::string Url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }
  // The same server under another origin, for "other site" links.
  std::string OtherOriginUrl(std::string_view path) const {
    return "http://localhost:" + std::to_string(port_) + std::string(path);
  }
  int port() const { return port_; }

  int Hits(std::string_view path) {
    std::lock_guard<std::mutex> lock(mutex_);
    return static_cast<int>(
        std::count_if(seen_.begin(), seen_.end(), [&](const Seen& s) { return s.path == path; }));
  }
  std::vector<Seen> Requests(std::string_view path) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<Seen> out;
    for (const Seen& s : seen_) {
      if (s.path == path) out.push_back(s);
    }
    return out;
  }
  std::vector<Seen> All() {
    std::lock_guard<std::mutex> lock(mutex_);
    return seen_;
  }
  int max_in_flight() {
    std::lock_guard<std::mutex> lock(mutex_);
    return max_in_flight_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  std::atomic<int> listen_socket_{-1};
  int port_ = 0;
  std::mutex mutex_;
  std::vector<Seen> seen_;  // Guarded by mutex_.
  int in_flight_ = 0, max_in_flight_ = 0;
};

// Keeps every outcome and stores it in the state, as the database sink does.
class Sink : public CrawlSink {
 public:
  explicit Sink(MemoryCrawlState& state) : state_(state) {}
  Status Accept(CrawlOutcome outcome) override {
    state_.Apply(outcome);
    outcomes.push_back(std::move(outcome));
    if (stop_after > 0 && static_cast<int>(outcomes.size()) >= stop_after) stop.store(true);
    return Status::Ok();
  }
  const CrawlOutcome* Find(const std::string& url) const {
    for (const CrawlOutcome& outcome : outcomes) {
      if (outcome.fetch.page.url == url) return &outcome;
    }
    return nullptr;
  }

  std::vector<CrawlOutcome> outcomes;
  int stop_after = 0;  // Set `stop` after this many outcomes; 0 never.
  std::atomic<bool> stop{false};

 private:
  MemoryCrawlState& state_;
};

class Events : public CrawlObserver {
 public:
  void OnEvent(const CrawlEvent& event) override {
    if (event.type == CrawlEvent::Type::kRetry) retry_delays.push_back(event.delay_ms);
  }
  std::vector<int64_t> retry_delays;
};

// Fast and permissive enough for a local server; politeness off unless a test turns it on.
CrawlOptions Quick() {
  CrawlOptions options;
  options.allow_private = true;
  options.delay_ms = 0;
  options.per_host = 8;
  options.connect_timeout_ms = 2000;
  options.timeout_ms = 3000;
  options.low_speed_time_s = 0;
  options.backoff_base_ms = 20;
  options.backoff_max_ms = 200;
  options.random_seed = 42;
  return options;
}

CrawlSummary MustCrawl(const CrawlSeeds& seeds, const CrawlOptions& options,
                       MemoryCrawlState& state, Sink& sink, CrawlObserver* observer = nullptr) {
  StatusOr<CrawlSummary> summary = Crawl(seeds, options, state, sink, observer);
  EXPECT_OK(summary);
  return summary.ok() ? *summary : CrawlSummary{};
}

CrawlSeeds Pages(std::vector<std::string> urls) {
  CrawlSeeds seeds;
  seeds.pages = std::move(urls);
  return seeds;
}

constexpr char kHtml[] =
    "<html><head><title>t</title></head><body><p>BTC rose 3%</p></body></html>";

// RFC 9309 2.2.2: a disallowed URL is never requested; it is still recorded.
TEST(Crawl, Spec_RobotsDisallowedPathsAreNeverRequested) {
  Site site;
  site.Page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain");
  site.Page("/a", kHtml);
  site.Page("/private/b", kHtml);
  site.Start();
  MemoryCrawlState state;
  Sink sink(state);
  const CrawlSummary summary =
      MustCrawl(Pages({site.Url("/a"), site.Url("/private/b")}), Quick(), state, sink);
  EXPECT_EQ(site.Hits("/private/b"), 0);
  EXPECT_EQ(site.Hits("/a"), 1);
  EXPECT_EQ(site.Hits("/robots.txt"), 1);
  ASSERT_NE(sink.Find(site.Url("/private/b")), nullptr);
  const Status& refused = sink.Find(site.Url("/private/b"))->fetch.status;
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.message(), "fetch " + site.Url("/private/b") + ": disallowed by robots.txt");
  EXPECT_EQ(summary.disallowed, 1);
  EXPECT_OK(sink.Find(site.Url("/a"))->fetch.status);
  EXPECT_EQ(state.robots().at(site.Url("")).http_status, 200);
}

// RFC 9309 2.3.1.3: robots.txt "unavailable" (4xx): no rules apply.
TEST(Crawl, Spec_RobotsNotFoundAllowsEverything) {
  Site site;
  site.Get("/robots.txt",
           [](const httplib::Request&, httplib::Response& response) { response.status = 404; });
  site.Page("/private/b", kHtml);
  site.Start();
  MemoryCrawlState state;
  Sink sink(state);
  MustCrawl(Pages({site.Url("/private/b")}), Quick(), state, sink);
  EXPECT_EQ(site.Hits("/private/b"), 1);
  EXPECT_OK(sink.outcomes.at(0).fetch.status);
}

// RFC 9309 2.3.1.4: robots.txt unreachable (5xx) means complete disallow; the
// answer is cached for robots_error_ms, so a second run does not ask again.
TEST(Crawl, Spec_RobotsServerErrorDisallowsForAWhile) {
  Site site;
  site.Get("/robots.txt",
           [](const httplib::Request&, httplib::Response& response) { response.status = 503; });
  site.Page("/a", kHtml);
  site.Start();
  MemoryCrawlState state;
  Sink sink(state);
  CrawlOptions options = Quick();
  options.max_attempts = 2;
  MustCrawl(Pages({site.Url("/a")}), options, state, sink);
  EXPECT_EQ(site.Hits("/a"), 0);
  EXPECT_EQ(site.Hits("/robots.txt"), 2);  // Retried like any transient failure.
  ASSERT_EQ(sink.outcomes.size(), 1u);
  EXPECT_EQ(sink.outcomes[0].fetch.status.code(), StatusCode::kUnavailable);
  EXPECT_NE(sink.outcomes[0].fetch.status.message().find("robots.txt unreachable"),
            std::string::npos);
  const RobotsEntry& cached = state.robots().at(site.Url(""));
  EXPECT_EQ(cached.http_status, 0);
  EXPECT_GT(cached.expires_ms, NowMs() + options.robots_error_ms - 5000);
  // The page is due again once robots.txt may be asked again, not before.
  EXPECT_GE(sink.outcomes[0].state.next_due_ms, cached.expires_ms - 1000);

  Sink again(state);
  MustCrawl(Pages({site.Url("/a")}), options, state, again);
  EXPECT_EQ(site.Hits("/robots.txt"), 2);
  EXPECT_EQ(site.Hits("/a"), 0);
}

// RFC 9309 2.4 and RFC 9110 15.4.5: a robots.txt revalidated with 304 keeps
// the cached rules; it is not "no robots.txt". (Some crawlers re-used a 304
// robots.txt as empty and fetched disallowed pages.)
TEST(Crawl, Spec_RobotsNotModifiedKeepsTheCachedRules) {
  Site site;
  site.Get("/robots.txt", [](const httplib::Request& request, httplib::Response& response) {
    if (request.get_header_value("If-None-Match") == "\"r1\"") {
      response.status = 304;
      return;
    }
    response.set_header("ETag", "\"r1\"");
    response.set_content("User-agent: *\nDisallow: /private/\n", "text/plain");
  });
  site.Page("/a", kHtml);
  site.Page("/private/b", kHtml);
  site.Start();
  MemoryCrawlState state;
  for (int run = 1; run <= 2; ++run) {
    SCOPED_TRACE("run " + std::to_string(run));
    Sink sink(state);
    MustCrawl(Pages({site.Url("/a"), site.Url("/private/b")}), Quick(), state, sink);
    EXPECT_EQ(sink.Find(site.Url("/private/b"))->fetch.status.code(),
              StatusCode::kFailedPrecondition);
  }
  EXPECT_EQ(site.Hits("/private/b"), 0);
  const std::vector<Seen> robots = site.Requests("/robots.txt");
  ASSERT_EQ(robots.size(), 2u);                  // Revalidated once per run...
  EXPECT_EQ(robots[1].if_none_match, "\"r1\"");  // ...conditionally.
  EXPECT_EQ(state.robots().at(site.Url("")).body, "User-agent: *\nDisallow: /private/\n");
}

// robots_max_age_ms: a fresh cached copy is used without asking.
TEST(Crawl, RobotsCacheWithinMaxAgeIsNotAsked) {
  Site site;
  site.Page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain");
  site.Page("/a", kHtml);
  site.Start();
  MemoryCrawlState state;
  CrawlOptions options = Quick();
  options.robots_max_age_ms = 60000;
  Sink first(state), second(state);
  MustCrawl(Pages({site.Url("/a")}), options, state, first);
  MustCrawl(Pages({site.Url("/a"), site.Url("/private/x")}), options, state, second);
  EXPECT_EQ(site.Hits("/robots.txt"), 1);
  EXPECT_EQ(second.Find(site.Url("/private/x"))->fetch.status.code(),
            StatusCode::kFailedPrecondition);
}

// Crawl-delay can only raise --delay-ms; request starts to one host are spaced by it.
TEST(Crawl, CrawlDelayAndDelayMsSpaceRequests) {
  Site site;
  site.Page("/robots.txt", "User-agent: factsift\nCrawl-delay: 0.25\n", "text/plain");
  for (int i = 0; i < 3; ++i) site.Page("/p" + std::to_string(i), kHtml);
  site.Start();
  MemoryCrawlState state;
  Sink sink(state);
  CrawlOptions options = Quick();
  options.delay_ms = 100;
  MustCrawl(Pages({site.Url("/p0"), site.Url("/p1"), site.Url("/p2")}), options, state, sink);
  std::vector<int64_t> starts;
  for (const Seen& seen : site.All()) {
    if (seen.path != "/robots.txt") starts.push_back(seen.at_ms);
  }
  ASSERT_EQ(starts.size(), 3u);
  std::sort(starts.begin(), starts.end());
  EXPECT_GE(starts[1] - starts[0], 230);
  EXPECT_GE(starts[2] - starts[1], 230);
}

TEST(Crawl, PerHostLimitBoundsConcurrency) {
  Site site;
  site.Get(R"(/slow/\d+)", [](const httplib::Request&, httplib::Response& response) {
    std::this_thread::sleep_for(milliseconds(60));
    response.set_content(kHtml, "text/html");
  });
  site.Start();
  std::vector<std::string> urls;
  for (int i = 0; i < 8; ++i) urls.push_back(site.Url("/slow/" + std::to_string(i)));
  MemoryCrawlState state;
  Sink sink(state);
  CrawlOptions options = Quick();
  options.concurrency = 8;
  options.per_host = 2;
  MustCrawl(Pages(urls), options, state, sink);
  EXPECT_EQ(sink.outcomes.size(), 8u);
  EXPECT_EQ(site.max_in_flight(), 2);
}

// RFC 9110 10.2.3: a 429 with Retry-After is retried no sooner than it says.
TEST(Crawl, Spec_RetryAfterIsHonoured) {
  Site site;
  std::atomic<int> calls{0};
  site.Get("/limited", [&calls](const httplib::Request&, httplib::Response& response) {
    if (calls++ == 0) {
      response.status = 429;
      response.set_header("Retry-After", "1");
      return;
    }
    response.set_content(kHtml, "text/html");
  });
  site.Start();
  MemoryCrawlState state;
  Sink sink(state);
  const CrawlSummary summary = MustCrawl(Pages({site.Url("/limited")}), Quick(), state, sink);
  const std::vector<Seen> requests = site.Requests("/limited");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_GE(requests[1].at_ms - requests[0].at_ms, 950);
  EXPECT_OK(sink.outcomes.at(0).fetch.status);
  EXPECT_EQ(sink.outcomes.at(0).attempts, 2);
  EXPECT_EQ(summary.retries, 1);
}

// "Within limits": a Retry-After longer than max_retry_after_ms is not waited
// for in this run; the URL is due again after it.
TEST(Crawl, LongRetryAfterWaitsForALaterRun) {
  Site site;
  site.Get("/limited", [](const httplib::Request&, httplib::Response& response) {
    response.status = 503;
    response.set_header("Retry-After", "3600");
  });
  site.Start();
  MemoryCrawlState state;
  Sink sink(state);
  const auto start = steady_clock::now();
  MustCrawl(Pages({site.Url("/limited")}), Quick(), state, sink);
  EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(site.Hits("/limited"), 1);
  const CrawlOutcome& outcome = sink.outcomes.at(0);
  EXPECT_EQ(outcome.fetch.status.code(), StatusCode::kUnavailable);
  EXPECT_GE(outcome.state.next_due_ms, NowMs() + 3500 * 1000);
}

// Transient failures back off exponentially with jitter (0.5x-1.5x).
TEST(Crawl, ServerErrorIsRetriedWithBackoffAndJitter) {
  Site site;
  std::atomic<int> calls{0};
  site.Get("/flaky", [&calls](const httplib::Request&, httplib::Response& response) {
    if (calls++ < 2) {
      response.status = 500;
      return;
    }
    response.set_content(kHtml, "text/html");
  });
  site.Start();
  MemoryCrawlState state;
  Sink sink(state);
  Events events;
  CrawlOptions options = Quick();
  options.backoff_base_ms = 100;
  MustCrawl(Pages({site.Url("/flaky")}), options, state, sink, &events);
  EXPECT_OK(sink.outcomes.at(0).fetch.status);
  EXPECT_EQ(sink.outcomes.at(0).attempts, 3);
  ASSERT_EQ(events.retry_delays.size(), 2u);
  EXPECT_GE(events.retry_delays[0], 50);
  EXPECT_LE(events.retry_delays[0], 150);
  EXPECT_GE(events.retry_delays[1], 100);
  EXPECT_LE(events.retry_delays[1], 300);
}

// RFC 9110 13.1: a second run sends the validators it kept and accepts 304.
TEST(Crawl, Spec_SecondRunSendsConditionalRequests) {
  Site site;
  site.Get("/a", [](const httplib::Request& request, httplib::Response& response) {
    response.set_header("ETag", "\"v1\"");
    response.set_header("Last-Modified", "Sat, 07 Mar 2026 10:00:00 GMT");
    if (request.get_header_value("If-None-Match") == "\"v1\"") {
      response.status = 304;
      return;
    }
    response.set_content(kHtml, "text/html");
  });
  site.Start();
  MemoryCrawlState state;
  Sink first(state), second(state);
  MustCrawl(Pages({site.Url("/a")}), Quick(), state, first);
  const CrawlSummary summary = MustCrawl(Pages({site.Url("/a")}), Quick(), state, second);
  const std::vector<Seen> requests = site.Requests("/a");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].if_none_match, "");
  EXPECT_EQ(requests[1].if_none_match, "\"v1\"");
  EXPECT_EQ(requests[1].if_modified_since, "Sat, 07 Mar 2026 10:00:00 GMT");
  EXPECT_EQ(second.outcomes.at(0).fetch.page.http_status, 304);
  EXPECT_EQ(second.outcomes.at(0).fetch.page.body, "");
  EXPECT_FALSE(second.outcomes.at(0).content_changed);
  EXPECT_EQ(summary.not_modified, 1);
  EXPECT_EQ(state.urls().at(site.Url("/a")).etag, "\"v1\"");
}

// RFC 9110 15.4: redirects are followed hop by hop, each hop under robots.txt.
TEST(Crawl, Spec_RedirectHopsAreCheckedAgainstRobots) {
  Site site;
  site.Page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain");
  site.Get("/to-private", [&site](const httplib::Request&, httplib::Response& response) {
    response.set_redirect(site.Url("/private/x"), 302);
  });
  site.Get("/moved", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("/a", 301);
  });
  site.Get("/loop", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("/loop2", 302);
  });
  site.Get("/loop2", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("/loop", 302);
  });
  site.Get(R"(/chain/(\d+))", [](const httplib::Request& request, httplib::Response& response) {
    response.set_redirect("/chain/" + std::to_string(std::stoi(request.matches[1]) + 1), 302);
  });
  site.Get("/to-file", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("file:///etc/passwd", 302);
  });
  site.Page("/a", kHtml);
  site.Page("/private/x", kHtml);
  site.Start();
  MemoryCrawlState state;
  Sink sink(state);
  MustCrawl(Pages({site.Url("/to-private"), site.Url("/moved"), site.Url("/loop"),
                   site.Url("/chain/0"), site.Url("/to-file")}),
            Quick(), state, sink);
  EXPECT_EQ(site.Hits("/private/x"), 0);
  EXPECT_EQ(sink.Find(site.Url("/to-private"))->fetch.status.message(),
            "fetch " + site.Url("/private/x") + ": disallowed by robots.txt");
  const CrawlOutcome& moved = *sink.Find(site.Url("/moved"));
  EXPECT_OK(moved.fetch.status);
  EXPECT_EQ(moved.fetch.page.final_url, site.Url("/a"));
  EXPECT_EQ(moved.fetch.page.body, kHtml);
  EXPECT_NE(sink.Find(site.Url("/loop"))->fetch.status.message().find("redirect loop"),
            std::string::npos);
  EXPECT_EQ(sink.Find(site.Url("/chain/0"))->fetch.status.message(),
            "fetch " + site.Url("/chain/0") + ": more than 5 redirects");
  EXPECT_EQ(site.Hits("/chain/5"), 1);
  EXPECT_EQ(site.Hits("/chain/6"), 0);
  EXPECT_NE(sink.Find(site.Url("/to-file"))
                ->fetch.status.message()
                .find("redirect to a scheme other than http/https"),
            std::string::npos);
}

// Without allow_private, loopback addresses are refused after resolution:
// nothing reaches the server, not even robots.txt.
TEST(Crawl, PrivateAddressesAreRefused) {
  Site site;
  site.Page("/a", kHtml);
  site.Start();
  MemoryCrawlState state;
  Sink sink(state);
  CrawlOptions options = Quick();
  options.allow_private = false;
  MustCrawl(Pages({site.Url("/a"), "http://localhost:" + std::to_string(site.port()) + "/a"}),
            options, state, sink);
  EXPECT_TRUE(site.All().empty());
  ASSERT_EQ(sink.outcomes.size(), 2u);
  for (const CrawlOutcome& outcome : sink.outcomes) {
    SCOPED_TRACE(outcome.fetch.page.url);
    EXPECT_EQ(outcome.fetch.status.code(), StatusCode::kFailedPrecondition);
    // localhost may resolve to 127.0.0.1 or ::1; both are loopback.
    EXPECT_NE(outcome.fetch.status.message().find("(loopback) address (--allow-private allows it)"),
              std::string::npos)
        << outcome.fetch.status.message();
  }
  EXPECT_TRUE(state.robots().empty());  // A refusal is not a robots.txt answer to cache.
}

TEST(IsNonPublicAddress, Ipv4AndIpv6Ranges) {
  const struct {
    const char* address;
    const char* kind;  // nullptr: public.
  } kRows[] = {
      {"127.0.0.1", "loopback"},
      {"10.1.2.3", "private"},
      {"172.16.0.1", "private"},
      {"172.32.0.1", nullptr},
      {"192.168.1.1", "private"},
      {"169.254.169.254", "link-local"},
      {"100.64.0.1", "shared (carrier-grade NAT)"},
      {"224.0.0.1", "multicast"},
      {"0.0.0.0", "unspecified"},
      {"93.184.216.34", nullptr},
      {"8.8.8.8", nullptr},
      {"::1", "loopback"},
      {"::", "unspecified"},
      {"fd00::1", "private"},
      {"fe80::1", "link-local"},
      {"ff02::1", "multicast"},
      {"::ffff:127.0.0.1", "loopback"},
      {"::ffff:10.0.0.1", "private"},
      {"2001:4860:4860::8888", nullptr},
  };
  for (const auto& row : kRows) {
    SCOPED_TRACE(row.address);
    sockaddr_storage storage{};
    if (std::string(row.address).find(':') != std::string::npos) {
      auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
      v6->sin6_family = AF_INET6;
      ASSERT_EQ(inet_pton(AF_INET6, row.address, &v6->sin6_addr), 1);
    } else {
      auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
      v4->sin_family = AF_INET;
      ASSERT_EQ(inet_pton(AF_INET, row.address, &v4->sin_addr), 1);
    }
    std::string what;
    EXPECT_EQ(internal::IsNonPublicAddress(&storage, &what), row.kind != nullptr);
    if (row.kind != nullptr) {
      EXPECT_EQ(what, row.kind);
    }
  }
}

// Discovery: a sitemap index leads to a Google News sitemap, whose entries
// older than `since` are skipped; an RSS feed and an Atom feed list pages.
TEST(Crawl, SitemapsAndFeedsLeadToPages) {
  Site site;
  site.Page("/index.xml", "<sitemapindex><sitemap><loc>/news.xml</loc></sitemap></sitemapindex>",
            "application/xml");
  site.Page("/news.xml",
            "<urlset xmlns:news=\"x\"><url><loc>/new</loc><news:news><news:publication_date>"
            "2026-03-07</news:publication_date></news:news></url><url><loc>/old</loc>"
            "<lastmod>2025-01-01</lastmod></url></urlset>",
            "application/xml");
  site.Page("/rss", "<rss><channel><item><link>/from-rss</link></item></channel></rss>",
            "application/rss+xml");
  site.Page("/atom", "<feed><entry><link href=\"/from-atom\"/></entry></feed>",
            "application/atom+xml");
  for (const char* page : {"/new", "/old", "/from-rss", "/from-atom"}) site.Page(page, kHtml);
  site.Start();
  MemoryCrawlState state;
  Sink sink(state);
  CrawlOptions options = Quick();
  options.since_ms = ParseIsoToMs("2026-01-01").value();
  CrawlSeeds seeds;
  seeds.sitemaps = {site.Url("/index.xml")};
  seeds.feeds = {site.Url("/rss"), site.Url("/atom")};
  const CrawlSummary summary = MustCrawl(seeds, options, state, sink);
  EXPECT_EQ(site.Hits("/new"), 1);
  EXPECT_EQ(site.Hits("/from-rss"), 1);
  EXPECT_EQ(site.Hits("/from-atom"), 1);
  EXPECT_EQ(site.Hits("/old"), 0);
  EXPECT_EQ(summary.discovered, 4);  // news.xml, /new, /from-rss, /from-atom.
  const CrawlOutcome* news = sink.Find(site.Url("/news.xml"));
  ASSERT_NE(news, nullptr);
  ASSERT_EQ(news->discovered.size(), 1u);
  EXPECT_EQ(news->discovered[0].url, site.Url("/new"));
  EXPECT_EQ(news->discovered[0].published_ms, ParseIsoToMs("2026-03-07").value());
  EXPECT_EQ(state.urls().at(site.Url("/new")).source, site.Url("/news.xml"));
}

// robots.txt Sitemap lines and <link rel="alternate"> feeds on a seed page
// are discovery sources for the seed's own site.
TEST(Crawl, RobotsSitemapsAndSeedPageFeeds) {
  Site site;
  site.Get("/robots.txt", [&site](const httplib::Request&, httplib::Response& response) {
    response.set_content("User-agent: *\nSitemap: " + site.Url("/sitemap.xml") + "\n",
                         "text/plain");
  });
  site.Page("/sitemap.xml", "<urlset><url><loc>/from-sitemap</loc></url></urlset>",
            "application/xml");
  site.Page("/",
            "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" "
            "href=\"/feed\"></head><body>front</body></html>");
  site.Page("/feed", "<rss><channel><item><link>/from-feed</link></item></channel></rss>",
            "application/rss+xml");
  site.Page("/from-sitemap", kHtml);
  site.Page("/from-feed", kHtml);
  site.Start();
  MemoryCrawlState state;
  Sink sink(state);
  MustCrawl(Pages({site.Url("/")}), Quick(), state, sink);
  EXPECT_EQ(site.Hits("/from-sitemap"), 1);
  EXPECT_EQ(site.Hits("/from-feed"), 1);
  EXPECT_EQ(state.urls().at(site.Url("/feed")).kind, UrlKind::kFeed);
}

// --follow-links: links of seed pages, to the seed sites only, minus
// rel=nofollow and --exclude, within --include.
TEST(Crawl, FollowLinksStaysOnSeedSitesAndHonoursNofollow) {
  Site site;
  site.Get("/", [&site](const httplib::Request&, httplib::Response& response) {
    response.set_content(
        "<a href=\"/news/1\">1</a><a href=\"/news/2\" rel=\"nofollow\">2</a>"
        "<a href=\"/about\">about</a><a href=\"/news/3?draft=1\">3</a>"
        "<a href=\"" +
            site.OtherOriginUrl("/news/4") + "\">other site</a>",
        "text/html");
  });
  site.Get(R"(/news/\d)", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("<a href=\"/news/9\">deeper</a>", "text/html");
  });
  site.Page("/about", kHtml);
  site.Start();
  MemoryCrawlState state;
  Sink sink(state);
  CrawlOptions options = Quick();
  options.follow_links = true;
  options.include = {"/news/"};
  options.exclude = {"draft="};
  MustCrawl(Pages({site.Url("/")}), options, state, sink);
  EXPECT_EQ(site.Hits("/news/1"), 1);
  EXPECT_EQ(site.Hits("/news/2"), 0);  // nofollow
  EXPECT_EQ(site.Hits("/about"), 0);   // not included
  EXPECT_EQ(site.Hits("/news/3"), 0);  // excluded
  EXPECT_EQ(site.Hits("/news/4"), 0);  // another origin
  EXPECT_EQ(site.Hits("/news/9"), 0);  // beyond link_depth 1
  EXPECT_EQ(state.urls().at(site.Url("/news/1")).depth, 1);
}

// max_pages: the rest stays in the frontier, due, for the next run.
TEST(Crawl, MaxPagesLeavesTheRestForTheNextRun) {
  Site site;
  std::string sitemap = "<urlset>";
  for (int i = 0; i < 5; ++i) {
    site.Page("/p" + std::to_string(i), kHtml);
    sitemap += "<url><loc>/p" + std::to_string(i) + "</loc></url>";
  }
  site.Page("/sitemap.xml", sitemap + "</urlset>", "application/xml");
  site.Start();
  MemoryCrawlState state;
  CrawlOptions options = Quick();
  options.max_pages = 2;
  CrawlSeeds seeds;
  seeds.sitemaps = {site.Url("/sitemap.xml")};
  Sink first(state);
  const CrawlSummary summary = MustCrawl(seeds, options, state, first);
  EXPECT_EQ(summary.fetched, 3);  // The sitemap and two pages.
  EXPECT_EQ(summary.skipped_max_pages, 3);
  Sink second(state);
  options.max_pages = 0;
  MustCrawl(seeds, options, state, second);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(site.Hits("/p" + std::to_string(i)), 1) << i;
}

// A run that stops midway (killed, or stopped) is resumed by the next: what
// it finished is not fetched again, and the run is the same run.
TEST(Crawl, InterruptedRunIsResumed) {
  Site site;
  std::string sitemap = "<urlset>";
  for (int i = 0; i < 6; ++i) {
    site.Page("/p" + std::to_string(i), kHtml);
    sitemap += "<url><loc>/p" + std::to_string(i) + "</loc></url>";
  }
  site.Page("/sitemap.xml", sitemap + "</urlset>", "application/xml");
  site.Start();
  MemoryCrawlState state;
  CrawlOptions options = Quick();
  options.concurrency = 1;
  CrawlSeeds seeds;
  seeds.sitemaps = {site.Url("/sitemap.xml")};
  Sink first(state);
  first.stop_after = 3;
  options.stop = &first.stop;
  const CrawlSummary stopped = MustCrawl(seeds, options, state, first);
  EXPECT_TRUE(stopped.stopped);
  EXPECT_FALSE(state.run_finished());

  Sink second(state);
  options.stop = nullptr;
  const CrawlSummary resumed = MustCrawl(seeds, options, state, second);
  EXPECT_TRUE(resumed.run.resumed);
  EXPECT_EQ(resumed.run.id, stopped.run.id);
  EXPECT_TRUE(state.run_finished());
  EXPECT_EQ(site.Hits("/sitemap.xml"), 1);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(site.Hits("/p" + std::to_string(i)), 1) << i;
  EXPECT_EQ(first.outcomes.size() + second.outcomes.size(), 7u);
}

std::string Compress(std::string_view data, int window_bits) {
  z_stream stream{};
  deflateInit2(&stream, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string Brotli(std::string_view data) {
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  std::string out(size, '\0');
  BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                        reinterpret_cast<const uint8_t*>(data.data()), &size,
                        reinterpret_cast<uint8_t*>(out.data()));
  out.resize(size);
  return out;
}

// RFC 9110 8.4.1: gzip, deflate (zlib-wrapped, and raw as some servers send
// it) and br are decoded; the body kept is the decoded one.
TEST(Crawl, Spec_ContentCodingsAreDecoded) {
  Site site;
  const std::string body(20000, 'b');
  const struct {
    const char* path;
    const char* encoding;
    std::string wire;
  } kRows[] = {
      {"/gzip", "gzip", Compress(body, 15 + 16)},
      {"/deflate", "deflate", Compress(body, 15)},
      {"/raw-deflate", "deflate", Compress(body, -15)},
      {"/br", "br", Brotli(body)},
  };
  for (const auto& row : kRows) {
    site.Get(row.path, [&row](const httplib::Request&, httplib::Response& response) {
      response.set_header("Content-Encoding", row.encoding);
      response.set_content(row.wire, "application/octet-stream");
    });
  }
  site.Start();
  std::vector<std::string> urls;
  for (const auto& row : kRows) urls.push_back(site.Url(row.path));
  MemoryCrawlState state;
  Sink sink(state);
  CrawlOptions options = Quick();
  options.filter_content_types = false;
  MustCrawl(Pages(urls), options, state, sink);
  for (const auto& row : kRows) {
    SCOPED_TRACE(row.path);
    const CrawlOutcome* outcome = sink.Find(site.Url(row.path));
    ASSERT_NE(outcome, nullptr);
    EXPECT_OK(outcome->fetch.status);
    EXPECT_EQ(outcome->fetch.page.body, body);
  }
}

// Types that are not pages are refused at the headers; the body is not read.
TEST(Crawl, ContentTypesThatAreNotPagesAreSkipped) {
  Site site;
  site.Page("/image", std::string(100000, 'x'), "image/png");
  site.Page("/pdf", "%PDF-1.4 ...", "application/pdf");
  site.Start();
  MemoryCrawlState state;
  Sink sink(state);
  MustCrawl(Pages({site.Url("/image"), site.Url("/pdf")}), Quick(), state, sink);
  const CrawlOutcome* image = sink.Find(site.Url("/image"));
  EXPECT_EQ(image->fetch.status.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(image->fetch.status.message(),
            "fetch " + site.Url("/image") + ": content type image/png is not crawled");
  EXPECT_OK(sink.Find(site.Url("/pdf"))->fetch.status);  // Kept as evidence.
}

// The User-Agent names the crawler; its product token selects robots groups.
TEST(Crawl, SendsTheUserAgent) {
  Site site;
  site.Page("/a", kHtml);
  site.Start();
  MemoryCrawlState state;
  Sink sink(state);
  MustCrawl(Pages({site.Url("/a")}), Quick(), state, sink);
  EXPECT_EQ(site.Requests("/a").at(0).user_agent, kDefaultUserAgent);
}

// With a WARC writer, every exchange is archived with its bytes as received:
// a chunked body keeps its framing in the record and is de-chunked in the page.
TEST(Crawl, WarcRecordsEveryExchange) {
  Site site;
  site.Page("/robots.txt", "User-agent: *\n", "text/plain");
  site.Get("/chunked", [](const httplib::Request&, httplib::Response& response) {
    response.set_chunked_content_provider("text/html", [](size_t, httplib::DataSink& sink) {
      sink.write("<p>one</p>", 10);
      sink.write("<p>two</p>", 10);
      sink.done();
      return true;
    });
  });
  site.Start();
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("factsift_crawl_warc_" + std::to_string(getpid()) + ".warc.gz");
  std::filesystem::remove(path);
  StatusOr<std::unique_ptr<WarcWriter>> warc = WarcWriter::Open(path.string(), "test");
  ASSERT_OK(warc);
  MemoryCrawlState state;
  Sink sink(state);
  CrawlOptions options = Quick();
  options.warc = warc->get();
  MustCrawl(Pages({site.Url("/chunked")}), options, state, sink);
  EXPECT_EQ(sink.outcomes.at(0).fetch.page.body, "<p>one</p><p>two</p>");
  EXPECT_EQ((*warc)->records(), 5);  // warcinfo, robots.txt and the page (response + request).
  ASSERT_OK((*warc)->Close());
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace factsift::crawler
