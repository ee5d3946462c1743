// Market widgets: quotes, ticker tapes, price widgets and inline chips.
#include "extract/internal/market_widgets.h"

#include <cmath>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "extract/internal/dom.h"
#include "extract/internal/html_prepare.h"

namespace factsift::extract::internal {
namespace {

std::string Describe(const SnapshotItem& item) {
  std::string out = item.asset + " " + item.origin;
  if (item.price) out += " $" + std::to_string(*item.price);
  if (item.change_percent) out += " " + std::to_string(*item.change_percent) + "%";
  return out;
}

void ExpectNear(std::optional<double> got, std::optional<double> expected, const char* what) {
  SCOPED_TRACE(what);
  ASSERT_EQ(got.has_value(), expected.has_value());
  if (expected) {
    EXPECT_NEAR(*got, *expected, std::abs(*expected) * 1e-9 + 1e-12);
  }
}

// market_widgets.h: a quote is an asset (known name or ticker, or a ticker in
// brackets), one price and at most one change, and little else. The sign
// comes from ▲/▼, +/− or the page's classes; a sign in the text wins. The
// first rows are the seed page's ticker (corpus/deythere) and the table
// ticker of corpus/table-ticker-site.
TEST(ParseQuote, QuotesAndNonQuotes) {
  struct Row {
    std::string text;
    int class_direction;
    std::optional<std::string> asset;  // nullopt: not a quote.
    std::optional<double> price;
    std::optional<double> change;
  };
  const Row rows[] = {
      {"Bitcoin Bitcoin (BTC) $67,835.00 1.61%", 0, "BTC", 67835.0, 1.61},
      {"Tether Tether (USDT) $1.0000 0.00%", 0, "USDT", 1.0, 0.0},
      {"Figure Heloc Figure Heloc (FIGR_HELOC) $1.02 1.05%", 0, "FIGR_HELOC", 1.02, 1.05},
      {"Rain Rain (RAIN) $0.008986 1.63%", 0, "RAIN", 0.008986, 1.63},
      {"Canton Canton (CC) $0.1525 0.72%", 0, "CC", 0.1525, 0.72},
      {"BTC $64,210 \u25B22.1%", 0, "BTC", 64210.0, 2.1},
      {"XRP $1.36 \u25BC0.5%", 0, "XRP", 1.36, -0.5},
      {"ETH $1,978 -2.1%", 0, "ETH", 1978.0, -2.1},
      {"ETH $1,978 \u22122.1%", 0, "ETH", 1978.0, -2.1},
      {"SOL $84.18 +1.4%", 0, "SOL", 84.18, 1.4},
      {"Solana (SOL) $84.18 -1.42%", 0, "SOL", 84.18, -1.42},
      {"Bitcoin | BTC | $64,210 | -1.2%", 0, "BTC", 64210.0, -1.2},
      {"$HYPE $30.94 2.73%", 0, "HYPE", 30.94, 2.73},
      {"BTC $64,210", 0, "BTC", 64210.0, std::nullopt},
      {"BTC $64,210 2.1%", -1, "BTC", 64210.0, -2.1},
      {"BTC $64,210 2.1%", 1, "BTC", 64210.0, 2.1},
      {"BTC $64,210 +2.1%", -1, "BTC", 64210.0, 2.1},
      // Prices and changes as other locales print them (corpus facts-b10,
      // facts-a09): the currency after the number, a decimal comma, the
      // percent sign first; a dollar pair needs no dollar sign.
      {"BTC/USDT 84.262,50 $ %-5,31", 0, "BTC", 84262.5, -5.31},
      {"XRP/USDT 1,7390 $ %-3,99", 0, "XRP", 1.739, -3.99},
      {"BTC/USDT 68,432.16 %3.73", 0, "BTC", 68432.16, 3.73},
      {"BTC-PERP 67,544.0 -0.62%", 0, "BTC", 67544.0, -0.62},
      {"ETH $1,931.40 USD \u25BC3.18%", 0, "ETH", 1931.40, -3.18},
      // Not quotes: sentences, several prices or changes, no asset, other
      // markets, and scaled amounts ("$1.36T" is a flow or a cap, not a price).
      {"Bitcoin traded at $67,835 on Friday after rising 1.6% during the session in Asia.", 0,
       std::nullopt, std::nullopt, std::nullopt},
      {"Bitcoin fell to $64,000 on Tuesday.", 0, std::nullopt, std::nullopt, std::nullopt},
      {"BTC fell 2% to $64,000 after the Fed decision.", 0, std::nullopt, std::nullopt,
       std::nullopt},
      {"Bitcoin fell to $64,000 while Ether held $1,900", 0, std::nullopt, std::nullopt,
       std::nullopt},
      {"$67,835.00 1.61%", 0, std::nullopt, std::nullopt, std::nullopt},
      {"BTC 1.61%", 0, std::nullopt, std::nullopt, std::nullopt},
      {"BTC $64,210 1.2% 3.4%", 0, std::nullopt, std::nullopt, std::nullopt},
      {"Gold $2,900 1.2%", 0, std::nullopt, std::nullopt, std::nullopt},
      {"BTC $1.36T", 0, std::nullopt, std::nullopt, std::nullopt},
      {"IBIT +$198.7M", 0, std::nullopt, std::nullopt, std::nullopt},
      {"BTC/TRY 2,991,050 %3.70", 0, std::nullopt, std::nullopt, std::nullopt},
      {"BTC 2024 68,432 +1.2%", 0, std::nullopt, std::nullopt, std::nullopt},
      {"", 0, std::nullopt, std::nullopt, std::nullopt},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.text + " / class " + std::to_string(row.class_direction));
    const std::optional<SnapshotItem> quote =
        ParseQuote(row.text, AssetLexicon::Default(), row.class_direction);
    if (!row.asset) {
      EXPECT_FALSE(quote.has_value()) << "parsed as " << Describe(*quote);
      continue;
    }
    if (!quote) {
      ADD_FAILURE() << "not parsed as a quote";
      continue;
    }
    EXPECT_EQ(quote->asset, *row.asset);
    ExpectNear(quote->price, row.price, "price");
    ExpectNear(quote->change_percent, row.change, "change_percent");
    EXPECT_EQ(quote->period, "24h");
  }
}

// market_widgets.h: "$67,835.00", "$33.20B", "1.36T" into a number; the
// digits may carry thousands separators, the scale is K, M, B or T.
TEST(ParseScaledAmount, DigitsAndScale) {
  struct Row {
    std::string digits, scale;
    std::optional<double> value;
  };
  const Row rows[] = {
      {"84.262,50", "", 84262.5},
      {"117,06", "", 117.06},
      {"1,7390", "", 1.739},
      {"1,739", "", 1739.0},
      {"2.708.400", "", 2708400.0},
      {"1,23,4", "", std::nullopt},
      {"33.20", "B", 33.2e9},
      {"67,835.00", "", 67835.0},
      {"1.36", "T", 1.36e12},
      {"5", "K", 5000.0},
      {"12", "M", 12e6},
      {"0.008986", "", 0.008986},
      {"1,234,567", "", 1234567.0},
      {"abc", "", std::nullopt},
      {"", "", std::nullopt},
      {"1.2.3", "", std::nullopt},
      {"12$", "", std::nullopt},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.digits + " " + row.scale);
    ExpectNear(ParseScaledAmount(row.digits, row.scale), row.value, "value");
  }
}

