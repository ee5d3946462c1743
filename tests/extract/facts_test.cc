// Numeric fact extraction: sentences in, typed facts out.
//
// Each table states the gold reading of its sentences under the annotation
// rules of docs/corpus.md (and ../shared/benchmarks/crypto-dev/README.md):
// money in currency units, percentages as magnitudes with the sign in
// `direction`, `bound` lower for past/above/over and upper for below/under,
// `approx` for hedges; dates, durations, rankings, leverage, years and block
// heights are not facts. Sentences marked (seed) are from the seed article
// (corpus/deythere); (gold: site) ones are from that corpus page's gold.
#include "extract/internal/facts.h"

#include <cmath>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/article.h"
#include "extract/lexicon.h"

#include "tests/testing/hostile_text.h"

namespace factsift::extract::internal {
namespace {

// The gold reading of one fact. Strings are the names of common/article.h
// ("" for none); `name` is checked only when given.
struct Expected {
  std::string_view kind;
  std::string_view asset = "";
  double value = 0;
  std::optional<double> value_high = std::nullopt;
  std::optional<double> value_from = std::nullopt;
  std::string_view side = "";
  std::string_view direction = "";
  std::string_view bound = "";
  bool approx = false;
  std::string_view period = "";
  bool conditional = false;
  bool negated = false;
  std::string_view name = "";
};

struct Row {
  std::string_view input;  // Paragraphs separated by blank lines.
  std::vector<Expected> facts;
};

// Runs the fact extractor over `text`, split into paragraphs at blank lines;
// a paragraph that ends in '?' is a heading, as the extractor marks FAQ
// questions.
std::vector<Fact> FactsOf(std::string_view text, const FactOptions& options = {}) {
  std::vector<Paragraph> paragraphs;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find("\n\n", start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) {
      Paragraph paragraph;
      paragraph.begin = start;
      paragraph.end = end;
      paragraph.heading = text.substr(start, end - start).ends_with('?');
      paragraphs.push_back(paragraph);
    }
    start = end + 2;
  }
  return ExtractFacts("", text, paragraphs, AssetLexicon::Default(), options);
}

std::string Number(double value) {
  std::ostringstream out;
  out.precision(12);
  out << value;
  return out.str();
}

std::string Describe(const Expected& e) {
  std::string out = std::string(e.kind) +
                    " asset=" + (e.asset.empty() ? "-" : std::string(e.asset)) +
                    " value=" + Number(e.value);
  if (e.value_high) out += " high=" + Number(*e.value_high);
  if (e.value_from) out += " from=" + Number(*e.value_from);
  if (!e.side.empty()) out += " side=" + std::string(e.side);
  if (!e.direction.empty()) out += " dir=" + std::string(e.direction);
  if (!e.bound.empty()) out += " bound=" + std::string(e.bound);
  if (e.approx) out += " approx";
  if (!e.period.empty()) out += " period=" + std::string(e.period);
  if (e.conditional) out += " conditional";
  if (e.negated) out += " negated";
  if (!e.name.empty()) out += " name=" + std::string(e.name);
  return out;
}

Expected AsExpected(const Fact& fact) {
  Expected e{KindName(fact.kind)};
  e.asset = fact.asset;
  e.value = fact.value;
  e.value_high = fact.value_high;
  e.value_from = fact.value_from;
  e.side = SideName(fact.side);
  e.direction = DirectionName(fact.direction);
  e.bound = BoundName(fact.bound);
  e.approx = fact.approx;
  e.period = fact.period;
  e.conditional = fact.conditional;
  e.negated = fact.negated;
  e.name = fact.name;
  return e;
}

bool Close(double a, double b) { return std::abs(a - b) <= std::abs(b) * 1e-9 + 1e-12; }
bool Close(std::optional<double> a, std::optional<double> b) {
  return a.has_value() == b.has_value() && (!b || Close(*a, *b));
}

bool Matches(const Fact& fact, const Expected& e) {
  return KindName(fact.kind) == e.kind && fact.asset == e.asset && Close(fact.value, e.value) &&
         Close(fact.value_high, e.value_high) && Close(fact.value_from, e.value_from) &&
         SideName(fact.side) == e.side && DirectionName(fact.direction) == e.direction &&
         BoundName(fact.bound) == e.bound && fact.approx == e.approx && fact.period == e.period &&
         fact.conditional == e.conditional && fact.negated == e.negated &&
         (e.name.empty() || fact.name == e.name);
}

// Checks every row and reports a failing one as input / expected / got, the
// form the extractor's to-do list takes. Also checks the span contract of
// every fact: `text` is text[start, end) and lies in `sentence`.
void CheckRows(const std::vector<Row>& rows, const FactOptions& options = {}) {
  for (const Row& row : rows) {
    SCOPED_TRACE(row.input);
    const std::vector<Fact> facts = FactsOf(row.input, options);
    bool ok = facts.size() == row.facts.size();
    for (size_t i = 0; ok && i < facts.size(); ++i) ok = Matches(facts[i], row.facts[i]);
    if (!ok) {
      std::string message =
          "FACT ROW FAILED\n  input:    " + std::string(row.input) + "\n  expected:";
      if (row.facts.empty()) message += " (no fact)";
      for (const Expected& e : row.facts) message += "\n    " + Describe(e);
      message += "\n  got:";
      if (facts.empty()) message += " (no fact)";
      for (const Fact& fact : facts)
        message += "\n    " + Describe(AsExpected(fact)) + "  [" + fact.text + "]";
      ADD_FAILURE() << message;
    }
    for (const Fact& fact : facts) {
      if (fact.start > fact.end || fact.end > row.input.size()) {
        ADD_FAILURE() << "span [" << fact.start << ", " << fact.end << ") outside the input";
        continue;
      }
      EXPECT_EQ(fact.text, row.input.substr(fact.start, fact.end - fact.start));
      EXPECT_NE(fact.sentence.find(fact.text), std::string::npos) << fact.sentence;
      EXPECT_FALSE(fact.pattern.empty());
    }
  }
}

// Money scales: M/million, bn/billion, k/thousand, T/trillion multiply the
// number ("$272.75 million" -> 272750000).
TEST(ExtractFacts, Spec_MoneyScales) {
  CheckRows({
      {"Bitcoin short liquidations reached $310M.",
       {{.kind = "liquidation", .asset = "BTC", .value = 310e6, .side = "short"}}},
      {"Around $272.75 million of Bitcoin short positions were liquidated.",
       {{.kind = "liquidation",
         .asset = "BTC",
         .value = 272.75e6,
         .side = "short",
         .approx = true}}},
      {"Spot Bitcoin ETFs drew net inflows of $1.2bn.",
       {{.kind = "etf_flow", .asset = "BTC", .value = 1.2e9, .direction = "up"}}},
      {"Bitcoin fell below $58k.",
       {{.kind = "price", .asset = "BTC", .value = 58e3, .direction = "down", .bound = "upper"}}},
      {"Bitcoin's market cap stands at $1.36T.",
       {{.kind = "market_cap", .asset = "BTC", .value = 1.36e12}}},
      {"Ether's trading volume hit $15.4 billion in the past 24 hours.",
       {{.kind = "volume", .asset = "ETH", .value = 15.4e9, .period = "24h"}}},
      {"Bitcoin open interest stood at $46.8 bn.",
       {{.kind = "open_interest", .asset = "BTC", .value = 46.8e9}}},
      {"Ether liquidations reached $95 thousand.",
       {{.kind = "liquidation", .asset = "ETH", .value = 95e3, .side = "total"}}},
  });
}

// Ranges: "between X and Y", "X–Y", "X to Y" give value (low) and
// value_high; a scale written once applies to both ends ("$21–$22 billion"
// is 21e9 to 22e9, seed).
TEST(ExtractFacts, Spec_Ranges) {
  CheckRows({
      {"BTC prices later consolidated between $65,000 and $68,000.",  // seed
       {{.kind = "price_range", .asset = "BTC", .value = 65000, .value_high = 68000}}},
      {"Bitcoin derivatives exposure stayed compressed near $21\u2013$22 billion.",  // seed
       {{.kind = "open_interest",
         .asset = "BTC",
         .value = 21e9,
         .value_high = 22e9,
         .approx = true}}},
      {"Bitcoin open interest held at $21-$22 billion.",
       {{.kind = "open_interest", .asset = "BTC", .value = 21e9, .value_high = 22e9}}},
      {"XRP traded in a $1.32\u2013$1.41 band.",  // gold: liveblog-site
       {{.kind = "price_range", .asset = "XRP", .value = 1.32, .value_high = 1.41}}},
      {"Ether traded roughly between $1,750 and $2,150.",  // gold: plain-blog
       {{.kind = "price_range",
         .asset = "ETH",
         .value = 1750,
         .value_high = 2150,
         .approx = true}}},
      {"Bitcoin faces resistance at $74,000 to $75,000.",
       {{.kind = "price_range", .asset = "BTC", .value = 74000, .value_high = 75000}}},
  });
}

// Moves "from X to Y": value is Y, value_from X, direction from their order;
// a hedge on either end makes the fact approximate (seed). A price move is a
// price_range with its direction (gold: liveblog-site, table-ticker-site).
TEST(ExtractFacts, Spec_Moves) {
  CheckRows({
      {"Bitcoin Open Interest (OI) fell from about $29 billion to nearly $21 billion.",  // seed
       {{.kind = "open_interest",
         .asset = "BTC",
         .value = 21e9,
         .value_from = 29e9,
         .direction = "down",
         .approx = true}}},
      {"Bitcoin Open Interest (OI) rebounded from $21 billion to $24.7 billion.",  // seed
       {{.kind = "open_interest",
         .asset = "BTC",
         .value = 24.7e9,
         .value_from = 21e9,
         .direction = "up"}}},
      {"Aggregate ETH open interest dropped from $24.1 billion to $21.7 billion over the week.",
       {{.kind = "open_interest",
         .asset = "ETH",
         .value = 21.7e9,
         .value_from = 24.1e9,
         .direction = "down",
         .period = "week"}}},
      {"Solana climbed from $67.50 to around $84.",  // gold: liveblog-site
       {{.kind = "price_range",
         .asset = "SOL",
         .value = 67.5,
         .value_high = 84,
         .direction = "up",
         .approx = true}}},
  });
}

// Hedges (around, roughly, about, nearly, near, toward, ~) set approx; so
// does a "range"/"area" noun after the figure.
TEST(ExtractFacts, Spec_Hedges) {
  CheckRows({
      {"During the rebound phase, Bitcoin [BTC] had previously climbed to levels near $73,000, "
       "while "
       "altcoins such as Solana [SOL], Chainlink [LINK], and Hyperliquid [HYPE] also recorded "
       "notable gains.",  // seed
       {{.kind = "price", .asset = "BTC", .value = 73000, .direction = "up", .approx = true}}},
      {"As shorts were closed, momentum traders joined in, helping Bitcoin climb to a peak of "
       "around "
       "$73,000 during the rebound phase.",  // seed
       {{.kind = "price", .asset = "BTC", .value = 73000, .direction = "up", .approx = true}}},
      {"Geopolitical tensions surrounding Iran in late January caused Bitcoin [BTC] to drop toward "
       "the "
       "$63,000 range.",  // seed
       {{.kind = "price", .asset = "BTC", .value = 63000, .direction = "down", .approx = true}}},
      {"Bitcoin traded at ~$70,000.",
       {{.kind = "price", .asset = "BTC", .value = 70000, .approx = true}}},
      {"Ether was trading near $1,940.",
       {{.kind = "price", .asset = "ETH", .value = 1940, .approx = true}}},
      {"Hyperliquid [HYPE] gained nearly 12% over the course of the week.",  // seed
       {{.kind = "percent_change",
         .asset = "HYPE",
         .value = 12,
         .direction = "up",
         .approx = true,
         .period = "week"}}},
  });
}

// Bounds: past/above/over/more than/topped are lower bounds, below/under
// upper bounds; an upward crossing ("past", "tops") is a rise.
TEST(ExtractFacts, Spec_Bounds) {
  CheckRows({
      {"They caused Bitcoin to rebound, pushing the price past $73,000 and creating strong upward "
       "momentum.",  // seed, FAQ
       {{.kind = "price", .asset = "BTC", .value = 73000, .direction = "up", .bound = "lower"}}},
      {"Bitcoin slipped below $60,000.",
       {{.kind = "price", .asset = "BTC", .value = 60000, .direction = "down", .bound = "upper"}}},
      {"Ether slipped under $1,800.",
       {{.kind = "price", .asset = "ETH", .value = 1800, .direction = "down", .bound = "upper"}}},
      {"Bitcoin tops $72,000.",  // gold: nextjs-site
       {{.kind = "price", .asset = "BTC", .value = 72000, .direction = "up", .bound = "lower"}}},
      {"Bitcoin held above $66,000.",
       {{.kind = "price", .asset = "BTC", .value = 66000, .bound = "lower"}}},
      {"More than $520 million worth of leveraged positions were liquidated across the market.",  // gold: nextjs-site
       {{.kind = "liquidation",
         .asset = "MARKET",
         .value = 520e6,
         .side = "total",
         .bound = "lower"}}},
  });
}

// Periods: "over the week", "in the past 24 hours", "year-to-date"; "during
// the same period" repeats the previous one (seed); a weekday names a
// one-day period (gold: amp-site, wire-site).
TEST(ExtractFacts, Spec_Periods) {
  CheckRows({
      {"Solana [SOL] rose about 3.97% over the week, while Chainlink [LINK] advanced roughly 1.6% "
       "during "
       "the same period.",  // seed
       {{.kind = "percent_change",
         .asset = "SOL",
         .value = 3.97,
         .direction = "up",
         .approx = true,
         .period = "week"},
        {.kind = "percent_change",
         .asset = "LINK",
         .value = 1.6,
         .direction = "up",
         .approx = true,
         .period = "week"}}},
      {"Bitcoin fell 2.3% in the past 24 hours.",
       {{.kind = "percent_change",
         .asset = "BTC",
         .value = 2.3,
         .direction = "down",
         .period = "24h"}}},
      {"BTC rose 6.3% in 24 hours.",  // gold: nextjs-site
       {{.kind = "percent_change",
         .asset = "BTC",
         .value = 6.3,
         .direction = "up",
         .period = "24h"}}},
      {"Year-to-date Ether is down about 35%.",  // gold: plain-blog
       {{.kind = "percent_change",
         .asset = "ETH",
         .value = 35,
         .direction = "down",
         .approx = true,
         .period = "year-to-date"}}},
      {"Bitcoin \u22122.1% on the day.",
       {{.kind = "percent_change",
         .asset = "BTC",
         .value = 2.1,
         .direction = "down",
         .period = "1d"}}},
      {"Spot Bitcoin ETFs recorded net outflows of $434.1 million on Thursday.",  // gold:
                                                                                  // liveblog-site
       {{.kind = "etf_flow",
         .asset = "BTC",
         .value = 434.1e6,
         .direction = "down",
         .period = "1d"}}},
  });
}

// Liquidation sides: short positions/shorts, long positions/longs, and
// total for an unsided sum; a side named after the figure counts ("$36.21
// million from longs", seed).
TEST(ExtractFacts, Spec_LiquidationSides) {
  CheckRows({
      {"BTC accounted for $310 million of the total liquidations during the cycle, with around "
       "$272.75 "
       "million coming from short positions and $36.21 million from longs.",  // seed
       {{.kind = "liquidation", .asset = "BTC", .value = 310e6, .side = "total"},
        {.kind = "liquidation", .asset = "BTC", .value = 272.75e6, .side = "short", .approx = true},
        {.kind = "liquidation", .asset = "BTC", .value = 36.21e6, .side = "long"}}},
      {"Long liquidations on Ethereum hit $95 million.",
       {{.kind = "liquidation", .asset = "ETH", .value = 95e6, .side = "long"}}},
      {"Shorts made up $412.6 million of Bitcoin liquidations.",
       {{.kind = "liquidation", .asset = "BTC", .value = 412.6e6, .side = "short"}}},
      {"Bitcoin contracts alone accounted for $312.8 million of liquidations.",  // gold:
                                                                                 // table-ticker-site
       {{.kind = "liquidation", .asset = "BTC", .value = 312.8e6, .side = "total"}}},
      // One position: named, so that no sum takes it for a side or a total.
      {"The biggest single liquidation was an $8.2 million Bitcoin long on Binance.",
       {{.kind = "liquidation",
         .asset = "BTC",
         .value = 8.2e6,
         .side = "long",
         .name = "largest single liquidation"}}},
  });
}

// MARKET is the asset of market-wide figures: "total crypto liquidations
// across the market" (seed), "the value of all cryptocurrencies" (gold:
// wire-site); a market cap that falls has direction down.
TEST(ExtractFacts, Spec_MarketWide) {
  CheckRows({
      {"Bitcoin short liquidations happen when traders betting against BTC are forced to close "
       "their "
       "positions as prices rise. In this recent cycle, around $272.75 million of short positions "
       "were "
       "liquidated, creating a chain reaction of buying, while total crypto liquidations across "
       "the market "
       "reached roughly $587.97 million.",  // seed
       {{.kind = "liquidation", .asset = "BTC", .value = 272.75e6, .side = "short", .approx = true},
        {.kind = "liquidation",
         .asset = "MARKET",
         .value = 587.97e6,
         .side = "total",
         .approx = true}}},
      {"Total crypto liquidations across the market reached roughly $587.97 million.",
       {{.kind = "liquidation",
         .asset = "MARKET",
         .value = 587.97e6,
         .side = "total",
         .approx = true}}},
      {"The global crypto market cap fell to $2.31 trillion.",
       {{.kind = "market_cap", .asset = "MARKET", .value = 2.31e12, .direction = "down"}}},
      {"The total value of all cryptocurrencies fell to about $2.36 trillion.",  // gold: wire-site
       {{.kind = "market_cap",
         .asset = "MARKET",
         .value = 2.36e12,
         .direction = "down",
         .approx = true}}},
  });
}

// Percentages are magnitudes; the sign or arrow written with them, or the
// nearest direction word (before or after: "a 2% rise"), is the direction.
TEST(ExtractFacts, Spec_PercentSignsAndArrows) {
  CheckRows({
      {"Ether fell 4.4%.",
       {{.kind = "percent_change", .asset = "ETH", .value = 4.4, .direction = "down"}}},
      {"Bitcoin posted a -14% slide.",
       {{.kind = "percent_change", .asset = "BTC", .value = 14, .direction = "down"}}},
      {"Solana moved +4.5% after the upgrade.",
       {{.kind = "percent_change", .asset = "SOL", .value = 4.5, .direction = "up"}}},
      {"XRP \u25BC3.2% after the ruling.",
       {{.kind = "percent_change", .asset = "XRP", .value = 3.2, .direction = "down"}}},
      {"Dogecoin \u25B25.5% as memecoins rallied.",
       {{.kind = "percent_change", .asset = "DOGE", .value = 5.5, .direction = "up"}}},
      {"Bitcoin posted a 2% rise.",
       {{.kind = "percent_change", .asset = "BTC", .value = 2, .direction = "up"}}},
      {"Dogecoin is up 3.1%.",
       {{.kind = "percent_change", .asset = "DOGE", .value = 3.1, .direction = "up"}}},
      {"Ether shed 5.2 percent.",
       {{.kind = "percent_change", .asset = "ETH", .value = 5.2, .direction = "down"}}},
  });
}

// Index values are signed and named ("Coinbase Premium Index ... −0.25" with
// U+2212, seed); the Fear & Greed Index is market-wide (gold: plain-blog,
// liveblog-site).
TEST(ExtractFacts, Spec_IndexValues) {
  CheckRows({
      {"Bitcoin demand faded in America. The Coinbase Premium Index remained deeply negative, "
       "hovering "
       "near \u22120.25.",  // seed
       {{.kind = "index_value",
         .asset = "BTC",
         .value = -0.25,
         .approx = true,
         .name = "Coinbase Premium Index"}}},
      {"The Crypto Fear & Greed Index printed 14 on Monday.",  // gold: plain-blog
       {{.kind = "index_value",
         .asset = "MARKET",
         .value = 14,
         .name = "Crypto Fear & Greed Index"}}},
      {"The Crypto Fear & Greed Index printed 9, down from 14.",  // gold: liveblog-site
       {{.kind = "index_value",
         .asset = "MARKET",
         .value = 9,
         .value_from = 14,
         .direction = "down",
         .name = "Crypto Fear & Greed Index"}}},
  });
}

// Funding rates are signed percentages.
TEST(ExtractFacts, Spec_FundingRates) {
  CheckRows({
      {"ETH funding rates stood at -0.01%.",
       {{.kind = "funding_rate", .asset = "ETH", .value = -0.01}}},
      {"The OI-weighted funding rate for Ether dipped to -0.006%.",  // gold: plain-blog
       {{.kind = "funding_rate", .asset = "ETH", .value = -0.006, .direction = "down"}}},
  });
}

// Forecasts and targets are conditional; "never", "did not" negate.
TEST(ExtractFacts, Spec_ConditionalAndNegated) {
  CheckRows({
      {"Analysts say BTC could reach $100,000.",
       {{.kind = "price", .asset = "BTC", .value = 100000, .conditional = true}}},
      // Forecasts named as nouns.
      {"The desk cut its year-end call for Bitcoin to $140,000.",
       {{.kind = "price", .asset = "BTC", .value = 140000, .conditional = true}}},
      {"The bull case puts Bitcoin at $180,000.",
       {{.kind = "price", .asset = "BTC", .value = 180000, .conditional = true}}},
      {"Bitcoin never traded below $60,000.",
       {{.kind = "price", .asset = "BTC", .value = 60000, .bound = "upper", .negated = true}}},
  });
}

// docs/corpus.md: "Dates, durations, counts of days, rankings, leverage
// multiples and policy numbers are not facts"; neither are years, block
// heights, compound adjectives ("50-day"), or other markets' figures.
TEST(ExtractFacts, Spec_NonFactsGiveNoFact) {
  CheckRows({
      {"Bitcoin hit a record on March 7, 2026.", {}},
      {"The halving happened in 2024.", {}},
      {"Funding rates stayed negative for 3 days.", {}},
      {"Bitcoin open interest has risen for 5 straight sessions.", {}},
      {"Bitcoin has been in the top 10 since 2013.", {}},
      {"Ether ranks No. 2 by market cap.", {}},
      {"Some traders used 10x leverage on Bitcoin.", {}},
      {"Traders piled into 100x leveraged Bitcoin longs before liquidations hit.", {}},
      {"Bitcoin block 840,000 triggered the fourth halving.", {}},
      {"The Bitcoin ETFs launched 3 weeks ago.", {}},
      {"Bitcoin was at its 50-day moving average.", {}},
      {"In Q1 2026, Bitcoin ETFs saw record demand.", {}},
      {"COVID-19 hit markets in 2020.", {}},
      {"Gold rose 1.2% on the day.", {}},
      {"Coinbase shares rose 4% after earnings.", {}},
      {"The S&P 500 fell 2% while Bitcoin held steady.", {}},
      {"The Fed cut rates by 25 basis points.", {}},
      {"Bitcoin miners run 1.2 million machines.", {}},
  });
}

// Dates and counts beside a figure change nothing about it.
TEST(ExtractFacts, Spec_DatesBesideAFigure) {
  CheckRows({
      {"Bitcoin hit $73,000 on March 7, 2026.",
       {{.kind = "price", .asset = "BTC", .value = 73000}}},
      {"In 2025, Ether fell 35% over the year.",
       {{.kind = "percent_change",
         .asset = "ETH",
         .value = 35,
         .direction = "down",
         .period = "year"}}},
      {"After 3 days of losses, Bitcoin slipped below $60,000.",
       {{.kind = "price", .asset = "BTC", .value = 60000, .direction = "down", .bound = "upper"}}},
  });
}

// The asset comes from the clause, else the sentence, else earlier
// sentences of the paragraph (facts.h): "Around $272.75 million of short
// positions were liquidated" under a question about Bitcoin (seed, FAQ).
TEST(ExtractFacts, Heuristic_AssetFromContext) {
  CheckRows({
      {"How much were the recent Bitcoin short liquidations worth?\n\nAround $272.75 million of "
       "short "
       "positions were liquidated. Contributing to a total crypto liquidation of roughly $587.97 "
       "million.",  // seed, FAQ
       {{.kind = "liquidation", .asset = "BTC", .value = 272.75e6, .side = "short", .approx = true},
        {.kind = "liquidation",
         .asset = "MARKET",
         .value = 587.97e6,
         .side = "total",
         .approx = true}}},
      {"Tensions around Iran pushed BTC down toward $63,000, which later helped create conditions "
       "for "
       "short liquidations and a rebound.",  // seed, FAQ
       {{.kind = "price", .asset = "BTC", .value = 63000, .direction = "down", .approx = true}}},
      {"Ether slid on Monday. It later fell to $1,800.",
       {{.kind = "price", .asset = "ETH", .value = 1800, .direction = "down"}}},
  });
}

// Headline facts have section headline and offsets into the title (seed
// headline: "$310M Bitcoin Short Liquidations").
TEST(ExtractFacts, HeadlineFactsPointIntoTheTitle) {
  const std::string title = "Massive $310M Bitcoin Short Liquidations Spark BTC and Altcoin Rally";
  const std::vector<Fact> facts = ExtractFacts(title, "", {}, AssetLexicon::Default(), {});
  ASSERT_EQ(facts.size(), 1u);
  const Fact& fact = facts[0];
  EXPECT_EQ(fact.section, Section::kHeadline);
  EXPECT_EQ(fact.kind, FactKind::kLiquidation);
  EXPECT_EQ(fact.asset, "BTC");
  EXPECT_EQ(fact.value, 310e6);
  EXPECT_EQ(fact.side, Side::kShort);
  EXPECT_EQ(fact.text, title.substr(fact.start, fact.end - fact.start));
  EXPECT_NE(fact.text.find("$310M"), std::string::npos);
}

// Facts keep their paragraph's section and point into the whole text.
TEST(ExtractFacts, SectionsAndOffsetsFollowParagraphs) {
  const std::string text = "Intro without figures.\n\nBitcoin fell 2% in the past 24 hours.";
  const size_t second = text.find("Bitcoin");
  const std::vector<Paragraph> paragraphs = {{0, second - 2, Section::kSummary},
                                             {second, text.size(), Section::kFaq}};
  const std::vector<Fact> facts = ExtractFacts("", text, paragraphs, AssetLexicon::Default(), {});
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].section, Section::kFaq);
  EXPECT_GE(facts[0].start, second);
  EXPECT_EQ(facts[0].text, text.substr(facts[0].start, facts[0].end - facts[0].start));
  EXPECT_EQ(facts[0].sentence, "Bitcoin fell 2% in the past 24 hours.");
}

