// Claim windows: period fields and sentence time phrases to whole UTC days.
#include "common/claim_window.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <vector>

#include "common/ascii.h"

namespace factsift {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;
using std::chrono::year_month_day_last;

int64_t DayNumber(const year_month_day& date) { return sys_days(date).time_since_epoch().count(); }

year_month_day DateOf(int64_t day_number) { return year_month_day(sys_days(days(day_number))); }

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Position of `phrase` in `text` as whole words, or npos.
size_t FindWords(std::string_view text, std::string_view phrase, size_t from = 0) {
  for (size_t at = text.find(phrase, from); at != std::string_view::npos;
       at = text.find(phrase, at + 1)) {
    const bool starts = at == 0 || !IsWordChar(text[at - 1]);
    const size_t end = at + phrase.size();
    const bool ends = end == text.size() || !IsWordChar(text[end]);
    if (starts && ends) return at;
  }
  return std::string_view::npos;
}

bool HasWords(std::string_view text, std::string_view phrase) {
  return FindWords(text, phrase) != std::string_view::npos;
}

template <size_t N>
bool HasAny(std::string_view text, const std::array<std::string_view, N>& phrases) {
  for (std::string_view phrase : phrases) {
    if (HasWords(text, phrase)) return true;
  }
  return false;
}

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> kWeekdays = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

ClaimWindow Window(int64_t from, int64_t to, std::string source) {
  return ClaimWindow{.from_day = from, .to_day = to, .source = std::move(source)};
}

// "late January" and the like. The year is P's, or the one before when the
// month would start after P (an article in March about "late November").
std::optional<ClaimWindow> MonthPhrase(std::string_view text, int64_t published) {
  const year_month_day pub = DateOf(published);
  for (size_t m = 0; m < kMonths.size(); ++m) {
    const std::string_view name = kMonths[m];
    const size_t at = FindWords(text, name);
    if (at == std::string_view::npos) continue;
    // "May" is also a verb: only "in May" / "early May" etc. count for it.
    const std::string_view before = text.substr(0, at);
    auto preceded_by = [&](std::string_view word) {
      return before.size() >= word.size() + 1 &&
             before.substr(before.size() - word.size() - 1) == std::string(word) + " ";
    };
    auto preceded_by_hyphen = [&](std::string_view word) {
      return before.size() >= word.size() + 1 &&
             before.substr(before.size() - word.size() - 1) == std::string(word) + "-";
    };
    int first = 1, last = 31;
    std::string part;
    // "since the start of January", "since mid-November": from then to P.
    bool since = false;
    for (std::string_view lead :
         {"since", "since early", "since mid", "since late", "since the start of",
          "since the beginning of", "since the end of", "since the middle of"}) {
      since = since || preceded_by(lead);
    }
    since = since || preceded_by_hyphen("since mid");
    if (preceded_by("early") || preceded_by("start of") || preceded_by("beginning of")) {
      last = 10;
      part = "early ";
    } else if (preceded_by("mid") || preceded_by_hyphen("mid") || preceded_by("middle of")) {
      first = 11;
      last = 20;
      part = "mid ";
    } else if (preceded_by("late") || preceded_by("end of")) {
      first = 21;
      part = "late ";
    } else if (!(since || preceded_by("in") || preceded_by("during") || preceded_by("through") ||
                 preceded_by("of"))) {
      continue;  // "March 5" or "may fall": a date or a verb, not a period.
    }
    year y = pub.year();
    const month mon{static_cast<unsigned>(m + 1)};
    if (mon > pub.month()) --y;
    const int64_t month_first = DayNumber(y / mon / day(1));
    const int64_t month_last =
        DayNumber(year_month_day(year_month_day_last(y / mon / std::chrono::last)));
    int64_t from = month_first + first - 1;
    int64_t to = since ? published : std::min<int64_t>(month_first + last - 1, month_last);
    to = std::min(to, published);
    if (from > to) continue;
    std::string label(name);
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
    return Window(from, to, "phrase '" + std::string(since ? "since " : "") + part + label + "'");
  }
  return std::nullopt;
}

// A word of the sentence with where it starts.
struct Word {
  std::string_view text;
  size_t at = 0;
};

std::vector<Word> Words(std::string_view text) {
  std::vector<Word> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !IsWordChar(text[i])) ++i;
    const size_t start = i;
    while (i < text.size() && IsWordChar(text[i])) ++i;
    if (i > start) words.push_back({text.substr(start, i - start), start});
  }
  return words;
}

