// Article metadata: ParseHumanDate and ReadMetadata (JSON-LD, then meta tags,
// then <time> and visible bylines).
#include "extract/internal/metadata.h"

#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "extract/internal/dom.h"
#include "extract/internal/html_prepare.h"

namespace factsift::extract::internal {
namespace {

// metadata.h: dates as bylines write them become ISO 8601 without a zone,
// as precise as written; anything that is not a real calendar date is
// nullopt. The seed page's byline is "Last updated: March 6, 2026 1:29 pm"
// (corpus/deythere).
TEST(ParseHumanDate, BylineDates) {
  struct Row {
    std::string text;
    std::optional<std::string> iso;
  };
  const Row rows[] = {
      {"March 7, 2026", "2026-03-07"},
      {"Mar 7, 2026 1:29 pm", "2026-03-07T13:29"},
      {"March 6, 2026 1:29 pm", "2026-03-06T13:29"},
      {"Mar. 7, 2026", "2026-03-07"},
      {"Sept. 30, 2025", "2025-09-30"},
      {"March 7th, 2026", "2026-03-07"},
      {"7 March 2026", "2026-03-07"},
      {"7 March 2026 13:29", "2026-03-07T13:29"},
      {"1st Feb 2026", "2026-02-01"},
      {"March 7, 2026 at 9:05 AM", "2026-03-07T09:05"},
      {"March 7, 2026 12:05 am", "2026-03-07T00:05"},
      {"March 7, 2026 12:05 pm", "2026-03-07T12:05"},
      {"March 7, 2026, 10:42 p.m.", "2026-03-07T22:42"},
      {"  March 7, 2026", "2026-03-07"},
      {"2026-03-07", "2026-03-07"},
      {"2026-03-07T09:00:00+00:00", "2026-03-07T09:00"},
      {"2026-03-07 09:00", "2026-03-07T09:00"},
      {"junk", std::nullopt},
      {"", std::nullopt},
      {"March 2026", std::nullopt},
      {"Updated 3 days ago", std::nullopt},
      {"2026-13-01", std::nullopt},
      {"March 32, 2026", std::nullopt},
      {"February 30, 2026", std::nullopt},
      {"February 29, 2025", std::nullopt},
      {"February 29, 2024", "2024-02-29"},
      {"March 7, 1066", std::nullopt},
      {"March 7, 2026 25:61", "2026-03-07"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.text);
    EXPECT_EQ(ParseHumanDate(row.text), row.iso);
  }
}

// The fields a row expects, all "" unless given (Metadata itself has no
// member initializers, so designated initializers would warn).
struct Want {
  std::string title = "";
  std::string author = "";
  std::string site_name = "";
  std::string published = "";
  std::string updated = "";
  std::string canonical_url = "";
  std::string language = "";
  std::string description = "";
};

Metadata Read(const std::string& html) {
  PreparedHtml prepared = PrepareHtml(html);
  const Document doc(std::move(prepared.html));
  return ReadMetadata(doc, prepared.json);
}

// metadata.h: JSON-LD first (Article types, @graph, @id references), then
// Open Graph / article:* meta tags, <link rel=canonical>, <html lang>,
// <title> without its " | Site" suffix, then <time> and visible bylines.
TEST(ReadMetadata, SourcesInPriorityOrder) {
  struct Row {
    std::string name;
    std::string html;
    Want expected;
  };
  const Row rows[] = {
      {"json-ld news article",
       R"(<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
         "headline":"Bitcoin Tops $72,000","author":{"@type":"Person","name":"Ana Ruiz"},
         "publisher":{"@type":"Organization","name":"Coin Dispatch"},"datePublished":"2026-03-04T15:02:00Z",
         "dateModified":"2026-03-04T16:10:00Z","inLanguage":"en-US","description":"Shorts got squeezed."}</script>
         </head><body><p>x</p></body></html>)",
       {.title = "Bitcoin Tops $72,000",
        .author = "Ana Ruiz",
        .site_name = "Coin Dispatch",
        .published = "2026-03-04T15:02:00Z",
        .updated = "2026-03-04T16:10:00Z",
        .language = "en",
        .description = "Shorts got squeezed."}},
      {"json-ld graph with @id references",
       R"(<script type="application/ld+json">{"@graph":[
         {"@type":"WebSite","@id":"#site","name":"DT News"},
         {"@type":"Person","@id":"#p1","name":"Shravani Dhumal"},
         {"@type":["Article","NewsArticle"],"headline":"Massive $310M","author":{"@id":"#p1"},
          "datePublished":"2026-03-07 09:00:00","dateModified":"2026-03-06T13:29:00+00:00"}]}</script>)",
       {.title = "Massive $310M",
        .author = "Shravani Dhumal",
        .site_name = "DT News",
        .published = "2026-03-07T09:00:00",
        .updated = "2026-03-06T13:29:00+00:00"}},
      {"json-ld beats meta tags",
       R"(<head><meta property="og:title" content="OG title"><meta property="article:published_time" content="2026-01-01">
         <script type="application/ld+json">{"@type":"NewsArticle","headline":"LD title","datePublished":"2026-03-07"}</script></head>)",
       {.title = "LD title", .published = "2026-03-07"}},
      {"broken json-ld falls back to meta tags",
       R"(<head><script type="application/ld+json">{"@type":"NewsArticle",</script>
         <meta property="og:title" content="OG title"><meta property="og:site_name" content="Site">
         <meta property="article:published_time" content="2026-03-07T09:00:00Z">
         <meta name="author" content="Jane Doe"><link rel="canonical" href="https://a.example/x/">
         </head>)",
       {.title = "OG title",
        .author = "Jane Doe",
        .site_name = "Site",
        .published = "2026-03-07T09:00:00Z",
        .canonical_url = "https://a.example/x/"}},
      {"og:url as canonical fallback, og:locale as language",
       R"(<head><meta property="og:url" content="https://a.example/y"><meta property="og:locale" content="de_DE"></head>)",
       {.canonical_url = "https://a.example/y", .language = "de"}},
      {"html lang",
       R"(<html lang="EN-us"><head><title>T</title></head></html>)",
       {.title = "T", .language = "en"}},
      {"title without site suffix",
       R"(<head><meta property="og:site_name" content="Block Feed"><title>$785M Liquidated | Block Feed</title></head>)",
       {.title = "$785M Liquidated", .site_name = "Block Feed"}},
      {"first h1 when nothing else",
       R"(<body><h1>ETH Weekly: $1,800 Holds</h1><p>x</p></body>)",
       {.title = "ETH Weekly: $1,800 Holds"}},
      {"time element",
       R"(<body><article><time datetime="2026-02-06T08:00:00Z">Feb 6</time><p>x</p></article></body>)",
       {.published = "2026-02-06T08:00:00Z"}},
      {"itemprop dates",
       R"(<body><meta itemprop="datePublished" content="2026-03-01"><span itemprop="dateModified" content="2026-03-02">x</span></body>)",
       {.published = "2026-03-01", .updated = "2026-03-02"}},
      {"visible byline and labelled dates",
       R"(<body><div class="meta"><span>By Shravani Dhumal</span></div>
         <div>Published March 7, 2026</div><div>Last updated: March 6, 2026 1:29 pm</div>
         <p>Bitcoin short liquidations sparked a significant rebound in the cryptocurrency market,
         reshaping the price action of both BTC and various altcoins. During the rebound phase,
         Bitcoin had previously climbed to levels near $73,000, while altcoins also gained.</p></body>)",
       {.author = "Shravani Dhumal", .published = "2026-03-07", .updated = "2026-03-06T13:29"}},
      {"rel=author link",
       R"(<body><a rel="author" href="/a/j">Jane  Doe</a></body>)",
       {.author = "Jane Doe"}},
      {"nothing", "<p>no metadata at all</p>", {}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const Metadata got = Read(row.html);
    EXPECT_EQ(got.title, row.expected.title);
    EXPECT_EQ(got.author, row.expected.author);
    EXPECT_EQ(got.site_name, row.expected.site_name);
    EXPECT_EQ(got.published, row.expected.published);
    EXPECT_EQ(got.updated, row.expected.updated);
    EXPECT_EQ(got.canonical_url, row.expected.canonical_url);
    EXPECT_EQ(got.language, row.expected.language);
    if (!row.expected.description.empty()) {
      EXPECT_EQ(got.description, row.expected.description);
    }
  }
}

}  // namespace
}  // namespace factsift::extract::internal
