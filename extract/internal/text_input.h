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
//  - a price glued to an asset name inside a sentence ("when Bitcoin $107,395
//    was trading") is a chip: the price leaves the sentence;
//  - the headline is the last short line without closing punctuation before
//    the first body paragraph.
PlainText ReadPlainText(std::string_view text, const AssetLexicon& assets);

}  // namespace factsift::extract::internal

#endif  // FACTSIFT_EXTRACT_INTERNAL_TEXT_INPUT_H_
