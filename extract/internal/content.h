// Main-content extraction: from a parsed page to the article's text blocks.
//
// Design (docs/extraction.md §4): every run of inline text between
// block-level boundaries is a block. A block scores its length when it reads
// like prose (low link density, outside furniture named by class/id or tag),
// zero when it is a short label, repeated elsewhere on the page or a teaser
// beside a headline link, and minus its length when it reads like furniture.
// Scores add up the tree; the element with the highest sum is the article
// container: it holds the most prose for the least furniture. Inside it,
// furniture blocks, furniture boxes under a furniture label, meta lines
// (bylines, datelines, credits) and captions without data are dropped, and
// the rest keep their order, kind (heading, paragraph, list item, caption,
// table row) and section (body, summary, caption, faq).
//
//   Content content = ExtractMainContent(doc, widgets.excluded, meta.title);
//   std::string text = JoinBlocks(content.blocks, nullptr);
#ifndef FACTSIFT_EXTRACT_INTERNAL_CONTENT_H_
#define FACTSIFT_EXTRACT_INTERNAL_CONTENT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.h"
#include "extract/internal/dom.h"
#include "extract/site_template.h"

namespace factsift::extract::internal {

enum class BlockKind {
  kParagraph,
  kHeading,
  kListItem,
  kTableRow,
  kCaption,
  kQuote,
  kPreformatted
};

struct TextBlock {
  std::string text;  // Whitespace collapsed; "\n" only where the page had <br>.
  BlockKind kind = BlockKind::kParagraph;
  int level = 0;  // Heading level 1-6.
  Section section = Section::kBody;
  int group = -1;  // The list or table a list item or row belongs to.
  int owner = -1;  // The block-level element holding the text.
  std::string
      context;  // Table rows: the table's caption and header row, which name what the cells are.
};

// An outbound or internal link inside the article container.
struct Link {
  std::string href;
  std::string text;
  bool in_sources_list = false;  // Under a "Sources" / "References" heading.
};

struct Content {
  std::vector<TextBlock> blocks;
  std::vector<Link> links;
  int container = -1;
  int removed_blocks = 0;  // Blocks of the page left out as furniture.
  // BlockFingerprint of each kept block of kMinTemplateBlockChars or more,
  // taken before the site template applied; filled only when asked for.
  std::vector<uint64_t> fingerprints;
  int template_removed = 0;  // Blocks left out because the site template has them.
};

// What ExtractMainContent does beyond the single page.
struct ContentOptions {
  const SiteTemplate* site_template = nullptr;  // Not owned; null or empty for none.
  bool fingerprints = false;                    // Fill Content::fingerprints.
};

// Extracts the article from `doc`. Elements whose `excluded` entry is nonzero
// (tickers, price widgets found beforehand) are left out; `excluded` may be
// empty. `title` is the article's headline, so that a repeated <h1> or an
// automatic caption that restates it is not kept as body text, and so that
// of several stories on one page (infinite scroll) the titled one is kept.
// Blocks the site template holds leave the kept text, unless they would
// take more than half of it: then the page is a copy of one the template
// was learned from (an AMP or print version), not a page with the host's
// boilerplate.
// Runs in time linear in the page (plus the depth of each kept block), with
// no recursion.
Content ExtractMainContent(const Document& doc, const std::vector<uint8_t>& excluded,
                           std::string_view title, const ContentOptions& options = {});

// Joins blocks into the article text: blank lines between blocks, single
// newlines between items of one list or rows of one table. Fills
// `block_offsets` with each block's byte offset in the result when not null.
std::string JoinBlocks(const std::vector<TextBlock>& blocks, std::vector<size_t>* block_offsets);

// Lower-cases and squeezes a headline for comparison, dropping a trailing
// image counter ("... Rally 48").
std::string NormalizeForComparison(std::string_view text);

}  // namespace factsift::extract::internal

#endif  // FACTSIFT_EXTRACT_INTERNAL_CONTENT_H_
