// Tests for crawler/url.h: canonical URLs (RFC 3986 section 6) and tracking parameters.
#include "crawler/url.h"

#include <string>

#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace factsift::crawler {
namespace {

// Spec_: RFC 3986 6.2.2 (case, percent-encoding, dot segments) and 6.2.3
// (scheme-based: default port, empty path). Heuristic_: fragments and
// tracking parameters, which never change the document.
TEST(CanonicalizeUrl, Spec_AndHeuristic_Normalisations) {
  const struct {
    const char* input;
    const char* canonical;
  } kRows[] = {
      {"HTTPS://News.Example/a", "https://news.example/a"},
      {"https://news.example:443/a", "https://news.example/a"},
      {"http://news.example:80/a", "http://news.example/a"},
      {"http://news.example:8080/a", "http://news.example:8080/a"},
      {"https://news.example", "https://news.example/"},
      {"https://news.example/a/./b/../c", "https://news.example/a/c"},
      {"https://news.example/a%7eb", "https://news.example/a~b"},
      {"https://news.example/a%2fb", "https://news.example/a%2Fb"},
      {"https://news.example/a#comments", "https://news.example/a"},
      {"https://news.example/a?utm_source=x&id=7&utm_medium=y", "https://news.example/a?id=7"},
      {"https://news.example/a?fbclid=1", "https://news.example/a"},
      {"https://news.example/a?gclid=1&msclkid=2&page=2", "https://news.example/a?page=2"},
      {"https://news.example/a?", "https://news.example/a"},
      {"https://news.example/a?b=1&a=2", "https://news.example/a?b=1&a=2"},  // Order kept.
      {"file:///tmp/x.html", "file:///tmp/x.html"},
  };
  for (const auto& row : kRows) {
    SCOPED_TRACE(row.input);
    const StatusOr<std::string> url = CanonicalizeUrl(row.input);
    ASSERT_OK(url);
    EXPECT_EQ(*url, row.canonical);
  }
}

TEST(CanonicalizeUrl, RejectsWhatIsNotAnAbsoluteWebUrl) {
  for (const std::string& input :
       {std::string("not a url"), std::string(""), std::string("ftp://x.example/f"),
        std::string("javascript:alert(1)"), std::string("/relative/path"),
        std::string("http://a/\0b", 11)}) {
    SCOPED_TRACE(input);
    EXPECT_EQ(CanonicalizeUrl(input).status().code(), StatusCode::kInvalidArgument);
  }
}

// RFC 3986 5.4.1 "Normal Examples", base "http://a/b/c/d;p?q".
TEST(ResolveUrl, Spec_NormalExamples) {
  const struct {
    const char* reference;
    const char* resolved;
  } kRows[] = {
      {"g", "http://a/b/c/g"},     {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},   {"/g", "http://a/g"},
      {"//g", "http://g/"},        {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"}, {"#s", "http://a/b/c/d;p?q"},  // Fragment dropped.
      {"..", "http://a/b/"},       {"../g", "http://a/b/g"},
      {"../..", "http://a/"},      {"../../g", "http://a/g"},
      {"  g  ", "http://a/b/c/g"}, {"https://other.example/x", "https://other.example/x"},
  };
  for (const auto& row : kRows) {
    SCOPED_TRACE(row.reference);
    const StatusOr<std::string> url = ResolveUrl("http://a/b/c/d;p?q", row.reference);
    ASSERT_OK(url);
    EXPECT_EQ(*url, row.resolved);
  }
}

TEST(IsTrackingParameter, ClickIdsAndUtm) {
  for (const char* name : {"utm_source", "UTM_Campaign", "fbclid", "gclid", "msclkid", "mc_cid"}) {
    EXPECT_TRUE(IsTrackingParameter(name)) << name;
  }
  for (const char* name : {"id", "page", "utm", "q", "ref"}) {
    EXPECT_FALSE(IsTrackingParameter(name)) << name;
  }
}

TEST(UrlParts, OriginAndPathOfCanonicalUrls) {
  EXPECT_EQ(UrlOrigin("https://a.example:8443/x/y?q=1"), "https://a.example:8443");
  EXPECT_EQ(UrlOrigin("https://a.example/"), "https://a.example");
  EXPECT_EQ(UrlOrigin("file:///tmp/a.html"), "file://");
  EXPECT_EQ(UrlPathAndQuery("https://a.example:8443/x/y?q=1"), "/x/y?q=1");
  EXPECT_EQ(UrlPathAndQuery("https://a.example"), "/");
  EXPECT_EQ(UrlScheme("https://a.example/"), "https");
}

}  // namespace
}  // namespace factsift::crawler