// Month number (1-12) of a name or abbreviation ("feb", "sept"); 0 for none.
// "may" counts only in full dates, where it cannot be the verb.
int MonthOf(std::string_view word) {
  for (size_t m = 0; m < kMonths.size(); ++m) {
    if (word == kMonths[m]) return static_cast<int>(m) + 1;
    if (word.size() >= 3 && word.size() <= 4 && kMonths[m].starts_with(word) && word != "ma" &&
        m != 4) {
      return static_cast<int>(m) + 1;
    }
  }
  return 0;
}

int DayNumberOf(std::string_view word) {
  if (word.empty() || word.size() > 2) return 0;
  int value = 0;
  for (char c : word) {
    if (c < '0' || c > '9') return 0;
    value = value * 10 + (c - '0');
  }
  return value >= 1 && value <= 31 ? value : 0;
}

// "on February 6", "6 February", "Feb. 2": that day and the next (a US
// evening is the next UTC day), cut at P. "since Feb. 2" is a comparison.
std::optional<ClaimWindow> DatePhrase(std::string_view text, int64_t published) {
  const std::vector<Word> words = Words(text);
  const year_month_day pub = DateOf(published);
  for (size_t i = 0; i < words.size(); ++i) {
    const int m = MonthOf(words[i].text);
    if (m == 0) continue;
    int d = 0;
    size_t first = i;
    if (i + 1 < words.size() && (d = DayNumberOf(words[i + 1].text)) != 0) {
      // "February 6" (but "February 2026" is a year: DayNumberOf refuses it).
    } else if (i > 0 && (d = DayNumberOf(words[i - 1].text)) != 0) {
      first = i - 1;
    } else {
      continue;
    }
    const std::string_view lead = first > 0 ? words[first - 1].text : std::string_view();
    // "by June 30", "until March 31": a deadline, not when something happened.
    if (lead == "by" || lead == "until" || lead == "before") continue;
    const bool since = lead == "since";
    year y = pub.year();
    const month mon{static_cast<unsigned>(m)};
    year_month_day date{y, mon, day(static_cast<unsigned>(d))};
    if (!date.ok()) continue;
    if (DayNumber(date) > published)
      date = year_month_day{y - std::chrono::years(1), mon, day(static_cast<unsigned>(d))};
    if (!date.ok()) continue;
    const int64_t from = DayNumber(date);
    if (from > published) continue;
    // "has not closed above $100 since Feb. 2": the days after it.
    if (since)
      return Window(std::min(from + 1, published), published,
                    "phrase 'since " + FormatDay(from) + "'");
    return Window(from, std::min(from + 1, published), "phrase 'date " + FormatDay(from) + "'");
  }
  return std::nullopt;
}

// The latest day on or before `day` that is the weekday `weekday` (Monday = 0).
int64_t LatestWeekday(int64_t day, int64_t weekday) {
  // 1970-01-01 was a Thursday (index 3 with Monday = 0).
  const int64_t weekday_of_day = ((day % 7) + 7 + 3) % 7;
  return day - (weekday_of_day - weekday + 7) % 7;
}

// "since Monday": the latest such weekday on or before P.
std::optional<ClaimWindow> SinceWeekday(std::string_view text, int64_t published) {
  for (size_t w = 0; w < kWeekdays.size(); ++w) {
    if (!HasWords(text, std::string("since ") + std::string(kWeekdays[w]))) continue;
    return Window(LatestWeekday(published, static_cast<int64_t>(w)), published,
                  "phrase 'since " + std::string(kWeekdays[w]) + "'");
  }
  return std::nullopt;
}

// "on Monday", "Tuesday's rally": the latest such weekday on or before P,
// and the next day (a US evening is the next UTC day), cut at P. "by
// Friday" is a deadline and "next Monday" the future: neither dates a claim.
std::optional<ClaimWindow> WeekdayPhrase(std::string_view text, int64_t published) {
  const std::vector<Word> words = Words(text);
  for (size_t i = 0; i < words.size(); ++i) {
    // "Monday's" is "monday" then "s": an apostrophe ends a word.
    const auto found = std::find(kWeekdays.begin(), kWeekdays.end(), words[i].text);
    if (found == kWeekdays.end()) continue;
    const std::string_view lead = i > 0 ? words[i - 1].text : std::string_view();
    if (lead == "since" || lead == "by" || lead == "until" || lead == "till" || lead == "before" ||
        lead == "next" || lead == "through" || lead == "every") {
      continue;
    }
    // "last Tuesday" in a Tuesday's article is a week before.
    const int64_t day =
        LatestWeekday(lead == "last" ? published - 1 : published, found - kWeekdays.begin());
    return Window(day, std::min(day + 1, published),
                  "phrase '" + std::string(*found) + " " + FormatDay(day) + "'");
  }
  return std::nullopt;
}