// A level reached by a change shares the change's subject and metric ("the
// total value of all cryptocurrencies fell 3.1% to $2.31 trillion"); what a
// subject is compared with is not the subject ("worse than bitcoin"); a
// target revised "to X from Y" is a price, not a range (gold: stress-coin-chips,
// stress-related-trending, stress-infinite-scroll, facts-a14).
TEST(ExtractFacts, Spec_LevelsAfterChangesAndRevisedTargets) {
  CheckRows({
      {"The total value of all cryptocurrencies fell 3.1% to $2.31 trillion, according to "
       "CoinGecko.",
       {{.kind = "percent_change",
         .asset = "MARKET",
         .value = 3.1,
         .direction = "down",
         .name = "market_cap_change"},
        {.kind = "market_cap", .asset = "MARKET", .value = 2.31e12, .direction = "down"}}},
      {"Open interest in XRP futures rose 11% to $2.64 billion, while about $21.3 million of "
       "XRP short positions were liquidated.",
       {{.kind = "percent_change",
         .asset = "XRP",
         .value = 11,
         .direction = "up",
         .name = "open_interest_change"},
        {.kind = "open_interest", .asset = "XRP", .value = 2.64e9, .direction = "up"},
        {.kind = "liquidation", .asset = "XRP", .value = 21.3e6, .side = "short", .approx = true}}},
      {"Ether fared worse than bitcoin, dropping 6.1% to about $2,650.",
       {{.kind = "percent_change", .asset = "ETH", .value = 6.1, .direction = "down"},
        {.kind = "price", .asset = "ETH", .value = 2650, .direction = "down", .approx = true}}},
      {"Kestrel's analyst cut her Bitcoin year-end target to $150,000 from $200,000.",
       {{.kind = "price",
         .asset = "BTC",
         .value = 150000,
         .value_from = 200000,
         .direction = "down",
         .conditional = true}}},
  });
}

