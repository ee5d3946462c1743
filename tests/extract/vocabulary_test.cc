// Class/id and heading vocabulary: the names templates give their parts.
#include "extract/internal/vocabulary.h"

#include <string>

#include <gtest/gtest.h>

namespace factsift::extract::internal {
namespace {

std::string BitNames(uint32_t bits) {
  static constexpr std::pair<uint32_t, const char*> kNames[] = {
      {kVocabBoilerplate, "boilerplate"},
      {kVocabContent, "content"},
      {kVocabHidden, "hidden"},
      {kVocabFaq, "faq"},
      {kVocabCaption, "caption"},
      {kVocabSummary, "summary"},
      {kVocabUp, "up"},
      {kVocabDown, "down"},
      {kVocabTicker, "ticker"},
      {kVocabByline, "byline"},
      {kVocabStrongContent, "strong_content"},
      {kVocabCredit, "credit"},
      {kVocabEmbed, "embed"},
  };
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if (bits & bit) out += std::string(out.empty() ? "" : "|") + name;
  }
  return out.empty() ? "none" : out;
}

struct NamesRow {
  std::string input;
  uint32_t required;   // Bits that must be set.
  uint32_t forbidden;  // Bits that must not be set.
};

void CheckNames(const NamesRow& row, uint32_t got) {
  SCOPED_TRACE(row.input);
  EXPECT_EQ(got & row.required, row.required) << "got " << BitNames(got);
  EXPECT_EQ(got & row.forbidden, 0u) << "got " << BitNames(got);
}

// vocabulary.h: tokens split on non-alphanumerics ("entry-content" ->
// entry, content) plus substrings that survive concatenation
// ("rightsidebar", "relatedposts"). The WordPress/Elementor/Foxiz names of
// the seed page (corpus/deythere) and common theme names.
TEST(ClassifyNames, Heuristic_TemplateNames) {
  const NamesRow rows[] = {
      {"entry-content", kVocabContent | kVocabStrongContent, kVocabBoilerplate},
      {"articleBody", kVocabContent | kVocabStrongContent, kVocabBoilerplate},
      {"post-content clearfix", kVocabContent | kVocabStrongContent, kVocabBoilerplate},
      {"story-body__inner", kVocabContent | kVocabStrongContent, kVocabBoilerplate},
      {"article", kVocabContent, kVocabBoilerplate},
      {"related-posts", kVocabBoilerplate, kVocabContent},
      {"relatedposts", kVocabBoilerplate, 0},
      {"rightsidebar", kVocabBoilerplate, 0},
      {"sidebar-widget", kVocabBoilerplate, 0},
      {"main-navigation", kVocabBoilerplate, 0},
      {"breadcrumbs", kVocabBoilerplate, 0},
      {"cookie-consent-banner", kVocabBoilerplate, 0},
      {"social-share", kVocabBoilerplate, 0},
      {"comments-area", kVocabBoilerplate, 0},
      {"newsletter_signup", kVocabBoilerplate, 0},
      {"werbung", kVocabBoilerplate, 0},
      {"publicidad", kVocabBoilerplate, 0},
      {"sr-only", kVocabHidden, 0},
      {"screen-reader-text", kVocabHidden, 0},
      {"visually-hidden", kVocabHidden, 0},
      {"schema-faq", kVocabFaq, 0},
      {"wp-caption-text", kVocabCaption, 0},
      {"entry-summary", kVocabSummary, 0},
      {"key-takeaways", kVocabSummary, 0},
      {"price-ticker", kVocabTicker, 0},
      {"coin-marquee", kVocabTicker, 0},
      {"post-meta byline", kVocabByline, 0},
      {"change up", kVocabUp, kVocabDown},
      {"price-change negative", kVocabDown, kVocabUp},
      {"is-red", kVocabDown, kVocabUp},
      {"td-disclaimer", kVocabBoilerplate, 0},
      {"Article_disclosure__r7Bq2", kVocabBoilerplate, 0},
      {"paragraph--type--partner-content", kVocabBoilerplate, 0},
      {"aa-affiliate", kVocabBoilerplate, 0},
      {"tweet-card__actions", kVocabBoilerplate, kVocabEmbed},
      {"hits", kVocabBoilerplate, 0},
      // Notes that are furniture only when short (content.cc decides).
      {"paywall-teaser", kVocabByline, kVocabBoilerplate},
      {"article__paywall-zone", kVocabByline, kVocabBoilerplate},
      {"c-media-item__credit", kVocabCredit, 0},
      {"gallery-copyright", kVocabCredit, 0},
      {"gallery-counter", kVocabCredit, 0},
      // Quoted posts.
      {"social-media-embed", kVocabEmbed, 0},
      {"twitter-tweet", kVocabEmbed, 0},
      {"instagram-media", kVocabEmbed, 0},
      // Words that only contain a furniture token are not furniture.
      {"shadow", 0, kVocabBoilerplate},
      {"badge", 0, kVocabBoilerplate},
      {"download-button", 0, kVocabBoilerplate},
      {"", 0, ~0u},
  };
  for (const NamesRow& row : rows) CheckNames(row, ClassifyNames(row.input));
}

// Layout modifiers name the page around a sidebar, not the sidebar:
// WordPress themes put "has-sidebar" / "with-sidebar" / "no-sidebar" on
// <body> or on the wrapper that holds the article, so they must not make
// that wrapper furniture.
TEST(ClassifyNames, Heuristic_LayoutModifiersAreNotFurniture) {
  const NamesRow rows[] = {
      {"has-sidebar", 0, kVocabBoilerplate},
      {"with-sidebar", 0, kVocabBoilerplate},
      {"no-sidebar", 0, kVocabBoilerplate},
      {"site-content has-sidebar", kVocabContent, kVocabBoilerplate},
  };
  for (const NamesRow& row : rows) CheckNames(row, ClassifyNames(row.input));
}

// vocabulary.h: a heading's text names the section under it (FAQ blocks,
// key takeaways, related lists), in any case, with a trailing colon.
TEST(ClassifyHeading, Heuristic_SectionHeadings) {
  struct Row {
    std::string heading;
    uint32_t expected;
  };
  const Row rows[] = {
      {"Frequently Asked Questions", kVocabFaq},
      {"Frequently Asked Questions About Bitcoin Short Liquidations", kVocabFaq},
      {"FAQ", kVocabFaq},
      {"FAQs:", kVocabFaq},
      {"Key takeaways", kVocabSummary},
      {"Key Points:", kVocabSummary},
      {"TL;DR", kVocabSummary},
      {"Related articles", kVocabBoilerplate},
      {"Related", kVocabBoilerplate},
      {"Popular News", kVocabBoilerplate},
      {"Leave a Reply", kVocabBoilerplate},
      {"Read more", kVocabBoilerplate},
      {"You may also like", kVocabBoilerplate},
      {"What Are Bitcoin Short Liquidations and How Did They Impact the Market?", 0},
      {"Glossary", 0},
      {"Sources", 0},
      {"Relatedness of altcoin moves", 0},
      {"More Great WIRED Stories", kVocabBoilerplate},
      {"More features", kVocabBoilerplate},
      {"More from Altcoins", kVocabBoilerplate},
      {"Mehr zum Thema", kVocabBoilerplate},
      {"More than a game", 0},
      {"More trouble for miners ahead", 0},
      {"", 0},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.heading);
    const uint32_t got = ClassifyHeading(row.heading);
    EXPECT_EQ(got, row.expected) << "got " << BitNames(got);
  }
}

