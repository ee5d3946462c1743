// Main-content extraction (content.h): which blocks of a page are the
// article, in which order, with which kinds and sections. One tiny page per
// heuristic; each row names the rule it exercises (docs/extraction.md §4).
#include "extract/internal/content.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "extract/internal/dom.h"
#include "extract/internal/html_prepare.h"
#include "extract/internal/market_widgets.h"
#include "extract/lexicon.h"

namespace factsift::extract::internal {
namespace {

// A paragraph of article prose, distinct per `topic`.
std::string Prose(const std::string& topic) {
  return "<p>The " + topic +
         " story continued on Tuesday, when traders on several exchanges said that demand had "
         "picked up again after a quiet week, and analysts expected the move to last.</p>";
}

struct Extracted {
  std::unique_ptr<Document> doc;
  Content content;
  std::string text;
};

Extracted Extract(const std::string& html, std::string_view title = "") {
  Extracted out;
  out.doc = std::make_unique<Document>(PrepareHtml(html).html);
  const MarketWidgets widgets = FindMarketWidgets(*out.doc, AssetLexicon::Default());
  out.content = ExtractMainContent(*out.doc, widgets.excluded, title);
  out.text = JoinBlocks(out.content.blocks, nullptr);
  return out;
}

struct Row {
  std::string rule;
  std::string html;
  std::vector<std::string> kept;     // Substrings the text must contain.
  std::vector<std::string> dropped;  // Substrings it must not contain.
  std::string title = "";
};

void Check(const Row& row) {
  SCOPED_TRACE(row.rule);
  const Extracted got = Extract(row.html, row.title);
  for (const std::string& kept : row.kept) {
    EXPECT_NE(got.text.find(kept), std::string::npos) << "missing: " << kept << "\n" << got.text;
  }
  for (const std::string& dropped : row.dropped) {
    EXPECT_EQ(got.text.find(dropped), std::string::npos) << "kept: " << dropped << "\n" << got.text;
  }
}

// A site menu: enough link text that no wrapper of a short article holds
// half of the page.
const std::string kMenu =
    "<nav><ul><li><a href=/1>Markets and prices today</a></li><li><a href=/2>Policy and "
    "regulation news</a></li><li><a href=/3>Technology and protocols</a></li><li><a "
    "href=/4>Opinion and analysis columns</a></li><li><a href=/5>Podcasts and videos</a></li><li>"
    "<a href=/6>Events and conferences</a></li><li><a href=/7>Research and data reports</a></li>"
    "<li><a href=/8>About us and contact details</a></li></ul></nav>";

// Heuristic_: class/id names resolve against size and structure. A byline
// name on a big wrapper, a furniture name on a wrapper of the article body,
// and an embed inside a "social" wrapper do not make the article furniture.
TEST(ExtractMainContent, Heuristic_NamesResolveAgainstStructure) {
  const Row rows[] = {
      {"a byline name on a big wrapper is a wrapper (WordPress author-* post class)",
       "<body><nav><a href=/>Home</a></nav><article class=\"post author-jane\">" + Prose("alpha") +
           Prose("beta") + Prose("gamma") + "</article></body>",
       {"alpha", "beta", "gamma"},
       {}},
      {"a furniture name around the article body is layout (Blogger's widget Blog)",
       "<body>" + kMenu + "<div class=\"widget Blog\"><div class=\"post-body\">" + Prose("alpha") +
           Prose("beta") + "</div></div><div class=\"sidebar\">" + Prose("sidebar teaser") +
           "</div></body>",
       {"alpha", "beta"},
       {"sidebar teaser"}},
      {"a sticky sidebar wrapper around entry-content is layout",
       "<body>" + kMenu + "<div class=\"theiaStickySidebar\"><div class=\"entry-content\">" +
           Prose("alpha") + Prose("beta") + "</div></div><aside>" + Prose("aside") +
           "</aside></body>",
       {"alpha", "beta"},
       {"aside story"}},
      {"a long paywall zone holds the rest of the article; a short paywall note is furniture",
       "<body><article>" + Prose("alpha") + "<div class=\"article__paywall-zone\">" +
           Prose("beta") + Prose("gamma") +
           "<div class=\"paywall-teaser\"><p>Subscribe for 1 euro a month.</p></div>" +
           Prose("delta") + "</div></article></body>",
       {"alpha", "beta", "gamma", "delta"},
       {"1 euro"}},
      {"an embedded post inside a social wrapper is quoted content",
       "<body><article>" + Prose("alpha") +
           "<div class=\"social-media-embed\"><blockquote class=\"twitter-tweet\"><p>Funding "
           "still flat at 0.006% while price rips.</p></blockquote></div>" +
           Prose("beta") + "</article></body>",
       {"alpha", "Funding still flat at 0.006%", "beta"},
       {}},
  };
  for (const Row& row : rows) Check(row);
}

// Heuristic_: a block belongs to the element it sits in even when it starts
// with a line break after a table ("</table><br>Text ...").
TEST(ExtractMainContent, Heuristic_TextAfterTableAndBreakIsKept) {
  Check({"text directly in the body div after a table and <br>",
         "<body><div id=\"_article\"><table><tr><td><img src=x><div></div></td></tr></table>"
         "<br>The first line of the story runs on for a while, as stories do, with commas."
         "<br><br>The second line adds more detail about what happened on the day itself.</div>"
         "<div class=\"footer\"><a href=/a>About</a> <a href=/b>Contact</a></div></body>",
         {"The first line of the story", "The second line adds more detail"},
         {"About"}});
}

// Heuristic_: a text that also stands outside the article is a site-wide
// strip (a "breaking news" list in the header and again in the footer);
// lines that repeat only inside the article are its own structure.
TEST(ExtractMainContent, Heuristic_RepeatedBlocks) {
  const std::string strip =
      "<ul class=\"breaking\"><li><a href=/1>Court rules on the merger</a> Judges said the deal "
      "could go ahead after a long review of the case.</li></ul>";
  Check({"a strip in the header and the footer goes; repeated recipe lines stay",
         "<body><header>" + strip + "</header><main><div class=\"post\">" + Prose("alpha") + strip +
             "<p>Portion: one cup of rice, cooked.</p>" + Prose("beta") +
             "<p>Portion: one cup of rice, cooked.</p>" + Prose("gamma") + "</div></main><footer>" +
             strip + "</footer></body>",
         {"alpha", "beta", "gamma", "Portion: one cup of rice, cooked."},
         {"Judges said the deal"}});
}

// Heuristic_: teasers (an excerpt beside a headline link, in a card) are no
// evidence for the article, so a grid of story cards does not pull the
// container up to the whole page, and cards inside the article go.
TEST(ExtractMainContent, Heuristic_TeaserCardsAreNotTheArticle) {
  std::string cards;
  for (const char* topic : {"one", "two", "three", "four", "five", "six"}) {
    cards += std::string("<article class=\"card\"><h3><a href=/") + topic +
             ">Another headline about topic " + topic +
             "</a></h3><p>A short excerpt that describes the other story number " + topic +
             " in a sentence or two, for readers who scroll.</p></article>";
  }
  Check({"a grid of story cards after the article",
         "<body><article class=\"story\"><h1>Title</h1>" + Prose("alpha") + Prose("beta") +
             "</article><section class=\"grid\">" + cards + "</section></body>",
         {"alpha", "beta"},
         {"excerpt that describes"}});
}

// Heuristic_: a mostly-linked block is a link list, unless it reads as a
// sentence that links a long phrase.
TEST(ExtractMainContent, Heuristic_LinkDenseSentenceIsProse) {
  Check({"a sentence with a long link stays; a related list goes",
         "<body><article>" + Prose("alpha") +
             "<p>Australian-born Assange faces <a href=/x>a charge of conspiracy to commit "
             "computer intrusion in the United States</a>.</p><ul><li><a href=/p>Profile of the "
             "founder</a></li><li><a href=/t>Timeline of the saga</a></li></ul>" +
             Prose("beta") + "</article></body>",
         {"alpha", "Australian-born Assange faces a charge", "beta"},
         {"Timeline of the saga"}});
}

// Heuristic_: a furniture label heads a box of furniture ("Partner
// content", "Continue on page 2", "In this story"); a furniture heading in
// the middle of the body starts a furniture section of lists and links, and
// the prose after it stays.
TEST(ExtractMainContent, Heuristic_FurnitureLabelsAndSections) {
  const Row rows[] = {
      {"a partner box after its label goes",
       "<body><article>" + Prose("alpha") +
           "<div class=\"p7\"><div>Partner content</div><h4>Put your SOL to work</h4><p>Stake "
           "SOL on Validora and earn up to 7.4% APY, paid every epoch.</p></div>" +
           Prose("beta") + "</article></body>",
       {"alpha", "beta"},
       {"Partner content", "Put your SOL to work", "7.4% APY"}},
      {"the next page's teaser under 'Continue on page 2' goes",
       "<body><main>" + Prose("alpha") + Prose("beta") +
           "<div class=\"c-3a7e\"><div>Continue on page 2</div><p>Spot funds lost $3.8 billion in "
           "February. We break down which issuers bled the most.</p></div></main></body>",
       {"alpha", "beta"},
       {"Continue on page 2", "$3.8 billion"}},
      {"a related section inside the body goes, prose after the next heading stays",
       "<body><article><div class=\"body\">" + Prose("alpha") +
           "<div class=\"heading-h3\">More Great WIRED Stories</div><ul><li>YouTubers must "
           "unionize, <a href=/y>no matter what Google says</a></li><li>Paid ads are not the "
           "problem. <a href=/z>Our perceptions are</a></li></ul><h2>What comes next</h2>" +
           Prose("beta") + "</div></article></body>",
       {"alpha", "What comes next", "beta"},
       {"More Great WIRED Stories", "YouTubers must unionize"}},
  };
  for (const Row& row : rows) Check(row);
}

// Heuristic_: when the page appends the next story (infinite scroll), the
// article is the story whose headline is the page's title.
TEST(ExtractMainContent, Heuristic_InfiniteScrollKeepsTheTitledStory) {
  Check({"two sibling stories; the title picks the first",
         "<body><div class=\"stream\"><article><h1>Bitcoin Sinks Below $82,000</h1>" +
             Prose("alpha") + Prose("beta") +
             "</article><div>Up next</div><article><h1>Ether Slides Toward $2,700</h1>" +
             Prose("gamma") + Prose("delta") + "</article></div></body>",
         {"alpha", "beta"},
         {"gamma", "delta", "Ether Slides", "Up next"},
         "Bitcoin Sinks Below $82,000"});
}

// Heuristic_: a caption stays, marked as a caption, when it carries what
// the fact and citation readers need (a market figure, a data credit, a
// table's name); a caption that only describes a picture, a parenthesised
// credit and the credit and counter spans inside a caption go.
TEST(ExtractMainContent, Heuristic_Captions) {
  const std::string html =
      "<body><article>" + Prose("alpha") +
      "<figure><img src=a.jpg><figcaption>Traders work on the floor of the exchange in New "
      "York.</figcaption></figure>"
      "<figure><img src=b.jpg><figcaption><span class=\"gallery-counter\">Bild 1 von 4</span> "
      "<span class=\"gallery-caption\">Bitcoin stieg am Mittwoch bis auf 74.050 $.</span> "
      "<span class=\"gallery-copyright\">Foto: IMAGO</span></figcaption></figure>"
      "<figure><img src=c.jpg><figcaption>(Jonas Reuter/The Ledger Post)</figcaption></figure>"
      "<figure><img src=d.png><figcaption>BTC/USD daily chart. Source: TradingView"
      "</figcaption></figure>"
      "<figure class=\"wp-block-table\"><table><tr><td>Bear</td><td>$70</td></tr><tr><td>Bull"
      "</td><td>$110</td></tr></table><figcaption>Scenarios from Polaris Analytics, March 9."
      "</figcaption></figure>" +
      Prose("beta") + "</article></body>";
  const Extracted got = Extract(html);
  EXPECT_EQ(got.text.find("Traders work on the floor"), std::string::npos) << got.text;
  EXPECT_EQ(got.text.find("Bild 1 von 4"), std::string::npos) << got.text;
  EXPECT_EQ(got.text.find("Foto: IMAGO"), std::string::npos) << got.text;
  EXPECT_EQ(got.text.find("Jonas Reuter"), std::string::npos) << got.text;
  EXPECT_NE(got.text.find("Scenarios from Polaris Analytics"), std::string::npos) << got.text;
  int captions = 0;
  for (const TextBlock& block : got.content.blocks) {
    if (block.section != Section::kCaption) continue;
    ++captions;
    EXPECT_EQ(block.kind, BlockKind::kCaption);
  }
  EXPECT_EQ(captions, 3) << got.text;  // The figure, the data credit, the table's name.
  EXPECT_NE(got.text.find("Bitcoin stieg am Mittwoch bis auf 74.050 $."), std::string::npos);
  EXPECT_NE(got.text.find("Source: TradingView"), std::string::npos);
}

// Heuristic_: lines that describe the page rather than say anything go:
// bylines, datelines, reading times, view counters, newsletter and social
// promotions; a heading that reads as a date is the article's own.
TEST(ExtractMainContent, Heuristic_MetaLines) {
  Check({"meta lines around and inside the body",
         "<body><article><div class=\"x1\">By Jane Doe · 2 March 2026 · 12 min read</div>"
         "<div class=\"x2\">Published November 20th, 2019 - 07:29 GMT</div><div>Hits: 4218</div>" +
             Prose("alpha") + "<h2>Thursday, 5 February</h2>" + Prose("beta") +
             "<p>Get the latest updates right in your inbox. Subscribe to our newsletters.</p>"
             "<p>Follow her on Twitter @janedoe or on Facebook.</p></article></body>",
         {"alpha", "Thursday, 5 February", "beta"},
         {"Jane Doe", "07:29", "4218", "inbox", "Follow her"}});
}

// Spec (deliverable 3): headings and paragraphs in order, list items on
// their own lines, blocks separated by blank lines, whitespace collapsed,
// entities decoded, no script or style text.
TEST(ExtractMainContent, Spec_TextReadsWell) {
  const Extracted got = Extract(
      "<body><article><h2>Market  wrap</h2><p>Prices &amp; volumes\n rose&nbsp;again, as "
      "expected by most traders.</p><script>var x = 1;</script><style>p{}</style><ul><li>First "
      "item of the list.</li><li>Second item of the list.</li></ul>" +
      Prose("alpha") + "</article></body>");
  EXPECT_EQ(
      got.text.substr(0, 95),
      "Market wrap\n\nPrices & volumes rose again, as expected by most traders.\n\nFirst item "
      "of the list.");
  EXPECT_NE(got.text.find("First item of the list.\nSecond item of the list.\n\nThe alpha"),
            std::string::npos)
      << got.text;
  EXPECT_EQ(got.text.find("var x"), std::string::npos);
}

}  // namespace
}  // namespace factsift::extract::internal
