// Citations: the data providers and outlets an article credits.
#ifndef FACTSIFT_EXTRACT_INTERNAL_CITATIONS_H_
#define FACTSIFT_EXTRACT_INTERNAL_CITATIONS_H_

#include <string_view>
#include <vector>

#include "common/article.h"
#include "extract/internal/content.h"
#include "extract/lexicon.h"

namespace factsift::extract::internal {

// A source counts as cited when the text credits it ("data from X",
// "according to X", "X data shows", "(Source: X)", and lists joined to those
// by "and" or commas), when a Sources/References list names or links it, or
// when the article links to its domain. Names resolve through the lexicon
// (misspellings by edit distance); the page's spelling stays in `raw`.
// One citation per source, in order of first credit.
std::vector<Citation> ExtractCitations(std::string_view text, const std::vector<Link>& links,
                                       const SourceLexicon& sources);

}  // namespace factsift::extract::internal

#endif  // FACTSIFT_EXTRACT_INTERNAL_CITATIONS_H_