// vocabulary.h: whole blocks that are furniture wherever they stand
// ("Advertisement", "Share this article", "Read more:" teasers), but not
// sentences that merely begin with such a word.
TEST(IsBoilerplateLine, Heuristic_FurnitureLines) {
  struct Row {
    std::string text;
    bool boilerplate;
  };
  const Row rows[] = {
      {"Advertisement", true},
      {"ADVERTISEMENT", true},
      {"  Advertisement  ", true},
      {"Share this article", true},
      {"Share This Article", true},
      {"Read more: Bitcoin ETFs post record inflows", true},
      {"Related: Ether slides 5%", true},
      {"Anzeige", true},
      {"Loading...", true},
      {"Read more about ETFs in our explainer.", false},
      {"Shares of Coinbase rose 4%.", false},
      {"Bitcoin rose 3% on Monday.", false},
      {"Advertisement revenue at exchanges fell.", false},
      {"", false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.text);
    EXPECT_EQ(IsBoilerplateLine(row.text), row.boilerplate);
  }
}

// vocabulary.h ClassifyLine: what a whole block is by its words. Labels name
// the box under them (pagination, furniture headings); meta lines describe
// the page or a picture. Corpus sources: stress-pagination, stress-german,
// stress-tweet-embed, stress-live-blog; aeb-dev pages for the English forms.
TEST(ClassifyLine, Heuristic_LabelsAndMetaLines) {
  struct Row {
    std::string text;
    LineKind kind;
  };
  const Row rows[] = {
      // Labels.
      {"Partner content", LineKind::kLabel},
      {"In this story", LineKind::kLabel},
      {"Continue on page 2", LineKind::kLabel},
      {"Page 1 of 3", LineKind::kLabel},
      {"Seite 2 von 5", LineKind::kLabel},
      {"Next page: How the ETF bid disappeared \u2192", LineKind::kLabel},
      {"\u2039 Zur\u00FCck", LineKind::kLabel},
      {"Bildergalerie", LineKind::kLabel},
      {"Up next", LineKind::kLabel},
      {"Loading next story\u2026", LineKind::kLabel},
      {"Related Roundup: MacBook Pro", LineKind::kLabel},
      {"You may also like...", LineKind::kLabel},
      {"Was this article helpful?", LineKind::kLabel},
      // Meta lines.
      {"By Ottilie Marchetti-Hayes \u00B7 2 March 2026 \u00B7 12 min read (all pages)",
       LineKind::kMeta},
      {"Von Max Mustermann", LineKind::kMeta},
      {"Published November 20th, 2019 - 07:29 GMT", LineKind::kMeta},
      {"Updated Nov 19, 6:55 AM;Posted Nov 19, 6:51 AM", LineKind::kMeta},
      {"sexta-feira, 22 de outubro de 2010 \u00E0s 20:13", LineKind::kMeta},
      {"22:10 UTC", LineKind::kMeta},
      {"Hits: 4218", LineKind::kMeta},
      {"Bild 1 von 4", LineKind::kMeta},
      {"Foto: IMAGO / Ralf Kellermann", LineKind::kMeta},
      {"Credit...Doug Mills/The New York Times", LineKind::kMeta},
      {"Image copyright Getty Images", LineKind::kMeta},
      {"Natalie Naccache | Bloomberg | Getty Images", LineKind::kMeta},
      {"@marta_deriv", LineKind::kMeta},
      {"Lesezeit: 4 Min.", LineKind::kMeta},
      {"Get the latest updates right in your inbox. Subscribe to NJ.com\u2019s newsletters.",
       LineKind::kMeta},
      {"Follow her on Twitter @AmyKup or on Facebook.", LineKind::kMeta},
      {"[button link=\"/submit\" type=\"big\"] Send us YOUR kit review[/button]", LineKind::kMeta},
      {"narrow-browser-and-phone", LineKind::kMeta},
      {"{\"slot\":\"top\",\"sizes\":[[728,90]]}", LineKind::kMeta},
      // Text.
      {"By Tuesday, prices had fallen back below $64,000.", LineKind::kText},
      {"Bitcoin rose 3% on Monday.", LineKind::kText},
      {"The report, updated in November 2019, showed a rise.", LineKind::kText},
      {"Thursday was the worst day of the month for ether holders.", LineKind::kText},
      {"Source: TradingView", LineKind::kText},
      {"The newsletter business grew fast in 2020, analysts said.", LineKind::kText},
      {"Be sure to visit Arrowhead on Facebook, Twitter, and Instagram.", LineKind::kText},
      {"Page views rose 40% after the redesign, the company said.", LineKind::kText},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.text);
    EXPECT_EQ(static_cast<int>(ClassifyLine(row.text)), static_cast<int>(row.kind));
  }
}

// vocabulary.h IsCreditLine: a caption that is only a parenthesised
// attribution (corpus stress-coin-chips, stress-consent-dialogs).
TEST(IsCreditLine, Heuristic_ParenthesisedAttribution) {
  EXPECT_TRUE(IsCreditLine("(Tokenwatch illustration)"));
  EXPECT_TRUE(IsCreditLine("(Jonas Reuter/The Ledger Post)"));
  EXPECT_TRUE(IsCreditLine(" (AFP) "));
  EXPECT_FALSE(IsCreditLine("Bitcoin fell 4% (chart: TradingView)"));
  EXPECT_FALSE(IsCreditLine("(BTC) fell (again)"));
  EXPECT_FALSE(IsCreditLine("()"));
}

}  // namespace
}  // namespace factsift::extract::internal
