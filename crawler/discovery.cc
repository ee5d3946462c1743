// ParseListing (pugixml) and ScanPageLinks (a small HTML tag scanner).
#include "crawler/discovery.h"

#include <cstdlib>
#include <cstring>
#include <optional>
#include <unordered_set>

#include <pugixml.hpp>

#include "common/ascii.h"
#include "common/time_util.h"
#include "crawler/http_date.h"
#include "crawler/internal/decoder.h"
#include "crawler/url.h"

namespace factsift::crawler {
namespace {

std::string_view Trim(std::string_view text) { return TrimAny(text, " \t\r\n\f\v"); }

// Element name without its namespace prefix: "news:publication_date" ->
// "publication_date". Feeds mix namespaces freely and prefixes vary.
std::string_view LocalName(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && LocalName(child) == local) return child;
  }
  return {};
}

// Text content of an element, CDATA included, trimmed.
std::string TextOf(const pugi::xml_node& node) {
  if (!node) return {};
  std::string text;
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      text += child.value();
    }
  }
  return std::string(Trim(text));
}

// W3C datetime (sitemaps, Atom, dc:date) or RFC 5322 (RSS pubDate); 0 unknown.
int64_t ParseAnyDate(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return 0;
  if (const std::optional<int64_t> iso = ParseIsoToMs(text); iso.has_value()) return *iso;
  if (const std::optional<int64_t> http = ParseHttpDate(text); http.has_value()) return *http;
  return 0;
}

// Collects listed URLs: resolved, canonical, http(s) only, unique, capped.
class Collector {
 public:
  Collector(std::string_view base_url, size_t max_urls) : base_url_(base_url), max_(max_urls) {}

  void Add(std::string_view href, UrlKind kind, int64_t published_ms) {
    if (listing_.urls.size() >= max_) return;
    href = Trim(href);
    if (href.empty()) return;
    StatusOr<std::string> url = ResolveUrl(base_url_, href);
    if (!url.ok()) return;
    const std::string_view scheme = UrlScheme(*url);
    if (scheme != "http" && scheme != "https") return;
    if (!seen_.insert(*url).second) return;
    listing_.urls.push_back({std::move(*url), kind, published_ms});
  }

  Listing Take(ListingFormat format) {
    listing_.format = format;
    return std::move(listing_);
  }

 private:
  std::string base_url_;
  size_t max_;
  Listing listing_;
  std::unordered_set<std::string> seen_;
};

// Plain text sitemap (sitemaps.org "Text file"): one URL per line. Accepted
// only when every non-empty line is an absolute http(s) URL, so that an HTML
// error page is not mistaken for one.
std::optional<Listing> ParseTextListing(std::string_view body, std::string_view base_url,
                                        size_t max_urls) {
  Collector collector(base_url, max_urls);
  size_t start = 0, lines = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view line = Trim(body.substr(start, end - start));
    start = end + 1;
    if (line.empty()) continue;
    const std::string lower = LowerAscii(line.substr(0, 8));
    if (!lower.starts_with("http://") && !lower.starts_with("https://")) return std::nullopt;
    if (line.find_first_of(" \t<>\"") != std::string_view::npos) return std::nullopt;
    ++lines;
    collector.Add(line, UrlKind::kPage, 0);
  }
  if (lines == 0) return std::nullopt;
  return collector.Take(ListingFormat::kText);
}

}  // namespace

