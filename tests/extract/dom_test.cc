// Document: the gumbo parse flattened into a pre-order array.
#include "extract/internal/dom.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "extract/internal/html_prepare.h"

#include "tests/testing/hostile_text.h"

namespace factsift::extract::internal {
namespace {

using testing::Repeat;

// "p" for an element, "#text" for a text node.
std::string Describe(const Node& node) {
  return node.is_text ? "#" + std::string(node.text) : std::string(node.name);
}

// dom.h: nodes are in document (pre-order) order, each with its parent, its
// depth and `end`, one past its last descendant, so that a subtree is the
// index range [i, end). The tree is gumbo's, i.e. the HTML5 tree
// construction's: implied <head>/<body>, closed <p>s and inserted <tbody>.
TEST(Document, Spec_FlattensInPreOrderWithSubtreeRanges) {
  struct Row {
    std::string html;
    std::vector<std::string> nodes;
    std::vector<int> parents;
    std::vector<int> ends;
    std::vector<int> depths;
  };
  const Row rows[] = {
      {"<html><head></head><body><div id=a><p>one</p><p>two</p></div><span>x</span></body></html>",
       {"html", "head", "body", "div", "p", "#one", "p", "#two", "span", "#x"},
       {-1, 0, 0, 2, 3, 4, 3, 6, 2, 8},
       {10, 2, 10, 8, 6, 6, 8, 8, 10, 10},
       {0, 1, 1, 2, 3, 4, 3, 4, 2, 3}},
      {"<p>a<p>b",
       {"html", "head", "body", "p", "#a", "p", "#b"},
       {-1, 0, 0, 2, 3, 2, 5},
       {7, 2, 7, 5, 5, 7, 7},
       {0, 1, 1, 2, 3, 2, 3}},
      {"<table><tr><td>1</td></tr></table>",
       {"html", "head", "body", "table", "tbody", "tr", "td", "#1"},
       {-1, 0, 0, 2, 3, 4, 5, 6},
       {8, 2, 8, 8, 8, 8, 8, 8},
       {0, 1, 1, 2, 3, 4, 5, 6}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.html);
    const Document doc(row.html);
    std::vector<std::string> nodes;
    std::vector<int> parents, ends, depths;
    for (const Node& node : doc.nodes()) {
      nodes.push_back(Describe(node));
      parents.push_back(node.parent);
      ends.push_back(node.end);
      depths.push_back(node.depth);
    }
    EXPECT_EQ(nodes, row.nodes);
    EXPECT_EQ(parents, row.parents);
    EXPECT_EQ(ends, row.ends);
    EXPECT_EQ(depths, row.depths);
    EXPECT_EQ(doc.size(), static_cast<int>(row.nodes.size()));
  }
}

// Contains(a, i) is the subtree test on indices: i is in [a, end(a)).
TEST(Document, ContainsIsTheSubtreeRange) {
  const Document doc(
      "<html><head></head><body><div id=a><p>one</p><p>two</p></div><span>x</span></body></html>");
  struct Row {
    int ancestor;
    int node;
    bool contains;
  };
  const Row rows[] = {
      {0, 9, true},  {2, 3, true}, {3, 5, true}, {3, 7, true},  {3, 8, false}, {4, 5, true},
      {4, 6, false}, {8, 9, true}, {5, 5, true}, {6, 4, false}, {1, 2, false}, {3, 3, true},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(::testing::Message() << row.ancestor << " contains " << row.node);
    EXPECT_EQ(doc.Contains(row.ancestor, row.node), row.contains);
  }
}

// Custom elements (AMP, web components) have no gumbo tag: their name is the
// lower-cased tag as written, so that passes can match "amp-img".
TEST(Document, Spec_CustomElementNamesAreLowerCased) {
  struct Row {
    std::string html;
    std::string name;
  };
  const Row rows[] = {
      {"<amp-img src=a.jpg></amp-img>", "amp-img"},
      {"<My-Widget>t</My-Widget>", "my-widget"},
      {"<x-article-body><p>t</p></x-article-body>", "x-article-body"},
      {"<amp-story-grid-layer>t</amp-story-grid-layer>", "amp-story-grid-layer"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.html);
    const Document doc(row.html);
    const auto it = std::find_if(doc.nodes().begin(), doc.nodes().end(), [](const Node& node) {
      return !node.is_text && node.tag == GUMBO_TAG_UNKNOWN;
    });
    EXPECT_NE(it, doc.nodes().end());
    if (it != doc.nodes().end()) {
      EXPECT_EQ(it->name, row.name);
    }
  }
}

// Attribute() gives the value or "" when absent; HasAttribute() tells a
// valueless attribute (`hidden`) from an absent one; Find() the first
// element with a tag or -1.
TEST(Document, AttributesAndFind) {
  const Document doc(
      R"(<body><div class="entry-content" hidden data-x=""><p lang=en>t</p></div><p>u</p></body>)");
  const int div = doc.Find(GUMBO_TAG_DIV);
  ASSERT_GE(div, 0);
  struct Row {
    std::string name;
    std::string value;
    bool present;
  };
  const Row rows[] = {
      {"class", "entry-content", true},
      {"hidden", "", true},
      {"data-x", "", true},
      {"id", "", false},
      {"CLASS", "", false},  // gumbo lower-cases attribute names; lookups are exact.
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(doc.Attribute(div, row.name), row.value);
    EXPECT_EQ(doc.HasAttribute(div, row.name), row.present);
  }
  const int p = doc.Find(GUMBO_TAG_P);
  EXPECT_EQ(doc.node(p).parent, div) << "Find returns the first <p> in document order";
  EXPECT_EQ(doc.Attribute(p, "lang"), "en");
  EXPECT_EQ(doc.Find(GUMBO_TAG_TABLE), -1);
  EXPECT_EQ(doc.Attribute(p + 1, "lang"), "") << "text nodes have no attributes";
  EXPECT_FALSE(doc.HasAttribute(p + 1, "lang"));
}

// Empty and text-only inputs still give a document (gumbo builds html,
// head and body for any input).
TEST(Document, AnyInputGivesADocument) {
  for (const std::string html : {"", "plain text", "<", "</p>", "\xEF\xBF\xBD"}) {
    SCOPED_TRACE(html);
    const Document doc(html);
    EXPECT_GE(doc.size(), 3);
    if (doc.size() < 3) continue;
    EXPECT_EQ(doc.node(0).name, "html");
    EXPECT_EQ(doc.node(0).end, doc.size());
  }
}

// dom.h: no recursion, so that hostile nesting cannot overflow the stack.
// A 100,000-deep document goes through PrepareHtml (which bounds it) and
// parses in well under a second; a 3,000-deep one parses as it is, and its
// innermost text sits at the bottom of the flattened tree.
TEST(Document, DeepNestingParsesWithoutRecursion) {
  struct Row {
    int nesting;
    bool prepare;
  };
  const Row rows[] = {{100000, true}, {3000, false}};
  for (const Row& row : rows) {
    SCOPED_TRACE(::testing::Message() << row.nesting << (row.prepare ? " prepared" : " raw"));
    std::string html = "<body>" + Repeat("<div>", row.nesting) + "deep text" +
                       Repeat("</div>", row.nesting) + "</body>";
    const auto start = std::chrono::steady_clock::now();
    if (row.prepare) html = PrepareHtml(html).html;
    const Document doc(std::move(html));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 1.0 * testing::kCpuSlowdown);
    const auto text = std::find_if(doc.nodes().begin(), doc.nodes().end(), [](const Node& node) {
      return node.is_text && node.text == "deep text";
    });
    if (text == doc.nodes().end()) {
      ADD_FAILURE() << "the innermost text is lost";
      continue;
    }
    int max_depth = 0;
    for (const Node& node : doc.nodes()) max_depth = std::max(max_depth, node.depth);
    if (row.prepare) {
      EXPECT_LE(max_depth, PrepareOptions().max_depth + 2);
    } else {
      EXPECT_EQ(text->depth, row.nesting + 2);  // html > body > div x nesting > text.
    }
    EXPECT_EQ(doc.node(0).end, doc.size());
  }
}

}  // namespace
}  // namespace factsift::extract::internal
