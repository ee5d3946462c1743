// Numeric fact extraction over the article's paragraphs.
//
// Each figure the grammar finds (fact_patterns.h) is read in its clause: the
// words before it up to the last clause break and after it up to the next
// one. Those give its kind (the nearest metric word: "liquidations", "open
// interest", "market cap", ...; money without one is a price when an asset
// supports it), its side, direction, hedge, bound and period. The asset is
// the nearest asset named in the clause, else a market-wide phrase, else the
// last asset named in the sentence or the paragraphs before it, else the
// headline's asset.
#ifndef FACTSIFT_EXTRACT_INTERNAL_FACTS_H_
#define FACTSIFT_EXTRACT_INTERNAL_FACTS_H_

#include <string_view>
#include <vector>

#include "common/article.h"
#include "extract/lexicon.h"

namespace factsift::extract::internal {

// A paragraph (or heading, list item, ...) of the article text.
struct Paragraph {
  size_t begin = 0, end = 0;  // Byte range in the article text.
  Section section = Section::kBody;
  bool heading = false;      // A heading or question: its asset carries into what follows.
  std::string_view context;  // Words that qualify it, e.g. a table row's caption and header.
};

struct FactOptions {
  int max_facts = 2000;
  std::string_view language = "en";  // Decides whether "1.978,27" is 1978.27.
};

// Facts of the headline (offsets into `title`) and of each paragraph
// (offsets into `text`), in text order.
std::vector<Fact> ExtractFacts(std::string_view title, std::string_view text,
                               const std::vector<Paragraph>& paragraphs, const AssetLexicon& assets,
                               const FactOptions& options);

}  // namespace factsift::extract::internal

#endif  // FACTSIFT_EXTRACT_INTERNAL_FACTS_H_