StatusOr<Listing> ParseListing(std::string_view body, std::string_view base_url, size_t max_urls,
                               size_t max_bytes) {
  std::string inflated;
  if (body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f &&
      static_cast<unsigned char>(body[1]) == 0x8b) {
    StatusOr<std::string> gunzipped = internal::Gunzip(body, max_bytes);
    if (!gunzipped.ok()) return gunzipped.status().WithContext("listing " + std::string(base_url));
    inflated = std::move(*gunzipped);
    body = inflated;
  }

  pugi::xml_document document;
  const pugi::xml_parse_result parsed =
      document.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_auto);
  pugi::xml_node root = document.document_element();
  if (!parsed || !root) {
    if (std::optional<Listing> text = ParseTextListing(body, base_url, max_urls); text) {
      return std::move(*text);
    }
    return Status::InvalidArgument("listing " + std::string(base_url) +
                                   ": not a feed or sitemap (" +
                                   (parsed ? "no root element" : parsed.description()) + ")");
  }

  Collector collector(base_url, max_urls);
  const std::string_view root_name = LocalName(root);
  if (root_name == "urlset") {
    for (pugi::xml_node entry : root.children()) {
      if (LocalName(entry) != "url") continue;
      int64_t date = ParseAnyDate(TextOf(Child(entry, "lastmod")));
      // Google News: <news:news><news:publication_date> is the article's date.
      if (pugi::xml_node news = Child(entry, "news")) {
        if (const int64_t published = ParseAnyDate(TextOf(Child(news, "publication_date")));
            published != 0) {
          date = published;
        }
      }
      collector.Add(TextOf(Child(entry, "loc")), UrlKind::kPage, date);
    }
    return collector.Take(ListingFormat::kSitemap);
  }
  if (root_name == "sitemapindex") {
    for (pugi::xml_node entry : root.children()) {
      if (LocalName(entry) != "sitemap") continue;
      collector.Add(TextOf(Child(entry, "loc")), UrlKind::kSitemap,
                    ParseAnyDate(TextOf(Child(entry, "lastmod"))));
    }
    return collector.Take(ListingFormat::kSitemapIndex);
  }
  if (root_name == "rss" || root_name == "RDF") {
    // RSS 2.0 items sit in <channel>; RSS 1.0 (RDF) items beside it.
    pugi::xml_node container = root_name == "rss" ? Child(root, "channel") : root;
    for (pugi::xml_node item : container.children()) {
      if (LocalName(item) != "item") continue;
      std::string link = TextOf(Child(item, "link"));
      if (link.empty()) {
        // A guid is a permalink unless it says otherwise (RSS 2.0 <guid>).
        pugi::xml_node guid = Child(item, "guid");
        if (guid && std::strcmp(guid.attribute("isPermaLink").as_string("true"), "false") != 0) {
          link = TextOf(guid);
        }
      }
      int64_t date = ParseAnyDate(TextOf(Child(item, "pubDate")));
      if (date == 0) date = ParseAnyDate(TextOf(Child(item, "date")));  // dc:date
      collector.Add(link, UrlKind::kPage, date);
    }
    return collector.Take(ListingFormat::kRss);
  }
  if (root_name == "feed") {
    for (pugi::xml_node entry : root.children()) {
      if (LocalName(entry) != "entry") continue;
      // RFC 4287 4.2.7.2: a link without rel is rel="alternate".
      std::string href;
      for (pugi::xml_node link : entry.children()) {
        if (LocalName(link) != "link") continue;
        const std::string rel = link.attribute("rel").as_string("alternate");
        if (rel == "alternate") {
          href = link.attribute("href").as_string();
          break;
        }
      }
      int64_t date = ParseAnyDate(TextOf(Child(entry, "published")));
      if (date == 0) date = ParseAnyDate(TextOf(Child(entry, "updated")));
      collector.Add(href, UrlKind::kPage, date);
    }
    return collector.Take(ListingFormat::kAtom);
  }
  return Status::InvalidArgument("listing " + std::string(base_url) +
                                 ": not a feed or sitemap (root element <" +
                                 std::string(root.name()) + ">)");
}

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Decodes the character references URLs carry in attributes. Others
// (&nbsp;, ...) are left as written: they do not occur in working URLs.
std::string DecodeEntities(std::string_view text) {
  if (text.find('&') == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const size_t semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += text[i];
      continue;
    }
    const std::string name = LowerAscii(text.substr(i + 1, semi - i - 1));
    long code = -1;
    if (name == "amp") code = '&';
    if (name == "quot") code = '"';
    if (name == "apos") code = '\'';
    if (name == "lt") code = '<';
    if (name == "gt") code = '>';
    if (name.size() > 1 && name[0] == '#') {
      char* end = nullptr;
      code = name[1] == 'x' ? std::strtol(name.c_str() + 2, &end, 16)
                            : std::strtol(name.c_str() + 1, &end, 10);
      if (end == nullptr || *end != '\0') code = -1;
    }
    if (code <= 0 || code > 0x7f) {  // Non-ASCII references stay: rare in URLs.
      out += text[i];
      continue;
    }
    out += static_cast<char>(code);
    i = semi;
  }
  return out;
}

