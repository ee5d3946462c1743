// Tests for crawler/discovery.h (feeds, sitemaps, page links) and crawler/http_date.h.
// Specs: RSS 2.0 (rssboard.org), RFC 4287 (Atom), sitemaps.org, Google News
// sitemaps, HTML link types, RFC 9110 5.6.7 (HTTP dates), RFC 5322 3.3.
#include "crawler/discovery.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>
#include <zlib.h>

#include "common/time_util.h"
#include "crawler/http_date.h"

#include "tests/testing/status_matchers.h"

namespace factsift::crawler {
namespace {

int64_t Iso(const char* text) { return ParseIsoToMs(text).value_or(-1); }

TEST(ParseListing, Spec_Rss20) {
  constexpr char kRss[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
  <title>News</title><link>https://news.example/</link>
  <item><title>A</title><link>https://news.example/a?utm_source=rss</link>
        <pubDate>Sat, 07 Mar 2026 10:00:00 GMT</pubDate></item>
  <item><title>B</title><guid>https://news.example/b</guid><dc:date>2026-03-06T08:00:00Z</dc:date></item>
  <item><title>C</title><guid isPermaLink="false">tag:news.example,2026:c</guid></item>
  <item><title>D</title><link><![CDATA[ /d ]]></link></item>
  <item><title>dup</title><link>https://news.example/a</link></item>
</channel></rss>)";
  const StatusOr<Listing> listing = ParseListing(kRss, "https://news.example/feed.xml");
  ASSERT_OK(listing);
  EXPECT_EQ(listing->format, ListingFormat::kRss);
  EXPECT_EQ(listing->urls,
            (std::vector<ListedUrl>{
                {"https://news.example/a", UrlKind::kPage, Iso("2026-03-07T10:00:00Z")},
                {"https://news.example/b", UrlKind::kPage, Iso("2026-03-06T08:00:00Z")},
                {"https://news.example/d", UrlKind::kPage, 0},
            }));
}

TEST(ParseListing, Spec_Atom) {
  constexpr char kAtom[] = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>News</title>
  <entry><title>A</title><link rel="self" href="https://news.example/a.atom"/>
         <link rel="alternate" type="text/html" href="https://news.example/a"/>
         <published>2026-03-07T10:00:00+01:00</published><updated>2026-03-08T00:00:00Z</updated></entry>
  <entry><title>B</title><link href="/b"/><updated>2026-03-05T00:00:00Z</updated></entry>
</feed>)";
  const StatusOr<Listing> listing = ParseListing(kAtom, "https://news.example/atom.xml");
  ASSERT_OK(listing);
  EXPECT_EQ(listing->format, ListingFormat::kAtom);
  EXPECT_EQ(listing->urls,
            (std::vector<ListedUrl>{
                {"https://news.example/a", UrlKind::kPage, Iso("2026-03-07T09:00:00Z")},
                {"https://news.example/b", UrlKind::kPage, Iso("2026-03-05")},
            }));
}

// sitemaps.org with the Google News extension: the publication date wins over lastmod.
TEST(ParseListing, Spec_SitemapWithGoogleNews) {
  constexpr char kSitemap[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.example/a</loc><lastmod>2026-03-09</lastmod>
       <news:news><news:publication>
         <news:name>News</news:name><news:language>en</news:language></news:publication>
         <news:publication_date>2026-03-07T10:00:00Z</news:publication_date>
         <news:title>A</news:title></news:news></url>
  <url><loc> https://news.example/b </loc><lastmod>2026-03-08T12:00+00:00</lastmod></url>
  <url><loc>ftp://news.example/c</loc></url>
  <url><loc>https://news.example/d</loc></url>
</urlset>)";
  const StatusOr<Listing> listing = ParseListing(kSitemap, "https://news.example/sitemap.xml");
  ASSERT_OK(listing);
  EXPECT_EQ(listing->format, ListingFormat::kSitemap);
  EXPECT_EQ(listing->urls,
            (std::vector<ListedUrl>{
                {"https://news.example/a", UrlKind::kPage, Iso("2026-03-07T10:00:00Z")},
                {"https://news.example/b", UrlKind::kPage, Iso("2026-03-08T12:00:00Z")},
                {"https://news.example/d", UrlKind::kPage, 0},
            }));
}

TEST(ParseListing, Spec_SitemapIndex) {
  constexpr char kIndex[] = R"(<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example/s1.xml</loc><lastmod>2026-03-01</lastmod></sitemap>
  <sitemap><loc>https://news.example/s2.xml.gz</loc></sitemap>
</sitemapindex>)";
  const StatusOr<Listing> listing = ParseListing(kIndex, "https://news.example/index.xml");
  ASSERT_OK(listing);
  EXPECT_EQ(listing->format, ListingFormat::kSitemapIndex);
  EXPECT_EQ(listing->urls,
            (std::vector<ListedUrl>{
                {"https://news.example/s1.xml", UrlKind::kSitemap, Iso("2026-03-01")},
                {"https://news.example/s2.xml.gz", UrlKind::kSitemap, 0},
            }));
}