// Sums named only by their side are liquidations when a liquidation figure
// stands in the paragraphs just before ("Of the total, long positions
// accounted for $1.87 billion", gold: facts-a01, facts-b01).
TEST(ExtractFacts, Spec_SideSumsAfterALiquidationParagraph) {
  CheckRows({
      {"More than $2.1 billion of crypto positions were liquidated over the past 24 hours.\n\n"
       "Bitcoin opened near $73,170 on Thursday.\n\n"
       "Of the total, long positions accounted for $1.87 billion while shorts made up just "
       "$268.4 million.",
       {{.kind = "liquidation",
         .asset = "MARKET",
         .value = 2.1e9,
         .side = "total",
         .bound = "lower",
         .period = "24h"},
        {.kind = "price", .asset = "BTC", .value = 73170, .approx = true, .period = "1d"},
        {.kind = "liquidation", .asset = "MARKET", .value = 1.87e9, .side = "long"},
        {.kind = "liquidation", .asset = "MARKET", .value = 268.4e6, .side = "short"}}},
      // With no liquidation near, a side is not a liquidation ("bulls").
      {"Bitcoin bulls defended $73,170 on Thursday.",
       {{.kind = "price", .asset = "BTC", .value = 73170, .period = "1d"}}},
  });
}

// Rate levels and distances from a peak are not changes; a figure owned by
// another market named right after it ("$34 trillion for gold") and a
// central bank's policy rate are not crypto facts (gold: facts-a13,
// facts-a05, stress-author-bio, facts-b14).
TEST(ExtractFacts, Spec_LevelsSharesAndOtherMarketsAreNotChanges) {
  CheckRows({
      {"The annualized basis on CME bitcoin futures widened to 6.8% from 4.1%.",
       {{.kind = "amount",
         .asset = "BTC",
         .value = 6.8,
         .value_from = 4.1,
         .direction = "up",
         .name = "basis"}}},
      {"Bitcoin's 30-day realized volatility has fallen to 48% from 71%.",
       {{.kind = "amount",
         .asset = "BTC",
         .value = 48,
         .value_from = 71,
         .direction = "down",
         .name = "realized volatility"}}},
      {"Bitcoin is about 43% below its October record.",
       {{.kind = "amount",
         .asset = "BTC",
         .value = 43,
         .approx = true,
         .name = "distance from peak"}}},
      {"Bitcoin's market value of roughly $1.44 trillion compares with about $34 trillion for "
       "gold.",
       {{.kind = "market_cap", .asset = "BTC", .value = 1.44e12, .approx = true}}},
      {"Bitcoin traded at $85,000 as the Federal Reserve held its rate in the current "
       "3.50%-3.75% range.",
       {{.kind = "price", .asset = "BTC", .value = 85000}}},
  });
}

