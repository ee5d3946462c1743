// A cpp-httplib server on 127.0.0.1 that answers GET /api/v3/klines as
// Binance's REST API does, from daily candles made up here: rows whose open
// time lies in startTime..endTime, at most `limit` of them, as JSON arrays of
// strings and numbers; and GET /files/ETHUSD_1d.csv, the same candles as an
// OHLCV CSV file. Tests switch klines to failing answers with set_mode().
// Requires linking PkgConfig::HTTPLIB.
#ifndef FACTSIFT_TESTS_TESTING_FAKE_KLINES_SERVER_H_
#define FACTSIFT_TESTS_TESTING_FAKE_KLINES_SERVER_H_

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace factsift::testing {

class FakeKlinesServer {
 public:
  static constexpr int64_t kDayMs = 86400000;

  enum class Mode {
    kServe,     // The candles.
    kError500,  // HTTP 500 with a JSON error body.
    kNotFound,  // HTTP 404.
    kBadRow,    // The third row's high is "x".
    kNotJson,   // An HTML error page with status 200.
  };

  // Serves `days` daily candles from `first_day` (days since 1970-01-01).
  // Day i opens at 100 + i and ranges 95 + i .. 110 + i.
  FakeKlinesServer(int64_t first_day, int days) : first_day_(first_day), days_(days) {
    server_.Get("/api/v3/klines",
                [this](const httplib::Request& request, httplib::Response& response) {
                  Answer(request, response);
                });
    // The same candles as a CSV file whose name tells the symbol.
    server_.Get("/files/ETHUSD_1d.csv",
                [this](const httplib::Request&, httplib::Response& response) {
                  std::string csv = "timestamp,open,high,low,close\n";
                  for (int i = 0; i < days_; ++i) {
                    csv += std::to_string((first_day_ + i) * kDayMs) + "," +
                           std::to_string(100 + i) + "," + std::to_string(110 + i) + "," +
                           std::to_string(95 + i) + "," + std::to_string(105 + i) + "\n";
                  }
                  response.set_content(csv, "application/octet-stream");
                });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server_.is_running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  ~FakeKlinesServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  FakeKlinesServer(const FakeKlinesServer&) = delete;
  FakeKlinesServer& operator=(const FakeKlinesServer&) = delete;

  bool running() const { return port_ > 0 && server_.is_running(); }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  void set_mode(Mode mode) {
    std::lock_guard<std::mutex> lock(mutex_);
    mode_ = mode;
  }
  // The query strings received, in order ("symbol=BTCUSDT&interval=1d&...").
  std::vector<std::string> queries() {
    std::lock_guard<std::mutex> lock(mutex_);
    return queries_;
  }

  // A port on 127.0.0.1 that nothing listens on (bound, then closed).
  static int UnusedPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      port = ntohs(address.sin_port);
    }
    ::close(fd);
    return port;
  }

 private:
  static int64_t Param(const httplib::Request& request, const char* name, int64_t fallback) {
    return request.has_param(name) ? std::stoll(request.get_param_value(name)) : fallback;
  }

  void Answer(const httplib::Request& request, httplib::Response& response) {
    std::string query;
    for (const auto& [key, value] : request.params) {
      query += (query.empty() ? "" : "&") + key + "=" + value;
    }
    Mode mode;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queries_.push_back(query);
      mode = mode_;
    }
    if (mode == Mode::kError500) {
      response.status = 500;
      response.set_content(R"({"code":-1000,"msg":"An unknown error occurred."})",
                           "application/json");
      return;
    }
    if (mode == Mode::kNotFound) {
      response.status = 404;
      response.set_content("not here", "application/octet-stream");
      return;
    }
    if (mode == Mode::kNotJson) {
      response.set_content("<html>maintenance</html>", "application/octet-stream");
      return;
    }
    const int64_t start = Param(request, "startTime", first_day_ * kDayMs);
    const int64_t end = Param(request, "endTime", (first_day_ + days_) * kDayMs);
    const int64_t limit = Param(request, "limit", 500);
    std::string body = "[";
    int64_t rows = 0;
    for (int i = 0; i < days_ && rows < limit; ++i) {
      const int64_t open_ms = (first_day_ + i) * kDayMs;
      if (open_ms < start || open_ms > end) continue;
      const std::string high = mode == Mode::kBadRow && rows == 2 ? "x" : std::to_string(110 + i);
      body += std::string(rows == 0 ? "" : ",") + "[" + std::to_string(open_ms) + ",\"" +
              std::to_string(100 + i) + ".00\",\"" + high + "\",\"" + std::to_string(95 + i) +
              ".00\",\"" + std::to_string(105 + i) + ".00\",\"12.5\"," +
              std::to_string(open_ms + kDayMs - 1) + ",\"1300.0\",42,\"6.0\",\"620.0\",\"0\"]";
      ++rows;
    }
    body += "]";
    response.set_content(body, "application/json");
  }

  const int64_t first_day_;
  const int days_;
  httplib::Server server_;
  int port_ = -1;
  std::thread thread_;
  std::mutex mutex_;
  Mode mode_ = Mode::kServe;
  std::vector<std::string> queries_;
};

}  // namespace factsift::testing

#endif  // FACTSIFT_TESTS_TESTING_FAKE_KLINES_SERVER_H_
