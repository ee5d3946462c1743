// RobotsPolicy: a line parser, group selection and longest-match rules (RFC 9309).
#include "crawler/robots.h"

#include <charconv>
#include <cmath>
#include <vector>

#include "common/ascii.h"

namespace factsift::crawler {
namespace {

std::string_view Trim(std::string_view text) { return TrimAny(text, " \t"); }

bool IsTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 9309 2.2.2: octets outside ASCII are percent-encoded, escapes of
// unreserved characters decoded, so that "/a%7Eb", "/a~b" and "/a%7eb" are
// one path. Escape digits are upper-cased.
std::string NormalizePath(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      const auto byte =
          static_cast<unsigned char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      const bool unreserved = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                              (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' ||
                              byte == '_' || byte == '~';
      if (unreserved) {
        out += static_cast<char>(byte);
      } else {
        out += '%';
        out += kHex[byte >> 4];
        out += kHex[byte & 0xf];
      }
      i += 2;
    } else if (c >= 0x80 || c <= 0x20) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Matching over normalised strings. Positions in `path` that the pattern so
// far can end at, kept sorted and unique: a "*" extends the set to every
// position from its smallest onwards, a literal advances each position that
// matches it. O(pattern x path), without the exponential backtracking a
// naive "*" matcher has on patterns like "/*a*a*a*b".
bool MatchNormalized(std::string_view pattern, std::string_view path) {
  bool anchored = false;
  if (!pattern.empty() && pattern.back() == '$') {
    anchored = true;
    pattern.remove_suffix(1);
  }
  std::vector<size_t> positions = {0};
  std::vector<size_t> next;
  for (const char p : pattern) {
    if (p == '*') {
      const size_t from = positions.front();
      positions.clear();
      for (size_t i = from; i <= path.size(); ++i) positions.push_back(i);
      continue;
    }
    next.clear();
    for (const size_t at : positions) {
      if (at < path.size() && path[at] == p) next.push_back(at + 1);
    }
    if (next.empty()) return false;
    positions.swap(next);
  }
  if (!anchored) return true;
  return positions.back() == path.size();
}

enum class Key { kUserAgent, kAllow, kDisallow, kCrawlDelay, kSitemap, kOther };

Key ParseKey(std::string_view key) {
  if (EqualsIgnoreCase(key, "user-agent")) return Key::kUserAgent;
  if (EqualsIgnoreCase(key, "allow")) return Key::kAllow;
  if (EqualsIgnoreCase(key, "disallow")) return Key::kDisallow;
  if (EqualsIgnoreCase(key, "crawl-delay")) return Key::kCrawlDelay;
  if (EqualsIgnoreCase(key, "sitemap")) return Key::kSitemap;
  return Key::kOther;
}

struct Group {
  std::vector<std::string> agents;  // Product tokens, or "*".
  std::vector<std::pair<bool, std::string>> rules;
  std::optional<double> crawl_delay_s;
};

}  // namespace

std::string ProductToken(std::string_view user_agent) {
  size_t end = 0;
  while (end < user_agent.size() && IsTokenChar(user_agent[end])) ++end;
  return std::string(user_agent.substr(0, end));
}

bool RobotsPatternMatches(std::string_view pattern, std::string_view path) {
  return MatchNormalized(NormalizePath(pattern), NormalizePath(path));
}

RobotsPolicy RobotsPolicy::AllowAll() { return RobotsPolicy(); }

RobotsPolicy RobotsPolicy::DisallowAll() {
  RobotsPolicy policy;
  policy.disallow_all_ = true;
  return policy;
}

RobotsPolicy RobotsPolicy::Parse(std::string_view body, std::string_view product_token) {
  if (body.size() > kMaxRobotsBytes) body = body.substr(0, kMaxRobotsBytes);
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);  // UTF-8 BOM.

  RobotsPolicy policy;
  std::vector<Group> groups;
  bool in_agent_lines = false;  // The previous record was a user-agent line.
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(start, end - start);
    start = end + 1;
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const Key key = ParseKey(Trim(line.substr(0, colon)));
    const std::string_view value = Trim(line.substr(colon + 1));
    switch (key) {
      case Key::kUserAgent: {
        // Consecutive user-agent lines share one group (RFC 9309 2.1).
        if (!in_agent_lines) groups.emplace_back();
        in_agent_lines = true;
        const std::string token = value.starts_with("*") ? "*" : ProductToken(value);
        if (!token.empty()) groups.back().agents.push_back(token);
        break;
      }
      case Key::kAllow:
      case Key::kDisallow: {
        in_agent_lines = false;
        // An empty Disallow allows everything, which is what no rule does.
        if (groups.empty() || value.empty()) break;
        std::string pattern(value);
        // A pattern must start with "/"; "fish" is taken as "/fish".
        if (pattern[0] != '/' && pattern[0] != '*') pattern = "/" + pattern;
        groups.back().rules.emplace_back(key == Key::kAllow, NormalizePath(pattern));
        break;
      }
      case Key::kCrawlDelay: {
        in_agent_lines = false;
        if (groups.empty() || groups.back().crawl_delay_s.has_value()) break;
        double seconds = 0;
        const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
        if (ec == std::errc() && ptr == value.data() + value.size() && std::isfinite(seconds) &&
            seconds >= 0) {
          groups.back().crawl_delay_s = seconds;
        }
        break;
      }
      case Key::kSitemap:
        // Not part of any group (RFC 9309 2.3.5): does not end the agent lines.
        if (!value.empty()) policy.sitemaps_.emplace_back(value);
        break;
      case Key::kOther:
        break;
    }
  }

  const auto applies = [&](const Group& group, std::string_view token) {
    for (const std::string& agent : group.agents) {
      if (EqualsIgnoreCase(agent, token)) return true;
    }
    return false;
  };
  bool named = false;
  for (const Group& group : groups) named = named || applies(group, product_token);
  const std::string_view wanted = named ? product_token : std::string_view("*");
  for (const Group& group : groups) {
    if (!applies(group, wanted)) continue;
    for (const auto& [allow, pattern] : group.rules) policy.rules_.push_back({allow, pattern});
    if (!policy.crawl_delay_s_.has_value()) policy.crawl_delay_s_ = group.crawl_delay_s;
  }
  return policy;
}

bool RobotsPolicy::IsAllowed(std::string_view path) const {
  if (path == "/robots.txt") return true;
  if (disallow_all_) return false;
  const std::string normalized = NormalizePath(path.empty() ? "/" : path);
  size_t best_length = 0;
  bool best_allow = true;
  bool matched = false;
  for (const Rule& rule : rules_) {
    if (!MatchNormalized(rule.pattern, normalized)) continue;
    const size_t length = rule.pattern.size();
    if (!matched || length > best_length || (length == best_length && rule.allow)) {
      best_length = length;
      best_allow = rule.allow;
      matched = true;
    }
  }
  return !matched || best_allow;
}

}  // namespace factsift::crawler
