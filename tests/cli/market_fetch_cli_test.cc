// factsift market fetch as a user runs it, against a fake Binance API on
// 127.0.0.1: paging, the candles stored, idempotent re-fetch, and failures
// that store nothing.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "tests/cli/testing/cli_testing.h"
#include "tests/testing/fake_klines_server.h"

namespace factsift::testing {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kFirstDay = 20454;  // 2026-01-01; the server has 40 days from it.

std::vector<std::string> FetchArgs(const std::string& db, const std::string& base_url) {
  return {"market",       "fetch",   "--db",       db,           "--format",     "binance",
          "--symbol",     "BTCUSDT", "--from",     "2026-01-06", "--to",         "2026-01-30",
          "--page-limit", "10",      "--base-url", base_url,     "--timeout-ms", "3000"};
}

TEST(CliMarketFetch, PagesStoresAndRefetchesIdempotently) {
  FakeKlinesServer server(kFirstDay, 40);
  ASSERT_TRUE(server.running());
  TempDir dir;
  const std::string db = dir / "m.db";
  CommandResult result = RunFactsift(FetchArgs(db, server.base_url()));
  ASSERT_EQ(result.exit_code, 0) << result.Describe();
  EXPECT_NE(result.out.find("BTC/USDT binance from 2026-01-06 to 2026-01-30: 3 requests, 25 added, "
                            "0 changed, 0 unchanged"),
            std::string::npos)
      << result.out;
  EXPECT_EQ(server.queries().size(), 3u);
  result = RunFactsift(FetchArgs(db, server.base_url()));
  ASSERT_EQ(result.exit_code, 0) << result.Describe();
  EXPECT_NE(result.out.find("3 requests, 0 added, 0 changed, 25 unchanged"), std::string::npos)
      << result.out;
  result = RunFactsift({"stats", "--db", db});
  ASSERT_EQ(result.exit_code, 0) << result.Describe();
  EXPECT_NE(result.out.find("candles:    25 (BTC/USDT binance 25 from 2026-01-06 to 2026-01-30)"),
            std::string::npos)
      << result.out;
}

TEST(CliMarketFetch, BaseUrlFromTheEnvironment) {
  FakeKlinesServer server(kFirstDay, 40);
  TempDir dir;
  ASSERT_EQ(::setenv("FACTSIFT_MARKET_BASE_URL", server.base_url().c_str(), 1), 0);
  CommandResult result =
      RunFactsift({"market", "fetch", "--db", dir / "e.db", "--format", "binance", "--asset", "btc",
                   "--from", "2026-01-01", "--to", "2026-01-03"});
  ::unsetenv("FACTSIFT_MARKET_BASE_URL");
  ASSERT_EQ(result.exit_code, 0) << result.Describe();
  EXPECT_NE(result.out.find("BTC/USDT binance from 2026-01-01 to 2026-01-03: 1 request, 3 added"),
            std::string::npos)
      << result.out;
  // Without either: a usage error.
  result = RunFactsift({"market", "fetch", "--db", dir / "e.db", "--format", "binance", "--asset",
                        "BTC", "--from", "2026-01-01"});
  EXPECT_EQ(result.exit_code, 2) << result.Describe();
  EXPECT_TRUE(IsOneErrorLine(result.err, "FACTSIFT_MARKET_BASE_URL"));
}

struct FailureCase {
  const char* name;
  FakeKlinesServer::Mode mode;
  const char* needle;
};

TEST(CliMarketFetch, FailuresExitOneAndStoreNothing) {
  FakeKlinesServer server(kFirstDay, 40);
  TempDir dir;
  const FailureCase cases[] = {
      {"http_500", FakeKlinesServer::Mode::kError500, "HTTP 500"},
      {"http_404", FakeKlinesServer::Mode::kNotFound, "HTTP 404"},
      {"bad_row", FakeKlinesServer::Mode::kBadRow, "row 3: high 'x' is not a number"},
  };
  for (const FailureCase& c : cases) {
    server.set_mode(c.mode);
    const std::string db = dir / (std::string(c.name) + ".db");
    CommandResult result = RunFactsift(FetchArgs(db, server.base_url()));
    EXPECT_EQ(result.exit_code, 1) << c.name << ": " << result.Describe();
    EXPECT_TRUE(IsOneErrorLine(result.err, c.needle)) << c.name << ": " << result.err;
    EXPECT_FALSE(fs::exists(db)) << c.name;  // Nothing fetched, nothing stored.
  }
  // A failure on a later page stores the earlier pages' candles neither:
  // page 1 is good, the fetch fails on a page with a bad row.
  const std::string db = dir / "later.db";
  server.set_mode(FakeKlinesServer::Mode::kServe);
  ASSERT_EQ(
      RunFactsift({"market", "fetch", "--db", db, "--format", "binance", "--symbol", "BTCUSDT",
                   "--from", "2026-02-01", "--to", "2026-02-02", "--base-url", server.base_url()})
          .exit_code,
      0);
  server.set_mode(FakeKlinesServer::Mode::kBadRow);
  CommandResult result = RunFactsift(FetchArgs(db, server.base_url()));
  EXPECT_EQ(result.exit_code, 1) << result.Describe();
  result = RunFactsift({"stats", "--db", db});
  EXPECT_NE(result.out.find("candles:    2 "), std::string::npos) << result.out;
}

TEST(CliMarketFetch, UnreachableAndUsageErrors) {
  TempDir dir;
  const std::string db = dir / "u.db";
  const std::string base = "http://127.0.0.1:" + std::to_string(FakeKlinesServer::UnusedPort());
  CommandResult result = RunFactsift(FetchArgs(db, base));
  EXPECT_EQ(result.exit_code, 1) << result.Describe();
  EXPECT_TRUE(IsOneErrorLine(result.err, "127.0.0.1")) << result.err;
  EXPECT_FALSE(fs::exists(db));
  const std::vector<std::vector<std::string>> usage = {
      {"market", "fetch", "--format", "binance", "--symbol", "BTCUSDT", "--base-url", base},
      {"market", "fetch", "--format", "binance", "--symbol", "BTCUSDT", "--base-url", base,
       "--from", "2026-13-01"},
      {"market", "fetch", "--format", "binance", "--symbol", "BTCUSDT", "--base-url", base,
       "--from", "2026-01-05", "--to", "2026-01-01"},
      {"market", "fetch", "--format", "binance", "--base-url", base, "--from", "2026-01-01"},
      {"market", "fetch", "--format", "coingecko", "--symbol", "bitcoin", "--base-url", base,
       "--from", "2026-01-01"},
      {"market", "fetch", "--format", "kraken", "--base-url", base, "--from", "2026-01-01"},
      // No request can be made of these: a base URL with a query, another
      // scheme, a symbol that is not one.
      {"market", "fetch", "--format", "binance", "--symbol", "BTCUSDT", "--base-url",
       base + "/?x=1", "--from", "2026-01-01"},
      {"market", "fetch", "--format", "binance", "--symbol", "BTCUSDT", "--base-url",
       "ftp://127.0.0.1/", "--from", "2026-01-01"},
      {"market", "fetch", "--format", "binance", "--symbol", "BTC USDT&x=1", "--base-url", base,
       "--from", "2026-01-01"},
  };
  for (std::vector<std::string> args : usage) {
    args.insert(args.begin() + 2, {"--db", db});
    result = RunFactsift(args);
    EXPECT_EQ(result.exit_code, 2) << result.Describe();
  }
  EXPECT_FALSE(fs::exists(db));
}

}  // namespace
}  // namespace factsift::testing
