// The check rules with hand-made candles and articles (check/checks.h).
#include "check/checks.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/claim_window.h"

#include "tests/testing/status_matchers.h"

namespace factsift::check {
namespace {

constexpr int64_t kDay = 86400000;

// A daily BTC/USD candle on `day` ("2026-03-04").
Candle Daily(const char* day, double open, double high, double low, double close,
             const char* quote = "USD") {
  Candle c;
  c.asset = "BTC";
  c.quote = quote;
  c.source = "test";
  c.open_time_ms = *ParseDay(day) * kDay;
  c.open = open;
  c.high = high;
  c.low = low;
  c.close = close;
  return c;
}

// A week of BTC: 2026-03-01 .. 2026-03-07, trading 65,000-74,000, with a
// fall to 60,000 on 2026-02-06 and nothing near 63,000 in late January.
std::vector<Candle> Week() {
  return {
      Daily("2026-01-25", 89000, 90000, 86000, 87000),
      Daily("2026-01-31", 84000, 84300, 75700, 78700),
      Daily("2026-02-05", 73000, 73300, 62300, 62900),
      Daily("2026-02-06", 62900, 71700, 60000, 70500),
      Daily("2026-03-01", 67000, 68200, 65000, 65800),
      Daily("2026-03-02", 65800, 70000, 65200, 68800),
      Daily("2026-03-03", 68800, 69200, 66100, 68300),
      Daily("2026-03-04", 68300, 74000, 67400, 72600),
      Daily("2026-03-05", 72600, 73500, 70600, 70900),
      Daily("2026-03-06", 70900, 71400, 67700, 68100),
      Daily("2026-03-07", 68100, 68500, 66900, 67200),
  };
}

Fact Price(double value, const char* sentence) {
  Fact f;
  f.kind = FactKind::kPrice;
  f.asset = "BTC";
  f.value = value;
  f.unit = "USD";
  f.text = sentence;
  f.sentence = sentence;
  return f;
}

std::vector<CheckRow> RulesOf(const std::vector<CheckRow>& rows, std::string_view rule) {
  std::vector<CheckRow> out;
  for (const CheckRow& row : rows) {
    if (row.rule == rule) out.push_back(row);
  }
  return out;
}

// The verdicts of the restatement rows of `article`, checked without market data.
std::vector<Verdict> RestatementVerdicts(const Article& article) {
  VectorMarketData market({});
  const StatusOr<std::vector<CheckRow>> checks = CheckArticle(article, market);
  EXPECT_TRUE(checks.ok()) << checks.status().ToString();
  std::vector<Verdict> verdicts;
  if (!checks.ok()) return verdicts;
  for (const CheckRow& row : RulesOf(*checks, "restatement")) verdicts.push_back(row.verdict);
  return verdicts;
}

// Price claims against daily OHLC for their window: inside the range is
// supported, outside by more than the tolerance contradicted, and the
// qualifiers change what "inside" means.
TEST(CheckMarketPrice, VerdictsFromHandMadeCandles) {
  struct Row {
    const char* name;
    Fact fact;
    Verdict verdict;
    const char* window_from;
  } rows[] = {
      {"level inside the day's range", Price(67000, "On March 7 bitcoin traded at $67,000."),
       Verdict::kSupported, "2026-03-07"},
      {"level outside by more than the tolerance",
       Price(80000, "On March 7 bitcoin traded at $80,000."), Verdict::kContradicted, "2026-03-07"},
      {"within the 1% exact tolerance", Price(69100, "On March 7 bitcoin traded at $69,100."),
       Verdict::kSupported, "2026-03-07"},
      {"approx widens the tolerance to 3%",
       [] {
         Fact f = Price(70400, "On March 7 bitcoin traded near $70,400.");
         f.approx = true;
         return f;
       }(),
       Verdict::kSupported, "2026-03-07"},
      {"bound lower: the high passed the level",
       [] {
         Fact f = Price(73000, "Bitcoin pushed past $73,000 this week.");
         f.bound = Bound::kLower;
         f.direction = Direction::kUp;
         return f;
       }(),
       Verdict::kSupported, "2026-03-01"},
      {"bound lower never reached",
       [] {
         Fact f = Price(76000, "Bitcoin pushed past $76,000 this week.");
         f.bound = Bound::kLower;
         return f;
       }(),
       Verdict::kContradicted, "2026-03-01"},
      {"negated bound: did not fall below, and it did not",
       [] {
         Fact f = Price(64000, "This week bitcoin did not fall below $64,000.");
         f.bound = Bound::kUpper;
         f.negated = true;
         return f;
       }(),
       Verdict::kSupported, "2026-03-01"},
      {"negated bound: did not fall below, but it did",
       [] {
         Fact f = Price(66000, "This week bitcoin did not fall below $66,000.");
         f.bound = Bound::kUpper;
         f.negated = true;
         return f;
       }(),
       Verdict::kContradicted, "2026-03-01"},
      // The seed: the time phrase sets the window, and a drop needs a fall to the level.
      {"drop toward a level never reached in the stated window",
       [] {
         Fact f = Price(
             63000, "Tensions in late January caused Bitcoin to drop toward the $63,000 range.");
         f.direction = Direction::kDown;
         f.approx = true;
         return f;
       }(),
       Verdict::kContradicted, "2026-01-21"},
      {"drop toward a level reached on the stated date",
       [] {
         Fact f = Price(63000, "On February 5 Bitcoin dropped toward $63,000.");
         f.direction = Direction::kDown;
         f.approx = true;
         return f;
       }(),
       Verdict::kSupported, "2026-02-05"},
      {"conditional facts are never checked as what happened",
       [] {
         Fact f = Price(100000, "Bitcoin could reach $100,000 in March.");
         f.conditional = true;
         return f;
       }(),
       Verdict::kUnverifiable, ""},
      {"a level the sentence names as support is no contradiction",
       Price(60000, "This week $60,000 remains the key support."), Verdict::kUnverifiable,
       "2026-03-01"},
      {"no time stated: outside the published day is only unverifiable",
       Price(80000, "Bitcoin traded at $80,000."), Verdict::kUnverifiable, "2026-03-06"},
      // Closes or the day's range: what the claim's own clause says.
      {"a close in another clause leaves the figure intraday",
       [] {
         Fact f = Price(74000,
                        "On March 4 bitcoin rose 6% to close at $72,600, after briefly touching "
                        "$74,000.");
         f.text = "$74,000";
         return f;
       }(),
       Verdict::kSupported, "2026-03-04"},
      {"an opening clause with no figure puts the claim at closes",
       [] {
         Fact f = Price(67000,
                        "On a closing basis, bitcoin has not fallen below $67,000 since March 1.");
         f.text = "$67,000";
         f.bound = Bound::kUpper;
         f.negated = true;
         return f;
       }(),
       Verdict::kSupported, "2026-03-02"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    Article article;
    article.published = "2026-03-07T09:00:00Z";
    article.facts = {row.fact};
    VectorMarketData market(Week());
    StatusOr<std::vector<CheckRow>> checks = CheckArticle(article, market);
    ASSERT_OK(checks);
    const std::vector<CheckRow> price = RulesOf(*checks, "market_price");
    ASSERT_EQ(price.size(), 1u);
    EXPECT_EQ(price[0].verdict, row.verdict) << price[0].about;
    EXPECT_EQ(price[0].window_from, row.window_from);
    EXPECT_EQ(price[0].fact_index, 0);
    EXPECT_FALSE(price[0].about.empty());
  }
}

// USDT data is not USD: the row says so and widens the tolerance by 1%.
TEST(CheckMarketPrice, UsdtQuoteIsNamed) {
  Article article;
  article.published = "2026-03-07";
  article.facts = {Price(69500, "On March 7 bitcoin traded at $69,500.")};
  VectorMarketData market({Daily("2026-03-07", 68100, 68500, 66900, 67200, "USDT")});
  StatusOr<std::vector<CheckRow>> checks = CheckArticle(article, market);
  ASSERT_OK(checks);
  const std::vector<CheckRow> price = RulesOf(*checks, "market_price");
  ASSERT_EQ(price.size(), 1u);
  EXPECT_EQ(price[0].verdict, Verdict::kSupported);  // 1.5% above the high: within 1% + 1%.
  EXPECT_NE(price[0].about.find("USDT, not USD"), std::string::npos);
}

TEST(CheckMarketPrice, NoDataIsUnverifiable) {
  Article article;
  article.published = "2026-03-07";
  article.facts = {Price(69500, "On March 7 bitcoin traded at $69,500.")};
  VectorMarketData market({});
  StatusOr<std::vector<CheckRow>> checks = CheckArticle(article, market);
  ASSERT_OK(checks);
  ASSERT_EQ(RulesOf(*checks, "market_price").size(), 1u);
  EXPECT_EQ(RulesOf(*checks, "market_price")[0].verdict, Verdict::kUnverifiable);
}

Fact Liquidation(Side side, double value, Section section, const char* text, size_t start) {
  Fact f;
  f.kind = FactKind::kLiquidation;
  f.asset = "BTC";
  f.side = side;
  f.value = value;
  f.unit = "USD";
  f.section = section;
  f.text = text;
  f.start = start;
  return f;
}

// One ETF flow for the etf_flow_sum cases: `signed_millions` < 0 is an
// outflow; a sentence with " | " is a table row.
struct Flow {
  const char* asset;
  const char* name;
  double signed_millions;
  Section section;
  const char* sentence;
};

Fact EtfFlow(const Flow& flow, size_t start) {
  Fact f;
  f.kind = FactKind::kEtfFlow;
  f.asset = flow.asset;
  f.name = flow.name;
  f.value = std::fabs(flow.signed_millions) * 1e6;
  f.direction = flow.signed_millions < 0 ? Direction::kDown : Direction::kUp;
  f.unit = "USD";
  f.section = flow.section;
  f.text = flow.sentence;
  f.sentence = flow.sentence;
  f.start = start;
  return f;
}

// Breakdowns found as named funds, table rows or a run of adjacent flows,
// and look-alikes that are no breakdown.
TEST(CheckInternal, EtfFlowSum) {
  constexpr Section kBody = Section::kBody;
  constexpr Section kHeadline = Section::kHeadline;
  struct Case {
    const char* name;
    std::vector<Flow> flows;
    std::vector<std::string> totals;  // Text of each row's total fact, in row order.
  };
  const Case cases[] = {
      {"named_funds_in_prose",
       {{"BTC", "", 843.6, kBody, "ETFs took in $843.6 million"},
        {"BTC", "IBIT", 648.2, kBody, "IBIT drew $648.2 million"},
        {"BTC", "FBTC", 125.4, kBody, "FBTC $125.4 million"},
        {"BTC", "GBTC", -23.8, kBody, "GBTC lost $23.8 million"},
        {"BTC", "ARKB", 93.8, kBody, "ARKB $93.8 million"}},
       {"ETFs took in $843.6 million"}},
      {"named_funds_without_a_total_are_a_selection",
       {{"BTC", "IBIT", 648.2, kBody, "IBIT drew $648.2 million"},
        {"BTC", "FBTC", 125.4, kBody, "FBTC $125.4 million"},
        {"BTC", "", 900, kBody, "ETFs took in $900 million"}},
       {}},
      {"table_with_an_unnamed_fund_and_a_total_row",
       {{"BTC", "IBIT", 373.4, kBody, "BlackRock's IBIT saw $373.4 million"},  // Wrong sign.
        {"BTC", "IBIT", -373.4, kBody, "iShares Bitcoin Trust | IBIT | (373.4)"},
        {"BTC", "FBTC", -96.1, kBody, "Fidelity Fund | FBTC | (96.1)"},
        {"BTC", "", 16.3, kBody, "Mini Trust | BTC | 16.3"},
        {"BTC", "HODL", 9.8, kBody, "VanEck ETF | HODL | 9.8"},
        {"BTC", "", -443.4, kBody, "Total |  | (443.4)"}},
       {"Total |  | (443.4)"}},
      {"list_of_assets_against_a_market_total",
       {{"MARKET", "", -173, kHeadline, "US$173m of outflows"},
        {"MARKET", "", -173, kBody, "outflows totalling US$173m"},
        {"BTC", "", -201, kBody, "Bitcoin: outflows of US$201m"},
        {"ETH", "", -39.5, kBody, "Ethereum: outflows of US$39.5m"},
        {"SOL", "", 31.2, kBody, "Solana: inflows of US$31.2m"},
        {"", "multi-asset products", 36.3, kBody, "Multi-asset: inflows of US$36.3m"}},
       {"outflows totalling US$173m"}},
      // -171.0 against -173: inside the 1% a table is allowed, not a run's rounding.
      {"a_run_off_by_more_than_rounding",
       {{"MARKET", "", -173, kBody, "outflows totalling US$173m"},
        {"BTC", "", -201, kBody, "Bitcoin: outflows of US$201m"},
        {"ETH", "", -39.5, kBody, "Ethereum: outflows of US$39.5m"},
        {"SOL", "", 31.2, kBody, "Solana: inflows of US$31.2m"},
        {"XRP", "", 38.3, kBody, "XRP: inflows of US$38.3m"}},
       {}},
      {"a_coarse_cumulative_figure_is_no_part",
       {{"BTC", "", 54200, kBody, "cumulative inflows stand at $54.2 billion"},
        {"BTC", "cumulative", 54000, kBody, "IBIT's $54 billion"},
        {"ETH", "", 71.3, kBody, "ether funds $71.3 million"},
        {"SOL", "", 38.9, kBody, "solana funds $38.9 million"}},
       {}},
      // "$200 million" stands for about 200, not for anything from 150 to 250.
      {"a_round_total_is_no_loose_match",
       {{"BTC", "", 200, kBody, "inflows of $200 million"},
        {"BTC", "IBIT", 100, kBody, "IBIT took $100 million"},
        {"BTC", "FBTC", 50, kBody, "FBTC took $50 million"}},
       {}},
      {"a_fund_twice_in_a_run",
       {{"BTC", "", -545, kHeadline, "Bitcoin ETFs Bleed $545M"},
        {"BTC", "", -545.3, kBody, "outflows of $545.3 million"},
        {"BTC", "IBIT", 373.4, kBody, "IBIT with $373.4 million"},
        {"BTC", "IBIT", -373.4, kBody, "IBIT (373.4)"},
        {"BTC", "", 100, kBody, "a week ago $100 million"}},
       {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Article article;
    for (size_t i = 0; i < c.flows.size(); ++i) {
      article.facts.push_back(EtfFlow(c.flows[i], i * 100));
    }
    VectorMarketData market({});
    StatusOr<std::vector<CheckRow>> checks = CheckArticle(article, market);
    ASSERT_OK(checks);
    const std::vector<CheckRow> sums = RulesOf(*checks, "etf_flow_sum");
    std::vector<std::string> totals;
    for (const CheckRow& row : sums) {
      EXPECT_EQ(row.verdict, Verdict::kSupported) << row.about;
      ASSERT_TRUE(row.fact.has_value());
      totals.push_back(row.fact->text);
    }
    EXPECT_EQ(totals, c.totals);
  }
}

// The seed's figures: $272.75M + $36.21M = $308.96M against $310M (rounding).
TEST(CheckInternal, LiquidationSum) {
  struct Row {
    double total, longs, shorts;
    Verdict verdict;
  } rows[] = {
      {310e6, 36.21e6, 272.75e6, Verdict::kSupported},
      {611e6, 389e6, 322e6, Verdict::kContradicted},  // $711M is not $611M.
      {1.712e9, 1.52e9, 192e6, Verdict::kSupported},
      // A round figure stands for about itself: "$200 million" is not $150M.
      {200e6, 100e6, 50e6, Verdict::kContradicted},
      {2e9, 1.6e9, 380e6, Verdict::kSupported},  // $1.98B: within 1% and the rounding.
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.total);
    Article article;
    article.facts = {Liquidation(Side::kTotal, row.total, Section::kBody, "total", 0),
                     Liquidation(Side::kLong, row.longs, Section::kBody, "longs", 10),
                     Liquidation(Side::kShort, row.shorts, Section::kBody, "shorts", 20)};
    VectorMarketData market({});
    StatusOr<std::vector<CheckRow>> checks = CheckArticle(article, market);
    ASSERT_OK(checks);
    const std::vector<CheckRow> sums = RulesOf(*checks, "liquidation_sum");
    ASSERT_EQ(sums.size(), 1u);
    EXPECT_EQ(sums[0].verdict, row.verdict) << sums[0].about;
  }
}

// A list of venues adds up to the unnamed total of their asset; one
// position ("the largest single liquidation") is no venue, and a list that
// matches no total makes no row.
TEST(CheckInternal, VenueListSum) {
  struct Case {
    const char* name;
    std::vector<std::pair<const char*, double>> venues;
    size_t expected_rows;
  };
  const Case cases[] = {
      {"venues adding up",
       {{"Binance", 398.6e6}, {"Bybit", 287.2e6}, {"OKX", 151.9e6}, {"All other venues", 243.4e6}},
       1},
      {"a selection of venues", {{"Binance", 398.6e6}, {"Bybit", 287.2e6}, {"OKX", 151.9e6}}, 0},
      {"two venues are no list", {{"Binance", 800e6}, {"Bybit", 281.1e6}}, 0},
      {"a single position is no venue",
       {{"Binance", 398.6e6},
        {"Bybit", 287.2e6},
        {"OKX", 151.9e6},
        {"largest single liquidation", 243.4e6}},
       0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Article article;
    article.facts = {Liquidation(Side::kTotal, 1.0811e9, Section::kBody, "$1.0811 billion", 0)};
    for (size_t i = 0; i < c.venues.size(); ++i) {
      Fact venue =
          Liquidation(Side::kTotal, c.venues[i].second, Section::kBody, "venue", 100 * (i + 1));
      venue.name = c.venues[i].first;
      article.facts.push_back(venue);
    }
    VectorMarketData market({});
    StatusOr<std::vector<CheckRow>> checks = CheckArticle(article, market);
    ASSERT_OK(checks);
    const std::vector<CheckRow> sums = RulesOf(*checks, "liquidation_sum");
    ASSERT_EQ(sums.size(), c.expected_rows);
    for (const CheckRow& row : sums) EXPECT_EQ(row.verdict, Verdict::kSupported) << row.about;
  }
}

// An exchange's share stated after the market-wide breakdown is not a second
// total for the same longs and shorts; a named total pairs only with figures
// of its name.
TEST(CheckInternal, LiquidationSumIgnoresOtherBreakdowns) {
  struct Row {
    const char* name;
    double venue_total;
    size_t expected_rows;
  } rows[] = {
      {"", 842.6e6, 1},         // "Binance led with $842.6 million": only the $2.1B row.
      {"Binance", 842.6e6, 1},  // A named total has no long/short of its own name.
      {"", 1.2e9, 2},           // Two market-wide totals that both miss: both reported.
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.venue_total);
    Article article;
    Fact venue = Liquidation(Side::kTotal, row.venue_total, Section::kBody, "venue", 40);
    venue.name = row.name;
    article.facts = {Liquidation(Side::kTotal, 2.1e9, Section::kBody, "total", 0),
                     Liquidation(Side::kLong, 1.87e9, Section::kBody, "longs", 10),
                     Liquidation(Side::kShort, 268.4e6, Section::kBody, "shorts", 20), venue};
    if (row.expected_rows == 2) article.facts[0].value = 1.5e9;
    VectorMarketData market({});
    StatusOr<std::vector<CheckRow>> checks = CheckArticle(article, market);
    ASSERT_OK(checks);
    const std::vector<CheckRow> sums = RulesOf(*checks, "liquidation_sum");
    ASSERT_EQ(sums.size(), row.expected_rows);
    const Verdict first = row.expected_rows == 1 ? Verdict::kSupported : Verdict::kContradicted;
    EXPECT_EQ(sums[0].verdict, first) << sums[0].about;
  }
}

// A headline restating a body figure with another side, or another bound.
TEST(CheckInternal, Restatement) {
  Article article;
  article.facts = {
      Liquidation(Side::kShort, 310e6, Section::kHeadline, "$310M Bitcoin Short Liquidations", 0),
      Liquidation(Side::kTotal, 310e6, Section::kBody, "$310 million of the total liquidations", 0),
      Liquidation(Side::kShort, 272.75e6, Section::kFaq, "around $272.75 million of shorts", 0),
      Liquidation(Side::kShort, 272.75e6, Section::kBody, "$272.75 million of shorts", 40),
  };
  Fact near = Price(73000, "climbed to levels near $73,000");
  near.approx = true;
  near.direction = Direction::kUp;
  Fact past = Price(73000, "pushing the price past $73,000");
  past.bound = Bound::kLower;
  past.direction = Direction::kUp;
  past.section = Section::kFaq;
  article.facts.push_back(near);
  article.facts.push_back(past);
  VectorMarketData market({});
  StatusOr<std::vector<CheckRow>> checks = CheckArticle(article, market);
  ASSERT_OK(checks);
  int contradicted = 0, supported = 0;
  for (const CheckRow& row : RulesOf(*checks, "restatement")) {
    if (row.verdict == Verdict::kContradicted) ++contradicted;
    if (row.verdict == Verdict::kSupported) ++supported;
  }
  EXPECT_EQ(contradicted, 2);  // short vs total; past vs near.
  EXPECT_GE(supported, 1);     // The FAQ's $272.75M.
}

// A page repeating its headline in the body (breadcrumb, story list) does
// not make the headline's figure the body's: the body's own sentence decides.
TEST(CheckInternal, TitleCopiesAreNoBody) {
  for (const bool with_copy : {false, true}) {
    SCOPED_TRACE(with_copy ? "with a copy of the title" : "without");
    Article article;
    article.title = "Massive $310M Bitcoin Short Liquidations Spark a Rally";
    Fact headline =
        Liquidation(Side::kShort, 310e6, Section::kHeadline, "$310M Bitcoin Short Liquidations", 0);
    headline.sentence = article.title;
    Fact total = Liquidation(Side::kTotal, 310e6, Section::kBody,
                             "$310 million of the total liquidations", 100);
    total.sentence = "Bitcoin saw $310 million of the total liquidations.";
    article.facts = {headline, total};
    if (with_copy) {
      Fact copy = headline;
      copy.section = Section::kBody;
      copy.start = 300;
      copy.sentence = "Bitcoin > " + article.title;
      article.facts.push_back(copy);
    }
    VectorMarketData market({});
    StatusOr<std::vector<CheckRow>> checks = CheckArticle(article, market);
    ASSERT_OK(checks);
    int contradicted = 0;
    for (const CheckRow& row : RulesOf(*checks, "restatement")) {
      if (row.verdict == Verdict::kContradicted) ++contradicted;
    }
    EXPECT_EQ(contradicted, 1);  // Short in the headline, all liquidations in the body.
  }
}

// A restated side of liquidations whose asset the body gives no liquidations
// for is read against the body's market-wide figures; once the body has
// figures of that asset, only they count.
TEST(CheckInternal, RestatedLiquidationsOfTheMarket) {
  struct Case {
    const char* name;
    double faq_longs;
    bool body_has_btc;
    int contradicted, supported;
  } cases[] = {
      {"digits_transposed", 1.41e9, false, 1, 0},
      {"same_figure", 1.14e9, false, 0, 1},
      {"the_asset_has_its_own_figures", 1.41e9, true, 0, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Article article;
    Fact faq = Liquidation(Side::kLong, c.faq_longs, Section::kFaq, "long positions", 0);
    Fact longs = Liquidation(Side::kLong, 1.14e9, Section::kBody, "$1.14 billion were longs", 50);
    longs.asset = "MARKET";
    article.facts = {faq, longs};
    if (c.body_has_btc) {
      article.facts.push_back(
          Liquidation(Side::kTotal, 500e6, Section::kBody, "$500 million of bitcoin", 90));
    }
    VectorMarketData market({});
    StatusOr<std::vector<CheckRow>> checks = CheckArticle(article, market);
    ASSERT_OK(checks);
    int contradicted = 0, supported = 0;
    for (const CheckRow& row : RulesOf(*checks, "restatement")) {
      contradicted += row.verdict == Verdict::kContradicted ? 1 : 0;
      supported += row.verdict == Verdict::kSupported ? 1 : 0;
    }
    EXPECT_EQ(contradicted, c.contradicted);
    EXPECT_EQ(supported, c.supported);
  }
}

// A headline whose figure the body never states is read against the summary
// (pages whose first paragraphs are a standfirst); only agreement counts.
TEST(CheckInternal, HeadlineAgainstTheSummary) {
  struct Change {
    Section section;
    double value;
    Direction direction;
    const char* text;
  };
  struct Case {
    const char* name;
    std::vector<Change> changes;         // The first is the headline's.
    std::vector<std::string> supported;  // Observed text of each supported row.
  };
  constexpr Section kHead = Section::kHeadline, kSummary = Section::kSummary,
                    kBody = Section::kBody;
  const Case cases[] = {
      {"rounded_in_the_headline",
       {{kHead, 24, Direction::kUp, "DOGE Up 24%"},
        {kSummary, 24.3, Direction::kUp, "rising 24.3%"}},
       {"rising 24.3%"}},
      {"another_figure",
       {{kHead, 24, Direction::kUp, "DOGE Up 24%"},
        {kSummary, 26.3, Direction::kUp, "rising 26.3%"}},
       {}},
      {"a_round_percent_is_no_coarser",
       {{kHead, 10, Direction::kUp, "DOGE Up 10%"}, {kSummary, 5, Direction::kUp, "rising 5%"}},
       {}},
      {"another_direction",
       {{kHead, 24, Direction::kUp, "DOGE Up 24%"}, {kSummary, 24, Direction::kDown, "fell 24%"}},
       {}},
      {"the_body_decides_when_it_has_the_claim",
       {{kHead, 24, Direction::kUp, "DOGE Up 24%"},
        {kSummary, 24.3, Direction::kUp, "rising 24.3%"},
        {kBody, 24.1, Direction::kUp, "DOGE added 24.1%"}},
       {"DOGE added 24.1%"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Article article;
    for (const Change& change : c.changes) {
      Fact f;
      f.kind = FactKind::kPercentChange;
      f.asset = "DOGE";
      f.unit = "percent";
      f.value = change.value;
      f.direction = change.direction;
      f.section = change.section;
      f.text = f.sentence = change.text;
      article.facts.push_back(f);
    }
    VectorMarketData market({});
    StatusOr<std::vector<CheckRow>> checks = CheckArticle(article, market);
    ASSERT_OK(checks);
    std::vector<std::string> supported;
    for (const CheckRow& row : RulesOf(*checks, "restatement")) {
      EXPECT_NE(row.verdict, Verdict::kContradicted) << row.about;
      if (row.verdict == Verdict::kSupported && row.fact->section == kHead) {
        supported.push_back(row.observed);
      }
    }
    EXPECT_EQ(supported, c.supported);
  }
}

// Stated arithmetic: a sentence's percent against the amounts it relates
// (a move from A to B, a gap below or above B, a share of B). The text is
// the earlier sentences and the checked one, which is the fact's sentence.
TEST(CheckInternal, StatedArithmetic) {
  struct Case {
    const char* name;
    const char* before;    // Earlier sentences of the article.
    const char* sentence;  // The sentence checked.
    std::vector<Verdict> verdicts;
  };
  constexpr Verdict kYes = Verdict::kSupported, kNo = Verdict::kContradicted;
  const Case cases[] = {
      {"move_to_from",
       "",
       "Total value locked fell to $88.1 billion from $96.5 billion on Feb. 1, a decline of 8.7%.",
       {kYes}},
      {"move_from_to_hedged",
       "",
       "TVL fell from $118 billion at the start of the year to $96.2 billion on Wednesday, a "
       "decline of roughly 18.5%.",
       {kYes}},
      {"move_percent_first",
       "",
       "Bitcoin lost 14% in a single session, falling from $73,166 to $62,910 by the close.",
       {kYes}},
      {"move_euro", "", "EURC supply climbed from €380 million to €412 million, up 8.4%.", {kYes}},
      {"move_arithmetic_off",
       "",
       "Total value locked fell to $88.1 billion from $96.5 billion, a decline of 12%.",
       {kNo}},
      {"move_wrong_direction",
       "",
       "Total value locked rose to $88.1 billion from $96.5 billion, a gain of 8.7%.",
       {kNo}},
      {"move_and_another_clause",
       "",
       "TVL slipped to $8.9 billion from $9.4 billion a week ago, while DEX volume dropped 18%.",
       {}},
      {"move_to_a_level",
       "",
       "Funding went from $1 billion to $2 billion, and its share to 5%.",
       {}},
      {"gap_below_hedged",
       "",
       "Bitcoin changes hands around $67,500, down 23% this year and about 47% below its "
       "all-time high of $126,200.",
       {kYes}},
      {"gap_above", "", "Ether at $2,200 is 10% above the $2,000 mark.", {kYes}},
      {"gap_off", "", "Bitcoin trades at $67,500, 30% below its all-time high of $126,200.", {kNo}},
      {"gap_loosely_paired_off",
       "",
       "Bitcoin trades at $67,500, down 23% this year and 30% below its high of $126,200.",
       {}},
      {"share_of_the_whole",
       "",
       "USDT's $187.2 billion is 58.8% of the $318.4 billion market.",
       {kYes}},
      {"share_off", "", "USDT's $187.2 billion is 48.8% of the $318.4 billion market.", {kNo}},
      {"share_of_an_earlier_total",
       "Stablecoin supply rose to a record $318.4 billion, up $4.1 billion. It keeps growing. ",
       "Tether's USDT stands at $187.2 billion, a 58.8% share of the sector.",
       {kYes}},
      {"share_of_an_earlier_total_off",
       "Stablecoin supply rose to a record $318.4 billion. ",
       "Tether's USDT stands at $187.2 billion, a 48.8% share of the sector.",
       {}},
      {"unrelated_figures", "", "Bitcoin rose 3% to $70,000 as ether hit $2,000.", {}},
      {"unrelated_change", "", "Bitcoin hit $70,000 and ether rose 5% on the day.", {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Article article;
    article.text = std::string(c.before) + c.sentence;
    Fact fact;
    fact.kind = FactKind::kAmount;
    fact.text = fact.sentence = c.sentence;
    fact.start = std::string(c.before).size();
    article.facts = {fact};
    VectorMarketData market({});
    StatusOr<std::vector<CheckRow>> checks = CheckArticle(article, market);
    ASSERT_OK(checks);
    std::vector<Verdict> verdicts;
    for (const CheckRow& row : RulesOf(*checks, "restatement")) {
      verdicts.push_back(row.verdict);
      SCOPED_TRACE(row.about);
    }
    EXPECT_EQ(verdicts, c.verdicts);
    for (const CheckRow& row : RulesOf(*checks, "restatement")) {
      EXPECT_FALSE(row.about.empty());
      EXPECT_TRUE(row.delta.has_value());
    }
  }
}

// Coins valued in one sentence ("1.27 million BTC, worth roughly $89bn")
// against the prices the article states: agreement only.
TEST(CheckInternal, HoldingValues) {
  struct Case {
    const char* name;
    double price;       // The article's BTC price.
    const char* joint;  // Between the coins and the amount.
    std::vector<Verdict> verdicts;
  };
  const Case cases[] = {
      {"priced_at_the_article_price", 69950, ", worth roughly ", {Verdict::kSupported}},
      {"another_price", 60000, ", worth roughly ", {}},
      {"not_a_valuation", 69950, " after adding ", {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string lead = "Bitcoin trades at $69,950. ";
    const std::string sentence =
        std::string("Spot ETFs hold about 1.27 million BTC") + c.joint + "$89bn.";
    Article article;
    article.text = lead + sentence;
    Fact price = Price(c.price, "Bitcoin trades at $69,950.");
    price.start = 18;
    price.end = 25;
    Fact coins;
    coins.kind = FactKind::kAmount;
    coins.asset = coins.unit = "BTC";
    coins.value = 1.27e6;
    coins.approx = true;
    coins.text = "about 1.27 million BTC";
    coins.sentence = sentence;
    coins.start = lead.size() + sentence.find("about");
    coins.end = coins.start + coins.text.size();
    Fact worth = coins;
    worth.unit = "USD";
    worth.value = 89e9;
    worth.text = "$89bn";
    worth.start = lead.size() + sentence.find('$');
    worth.end = worth.start + worth.text.size();
    article.facts = {price, coins, worth};
    EXPECT_EQ(RestatementVerdicts(article), c.verdicts);
  }
}

// Forecasts restated outside the body: the same forecaster (a name of two
// or more capitalised words) and horizon in both sentences make one claim.
TEST(CheckInternal, RestatedForecasts) {
  struct Case {
    const char* name;
    const char* summary;
    double summary_value;
    const char* body;
    double body_value;
    std::optional<double> body_from;
    std::vector<Verdict> verdicts;
  };
  const Case cases[] = {
      {"same desk and horizon, another figure",
       "Kestrel Capital just cut its year-end call to $140,000.",
       140000,
       "Kestrel Capital's Lena Vogt cut her year-end target to $150,000 from $200,000.",
       150000,
       200000,
       {Verdict::kContradicted}},
      {"same figure written another way",
       "Kestrel Capital sees $150K by year-end.",
       150000,
       "Kestrel Capital expects bitcoin at $150,000 at the end of the year.",
       150000,
       std::nullopt,
       {Verdict::kSupported}},
      {"the old target a revision starts from",
       "Kestrel Capital had a year-end target of $200,000.",
       200000,
       "Kestrel Capital cut its year-end target to $150,000 from $200,000.",
       150000,
       200000,
       {}},
      {"another desk",
       "Harbor Bank's year-end target is $140,000.",
       140000,
       "Kestrel Capital's year-end target is $150,000.",
       150000,
       std::nullopt,
       {}},
      {"another horizon",
       "Kestrel Capital expects $140,000 by June.",
       140000,
       "Kestrel Capital's year-end target is $150,000.",
       150000,
       std::nullopt,
       {}},
      {"a year is a horizon",
       "Kestrel Capital now targets $140,000 in 2027.",
       140000,
       "Kestrel Capital's Lena Vogt expects $150,000 in 2027.",
       150000,
       std::nullopt,
       {Verdict::kContradicted}},
      {"a title-case headline holds the name",
       "Kestrel Capital Cuts Year-End Call To $140,000",
       140000,
       "Kestrel Capital's year-end target is now $150,000.",
       150000,
       std::nullopt,
       {Verdict::kContradicted}},
      {"no forecaster named",
       "Analysts expect $140,000 by year-end.",
       140000,
       "Analysts at the desk expect $150,000 by year-end.",
       150000,
       std::nullopt,
       {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Fact summary = Price(c.summary_value, c.summary);
    summary.section = Section::kSummary;
    summary.conditional = true;
    Fact body = Price(c.body_value, c.body);
    body.conditional = true;
    body.value_from = c.body_from;
    Article article;
    article.facts = {summary, body};
    EXPECT_EQ(RestatementVerdicts(article), c.verdicts);
  }
}

// Headline figures: one the restatement rule cannot pair (no asset, another
// name for the measure) is read as written; a bound ("Above 68 Thousand
// Dollars") restates an exact body level beyond it, not one short of it.
TEST(CheckInternal, HeadlineFigures) {
  struct Case {
    const char* name;
    const char* title;
    Fact headline;
    Fact body;
    std::vector<Verdict> verdicts;
  };
  auto fact = [](FactKind kind, const char* asset, double value, Section section, Bound bound,
                 bool approx) {
    Fact f;
    f.kind = kind;
    f.asset = asset;
    f.value = value;
    f.unit = "USD";
    f.section = section;
    f.bound = bound;
    f.approx = approx;
    f.text = f.sentence = "figure";
    return f;
  };
  constexpr Section kHead = Section::kHeadline, kBody = Section::kBody;
  constexpr Verdict kYes = Verdict::kSupported;
  const Case cases[] = {
      {"no_asset_rounded",
       "Stablecoin supply hits record $314bn",
       fact(FactKind::kMarketCap, "", 314e9, kHead, Bound::kNone, false),
       fact(FactKind::kMarketCap, "", 314.2e9, kBody, Bound::kNone, false),
       {kYes}},
      {"no_asset_other_figure",
       "Stablecoin supply hits record $314bn",
       fact(FactKind::kMarketCap, "", 314e9, kHead, Bound::kNone, false),
       fact(FactKind::kMarketCap, "", 331e9, kBody, Bound::kNone, false),
       {}},
      {"above_a_level_beyond",
       "Bitcoin Recovers Above 68 Thousand Dollars",
       fact(FactKind::kPrice, "BTC", 68000, kHead, Bound::kLower, false),
       fact(FactKind::kPrice, "BTC", 68400, kBody, Bound::kNone, false),
       {kYes}},
      {"above_a_level_short_of_it",
       "Bitcoin Recovers Above 68 Thousand Dollars",
       fact(FactKind::kPrice, "BTC", 68000, kHead, Bound::kLower, false),
       fact(FactKind::kPrice, "BTC", 67600, kBody, Bound::kNone, false),
       {}},
      {"below_a_level_beyond",
       "Bitcoin Slips Below $64,000",
       fact(FactKind::kPrice, "BTC", 64000, kHead, Bound::kUpper, false),
       fact(FactKind::kPrice, "BTC", 63800, kBody, Bound::kNone, false),
       {kYes}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Article article;
    article.title = c.title;
    article.facts = {c.headline, c.body};
    EXPECT_EQ(RestatementVerdicts(article), c.verdicts);
  }
}

TEST(CheckInternal, Dates) {
  struct Row {
    const char* published;
    const char* updated;
    Verdict verdict;
  } rows[] = {
      {"2026-03-07", "2026-03-06T13:29", Verdict::kContradicted},
      {"2026-03-07T09:00:00Z", "2026-03-07T08:00:00Z", Verdict::kContradicted},
      {"2026-03-07T09:00:00Z", "2026-03-07T10:00:00Z", Verdict::kSupported},
      {"2026-03-07", "2026-03-07T01:00", Verdict::kSupported},  // Same day, date only.
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.updated);
    Article article;
    article.published = row.published;
    article.updated = row.updated;
    VectorMarketData market({});
    StatusOr<std::vector<CheckRow>> checks = CheckArticle(article, market);
    ASSERT_OK(checks);
    ASSERT_EQ(RulesOf(*checks, "dates").size(), 1u);
    EXPECT_EQ(RulesOf(*checks, "dates")[0].verdict, row.verdict);
  }
}

// The seed: the ticker's unsigned 1.61% against the widget's ▼1.61%.
TEST(CheckInternal, SnapshotWidgetsDisagree) {
  Article article;
  SnapshotItem ticker, widget;
  ticker.asset = widget.asset = "BTC";
  ticker.price = widget.price = 67835.0;
  ticker.change_percent = 1.61;
  widget.change_percent = -1.61;
  ticker.origin = "ticker";
  widget.origin = "widget";
  article.market_snapshot = {ticker, widget};
  Fact range = Price(65000, "BTC prices later consolidated between $65,000 and $68,000");
  range.kind = FactKind::kPriceRange;
  range.value_high = 68000;
  article.facts = {range};
  VectorMarketData market({});
  StatusOr<std::vector<CheckRow>> checks = CheckArticle(article, market);
  ASSERT_OK(checks);
  const std::vector<CheckRow> snapshot = RulesOf(*checks, "snapshot");
  ASSERT_EQ(snapshot.size(), 2u);
  EXPECT_EQ(snapshot[0].verdict, Verdict::kContradicted);
  EXPECT_EQ(snapshot[1].verdict, Verdict::kSupported);  // $67,835 is inside $65,000-68,000.
}

}  // namespace
}  // namespace factsift::check
