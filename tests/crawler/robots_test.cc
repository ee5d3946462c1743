// Tests for crawler/robots.h against RFC 9309 (https://www.rfc-editor.org/rfc/rfc9309).
// Spec_ rows come from the RFC's text and examples; Heuristic_ rows are house
// choices where the RFC is silent.
#include "crawler/robots.h"

#include <string>

#include <gtest/gtest.h>

namespace factsift::crawler {
namespace {

struct Row {
  const char* agent;
  const char* path;
  bool allowed;
};

void ExpectRows(std::string_view robots, const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    SCOPED_TRACE(std::string(row.agent) + " " + row.path);
    const RobotsPolicy policy = RobotsPolicy::Parse(robots, row.agent);
    EXPECT_EQ(policy.IsAllowed(row.path), row.allowed);
  }
}

// RFC 9309 5.1 "Simple Example".
constexpr char kSimpleExample[] = R"(User-Agent: *
Disallow: *.gif$
Disallow: /example/
Allow: /publications/

User-Agent: foobot
Disallow:/
Allow:/example/page.html
Allow:/example/allowed.gif

User-Agent: barbot
User-Agent: bazbot
Disallow: /example/page.html

User-Agent: quxbot

EOF
)";

TEST(RobotsPolicy, Spec_SimpleExample) {
  ExpectRows(kSimpleExample, {
                                 // foobot: everything disallowed but two files.
                                 {"foobot", "/example/page.html", true},
                                 {"foobot", "/example/allowed.gif", true},
                                 {"foobot", "/example/other.html", false},
                                 {"foobot", "/", false},
                                 // barbot and bazbot share a group.
                                 {"barbot", "/example/page.html", false},
                                 {"bazbot", "/example/page.html", false},
                                 {"barbot", "/example/other.html", true},
                                 {"bazbot", "/publications/x", true},
                                 // quxbot's group has no rules: everything allowed.
                                 {"quxbot", "/example/page.html", true},
                                 {"quxbot", "/a.gif", true},
                                 // Anyone else gets the "*" group.
                                 {"otherbot", "/x.gif", false},
                                 {"otherbot", "/x.gif?size=2", true},  // "$" anchors the end.
                                 {"otherbot", "/example/page.html", false},
                                 {"otherbot", "/publications/2026", true},
                                 {"otherbot", "/news/a.html", true},
                             });
}

// RFC 9309 5.2 "Longest Match": the most specific rule, in octets, wins.
TEST(RobotsPolicy, Spec_LongestMatch) {
  constexpr char kRobots[] = R"(User-Agent: foobot
Allow: /example/page/
Disallow: /example/page/disallowed.gif
)";
  ExpectRows(kRobots, {
                          {"foobot", "/example/page/", true},
                          {"foobot", "/example/page/allowed.gif", true},
                          {"foobot", "/example/page/disallowed.gif", false},
                      });
}

// RFC 9309 2.2.2: equivalent Allow and Disallow rules: Allow SHOULD be used.
TEST(RobotsPolicy, Spec_AllowWinsTies) {
  ExpectRows("User-agent: *\nDisallow: /page\nAllow: /page\n", {{"x", "/page", true}});
  ExpectRows("User-agent: *\nAllow: /p\nDisallow: /\n",
             {{"x", "/page", true}, {"x", "/other", false}});
}

