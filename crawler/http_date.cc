// ParseHttpDate: a token reader that accepts the HTTP and RFC 5322 date forms.
#include "crawler/http_date.h"

#include <array>
#include <charconv>
#include <cstdio>
#include <string>
#include <vector>

#include "common/ascii.h"
#include "common/time_util.h"

namespace factsift::crawler {
namespace {

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int ToInt(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

// 1-12 for "jan".."dec" (any case, any length from three letters); 0 otherwise.
int MonthNumber(std::string_view token) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (token.size() < 3) return 0;
  const std::string prefix = LowerAscii(token.substr(0, 3));
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (prefix == kMonths[i]) return static_cast<int>(i) + 1;
  }
  return 0;
}

// Offset east of UTC in minutes for a zone token; nullopt when not a zone.
std::optional<int> ZoneMinutes(std::string_view token) {
  if ((token[0] == '+' || token[0] == '-') && token.size() == 5 && AllDigits(token.substr(1))) {
    const int hhmm = ToInt(token.substr(1));
    const int minutes = hhmm / 100 * 60 + hhmm % 100;
    return token[0] == '-' ? -minutes : minutes;
  }
  struct Named {
    std::string_view name;
    int hours;
  };
  static constexpr std::array<Named, 12> kZones = {{{"gmt", 0},
                                                    {"ut", 0},
                                                    {"utc", 0},
                                                    {"z", 0},
                                                    {"est", -5},
                                                    {"edt", -4},
                                                    {"cst", -6},
                                                    {"cdt", -5},
                                                    {"mst", -7},
                                                    {"mdt", -6},
                                                    {"pst", -8},
                                                    {"pdt", -7}}};
  const std::string lower = LowerAscii(token);
  for (const Named& zone : kZones) {
    if (lower == zone.name) return zone.hours * 60;
  }
  return std::nullopt;
}

}  // namespace

std::optional<int64_t> ParseHttpDate(std::string_view text) {
  // Split on spaces and commas; "06-Nov-94" (RFC 850) splits on "-" too, but
  // only inside a token that has a month between its dashes.
  std::vector<std::string_view> tokens;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find_first_of(" \t,", start);
    const std::string_view token =
        text.substr(start, (end == std::string_view::npos ? text.size() : end) - start);
    if (!token.empty()) {
      const size_t dash1 = token.find('-');
      const size_t dash2 = dash1 == std::string_view::npos ? dash1 : token.find('-', dash1 + 1);
      if (dash1 != std::string_view::npos && dash1 > 0 && dash2 != std::string_view::npos &&
          MonthNumber(token.substr(dash1 + 1, dash2 - dash1 - 1)) != 0) {
        tokens.push_back(token.substr(0, dash1));
        tokens.push_back(token.substr(dash1 + 1, dash2 - dash1 - 1));
        tokens.push_back(token.substr(dash2 + 1));
      } else {
        tokens.push_back(token);
      }
    }
    if (end == std::string_view::npos) break;
    start = end + 1;
  }

  int day = 0, month = 0, year = -1, hour = -1, minute = 0, second = 0;
  int zone_minutes = 0;
  for (const std::string_view token : tokens) {
    if (token.find(':') != std::string_view::npos) {
      // hh:mm or hh:mm:ss
      const size_t c1 = token.find(':');
      const size_t c2 = token.find(':', c1 + 1);
      const std::string_view h = token.substr(0, c1);
      const std::string_view m =
          token.substr(c1 + 1, (c2 == std::string_view::npos ? token.size() : c2) - c1 - 1);
      const std::string_view s = c2 == std::string_view::npos ? "0" : token.substr(c2 + 1);
      if (!AllDigits(h) || !AllDigits(m) || !AllDigits(s)) return std::nullopt;
      hour = ToInt(h);
      minute = ToInt(m);
      second = ToInt(s);
    } else if (const int m = MonthNumber(token); m != 0 && month == 0 && !AllDigits(token)) {
      month = m;
    } else if (AllDigits(token)) {
      if (token.size() == 4) {
        year = ToInt(token);
      } else if (token.size() <= 2 && day == 0) {
        day = ToInt(token);
      } else if (token.size() == 2 && year < 0) {
        // RFC 5322 4.3: two-digit years are 19xx from 50 on, else 20xx.
        const int yy = ToInt(token);
        year = yy < 50 ? 2000 + yy : 1900 + yy;
      } else {
        return std::nullopt;
      }
    } else if (const std::optional<int> zone = ZoneMinutes(token); zone.has_value()) {
      zone_minutes = *zone;
    }
    // Weekday names and unknown words are skipped.
  }
  if (day < 1 || day > 31 || month == 0 || year < 1900 || hour < 0 || hour > 23 || minute > 59 ||
      second > 60) {
    return std::nullopt;
  }
  char iso[64];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour, minute,
                second > 59 ? 59 : second);
  const std::optional<int64_t> utc = ParseIsoToMs(iso);
  if (!utc.has_value()) return std::nullopt;
  return *utc - static_cast<int64_t>(zone_minutes) * 60 * 1000;
}

std::optional<int64_t> ParseRetryAfterMs(std::string_view value, int64_t now_ms) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (AllDigits(value)) {
    if (value.size() > 9) return int64_t{999999999} * 1000;  // Absurd, but a number: "very long".
    return static_cast<int64_t>(ToInt(value)) * 1000;
  }
  const std::optional<int64_t> date = ParseHttpDate(value);
  if (!date.has_value()) return std::nullopt;
  return *date > now_ms ? *date - now_ms : 0;
}

}  // namespace factsift::crawler
