// Finding URLs to crawl in what the crawler fetched: RSS 2.0, RSS 1.0 and Atom
// feeds, XML sitemaps and sitemap indexes (with Google News extensions), plain
// text sitemaps, and the links, feed links and canonical link of HTML pages.
// Specs: https://www.rssboard.org/rss-specification, RFC 4287 (Atom),
// https://www.sitemaps.org/protocol.html,
// https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap,
// HTML Living Standard 4.6.6 (link types: alternate, canonical, nofollow).
//
// Pure functions of their input: no network, no state. XML is read with
// pugixml, which neither fetches external entities nor expands DTD entities.
#ifndef FACTSIFT_CRAWLER_DISCOVERY_H_
#define FACTSIFT_CRAWLER_DISCOVERY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "crawler/crawl_state.h"

namespace factsift::crawler {

// One URL a feed or sitemap lists.
struct ListedUrl {
  std::string url;                // Canonical, absolute.
  UrlKind kind = UrlKind::kPage;  // kSitemap for the children of a sitemap index.
  // The listing's date for the entry, Unix ms (0 unknown): news:publication_date,
  // else lastmod (sitemaps); pubDate or dc:date (RSS); published, else updated (Atom).
  int64_t published_ms = 0;

  bool operator==(const ListedUrl&) const = default;
};

// What kind of listing ParseListing found.
enum class ListingFormat { kRss, kAtom, kSitemap, kSitemapIndex, kText };

struct Listing {
  ListingFormat format = ListingFormat::kRss;
  std::vector<ListedUrl> urls;  // In document order, without duplicates.
};

// Reads a feed or sitemap fetched from `base_url` (relative links resolve
// against it). A gzip-compressed body (sitemap.xml.gz) is inflated first, up
// to `max_bytes`. Entries that are not http(s) URLs are skipped, and at most
// `max_urls` are kept (the sitemap protocol allows 50,000 per file).
// Errors: InvalidArgument when the body is neither XML of a known kind nor a
// list of URLs; ResourceExhausted when it inflates past `max_bytes`.
StatusOr<Listing> ParseListing(std::string_view body, std::string_view base_url,
                               size_t max_urls = 50000, size_t max_bytes = 50u << 20);

// A link on an HTML page.
struct PageLink {
  std::string url;        // Canonical, absolute (http or https only).
  bool nofollow = false;  // rel="nofollow" on the link, or a robots meta nofollow.

  bool operator==(const PageLink&) const = default;
};

struct PageLinks {
  std::vector<PageLink> links;  // <a href>, in order, without duplicates.
  // <link rel="alternate" type="application/rss+xml|atom+xml">, except
  // comment feeds (a title or path naming comments).
  std::vector<std::string> feeds;
  std::string canonical;  // <link rel="canonical">, canonicalised; "" if none.
};

// Scans HTML for links with a small tokenizer (linear; no DOM, so hostile
// nesting costs nothing): <a>, <area>, <link>, <base href> and
// <meta name="robots" content="nofollow">. Comments, <script>, <style>,
// <textarea> and <template> contents are skipped; character references in
// attribute values (&amp;, &#38;, &#x26;) are decoded. Links resolve against
// <base href> when the page has one, else `base_url`.
PageLinks ScanPageLinks(std::string_view html, std::string_view base_url);

}  // namespace factsift::crawler

#endif  // FACTSIFT_CRAWLER_DISCOVERY_H_
