// The extractor's contract (extractor.h): errors for what is not a page,
// the text entry point (bounded time for hostile pages: extract_timing_test.cc
// and hostile_input_test.cc).
#include "extract/extractor.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "extract/charset.h"

#include "tests/testing/status_matchers.h"

namespace factsift::extract {
namespace {

using namespace std::string_literals;

RawPage Page(std::string body, std::string content_type = "text/html") {
  RawPage page;
  page.url = "https://news.example/2026/03/btc-rally/";
  page.final_url = page.url;
  page.http_status = 200;
  page.content_type = std::move(content_type);
  page.body = std::move(body);
  return page;
}

// A plausible article page: enough prose for main-content extraction.
std::string ArticleHtml(std::string_view head = "", std::string_view before_article = "") {
  return "<html><head>" + std::string(head) + "</head><body>" + std::string(before_article) +
         "<article><h1>Bitcoin rallies as shorts are squeezed</h1>"
         "<p>Bitcoin short liquidations sparked a significant rebound in the cryptocurrency "
         "market, "
         "reshaping the price action of both BTC and various altcoins across the week.</p>"
         "<p>Bitcoin climbed to levels near $73,000, while Solana [SOL] rose about 3.97% over the "
         "week and derivatives traders rushed to cover their "
         "positions.</p></article></body></html>";
}

// extractor.h: empty input is InvalidArgument, for both entry points.
TEST(Extractor, Spec_EmptyInputIsInvalidArgument) {
  const StatusOr<Article> html = ExtractFromHtml(Page(""));
  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.status().code(), StatusCode::kInvalidArgument);
  const StatusOr<Article> text = ExtractFromText("", "https://news.example/x");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), StatusCode::kInvalidArgument);
}

