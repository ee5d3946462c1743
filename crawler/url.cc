// CanonicalizeUrl and friends over libcurl's URL API.
#include "crawler/url.h"

#include <array>
#include <string>

#include <curl/curl.h>

#include "common/ascii.h"
#include "crawler/internal/curl_handles.h"

namespace factsift::crawler {
namespace {

using internal::CurlStringPtr;
using internal::CurlUrlPtr;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// "%7e" -> "~", "%2f" -> "%2F": the two spellings of one URL become one
// (RFC 3986 6.2.2.1 and 6.2.2.2). Reserved characters stay escaped, since
// decoding them would change what the URL means.
std::string NormalizeEscapes(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      const auto byte =
          static_cast<unsigned char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      if (IsUnreserved(byte)) {
        out += static_cast<char>(byte);
      } else {
        out += '%';
        out += kHex[byte >> 4];
        out += kHex[byte & 0xf];
      }
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Query without tracking parameters; "" when nothing is left.
std::string StripTracking(std::string_view query) {
  std::string out;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(start, end - start);
    const std::string_view name = pair.substr(0, pair.find('='));
    if (!pair.empty() && !IsTrackingParameter(name)) {
      if (!out.empty()) out += '&';
      out.append(pair);
    }
    start = end + 1;
  }
  return out;
}

Status UrlError(std::string_view url, std::string_view what) {
  std::string message = "url ";
  message.append(url).append(": ").append(what);
  return Status::InvalidArgument(std::move(message));
}

// Gets one part; "" when the URL has none.
std::string GetPart(CURLU* handle, CURLUPart part, unsigned int flags = 0) {
  char* raw = nullptr;
  const CURLUcode code = curl_url_get(handle, part, &raw, flags);
  // Owned before the code is checked: libcurl 7.88 can fail and still hand
  // back a string (found by fuzzing, tests/fuzz/regressions/listing/).
  const CurlStringPtr holder(raw);
  if (code != CURLUE_OK || raw == nullptr) return {};
  return raw;
}

// Canonicalises the URL held by `handle`; `original` names it in messages.
StatusOr<std::string> CanonicalizeHandle(CURLU* handle, std::string_view original) {
  const std::string scheme = GetPart(handle, CURLUPART_SCHEME);
  if (scheme != "http" && scheme != "https" && scheme != "file") {
    return UrlError(original, "unsupported scheme \"" + scheme + "\"");
  }
  if (scheme != "file") {
    // Punycode keeps the host ASCII, so one host has one spelling.
    std::string host = GetPart(handle, CURLUPART_HOST, CURLU_PUNYCODE);
    if (host.empty()) return UrlError(original, "no host");
    for (char& c : host) c = LowerAscii(c);
    if (curl_url_set(handle, CURLUPART_HOST, host.c_str(), 0) != CURLUE_OK) {
      return UrlError(original, "bad host");
    }
  }
  curl_url_set(handle, CURLUPART_FRAGMENT, nullptr, 0);
  // An empty query ("a?") is dropped with its "?", like one that held only tracking.
  const std::string kept = NormalizeEscapes(StripTracking(GetPart(handle, CURLUPART_QUERY)));
  if (curl_url_set(handle, CURLUPART_QUERY, kept.empty() ? nullptr : kept.c_str(), 0) !=
      CURLUE_OK) {
    return UrlError(original, "bad query");
  }
  if (GetPart(handle, CURLUPART_PATH).empty()) curl_url_set(handle, CURLUPART_PATH, "/", 0);
  std::string result = GetPart(handle, CURLUPART_URL, CURLU_NO_DEFAULT_PORT | CURLU_PUNYCODE);
  if (result.empty()) return UrlError(original, "cannot be rebuilt");
  // Escapes are normalised on the built string: curl's URL API stores them
  // with the case it is given (or lower), never upper.
  const size_t origin = UrlOrigin(result).size();
  return result.substr(0, origin) + NormalizeEscapes(std::string_view(result).substr(origin));
}

Status CheckText(std::string_view url) {
  // c_str() would silently cut the URL at the NUL and name another document.
  if (url.find('\0') != std::string_view::npos) return UrlError(url, "NUL byte in URL");
  if (url.empty()) return UrlError(url, "empty");
  return Status::Ok();
}

}  // namespace

bool IsTrackingParameter(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = LowerAscii(c);
  if (lower.starts_with("utm_")) return true;
  static constexpr std::array<std::string_view, 17> kNames = {
      "fbclid", "gclid",  "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid",  "igshid",
      "mc_cid", "mc_eid", "_ga",    "_gl",   "_hsenc", "_hsmi",  "mkt_tok", "twclid",
  };
  for (const std::string_view known : kNames) {
    if (lower == known) return true;
  }
  return false;
}

StatusOr<std::string> CanonicalizeUrl(std::string_view url) {
  FACTSIFT_RETURN_IF_ERROR(CheckText(url));
  CurlUrlPtr handle(curl_url());
  if (handle == nullptr) return Status::Internal("url: curl_url failed");
  const std::string text(url);
  const CURLUcode code = curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), 0);
  if (code != CURLUE_OK) return UrlError(url, std::string("malformed: ") + curl_url_strerror(code));
  return CanonicalizeHandle(handle.get(), url);
}

StatusOr<std::string> ResolveUrl(std::string_view base, std::string_view reference) {
  FACTSIFT_RETURN_IF_ERROR(CheckText(base));
  FACTSIFT_RETURN_IF_ERROR(CheckText(reference));
  CurlUrlPtr handle(curl_url());
  if (handle == nullptr) return Status::Internal("url: curl_url failed");
  const std::string base_text(base);
  if (curl_url_set(handle.get(), CURLUPART_URL, base_text.c_str(), 0) != CURLUE_OK) {
    return UrlError(base, "malformed base URL");
  }
  // Setting a URL on a handle that holds one resolves it as a reference.
  // Surrounding spaces are common in hand-written hrefs and never meant.
  std::string text(reference);
  const size_t first = text.find_first_not_of(" \t\r\n");
  const size_t last = text.find_last_not_of(" \t\r\n");
  text = first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
  if (text.empty()) return UrlError(reference, "empty reference");
  // A fragment alone names the base document (RFC 3986 5.2.2); libcurl 7.88
  // would drop the base's last path segment instead.
  if (text[0] == '#') return CanonicalizeHandle(handle.get(), base);
  const CURLUcode code = curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), CURLU_URLENCODE);
  if (code != CURLUE_OK) {
    return UrlError(reference, std::string("malformed: ") + curl_url_strerror(code));
  }
  return CanonicalizeHandle(handle.get(), reference);
}

std::string_view UrlScheme(std::string_view url) {
  const size_t colon = url.find(':');
  return colon == std::string_view::npos ? std::string_view() : url.substr(0, colon);
}

std::string_view UrlOrigin(std::string_view url) {
  const size_t authority = url.find("://");
  if (authority == std::string_view::npos) return {};
  if (url.substr(0, authority) == "file") return url.substr(0, authority + 3);
  const size_t path = url.find_first_of("/?#", authority + 3);
  return path == std::string_view::npos ? url : url.substr(0, path);
}

std::string_view UrlPathAndQuery(std::string_view url) {
  const std::string_view origin = UrlOrigin(url);
  std::string_view rest = url.substr(origin.size());
  if (rest.empty()) return "/";
  const size_t fragment = rest.find('#');
  return fragment == std::string_view::npos ? rest : rest.substr(0, fragment);
}

}  // namespace factsift::crawler
