// factsift market import, check, report and export as a user runs them:
// exit statuses, per-line errors, idempotent re-runs, drafts.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/testing/cli_testing.h"

namespace factsift::testing {
namespace {

namespace fs = std::filesystem;

// Daily BTC candles for late January 2026, all far above $63,000.
constexpr char kLateJanuary[] =
    "date,open,high,low,close\n"
    "2026-01-21,88000,90000,87000,89000\n"
    "2026-01-22,89000,90000,88000,89500\n"
    "2026-01-31,84000,84300,75700,78700\n";

TEST(CliMarketImport, BadRowsNamedGoodRowsStoredIdempotent) {
  TempDir dir;
  const std::string db = dir / "m.db";
  const std::string file = dir / "BTCUSD_1d.csv";
  WriteFile(file, std::string(kLateJanuary) + "2026-01-23,1,two,0.5,1\n");
  CommandResult result = RunFactsift({"market", "import", "--db", db, "--format", "ohlcv", file});
  EXPECT_EQ(result.exit_code, 1) << result.Describe();  // One bad row: said so.
  EXPECT_NE(result.err.find("BTCUSD_1d.csv:5: high 'two' is not a number"), std::string::npos)
      << result.err;
  EXPECT_NE(result.out.find("BTC/USD ohlcv from 2026-01-21 to 2026-01-31: 3 added"),
            std::string::npos)
      << result.out;
  result = RunFactsift({"market", "import", "--db", db, "--format", "ohlcv", file});
  EXPECT_NE(result.out.find("0 added, 0 changed, 3 unchanged"), std::string::npos) << result.out;
  // --strict: nothing imported.
  result = RunFactsift(
      {"market", "import", "--db", dir / "strict.db", "--format", "ohlcv", "--strict", file});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("nothing imported"), std::string::npos) << result.err;
  // A whole-file error.
  WriteFile(dir / "bad.csv", "a,b\n1,2\n");
  result = RunFactsift(
      {"market", "import", "--db", db, "--format", "ohlcv", "--asset", "BTC", dir / "bad.csv"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("the header must name a time column"), std::string::npos);
}

// The seed's page (corpus/deythere): contradictions give exit 4 with
// --fail-on contradicted, 0 without; re-running replaces the stored rows.
TEST(CliCheck, StoredArticlesDraftsReportAndExport) {
  TempDir dir;
  const std::string db = dir / "c.db";
  const fs::path page = CorpusDir() / "deythere" / "massive-310m-bitcoin-short-liquidations.html";
  ASSERT_EQ(RunFactsift({"crawl", "--db", db, "--quiet", page.string()}).exit_code, 0);
  WriteFile(dir / "BTCUSD_1d.csv", kLateJanuary);
  ASSERT_EQ(
      RunFactsift({"market", "import", "--db", db, "--format", "ohlcv", dir / "BTCUSD_1d.csv"})
          .exit_code,
      0);

  CommandResult plain = RunFactsift({"check", "--db", db});
  EXPECT_EQ(plain.exit_code, 0) << plain.Describe();
  CommandResult failing = RunFactsift({"check", "--db", db, "--json", "--fail-on", "contradicted"});
  EXPECT_EQ(failing.exit_code, 4) << failing.Describe();
  int rows = 0, contradicted = 0;
  bool late_january = false;
  size_t start = 0;
  for (size_t end; (end = failing.out.find('\n', start)) != std::string::npos; start = end + 1) {
    const nlohmann::json row = nlohmann::json::parse(failing.out.substr(start, end - start));
    ++rows;
    for (const char* key : {"article_url", "fact", "rule", "verdict", "expected", "observed",
                            "delta", "window", "about"}) {
      EXPECT_TRUE(row.contains(key)) << key;
    }
    if (row["verdict"] == "contradicted") ++contradicted;
    if (row["rule"] == "market_price" && row["window"]["from"] == "2026-01-21" &&
        row["verdict"] == "contradicted") {
      late_january = true;
    }
  }
  EXPECT_GT(rows, 5);
  EXPECT_GE(contradicted, 4);
  EXPECT_TRUE(late_january);
  // Same rows again: the stored checks were replaced, not added to.
  EXPECT_EQ(RunFactsift({"check", "--db", db}).out, plain.out);
  // stats counts the stored rows by verdict, and the candles of the import.
  const CommandResult stats = RunFactsift({"stats", "--db", db});
  EXPECT_EQ(stats.exit_code, 0) << stats.Describe();
  EXPECT_NE(stats.out.find("candles:    3 (BTC/USD ohlcv 3 from 2026-01-21 to 2026-01-31)\n"),
            std::string::npos)
      << stats.out;
  EXPECT_NE(stats.out.find("checks:     " + std::to_string(rows) + " (contradicted " +
                           std::to_string(contradicted) + ", "),
            std::string::npos)
      << stats.out;

  // A draft: checked, not stored.
  CommandResult draft = RunFactsift({"check", "--db", db, "--input", "text", "--published",
                                     "2026-03-07", "--fail-on", "contradicted", "-"},
                                    WithStdin("Bitcoin hits $70,000\n\nIn late January bitcoin "
                                              "fell toward $63,000, traders said.\n"));
  EXPECT_EQ(draft.exit_code, 4) << draft.Describe();
  EXPECT_NE(draft.out.find("market_price\tcontradicted"), std::string::npos) << draft.out;

  const std::string html = dir / "report.html";
  CommandResult report = RunFactsift({"report", "--db", db, "--all", "--out", html});
  EXPECT_EQ(report.exit_code, 0) << report.Describe();
  ASSERT_TRUE(fs::exists(html));
  EXPECT_GT(fs::file_size(html), 1000u);

  CommandResult review = RunFactsift({"export", "--db", db, "--format", "claimreview"});
  EXPECT_EQ(review.exit_code, 0);
  const nlohmann::json reviews = nlohmann::json::parse(review.out, nullptr, false);
  ASSERT_TRUE(reviews.is_array());
  ASSERT_FALSE(reviews.empty());
  EXPECT_EQ(reviews[0]["@type"], "ClaimReview");
  EXPECT_EQ(reviews[0]["creativeWorkStatus"], "Draft");
  CommandResult csv = RunFactsift({"export", "--db", db, "--format", "csv"});
  EXPECT_EQ(csv.exit_code, 0);
  EXPECT_EQ(csv.out.rfind("url,published,section,kind", 0), 0u);
}

}  // namespace
}  // namespace factsift::testing
