// robots.txt: parsing and matching per RFC 9309 (Robots Exclusion Protocol).
// Spec: https://www.rfc-editor.org/rfc/rfc9309
//
//   RobotsPolicy policy = RobotsPolicy::Parse(body, ProductToken(user_agent));
//   if (!policy.IsAllowed(UrlPathAndQuery(url))) ...skip the URL...
//
// The most specific rule wins (RFC 9309 2.2.2): the matching rule with the
// longest pattern, in octets. For
//   Allow: /p
//   Disallow: /
// "/page" is allowed (2 octets beat 1) and "/other" is not. When an Allow and
// a Disallow rule are equally long, Allow wins.
#ifndef FACTSIFT_CRAWLER_ROBOTS_H_
#define FACTSIFT_CRAWLER_ROBOTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace factsift::crawler {

// Bytes of a robots.txt that are parsed; the rest is ignored. RFC 9309 2.5:
// crawlers must parse at least 500 KiB.
inline constexpr size_t kMaxRobotsBytes = 512 * 1024;

// The product token of a User-Agent header: its leading run of letters, "_"
// and "-" (RFC 9309 2.2.1). "factsift/0.1 (+https://x/bot)" -> "factsift".
std::string ProductToken(std::string_view user_agent);

// The rules of one robots.txt that apply to one crawler. Immutable after
// Parse; thread-safe for concurrent reads.
class RobotsPolicy {
 public:
  // Allows everything: no robots.txt (HTTP 4xx, RFC 9309 2.3.1.3).
  static RobotsPolicy AllowAll();
  // Allows nothing but /robots.txt: robots.txt unreachable (5xx, network
  // errors, RFC 9309 2.3.1.4).
  static RobotsPolicy DisallowAll();

  // Parses `body` and keeps the groups that apply to `product_token`: the
  // groups whose user-agent lines name the token (case-insensitively),
  // combined; failing those the "*" groups, combined; failing those none
  // (everything allowed). Lines that cannot be parsed are ignored, as are
  // rules before the first user-agent line and bytes past kMaxRobotsBytes.
  // Sitemap lines are collected from the whole file.
  static RobotsPolicy Parse(std::string_view body, std::string_view product_token);

  // True when `path` (path and query of a URL, starting with "/") may be
  // fetched. "/robots.txt" is always allowed (RFC 9309 2.2.2).
  bool IsAllowed(std::string_view path) const;

  // The Crawl-delay of the applying groups in seconds (the first valid one);
  // nullopt when none. Not in RFC 9309, but widely used.
  std::optional<double> crawl_delay_s() const { return crawl_delay_s_; }
  // Every "Sitemap:" URL in the file, in order, as written.
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }

 private:
  struct Rule {
    bool allow = false;
    std::string pattern;  // Normalised escapes; may hold "*" and end with "$".
  };

  std::vector<Rule> rules_;
  bool disallow_all_ = false;
  std::optional<double> crawl_delay_s_;
  std::vector<std::string> sitemaps_;
};

// True when `path` matches the robots.txt path `pattern`: "*" matches any
// run of characters, a final "$" anchors the end, otherwise a prefix match.
// Both sides are compared after percent-escape normalisation. Exposed for tests.
bool RobotsPatternMatches(std::string_view pattern, std::string_view path);

}  // namespace factsift::crawler

#endif  // FACTSIFT_CRAWLER_ROBOTS_H_