// What funds hold and what exchanges see leave are amounts, not fund flows;
// a "down from a peak of" figure is where the flow total came from (gold:
// facts-a02, facts-a04, facts-b02, facts-b14).
TEST(ExtractFacts, Spec_HoldingsAndExchangeFlowsAreNotFundFlows) {
  CheckRows({
      {"Spot bitcoin ETFs hold about 1.27 million BTC.",
       {{.kind = "amount", .asset = "BTC", .value = 1.27e6, .approx = true, .name = "holdings"}}},
      {"Total net assets held by the bitcoin ETFs stand at $128.4 billion.",
       {{.kind = "amount", .asset = "BTC", .value = 128.4e9, .name = "holdings"}}},
      {"CryptoQuant data shows exchanges recorded a net outflow of 18,750 BTC over the past "
       "week.",
       {{.kind = "amount",
         .asset = "BTC",
         .value = 18750,
         .direction = "down",
         .period = "week",
         .name = "exchange netflow"}}},
      {"Since launch, the bitcoin ETFs have taken in a cumulative $54.9bn in net inflows, down "
       "from a peak of about $62.1bn in October.",
       {{.kind = "etf_flow",
         .asset = "BTC",
         .value = 54.9e9,
         .value_from = 62.1e9,
         .direction = "up"}}},
  });
}

