// Finds the market data a page displays around its article — ticker tapes,
// price widgets, inline price chips — so that it leaves the article text and
// enters the market snapshot instead.
//
// A quote is an asset (known name or ticker, or a ticker in brackets), at
// most one unscaled price and at most one change, and little else: "Bitcoin
// Bitcoin (BTC) $67,835.00 1.61%", "BTC $64,210 ▲2.1%", a table row "Bitcoin
// | BTC | $64,210 | -1.2%", "BTC/USDT 84.262,50 $ %-5,31" (a dollar pair
// needs no dollar sign; decimal commas and a leading percent sign are read
// as such pages print them). The sign comes from ▲/▼, +/−, or up/down words
// in the classes around the change; an unsigned change stays positive.
//
// Inside the article only priced quotes count. Three or more sibling quotes
// that make up most of their parent are a run: a ticker tape when it is
// named one (ticker, marquee, role=marquee) or stands before the headline, a
// price widget when it sits in an aside, a sidebar or a widget box or after
// the headline (a run inside the article is a tape). Outside the article a run may also hold quotes
// without a price ("Hot now: PEPE +14.1%") and other markets' quotes ("Gold $5,043.10 +0.38%"),
// which make the strip but are not snapshot items, and any other priced quote is a price card
// ("ETH/USD 1,931.40 ▼3.18% 24h · delayed"). A quote inside a sentence is a chip; a chip may lack a
// price ("Bitcoin BTC -2.39%") when its markup says it is one (a link, an icon, a chip/coin/ price
// class). A price widget is a small element with a period change and labelled figures ("24h
// Volume", "Mkt cap", "24h high / low").
#ifndef FACTSIFT_EXTRACT_INTERNAL_MARKET_WIDGETS_H_
#define FACTSIFT_EXTRACT_INTERNAL_MARKET_WIDGETS_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/article.h"
#include "extract/internal/dom.h"
#include "extract/lexicon.h"

namespace factsift::extract::internal {

struct MarketWidgets {
  std::vector<SnapshotItem> items;  // Ticker items (deduplicated by asset), then widgets and chips.
  std::vector<uint8_t> excluded;    // Per node: 1 when the element is a tape, item, widget or chip.
  int ticker_items = 0;             // Distinct assets in tapes, priced or not.
};

// Finds the tapes, widgets and chips of `doc`. Never fails; a page without
// market data gives no items and nothing excluded.
MarketWidgets FindMarketWidgets(const Document& doc, const AssetLexicon& assets);

// Parses one quote ("Solana (SOL) $84.18 -1.42%"); nullopt when the text is
// not a quote. `class_direction` is the sign the page's classes give (+1, -1,
// or 0 for none); a sign in the text wins. With `require_price` false a
// change alone makes a quote ("Bitcoin BTC -1.08%", an inline chip), and the
// item has no price.
std::optional<SnapshotItem> ParseQuote(std::string_view text, const AssetLexicon& assets,
                                       int class_direction = 0, bool require_price = true);

// Whether `text` (a widget's text, collapsed to one line) reads as a price
// widget: an asset, a period change ("24h ▼1.61%", "+3.38% (24h)") and a
// labelled figure ("24h Volume $33.20B", "Market Cap $1.36T", "24h Low /
// High $67,495.00 / $69,001.00").
bool IsWidgetText(std::string_view text, const AssetLexicon& assets);

// The widget's items, one per period change, the labelled figures on the
// first; empty unless IsWidgetText. `class_direction` signs a change the
// text leaves unsigned.
std::vector<SnapshotItem> ParseWidgetText(std::string_view text, const AssetLexicon& assets,
                                          int class_direction = 0);

// Parses "67,835.00" with scale "", "33.20" with "B", "84.262,50" (decimal
// comma), "1,7390" (a lone comma before other than three digits is a
// decimal comma) into a number; nullopt when the digits are no number
// ("1.2.3": groups after a separator must be three digits).
std::optional<double> ParseScaledAmount(std::string_view digits, std::string_view scale);

}  // namespace factsift::extract::internal

#endif  // FACTSIFT_EXTRACT_INTERNAL_MARKET_WIDGETS_H_