struct Tag {
  std::string name;  // Lower-case.
  bool closing = false;
  std::vector<std::pair<std::string, std::string>> attributes;  // Lower-case names.

  std::string Attribute(std::string_view wanted) const {
    for (const auto& [name, value] : attributes) {
      if (name == wanted) return value;
    }
    return {};
  }
};

// Reads the tag starting at html[pos] == '<'. Returns the position after it
// (after '>'), or npos when the tag never closes.
size_t ReadTag(std::string_view html, size_t pos, Tag* tag) {
  size_t i = pos + 1;
  tag->closing = i < html.size() && html[i] == '/';
  if (tag->closing) ++i;
  const size_t name_start = i;
  while (i < html.size() && !IsSpace(html[i]) && html[i] != '>' && html[i] != '/') ++i;
  tag->name = LowerAscii(html.substr(name_start, i - name_start));
  tag->attributes.clear();
  while (i < html.size()) {
    while (i < html.size() && (IsSpace(html[i]) || html[i] == '/')) ++i;
    if (i >= html.size()) return std::string_view::npos;
    if (html[i] == '>') return i + 1;
    const size_t attr_start = i;
    while (i < html.size() && !IsSpace(html[i]) && html[i] != '=' && html[i] != '>' &&
           html[i] != '/') {
      ++i;
    }
    std::string name = LowerAscii(html.substr(attr_start, i - attr_start));
    while (i < html.size() && IsSpace(html[i])) ++i;
    std::string value;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && IsSpace(html[i])) ++i;
      if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        const char quote = html[i];
        const size_t end = html.find(quote, i + 1);
        if (end == std::string_view::npos) return std::string_view::npos;
        value = DecodeEntities(html.substr(i + 1, end - i - 1));
        i = end + 1;
      } else {
        const size_t value_start = i;
        while (i < html.size() && !IsSpace(html[i]) && html[i] != '>') ++i;
        value = DecodeEntities(html.substr(value_start, i - value_start));
      }
    }
    if (!name.empty() && tag->attributes.size() < 64) {
      tag->attributes.emplace_back(std::move(name), std::move(value));
    }
  }
  return std::string_view::npos;
}

// True when the space-separated token list `list` holds `token` (any case).
bool HasToken(std::string_view list, std::string_view token) {
  const std::string lower = LowerAscii(list);
  size_t start = 0;
  while (start < lower.size()) {
    while (start < lower.size() && (IsSpace(lower[start]) || lower[start] == ',')) ++start;
    size_t end = start;
    while (end < lower.size() && !IsSpace(lower[end]) && lower[end] != ',') ++end;
    if (std::string_view(lower).substr(start, end - start) == token) return true;
    start = end;
  }
  return false;
}

}  // namespace