// Fund lists and tables: a list item's one figure belongs to the fund it
// starts with; a table caption's unit ("US$ mn") makes bare cells money,
// parentheses negative (gold: facts-a02, facts-b02).
TEST(ExtractFacts, Spec_FundListsAndTablesWithUnits) {
  CheckRows({
      {"IBIT (BlackRock): +$648.2M",
       {{.kind = "etf_flow", .asset = "BTC", .value = 648.2e6, .direction = "up", .name = "IBIT"}}},
      {"ARK 21Shares Bitcoin ETF, ARKB: -$31.2M",
       {{.kind = "etf_flow",
         .asset = "BTC",
         .value = 31.2e6,
         .direction = "down",
         .name = "ARKB"}}},
  });
  // A table row: its paragraph's context is the caption and header row.
  const std::string row = "iShares Bitcoin Trust | IBIT | (373.4)";
  Paragraph paragraph;
  paragraph.begin = 0;
  paragraph.end = row.size();
  paragraph.context = "U.S. spot bitcoin ETF flows (net, US$ mn) | Fund | Ticker | Net flow";
  const std::vector<Fact> facts =
      ExtractFacts("", row, {paragraph}, AssetLexicon::Default(), FactOptions{});
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].kind, FactKind::kEtfFlow);
  EXPECT_EQ(facts[0].name, "IBIT");
  EXPECT_DOUBLE_EQ(facts[0].value, 373.4e6);
  EXPECT_EQ(facts[0].direction, Direction::kDown);
  // Without a unit in the context, a bare number stays out.
  paragraph.context = "Fund | Ticker | Net flow";
  EXPECT_TRUE(ExtractFacts("", row, {paragraph}, AssetLexicon::Default(), FactOptions{}).empty());
}

