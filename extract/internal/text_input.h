// Plain text input (editorial tools paste text; stored text renderings of
// pages): lines and paragraphs to blocks, the headline, and the ticker lines
// and price chips a rendering carries along, which go to the snapshot.
#ifndef FACTSIFT_EXTRACT_INTERNAL_TEXT_INPUT_H_
#define FACTSIFT_EXTRACT_INTERNAL_TEXT_INPUT_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"
#include "extract/internal/content.h"
#include "extract/lexicon.h"

namespace factsift::extract::internal {

struct PlainText {
  std::string title;
  std::string published;  // ISO 8601, from a "Published March 7, 2026" line; "" if none.
  std::string updated;    // From a "Last updated: ..." / "Updated ..." line.

  std::vector<TextBlock> blocks;  // One per line; paragraphs keep their order.
  std::vector<SnapshotItem> snapshot;
  int ticker_items = 0;
};

// Reads valid UTF-8 text:
//  - blank lines separate paragraphs; a paragraph written one word per line
//    (some renderings do that) is joined back with spaces;
//  - lines that read as quotes ("BTC $64,210 ▲2.1%", or "BTC" over "$94480",
//    or "Bitcoin BTC" over "-1.085%") leave the text: three or more in a row
//    are a ticker tape, fewer are chips;
//  - a block of short lines that joined reads as a price widget ("Bitcoin",
//    "$67,835.00", "24h Volume", "$33.20B", ..., "24h ▼1.61%": see
//    IsWidgetText) leaves the text for the snapshot, as a widget;
//  - a price glued to an asset name inside a sentence ("when Bitcoin $107,395
//    was trading") is a chip: the price leaves the sentence;
//  - a short line that labels a date ("Published March 7, 2026", "Last
//    updated: March 6, 2026 1:29 pm", "Updated Sep 14, 2021 at 1:52 p.m.
//    UTC") gives the date and leaves the text, as a byline does in HTML;
//  - a short heading-like line naming a FAQ ("Frequently Asked Questions
//    About ...", not a bulleted contents entry) starts the FAQ section, up to
//    the next heading-like line that names another section or furniture;
//  - the headline is, among the short lines without closing punctuation
//    before the first body paragraph: the one that spells out most of the
//    slug of `url` (at least 60% of its words); else the one of four or more
//    words the text repeats most (alone, or inside a short line without
//    closing punctuation such as "Reading: ..."); else the last of four or
//    more words; else the last. A headline found by slug or repeats takes
//    its repeats out of the text.
PlainText ReadPlainText(std::string_view text, const AssetLexicon& assets,
                        std::string_view url = {});

}  // namespace factsift::extract::internal

#endif  // FACTSIFT_EXTRACT_INTERNAL_TEXT_INPUT_H_
