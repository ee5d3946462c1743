// Finds the market data a page displays around its article — ticker tapes,
// price widgets, inline price chips — so that it leaves the article text and
// enters the market snapshot instead.
//
// A ticker tape is a run of at least three sibling items that each read as a
// quote: an asset (known name or ticker, or a ticker in brackets), one price
// and at most one change, and little else: "Bitcoin Bitcoin (BTC) $67,835.00
// 1.61%", "BTC $64,210 ▲2.1%", or a table row "Bitcoin | BTC | $64,210 | -1.2%".
// The sign comes from ▲/▼, +/−, or up/down words in the classes around the
// change. A price widget is one small element with a price and labelled
// figures ("24h Volume", "Market Cap", "24h Low / High", "24h ▼1.61%").
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
  int ticker_items = 0;             // Distinct assets in tapes.
};

MarketWidgets FindMarketWidgets(const Document& doc, const AssetLexicon& assets);

// Parses one quote ("Solana (SOL) $84.18 -1.42%"); nullopt when the text is
// not a quote. `class_direction` is the sign the page's classes give (+1, -1,
// or 0 for none); a sign in the text wins. With `require_price` false a
// change alone makes a quote ("Bitcoin BTC -1.08%", an inline chip), and the
// item has no price.
std::optional<SnapshotItem> ParseQuote(std::string_view text, const AssetLexicon& assets,
                                       int class_direction = 0, bool require_price = true);

// Parses "$67,835.00", "$33.20B", "1.36T" into a number; nullopt otherwise.
std::optional<double> ParseScaledAmount(std::string_view digits, std::string_view scale);

}  // namespace factsift::extract::internal

#endif  // FACTSIFT_EXTRACT_INTERNAL_MARKET_WIDGETS_H_