// German and French copy: currency after the number ("2.000 $"), scale
// abbreviations ("412 Mio. $", "2,37 Billionen $" = 2.37 trillion,
// "318,5 millions de dollars"), and their move, flow and liquidation words
// (gold: stress-german, stress-french).
TEST(ExtractFacts, Spec_GermanAndFrenchCopy) {
  FactOptions german;
  german.language = "de";
  CheckRows(
      {
          {"Bitcoin schloss den Handelstag bei 68.114 $.",
           {{.kind = "price", .asset = "BTC", .value = 68114}}},
          {"Laut CoinGlass wurden Positionen im Wert von 412 Mio. $ liquidiert, davon 318 Mio. $ "
           "Long-Positionen.",
           {{.kind = "liquidation", .asset = "MARKET", .value = 412e6, .side = "total"},
            {.kind = "liquidation", .asset = "MARKET", .value = 318e6, .side = "long"}}},
          {"Die Bitcoin-ETFs verzeichneten Nettoabflüsse von 227,4 Mio. $.",
           {{.kind = "etf_flow", .asset = "BTC", .value = 227.4e6, .direction = "down"}}},
          {"Die Marktkapitalisierung aller Kryptowährungen sank auf 2,37 Billionen $.",
           {{.kind = "market_cap", .asset = "MARKET", .value = 2.37e12, .direction = "down"}}},
          {"Solana verlor am Freitag 4,6 %.",
           {{.kind = "percent_change", .asset = "SOL", .value = 4.6, .direction = "down"}}},
      },
      german);
  FactOptions french;
  french.language = "fr";
  CheckRows(
      {
          {"Le bitcoin a gagné 2,3 % vendredi.",
           {{.kind = "percent_change", .asset = "BTC", .value = 2.3, .direction = "up"}}},
          {"Au total, 187 millions de dollars de positions vendeuses ont été liquidées.",
           {{.kind = "liquidation", .asset = "MARKET", .value = 187e6, .side = "short"}}},
      },
      french);
  // In English copy a sign after a number starts the next figure.
  CheckRows({{"In 2024 $5bn flowed into bitcoin ETFs.",
              {{.kind = "etf_flow", .asset = "BTC", .value = 5e9, .direction = "up"}}}});
}