// extractor.h: input that is not text (binary, PDF, images) is
// FailedPrecondition, and the message names what it is.
TEST(Extractor, Spec_BinaryInputIsFailedPrecondition) {
  std::string random(8192, '\0');
  std::mt19937 generator(20260307);
  for (char& c : random) c = static_cast<char>(generator() >> 24);
  struct Row {
    std::string name;
    std::string body;
  };
  const Row rows[] = {
      {"pdf", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"},
      {"png", "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10"s},
      {"jpeg", "\xFF\xD8\xFF\xE0\0\x10JFIF"s},
      {"gzip", "\x1F\x8B\x08\0\0\0\0\0compressed"s},
      {"zip", "PK\x03\x04\x14\0\0\0"s},
      {"random bytes", random},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const StatusOr<Article> html = ExtractFromHtml(Page(row.body, ""));
    EXPECT_EQ(html.status().code(), StatusCode::kFailedPrecondition) << html.status().ToString();
    const StatusOr<Article> text = ExtractFromText(row.body, "https://news.example/x");
    EXPECT_EQ(text.status().code(), StatusCode::kFailedPrecondition) << text.status().ToString();
  }
}

// extractor.h: input above max_input_bytes is ResourceExhausted; input at
// the limit is extracted.
TEST(Extractor, Spec_InputAboveLimitIsResourceExhausted) {
  const std::string html = ArticleHtml();
  ExtractOptions options;
  options.max_input_bytes = html.size() - 1;
  const StatusOr<Article> above = ExtractFromHtml(Page(html), options);
  ASSERT_FALSE(above.ok());
  EXPECT_EQ(above.status().code(), StatusCode::kResourceExhausted);
  const StatusOr<Article> text_above = ExtractFromText(html, "https://news.example/x", options);
  ASSERT_FALSE(text_above.ok());
  EXPECT_EQ(text_above.status().code(), StatusCode::kResourceExhausted);
  options.max_input_bytes = html.size();
  EXPECT_OK(ExtractFromHtml(Page(html), options));
}

// extractor.h: invalid UTF-8 and NUL bytes are text with flaws, not errors:
// the answer is valid UTF-8 without NULs, and the article is still found.
TEST(Extractor, Spec_InvalidUtf8AndNulGiveAnAnswer) {
  struct Row {
    std::string name;
    std::string html;
  };
  const Row rows[] = {
      {"invalid utf-8", ArticleHtml() + "\xFF\xFE\xC0\xAF"},
      {"invalid utf-8 inside the article",
       "<html><body><article><p>Bitcoin \xC3\x28 climbed to levels near $73,000 while \xED\xA0\x80 "
       "derivatives traders rushed to cover their positions across the "
       "market.</p></article></body></html>"},
      {"nul bytes",
       "<html><body><article><p>Bitcoin\0climbed to levels near $73,000 while\0\0 "
       "derivatives traders rushed to cover their positions.</p></article></body></html>"s},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const StatusOr<Article> article = ExtractFromHtml(Page(row.html, "text/html; charset=utf-8"));
    EXPECT_OK(article);
    if (!article.ok()) continue;
    EXPECT_TRUE(IsValidUtf8(article->text));
    EXPECT_TRUE(IsValidUtf8(article->title));
    EXPECT_EQ(article->text.find('\0'), std::string::npos);
    EXPECT_NE(article->text.find("$73,000"), std::string::npos) << article->text;
  }
}

// ExtractOptions::facts = false gives the same text and metadata without
// facts or citations (content_bench measures what facts cost with it).
TEST(Extractor, FactsOffKeepsTextAndDropsFacts) {
  const std::string text =
      "Bitcoin tops $72,000\n\nBitcoin rose 4.2% to $72,150 in the past 24 hours, according "
      "to CoinGlass data, while $310 million of short positions were liquidated.";
  const StatusOr<Article> with_facts = ExtractFromText(text, "https://news.example/x");
  ExtractOptions options;
  options.facts = false;
  const StatusOr<Article> without = ExtractFromText(text, "https://news.example/x", options);
  ASSERT_OK(with_facts);
  ASSERT_OK(without);
  EXPECT_FALSE(with_facts->facts.empty());
  EXPECT_FALSE(with_facts->citations.empty());
  EXPECT_TRUE(without->facts.empty());
  EXPECT_TRUE(without->citations.empty());
  EXPECT_EQ(without->text, with_facts->text);
  EXPECT_EQ(without->title, with_facts->title);
}

// Heuristic (charset.h): an undeclared legacy page reads as windows-1252, so
// its quotes, euro sign and accents come out as correct UTF-8 text.
TEST(Extractor, Heuristic_UndeclaredWindows1252PageGivesCorrectUtf8) {
  const std::string html =
      "<html><head><title>Bitcoin\x92s rally</title></head><body><article>"
      "<p>Bitcoin\x92s rally \x96 the \x93short squeeze\x94 traders had waited for \x96 lifted the "
      "price past \x80"
      "60,000, and the caf\xE9 owners in Z\xFCrich who accept bitcoin called it "
      "d\xE9j\xE0 vu after a week of heavy liquidations across the market.</p>"
      "<p>Around $272.75 million of short positions were liquidated as the rally gathered pace, "
      "while total crypto liquidations across the market reached roughly $587.97 million.</p>"
      "</article></body></html>";
  const StatusOr<Article> article = ExtractFromHtml(Page(html, "text/html"));
  ASSERT_OK(article);
  EXPECT_TRUE(IsValidUtf8(article->text));
  EXPECT_NE(article->text.find("Bitcoin\u2019s rally \u2013 the \u201Cshort squeeze\u201D"),
            std::string::npos)
      << article->text;
  EXPECT_NE(article->text.find("\u20AC60,000"), std::string::npos);
  EXPECT_NE(article->text.find("caf\u00E9 owners in Z\u00FCrich"), std::string::npos);
  EXPECT_NE(article->text.find("d\u00E9j\u00E0 vu"), std::string::npos);
  EXPECT_EQ(article->title, "Bitcoin\u2019s rally");
}

// extractor.h ExtractFromText: the first line is the headline when it reads
// like one, paragraphs are separated by blank lines, and ticker-tape lines go
// to the market snapshot, not the text.
TEST(Extractor, TextInputTickerLinesGoToSnapshot) {
  const std::string text =
      "Bitcoin Rallies Past $73,000 As Shorts Get Squeezed\n"
      "\n"
      "BTC $64,210 \u25B22.1%\n"
      "ETH $1,978 -2.1%\n"
      "SOL $84.18 +1.4%\n"
      "\n"
      "Bitcoin climbed to levels near $73,000 as around $272.75 million of short positions were "
      "liquidated.\n"
      "\n"
      "Solana [SOL] rose about 3.97% over the week.\n";
  const StatusOr<Article> article = ExtractFromText(text, "https://news.example/x");
  ASSERT_OK(article);
  EXPECT_EQ(article->url, "https://news.example/x");
  EXPECT_EQ(article->title, "Bitcoin Rallies Past $73,000 As Shorts Get Squeezed");
  EXPECT_EQ(article->text.find("$64,210"), std::string::npos) << article->text;
  EXPECT_EQ(article->text.find("ETH $1,978"), std::string::npos) << article->text;
  EXPECT_NE(article->text.find("Bitcoin climbed to levels near $73,000"), std::string::npos);
  EXPECT_NE(article->text.find("\n\nSolana [SOL] rose"), std::string::npos)
      << "paragraphs keep their blank line";
  EXPECT_EQ(article->stats.ticker_items, 3);
  struct Item {
    std::string asset;
    double price;
    double change;
  };
  const Item expected[] = {{"BTC", 64210, 2.1}, {"ETH", 1978, -2.1}, {"SOL", 84.18, 1.4}};
  EXPECT_EQ(article->market_snapshot.size(), 3u);
  for (const Item& want : expected) {
    SCOPED_TRACE(want.asset);
    const auto it =
        std::find_if(article->market_snapshot.begin(), article->market_snapshot.end(),
                     [&](const SnapshotItem& item) { return item.asset == want.asset; });
    if (it == article->market_snapshot.end()) {
      ADD_FAILURE() << "not in the snapshot";
      continue;
    }
    const SnapshotItem& item = *it;
    EXPECT_EQ(item.origin, "ticker");
    if (!item.price || !item.change_percent) {
      ADD_FAILURE() << "price or change missing";
      continue;
    }
    EXPECT_DOUBLE_EQ(*item.price, want.price);
    EXPECT_DOUBLE_EQ(*item.change_percent, want.change);
  }
  bool sol_fact = false;
  for (const Fact& fact : article->facts) {
    sol_fact |= fact.asset == "SOL" && fact.kind == FactKind::kPercentChange && fact.value == 3.97;
    EXPECT_NE(fact.text.find_first_of("0123456789"), std::string::npos);
  }
  EXPECT_TRUE(sol_fact);
}

// ExtractFromText: a one-line paragraph that states a price is prose, not a
// ticker line (a sentence with a price is not a quote, market_widgets.h).
TEST(Extractor, TextInputPriceSentenceStaysText) {
  const std::string text =
      "Bitcoin Slips\n\nBitcoin fell to $64,000 on Tuesday.\n\nEther slid 5.2% in 24 hours.\n";
  const StatusOr<Article> article = ExtractFromText(text, "https://news.example/x");
  ASSERT_OK(article);
  EXPECT_NE(article->text.find("Bitcoin fell to $64,000 on Tuesday."), std::string::npos)
      << article->text;
  EXPECT_TRUE(article->market_snapshot.empty());
}

// extractor.h ExtractOptions::published: the date to assume when the page
// states none; a page's own date wins.
TEST(Extractor, PublishedOptionUsedWhenPageHasNoDate) {
  ExtractOptions options;
  options.published = "2026-03-07";
  const StatusOr<Article> undated = ExtractFromHtml(Page(ArticleHtml()), options);
  ASSERT_OK(undated);
  EXPECT_EQ(undated->published, "2026-03-07");

  const std::string dated = ArticleHtml(
      R"(<script type="application/ld+json">{"@type":"NewsArticle","headline":"H","datePublished":"2026-02-06T08:00:00Z"}</script>)");
  const StatusOr<Article> article = ExtractFromHtml(Page(dated), options);
  ASSERT_OK(article);
  EXPECT_EQ(article->published, "2026-02-06T08:00:00Z");

  const StatusOr<Article> text =
      ExtractFromText("Bitcoin rose 2% in the past 24 hours.", "u", options);
  ASSERT_OK(text);
  EXPECT_EQ(text->published, "2026-03-07");

  const StatusOr<Article> no_option = ExtractFromHtml(Page(ArticleHtml()));
  ASSERT_OK(no_option);
  EXPECT_EQ(no_option->published, "");
}

// The article's url is where the page was finally fetched from; stats record
// the input size; the version is what `reextract` compares.
TEST(Extractor, UrlStatsAndVersion) {
  RawPage page = Page(ArticleHtml());
  page.final_url = "https://news.example/2026/03/btc-rally-final/";
  const StatusOr<Article> article = ExtractFromHtml(page);
  ASSERT_OK(article);
  EXPECT_EQ(article->url, page.final_url);
  EXPECT_EQ(article->stats.bytes, page.body.size());
  EXPECT_GE(article->stats.parse_ms, 0);
  EXPECT_GE(article->stats.extract_ms, 0);
  EXPECT_FALSE(ExtractorVersion().empty());
  EXPECT_NE(article->text.find("Bitcoin climbed to levels near $73,000"), std::string::npos);
  EXPECT_EQ(article->text.find("Bitcoin rallies as shorts are squeezed\n\nBitcoin rallies"),
            std::string::npos);

  page.final_url.clear();
  const StatusOr<Article> no_final = ExtractFromHtml(page);
  ASSERT_OK(no_final);
  EXPECT_EQ(no_final->url, page.url);
}

// "A page with no article gives an Article with empty text, not an error."
TEST(Extractor, Spec_PageWithoutArticleIsNotAnError) {
  for (const std::string html : {"<html><body></body></html>", "<nav><a href=/>Home</a></nav>",
                                 "plain", "<script>only()</script>"}) {
    SCOPED_TRACE(html);
    const StatusOr<Article> article = ExtractFromHtml(Page(html));
    ASSERT_OK(article);
    EXPECT_TRUE(article->facts.empty());
  }
}

// Text renderings of pages carry their byline dates as lines of their own,
// and FAQ headings as short lines: both are read as the HTML path reads them.
struct TextDatesCase {
  std::string name;
  std::string text;
  std::string assumed;  // ExtractOptions::published.
  std::string published, updated;
  bool date_line_left_text;  // The date line is not in article.text.
};

TEST(ExtractFromText, DateLinesGiveTheDates) {
  const std::string body =
      "\n\nBitcoin rose 3% to $71,200 on Friday as short liquidations reached $310 million.\n";
  const std::vector<TextDatesCase> cases = {
      {"published and updated",
       "BTC Rallies\nLast updated: March 6, 2026 1:29 pm\nPublished March 7, 2026" + body, "",
       "2026-03-07", "2026-03-06T13:29", true},
      {"updated with 'at' and UTC", "BTC Rallies\nUpdated Sep 14, 2021 at 1:52 p.m. UTC" + body, "",
       "", "2021-09-14T13:52", true},
      {"posted on, over the assumed date", "BTC Rallies\nPosted on 2026-03-07" + body, "2026-01-01",
       "2026-03-07", "", true},
      {"no date line keeps the assumed date", "BTC Rallies" + body, "2026-01-01", "2026-01-01", "",
       false},
      {"a sentence that starts with Published is prose",
       "BTC Rallies" + body + "\nPublished figures from March 7, 2026 show the fund bought more.\n",
       "", "", "", false},
  };
  for (const TextDatesCase& c : cases) {
    SCOPED_TRACE(c.name);
    ExtractOptions options;
    options.published = c.assumed;
    const StatusOr<Article> article = ExtractFromText(c.text, "https://news.example/x", options);
    ASSERT_OK(article);
    EXPECT_EQ(article->published, c.published);
    EXPECT_EQ(article->updated, c.updated);
    if (c.date_line_left_text) {
      EXPECT_EQ(article->text.find("pdated"), std::string::npos) << article->text;
      EXPECT_EQ(article->text.find("ublished"), std::string::npos) << article->text;
      EXPECT_EQ(article->text.find("Posted"), std::string::npos) << article->text;
    }
  }
}

TEST(ExtractFromText, FaqHeadingStartsTheFaqSection) {
  const std::string text =
      "BTC Rallies Past $73,000\n\n"
      "Contents\n"
      "  • Frequently Asked Questions About Bitcoin\n\n"
      "Bitcoin climbed to levels near $73,000 on Friday.\n\n"
      "Frequently Asked Questions About Bitcoin\n\n"
      "How far did BTC go?\n\n"
      "It pushed the price past $73,000 for a while.\n\n"
      "Leave a Reply\n\n"
      "Readers said bitcoin would reach $80,000 soon.\n";
  const StatusOr<Article> article = ExtractFromText(text, "https://news.example/x");
  ASSERT_OK(article);
  std::vector<std::pair<std::string, Section>> seen;
  for (const Fact& fact : article->facts) seen.emplace_back(fact.text, fact.section);
  ASSERT_GE(seen.size(), 2u);
  // The body's figure (after the bulleted contents entry) stays in the body;
  // the answer under the heading is FAQ; furniture after it ends the FAQ.
  for (const Fact& fact : article->facts) {
    SCOPED_TRACE(fact.text);
    const bool in_faq_answer = fact.text.find("past") != std::string::npos;
    EXPECT_EQ(fact.section, in_faq_answer ? Section::kFaq : Section::kBody);
  }
  EXPECT_TRUE(std::any_of(article->facts.begin(), article->facts.end(),
                          [](const Fact& f) { return f.section == Section::kFaq; }));
}

// A price widget rendered one figure per line leaves the text for the
// snapshot, with its labelled figures and signed changes, as in HTML; short
// lines that do not make a widget stay text.
struct StackedWidgetCase {
  std::string name;
  std::string lines;                 // After a headline and a body paragraph.
  std::optional<double> change_24h;  // The widget's 24h change; nullopt: no widget.
  std::optional<double> low, high, volume;
  std::string left_in_text;  // A line that must stay in article.text ("" for none).
  std::optional<double> price = std::nullopt;  // The widget's price, when the case checks it.
};

TEST(ExtractFromText, StackedWidgetLinesGoToSnapshot) {
  const std::vector<StackedWidgetCase> cases = {
      {"arrows, volume, cap and range",
       "Bitcoin\nBitcoinBTC\n$67,835.00\n24h Volume\n$33.20B\nMarket Cap\n$1.36T\n"
       "24h Low / High\n$67,495.00 / $69,001.00\n24h \u25bc1.61%\n7d \u25b24.14%\n"
       "Subscribe to our newsletter\n",
       -1.61, 67495.0, 69001.0, 33.2e9, "Subscribe to our newsletter"},
      {"signed change and a cap only",
       "Ethereum ETH\n$1,978.27\nMarket cap\n$238.7B\n24h change: -2.11%\n", -2.11, std::nullopt,
       std::nullopt, std::nullopt, "", 1978.27},
      {"figures without a period change are no widget", "Bitcoin\n$67,835.00\nMarket Cap\n$1.36T\n",
       std::nullopt, std::nullopt, std::nullopt, std::nullopt, "Market Cap"},
      {"figures without an asset are no widget", "Our fund\n24h Volume\n$33.20B\n24h \u25bc1.61%\n",
       std::nullopt, std::nullopt, std::nullopt, std::nullopt, "24h Volume"},
  };
  for (const StackedWidgetCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string text =
        "Markets Slide Again\n\nBitcoin fell 2% on Friday as long liquidations reached $310 "
        "million across exchanges.\n\n" +
        c.lines;
    const StatusOr<Article> article = ExtractFromText(text, "https://news.example/x");
    ASSERT_OK(article);
    const auto widget = std::find_if(
        article->market_snapshot.begin(), article->market_snapshot.end(),
        [](const SnapshotItem& item) { return item.origin == "widget" && item.period == "24h"; });
    if (!c.change_24h) {
      EXPECT_EQ(widget, article->market_snapshot.end());
    } else {
      ASSERT_NE(widget, article->market_snapshot.end());
      EXPECT_DOUBLE_EQ(widget->change_percent.value_or(0), *c.change_24h);
      EXPECT_EQ(widget->low, c.low);
      EXPECT_EQ(widget->high, c.high);
      if (c.volume) {
        EXPECT_NEAR(widget->volume.value_or(0), *c.volume, 1e3);
      }
      if (c.price) {
        // The asset's line over its price is the widget's head, not a quote.
        EXPECT_NEAR(widget->price.value_or(0), *c.price, 1e-6);
      }
      // Its figures left the text.
      EXPECT_EQ(article->text.find('%'), article->text.find("2% on Friday") + 1) << article->text;
    }
    if (!c.left_in_text.empty()) {
      EXPECT_NE(article->text.find(c.left_in_text), std::string::npos) << article->text;
    }
    EXPECT_NE(article->text.find("long liquidations"), std::string::npos);
  }
}

// A text rendering of a whole page has navigation before the headline: the
// line that spells out the URL's slug, else the line the page repeats, is
// the headline, and its repeats leave the text.
struct TextTitleCase {
  std::string name;
  std::string url;
  std::string text;
  std::string title;
  std::vector<std::string> left_text;  // Lines that must not be in article.text.
  std::vector<std::string> kept_text;  // Lines that must be.
};

TEST(ExtractFromText, HeadlineFromSlugOrRepeats) {
  const std::string nav = "Welcome News\n\u2022 Home\n\u2022 Markets\nMarkets Desk Today\n";
  const std::string headline = "Ether Slides 9% as Staking Outflows Mount";
  const std::string body =
      "\nEther fell 9% to $1,820 on Tuesday as $240 million left staking pools, data showed.\n\n"
      "Ether Slides 9% as Staking Outflows Mount, traders said on Tuesday evening.\n";
  const std::vector<TextTitleCase> cases = {
      {"slug names the headline",
       "https://news.example/ether-slides-9-as-staking-outflows-mount/",
       nav + headline + "\nMarkets Desk\n" + body,
       headline,
       {},
       {"Markets Desk"}},
      {"repeats name the headline",
       "https://news.example/x",
       nav + headline + "\nMarkets Desk\n" + "Reading: " + headline + "\n" + body + "\n" +
           headline + " 48\n",
       headline,
       {"Reading:", "Mount 48"},
       {"traders said on Tuesday evening"}},
      {"short repeated menu entries are no headline",
       "https://news.example/x",
       "\u2022 Home\n" + headline + "\n\u2022 Home\n" + body + "\u2022 Home\n",
       headline,
       {},
       {}},
      {"a clean text keeps its first line",
       "https://news.example/story?id=7",
       headline + "\n" + body,
       headline,
       {},
       {"traders said"}},
  };
  for (const TextTitleCase& c : cases) {
    SCOPED_TRACE(c.name);
    const StatusOr<Article> article = ExtractFromText(c.text, c.url);
    ASSERT_OK(article);
    EXPECT_EQ(article->title, c.title);
    for (const std::string& gone : c.left_text) {
      EXPECT_EQ(article->text.find(gone), std::string::npos) << gone << "\n" << article->text;
    }
    for (const std::string& kept : c.kept_text) {
      EXPECT_NE(article->text.find(kept), std::string::npos) << kept << "\n" << article->text;
    }
  }
}

// Text input (text_input.h): a line of several words stated twice before the
// body (a pasted page's breadcrumb and heading) is the headline, over a tag
// line after it, and its copies are no body text; a body sentence stated
// twice is no headline.
TEST(Extractor, TextHeadline) {
  struct Row {
    const char* name;
    const char* text;
    const char* title;
    int body_facts_at_64000;
  } rows[] = {
      {"last_short_line",
       "Bitcoin slips below $64,000\n\nBitcoin fell 3% on Tuesday to $63,800, data show.\n",
       "Bitcoin slips below $64,000", 0},
      {"stated_twice",
       "Home\nBitcoin slips below $64,000 as ETFs bleed\nCryptoMarketNews\n\n"
       "Bitcoin slips below $64,000 as ETFs bleed\n\nBlockchainNews\n\n"
       "Bitcoin fell 3% on Tuesday to $63,800, data show.\n",
       "Bitcoin slips below $64,000 as ETFs bleed", 0},
      {"a_body_sentence_repeated_is_no_headline",
       "Market wrap\n\nBitcoin held above $64,000 on Tuesday.\n\n"
       "Bitcoin held above $64,000 on Tuesday.\n",
       "Market wrap", 2},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    ExtractOptions options;
    options.published = "2026-03-07";
    const StatusOr<Article> article = ExtractFromText(row.text, "https://news.example/x", options);
    ASSERT_TRUE(article.ok()) << article.status().ToString();
    EXPECT_EQ(article->title, row.title);
    int body_facts = 0;
    for (const Fact& fact : article->facts) {
      if (fact.value == 64000 && fact.section != Section::kHeadline) ++body_facts;
    }
    EXPECT_EQ(body_facts, row.body_facts_at_64000);
  }
}

}  // namespace
}  // namespace factsift::extract
