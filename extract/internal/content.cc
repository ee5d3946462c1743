#include "extract/internal/content.h"

#include <algorithm>
#include <unordered_map>

#include <re2/re2.h>

#include "extract/internal/text_util.h"
#include "extract/internal/vocabulary.h"

namespace factsift::extract::internal {
namespace {

// Per-element evidence, gathered in one forward and one backward pass.
struct ElementInfo {
  uint32_t own = 0;        // Vocabulary bits of this element (class, id, tag).
  uint32_t inherited = 0;  // Own bits of this element and all its ancestors.
  int chars = 0;           // Non-space text bytes in the subtree.
  int link_chars = 0;      // Of which inside <a>.
  int strong_chars = 0;    // Text of the largest strong-content element strictly below.
  bool has_block_child = false;
  double score = 0;
};

// Bylines, datelines and post meta lines are short; a longer element with
// such a name is a wrapper.
constexpr int kMaxBylineChars = 400;

// Credits and screen-reader notes inside a block are short.
constexpr int kMaxInlineNoteChars = 200;

// A label over a box ("Partner content", "Related stories") is short.
constexpr int kMaxLabelChars = 40;

int CountNonSpace(std::string_view text) {
  int count = 0;
  for (char c : text) count += IsAsciiSpace(c) ? 0 : 1;
  return count;
}

bool IsHeading(GumboTag tag) {
  return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 ||
         tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

int HeadingLevel(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_H1:
      return 1;
    case GUMBO_TAG_H2:
      return 2;
    case GUMBO_TAG_H3:
      return 3;
    case GUMBO_TAG_H4:
      return 4;
    case GUMBO_TAG_H5:
      return 5;
    case GUMBO_TAG_H6:
      return 6;
    default:
      return 0;
  }
}

// Block-level by the HTML rendering model; table cells are decided per cell.
bool IsBlockTag(const Node& node) {
  switch (node.tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_OPTION:
      return true;
    case GUMBO_TAG_UNKNOWN:
      // Custom elements (amp-carousel, x-article-body) lay out as blocks in practice.
      return node.name.find('-') != std::string_view::npos;
    default:
      return false;
  }
}

// Elements that are furniture by their tag alone. <header> is not: an
// article's header holds its dek, and a site header's menus and tickers are
// furniture by their own names.
bool IsFurnitureTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_BUTTON:
      return true;
    default:
      return false;
  }
}

// Subtrees whose text is never article text.
bool SkipsSubtree(const Document& doc, int i) {
  const Node& node = doc.node(i);
  switch (node.tag) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
      return true;
    default:
      break;
  }
  return node.hidden;
}

// Appends `text` with whitespace collapsed. NBSP counts as a space and
// zero-width characters vanish, so that the output reads as plain text.
void AppendCollapsed(std::string_view text, std::string& out) {
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsAsciiSpace(c)) {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out.push_back(' ');
      continue;
    }
    if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {  // U+00A0
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out.push_back(' ');
      ++i;
      continue;
    }
    if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
        (text[i + 2] == '\x8B' || text[i + 2] == '\x8C' || text[i + 2] == '\x8D')) {
      i += 2;  // U+200B..U+200D
      continue;
    }
    if (c == '\xEF' && i + 2 < text.size() && text[i + 1] == '\xBB' && text[i + 2] == '\xBF') {
      i += 2;  // U+FEFF
      continue;
    }
    out.push_back(c);
  }
}

std::string Trimmed(std::string text) {
  size_t begin = 0;
  while (begin < text.size() && (text[begin] == ' ' || text[begin] == '\n')) ++begin;
  size_t end = text.size();
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\n')) --end;
  // Spaces around <br> line breaks are layout, not text.
  std::string out;
  out.reserve(end - begin);
  for (size_t i = begin; i < end; ++i) {
    if (text[i] == ' ' && i + 1 < end && text[i + 1] == '\n') continue;
    if (text[i] == ' ' && !out.empty() && out.back() == '\n') continue;
    out.push_back(text[i]);
  }
  return out;
}

bool HasSentencePunctuation(std::string_view text) {
  return text.find_first_of(".,!?;:") != std::string_view::npos;
}

// A block before container selection and filtering.
struct RawBlock {
  std::string text;
  int owner = -1;
  int chars = 0;
  int link_chars = 0;
  int repeat_group = -1;  // Blocks with the same text share a group; -1 when unique.
  bool teaser = false;    // Stands in a card beside a headline link.
};

