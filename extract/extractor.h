// factsift's extractor: from a fetched page (or a pasted text) to an Article
// with its main text, metadata, numeric facts, citations and the market
// snapshot shown around it.
//
// Extraction is a pure function of its inputs: no network, no database, no
// clock. Any stored page can be extracted again when the extractor improves.
//
//   RawPage page{.url = "https://…", .body = html};
//   StatusOr<Article> article = ExtractFromHtml(page);
//   if (article.ok()) for (const Fact& fact : article->facts) …
#ifndef FACTSIFT_EXTRACT_EXTRACTOR_H_
#define FACTSIFT_EXTRACT_EXTRACTOR_H_

#include <cstddef>
#include <string_view>

#include "common/article.h"
#include "common/raw_page.h"
#include "common/status.h"

namespace factsift::extract {

struct ExtractOptions {
  size_t max_input_bytes = 64u << 20;  // Larger inputs are refused (ResourceExhausted).
  size_t max_html_bytes = 16u << 20;   // HTML kept for parsing after scripts and styles go.
  int max_depth = 400;  // Element nesting kept for the parser; deeper tags lose structure.
  size_t max_text_bytes = 2u << 20;  // Article text is cut here (on a block boundary).
  int max_facts = 2000;              // Facts kept per article.
  // CPU time one page may take, in ms (of the calling thread, so that a busy
  // machine does not fail pages); checked between the stages (charset and
  // parsing, metadata and widgets, main content, facts), each of which the
  // size limits above bound. Past it: DeadlineExceeded, no partial article.
  int max_extract_ms = 10000;
  std::string_view published;  // ISO date to assume when the page states none ("" for none).
};

// The version recorded with each stored article; bump it when output changes
// so that `factsift reextract` knows what is stale.
std::string_view ExtractorVersion();

// Extracts an article from HTML bytes in any charset. Errors: InvalidArgument
// for empty input, FailedPrecondition for input that is not text (binary,
// PDF, images), ResourceExhausted above max_input_bytes, DeadlineExceeded
// past max_extract_ms. A page with no
// article gives an Article with empty text, not an error.
StatusOr<Article> ExtractFromHtml(const RawPage& page, const ExtractOptions& options = {});

// Extracts facts from plain article text (editorial tools paste text): the
// first line is taken as the headline when it reads like one, paragraphs are
// separated by blank lines, and ticker-tape lines go to the market snapshot.
StatusOr<Article> ExtractFromText(std::string_view text, std::string_view url,
                                  const ExtractOptions& options = {});

}  // namespace factsift::extract

#endif  // FACTSIFT_EXTRACT_EXTRACTOR_H_