std::string Gzip(std::string_view data) {
  z_stream stream{};
  deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// sitemaps.org: sitemaps may be gzip-compressed files (sitemap.xml.gz) and
// plain text lists of URLs.
TEST(ParseListing, Spec_GzipAndTextSitemaps) {
  const std::string xml = "<urlset><url><loc>https://news.example/a</loc></url></urlset>";
  const StatusOr<Listing> gz = ParseListing(Gzip(xml), "https://news.example/s.xml.gz");
  ASSERT_OK(gz);
  ASSERT_EQ(gz->urls.size(), 1u);
  EXPECT_EQ(gz->urls[0].url, "https://news.example/a");

  const StatusOr<Listing> text =
      ParseListing("https://news.example/a\r\n\nhttps://news.example/b\n", "https://x/s.txt");
  ASSERT_OK(text);
  EXPECT_EQ(text->format, ListingFormat::kText);
  EXPECT_EQ(text->urls.size(), 2u);

  // A gzip bomb stops at the cap.
  EXPECT_EQ(
      ParseListing(Gzip(std::string(1 << 20, ' ')), "https://x/s.gz", 10, 1000).status().code(),
      StatusCode::kResourceExhausted);
}

TEST(ParseListing, NotAListingIsInvalidArgument) {
  for (const char* body : {"<html><body><p>hi</p></body></html>", "just words here", "",
                           "<rss><channel><item><link>x</link>", "\x89PNG\r\n"}) {
    SCOPED_TRACE(body);
    const StatusOr<Listing> listing = ParseListing(body, "https://x/feed");
    if (listing.ok()) {
      EXPECT_TRUE(listing->urls.empty());  // Well-formed but listing nothing usable.
    } else {
      EXPECT_EQ(listing.status().code(), StatusCode::kInvalidArgument);
    }
  }
}

TEST(ParseListing, CapsTheNumberOfUrls) {
  std::string xml = "<urlset>";
  for (int i = 0; i < 100; ++i) {
    xml += "<url><loc>https://x.example/" + std::to_string(i) + "</loc></url>";
  }
  xml += "</urlset>";
  const StatusOr<Listing> listing = ParseListing(xml, "https://x.example/s.xml", 10);
  ASSERT_OK(listing);
  EXPECT_EQ(listing->urls.size(), 10u);
}

TEST(ScanPageLinks, LinksFeedsCanonicalAndNofollow) {
  constexpr char kHtml[] = R"html(<!doctype html><html><head>
<link rel="canonical" href="/story?utm_source=x">
<link rel="alternate" type="application/rss+xml" title="Site feed" href="/feed.xml">
<link rel="alternate" type="application/rss+xml" title="Site &raquo; Comments Feed" href="/comments/feed/">
<link rel="alternate" type="application/atom+xml" href="https://news.example/atom.xml">
<link rel="alternate" hreflang="de" href="/de/story">
<!-- <a href="/in-comment">no</a> -->
<script>var s = '<a href="/in-script">no</a>';</script>
<style>a[href="/in-style"] {}</style>
</head><body>
<a href="/a?x=1&amp;y=2">A</a>
<A HREF='/b' REL="NoFollow sponsored">B</A>
<a href=/c>C</a>
<a href="mailto:desk@news.example">mail</a>
<a href="javascript:void(0)">js</a>
<a href="/a?x=1&y=2">again</a>
<a href="#top">top</a>
<area href="/d">
</body></html>)html";
  const PageLinks links = ScanPageLinks(kHtml, "https://news.example/story");
  EXPECT_EQ(links.canonical, "https://news.example/story");
  EXPECT_EQ(links.feeds, (std::vector<std::string>{"https://news.example/feed.xml",
                                                   "https://news.example/atom.xml"}));
  EXPECT_EQ(links.links, (std::vector<PageLink>{
                             {"https://news.example/a?x=1&y=2", false},
                             {"https://news.example/b", true},
                             {"https://news.example/c", false},
                             {"https://news.example/story", false},
                             {"https://news.example/d", false},
                         }));
}