// RFC 9309 2.2.3: "*" for any sequence, "$" for the end of the path.
TEST(RobotsPolicy, Spec_SpecialCharacters) {
  constexpr char kRobots[] = R"(User-agent: *
Disallow: /path/file-with-a-*.html
Disallow: /path/foo-$
Disallow: /*/private/*.pdf$
)";
  ExpectRows(kRobots, {
                          {"x", "/path/file-with-a-wildcard.html", false},
                          {"x", "/path/file-with-a-.html", false},
                          {"x", "/path/file-with-b.html", true},
                          {"x", "/path/foo-", false},
                          {"x", "/path/foo-bar", true},
                          {"x", "/a/private/b/c.pdf", false},
                          {"x", "/a/private/b/c.pdf?dl=1", true},
                      });
}

// RFC 9309 2.2.2 table: escapes of unreserved characters are decoded, other
// octets compared percent-encoded (non-ASCII encoded as UTF-8 octets).
TEST(RobotsPolicy, Spec_PercentEncoding) {
  ExpectRows("User-agent: *\nDisallow: /foo/bar/%62%61%7A\n", {{"x", "/foo/bar/baz", false}});
  ExpectRows("User-agent: *\nDisallow: /foo/bar/\xE3\x83\x84\n",
             {{"x", "/foo/bar/%E3%83%84", false}, {"x", "/foo/bar/%e3%83%84", false}});
  ExpectRows("User-agent: *\nDisallow: /foo/bar?baz=quz\n", {{"x", "/foo/bar?baz=quz", false}});
}

// RFC 9309 2.2.1: product tokens match case-insensitively; several groups for
// one crawler combine; without a matching group, "*" groups (combined) apply.
TEST(RobotsPolicy, Spec_GroupSelection) {
  constexpr char kRobots[] = R"(User-agent: FactSift/2.0
Disallow: /a/

User-agent: *
Disallow: /b/

User-agent: factsift
Disallow: /c/
)";
  ExpectRows(kRobots, {
                          {"factsift", "/a/1", false},
                          {"factsift", "/c/1", false},
                          {"factsift", "/b/1", true},  // Its own groups replace "*".
                          {"otherbot", "/b/1", false},
                          {"otherbot", "/a/1", true},
                      });
}

// RFC 9309 2.2.2: /robots.txt is always allowed; no rules: everything allowed.
TEST(RobotsPolicy, Spec_RobotsTxtAndEmptyFile) {
  ExpectRows("User-agent: *\nDisallow: /\n", {{"x", "/robots.txt", true}, {"x", "/", false}});
  ExpectRows("", {{"x", "/anything", true}});
  ExpectRows("User-agent: *\nDisallow:\n", {{"x", "/anything", true}});  // Empty: no rule.
}

// Heuristic_: comments, CR-only and CRLF line ends, a BOM, any key case, rules
// before any user-agent ignored, "fish" taken as "/fish".
TEST(RobotsPolicy, Heuristic_TolerantParsing) {
  ExpectRows("\xEF\xBB\xBF# hi\r\nDisallow: /early\r\nUSER-AGENT: *  # all\rDISALLOW: fish\r\n",
             {{"x", "/fish/1", false}, {"x", "/early", true}});
}

TEST(RobotsPolicy, CrawlDelayAndSitemaps) {
  constexpr char kRobots[] = R"(Sitemap: https://a.example/sitemap.xml
User-agent: factsift
Crawl-delay: 2.5
Disallow: /x

User-agent: *
Crawl-delay: 9
Sitemap: https://a.example/news.xml
)";
  const RobotsPolicy ours = RobotsPolicy::Parse(kRobots, "factsift");
  ASSERT_TRUE(ours.crawl_delay_s().has_value());
  EXPECT_DOUBLE_EQ(*ours.crawl_delay_s(), 2.5);
  EXPECT_EQ(ours.sitemaps(), (std::vector<std::string>{"https://a.example/sitemap.xml",
                                                       "https://a.example/news.xml"}));
  EXPECT_DOUBLE_EQ(*RobotsPolicy::Parse(kRobots, "other").crawl_delay_s(), 9);
  EXPECT_FALSE(
      RobotsPolicy::Parse("User-agent: *\nCrawl-delay: soon\n", "x").crawl_delay_s().has_value());
}

// RFC 9309 2.5: at least 500 KiB are parsed; what lies beyond kMaxRobotsBytes is not.
TEST(RobotsPolicy, Spec_SizeLimit) {
  std::string robots = "User-agent: *\nDisallow: /early\n";
  robots += std::string(kMaxRobotsBytes, '#') + "\nDisallow: /late\n";
  ExpectRows(robots, {{"x", "/early", false}, {"x", "/late", true}});
}

TEST(RobotsPolicy, AllowAllAndDisallowAll) {
  EXPECT_TRUE(RobotsPolicy::AllowAll().IsAllowed("/x"));
  EXPECT_FALSE(RobotsPolicy::DisallowAll().IsAllowed("/x"));
  EXPECT_TRUE(RobotsPolicy::DisallowAll().IsAllowed("/robots.txt"));
}

TEST(ProductToken, LeadingLettersOfTheUserAgent) {
  EXPECT_EQ(ProductToken("factsift/0.1 (+https://x/bot)"), "factsift");
  EXPECT_EQ(ProductToken("My_Bot-2"), "My_Bot-");
  EXPECT_EQ(ProductToken("/x"), "");
}

// A pathological pattern must not take exponential time.
TEST(RobotsPatternMatches, ManyWildcardsStayFast) {
  std::string pattern = "/";
  for (int i = 0; i < 200; ++i) pattern += "*a";
  pattern += "b";
  const std::string path = "/" + std::string(2000, 'a');
  EXPECT_FALSE(RobotsPatternMatches(pattern, path));
  EXPECT_TRUE(RobotsPatternMatches("/*a$", path));
}

}  // namespace
}  // namespace factsift::crawler
