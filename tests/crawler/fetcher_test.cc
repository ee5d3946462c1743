// Tests for crawler/fetcher.h against a cpp-httplib server on 127.0.0.1 that plays the web.
// Status mapping per RFC 9110 section 15 and the contract in fetcher.h.
#include "crawler/fetcher.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include "common/raw_page.h"
#include "common/status.h"
#include "common/time_util.h"

#include "tests/testing/status_matchers.h"

namespace factsift::crawler {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// curl_global_init must run once, before any thread; gtest runs environments
// before the first test and owns the object it is given.
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

// Records every result; optionally fails the n-th Accept to stop the crawl.
class RecordingSink : public PageSink {
 public:
  RecordingSink() = default;
  RecordingSink(size_t fail_on_call, Status failure)
      : fail_on_call_(fail_on_call), failure_(std::move(failure)) {}

  Status Accept(const FetchResult& result) override {
    results.push_back(result);
    if (results.size() == fail_on_call_) return failure_;
    return Status::Ok();
  }

  std::vector<FetchResult> results;

 private:
  size_t fail_on_call_ = 0;  // 0: never fail.
  Status failure_;
};

// gzip framing (RFC 1952): windowBits 15 + 16 asks zlib for a gzip header and trailer.
std::string Gzip(std::string_view data) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    ADD_FAILURE() << "deflateInit2 failed";
    return {};
  }
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int code = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  EXPECT_EQ(code, Z_STREAM_END);
  return out;
}

// A port on 127.0.0.1 that nothing listens on: bound by us, then released.
int ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

constexpr std::string_view kPageBody = "<html><body><p>BTC rose 3%</p></body></html>";
constexpr std::string_view kEtag = "\"v1-abc\"";
constexpr std::string_view kLastModified = "Wed, 04 Mar 2026 10:00:00 GMT";
// The Debian build of cpp-httplib compresses text/* responses itself when the
// client accepts gzip. Bodies whose wire size matters use this type instead.
constexpr std::string_view kOpaqueType = "application/octet-stream";
constexpr size_t kBigBodyBytes = size_t{64} << 10;  // Size of /big and /big-chunked.

class FetcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterHandlers();
    server_.set_keep_alive_timeout(1);
    server_.set_socket_options([this](socket_t socket) {
      httplib::default_socket_options(socket);
      int unset = -1;
      listen_socket_.compare_exchange_strong(unset, socket);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    // cpp-httplib listens with a backlog of 5, so a burst of 8 connects (one
    // per transfer) loses SYNs, which the kernel retries only after 1 s, past
    // our connect timeout. Listening again on Linux just raises the backlog.
    ASSERT_EQ(::listen(listen_socket_.load(), SOMAXCONN), 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the accept loop runs would be lost and join() would hang.
    const auto deadline = steady_clock::now() + std::chrono::seconds(5);
    while (!server_.is_running() && steady_clock::now() < deadline) {
      std::this_thread::sleep_for(milliseconds(1));
    }
    ASSERT_TRUE(server_.is_running());
  }

  void TearDown() override {
    stopping_ = true;  // Releases stalled handlers, so stop() need not wait for them.
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  std::string Url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }

  // Short timeouts keep the suite fast; every local response takes milliseconds.
  static FetchOptions QuickOptions() {
    FetchOptions options;
    options.connect_timeout_ms = 1000;
    options.timeout_ms = 2000;
    return options;
  }

  static FetchResult FetchOne(const std::string& url,
                              const FetchOptions& options = QuickOptions()) {
    RecordingSink sink;
    const Status status = FetchAll({url}, options, sink);
    EXPECT_OK(status);
    EXPECT_EQ(sink.results.size(), 1u);
    return sink.results.empty() ? FetchResult{} : sink.results.front();
  }

  int Hits(const std::string& path) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = hits_.find(path);
    return it == hits_.end() ? 0 : it->second;
  }
  int TotalHits() {
    std::lock_guard<std::mutex> lock(mutex_);
    int total = 0;
    for (const auto& [path, count] : hits_) total += count;
    return total;
  }

  // Waits up to 5 s for TearDown, like a server that accepted and went quiet.
  void Stall() {
    const auto deadline = steady_clock::now() + std::chrono::seconds(5);
    while (!stopping_ && steady_clock::now() < deadline) {
      std::this_thread::sleep_for(milliseconds(10));
    }
  }

  // Where /to-file redirects (a file:// path); set before fetching it.
  void SetRedirectFileTarget(std::string path) {
    std::lock_guard<std::mutex> lock(mutex_);
    redirect_file_target_ = std::move(path);
  }

  std::atomic<int> max_in_flight_{0};  // Most /slow requests seen at once.

 private:
  void Count(const httplib::Request& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++hits_[request.path];
  }

  void RegisterHandlers() {
    using httplib::Request;
    using httplib::Response;
    server_.Get("/page", [this](const Request& request, Response& response) {
      Count(request);
      response.set_header("ETag", std::string(kEtag));
      response.set_header("Last-Modified", std::string(kLastModified));
      response.set_content(std::string(kPageBody), "text/html; charset=utf-8");
    });
    server_.Get("/user-agent", [](const Request& request, Response& response) {
      response.set_content(request.get_header_value("User-Agent"), "text/plain");
    });
    server_.Get(R"(/status/(\d+))", [](const Request& request, Response& response) {
      response.status = std::stoi(request.matches[1].str());
      response.set_header("ETag", "\"error-page\"");
      response.set_content("error page", "text/html");
    });
    server_.Get("/not-modified", [](const Request&, Response& response) {
      response.status = 304;
      response.set_header("ETag", std::string(kEtag));
    });
    // /redirect/3 -> /redirect/2 -> /redirect/1 -> /redirect/0 (a page).
    // Each hop sends its own validators, which the final page must not inherit.
    server_.Get(R"(/redirect/(\d+))", [this](const Request& request, Response& response) {
      const int hops = std::stoi(request.matches[1].str());
      if (hops == 0) {
        response.set_content("end of chain", "text/plain");
        return;
      }
      response.set_header("ETag", "\"hop\"");
      response.set_header("Last-Modified", std::string(kLastModified));
      response.set_redirect(Url("/redirect/" + std::to_string(hops - 1)), 302);
    });
    server_.Get("/loop", [this](const Request& request, Response& response) {
      Count(request);
      response.set_redirect("/loop", 302);
    });
    server_.Get("/to-file", [this](const Request&, Response& response) {
      std::lock_guard<std::mutex> lock(mutex_);
      response.set_redirect("file://" + redirect_file_target_, 302);
    });
    server_.Get("/big", [](const Request&, Response& response) {
      response.set_content(std::string(kBigBodyBytes, 'x'), std::string(kOpaqueType));
    });
    // No Content-Length: only counting decoded bytes can stop this one.
    server_.Get("/big-chunked", [](const Request&, Response& response) {
      response.set_chunked_content_provider(
          std::string(kOpaqueType), [sent = size_t{0}](size_t, httplib::DataSink& sink) mutable {
            if (sent >= kBigBodyBytes) {
              sink.done();
              return true;
            }
            const std::string chunk(1024, 'y');
            sent += chunk.size();
            return sink.write(chunk.data(), chunk.size());
          });
    });
    // Encoded by hand so that the test, not the server library, fixes the bytes on the wire.
    server_.Get("/gzip", [](const Request&, Response& response) {
      response.set_header("Content-Encoding", "gzip");
      response.set_content(Gzip(kPageBody), std::string(kOpaqueType));
    });
    // 1 MiB of zeros compresses to about 1 KB: small on the wire, large decoded.
    server_.Get("/gzip-bomb", [](const Request&, Response& response) {
      response.set_header("Content-Encoding", "gzip");
      response.set_content(Gzip(std::string(1 << 20, '\0')), std::string(kOpaqueType));
    });
    server_.Get("/stall", [this](const Request&, Response& response) {
      Stall();
      response.set_content("too late", "text/plain");
    });
    // Headers and a first chunk arrive, then nothing.
    server_.Get("/stall-body", [this](const Request&, Response& response) {
      response.set_chunked_content_provider(std::string(kOpaqueType),
                                            [this](size_t, httplib::DataSink& sink) {
                                              sink.write("partial", 7);
                                              Stall();
                                              sink.done();
                                              return true;
                                            });
    });
    server_.Get(R"(/count/(\d+))", [this](const Request& request, Response& response) {
      Count(request);
      response.set_content("page " + request.matches[1].str(), "text/plain");
    });
    // Holds each request briefly and records how many overlap.
    server_.Get(R"(/slow/(\d+))", [this](const Request& request, Response& response) {
      Count(request);
      const int now = ++in_flight_;
      int seen = max_in_flight_.load();
      while (now > seen && !max_in_flight_.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(milliseconds(50));
      --in_flight_;
      response.set_content("slow " + request.matches[1].str(), "text/plain");
    });
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<int> listen_socket_{-1};  // The server's listening socket, once bound.
  std::atomic<bool> stopping_{false};
  std::atomic<int> in_flight_{0};
  std::mutex mutex_;
  std::map<std::string, int> hits_;   // Request path -> count. Guarded by mutex_.
  std::string redirect_file_target_;  // Guarded by mutex_.
};

// 2xx keeps the body and the validators a later conditional request needs (RFC 9110 8.8).
TEST_F(FetcherTest, OkPageCapturesBodyAndHeaders) {
  const int64_t before = NowMs();
  const FetchResult result = FetchOne(Url("/page"));
  const int64_t after = NowMs();
  ASSERT_OK(result.status);
  EXPECT_EQ(result.page.url, Url("/page"));
  EXPECT_EQ(result.page.final_url, Url("/page"));
  EXPECT_EQ(result.page.http_status, 200);
  EXPECT_EQ(result.page.body, kPageBody);
  EXPECT_EQ(result.page.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(result.page.etag, kEtag);
  EXPECT_EQ(result.page.last_modified, kLastModified);
  EXPECT_GE(result.page.fetched_at_ms, before);
  EXPECT_LE(result.page.fetched_at_ms, after);
}

TEST_F(FetcherTest, SendsConfiguredUserAgent) {
  FetchOptions options = QuickOptions();
  options.user_agent = "factsift-test/1";
  const FetchResult result = FetchOne(Url("/user-agent"), options);
  ASSERT_OK(result.status);
  EXPECT_EQ(result.page.body, "factsift-test/1");
}

// Error statuses by retry meaning: 404/410 gone, 429/5xx retry later, other 4xx give up.
TEST_F(FetcherTest, HttpErrorStatusesMapToCodes) {
  constexpr struct {
    int http_status;
    StatusCode code;
  } kCases[] = {
      {404, StatusCode::kNotFound},           {410, StatusCode::kNotFound},
      {429, StatusCode::kUnavailable},        {500, StatusCode::kUnavailable},
      {503, StatusCode::kUnavailable},        {400, StatusCode::kFailedPrecondition},
      {403, StatusCode::kFailedPrecondition}, {451, StatusCode::kFailedPrecondition},
  };
  for (const auto& row : kCases) {
    const std::string url = Url("/status/" + std::to_string(row.http_status));
    SCOPED_TRACE(url);
    const FetchResult result = FetchOne(url);
    EXPECT_EQ(result.status.code(), row.code) << result.status.ToString();
    EXPECT_EQ(result.status.message(),
              "fetch " + url + ": HTTP " + std::to_string(row.http_status));
    EXPECT_EQ(result.page.http_status, row.http_status);
    EXPECT_EQ(result.page.url, url);
    EXPECT_EQ(result.page.final_url, url);
    EXPECT_EQ(result.page.content_type, "text/html");
    EXPECT_GT(result.page.fetched_at_ms, 0);
    // An error page is not the document, and its validators would mislead a
    // later conditional request.
    EXPECT_EQ(result.page.body, "");
    EXPECT_EQ(result.page.etag, "");
  }
}

// 304 is success with no body: the caller keeps the copy it already has.
TEST_F(FetcherTest, NotModifiedIsOkWithEmptyBody) {
  const FetchResult result = FetchOne(Url("/not-modified"));
  ASSERT_OK(result.status);
  EXPECT_EQ(result.page.http_status, 304);
  EXPECT_EQ(result.page.body, "");
  EXPECT_EQ(result.page.etag, kEtag);
}

TEST_F(FetcherTest, RedirectRecordsFinalUrl) {
  const FetchResult result = FetchOne(Url("/redirect/3"));
  ASSERT_OK(result.status);
  EXPECT_EQ(result.page.url, Url("/redirect/3"));
  EXPECT_EQ(result.page.final_url, Url("/redirect/0"));
  EXPECT_EQ(result.page.http_status, 200);
  EXPECT_EQ(result.page.body, "end of chain");
  // Headers describe the final response only, not the hops before it.
  EXPECT_EQ(result.page.content_type, "text/plain");
  EXPECT_EQ(result.page.etag, "");
  EXPECT_EQ(result.page.last_modified, "");
}

TEST_F(FetcherTest, RedirectsBeyondLimitFail) {
  FetchOptions options = QuickOptions();
  options.max_redirects = 2;
  const FetchResult result = FetchOne(Url("/redirect/3"), options);
  EXPECT_EQ(result.status.code(), StatusCode::kFailedPrecondition) << result.status.ToString();
  EXPECT_EQ(result.status.message(), "fetch " + Url("/redirect/3") + ": more than 2 redirects");
  EXPECT_EQ(result.page.body, "");
}

// Redirects are followed hop by hop: a hop back to a URL of the chain is a
// loop, found at once instead of after max_redirects requests.
TEST_F(FetcherTest, RedirectLoopIsBounded) {
  const auto start = steady_clock::now();
  const FetchResult result = FetchOne(Url("/loop"));
  EXPECT_EQ(result.status.code(), StatusCode::kFailedPrecondition) << result.status.ToString();
  EXPECT_EQ(result.page.final_url, Url("/loop"));
  EXPECT_EQ(result.status.message(),
            "fetch " + Url("/loop") + ": redirect loop (" + Url("/loop") + " again)");
  EXPECT_EQ(Hits("/loop"), 1);
  EXPECT_LT(steady_clock::now() - start, milliseconds(1500));
}

// Content-Length announces too much: curl refuses before reading the body.
TEST_F(FetcherTest, BodyOverCapWithContentLengthIsResourceExhausted) {
  FetchOptions options = QuickOptions();
  options.max_bytes = 10000;
  const FetchResult result = FetchOne(Url("/big"), options);
  EXPECT_EQ(result.status.code(), StatusCode::kResourceExhausted) << result.status.ToString();
  EXPECT_EQ(result.status.message(), "fetch " + Url("/big") + ": exceeds --max-bytes 10000");
  EXPECT_EQ(result.page.http_status, 200);
  EXPECT_EQ(result.page.body, "");
}

TEST_F(FetcherTest, ChunkedBodyOverCapIsResourceExhausted) {
  FetchOptions options = QuickOptions();
  options.max_bytes = 10000;
  const FetchResult result = FetchOne(Url("/big-chunked"), options);
  EXPECT_EQ(result.status.code(), StatusCode::kResourceExhausted) << result.status.ToString();
  EXPECT_EQ(result.status.message(),
            "fetch " + Url("/big-chunked") + ": exceeds --max-bytes 10000");
  EXPECT_EQ(result.page.body, "");
}

// A body of exactly max_bytes is allowed; the cap is "larger than".
TEST_F(FetcherTest, BodyAtCapIsKept) {
  FetchOptions options = QuickOptions();
  options.max_bytes = static_cast<int64_t>(kBigBodyBytes);
  const FetchResult result = FetchOne(Url("/big-chunked"), options);
  ASSERT_OK(result.status);
  EXPECT_EQ(result.page.body.size(), kBigBodyBytes);
}

TEST_F(FetcherTest, GzipBodyIsDecoded) {
  const FetchResult result = FetchOne(Url("/gzip"));
  ASSERT_OK(result.status);
  EXPECT_EQ(result.page.body, kPageBody);
}

// The cap applies after decoding, so a small compressed body cannot balloon.
TEST_F(FetcherTest, GzipBombIsCappedAfterDecoding) {
  FetchOptions options = QuickOptions();
  options.max_bytes = 100000;
  const FetchResult result = FetchOne(Url("/gzip-bomb"), options);
  EXPECT_EQ(result.status.code(), StatusCode::kResourceExhausted) << result.status.ToString();
  EXPECT_EQ(result.page.body, "");
}

// Both a server that never answers and one that stops mid-body hit the
// whole-transfer timeout, and FetchAll returns promptly after it.
TEST_F(FetcherTest, StalledServerIsDeadlineExceeded) {
  for (const std::string path : {"/stall", "/stall-body"}) {
    SCOPED_TRACE(path);
    FetchOptions options = QuickOptions();
    options.timeout_ms = 500;
    const auto start = steady_clock::now();
    const FetchResult result = FetchOne(Url(path), options);
    const auto elapsed = steady_clock::now() - start;
    EXPECT_EQ(result.status.code(), StatusCode::kDeadlineExceeded) << result.status.ToString();
    EXPECT_EQ(result.status.message(), "fetch " + Url(path) + ": timeout after 500 ms");
    EXPECT_EQ(result.page.body, "");
    EXPECT_GE(elapsed, milliseconds(450));
    EXPECT_LT(elapsed, milliseconds(1500));
  }
}

TEST_F(FetcherTest, ClosedPortIsUnavailable) {
  const int port = ClosedPort();
  ASSERT_GT(port, 0);
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/";
  const FetchResult result = FetchOne(url);
  EXPECT_EQ(result.status.code(), StatusCode::kUnavailable) << result.status.ToString();
  EXPECT_EQ(result.status.message().rfind("fetch " + url + ": ", 0), 0u) << result.status.message();
  EXPECT_EQ(result.page.http_status, 0);
  EXPECT_EQ(result.page.url, url);
}

// Nothing is fetched for these; each still gets exactly one result.
TEST_F(FetcherTest, UnsupportedOrMalformedUrlsAreInvalidArgument) {
  const std::vector<std::string> urls = {
      "ftp://127.0.0.1/file.txt",
      "javascript:alert(1)",
      "mailto:desk@example.com",
      "not a url",
      "",
      "http://",
      "gopher://127.0.0.1/",
      "data:text/html,hi",
      std::string("http://a/\0b", 11),
  };
  RecordingSink sink;
  ASSERT_OK(FetchAll(urls, QuickOptions(), sink));
  ASSERT_EQ(sink.results.size(), urls.size());
  for (const FetchResult& result : sink.results) {
    SCOPED_TRACE(result.page.url);
    EXPECT_EQ(result.status.code(), StatusCode::kInvalidArgument) << result.status.ToString();
    EXPECT_EQ(result.status.message().rfind("fetch " + result.page.url + ": ", 0), 0u);
    EXPECT_EQ(result.page.final_url, result.page.url);
    EXPECT_GT(result.page.fetched_at_ms, 0);
  }
}

class FileUrlTest : public FetcherTest {
 protected:
  void SetUp() override {
    FetcherTest::SetUp();
    path_ = std::filesystem::temp_directory_path() /
            ("factsift_fetcher_test_" + std::to_string(getpid()) + ".html");
    std::ofstream(path_, std::ios::binary) << kPageBody;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
    FetcherTest::TearDown();
  }
  std::string FileUrl() const { return "file://" + path_.string(); }

  std::filesystem::path path_;
};

TEST_F(FileUrlTest, ReadsLocalFile) {
  const FetchResult result = FetchOne(FileUrl());
  ASSERT_OK(result.status);
  EXPECT_EQ(result.page.body, kPageBody);
  EXPECT_EQ(result.page.http_status, 0);
  EXPECT_EQ(result.page.final_url, FileUrl());
}

TEST_F(FileUrlTest, MissingFileIsNotFound) {
  const std::string url = FileUrl() + ".missing";
  const FetchResult result = FetchOne(url);
  EXPECT_EQ(result.status.code(), StatusCode::kNotFound) << result.status.ToString();
  EXPECT_EQ(result.status.message().rfind("fetch " + url + ": ", 0), 0u);
  EXPECT_EQ(result.page.http_status, 0);
}

TEST_F(FileUrlTest, RejectedWhenNotAllowed) {
  FetchOptions options = QuickOptions();
  options.allow_file_urls = false;
  const FetchResult result = FetchOne(FileUrl(), options);
  EXPECT_EQ(result.status.code(), StatusCode::kInvalidArgument) << result.status.ToString();
  EXPECT_EQ(result.page.body, "");
}

// A web page must not redirect the crawler into the local disk, even to a
// file that would be readable as an operator's seed.
TEST_F(FileUrlTest, RedirectToFileIsNotFollowed) {
  SetRedirectFileTarget(path_.string());
  const FetchResult result = FetchOne(Url("/to-file"));
  EXPECT_EQ(result.status.code(), StatusCode::kFailedPrecondition) << result.status.ToString();
  EXPECT_EQ(result.page.body, "");
}

TEST_F(FetcherTest, ManyUrlsEachDeliveredOnce) {
  std::vector<std::string> urls;
  urls.reserve(50);
  for (int i = 0; i < 50; ++i) urls.push_back(Url("/count/" + std::to_string(i)));
  FetchOptions options = QuickOptions();
  options.concurrency = 8;
  RecordingSink sink;
  ASSERT_OK(FetchAll(urls, options, sink));
  ASSERT_EQ(sink.results.size(), urls.size());
  std::map<std::string, int> accepted;
  for (const FetchResult& result : sink.results) {
    EXPECT_OK(result.status);
    ++accepted[result.page.url];
    const std::string index = result.page.url.substr(result.page.url.rfind('/') + 1);
    EXPECT_EQ(result.page.body, "page " + index);
  }
  for (int i = 0; i < 50; ++i) {
    const std::string path = "/count/" + std::to_string(i);
    EXPECT_EQ(accepted[Url(path)], 1) << path;
    EXPECT_EQ(Hits(path), 1) << path;
  }
}

TEST_F(FetcherTest, ConcurrencyIsBounded) {
  std::vector<std::string> urls;
  urls.reserve(12);
  for (int i = 0; i < 12; ++i) urls.push_back(Url("/slow/" + std::to_string(i)));
  FetchOptions options = QuickOptions();
  options.concurrency = 3;
  RecordingSink sink;
  ASSERT_OK(FetchAll(urls, options, sink));
  EXPECT_EQ(sink.results.size(), urls.size());
  EXPECT_LE(max_in_flight_.load(), 3);
  EXPECT_GE(max_in_flight_.load(), 2);  // And transfers really do overlap.
}

TEST_F(FetcherTest, DuplicateUrlsFetchedOnce) {
  const std::string a = Url("/count/1");
  const std::string b = Url("/count/2");
  RecordingSink sink;
  ASSERT_OK(FetchAll({a, b, a, a, b}, QuickOptions(), sink));
  ASSERT_EQ(sink.results.size(), 2u);
  EXPECT_EQ(Hits("/count/1"), 1);
  EXPECT_EQ(Hits("/count/2"), 1);
  std::vector<std::string> accepted = {sink.results[0].page.url, sink.results[1].page.url};
  std::sort(accepted.begin(), accepted.end());
  EXPECT_EQ(accepted, (std::vector<std::string>{a, b}));
}

// The sink's error ends the crawl: no further Accept, nothing new started.
TEST_F(FetcherTest, SinkErrorStopsCrawl) {
  std::vector<std::string> urls;
  urls.reserve(20);
  for (int i = 0; i < 20; ++i) urls.push_back(Url("/slow/" + std::to_string(i)));
  FetchOptions options = QuickOptions();
  options.concurrency = 2;
  const Status disk_full = Status::Unavailable("store: disk full");
  RecordingSink sink(/*fail_on_call=*/1, disk_full);
  EXPECT_EQ(FetchAll(urls, options, sink), disk_full);
  EXPECT_EQ(sink.results.size(), 1u);
  EXPECT_LE(TotalHits(), 2);
}

// Rejected URLs go through the sink too, so its error stops the crawl there as well.
TEST_F(FetcherTest, SinkErrorOnRejectedUrlStopsCrawl) {
  const Status stop = Status::Internal("stop");
  RecordingSink sink(/*fail_on_call=*/1, stop);
  EXPECT_EQ(FetchAll({"ftp://x/", Url("/count/1")}, QuickOptions(), sink), stop);
  EXPECT_EQ(sink.results.size(), 1u);
  EXPECT_EQ(Hits("/count/1"), 0);
}

TEST_F(FetcherTest, EmptyListIsOk) {
  RecordingSink sink;
  EXPECT_OK(FetchAll({}, QuickOptions(), sink));
  EXPECT_TRUE(sink.results.empty());
}

TEST(FetchOptionsTest, BadOptionsAreInvalidArgument) {
  constexpr struct {
    const char* name;
    void (*change)(FetchOptions&);
  } kCases[] = {
      {"concurrency 0", [](FetchOptions& o) { o.concurrency = 0; }},
      {"connect timeout 0", [](FetchOptions& o) { o.connect_timeout_ms = 0; }},
      {"timeout 0", [](FetchOptions& o) { o.timeout_ms = 0; }},
      {"timeout negative", [](FetchOptions& o) { o.timeout_ms = -1; }},
      {"max bytes 0", [](FetchOptions& o) { o.max_bytes = 0; }},
      {"max redirects -1", [](FetchOptions& o) { o.max_redirects = -1; }},
      {"empty user agent", [](FetchOptions& o) { o.user_agent.clear(); }},
      {"user agent with newline", [](FetchOptions& o) { o.user_agent = "a\r\nX-Evil: 1"; }},
  };
  for (const auto& row : kCases) {
    SCOPED_TRACE(row.name);
    FetchOptions options;
    row.change(options);
    RecordingSink sink;
    const Status status = FetchAll({"http://127.0.0.1:1/"}, options, sink);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
    EXPECT_TRUE(sink.results.empty());
  }
}

}  // namespace
}  // namespace factsift::crawler
