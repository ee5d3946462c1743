// URL hygiene for the crawler: one spelling per document, so that the frontier
// and the database de-duplicate by URL.
// Spec: RFC 3986 section 6 (normalisation), section 5.2 (resolving references).
//
//   CanonicalizeUrl("HTTPS://News.Example:443/a/./b/../c?utm_source=x&id=7#top")
//     -> "https://news.example/a/c?id=7"
//
// Parsing and most normalisation are libcurl's URL API (curl_url), which lower-
// cases the scheme, removes dot segments and omits default ports; this file adds
// host case, percent-encoding case, fragments and tracking parameters.
#ifndef FACTSIFT_CRAWLER_URL_H_
#define FACTSIFT_CRAWLER_URL_H_

#include <string>
#include <string_view>

#include "common/status.h"

namespace factsift::crawler {

// Returns the canonical form of an absolute http, https or file URL:
// - scheme and host lower-cased, an internationalised host in punycode;
// - the default port (80 for http, 443 for https) dropped;
// - "." and ".." path segments resolved, an empty path made "/";
// - percent-escapes upper-cased, escapes of unreserved characters decoded
//   ("%7e" -> "~");
// - the fragment dropped (it never reaches the server);
// - tracking parameters dropped from the query (IsTrackingParameter), the
//   others kept in their order; an empty query dropped with its "?".
// Errors: InvalidArgument for a relative or malformed URL, a NUL byte, or
// another scheme.
StatusOr<std::string> CanonicalizeUrl(std::string_view url);

// Resolves `reference` (an href, a Location header) against the absolute URL
// `base` (RFC 3986 section 5.2) and canonicalises the result. Errors as for
// CanonicalizeUrl, for the result.
StatusOr<std::string> ResolveUrl(std::string_view base, std::string_view reference);

// True for query parameter names that only tell a site where a click came
// from: utm_* and the click ids of ad networks (fbclid, gclid, msclkid, ...).
// Matched case-insensitively. Example: "utm_Campaign", "fbclid" -> true;
// "id", "page" -> false.
bool IsTrackingParameter(std::string_view name);

// The parts the crawler keys politeness and robots.txt by. REQUIRES: `url` is
// canonical (CanonicalizeUrl output). Examples for "https://a.example:8443/x?q":
//   UrlScheme -> "https", UrlOrigin -> "https://a.example:8443",
//   UrlPathAndQuery -> "/x?q".
// A file:// URL has the origin "file://".
std::string_view UrlScheme(std::string_view url);
std::string_view UrlOrigin(std::string_view url);
std::string_view UrlPathAndQuery(std::string_view url);

}  // namespace factsift::crawler

#endif  // FACTSIFT_CRAWLER_URL_H_