MarketWidgets Find(const std::string& html, std::unique_ptr<Document>& doc) {
  doc = std::make_unique<Document>(PrepareHtml(html).html);
  return FindMarketWidgets(*doc, AssetLexicon::Default());
}

const std::string kArticle =
    "<article><p>Bitcoin short liquidations sparked a significant rebound in the cryptocurrency "
    "market, reshaping the price action of both BTC and various altcoins. During the rebound "
    "phase, Bitcoin had previously climbed to levels near $73,000.</p></article>";

// market_widgets.h: three or more sibling quotes make a tape; its items
// (deduplicated by asset: marquee tapes repeat their list) go to the
// snapshot as "ticker", and the tape leaves the article. Two quotes are not
// a tape.
TEST(FindMarketWidgets, TickerTapes) {
  struct Row {
    std::string name;
    std::string html;
    int ticker_items;
    std::vector<std::string> items;  // Describe() of each ticker item, in order.
  };
  const Row rows[] = {
      {"marquee tape, duplicated",
       "<body><div class=\"ticker\"><ul>"
       "<li>Bitcoin (BTC) $67,835.00 1.61%</li><li>Ethereum (ETH) $1,978.27 2.11%</li>"
       "<li>Solana (SOL) $84.18 1.42%</li><li>Bitcoin (BTC) $67,835.00 1.61%</li>"
       "<li>Ethereum (ETH) $1,978.27 2.11%</li><li>Solana (SOL) $84.18 1.42%</li>"
       "</ul></div>" +
           kArticle + "</body>",
       3,
       {"BTC ticker $67835.000000 1.610000%", "ETH ticker $1978.270000 2.110000%",
        "SOL ticker $84.180000 1.420000%"}},
      {"table tape with classes",
       "<body><table class=\"prices\"><tr "
       "class=\"down\"><td>Bitcoin</td><td>BTC</td><td>$64,187.42</td><td>4.35%</td></tr>"
       "<tr class=\"down\"><td>Ethereum</td><td>ETH</td><td>$1,852.16</td><td>5.02%</td></tr>"
       "<tr class=\"up\"><td>Tron</td><td>TRX</td><td>$0.2864</td><td>0.74%</td></tr></table>" +
           kArticle + "</body>",
       3,
       {"BTC ticker $64187.420000 -4.350000%", "ETH ticker $1852.160000 -5.020000%",
        "TRX ticker $0.286400 0.740000%"}},
      {"two quotes are no tape",
       "<body><div><span>BTC $64,210 -1.2%</span><span>ETH $1,978 -2.1%</span></div>" + kArticle +
           "</body>",
       0,
       {}},
      {"no quotes", "<body>" + kArticle + "</body>", 0, {}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    std::unique_ptr<Document> doc;
    const MarketWidgets widgets = Find(row.html, doc);
    EXPECT_EQ(widgets.ticker_items, row.ticker_items);
    std::vector<std::string> items;
    for (const SnapshotItem& item : widgets.items) {
      if (item.origin == "ticker") items.push_back(Describe(item));
    }
    EXPECT_EQ(items, row.items);
    if (widgets.excluded.size() != static_cast<size_t>(doc->size())) {
      ADD_FAILURE() << "excluded has " << widgets.excluded.size() << " entries for " << doc->size()
                    << " nodes";
      continue;
    }
    // The article paragraph is never excluded.
    const int p = doc->Find(GUMBO_TAG_P);
    EXPECT_GE(p, 0);
    if (p >= 0) {
      EXPECT_EQ(widgets.excluded[p], 0);
    }
    for (int i = 0; i < doc->size(); ++i) {
      const Node& node = doc->node(i);
      if (row.ticker_items > 0 && !node.is_text &&
          (node.tag == GUMBO_TAG_LI || node.tag == GUMBO_TAG_TR)) {
        EXPECT_EQ(widgets.excluded[i], 1) << "tape item " << i << " kept in the article";
      }
    }
  }
}

// market_widgets.h: a price widget is one small element with a price and
// labelled figures; the seed page's sidebar widget (corpus/deythere) shows
// BTC with "24h ▼1.61%" under a down class, volume, market cap and the 24h
// range.
TEST(FindMarketWidgets, PriceWidget) {
  const std::string html =
      "<body>" + kArticle +
      "<aside><div class=\"price-widget\"><span>Bitcoin</span> <span>BTC</span>"
      "<div class=\"price\">$67,835.00</div><span class=\"change down\">24h \u25BC1.61%</span>"
      "<div>24h Volume $33.20B</div><div>Market Cap $1.36T</div>"
      "<div>24h Low / High $67,495 / $69,001</div></div></aside></body>";
  std::unique_ptr<Document> doc;
  const MarketWidgets widgets = Find(html, doc);
  EXPECT_EQ(widgets.ticker_items, 0);
  ASSERT_EQ(widgets.items.size(), 1u);
  const SnapshotItem& item = widgets.items[0];
  EXPECT_EQ(item.asset, "BTC");
  EXPECT_EQ(item.origin, "widget");
  EXPECT_EQ(item.period, "24h");
  ExpectNear(item.price, 67835.0, "price");
  ExpectNear(item.change_percent, -1.61, "change");
  ExpectNear(item.volume, 33.2e9, "volume");
  ExpectNear(item.market_cap, 1.36e12, "market_cap");
  ExpectNear(item.low, 67495.0, "low");
  ExpectNear(item.high, 69001.0, "high");
  EXPECT_EQ(widgets.excluded[doc->Find(GUMBO_TAG_P)], 0);
}

// market_widgets.h: an inline quote dropped into a sentence is a chip
// (corpus/table-ticker-site: "BTC $64,210 -4.3%" inside the lede); it goes
// to the snapshot and leaves the sentence.
TEST(FindMarketWidgets, InlineChip) {
  const std::string html =
      "<body><article><p>Bitcoin was trading lower on Tuesday <span class=\"chip\">BTC $64,210 "
      "-4.3%</span> as liquidations mounted across the largest derivatives exchanges.</p>"
      "</article></body>";
  std::unique_ptr<Document> doc;
  const MarketWidgets widgets = Find(html, doc);
  ASSERT_EQ(widgets.items.size(), 1u);
  EXPECT_EQ(Describe(widgets.items[0]), "BTC chip $64210.000000 -4.300000%");
  const int span = doc->Find(GUMBO_TAG_SPAN);
  EXPECT_EQ(widgets.excluded[span], 1);
  EXPECT_EQ(widgets.excluded[doc->Find(GUMBO_TAG_P)], 0);
  EXPECT_EQ(widgets.ticker_items, 0);
}

// market_widgets.h: a chip without a price ("Bitcoin BTC -2.39%") needs
// chip markup (a link, an icon or a chip/coin/price class) and leaves the
// sentence whole; emphasis without markup stays the article's claim.
// Corpus stress-coin-chips.
TEST(FindMarketWidgets, PricelessChipNeedsChipMarkup) {
  const std::string html =
      "<body><article><p>The rest of the market fared little better. Bitcoin <a "
      "class=\"coin-chip\" href=\"/prices/bitcoin\"><img src=btc.svg alt=\"\"><span>Bitcoin</span> "
      "<span>BTC</span> <span class=\"CoinChip_negative\">-2.39%</span></a> slipped 2.4% to "
      "around $65,900 on the day.</p><p>Among the movers, <strong>SOL +12%</strong> led the "
      "large caps higher for a second session in a row.</p></article></body>";
  std::unique_ptr<Document> doc;
  const MarketWidgets widgets = Find(html, doc);
  ASSERT_EQ(widgets.items.size(), 1u);
  EXPECT_EQ(widgets.items[0].asset, "BTC");
  EXPECT_EQ(widgets.items[0].origin, "chip");
  EXPECT_FALSE(widgets.items[0].price.has_value());
  ExpectNear(widgets.items[0].change_percent, -2.39, "change");
  for (int i = 0; i < doc->size(); ++i) {
    const Node& node = doc->node(i);
    if (node.is_text) continue;
    if (node.tag == GUMBO_TAG_A) {
      EXPECT_EQ(widgets.excluded[i], 1);
    }
    if (node.tag == GUMBO_TAG_STRONG || node.tag == GUMBO_TAG_P) {
      EXPECT_EQ(widgets.excluded[i], 0);
    }
  }
}

// market_widgets.h: runs outside the article. A strip before the headline is
// a ticker; other markets' quotes count toward it and only crypto items are
// kept (corpus facts-b14); a run in a rail after the headline is a widget
// (facts-a09, with a non-dollar pair among its rows); a <dl> names each quote
// in its <dt> (facts-b12); a lone card in a rail is a widget (facts-b04); a
// strip of changes without prices is a ticker when its items are links
// (facts-a07). Quotes in a sentence inside the article are chips, however
// many (stress-coin-chips).
TEST(FindMarketWidgets, RunsOutsideTheArticle) {
  const std::string article =
      "<main><h1>Bitcoin Trails Gold</h1><p>Bitcoin rose to $69,912 on Friday while gold "
      "traded near its record, and traders expected the range to hold into next week.</p></main>";
  struct Row {
    std::string name;
    std::string html;
    int ticker_items;
    std::vector<std::string> items;  // Describe() of every item, in order.
  };
  const Row rows[] = {
      {"markets strip with one crypto quote",
       "<body><div class=\"MarketsStrip\"><ul><li>Gold $5,043.10 +0.38%</li><li>Brent $79.38 "
       "-0.71%</li><li>GBP/USD 1.2931 +0.12%</li><li>BTC/USD 69,912 +2.14%</li></ul></div>" +
           article + "</body>",
       1,
       {"BTC ticker $69912.000000 2.140000%"}},
      {"rail table with a lira pair",
       "<body>" + article +
           "<div class=\"sag-kolon\"><table><tr><td>BTC/USDT</td><td>68,432.16</td><td>%3.73</td>"
           "</tr><tr><td>ETH/USDT</td><td>1,992.98</td><td>%2.88</td></tr><tr><td>BTC/TRY</td>"
           "<td>2,991,050</td><td>%3.70</td></tr></table></div></body>",
       0,
       {"BTC widget $68432.160000 3.730000%", "ETH widget $1992.980000 2.880000%"}},
      {"definition list in an aside",
       "<body>" + article +
           "<aside><dl>\n<dt>Bitcoin</dt>\n<dd><span>$68,812</span> <span>\u25B24.62%</span></dd>"
           "<dt>Ether</dt><dd><span>$2,031</span> <span>\u25B24.71%</span></dd><dt>Solana</dt>"
           "<dd><span>$86.58</span> <span>\u25B23.55%</span></dd></dl></aside></body>",
       0,
       {"BTC widget $68812.000000 4.620000%", "ETH widget $2031.000000 4.710000%",
        "SOL widget $86.580000 3.550000%"}},
      {"price card in a rail",
       "<body>" + article +
           "<aside class=\"rail\"><div class=\"price-card\"><div>ETH/USD</div><div>1,931.40</div>"
           "<div class=\"chg chg--down\">\u25BC3.18%</div><div>24h \u00B7 delayed 5 min</div>"
           "</div><div class=\"box\"><p>See every level we track, updated hourly.</p></div></aside>"
           "</body>",
       0,
       {"ETH widget $1931.400000 -3.180000%"}},
      {"gainers strip of links without prices",
       "<body><div class=\"gainers-strip\"><span>Hot now:</span> <a href=/pepe>PEPE <b "
       "class=\"pct-up\">+14.1%</b></a> <a href=/bonk>BONK <b>+11.8%</b></a> <a href=/doge>DOGE "
       "<b>+6.0%</b></a> <a href=/sui>SUI <b>+6.3%</b></a></div>" +
           article + "</body>",
       4,
       {"PEPE ticker 14.100000%", "BONK ticker 11.800000%", "DOGE ticker 6.000000%",
        "SUI ticker 6.300000%"}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    std::unique_ptr<Document> doc;
    const MarketWidgets widgets = Find(row.html, doc);
    EXPECT_EQ(widgets.ticker_items, row.ticker_items);
    std::vector<std::string> items;
    for (const SnapshotItem& item : widgets.items) items.push_back(Describe(item));
    EXPECT_EQ(items, row.items);
    EXPECT_EQ(widgets.excluded[doc->Find(GUMBO_TAG_P)], 0) << "the article paragraph";
  }
}

// market_widgets.h: a price widget may print its period after the change
// and its range as high / low; a converter box inside the article names its
// asset in its title (corpus stress-prediction-table).
TEST(FindMarketWidgets, ConverterWidget) {
  const std::string html =
      "<body><article><p>Open interest in SOL futures stands at $4.9 billion, according to "
      "CoinGlass, well below the levels seen in January this year.</p><div class=\"ccw-box\"><div "
      "class=\"ccw-title\">SOL to USD converter</div><div class=\"ccw-row\"><input value=1> "
      "<span>SOL</span> = <span>$84.12</span> <span>USD</span></div><div class=\"ccw-stats\">"
      "<span>24h change:</span> <span class=\"ccw-up\">+3.10%</span> <span>24h high / low:</span> "
      "<span>$84.66 / $81.54</span></div></div><p>The picture on-chain is more encouraging, "
      "analysts said, with value locked holding steady.</p></article></body>";
  std::unique_ptr<Document> doc;
  const MarketWidgets widgets = Find(html, doc);
  ASSERT_EQ(widgets.items.size(), 1u);
  const SnapshotItem& item = widgets.items[0];
  EXPECT_EQ(item.asset, "SOL");
  EXPECT_EQ(item.origin, "widget");
  ExpectNear(item.price, 84.12, "price");
  ExpectNear(item.change_percent, 3.10, "change");
  ExpectNear(item.low, 81.54, "low");
  ExpectNear(item.high, 84.66, "high");
  EXPECT_EQ(widgets.excluded[doc->Find(GUMBO_TAG_P)], 0);
}

}  // namespace
}  // namespace factsift::extract::internal