// Phrases of the sentence, most specific first.
std::optional<ClaimWindow> FromSentence(std::string_view text, int64_t p) {
  if (std::optional<ClaimWindow> date = DatePhrase(text, p)) return date;
  if (std::optional<ClaimWindow> month_window = MonthPhrase(text, p)) return month_window;
  if (std::optional<ClaimWindow> since = SinceWeekday(text, p)) return since;
  if (std::optional<ClaimWindow> weekday = WeekdayPhrase(text, p)) return weekday;
  if (HasWords(text, "weekend")) {
    // The last Saturday on or before P, to the Monday (a US Sunday evening).
    const int64_t saturday = LatestWeekday(p, 5);
    return Window(saturday, std::min(saturday + 2, p), "phrase 'weekend'");
  }
  const year_month_day pub = DateOf(p);
  if (HasAny(text, std::array<std::string_view, 3>{"month-to-date", "this month", "mtd"})) {
    return Window(DayNumber(pub.year() / pub.month() / day(1)), p, "phrase 'month-to-date'");
  }
  if (HasAny(text, std::array<std::string_view, 5>{"year-to-date", "ytd", "this year", "so far in",
                                                   "since the start of the year"})) {
    return Window(DayNumber(pub.year() / std::chrono::January / day(1)), p,
                  "phrase 'year-to-date'");
  }
  if (HasWords(text, "yesterday")) return Window(p - 1, p - 1, "phrase 'yesterday'");
  if (HasWords(text, "last week")) {
    const int64_t this_monday = LatestWeekday(p, 0);
    return Window(this_monday - 7, this_monday - 1, "phrase 'last week'");
  }
  if (HasAny(text, std::array<std::string_view, 6>{"past month", "last month", "30 days", "30-day",
                                                   "over the month", "monthly"})) {
    return Window(p - 29, p, "phrase 'past month'");
  }
  if (HasAny(text, std::array<std::string_view, 9>{"past week", "this week", "over the week",
                                                   "the week", "7 days", "seven days", "7-day",
                                                   "weekly", "of the week"})) {
    return Window(p - 6, p, "phrase 'past week'");
  }
  if (HasAny(text,
             std::array<std::string_view, 12>{"24 hours", "24-hour", "24h", "past day", "today",
                                              "overnight", "intraday", "on the day", "this morning",
                                              "this afternoon", "this evening", "tonight"})) {
    return Window(p - 1, p, "phrase 'past day'");
  }
  // A move before the news: past perfect or an explicit "previously".
  if (HasAny(text, std::array<std::string_view, 5>{"previously", "earlier", "had climbed",
                                                   "had risen", "had fallen"})) {
    return Window(p - 6, p, "phrase 'previously'");
  }
  return std::nullopt;
}

std::optional<ClaimWindow> FromPeriod(std::string_view period, int64_t p) {
  const year_month_day pub = DateOf(p);
  if (period == "24h" || period == "day" || period == "1d" || period == "today") {
    return Window(p - 1, p, "period '" + std::string(period) + "'");
  }
  if (period == "week" || period == "7d")
    return Window(p - 6, p, "period '" + std::string(period) + "'");
  if (period == "month" || period == "30d") {
    return Window(p - 29, p, "period '" + std::string(period) + "'");
  }
  if (period == "mtd" || period == "month-to-date") {
    return Window(DayNumber(pub.year() / pub.month() / day(1)), p, "period 'month-to-date'");
  }
  if (period == "ytd" || period == "year-to-date" || period == "year") {
    return Window(DayNumber(pub.year() / std::chrono::January / day(1)), p,
                  "period '" + std::string(period) + "'");
  }
  return std::nullopt;
}

}  // namespace

std::string ClaimWindow::from() const { return FormatDay(from_day); }
std::string ClaimWindow::to() const { return FormatDay(to_day); }

std::optional<int64_t> ParseDay(std::string_view iso) {
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  int values[3] = {0, 0, 0};
  const std::array<std::pair<size_t, size_t>, 3> fields = {{{0, 4}, {5, 2}, {8, 2}}};
  for (size_t i = 0; i < fields.size(); ++i) {
    for (size_t k = 0; k < fields[i].second; ++k) {
      const char c = iso[fields[i].first + k];
      if (c < '0' || c > '9') return std::nullopt;
      values[i] = values[i] * 10 + (c - '0');
    }
  }
  const year_month_day date{year(values[0]), month(static_cast<unsigned>(values[1])),
                            day(static_cast<unsigned>(values[2]))};
  if (!date.ok()) return std::nullopt;
  return DayNumber(date);
}