PageLinks ScanPageLinks(std::string_view html, std::string_view base_url) {
  PageLinks result;
  std::string base(base_url);
  bool nofollow_all = false;
  std::unordered_set<std::string> seen;
  struct RawLink {
    std::string href;
    bool nofollow;
  };
  std::vector<RawLink> raw_links;
  std::vector<std::string> raw_feeds;
  std::string raw_canonical;
  bool base_seen = false;

  Tag tag;
  size_t pos = 0;
  while (pos < html.size()) {
    const size_t lt = html.find('<', pos);
    if (lt == std::string_view::npos || lt + 1 >= html.size()) break;
    if (html.compare(lt, 4, "<!--") == 0) {
      const size_t end = html.find("-->", lt + 4);
      if (end == std::string_view::npos) break;
      pos = end + 3;
      continue;
    }
    const char next = html[lt + 1];
    const bool starts_tag =
        (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') || next == '/';
    if (!starts_tag) {
      pos = lt + 1;
      continue;
    }
    const size_t after = ReadTag(html, lt, &tag);
    if (after == std::string_view::npos) break;
    pos = after;
    if (tag.closing) continue;
    if (tag.name == "script" || tag.name == "style" || tag.name == "textarea" ||
        tag.name == "template" || tag.name == "title") {
      // Raw text: skip to the matching end tag, whatever it contains.
      const std::string lower_end = "</" + tag.name;
      size_t search = pos;
      for (;;) {
        const size_t close = html.find("</", search);
        if (close == std::string_view::npos) {
          pos = html.size();
          break;
        }
        if (LowerAscii(html.substr(close, lower_end.size())) == lower_end) {
          pos = close;
          break;
        }
        search = close + 2;
      }
      continue;
    }
    if (tag.name == "a" || tag.name == "area") {
      const std::string href = tag.Attribute("href");
      if (!href.empty()) raw_links.push_back({href, HasToken(tag.Attribute("rel"), "nofollow")});
    } else if (tag.name == "link") {
      const std::string rel = tag.Attribute("rel");
      const std::string type = LowerAscii(Trim(tag.Attribute("type")));
      if (HasToken(rel, "alternate") &&
          (type == "application/rss+xml" || type == "application/atom+xml")) {
        // Comment feeds (WordPress offers one per site and per post) list
        // comments, not articles.
        const std::string href = tag.Attribute("href");
        const bool comments =
            LowerAscii(tag.Attribute("title")).find("comment") != std::string::npos ||
            LowerAscii(href).find("/comments/") != std::string::npos;
        if (!comments) raw_feeds.push_back(href);
      } else if (HasToken(rel, "canonical") && raw_canonical.empty()) {
        raw_canonical = tag.Attribute("href");
      }
    } else if (tag.name == "base" && !base_seen) {
      const std::string href = tag.Attribute("href");
      if (!href.empty()) {
        base_seen = true;
        if (StatusOr<std::string> resolved = ResolveUrl(base_url, href); resolved.ok()) {
          base = *resolved;
        }
      }
    } else if (tag.name == "meta") {
      if (LowerAscii(Trim(tag.Attribute("name"))) == "robots" &&
          HasToken(tag.Attribute("content"), "nofollow")) {
        nofollow_all = true;
      }
    }
  }

  const auto resolve = [&](std::string_view href) -> std::string {
    StatusOr<std::string> url = ResolveUrl(base, href);
    if (!url.ok()) return {};
    const std::string_view scheme = UrlScheme(*url);
    if (scheme != "http" && scheme != "https") return {};
    return std::move(*url);
  };
  for (const RawLink& link : raw_links) {
    std::string url = resolve(link.href);
    if (url.empty() || !seen.insert(url).second) continue;
    result.links.push_back({std::move(url), link.nofollow || nofollow_all});
  }
  std::unordered_set<std::string> seen_feeds;
  for (const std::string& href : raw_feeds) {
    std::string url = resolve(href);
    if (!url.empty() && seen_feeds.insert(url).second) result.feeds.push_back(std::move(url));
  }
  if (!raw_canonical.empty()) result.canonical = resolve(raw_canonical);
  return result;
}

}  // namespace factsift::crawler