// <base href> changes what relative links mean; a robots meta nofollow covers every link.
TEST(ScanPageLinks, BaseHrefAndRobotsMeta) {
  constexpr char kHtml[] =
      R"(<head><base href="https://cdn.example/x/"><meta name="robots" content="noindex, nofollow"></head>
<a href="y">Y</a>)";
  const PageLinks links = ScanPageLinks(kHtml, "https://news.example/");
  EXPECT_EQ(links.links, (std::vector<PageLink>{{"https://cdn.example/x/y", true}}));
}

// Linear in the input: 200,000 nested elements and unclosed tags cost nothing.
TEST(ScanPageLinks, HostileMarkupStaysFast) {
  std::string html;
  for (int i = 0; i < 200000; ++i) html += "<div>";
  html += "<a href=\"/deep\">x</a><a href=\"/unclosed";
  const auto start = std::chrono::steady_clock::now();
  const PageLinks links = ScanPageLinks(html, "https://news.example/");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ASSERT_EQ(links.links.size(), 1u);
  EXPECT_EQ(links.links[0].url, "https://news.example/deep");
}

// RFC 9110 5.6.7: the three HTTP-date forms; RFC 5322 3.3 as RSS writes it.
TEST(ParseHttpDate, Spec_Forms) {
  const int64_t expected = Iso("1994-11-06T08:49:37Z");
  for (const char* text :
       {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994", "6 Nov 1994 09:49:37 +0100", "Sun, 06 Nov 1994 03:49:37 EST"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(ParseHttpDate(text).value_or(-1), expected);
  }
  EXPECT_EQ(ParseHttpDate("Sat, 07 Mar 2026 10:00 GMT").value_or(-1), Iso("2026-03-07T10:00:00Z"));
  for (const char* bad : {"", "yesterday", "Sun, 32 Nov 1994 08:49:37 GMT", "06 Nov 1994"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(ParseHttpDate(bad).has_value());
  }
}

// RFC 9110 10.2.3: delay-seconds or an HTTP-date.
TEST(ParseRetryAfterMs, Spec_SecondsOrDate) {
  const int64_t now = Iso("2026-03-07T10:00:00Z");
  EXPECT_EQ(ParseRetryAfterMs("120", now).value_or(-1), 120000);
  EXPECT_EQ(ParseRetryAfterMs(" 0 ", now).value_or(-1), 0);
  EXPECT_EQ(ParseRetryAfterMs("Sat, 07 Mar 2026 10:00:30 GMT", now).value_or(-1), 30000);
  EXPECT_EQ(ParseRetryAfterMs("Sat, 07 Mar 2026 09:00:00 GMT", now).value_or(-1), 0);
  EXPECT_FALSE(ParseRetryAfterMs("soon", now).has_value());
}

}  // namespace
}  // namespace factsift::crawler