// Groups blocks whose text stands twice or more on the page: a "breaking
// news" strip in the header and again in the footer, a teaser list copied
// into a mobile menu. Short labels ("Share", "12 comments") repeat
// innocently and are left to the other rules. Returns the number of groups.
int GroupRepeatedBlocks(std::vector<RawBlock>& blocks) {
  constexpr int kMinChars = 20;
  std::vector<std::pair<size_t, int>> keys;  // (hash of the text, block index)
  keys.reserve(blocks.size());
  for (int i = 0; i < static_cast<int>(blocks.size()); ++i) {
    if (blocks[i].chars < kMinChars) continue;
    keys.emplace_back(std::hash<std::string_view>{}(blocks[i].text), i);
  }
  std::sort(keys.begin(), keys.end());
  int groups = 0;
  for (size_t a = 0; a < keys.size();) {
    size_t b = a + 1;
    while (b < keys.size() && keys[b].first == keys[a].first) ++b;
    if (b - a >= 2) {
      for (size_t k = a; k < b; ++k) blocks[keys[k].second].repeat_group = groups;
      ++groups;
    }
    a = b;
  }
  return groups;
}

// A teaser is a short text in a card whose other text is mostly a link:
// the excerpt under a headline link in a "more news" list or a grid of
// story cards. The card is the nearest ancestor with more text than the
// block. An article paragraph's nearest such ancestor holds other prose.
//   <li><a>Wild beat Sabres 4-1</a><div class="excerpt">About three ...</div></li>
bool IsTeaser(const Document& doc, const std::vector<ElementInfo>& info, const RawBlock& block) {
  constexpr int kMaxLevels = 6;
  constexpr int kMinHeadline = 15;  // Link text of a headline, not "More".
  constexpr int kMaxOther = 300;    // A card's headline, kicker and date.
  if (block.link_chars * 2 > block.chars) return false;
  int e = block.owner;
  for (int level = 0; level < kMaxLevels && e >= 0; ++level, e = doc.node(e).parent) {
    const int other = info[e].chars - block.chars;
    if (other <= 0) continue;
    const int other_links = info[e].link_chars - block.link_chars;
    return other >= kMinHeadline && other <= kMaxOther && other_links * 2 >= other;
  }
  return false;
}

// True for a sentence: it ends with a full stop or an exclamation mark,
// maybe inside closing quotes or brackets. Headlines and menu items do not;
// a headline's question mark does not count.
bool EndsAsSentence(std::string_view text) {
  while (!text.empty()) {
    const char c = text.back();
    if (c == '.' || c == '!') return true;
    if (c == '"' || c == '\'' || c == ')' || c == ' ') {
      text.remove_suffix(1);
    } else if (text.ends_with("\u201D") || text.ends_with("\u2019") || text.ends_with("\u00BB")) {
      text.remove_suffix(text.ends_with("\u00BB") ? 2 : 3);  // Closing quotes.
    } else if (text.ends_with("\u3002")) {
      return true;  // The ideographic full stop.
    } else {
      return false;
    }
  }
  return false;
}

// A block that is mostly link text is a menu, a list of related headlines
// or a tag cloud, unless it reads as a sentence that links a long phrase:
// "Assange faces <a>a charge of conspiracy to commit computer intrusion in
// the US</a>."
bool IsLinkList(const RawBlock& block) {
  if (block.link_chars * 2 <= block.chars) return false;
  return !(block.link_chars * 10 < block.chars * 9 && block.chars >= 80 &&
           EndsAsSentence(block.text));
}

// Text beside the article proper (a caption, the dek above the body) is
// kept when it carries what the fact and citation readers need: a market
// figure ("Bitcoin stieg bis auf 74.050 $", "BTC fell 4.2% on the day") or
// a data credit ("Source: TradingView", "Daten: CoinGlass"). A caption that
// only describes a picture ("Traders work on the floor of the NYSE") or a
// dek that only teases the story is not article text to a reader copying
// the article, and human-made article bodies leave it out.
bool CarriesData(std::string_view text) {
  static const LazyRE2 kData = {
      R"((?i)(?:[$\x{20AC}\x{A3}\x{A5}\x{20BF}]\s?\d)"
      R"(|\d\s?(?:%|[$\x{20AC}\x{A3}\x{A5}\x{20BF}]|(?:k|m|b|bn|mn|million|billion|trillion)"
      R"(|mio|mrd|milliarden?|billionen|millions?|milliards?|btc|eth|usd|usdt)\b))"
      R"(|\b\d{1,3}(?:[.,]\d{3})+\b)"
      R"(|\b(?:source|sources|data|quelle|daten|fuente|fonte|dati|donn\x{E9}es)\s*:))"};
  return RE2::PartialMatch(text, *kData);
}