std::string FormatDay(int64_t day_number) {
  const year_month_day date = DateOf(day_number);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

namespace {

// The lower-cased sentence with a weekday's appositive date joined to it
// ("friday, 6 february" -> "friday 6 february"), so that no clause cut
// separates the two.
std::string JoinWeekdayDates(std::string_view sentence) {
  std::string lower = Lower(sentence);
  for (std::string_view weekday : kWeekdays) {
    const std::string joint = std::string(weekday) + ", ";
    for (size_t at = lower.find(joint); at != std::string::npos; at = lower.find(joint, at + 1)) {
      const size_t next = at + joint.size();
      const std::vector<Word> following = Words(std::string_view(lower).substr(next));
      if (!following.empty() && following[0].at == 0 &&
          (MonthOf(following[0].text) != 0 || DayNumberOf(following[0].text) != 0)) {
        lower.erase(at + weekday.size(), 1);
      }
    }
  }
  return lower;
}

// The part of `lower` around [at, at + size) between the nearest `joints`
// on either side; nullopt when no joint cuts the sentence.
template <size_t N>
std::optional<std::string> ClauseAround(const std::string& lower, size_t at, size_t size,
                                        const std::array<std::string_view, N>& joints) {
  size_t begin = 0, end = lower.size();
  for (std::string_view joint : joints) {
    const size_t before = lower.rfind(joint, at);
    if (before != std::string::npos && before + joint.size() <= at) {
      begin = std::max(begin, before + joint.size());
    }
    const size_t after = lower.find(joint, at + size);
    if (after != std::string::npos) end = std::min(end, after);
  }
  if (begin == 0 && end == lower.size()) return std::nullopt;
  return lower.substr(begin, end - begin);
}

// A weekday's reference point: "wednesday's close", "monday's high".
struct ReferencePoint {
  size_t weekday_at = 0;  // Where the weekday's name starts.
  size_t weekday_size = 0;
  size_t end = 0;              // Just past the reference noun.
  int64_t weekday = 0;         // Monday = 0.
  bool measured_from = false;  // "from wednesday's close", "since monday's high".
  std::string label;           // "from wednesday's close".
};

constexpr std::array<std::string_view, 9> kReferenceNouns = {
    "close", "closing", "open", "opening", "high", "low", "peak", "level", "settlement"};

std::vector<ReferencePoint> ReferencePoints(std::string_view lower) {
  std::vector<ReferencePoint> points;
  const std::vector<Word> words = Words(lower);
  for (size_t i = 0; i + 2 < words.size(); ++i) {
    const auto weekday = std::find(kWeekdays.begin(), kWeekdays.end(), words[i].text);
    if (weekday == kWeekdays.end() || words[i + 1].text != "s") continue;
    const size_t name_end = words[i].at + words[i].text.size();
    const std::string_view apostrophe = lower.substr(name_end, words[i + 1].at - name_end);
    if (apostrophe != "'" && apostrophe != "\u2019") continue;
    const std::string_view noun = words[i + 2].text;
    if (std::find(kReferenceNouns.begin(), kReferenceNouns.end(), noun) == kReferenceNouns.end()) {
      continue;
    }
    ReferencePoint point;
    point.weekday_at = words[i].at;
    point.weekday_size = words[i].text.size();
    point.end = words[i + 2].at + noun.size();
    point.weekday = weekday - kWeekdays.begin();
    point.measured_from = i > 0 && (words[i - 1].text == "from" || words[i - 1].text == "since");
    point.label = (point.measured_from ? std::string(words[i - 1].text) + " " : std::string()) +
                  std::string(*weekday) + "'s " + std::string(noun);
    points.push_back(std::move(point));
  }
  return points;
}

// What a weekday's reference point ("Wednesday's close of $89,300") says
// about the claim at [at, at + size) of `lower`:
//   - the claim is its figure ("close of $89,300"): the weekday dates it, as
//     any weekday phrase does, and nothing changes;
//   - the claim is measured from it in the same clause ("a decline of 9.2%
//     from Wednesday's close"): the window runs from that day, returned;
//   - otherwise it is not when the claim happened ("dropped as low as
//     $81,118 in Asian trading, a decline of 9.2% from Wednesday's close"):
//     its weekday is blanked out of `lower`, which keeps its positions.
std::optional<ClaimWindow> ResolveReferencePoints(std::string& lower, size_t at, size_t size,
                                                  int64_t published) {
  for (const ReferencePoint& point : ReferencePoints(lower)) {
    // Its own figure: just after it ("close of $89,300"), or just before it
    // in apposition ("$1,800 - last Tuesday's low"), with no other figure
    // between.
    const auto short_gap = [&](size_t from, size_t to) {
      return to - from <= 16 && !HasAsciiDigit(std::string_view(lower).substr(from, to - from));
    };
    if ((at >= point.end && short_gap(point.end, at)) ||
        (!point.measured_from && at + size <= point.weekday_at &&
         short_gap(at + size, point.weekday_at))) {
      continue;
    }
    const bool same_clause =
        point.weekday_at > at && lower.find(", ", at + size) >= point.weekday_at;
    if (point.measured_from && same_clause) {
      return Window(LatestWeekday(published, point.weekday), published,
                    "phrase '" + point.label + "'");
    }
    std::fill_n(lower.begin() + static_cast<std::ptrdiff_t>(point.weekday_at), point.weekday_size,
                ' ');
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 1> kComma = {", "};
constexpr std::array<std::string_view, 5> kJoints = {"; ", ", and ", ", while ", ", but ",
                                                     ", whereas "};

// The window a phrase of the claim's clauses gives, else one of the
// sentence's. The claim's own clause runs from the break before the claim
// to the one after it; first the narrowest, between commas ("around $67,500
// this morning, down 23% year-to-date"), then between conjunctions.
std::optional<ClaimWindow> FromClauses(const std::string& lower, size_t at, size_t size,
                                       int64_t published) {
  for (const std::optional<std::string>& clause :
       {ClauseAround(lower, at, size, kComma), ClauseAround(lower, at, size, kJoints)}) {
    if (!clause.has_value()) continue;
    if (std::optional<ClaimWindow> phrase = FromSentence(*clause, published)) return phrase;
  }
  return FromSentence(lower, published);
}

}  // namespace

std::string ClaimClause(std::string_view sentence, std::string_view claim_text) {
  std::string lower = JoinWeekdayDates(sentence);
  const std::string claim = JoinWeekdayDates(claim_text);
  const size_t at = claim.empty() ? std::string::npos : lower.find(claim);
  if (at == std::string::npos) return lower;
  return ClauseAround(lower, at, claim.size(), kComma).value_or(lower);
}

std::optional<ClaimWindow> ResolveClaimWindow(std::string_view period, std::string_view sentence,
                                              std::string_view published,
                                              std::string_view claim_text) {
  const std::optional<int64_t> p = ParseDay(published);
  if (!p.has_value()) return std::nullopt;
  std::string lower = JoinWeekdayDates(sentence);
  const std::string claim = JoinWeekdayDates(claim_text);
  const size_t at = claim.empty() ? std::string::npos : lower.find(claim);
  if (at == std::string::npos) {
    if (std::optional<ClaimWindow> phrase = FromSentence(lower, *p)) return phrase;
  } else {
    if (std::optional<ClaimWindow> from = ResolveReferencePoints(lower, at, claim.size(), *p)) {
      return from;
    }
    // "after <event>" following the claim tells of an earlier event ("ended
    // the week near $68,900 after dipping to $65,100 on Thursday"): its time
    // phrase is when that happened, and the claim came after it. The rest
    // of the sentence is read first ("at $83,900 this morning after
    // Friday's choppy session" is about this morning).
    std::string event;  // " after dipping to $65,100 on thursday"
    if (const size_t after = lower.find(" after ", at + claim.size()); after != std::string::npos) {
      const size_t end = std::min(lower.find(", ", after), lower.size());
      event = lower.substr(after, end - after);
      std::fill_n(lower.begin() + static_cast<std::ptrdiff_t>(after), end - after, ' ');
    }
    if (std::optional<ClaimWindow> phrase = FromClauses(lower, at, claim.size(), *p)) {
      return phrase;
    }
    if (!event.empty()) {
      if (const std::optional<ClaimWindow> earlier = FromSentence(event, *p)) {
        std::string source = earlier->source;  // "phrase 'thursday 2026-02-12'"
        source.insert(source.starts_with("phrase '") ? 8 : 0, "after ");
        return Window(earlier->from_day, *p, std::move(source));
      }
    }
  }
  if (std::optional<ClaimWindow> stated = FromPeriod(Lower(period), *p)) return stated;
  return Window(*p - 1, *p, "published day");
}

}  // namespace factsift
