// Bounds and trims raw HTML before gumbo sees it.
//
// gumbo-parser 0.10.1 is quadratic in nesting depth and in attributes per tag,
// and most of a news page's bytes are scripts and styles the extractor never
// reads. One linear pass here removes what the result cannot need, keeps the
// JSON the metadata reader wants, and caps what would make the parser slow.
#ifndef FACTSIFT_EXTRACT_INTERNAL_HTML_PREPARE_H_
#define FACTSIFT_EXTRACT_INTERNAL_HTML_PREPARE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace factsift::extract::internal {

struct PrepareOptions {
  int max_depth = 400;      // Open elements deeper than this lose their tags (text is kept).
  int max_attributes = 32;  // Attributes kept per tag; the rest are dropped.
  size_t max_output_bytes = 16u << 20;  // The prepared document is cut here, at a tag boundary.
};

// A JSON document embedded in the page (JSON-LD or a framework's page data).
struct EmbeddedJson {
  enum class Kind { kJsonLd, kPageData } kind = Kind::kJsonLd;
  std::string text;
};

struct PreparedHtml {
  std::string html;                // What gumbo parses.
  std::vector<EmbeddedJson> json;  // In document order.
  size_t removed_bytes = 0;        // Script, style, comment and attribute bytes dropped.
  bool truncated = false;          // max_output_bytes or max_depth was hit.
};

// Removes comments and the contents of script, style, noscript, template,
// svg, math, iframe and similar raw-text elements (keeping ld+json and
// application/json page data aside), drops attributes the extractor never
// reads, and bounds depth, attributes and size. Never fails: any byte string
// gives some HTML.
PreparedHtml PrepareHtml(std::string_view html, const PrepareOptions& options = {});

}  // namespace factsift::extract::internal

#endif  // FACTSIFT_EXTRACT_INTERNAL_HTML_PREPARE_H_