// Stablecoins are a sector: their supply in dollars is a market cap with no
// single asset; DeFi's locked value is an amount (gold: facts-a12, facts-b13).
TEST(ExtractFacts, Spec_StablecoinSupplyAndLockedValue) {
  CheckRows({
      {"The total supply of dollar-pegged stablecoins rose to a record $318.4 billion this "
       "week, up $4.1 billion month-to-date.",
       {{.kind = "market_cap",
         .value = 318.4e9,
         .direction = "up",
         .period = "week",
         .name = "dollar-pegged stablecoins"},
        {.kind = "market_cap",
         .value = 4.1e9,
         .direction = "up",
         .period = "month-to-date",
         .name = "dollar-pegged stablecoins"}}},
      {"DeFi TVL sank to $96 billion.",
       {{.kind = "amount", .value = 96e9, .direction = "down", .name = "TVL"}}},
      // A supply of coins, or a supply zone, is no capitalisation.
      {"Bitcoin faces a supply zone near $70,000.",
       {{.kind = "price", .asset = "BTC", .value = 70000, .approx = true}}},
  });
}

// Amounts in words: "1 billion 712 million dollars"; a decimal figure is not
// read from its fractional part (gold: facts-b10, facts-a09).
TEST(ExtractFacts, Spec_AmountsInWords) {
  CheckRows({
      {"In the last 24 hours 1 billion 712 million dollars of positions were liquidated.",
       {{.kind = "liquidation",
         .asset = "MARKET",
         .value = 1.712e9,
         .side = "total",
         .period = "24h"}}},
      {"Of this, 1.52 billion dollars of long positions were liquidated.",
       {{.kind = "liquidation", .asset = "MARKET", .value = 1.52e9, .side = "long"}}},
  });
}

// A list of labelled sums goes on with the metric of the sums just before
// it; "X led with $Y" is X's (gold: facts-b01).
TEST(ExtractFacts, Spec_LabelledListsAndWithClauses) {
  CheckRows({
      {"By asset, bitcoin futures led with $412.5M in liquidations, followed by Ether's "
       "$298.1M.\n\nLosses were spread across venues:\n\nBinance: $398.6 million\n\n"
       "Hyperliquid: $139.4 million",
       {{.kind = "liquidation", .asset = "BTC", .value = 412.5e6, .side = "total"},
        {.kind = "liquidation", .asset = "ETH", .value = 298.1e6, .side = "total"},
        {.kind = "liquidation",
         .asset = "MARKET",
         .value = 398.6e6,
         .side = "total",
         .name = "Binance"},
        {.kind = "liquidation",
         .asset = "MARKET",
         .value = 139.4e6,
         .side = "total",
         .name = "Hyperliquid"}}},
  });
}

// Who a sum belongs to: "its" and "the token" refer back to the asset just
// named; a clause that starts with its verb, or follows a colon, has the
// sentence's subject; a basket may head the sentence before a colon; a
// comparison's object ("beats gold") does not own the figure (gold:
// facts-a12, stress-related-trending, stress-consent-dialogs, facts-b03,
// facts-a13).
TEST(ExtractFacts, Spec_SubjectsOfSums) {
  CheckRows({
      {"Tether's USDT accounts for most of that: its market capitalization stands at $187.2 "
       "billion.",
       {{.kind = "market_cap", .asset = "USDT", .value = 187.2e9}}},
      {"XRP climbed, and about $21.3 million of short positions in the token were liquidated.",
       {{.kind = "liquidation", .asset = "XRP", .value = 21.3e6, .side = "short", .approx = true}}},
      {"Tether's USDT, the largest of them, hit a record market capitalization of $192.4 "
       "billion on Saturday.",
       {{.kind = "market_cap", .asset = "USDT", .value = 192.4e9, .period = "1d"}}},
      {"Ethena's USDe has shrunk the most: supply fell from $6.1 billion to $4.3 billion.",
       {{.kind = "market_cap",
         .asset = "USDE",
         .value = 4.3e9,
         .value_from = 6.1e9,
         .direction = "down"}}},
      {"Multi-asset products: inflows of US$9.4m",
       {{.kind = "etf_flow", .value = 9.4e6, .direction = "up", .name = "multi-asset products"}}},
      {"Short-bitcoin products: inflows of US$6.8m",
       {{.kind = "etf_flow",
         .asset = "BTC",
         .value = 6.8e6,
         .direction = "up",
         .name = "short-bitcoin products"}}},
      {"Bitcoin Beats Gold and Stocks This Week With 9% Rally",
       {{.kind = "percent_change", .asset = "BTC", .value = 9, .direction = "up"}}},
      {"Crypto Market Cap Back Above $2.4 Trillion As Bitcoin Recovers",
       {{.kind = "market_cap", .asset = "MARKET", .value = 2.4e12, .bound = "lower"}}},
      // Flows named in an earlier clause, and the place a "where" clause is
      // about (gold: facts-b03).
      {"The outflows were concentrated in the United States, where investors pulled US$287m.",
       {{.kind = "etf_flow",
         .asset = "MARKET",
         .value = 287e6,
         .direction = "down",
         .name = "United States"}}},
      {"Redemptions hit the funds hard, and investors pulled $120 million on Friday.",
       {{.kind = "etf_flow", .value = 120e6, .direction = "down", .period = "1d"}}},
      // A figure between the flows and the sum: the sum is not a flow.
      {"Inflows reached $40 million after bitcoin touched $70,000, while the exchange holds $3 "
       "billion.",
       {{.kind = "etf_flow", .asset = "BTC", .value = 40e6, .direction = "up"},
        {.kind = "price", .asset = "BTC", .value = 70000}}},
  });
}

