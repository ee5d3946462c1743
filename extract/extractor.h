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
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/article.h"
#include "common/raw_page.h"
#include "common/status.h"
#include "extract/site_template.h"

namespace factsift::extract {

struct ExtractOptions {
  size_t max_input_bytes = 64u << 20;  // Larger inputs are refused (ResourceExhausted).
  size_t max_html_bytes = 16u << 20;   // HTML kept for parsing after scripts and styles go.
  int max_depth = 400;  // Element nesting kept for the parser; deeper tags lose structure.
  size_t max_text_bytes = 2u << 20;  // Article text is cut here (on a block boundary).
  int max_facts = 2000;              // Facts kept per article.
  bool facts = true;  // false: text, metadata and snapshot only (no facts, no citations).
  // CPU time one page may take, in ms (of the calling thread, so that a busy
  // machine does not fail pages); checked between the stages (charset and
  // parsing, metadata and widgets, main content, facts), each of which the
  // size limits above bound. Past it: DeadlineExceeded, no partial article.
  int max_extract_ms = 10000;
  std::string_view published;  // ISO date to assume when the page states none ("" for none).
  // The page's host's boilerplate blocks, learned from its other pages
  // (extract/site_template.h); they leave the article text. Not owned; must
  // outlive the call. Null: the page alone decides, as for a single page.
  const SiteTemplate* site_template = nullptr;
};

// What extraction saw of a page's blocks, for learning its site's template.
struct PageBlocks {
  std::vector<uint64_t> fingerprints;  // BlockFingerprint of each candidate block, in page order.
  int template_removed = 0;            // Blocks the site template took out of the text.
};

// The version recorded with each stored article; bump it when output changes
// so that `factsift reextract` knows what is stale.
std::string_view ExtractorVersion();

// Extracts an article from HTML bytes in any charset. Errors: InvalidArgument
// for empty input, FailedPrecondition for input that is not text (binary,
// PDF, images), ResourceExhausted above max_input_bytes, DeadlineExceeded
// past max_extract_ms. A page with no
// article gives an Article with empty text, not an error. When `blocks` is
// not null it receives the fingerprints of the article's candidate blocks
// (those the page alone keeps, before options.site_template applies), which
// the caller counts per host to learn the site's template.
StatusOr<Article> ExtractFromHtml(const RawPage& page, const ExtractOptions& options = {},
                                  PageBlocks* blocks = nullptr);

// Extracts facts from plain article text (editorial tools paste text): the
// first line is taken as the headline when it reads like one, paragraphs are
// separated by blank lines, and ticker-tape lines go to the market snapshot.
StatusOr<Article> ExtractFromText(std::string_view text, std::string_view url,
                                  const ExtractOptions& options = {});

}  // namespace factsift::extract

#endif  // FACTSIFT_EXTRACT_EXTRACTOR_H_
