// PrepareHtml: the linear pass that trims and bounds raw HTML before gumbo.
#include "extract/internal/html_prepare.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "tests/testing/hostile_text.h"

namespace factsift::extract::internal {
namespace {

using testing::Repeat;

size_t Count(std::string_view haystack, std::string_view needle) {
  size_t count = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

struct KeepDropRow {
  std::string name;
  std::string html;
  std::vector<std::string> kept;     // Substrings the prepared HTML must contain.
  std::vector<std::string> dropped;  // Substrings it must not contain.
};

void CheckKeepDrop(const KeepDropRow& row, const PrepareOptions& options = {}) {
  SCOPED_TRACE(row.name);
  const PreparedHtml prepared = PrepareHtml(row.html, options);
  for (const std::string& kept : row.kept) {
    EXPECT_NE(prepared.html.find(kept), std::string::npos)
        << "missing: " << kept << "\nin: " << prepared.html;
  }
  for (const std::string& dropped : row.dropped) {
    EXPECT_EQ(prepared.html.find(dropped), std::string::npos)
        << "still there: " << dropped << "\nin: " << prepared.html;
  }
}

// html_prepare.h: the contents of script, style, noscript, template, svg,
// math, iframe and the like are never read, and comments never either; the
// text around them stays. End tags match case-insensitively (HTML
// tokenizer, "script data end tag name state").
TEST(PrepareHtml, RemovesScriptsStylesAndComments) {
  const KeepDropRow rows[] = {
      {"script",
       "<p>before</p><script>var price = '$1';</script><p>after</p>",
       {"<p>before</p>", "<p>after</p>"},
       {"var price", "script"}},
      {"script with tag-like text",
       "<p>a</p><script>if (x < y) document.write('<p>fake</p>');</script><p>b</p>",
       {"<p>a</p>", "<p>b</p>"},
       {"fake", "document.write"}},
      {"upper-case end tag",
       "<p>a</p><SCRIPT>x=1</SCRIPT ><p>b</p>",
       {"<p>a</p>", "<p>b</p>"},
       {"x=1"}},
      {"style",
       "<style>.ticker{color:red}</style><p>text</p>",
       {"<p>text</p>"},
       {"color:red", "style"}},
      {"comment", "<p>a<!-- hidden $5M --></p>", {"<p>a</p>"}, {"hidden", "$5M"}},
      {"comment with dashes",
       "<p>a</p><!-- x -- y --><p>b</p>",
       {"<p>a</p>", "<p>b</p>"},
       {"x --"}},
      {"noscript", "<noscript><p>enable js</p></noscript><p>x</p>", {"<p>x</p>"}, {"enable js"}},
      {"template", "<template><p>tpl</p></template><p>x</p>", {"<p>x</p>"}, {"tpl"}},
      {"svg", "<p>x</p><svg><text>chart 42</text></svg>", {"<p>x</p>"}, {"chart 42"}},
      {"iframe",
       "<iframe src=\"https://ads.example\">ad</iframe><p>x</p>",
       {"<p>x</p>"},
       {"ads.example"}},
      {"textarea", "<textarea>draft</textarea><p>x</p>", {"<p>x</p>"}, {"draft"}},
      {"cdata", "<p>a</p><![CDATA[ raw ]]><p>b</p>", {"<p>a</p>", "<p>b</p>"}, {"raw"}},
      {"processing instruction", "<?xml version=\"1.0\"?><p>x</p>", {"<p>x</p>"}, {"xml"}},
      {"doctype kept", "<!DOCTYPE html><p>x</p>", {"<!DOCTYPE html>", "<p>x</p>"}, {}},
      {"title kept", "<title>Bitcoin <b>tops</b> $72,000</title>", {"<title>", "$72,000"}, {}},
  };
  for (const KeepDropRow& row : rows) CheckKeepDrop(row);
}

// The metadata reader wants JSON-LD and Next.js page data (html_prepare.h):
// those scripts are kept aside, in document order, byte for byte; other
// scripts, JSON or not, are not.
TEST(PrepareHtml, KeepsJsonLdAndNextDataAside) {
  struct Expected {
    EmbeddedJson::Kind kind;
    std::string text;
  };
  struct Row {
    std::string name;
    std::string html;
    std::vector<Expected> json;
  };
  const Row rows[] = {
      {"json-ld",
       R"(<script type="application/ld+json">{"@type":"NewsArticle"}</script>)",
       {{EmbeddedJson::Kind::kJsonLd, R"({"@type":"NewsArticle"})"}}},
      {"json-ld, type case and spaces",
       R"(<script type = 'Application/LD+JSON' >[{"a":"</p>"}]</script>)",
       {{EmbeddedJson::Kind::kJsonLd, R"([{"a":"</p>"}])"}}},
      {"next data",
       R"(<script id="__NEXT_DATA__" type="application/json">{"props":{}}</script>)",
       {{EmbeddedJson::Kind::kPageData, R"({"props":{}})"}}},
      {"two in order",
       R"(<script type="application/ld+json">{"n":1}</script><p>x</p>)"
       R"(<script id="__NEXT_DATA__" type="application/json">{"n":2}</script>)",
       {{EmbeddedJson::Kind::kJsonLd, R"({"n":1})"},
        {EmbeddedJson::Kind::kPageData, R"({"n":2})"}}},
      {"plain script", R"(<script>var x = {"a":1};</script>)", {}},
      {"other application/json",
       R"(<script id="config" type="application/json">{"a":1}</script>)",
       {}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const PreparedHtml prepared = PrepareHtml(row.html);
    EXPECT_EQ(prepared.json.size(), row.json.size());
    for (size_t i = 0; i < row.json.size() && i < prepared.json.size(); ++i) {
      EXPECT_EQ(prepared.json[i].kind, row.json[i].kind);
      EXPECT_EQ(prepared.json[i].text, row.json[i].text);
    }
    EXPECT_EQ(prepared.html.find("<script"), std::string::npos);
  }
}

// Attributes the extractor never reads (style, data-*, event handlers,
// srcset) are dropped; an inline style that hides the element becomes the
// `hidden` attribute, the one signal later passes read.
TEST(PrepareHtml, DropsUnknownAttributesAndMapsHidingStyles) {
  const KeepDropRow rows[] = {
      {"kept and dropped",
       R"html(<div class="entry-content" id="main" data-track="x1" onclick="go()" style="color:red">t</div>)html",
       {R"(<div class="entry-content" id="main">)"},
       {"data-track", "onclick", "color:red"}},
      {"display none",
       R"(<div class="x" style="display:none">t</div>)",
       {" hidden", R"(class="x")"},
       {"display"}},
      {"display none, spaced and upper case",
       R"(<span style="DISPLAY : NONE ;">t</span>)",
       {"<span hidden>"},
       {"DISPLAY"}},
      {"visibility hidden", R"(<p style="visibility: hidden">t</p>)", {"<p hidden>"}, {}},
      {"visible style", R"(<p style="display:block">t</p>)", {"<p>t</p>"}, {"hidden"}},
      {"link and meta attributes",
       R"(<link rel="canonical" href="https://a.example/x"><meta property="og:title" content="T">)",
       {R"(rel="canonical")", R"(href="https://a.example/x")", R"(property="og:title")",
        R"(content="T")"},
       {}},
      {"quote inside value", R"(<a title='say "hi"' href=x>t</a>)", {"say", "href=\"x\""}, {}},
      {"attribute names lower-cased", R"(<DIV CLASS="a">t</DIV>)", {R"(class="a")"}, {}},
      {"srcset dropped, alt kept",
       R"(<img srcset="a.jpg 1x, b.jpg 2x" alt="chart">)",
       {R"(alt="chart")"},
       {"srcset"}},
  };
  for (const KeepDropRow& row : rows) CheckKeepDrop(row);
}

// gumbo 0.10.1 is quadratic in nesting depth (html_prepare.h): 100,000
// nested <div>s come out with at most max_depth open elements, the text
// inside them kept, the result flagged as truncated, and the pass stays
// linear.
TEST(PrepareHtml, BoundsNestingDepth) {
  struct Row {
    int nesting;
    int max_depth;
  };
  const Row rows[] = {{100000, 400}, {100000, 10}, {500, 400}, {50, 400}};
  for (const Row& row : rows) {
    SCOPED_TRACE(::testing::Message() << row.nesting << " nested, max_depth " << row.max_depth);
    const std::string html = "<body>" + Repeat("<div>", row.nesting) + "deep text" +
                             Repeat("</div>", row.nesting) + "<p>after</p></body>";
    PrepareOptions options;
    options.max_depth = row.max_depth;
    const auto start = std::chrono::steady_clock::now();
    const PreparedHtml prepared = PrepareHtml(html, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 2.0 * testing::kCpuSlowdown);
    const size_t open = Count(prepared.html, "<div");
    EXPECT_LE(open, static_cast<size_t>(row.max_depth));
    EXPECT_EQ(Count(prepared.html, "</div>"), open) << "every kept <div> is closed once";
    EXPECT_NE(prepared.html.find("deep text"), std::string::npos);
    EXPECT_NE(prepared.html.find("<p>after</p>"), std::string::npos);
    EXPECT_EQ(prepared.truncated, row.nesting + 1 > row.max_depth);
  }
}

// gumbo is also quadratic in attributes per tag: 100,000 attributes on one
// tag keep at most max_attributes, and the tag's text stays.
TEST(PrepareHtml, BoundsAttributesPerTag) {
  struct Row {
    std::string name;
    std::string attribute;  // One attribute; "%" is replaced by its index.
    int max_attributes;
  };
  const Row rows[] = {
      {"kept attribute repeated", "id=a%", 32},
      {"kept attribute repeated, small cap", "class=c%", 4},
      {"unknown attribute repeated", "data-x%=\"v\"", 32},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    std::string html = "<div";
    for (int i = 0; i < 100000; ++i) {
      std::string attribute = row.attribute;
      attribute.replace(attribute.find('%'), 1, std::to_string(i));
      html += ' ' + attribute;
    }
    html += ">text inside</div>";
    PrepareOptions options;
    options.max_attributes = row.max_attributes;
    const auto start = std::chrono::steady_clock::now();
    const PreparedHtml prepared = PrepareHtml(html, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 2.0 * testing::kCpuSlowdown);
    EXPECT_LE(Count(prepared.html, "="), static_cast<size_t>(row.max_attributes));
    EXPECT_NE(prepared.html.find("text inside"), std::string::npos);
    EXPECT_LT(prepared.html.size(), 64u * row.max_attributes + 100);
  }
}

// "Never fails: any byte string gives some HTML" (html_prepare.h). Broken
// markup runs to the end of the input as the HTML tokenizer does (an
// unterminated comment or script swallows the rest), and a '<' that cannot
// start a tag is text.
TEST(PrepareHtml, Spec_MalformedMarkupIsBounded) {
  const KeepDropRow rows[] = {
      {"unterminated comment", "<p>a</p><!-- never closed <p>b</p>", {"<p>a</p>"}, {"b</p>"}},
      {"unterminated script", "<p>a</p><script>var s = '<p>b</p>';", {"<p>a</p>"}, {"var s"}},
      {"unterminated style", "<p>a</p><style>p{}", {"<p>a</p>"}, {"p{}"}},
      {"unterminated tag", "<p>a</p><div class=\"x", {"<p>a</p>"}, {}},
      {"unterminated attribute quote", "<p>a</p><a href=\"x>b</a>", {"<p>a</p>"}, {}},
      {"less-than in text", "<p>x < 3 and 2<5, 1 <= 2</p>", {"x < 3 and 2<5, 1 <= 2"}, {}},
      {"lone less-than at end", "<p>a</p><", {"<p>a</p>"}, {}},
      {"end tag without name", "<p>a</ >b</p>", {"a"}, {}},
      {"stray end tag dropped",
       "<p>a</p></div></section><p>b</p>",
       {"<p>a</p>", "<p>b</p>"},
       {"</div>", "</section>"}},
      {"plaintext ignored", "<plaintext><p>a</p>", {"<p>a</p>"}, {"plaintext"}},
      {"nul bytes", std::string("<p>a\0b</p>", 10), {"<p>a"}, {}},
  };
  for (const KeepDropRow& row : rows) CheckKeepDrop(row);
}

// max_output_bytes caps the prepared document at a tag boundary and flags it.
TEST(PrepareHtml, CapsOutputSize) {
  const std::string html = Repeat("<p>Bitcoin rose 2% to $70,000 on Monday.</p>", 10000);
  PrepareOptions options;
  options.max_output_bytes = 4096;
  const PreparedHtml prepared = PrepareHtml(html, options);
  EXPECT_TRUE(prepared.truncated);
  EXPECT_LE(prepared.html.size(), 4096u + 64);
  EXPECT_GE(prepared.html.size(), 4096u - 64);

  const PreparedHtml whole = PrepareHtml(html);
  EXPECT_FALSE(whole.truncated);
  EXPECT_EQ(whole.html, html);
}

// removed_bytes counts script, style, comment and attribute bytes dropped.
TEST(PrepareHtml, CountsRemovedBytes) {
  struct Row {
    std::string html;
    size_t at_least;
  };
  const Row rows[] = {
      {"<p>plain</p>", 0},
      {"<script>" + std::string(1000, 'x') + "</script><p>a</p>", 1000},
      {"<!--" + std::string(500, 'c') + "--><p>a</p>", 500},
      {"<p data-x=\"" + std::string(300, 'v') + "\">a</p>", 300},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.html.substr(0, 40));
    const PreparedHtml prepared = PrepareHtml(row.html);
    EXPECT_GE(prepared.removed_bytes, row.at_least);
    if (row.at_least == 0) {
      EXPECT_EQ(prepared.removed_bytes, 0u);
    }
  }
}

}  // namespace
}  // namespace factsift::extract::internal