// Levels that are not prices or positions: an on-chain cost basis, option
// strikes, value wiped off a market, and a level the figure before came from
// ("it was $2.21 trillion on Tuesday"); a funding rate named earlier in the
// sentence is what a rate-sized figure reads (gold: facts-a04,
// facts-b06, stress-pagination, facts-a08, stress-coin-chips).
TEST(ExtractFacts, Spec_LevelsThatAreNotPrices) {
  CheckRows({
      {"Bitcoin's realized price, the average price at which every coin last moved, sits "
       "near $56,200.",
       {{.kind = "amount",
         .asset = "BTC",
         .value = 56200,
         .approx = true,
         .name = "realized price"}}},
      {"Bitcoin open interest is clustered at the $75,000 strike for calls and at $60,000 for "
       "puts.",
       {}},
      {"The total value of all cryptocurrencies dropped from $2.78 trillion to $2.33 trillion, "
       "wiping out roughly $450 billion.",
       {{.kind = "market_cap",
         .asset = "MARKET",
         .value = 2.33e12,
         .value_from = 2.78e12,
         .direction = "down"},
        {.kind = "market_cap",
         .asset = "MARKET",
         .value = 450e9,
         .approx = true,
         .name = "change"}}},
      {"Whole crypto market capitalisation is now at $2.34 trillion, it was $2.21 trillion on "
       "Tuesday.",
       {{.kind = "market_cap",
         .asset = "MARKET",
         .value = 2.34e12,
         .value_from = 2.21e12,
         .direction = "up"}}},
      {"Funding rates on XRP perpetual swaps cooled as well, dropping to 0.003% on Wednesday.",
       {{.kind = "funding_rate",
         .asset = "XRP",
         .value = 0.003,
         .direction = "down",
         .period = "1d"}}},
      {"Bitcoin funding rates turned positive across major venues. The 8-hour rate stood at "
       "0.0086% on Binance and 0.0104% on Bybit.",
       {{.kind = "funding_rate", .asset = "BTC", .value = 0.0086},
        {.kind = "funding_rate", .asset = "BTC", .value = 0.0104}}},
      {"That low wiped out the gains that followed bitcoin's brief push toward $98,000.",
       {{.kind = "price", .asset = "BTC", .value = 98000, .direction = "up", .approx = true}}},
  });
}

// FactOptions::max_facts caps the facts kept.
TEST(ExtractFacts, MaxFactsCapsTheResult) {
  std::string text;
  for (int i = 1; i <= 20; ++i) text += "Bitcoin rose " + std::to_string(i) + "% today. ";
  FactOptions options;
  EXPECT_EQ(FactsOf(text, options).size(), 20u);
  options.max_facts = 5;
  EXPECT_EQ(FactsOf(text, options).size(), 5u);
}

// Pathological text finishes in bounded time with bounded output: one huge
// paragraph of digits, a flood of currency signs, deeply nested brackets and
// parentheses, and figures separated by nothing but spaces. Each must take
// well under 10 s and keep at most max_facts facts; the times are printed
// for the report.
TEST(ExtractFacts, PathologicalTextFinishesInBoundedTime) {
  struct Case {
    std::string name;
    std::string text;
  };
  const Case cases[] = {
      {"10 MB paragraph of digits", std::string(10u << 20, '7')},
      {"10 MB of digits with commas", testing::Repeat("1,234,", (10u << 20) / 6)},
      {"100,000 dollar signs", std::string(100000, '$')},
      {"100,000 '$ ' pairs", testing::Repeat("$ ", 100000)},
      {"100,000 dollar figures", testing::Repeat("$1 ", 100000)},
      {"100,000 nested brackets",
       testing::Repeat("[", 100000) + "SOL $84" + testing::Repeat("]", 100000)},
      {"100,000 nested parentheses",
       testing::Repeat("(", 100000) + "BTC 5%" + testing::Repeat(")", 100000)},
      {"100,000 percent signs", testing::Repeat("%", 100000)},
      {"Bitcoin rose 2% x 100,000", testing::Repeat("Bitcoin rose 2% ", 100000)},
  };
  FactOptions options;
  options.max_facts = 2000;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    // CPU time: a busy machine must not fail the bar, a sanitizer scales it.
    const double start = testing::ThreadCpuSeconds();
    const std::vector<Fact> facts = FactsOf(c.text, options);
    const double seconds = testing::ThreadCpuSeconds() - start;
    std::cout << "[ timing ] " << c.name << " (" << c.text.size() << " bytes): " << seconds
              << " s CPU, " << facts.size() << " facts" << std::endl;
    EXPECT_LT(seconds, 10.0 * testing::kCpuSlowdown);
    EXPECT_LE(facts.size(), static_cast<size_t>(options.max_facts));
    for (const Fact& fact : facts) {
      EXPECT_LE(fact.end, c.text.size());
      EXPECT_LE(fact.start, fact.end);
    }
  }
}

}  // namespace
}  // namespace factsift::extract::internal