// True when the caption at `owner` belongs to a figure that holds a table:
// "Scenarios from Polaris Block Analytics, March 9, 2026." names the data
// of the table above it.
bool CaptionsTable(const Document& doc, int owner) {
  int figure = owner;
  for (int level = 0; level < 4 && figure >= 0; ++level, figure = doc.node(figure).parent) {
    if (doc.node(figure).tag == GUMBO_TAG_FIGURE) break;
  }
  if (figure < 0 || doc.node(figure).tag != GUMBO_TAG_FIGURE) return false;
  // A figure is small; a page-sized one (broken markup) is not looked into.
  const int end = std::min(doc.node(figure).end, figure + 2000);
  for (int i = figure + 1; i < end; ++i) {
    if (!doc.node(i).is_text && doc.node(i).tag == GUMBO_TAG_TABLE) return true;
  }
  return false;
}

// The text of the first h1-h3 inside `element`, or "".
std::string FirstHeadingText(const Document& doc, int element) {
  for (int i = element + 1; i < doc.node(element).end; ++i) {
    const Node& node = doc.node(i);
    if (node.is_text || HeadingLevel(node.tag) == 0 || HeadingLevel(node.tag) > 3) continue;
    std::string text;
    for (int k = i + 1; k < node.end; ++k) {
      if (doc.node(k).is_text) AppendCollapsed(doc.node(k).text, text);
    }
    return text;
  }
  return {};
}

// The tag names from below <body> down to `owner`, outermost first:
// "article/div/p". The nearest kMaxLevels levels are enough to tell a
// block's place in a template, and bound the work on deep pages.
std::string DomPath(const Document& doc, int owner) {
  constexpr int kMaxLevels = 24;
  std::vector<std::string_view> names;
  for (int e = owner; e >= 0 && static_cast<int>(names.size()) < kMaxLevels;
       e = doc.node(e).parent) {
    const Node& node = doc.node(e);
    if (node.tag == GUMBO_TAG_BODY || node.tag == GUMBO_TAG_HTML) break;
    names.push_back(node.name);
  }
  std::string path;
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    if (!path.empty()) path.push_back('/');
    path.append(*it);
  }
  return path;
}

// Fingerprints the kept blocks and, with a site template, drops the blocks
// it holds (see ExtractMainContent).
void ApplySiteTemplate(const Document& doc, const ContentOptions& options, Content& content) {
  const bool use_template = options.site_template != nullptr && !options.site_template->empty();
  if (!use_template && !options.fingerprints) return;
  std::vector<uint8_t> in_template(content.blocks.size(), 0);
  int total_chars = 0, template_chars = 0;
  for (size_t i = 0; i < content.blocks.size(); ++i) {
    const TextBlock& block = content.blocks[i];
    const int chars = CountNonSpace(block.text);
    total_chars += chars;
    if (chars < kMinTemplateBlockChars || block.owner < 0) continue;
    const uint64_t fingerprint = BlockFingerprint(block.text, DomPath(doc, block.owner));
    if (options.fingerprints) content.fingerprints.push_back(fingerprint);
    if (use_template && options.site_template->Contains(fingerprint)) {
      in_template[i] = 1;
      template_chars += chars;
    }
  }
  if (template_chars == 0 || template_chars * 2 > total_chars) return;
  std::vector<TextBlock> kept;
  kept.reserve(content.blocks.size());
  for (size_t i = 0; i < content.blocks.size(); ++i) {
    if (in_template[i]) {
      ++content.template_removed;
      ++content.removed_blocks;
      continue;
    }
    kept.push_back(std::move(content.blocks[i]));
  }
  content.blocks = std::move(kept);
}

}  // namespace

std::string NormalizeForComparison(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (IsAsciiSpace(c)) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
    }
  }
  while (!out.empty() && (out.back() == ' ' || (out.back() >= '0' && out.back() <= '9'))) {
    out.pop_back();
  }
  return out;
}

Content ExtractMainContent(const Document& doc, const std::vector<uint8_t>& excluded,
                           std::string_view title, const ContentOptions& options) {
  Content content;
  const int n = doc.size();
  if (n == 0) return content;
  std::vector<ElementInfo> info(n);

  // Pass 1 (backward): text sizes, link text, block children. Subtrees the
  // blocks leave out (hidden, scripts, tickers and chips found beforehand,
  // and the small inline notes of pass 2) count for nothing, so that sizes
  // agree with the blocks' text.
  std::vector<uint8_t> skipped(n, 0);
  for (int i = 0; i < n; ++i) {
    if (!doc.node(i).is_text && (SkipsSubtree(doc, i) || (!excluded.empty() && excluded[i]))) {
      skipped[i] = 1;
    }
  }
  auto measure = [&] {
    for (int i = n - 1; i >= 0; --i) {
      const Node& node = doc.node(i);
      ElementInfo& element = info[i];
      element.chars = node.is_text ? CountNonSpace(node.text) : element.chars;
      if (skipped[i] || node.parent < 0) continue;
      ElementInfo& parent = info[node.parent];
      parent.chars += element.chars;
      parent.link_chars +=
          (!node.is_text && node.tag == GUMBO_TAG_A) ? element.chars : element.link_chars;
      if (!node.is_text && IsBlockTag(node)) parent.has_block_child = true;
      parent.has_block_child |= element.has_block_child && !node.is_text &&
                                (node.tag == GUMBO_TAG_SPAN || node.tag == GUMBO_TAG_A);
    }
  };
  measure();
  const int body = doc.Find(GUMBO_TAG_BODY);
  const int page_chars = std::max(1, info[body >= 0 ? body : 0].chars);

  // Templates repeat their class names ("menu-item menu-item-type-post"):
  // each distinct value is classified once per page.
  std::unordered_map<std::string_view, uint32_t> name_bits;
  auto classify = [&](std::string_view names) -> uint32_t {
    if (names.empty()) return 0;
    const auto [it, inserted] = name_bits.try_emplace(names, 0);
    if (inserted) it->second = ClassifyNames(names);
    return it->second;
  };
  // Pass 2: vocabulary. First each element's own names (forward), then the
  // largest strong-content element below each element (backward), then the
  // resolution (forward):
  // - a byline name ("author", "meta", "date") describes a short line, not a
  //   wrapper: <article class="post author-jane"> holds the whole story;
  // - a furniture name on a wrapper that holds most of the page
  //   ("site-content has-sidebar") describes its layout, not its content;
  // - furniture does not hold the article body: a furniture name on an
  //   element a third of whose text sits in a strong-content element
  //   (<div class="widget Blog"> around <div class="post-body">, a sticky
  //   "theiaStickySidebar" wrapper around "entry-content") is layout too;
  // - an embedded post is quoted content, whatever else its wrapper is
  //   called ("social-media-embed").
  for (int i = 0; i < n; ++i) {
    const Node& node = doc.node(i);
    if (node.is_text) continue;
    uint32_t bits = classify(node.class_name) | classify(node.id);
    if (node.element->attributes.length >
            (node.class_name.empty() ? 0u : 1u) + (node.id.empty() ? 0u : 1u) &&
        doc.Attribute(i, "itemprop") == "articleBody") {
      bits |= kVocabContent | kVocabStrongContent;
    }
    if (IsFurnitureTag(node.tag)) bits |= kVocabBoilerplate;
    if (node.tag == GUMBO_TAG_FIGCAPTION) bits |= kVocabCaption;
    if (node.tag == GUMBO_TAG_HTML || node.tag == GUMBO_TAG_BODY) bits = 0;
    if (info[i].chars > kMaxBylineChars) bits &= ~(kVocabByline | kVocabCredit);
    info[i].own = bits;
  }
  for (int i = n - 1; i >= 0; --i) {
    const int parent = doc.node(i).parent;
    if (parent < 0 || doc.node(i).is_text) continue;
    const int strong = (info[i].own & kVocabStrongContent) ? info[i].chars : info[i].strong_chars;
    info[parent].strong_chars = std::max(info[parent].strong_chars, strong);
  }
  bool any_inline_note = false;
  for (int i = 0; i < n; ++i) {
    const Node& node = doc.node(i);
    if (node.is_text) continue;
    uint32_t bits = info[i].own;
    if ((bits & kVocabBoilerplate) &&
        ((bits & (kVocabStrongContent | kVocabEmbed)) || info[i].chars * 2 > page_chars ||
         info[i].strong_chars * 3 >= info[i].chars)) {
      bits &= ~kVocabBoilerplate;
    }
    if (!excluded.empty() && excluded[i]) bits |= kVocabBoilerplate;
    info[i].own = bits;
    info[i].inherited = bits | (node.parent >= 0 ? info[node.parent].inherited : 0);
    // A small inline note inside a block is cut out of the block's text:
    // "<figcaption>Bild 1 von 4 <span class="caption">…</span> <span
    // class="copyright">Foto: IMAGO</span></figcaption>", a screen-reader
    // "<span class="sr-only">(opens in a new tab)</span>".
    if ((bits & (kVocabCredit | kVocabHidden)) && !IsBlockTag(node) && !skipped[i] &&
        info[i].chars <= kMaxInlineNoteChars) {
      skipped[i] = 1;
      any_inline_note = true;
    }
  }
  if (any_inline_note) {
    for (ElementInfo& element : info) {
      element.chars = element.link_chars = 0;
      element.has_block_child = false;
    }
    measure();
  }

  // Pass 3: segment the page into blocks of inline text.
  std::vector<RawBlock> raw_blocks;
  RawBlock current;
  std::vector<int> open;         // Open elements, innermost last.
  std::vector<int> open_blocks;  // Open block-level elements.
  int open_links = 0;
  auto flush = [&] {
    current.text = Trimmed(std::move(current.text));
    if (!current.text.empty() && current.chars > 0) raw_blocks.push_back(std::move(current));
    current = RawBlock{};
  };
  auto acts_as_block = [&](int i) {
    const Node& node = doc.node(i);
    if (node.tag == GUMBO_TAG_TD || node.tag == GUMBO_TAG_TH) return info[i].has_block_child;
    return IsBlockTag(node);
  };
  for (int i = 0; i < n; ++i) {
    while (!open.empty() && doc.node(open.back()).end <= i) {
      const int closed = open.back();
      open.pop_back();
      if (doc.node(closed).tag == GUMBO_TAG_A) --open_links;
      if (!open_blocks.empty() && open_blocks.back() == closed) {
        flush();
        open_blocks.pop_back();
      }
    }
    const Node& node = doc.node(i);
    if (node.is_text) {
      if (current.owner < 0) current.owner = open_blocks.empty() ? -1 : open_blocks.back();
      AppendCollapsed(node.text, current.text);
      const int chars = info[i].chars;
      current.chars += chars;
      if (open_links > 0) current.link_chars += chars;
      continue;
    }
    if (skipped[i]) {
      i = node.end - 1;
      continue;
    }
    if (acts_as_block(i)) {
      flush();
      open_blocks.push_back(i);
    } else if (node.tag == GUMBO_TAG_BR) {
      current.text.push_back('\n');
    } else if ((node.tag == GUMBO_TAG_TD || node.tag == GUMBO_TAG_TH) && !current.text.empty()) {
      current.text += " | ";
    } else if (node.tag == GUMBO_TAG_A) {
      ++open_links;
    }
    open.push_back(i);
    if (node.end == i + 1) {
      // An element without children closes at once.
      open.pop_back();
      if (node.tag == GUMBO_TAG_A) --open_links;
      if (!open_blocks.empty() && open_blocks.back() == i) {
        flush();
        open_blocks.pop_back();
      }
    }
  }
  flush();

  // Pass 4: score blocks and add the scores up the tree.
  const int repeat_groups = GroupRepeatedBlocks(raw_blocks);
  for (RawBlock& block : raw_blocks) {
    if (block.owner < 0) continue;
    block.teaser = IsTeaser(doc, info, block);
    const double chars = block.chars;
    const double link_density = block.link_chars / chars;
    double score;
    if (info[block.owner].inherited & (kVocabBoilerplate | kVocabHidden)) {
      score = -chars;
    } else if (block.repeat_group >= 0 || block.teaser) {
      // Repeated text and teasers are no evidence for the article (see pass 5).
      score = 0;
    } else if (IsLinkList(block)) {
      score = -chars * link_density;
    } else if (chars < 25 && !HasSentencePunctuation(block.text)) {
      score = 0;
    } else {
      score = chars * (1 - link_density);
    }
    info[block.owner].score += score;
  }
  // Each element's score is the sum over its subtree: one backward pass.
  for (int i = n - 1; i > 0; --i) {
    const int parent = doc.node(i).parent;
    if (parent >= 0) info[parent].score += info[i].score;
  }
  int container = body >= 0 ? body : 0;
  for (int i = 0; i < n; ++i) {
    if (!doc.node(i).is_text && info[i].score > info[container].score) container = i;
  }
  // Several stories on one page (infinite scroll appends the next story
  // under the article): when the container holds two or more <article>
  // elements that each carry a fifth of its score, the article is the one
  // whose first heading is the page's title, else the first one.
  const std::string title_key = NormalizeForComparison(title);
  {
    std::vector<int> stories;
    for (int i = container + 1; i < doc.node(container).end; ++i) {
      const Node& node = doc.node(i);
      if (node.is_text || node.tag != GUMBO_TAG_ARTICLE) continue;
      if (info[i].score * 5 >= info[container].score) stories.push_back(i);
      i = node.end - 1;
    }
    if (stories.size() >= 2 && info[container].score > 0) {
      int chosen = stories.front();
      for (int story : stories) {
        if (!title_key.empty() &&
            NormalizeForComparison(FirstHeadingText(doc, story)) == title_key) {
          chosen = story;
          break;
        }
      }
      container = chosen;
    }
  }
  content.container = container;
  // A text that also stands outside the container is a site-wide strip that
  // happens to sit inside it too: the article does not repeat its
  // paragraphs around the page. Copies that all sit inside the container are
  // the article's own structure ("Serving: 1 cup" in every recipe step). A
  // linked copy is a reference, not a copy: a table of contents links to
  // the headings it repeats.
  std::vector<uint8_t> repeated_outside(repeat_groups, 0);
  for (const RawBlock& block : raw_blocks) {
    if (block.repeat_group >= 0 && block.link_chars * 2 <= block.chars &&
        (block.owner < 0 || !doc.Contains(container, block.owner))) {
      repeated_outside[block.repeat_group] = 1;
    }
  }

  // Pass 5: keep the container's prose, in order, with kinds and sections.
  // Furniture bits of elements strictly inside the container.
  auto furniture_inside = [&](int owner) {
    for (int e = owner; e >= 0 && e != container; e = doc.node(e).parent) {
      if (info[e].own &
          (kVocabBoilerplate | kVocabHidden | kVocabByline | kVocabCredit | kVocabTicker)) {
        return true;
      }
    }
    return false;
  };
  auto bits_inside = [&](int owner) {
    uint32_t bits = 0;
    for (int e = owner; e >= 0; e = doc.node(e).parent) {
      bits |= info[e].own;
      if (e == container) break;
    }
    return bits;
  };
  int faq_level = 0;      // Level of the FAQ heading we are under, 0 if none.
  int summary_level = 0;  // Likewise for "Key points".
  int sources_level = 0;  // Likewise for "Sources".
  // The dek (standfirst, excerpt) often sits in the article's header, just
  // outside the body container: keep the last one before the container that
  // shares an article-level ancestor with it.
  const RawBlock* dek = nullptr;
  for (const RawBlock& raw : raw_blocks) {
    if (raw.owner < 0 || raw.owner >= container) continue;
    const int parent = doc.node(raw.owner).parent;
    const uint32_t named = info[raw.owner].own | (parent >= 0 ? info[parent].own : 0);
    if (!(named & kVocabSummary) ||
        (info[raw.owner].inherited & (kVocabBoilerplate | kVocabHidden)) || raw.chars < 30 ||
        raw.link_chars * 2 > raw.chars) {
      continue;
    }
    int common = doc.node(container).parent;
    while (common >= 0 && !doc.Contains(common, raw.owner)) common = doc.node(common).parent;
    if (common >= 0 && doc.node(common).tag != GUMBO_TAG_BODY &&
        doc.node(common).tag != GUMBO_TAG_HTML) {
      dek = &raw;
    }
  }
  // A furniture label heads a box of furniture: "Partner content" over a
  // promotion, "Continue on page 2" over the next page's teaser, "In this
  // story" over a table of contents, "Related" over a list. The box is the
  // nearest element around the label with more text, when the label is its
  // first text and the box is small next to the article.
  int box_end = -1;  // Blocks owned before this node index, inside box_begin, go.
  int box_begin = -1;
  const int container_chars = info[container].chars;
  auto label_box = [&](const RawBlock& label) {
    int e = label.owner;
    while (e >= 0 && e != container && info[e].chars <= label.chars) e = doc.node(e).parent;
    if (e < 0 || e == container || !doc.Contains(container, e)) return false;
    if (info[e].chars > 1500 || info[e].chars * 3 > container_chars) return false;
    for (int k = e + 1; k < doc.node(e).end; ++k) {
      if (!doc.node(k).is_text || info[k].chars == 0) continue;
      if (!doc.Contains(label.owner, k)) return false;  // Text before the label.
      break;
    }
    box_begin = e;
    box_end = doc.node(e).end;
    return true;
  };
  // A furniture heading with text before it in its box ("More Great WIRED
  // Stories" between the last paragraph and a list, in the same div) starts
  // a furniture section instead: the lists and link lines after it, inside
  // the heading's parent, go until the next heading. Prose after it stays,
  // so that a misread heading costs one line, not the rest of the article.
  int section_parent = -1;
  auto label = [&](const RawBlock& raw) {
    if (!label_box(raw) && (ClassifyHeading(raw.text) & kVocabBoilerplate)) {
      section_parent = doc.node(raw.owner).parent;
    }
  };
  for (RawBlock& raw : raw_blocks) {
    if (&raw == dek) {
      if (!CarriesData(raw.text)) {
        ++content.removed_blocks;
        continue;
      }
      TextBlock block;
      block.owner = raw.owner;
      block.section = Section::kSummary;
      block.text = std::move(raw.text);
      content.blocks.push_back(std::move(block));
      continue;
    }
    if (raw.owner < 0 || !doc.Contains(container, raw.owner) ||
        (raw.owner > box_begin && raw.owner < box_end)) {
      ++content.removed_blocks;
      continue;
    }
    const Node& owner = doc.node(raw.owner);
    TextBlock block;
    block.owner = raw.owner;
    block.level = HeadingLevel(owner.tag);
    if (block.level > 0) {
      block.kind = BlockKind::kHeading;
    } else if (owner.tag == GUMBO_TAG_LI || owner.tag == GUMBO_TAG_DT ||
               owner.tag == GUMBO_TAG_DD) {
      block.kind = BlockKind::kListItem;
      block.group = owner.parent;
    } else if (owner.tag == GUMBO_TAG_TR) {
      block.kind = BlockKind::kTableRow;
      int table = owner.parent;
      while (table >= 0 && doc.node(table).tag != GUMBO_TAG_TABLE) table = doc.node(table).parent;
      block.group = table;
    } else if (owner.tag == GUMBO_TAG_PRE) {
      block.kind = BlockKind::kPreformatted;
    } else if (owner.tag == GUMBO_TAG_BLOCKQUOTE) {
      block.kind = BlockKind::kQuote;
    }
    if (block.kind == BlockKind::kHeading) {
      const uint32_t heading = ClassifyHeading(raw.text);
      if (faq_level && block.level <= faq_level && !(heading & kVocabFaq)) faq_level = 0;
      // A summary ("Key points") runs to the next heading of any level.
      summary_level = 0;
      if (sources_level && block.level <= sources_level) sources_level = 0;
      if (heading & kVocabFaq) faq_level = block.level;
      if (heading & kVocabSummary) summary_level = block.level;
      const std::string key = NormalizeForComparison(raw.text);
      if (key == "sources" || key == "source" || key == "references" || key == "sources:" ||
          key == "data sources") {
        sources_level = block.level;
      }
      section_parent = -1;
      if (heading & kVocabBoilerplate) {
        label(raw);
        ++content.removed_blocks;
        continue;
      }
    }
    if (section_parent >= 0 && !doc.Contains(section_parent, raw.owner)) section_parent = -1;
    const bool in_furniture_section =
        section_parent >= 0 &&
        (block.kind == BlockKind::kListItem || raw.teaser || raw.link_chars * 10 > raw.chars * 3);
    const uint32_t bits = bits_inside(raw.owner);
    const bool caption = (bits & kVocabCaption) != 0;
    // A Sources/References list is the article's own evidence: kept although
    // it is all links.
    const bool link_list = IsLinkList(raw) && sources_level == 0;
    const bool repeated = raw.repeat_group >= 0 && repeated_outside[raw.repeat_group];
    // A heading that reads as a date is the article's own ("Thursday, 5
    // February" over a day's events), unlike a dateline paragraph.
    LineKind line_kind = ClassifyLine(raw.text);
    if (line_kind == LineKind::kMeta && block.kind == BlockKind::kHeading) {
      line_kind = LineKind::kText;
    }
    const bool furniture_line = line_kind != LineKind::kText;
    if (line_kind == LineKind::kLabel && raw.chars <= kMaxLabelChars) label(raw);
    const bool drop = furniture_inside(raw.owner) || link_list || repeated || raw.teaser ||
                      in_furniture_section || furniture_line ||
                      (caption && IsCreditLine(raw.text)) ||
                      ((block.kind == BlockKind::kHeading || caption) && !title_key.empty() &&
                       NormalizeForComparison(raw.text) == title_key);
    if (drop) {
      ++content.removed_blocks;
      continue;
    }
    if (caption && !CarriesData(raw.text) && !CaptionsTable(doc, raw.owner)) {
      ++content.removed_blocks;
      continue;
    }
    if (caption) {
      block.kind = BlockKind::kCaption;
      block.section = Section::kCaption;
    } else if (faq_level || (bits & kVocabFaq)) {
      block.section = Section::kFaq;
    } else if (summary_level || (bits & kVocabSummary)) {
      block.section = Section::kSummary;
    }
    block.text = std::move(raw.text);
    content.blocks.push_back(std::move(block));
  }
  // The host's boilerplate, learned from its other pages, goes before the
  // orphan rule below, so that its heading ("Disclaimer") goes with it.
  ApplySiteTemplate(doc, options, content);
  // A heading left with nothing under it (its list was all links) goes too.
  std::vector<TextBlock> kept;
  for (size_t i = 0; i < content.blocks.size(); ++i) {
    const TextBlock& block = content.blocks[i];
    if (block.kind == BlockKind::kHeading) {
      const bool orphan =
          i + 1 == content.blocks.size() || (content.blocks[i + 1].kind == BlockKind::kHeading &&
                                             content.blocks[i + 1].level <= block.level);
      if (orphan) {
        ++content.removed_blocks;
        continue;
      }
    }
    kept.push_back(block);
  }
  content.blocks = std::move(kept);

  // Table rows read through their table's caption and header row. One pass
  // finds each table's naming blocks, in document order; a header row is
  // not its own context.
  std::vector<std::pair<int, size_t>> naming;  // (table, block index)
  for (size_t i = 0; i < content.blocks.size(); ++i) {
    const TextBlock& block = content.blocks[i];
    if (block.owner < 0) continue;
    const Node& owner = doc.node(block.owner);
    if (owner.tag == GUMBO_TAG_CAPTION) {
      int table = owner.parent;
      while (table >= 0 && doc.node(table).tag != GUMBO_TAG_TABLE) table = doc.node(table).parent;
      if (table >= 0) naming.emplace_back(table, i);
    } else if (block.kind == BlockKind::kTableRow && owner.parent >= 0 &&
               doc.node(owner.parent).tag == GUMBO_TAG_THEAD) {
      naming.emplace_back(block.group, i);
    }
  }
  if (!naming.empty()) {
    for (size_t i = 0; i < content.blocks.size(); ++i) {
      TextBlock& row = content.blocks[i];
      if (row.kind != BlockKind::kTableRow) continue;
      std::string context;
      for (const auto& [table, k] : naming) {
        if (table != row.group || k == i) continue;
        if (!context.empty()) context += " | ";
        context += content.blocks[k].text;
      }
      row.context = std::move(context);
    }
  }

  // Links in the container, for citations.
  int heading_sources = 0;
  for (int i = container; i < doc.node(container).end; ++i) {
    const Node& node = doc.node(i);
    if (node.is_text) continue;
    if (IsHeading(node.tag)) {
      std::string text;
      for (int k = i + 1; k < node.end; ++k) {
        if (doc.node(k).is_text) AppendCollapsed(doc.node(k).text, text);
      }
      const std::string key = NormalizeForComparison(text);
      heading_sources =
          (key == "sources" || key == "source" || key == "references" || key == "data sources")
              ? HeadingLevel(node.tag)
              : (heading_sources && HeadingLevel(node.tag) <= heading_sources ? 0
                                                                              : heading_sources);
      continue;
    }
    if (node.tag != GUMBO_TAG_A) continue;
    const std::string_view href = doc.Attribute(i, "href");
    if (href.empty()) continue;
    Link link;
    link.href = std::string(href);
    for (int k = i + 1; k < node.end; ++k) {
      if (doc.node(k).is_text) AppendCollapsed(doc.node(k).text, link.text);
    }
    link.text = Trimmed(std::move(link.text));
    link.in_sources_list = heading_sources > 0;
    content.links.push_back(std::move(link));
  }
  return content;
}

std::string JoinBlocks(const std::vector<TextBlock>& blocks, std::vector<size_t>* block_offsets) {
  std::string text;
  if (block_offsets != nullptr) block_offsets->clear();
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (i > 0) {
      const bool same_group = blocks[i].group >= 0 && blocks[i].group == blocks[i - 1].group &&
                              blocks[i].kind == blocks[i - 1].kind;
      text += same_group ? "\n" : "\n\n";
    }
    if (block_offsets != nullptr) block_offsets->push_back(text.size());
    text += blocks[i].text;
  }
  return text;
}

}  // namespace factsift::extract::internal
