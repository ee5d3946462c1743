#include "extract/internal/facts.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>

#include <re2/re2.h>

#include "extract/fact_patterns.h"
#include "extract/internal/normalize.h"
#include "extract/internal/text_util.h"

namespace factsift::extract::internal {
namespace {

using Match = RegexMatch;

// Figures read per paragraph, per fact allowed (FactOptions::max_facts): most
// figures of a real paragraph become facts, so this bounds only hostile text.
constexpr size_t kQuantitiesPerFact = 4;

std::optional<Match> LastIn(const RE2& re, std::string_view text, size_t from, size_t to) {
  std::vector<Match> all = FindAll(re, text, from, to);
  if (all.empty()) return std::nullopt;
  return all.back();
}

// The first match only: cheaper than FindAll when one is enough.
std::optional<Match> FirstIn(const RE2& re, std::string_view text, size_t from, size_t to) {
  re2::StringPiece groups[2];
  if (from >= to) return std::nullopt;
  const int ngroups = std::min(re.NumberOfCapturingGroups(), 1) + 1;
  if (!re.Match(text, from, to, RE2::UNANCHORED, groups, ngroups)) return std::nullopt;
  Match match;
  match.begin = groups[0].data() - text.data();
  match.end = match.begin + groups[0].size();
  if (ngroups > 1 && groups[1].data() != nullptr) {
    match.groups[0] = std::string_view(groups[1].data(), groups[1].size());
  }
  return match;
}

// Matches `re` against text[from, to) as if that were the whole text, so
// that '^' and '$' anchor to the window's ends.
std::optional<Match> MatchWindow(const RE2& re, std::string_view text, size_t from, size_t to) {
  if (from > to) return std::nullopt;
  const std::string_view window = text.substr(from, to - from);
  re2::StringPiece groups[2];
  const int ngroups = std::min(re.NumberOfCapturingGroups(), 1) + 1;
  if (!re.Match(window, 0, window.size(), RE2::UNANCHORED, groups, ngroups)) return std::nullopt;
  Match match;
  match.begin = from + (groups[0].data() - window.data());
  match.end = match.begin + groups[0].size();
  if (ngroups > 1 && groups[1].data() != nullptr) {
    match.groups[0] = std::string_view(groups[1].data(), groups[1].size());
  }
  return match;
}

// A pattern anchored with '$' matched against the end of text[from, to).
// Tails are short: it looks at most 48 bytes back.
std::optional<Match> TailMatch(const RE2& re, std::string_view text, size_t from, size_t to) {
  return MatchWindow(re, text, to > from + 48 ? to - 48 : from, to);
}

enum class QuantityType { kMoney, kPercent, kCoin, kPlain };

struct Quantity {
  size_t begin = 0, end = 0;  // Offsets in the normalised paragraph, sign and unit included.
  QuantityType type = QuantityType::kPlain;
  double number = 0;  // As written, before the scale.
  double scale = 1;
  bool has_scale = false;
  bool scale_is_word = false;  // "thousand", "bn" rather than "k", "M".
  bool has_currency = false;
  std::string unit;            // "USD", "EUR", "GBP", "percent", "BTC", "" for plain.
  int sign = 0;                // +1 / -1 when written with a sign or arrow.
  bool hyphen_before = false;  // Joined to the previous token by a hyphen ("$21-$22").
  double value() const { return number * scale; }
};

struct Figure {
  // kMove: "from X to Y" (value Y, from X); kMoveBack: "X, down from Y" (value X, from Y).
  enum class Shape { kSingle, kRange, kMove, kMoveBack };
  Shape shape = Shape::kSingle;
  Quantity first;                  // The only, lower (range) or starting (move) figure.
  std::optional<Quantity> second;  // Upper end of a range; end of a move.
  size_t begin = 0, end = 0;       // Whole construction ("between $65,000 and $68,000").
};

double ScaleOf(std::string_view written) {
  // Letters are case-sensitive ("m" and "M" are both millions, "T" is
  // trillions); words are not ("300 Million").
  if (written == "T") return 1e12;
  if (written == "B") return 1e9;
  if (written == "M" || written == "m") return 1e6;
  if (written == "k" || written == "K") return 1e3;
  const std::string word = AsciiLower(written);
  // German "Billionen" are trillions, "Milliarden" and French "milliards" billions.
  if (word == "trillion" || word == "tn" || word == "billionen" || word == "bio.") return 1e12;
  if (word == "billion" || word == "bn" || word.starts_with("milliard") || word == "mrd.")
    return 1e9;
  if (word == "million" || word == "mn" || word == "mln" || word == "millions" ||
      word == "millionen" || word == "mio.")
    return 1e6;
  if (word == "thousand") return 1e3;
  return 1;
}

bool IsUsdUnit(std::string_view unit) {
  return unit == "USD" || unit == "USDT" || unit == "USDC" || unit == "US";
}

bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Parses "1,978.27", "1.978,27", "1,5", "0.25". A single separator followed
// by exactly three digits is a thousands separator, except that in languages
// writing decimal commas ("de", "fr", ...) "1.978" is 1978 and "1,978" is 1.978.
std::optional<double> ParseNumber(std::string_view digits, bool decimal_comma) {
  const size_t last_comma = digits.rfind(',');
  const size_t last_dot = digits.rfind('.');
  char decimal = '.';
  if (last_comma != std::string_view::npos && last_dot != std::string_view::npos) {
    decimal = last_comma > last_dot ? ',' : '.';
  } else if (last_comma != std::string_view::npos) {
    const bool grouped = digits.size() - last_comma - 1 == 3;
    decimal = (!grouped || decimal_comma) && digits.find(',') == last_comma ? ',' : '.';
  } else if (last_dot != std::string_view::npos) {
    const bool grouped = digits.size() - last_dot - 1 == 3;
    decimal = decimal_comma && grouped ? ',' : '.';
  }
  std::string plain;
  for (char c : digits) {
    if (c >= '0' && c <= '9')
      plain.push_back(c);
    else if (c == decimal)
      plain.push_back('.');
  }
  double value = 0;
  if (std::from_chars(plain.data(), plain.data() + plain.size(), value).ec != std::errc()) {
    return std::nullopt;
  }
  return value;
}

bool WritesDecimalComma(std::string_view language) {
  static constexpr std::string_view kLanguages[] = {
      "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "ru", "id", "da", "sv", "nb", "no", "fi",
      "cs", "sk", "ro", "hu", "uk", "el", "vi", "bg", "hr", "sl", "sr", "lt", "lv", "et", "ca"};
  for (std::string_view code : kLanguages) {
    if (language == code) return true;
  }
  return false;
}

// Amounts written in words, as translated copy does: "65 thousand 600
// dollars", "2 million 990 thousand TL", "1 billion 712 million dollars", and
// space-grouped thousands "69 988 dollars". The currency word is required:
// without it such a run of numbers is a count or a date.
std::vector<Quantity> FindWordAmounts(std::string_view text) {
  static const LazyRE2 kWordAmount = {
      R"((?i)\b(\d{1,3}(?:\s+(?:thousand|million|billion|trillion)(?:\s+\d{1,3}\b)?)+|)"
      R"(\d{1,3}\s\d{3})\s*(dollars?|USDT|USD|TL|TRY|euros?)\b)"};
  std::vector<Quantity> out;
  for (const RegexMatch& match : FindAll(*kWordAmount, text)) {
    // "1.52 billion dollars" is a decimal figure, not "52 billion dollars".
    if (match.begin >= 2 && (text[match.begin - 1] == '.' || text[match.begin - 1] == ',') &&
        text[match.begin - 2] >= '0' && text[match.begin - 2] <= '9') {
      continue;
    }
    double total = 0, pending = 0;
    bool has_pending = false;
    const std::string words = AsciiLower(match.groups[0]);
    size_t pos = 0;
    while (pos < words.size()) {
      while (pos < words.size() && words[pos] == ' ') ++pos;
      size_t end = words.find(' ', pos);
      if (end == std::string::npos) end = words.size();
      const std::string token = words.substr(pos, end - pos);
      pos = end;
      if (token.empty()) continue;
      if (token[0] >= '0' && token[0] <= '9') {
        if (has_pending)
          pending = pending * 1000 + std::stod(token);  // "69 988"
        else
          pending = std::stod(token);
        has_pending = true;
      } else {
        total += pending * ScaleOf(token);
        pending = 0;
        has_pending = false;
      }
    }
    total += pending;
    Quantity q;
    q.begin = match.begin;
    q.end = match.end;
    q.type = QuantityType::kMoney;
    q.number = total;
    const std::string currency = AsciiLower(match.groups[1]);
    q.unit = currency == "tl" || currency == "try" ? "TRY"
             : currency.starts_with("euro")        ? "EUR"
                                                   : "USD";
    q.has_scale = total >= 1e6;
    q.scale = 1;
    q.scale_is_word = true;
    out.push_back(q);
  }
  return out;
}

// At most `max_quantities` are read: a paragraph with more figures than any
// article could hold is hostile input, and its tail is not worth the time.
std::vector<Quantity> FindQuantities(std::string_view text, const AssetLexicon& assets,
                                     bool decimal_comma, size_t max_quantities) {
  std::vector<Quantity> out = FindWordAmounts(text);
  const std::vector<Quantity> word_amounts = out;
  const RE2& re = FactPattern(PatternId::kQuantity);
  static const int kSign = re.NamedCapturingGroups().at("sign");
  static const int kArrow = re.NamedCapturingGroups().at("arrow");
  static const int kCur = re.NamedCapturingGroups().at("cur");
  static const int kNum = re.NamedCapturingGroups().at("num");
  static const int kWord = re.NamedCapturingGroups().at("word");
  static const int kLetter = re.NamedCapturingGroups().at("letter");
  static const int kPct = re.NamedCapturingGroups().at("pct");
  static const int kUnit = re.NamedCapturingGroups().at("unit");
  static const int kPercentBefore = re.NamedCapturingGroups().at("pctpre");
  static const int kDollars = re.NamedCapturingGroups().at("dollars");
  static const int kCurrencyAfter = re.NamedCapturingGroups().at("cursuf");
  const int ngroups = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> groups(ngroups);
  size_t pos = 0;
  while (pos < text.size() && out.size() < max_quantities &&
         re.Match(text, pos, text.size(), RE2::UNANCHORED, groups.data(), ngroups)) {
    const size_t begin = groups[0].data() - text.data();
    pos = begin + std::max<size_t>(groups[0].size(), 1);
    auto group = [&](int g) {
      return groups[g].data() == nullptr ? std::string_view()
                                         : std::string_view(groups[g].data(), groups[g].size());
    };
    const std::string_view num = group(kNum);
    const size_t num_begin = num.data() - text.data();
    size_t end = groups[0].data() - text.data() + groups[0].size();
    std::string_view currency_after = group(kCurrencyAfter);
    if (!currency_after.empty()) {
      // "2.000 $" is how French and German copy write dollars; elsewhere,
      // or when a digit follows ("in 2024 $5bn"), the sign starts the next
      // figure.
      const size_t sign_at = currency_after.data() - text.data();
      const size_t after = sign_at + currency_after.size();
      if (!decimal_comma || (after < text.size() && text[after] >= '0' && text[after] <= '9')) {
        currency_after = {};
        end = sign_at;
        while (end > num_begin && text[end - 1] == ' ') --end;
        pos = end;
      }
    }
    if (std::any_of(word_amounts.begin(), word_amounts.end(),
                    [&](const Quantity& w) { return begin < w.end && end > w.begin; })) {
      continue;  // Part of an amount written in words.
    }
    std::string_view sign = !group(kSign).empty() ? group(kSign) : group(kArrow);
    size_t figure_begin = begin;
    bool hyphen_before = false;
    if (sign == "-" && begin > 0 && IsWordByte(text[begin - 1])) {
      // "$21-$22", "COVID-19": a hyphen joining two tokens, not a minus.
      sign = {};
      figure_begin = begin + 1;
      hyphen_before = true;
    }
    // A number glued to a word or another number is part of that token
    // ("Q1", "H2", "v1.2").
    const size_t lead =
        figure_begin == begin && sign.empty() && group(kCur).empty() ? num_begin : figure_begin;
    // A currency sign glued to a word ("roughly$68k") still starts a figure.
    const bool currency_led = !group(kCur).empty() && group(kCur)[0] != 'U';
    if (!hyphen_before && !currency_led && lead > 0 &&
        (IsWordByte(text[lead - 1]) || text[lead - 1] == '.' || text[lead - 1] == '/' ||
         text[lead - 1] == ':')) {
      continue;
    }
    if (num_begin + num.size() < text.size() && text[num_begin + num.size()] == '-' &&
        group(kPct).empty() && group(kWord).empty()) {
      // "24-hour", "20-week": a compound adjective, not a figure.
      const size_t after = num_begin + num.size() + 1;
      if (after < text.size() && text[after] >= 'a' && text[after] <= 'z') continue;
    }
    // ... and so is one a word runs on from ("21Shares", "3rd", "10x").
    if (end < text.size() &&
        ((text[end] >= 'a' && text[end] <= 'z') || (text[end] >= 'A' && text[end] <= 'Z'))) {
      continue;
    }
    Quantity q;
    q.begin = figure_begin;
    q.end = end;
    q.hyphen_before = hyphen_before;
    const std::optional<double> number = ParseNumber(num, decimal_comma);
    if (!number) continue;
    q.number = *number;
    const bool whole = num.find_first_of(".,") == std::string_view::npos;
    const std::string_view scale = !group(kWord).empty() ? group(kWord) : group(kLetter);
    if (!scale.empty()) {
      q.scale = ScaleOf(scale);
      q.has_scale = true;
      q.scale_is_word = !group(kWord).empty();
    }
    if (!sign.empty()) {
      q.sign = (sign == "-" || sign == "▼" || sign == "↓") ? -1 : 1;
    }
    const std::string_view cur = !group(kCur).empty() ? group(kCur) : currency_after;
    const std::string_view unit = group(kUnit);
    if (!group(kPct).empty() || !group(kPercentBefore).empty()) {
      q.type = QuantityType::kPercent;
      q.unit = "percent";
      if (q.has_scale) continue;  // "5M%" is not a thing.
    } else if (!cur.empty()) {
      q.type = QuantityType::kMoney;
      q.has_currency = true;
      q.unit = cur == "€" ? "EUR" : cur == "£" ? "GBP" : "USD";
    } else if ((!unit.empty() && IsUsdUnit(unit)) || !group(kDollars).empty()) {
      q.type = QuantityType::kMoney;
      q.unit = "USD";
    } else if (!unit.empty() && assets.FindSymbol(unit) != nullptr &&
               !assets.FindSymbol(unit)->ambiguous_symbol) {
      q.type = QuantityType::kCoin;
      q.unit = assets.FindSymbol(unit)->symbol;
    } else {
      q.type = QuantityType::kPlain;
      if (!unit.empty()) q.end = num_begin + num.size() + (scale.empty() ? 0 : 0);
      // Years and letter scales on bare numbers ("2026", "5K run") are not figures.
      if (!q.has_scale && whole && q.number >= 1900 && q.number <= 2100) {
        continue;
      }
    }
    if (q.type != QuantityType::kPlain && q.type != QuantityType::kCoin && !unit.empty() &&
        !IsUsdUnit(unit)) {
      // "$5 BTC" or "3% ETH": the unit word belongs to the next phrase.
      q.end = unit.data() - text.data() - 1;
    }
    out.push_back(q);
  }
  std::sort(out.begin(), out.end(),
            [](const Quantity& a, const Quantity& b) { return a.begin < b.begin; });
  return out;
}

// "21" before "$22 billion" takes its scale and currency: the scale of a
// written range applies to both ends.
void ShareScale(Quantity& low, Quantity& high) {
  if (!low.has_scale && high.has_scale && low.number * high.scale <= high.value() * 1.0001 + 1) {
    low.scale = high.scale;
    low.has_scale = true;
  }
  if (low.type == QuantityType::kPlain && high.type != QuantityType::kPlain) {
    low.type = high.type;
    low.unit = high.unit;
  }
  if (high.type == QuantityType::kPlain && low.type != QuantityType::kPlain) {
    high.type = low.type;
    high.unit = low.unit;
  }
}

// Two ends of a bare range ("$21-$22 billion", "$3,100 to $3,250") are of
// one size; "jumps $4.8B to $51.3B" is a change and a level, not a range.
bool ComparableEnds(Quantity low, Quantity high) {
  ShareScale(low, high);
  const double a = std::abs(low.value()), b = std::abs(high.value());
  return std::min(a, b) >= 0.4 * std::max(a, b);
}

// Groups quantities into ranges ("between X and Y", "X–Y", "X to Y") and
// moves ("from X to Y").
// A table whose caption or header states the unit of its cells ("net, US$
// mn", "Flow ($m)") makes its bare numbers money in that unit, and, as
// accountants write them, a number in parentheses negative: "(373.4)".
void ApplyTableUnit(std::string_view context, std::string_view text,
                    std::vector<Quantity>& quantities) {
  static const LazyRE2 kTableUnit = {
      R"((?:US\$|\$|USD|(€)|(£))\s?((?i:mn|mln|m|million|bn|b|billion|k|thousand))\b)"};
  std::string euro, pound, scale_word;
  if (!RE2::PartialMatch(context, *kTableUnit, &euro, &pound, &scale_word)) return;
  std::string scale_key = AsciiLower(scale_word);
  if (scale_key == "m") scale_key = "M";
  if (scale_key == "b") scale_key = "B";
  const double scale = ScaleOf(scale_key);
  if (scale <= 1) return;
  for (Quantity& q : quantities) {
    if (q.type != QuantityType::kPlain || q.has_scale) continue;
    q.type = QuantityType::kMoney;
    q.unit = !euro.empty() ? "EUR" : !pound.empty() ? "GBP" : "USD";
    q.scale = scale;
    q.has_scale = true;
    q.scale_is_word = true;
    if (q.begin > 0 && text[q.begin - 1] == '(' && q.end < text.size() && text[q.end] == ')') {
      q.sign = -1;
    }
  }
}

std::vector<Figure> GroupFigures(std::string_view text, std::vector<Quantity> quantities) {
  static const LazyRE2 kRangeGap = {
      R"(^\s?(?:-|to|and)\s?(?:(?i)(?:around|roughly|about|nearly|almost|approximately|some)\s+)?$)"};
  // "from $67,600 to an intraday low of $63,890": a move may name its end.
  static const LazyRE2 kMoveGap = {
      R"((?i)^\s?(?:(?:in|on|during|by)\s+[A-Za-z0-9 .-]{1,24}?\s+)?to\s+(?:as\s+(?:high|low|much)\s+as\s+)?(?:(?:a|an|the)\s+)?(?:(?:intraday|session|daily|weekly|fresh|new|record|multi-month|one-month)\s+)?)"
      R"((?:(?:low|high|peak|bottom|top|level|close)\s+(?:of|near|around|at)\s+)?(?:(?:around|roughly|about|nearly|almost|approximately|some|just\s+(?:over|under))\s+)?$)"};
  static const LazyRE2 kFromBefore = {
      R"((?i)\bfrom\s+(?:(?:around|roughly|about|nearly|almost|approximately|some|just|over|under|above|below)\s+)?$)"};
  static const LazyRE2 kBetweenBefore = {
      R"((?i)\bbetween\s+(?:(?:around|roughly|about|nearly|approximately)\s+)?$)"};
  std::vector<Figure> figures;
  for (size_t i = 0; i < quantities.size(); ++i) {
    Figure figure;
    figure.first = quantities[i];
    figure.begin = quantities[i].begin;
    figure.end = quantities[i].end;
    if (i + 1 < quantities.size()) {
      Quantity next = quantities[i + 1];
      // A hyphen joining "$21-$22" is already in the gap.
      const std::string gap(text.substr(quantities[i].end, next.begin - quantities[i].end));
      // "printed 9, down from 14", "rose to 38 from 22": the second figure is the start.
      static const LazyRE2 kBackGap = {
          R"((?i)^,?\s+(?:(?:up|down|higher|lower)\s+)?from\s+(?:(?:a|an|the|its)\s+)?)"
          R"((?:(?:record|recent|previous|prior|peak|intraday|all-time|multi-year)\s+)*)"
          R"((?:(?:high|low|peak|level|record)\s+(?:of\s+)?)?)"
          R"((?:(?:around|roughly|about|nearly|almost|approximately|some)\s+)?$)"};
      const bool compatible = (quantities[i].type == next.type) ||
                              quantities[i].type == QuantityType::kPlain ||
                              next.type == QuantityType::kPlain;
      const size_t before_from = quantities[i].begin > 48 ? quantities[i].begin - 48 : 0;
      const std::string_view before = text.substr(before_from, quantities[i].begin - before_from);
      const bool from = RE2::PartialMatch(before, *kFromBefore);
      const bool gap_is_range = RE2::PartialMatch(gap, *kRangeGap) ||
                                (from && gap.size() < 60 && RE2::PartialMatch(gap, *kMoveGap)) ||
                                (RE2::FullMatch(gap, *kBackGap) && quantities[i].type == next.type);
      const bool gap_is_and = AsciiLower(gap).find("and") != std::string::npos;
      if (compatible && gap_is_range && gap.size() < 60) {
        const bool between = RE2::PartialMatch(before, *kBetweenBefore);
        if (RE2::FullMatch(gap, *kBackGap) && !from && quantities[i].type == next.type) {
          Quantity first = quantities[i];
          ShareScale(next, first);
          figure.first = first;
          figure.second = next;
          figure.shape = Figure::Shape::kMoveBack;
          figure.end = next.end;
          ++i;
        } else if ((gap_is_and && between) ||
                   (!gap_is_and && !between && (from || ComparableEnds(quantities[i], next)))) {
          Quantity first = quantities[i];
          ShareScale(first, next);
          figure.first = first;
          figure.second = next;
          figure.shape = from && !gap_is_and ? Figure::Shape::kMove : Figure::Shape::kRange;
          figure.end = next.end;
          ++i;
        }
      }
    }
    figures.push_back(figure);
  }
  return figures;
}

// Sentence boundaries in a normalised paragraph: after . ! ? followed by a
// space and a capital, digit, quote or '$', except after abbreviations and
// initials; and at line breaks.
std::vector<std::pair<size_t, size_t>> SplitSentences(std::string_view text) {
  static constexpr std::string_view kAbbreviations[] = {
      "u.s", "mr", "mrs", "ms", "dr", "inc", "ltd", "co", "corp", "vs", "e.g", "i.e", "jan", "feb",
      "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "st", "approx",
      "est", "u.k", "a.m", "p.m", "etc", "fig", "jr", "sr",
      // German scale abbreviations: "412 Mio. $ liquidiert".
      "mio", "mrd", "bio"};
  std::vector<std::pair<size_t, size_t>> sentences;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    bool boundary = false;
    size_t next = i + 1;
    if (c == '\n') {
      boundary = true;
    } else if ((c == '.' || c == '!' || c == '?') && i + 2 < text.size() && text[i + 1] == ' ') {
      const char after = text[i + 2];
      if ((after >= 'A' && after <= 'Z') || (after >= '0' && after <= '9') || after == '"' ||
          after == '$' || after == '\'' || after == '(') {
        boundary = true;
        if (c == '.') {
          size_t w = i;
          while (w > start && (IsWordByte(text[w - 1]) || text[w - 1] == '.')) --w;
          const std::string word = AsciiLower(text.substr(w, i - w));
          for (std::string_view abbreviation : kAbbreviations) {
            if (word == abbreviation) boundary = false;
          }
          if (i - w == 1 && text[w] >= 'A' && text[w] <= 'Z') boundary = false;  // Initials.
        }
        next = i + 2;
      }
    }
    if (boundary) {
      sentences.emplace_back(start, i + 1);
      start = next;
      i = next - 1;
    }
  }
  if (start < text.size()) sentences.emplace_back(start, text.size());
  return sentences;
}

// Clause breaks in text[from, to). " as " is a break ("$785M liquidated as
// Bitcoin slips") except in comparisons and hedges ("as much as", "such as",
// "as well as", "as high as").
std::vector<Match> ClauseBreaks(std::string_view text, size_t from, size_t to) {
  static constexpr std::string_view kBeforeAs[] = {"much", "such", "well", "far",  "high",  "low",
                                                   "many", "same", "so",   "just", "twice", "long"};
  static constexpr std::string_view kAfterAs[] = {"much", "well",   "high", "low",
                                                  "many", "little", "far",  "long",
                                                  "soon", "of",     "part", "a result"};
  std::vector<Match> breaks;
  for (const Match& match : FindAll(FactPattern(PatternId::kClauseBreak), text, from, to)) {
    const std::string_view word = text.substr(match.begin, match.end - match.begin);
    if (word == " as ") {
      size_t w = match.begin;
      while (w > 0 && IsWordByte(text[w - 1])) --w;
      const std::string previous = AsciiLower(text.substr(w, match.begin - w));
      const std::string next = AsciiLower(text.substr(match.end, 10));
      bool exception = false;
      for (std::string_view before : kBeforeAs) exception |= previous == before;
      for (std::string_view after : kAfterAs) {
        exception |= next.starts_with(after) &&
                     (next.size() == after.size() || !IsWordByte(next[after.size()]));
      }
      if (exception) continue;
    }
    breaks.push_back(match);
  }
  return breaks;
}

// The end of the last clause break in text[from, to), or `from`.
size_t ClauseStart(std::string_view text, size_t from, size_t to) {
  const std::vector<Match> breaks = ClauseBreaks(text, from, to);
  return breaks.empty() ? from : breaks.back().end;
}

// The start of the first clause break in text[from, to), or `to`.
size_t ClauseEnd(std::string_view text, size_t from, size_t to) {
  const std::vector<Match> breaks = ClauseBreaks(text, from, to);
  const size_t end = breaks.empty() ? to : breaks.front().begin;
  // A sentence's closing punctuation is not part of the clause.
  size_t trimmed = end;
  while (trimmed > from && (text[trimmed - 1] == '.' || text[trimmed - 1] == ' ')) --trimmed;
  return trimmed;
}

// ETF tickers that name a fund, with the asset they hold.
struct Fund {
  std::string_view ticker;
  std::string_view asset;
};
constexpr Fund kFunds[] = {
    {"IBIT", "BTC"}, {"FBTC", "BTC"}, {"GBTC", "BTC"}, {"ARKB", "BTC"}, {"BITB", "BTC"},
    {"HODL", "BTC"}, {"BRRR", "BTC"}, {"EZBC", "BTC"}, {"BTCO", "BTC"}, {"BTCW", "BTC"},
    {"ETHA", "ETH"}, {"ETHE", "ETH"}, {"FETH", "ETH"}, {"ETHW", "ETH"}, {"CETH", "ETH"},
    {"QETH", "ETH"}, {"ETHV", "ETH"}, {"EZET", "ETH"}, {"BSOL", "SOL"}, {"GSOL", "SOL"},
};

const Fund* FindFund(std::string_view text, size_t from, size_t to, size_t* where) {
  static const LazyRE2 kTicker = {R"(\b([A-Z]{4})\b)"};
  const Fund* best = nullptr;
  for (const Match& match : FindAll(*kTicker, text, from, to)) {
    for (const Fund& fund : kFunds) {
      if (match.groups[0] == fund.ticker) {
        best = &fund;
        if (where != nullptr) *where = match.begin;
      }
    }
  }
  return best;
}

std::string PeriodLabel(std::string_view phrase) {
  const std::string lower = AsciiLower(phrase);
  if (lower.find("year-to-date") != std::string::npos || lower == "ytd") return "year-to-date";
  if (lower.find("month-to-date") != std::string::npos || lower == "mtd") return "month-to-date";
  if (lower.find("quarter-to-date") != std::string::npos) return "quarter-to-date";
  if (lower.find("intraday") != std::string::npos) return "intraday";
  if (lower.find("overnight") != std::string::npos) return "overnight";
  if (lower.find("since") != std::string::npos) return std::string(phrase);
  if (lower.starts_with("on ") && lower.find("day") != std::string::npos &&
      lower.find("the day") == std::string::npos) {
    return "1d";  // "on Thursday": one named trading day.
  }
  if (lower.find("24") != std::string::npos || lower.find("past day") != std::string::npos ||
      lower.find("last day") != std::string::npos) {
    return "24h";
  }
  if (lower.find("week") != std::string::npos) return "week";
  if (lower.find("month") != std::string::npos) return "month";
  if (lower.find("year") != std::string::npos) return "year";
  if (lower.find("session") != std::string::npos || lower.find("day") != std::string::npos) {
    return "1d";
  }
  if (lower.find("days") != std::string::npos) return std::string(phrase);
  return std::string(phrase);
}

// Nearest cue of a pattern around a figure: the last match before it in the
// clause, or the first after it (after counts 1.5x the distance: metric words
// usually come first). Returns the match and its weighted distance.
struct Cue {
  Match match;
  double distance = 1e9;
  bool before = true;
};

std::optional<Cue> NearestCue(const RE2& re, std::string_view text, size_t before_from,
                              size_t figure_begin, size_t figure_end, size_t after_to) {
  std::optional<Cue> best;
  if (std::optional<Match> last = LastIn(re, text, before_from, figure_begin)) {
    best = Cue{*last, static_cast<double>(figure_begin - last->end), true};
  }
  if (std::optional<Match> first = FirstIn(re, text, figure_end, after_to)) {
    const double distance = 1.5 * static_cast<double>(first->begin - figure_end);
    if (!best || distance < best->distance) best = Cue{*first, distance, false};
  }
  return best;
}

// Everything known about one figure's surroundings.
struct Context {
  std::string_view p;  // The normalised paragraph.
  size_t sentence_begin = 0, sentence_end = 0;
  size_t window_begin = 0;  // After the previous figure of the sentence.
  size_t before_begin = 0;  // Start of the figure's clause.
  size_t after_end = 0;     // End of the figure's clause.
  const Figure* figure = nullptr;

  std::optional<Cue> Nearest(PatternId id) const {
    return NearestCue(FactPattern(id), p, before_begin, figure->begin, figure->end, after_end);
  }
  std::optional<Match> Before(PatternId id) const {
    return LastIn(FactPattern(id), p, before_begin, figure->begin);
  }
  std::optional<Match> InSentence(PatternId id) const {
    return FirstIn(FactPattern(id), p, sentence_begin, sentence_end);
  }
};

// What earlier text says about which asset is meant.
struct AssetState {
  const Asset* topic = nullptr;         // The article's asset: the headline's, else the most named.
  const Asset* carried = nullptr;       // From earlier paragraphs.
  const Asset* in_paragraph = nullptr;  // Last named in this paragraph's earlier sentences.
  const Asset* heading = nullptr;       // Named by the heading or question just before,
  bool heading_names_liquidations = false;     // which is about liquidations.
  int last_fact = -1;                          // Index of the previous fact, for "of that total".
  size_t last_fact_unit = 0;                   // The paragraph that fact is in,
  size_t last_fact_sentence = 0;               // and where its sentence begins.
  int last_liquidation_unit = -1;              // The paragraph of the last liquidation fact.
  bool last_fact_basket = false;               // The last fact is a basket's ("stablecoins").
  int last_sum_unit = -1;                      // The paragraph of the last sum (liquidations, ...)
  FactKind last_sum_kind = FactKind::kAmount;  // and its kind.
  std::string last_period;                     // For "during the same period".
};

// The side cue nearest the figure; a bare "long"/"short" right after it
// counts too ("an $11.4 million BTC-USDT long").
Side ReadSide(const Context& c, const std::optional<Cue>& short_side,
              const std::optional<Cue>& long_side) {
  if (short_side && (!long_side || short_side->distance <= long_side->distance))
    return Side::kShort;
  if (long_side) return Side::kLong;
  static const LazyRE2 kBareSide = {R"((?i)^[^,;.]{0,24}?\b(long|short)\b(?:[^-]|$))"};
  std::string side;
  const size_t to = std::min(c.after_end, c.figure->end + 40);
  if (to > c.figure->end &&
      RE2::PartialMatch(c.p.substr(c.figure->end, to - c.figure->end), *kBareSide, &side)) {
    return AsciiLower(side) == "long" ? Side::kLong : Side::kShort;
  }
  return Side::kTotal;
}

// A coin amount's metric name from its clause: "12,400 BTC left exchange
// wallets" is an exchange outflow.
std::string AmountName(const Context& c) {
  static const LazyRE2 kOut = {
      R"((?i)\b(?:left|withdrawn\s+from|pulled\s+from|moved\s+off|flowed\s+out\s+of)\s+(?:\w+\s+)?exchanges?)"};
  static const LazyRE2 kIn = {
      R"((?i)\b(?:sent|deposited|moved|flowed)\s+(?:in)?to\s+(?:\w+\s+)?exchanges?)"};
  const std::string_view clause = c.p.substr(c.before_begin, c.after_end - c.before_begin);
  if (RE2::PartialMatch(clause, *kOut)) return "exchange outflow";
  if (RE2::PartialMatch(clause, *kIn)) return "exchange inflow";
  return "";
}

// A price whose asset was only carried over from earlier text is checked
// against the prices the article states for named assets: "$88,000" after a
// paragraph that mentioned XRP is bitcoin's when the article quotes bitcoin
// near $85,000 and XRP near $2. A price within a factor of three of one
// asset's median named price, and not of its carried asset's, moves there;
// one ten times off its carried asset's prices and fitting no other is dropped.
void ReassignImplausiblePrices(std::vector<Fact>& facts, std::vector<bool>& asset_named) {
  std::vector<std::pair<std::string, std::vector<double>>> named_prices;
  for (size_t i = 0; i < facts.size(); ++i) {
    const Fact& fact = facts[i];
    if (!asset_named[i] || fact.value <= 0 || fact.conditional ||
        (fact.kind != FactKind::kPrice && fact.kind != FactKind::kPriceRange)) {
      continue;
    }
    auto it = std::find_if(named_prices.begin(), named_prices.end(),
                           [&](const auto& entry) { return entry.first == fact.asset; });
    if (it == named_prices.end()) it = named_prices.insert(named_prices.end(), {fact.asset, {}});
    it->second.push_back(fact.value);
  }
  auto median = [](std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
  };
  auto fits = [](double value, double typical) {
    return value >= typical / 3 && value <= typical * 3;
  };
  std::vector<bool> nobodys(facts.size(), false);  // Prices that fit no asset: dropped.
  for (size_t i = 0; i < facts.size(); ++i) {
    Fact& fact = facts[i];
    if (asset_named[i] || fact.value <= 0 ||
        (fact.kind != FactKind::kPrice && fact.kind != FactKind::kPriceRange)) {
      continue;
    }
    const auto own = std::find_if(named_prices.begin(), named_prices.end(),
                                  [&](const auto& entry) { return entry.first == fact.asset; });
    if (own != named_prices.end() && fits(fact.value, median(own->second))) continue;
    const std::string* better = nullptr;
    int candidates = 0;
    for (const auto& [asset, values] : named_prices) {
      if (fits(fact.value, median(values))) {
        better = &asset;
        ++candidates;
      }
    }
    if (candidates == 1) {
      fact.asset = *better;  // With two, there is no basis to choose.
    } else if (candidates == 0 && own != named_prices.end() &&
               (fact.value > median(own->second) * 10 || fact.value < median(own->second) / 10)) {
      nobodys[i] = true;  // "$700,000" in an article quoting XRP at $0.43.
    }
  }
  std::vector<Fact> kept;
  std::vector<bool> kept_named;
  for (size_t i = 0; i < facts.size(); ++i) {
    if (nobodys[i]) continue;
    kept.push_back(std::move(facts[i]));
    kept_named.push_back(asset_named[i]);
  }
  facts = std::move(kept);
  asset_named = std::move(kept_named);
}

}  // namespace

std::vector<Fact> ExtractFacts(std::string_view title, std::string_view text,
                               const std::vector<Paragraph>& paragraphs, const AssetLexicon& assets,
                               const FactOptions& options) {
  std::vector<Fact> facts;

  // The headline first, then each paragraph.
  struct Unit {
    std::string_view source;
    size_t base;
    Section section;
    bool heading;
    std::string_view context;
  };
  std::vector<Unit> units;
  // The headline hands no asset on: its clauses are summaries of the body.
  if (!title.empty()) units.push_back({title, 0, Section::kHeadline, false, {}});
  for (const Paragraph& paragraph : paragraphs) {
    units.push_back({text.substr(paragraph.begin, paragraph.end - paragraph.begin), paragraph.begin,
                     paragraph.section, paragraph.heading, paragraph.context});
  }

  // The topic: the headline's first asset, else the one named most often.
  std::vector<bool> asset_named;  // Per fact: the asset was named next to the figure.
  AssetState state;
  for (const AssetMention& mention : assets.FindMentions(NormalizeForFacts(title).text)) {
    state.topic = mention.asset;
    break;
  }
  if (state.topic == nullptr) {
    std::vector<std::pair<const Asset*, int>> counts;
    for (const AssetMention& mention : assets.FindMentions(NormalizeForFacts(text).text)) {
      auto it = std::find_if(counts.begin(), counts.end(),
                             [&](const auto& entry) { return entry.first == mention.asset; });
      if (it == counts.end())
        counts.emplace_back(mention.asset, 1);
      else
        ++it->second;
    }
    int best = 0;
    for (const auto& [asset, count] : counts) {
      if (count > best) {
        best = count;
        state.topic = asset;
      }
    }
  }

  for (size_t unit_index = 0; unit_index < units.size(); ++unit_index) {
    const Unit& unit = units[unit_index];
    if (static_cast<int>(facts.size()) >= options.max_facts) break;
    const NormalizedText normalized = NormalizeForFacts(unit.source);
    const std::string_view p = normalized.text;
    const std::vector<AssetMention> mentions = assets.FindMentions(p);
    const NormalizedText context_text = NormalizeForFacts(unit.context);
    std::vector<Quantity> quantities =
        FindQuantities(p, assets, WritesDecimalComma(options.language),
                       kQuantitiesPerFact * static_cast<size_t>(options.max_facts));
    if (!context_text.text.empty()) ApplyTableUnit(context_text.text, p, quantities);
    std::vector<Figure> figures = GroupFigures(p, std::move(quantities));
    // A bare number is a figure only as an index reading ("Fear & Greed Index
    // printed 9"); elsewhere it is a count, a time or a duration, and must not
    // cut its neighbours' clauses short ("in the past 24 hours").
    std::erase_if(figures, [&](const Figure& figure) {
      const bool bare = figure.first.type == QuantityType::kPlain &&
                        (!figure.second || figure.second->type == QuantityType::kPlain);
      if (!bare) return false;
      const size_t from = figure.begin > 80 ? figure.begin - 80 : 0;
      return !LastIn(FactPattern(PatternId::kIndexName), p, from, figure.begin).has_value();
    });
    const std::vector<AssetMention> context_mentions = assets.FindMentions(context_text.text);
    state.in_paragraph = nullptr;

    // Mentions in [from, to), by binary search: they are sorted and disjoint,
    // so a long paragraph costs log time per lookup, not a scan.
    auto mentions_in = [&](size_t from, size_t to) {
      const auto by_begin = [](const AssetMention& m, size_t pos) { return m.begin < pos; };
      auto first = std::lower_bound(mentions.begin(), mentions.end(), from, by_begin);
      auto last = std::lower_bound(first, mentions.end(), to, by_begin);
      if (last != first && std::prev(last)->end > to) --last;  // Straddles `to`.
      return std::pair{first, last};
    };
    size_t next_figure = 0;  // Figures and sentences are both in text order.
    for (const auto& [sentence_begin, sentence_end] : SplitSentences(p)) {
      if (static_cast<int>(facts.size()) >= options.max_facts) break;
      std::vector<const Figure*> in_sentence;
      while (next_figure < figures.size() && figures[next_figure].begin < sentence_end) {
        const Figure& figure = figures[next_figure++];
        if (figure.begin >= sentence_begin && figure.end <= sentence_end)
          in_sentence.push_back(&figure);
      }
      const bool sentence_liquidation =
          !in_sentence.empty() &&
          FirstIn(FactPattern(PatternId::kLiquidation), p, sentence_begin, sentence_end)
              .has_value();
      for (size_t f = 0; f < in_sentence.size(); ++f) {
        if (static_cast<int>(facts.size()) >= options.max_facts) break;
        const Figure& figure = *in_sentence[f];
        const Quantity& q = figure.first;
        Context c;
        c.p = p;
        c.figure = &figure;
        c.sentence_begin = sentence_begin;
        c.sentence_end = sentence_end;
        c.window_begin = f > 0 ? in_sentence[f - 1]->end : sentence_begin;
        const size_t window_end =
            f + 1 < in_sentence.size() ? in_sentence[f + 1]->begin : sentence_end;
        c.before_begin = ClauseStart(p, c.window_begin, figure.begin);
        // How far back in a sentence a figure looks for its subject or side:
        // far enough for any real sentence, bounded for a pathological one.
        const size_t reach = std::max(sentence_begin, figure.begin > 600 ? figure.begin - 600 : 0);
        c.after_end = ClauseEnd(p, figure.end, window_end);

        Fact fact;
        fact.section = unit.section;

        // Kind: the nearest metric word in the clause.
        struct KindCue {
          PatternId id;
          FactKind kind;
        };
        static constexpr KindCue kMetricCues[] = {
            {PatternId::kLiquidation, FactKind::kLiquidation},
            {PatternId::kOpenInterest, FactKind::kOpenInterest},
            {PatternId::kMarketCap, FactKind::kMarketCap},
            {PatternId::kVolume, FactKind::kVolume},
            {PatternId::kEtfFlow, FactKind::kEtfFlow},
            {PatternId::kFundingRate, FactKind::kFundingRate},
            // DeFi deposits have no kind of their own: an amount, named.
            {PatternId::kLockedValue, FactKind::kAmount},
        };
        std::optional<Cue> metric;
        FactKind metric_kind = FactKind::kAmount;
        // A price ("$60,000", "$11,900") takes a metric word only from before
        // it: a verb after it belongs to the next figure ("from $71,000 to
        // $60,000 wiped out $4 billion").
        const bool price_like =
            q.type == QuantityType::kMoney && !(q.has_scale && (q.scale >= 1e6 || q.scale_is_word));
        static const LazyRE2 kQuoteCue = {
            R"((?i)\b(?:prices?|trad(?:ing|ed|es)|chang(?:ing|ed)\s+hands|quoted|valued)\b)"};
        const std::optional<Match> price_cue = LastIn(*kQuoteCue, p, c.before_begin, figure.begin);
        static const LazyRE2 kLevelCue = {
            R"((?i)\b(?:toward|towards|highs?|lows?|peak|levels?|push|mark|resistance|support)\b)"};
        for (const KindCue& kind_cue : kMetricCues) {
          std::optional<Cue> found = c.Nearest(kind_cue.id);
          if (found && price_like && !found->before) found.reset();
          if (found && price_like && price_cue && price_cue->end > found->match.end) found.reset();
          // "wiped out the gains that followed last week's push toward
          // $98,000": a level word after the metric makes the figure a level.
          if (found && price_like && found->before &&
              FirstIn(*kLevelCue, p, found->match.end, figure.begin)) {
            found.reset();
          }
          // "the second-largest cryptocurrency by market cap" ranks; it does not measure.
          if (found && kind_cue.id == PatternId::kMarketCap && found->match.begin >= 3 &&
              AsciiLower(p.substr(found->match.begin - 3, 3)) == "by ") {
            found.reset();
          }
          // A coin's "supply" in dollars is its capitalisation (stablecoins
          // are counted so); a "supply zone" at $70,000 or a supply of coins
          // is not.
          if (found && kind_cue.id == PatternId::kMarketCap &&
              !(q.type == QuantityType::kMoney && q.has_scale && q.scale >= 1e6) &&
              p.substr(found->match.begin, found->match.end - found->match.begin).find("upply") !=
                  std::string_view::npos) {
            found.reset();
          }
          if (found && (!metric || found->distance < metric->distance)) {
            metric = found;
            metric_kind = kind_cue.kind;
          }
        }
        // "$4 billion in open interest", "$1.2 billion of inflows": a metric
        // joined to the figure by "in"/"of" names it, whatever came before.
        static const LazyRE2 kJoinedMetric = {
            R"((?i)^\s+(?:in|of|worth\s+of)\s+(?:[\w-]+\s+){0,2}$)"};
        for (const KindCue& kind_cue : kMetricCues) {
          std::optional<Match> after = FirstIn(FactPattern(kind_cue.id), p, figure.end,
                                               std::min(c.after_end, figure.end + 40));
          if (after &&
              RE2::FullMatch(p.substr(figure.end, after->begin - figure.end), *kJoinedMetric)) {
            metric = Cue{*after, 0, false};
            metric_kind = kind_cue.kind;
            break;
          }
        }
        size_t fund_at = 0;
        const Fund* fund = FindFund(p, c.before_begin, c.after_end, &fund_at);
        if (fund == nullptr && in_sentence.size() == 1) {
          // "IBIT (BlackRock): +$648.2M": a list item's one figure belongs
          // to the fund it starts with.
          fund = FindFund(p, sentence_begin, c.after_end, &fund_at);
        }
        const bool scaled_large = q.has_scale && q.scale >= 1e6;
        std::optional<Cue> short_side = c.Nearest(PatternId::kShortSide);
        std::optional<Cue> long_side = c.Nearest(PatternId::kLongSide);
        const Fact* last_fact = state.last_fact >= 0 ? &facts[state.last_fact] : nullptr;
        const bool after_liquidation =
            last_fact != nullptr && last_fact->kind == FactKind::kLiquidation;
        if (!metric && q.type == QuantityType::kMoney && scaled_large && last_fact != nullptr &&
            state.last_fact_unit == unit_index && last_fact->kind == FactKind::kPercentChange &&
            last_fact->name.ends_with("_change") &&
            last_fact->end <= unit.base + normalized.to_original[figure.begin]) {
          // "open interest surged by over 12% to an ATH of $20.8 billion":
          // the level after a change belongs to the changed metric.
          const std::string changed = last_fact->name.substr(0, last_fact->name.size() - 7);
          if (std::optional<FactKind> kind = ParseKind(changed)) {
            metric_kind = *kind;
            metric = Cue{Match{figure.begin, figure.begin, {}}, 1e6, true};
          }
        }
        // A liquidation figure in this paragraph or the few before it (a
        // caption or an ad may stand between) makes a sum named only by its
        // side a liquidation too: "Of the total, long
        // positions accounted for $1.87 billion".
        const bool liquidations_nearby =
            scaled_large && state.last_liquidation_unit >= 0 &&
            static_cast<size_t>(state.last_liquidation_unit) + 3 >= unit_index;
        if (!metric && (short_side || long_side) &&
            (sentence_liquidation || after_liquidation || liquidations_nearby)) {
          // "Shorts made up $412.6 million of that total": still liquidations.
          metric_kind = FactKind::kLiquidation;
          metric = short_side ? short_side : long_side;
        }
        if (!metric && q.type == QuantityType::kMoney && scaled_large && sentence_liquidation) {
          // "... of liquidations, while traders holding ether futures lost $201.5 million".
          metric_kind = FactKind::kLiquidation;
          metric = Cue{Match{figure.begin, figure.begin, {}}, 1e6, true};
        }
        // An appositive sum ("..., totaling $245.55 million", "..., a modest
        // $8.4 million") continues the clause before it; a clause with its own
        // price or move words ("..., trading between $95,000 and $92,000") does not.
        const std::string_view clause_head =
            p.substr(c.before_begin, figure.begin - c.before_begin);
        const bool appositive = c.before_begin >= 2 && p.substr(c.before_begin - 2, 2) == ", " &&
                                std::count(clause_head.begin(), clause_head.end(), ' ') <= 3 &&
                                scaled_large &&
                                !LastIn(*kQuoteCue, p, c.before_begin, figure.begin) &&
                                !c.Before(PatternId::kUpWord) && !c.Before(PatternId::kDownWord);
        bool metric_from_appositive = false;
        if (!metric && appositive) {
          // An appositive ("the Trust attracted fresh money, a modest $8.4
          // million") names its metric in the clause before.
          for (const KindCue& kind_cue : kMetricCues) {
            std::optional<Match> found =
                LastIn(FactPattern(kind_cue.id), p, c.window_begin, c.before_begin);
            if (found && (!metric || found->end > metric->match.end)) {
              metric = Cue{*found, static_cast<double>(figure.begin - found->end), true};
              metric_kind = kind_cue.kind;
            }
          }
          metric_from_appositive = metric.has_value();
          // The side, too, is named earlier in the sentence.
          if (metric && !short_side && !long_side) {
            if (auto found = LastIn(FactPattern(PatternId::kShortSide), p,
                                    std::min(reach, c.before_begin), c.before_begin)) {
              short_side = Cue{*found, static_cast<double>(figure.begin - found->end), true};
            }
            if (auto found = LastIn(FactPattern(PatternId::kLongSide), p,
                                    std::min(reach, c.before_begin), c.before_begin)) {
              long_side = Cue{*found, static_cast<double>(figure.begin - found->end), true};
            }
          }
        }
        // A paragraph (or the list paragraph right after it) that goes on
        // naming sums of one metric names the metric once: "Huobi came in first
        // with $217 million, followed by OKEx with $163 million".
        const bool continues_list =
            last_fact != nullptr &&
            (state.last_fact_unit == unit_index ||
             (state.last_fact_unit + 1 == unit_index && sentence_begin == 0));
        if (!metric && q.type == QuantityType::kMoney && scaled_large && continues_list &&
            (last_fact->kind == FactKind::kMarketCap || last_fact->kind == FactKind::kVolume ||
             last_fact->kind == FactKind::kOpenInterest || last_fact->kind == FactKind::kEtfFlow ||
             last_fact->kind == FactKind::kLiquidation)) {
          // A paragraph listing one metric names it once: "peaked at $2.62
          // trillion in May ... a local low of $1.24 trillion in July".
          metric_kind = last_fact->kind;
          metric = Cue{Match{figure.begin, figure.begin, {}}, 1e6, true};
        }
        if (fund != nullptr && !metric) {
          metric = Cue{Match{fund_at, fund_at + 4, {}}, 0, fund_at < figure.begin};
          metric_kind = FactKind::kEtfFlow;
        }
        if (!metric && q.type == QuantityType::kMoney && scaled_large &&
            c.after_end + 2 < window_end && p.substr(c.after_end, 2) == ", ") {
          // A sum whose metric is the subject of the next clause: "Despite
          // falling to a low of $119.5 billion on March 13, the total crypto
          // market cap ...". Only that clause: a later one is another claim.
          const size_t next_clause_end = ClauseEnd(p, c.after_end + 2, window_end);
          for (const KindCue& kind_cue : kMetricCues) {
            std::optional<Match> found =
                FirstIn(FactPattern(kind_cue.id), p, c.after_end, next_clause_end);
            if (found && (!metric || found->begin < metric->match.begin)) {
              metric = Cue{*found, 1e5, false};
              metric_kind = kind_cue.kind;
            }
          }
        }
        static const LazyRE2 kIntervalRate = {
            R"((?i)\b(?:\d{1,2}-hour|hourly|8h|1h)\s+(?:funding\s+)?rates?\b)"};
        if (!metric && q.type == QuantityType::kPercent && q.value() < 1) {
          // "Funding rates on XRP perpetual swaps cooled as well, dropping to
          // 0.003%": a rate named earlier in the sentence, with no figure
          // between, is the one a figure of rate size (under 1%) reads.
          if (std::optional<Match> funding =
                  LastIn(FactPattern(PatternId::kFundingRate), p, c.window_begin, figure.begin)) {
            metric = Cue{*funding, static_cast<double>(figure.begin - funding->end), true};
            metric_kind = FactKind::kFundingRate;
          } else if (std::optional<Match> rate = LastIn(*kIntervalRate, p, reach, figure.begin);
                     rate && FirstIn(FactPattern(PatternId::kFundingRate), p, 0, rate->begin)) {
            // "Funding turned positive ... The 8-hour rate stood at 0.0086% on
            // Binance and 0.0104% on Bybit": an interval's rate in a
            // paragraph about funding.
            metric = Cue{*rate, static_cast<double>(figure.begin - rate->end), true};
            metric_kind = FactKind::kFundingRate;
          }
        }
        static const LazyRE2 kFlowNoun = {
            R"((?i)\b(?:net\s+)?(?:inflows?|outflows?|redemptions?|withdrawals?)\b)"};
        if (!metric && q.type == QuantityType::kMoney && scaled_large) {
          // "The outflows were concentrated in the United States, where
          // investors pulled US$287m": flows named earlier in the sentence,
          // with no figure between, are what a sum in a later clause counts.
          if (std::optional<Match> flow = LastIn(*kFlowNoun, p, c.window_begin, c.before_begin)) {
            metric = Cue{*flow, static_cast<double>(figure.begin - flow->end), true};
            metric_kind = FactKind::kEtfFlow;
          }
        }
        // A list of labelled sums ("Binance: $398.6 million") goes on with
        // the metric of the sums just before it.
        static const LazyRE2 kLabelLead = {R"(^[\w .&'()-]{1,40}:\s?[+-]?$)"};
        std::string list_label;
        if (q.type == QuantityType::kMoney && scaled_large && in_sentence.size() == 1 &&
            RE2::FullMatch(p.substr(sentence_begin, figure.begin - sentence_begin), *kLabelLead)) {
          list_label =
              std::string(p.substr(sentence_begin, p.find(':', sentence_begin) - sentence_begin));
          if (!metric && state.last_sum_unit >= 0 &&
              static_cast<size_t>(state.last_sum_unit) + 8 >= unit_index) {
            metric_kind = state.last_sum_kind;
            metric = Cue{Match{figure.begin, figure.begin, {}}, 1e6, true};
          }
        }
        bool metric_from_context = false;
        if (!metric && !context_text.text.empty()) {
          for (const KindCue& kind_cue : kMetricCues) {
            if (FirstIn(FactPattern(kind_cue.id), context_text.text, 0, context_text.text.size())) {
              metric_kind = kind_cue.kind;
              metric = Cue{Match{figure.begin, figure.begin, {}}, 1e6, true};
              metric_from_context = true;
              break;
            }
          }
        }

        static const LazyRE2 kShareOf = {R"((?i)^\s+of\s+(?:all|total|the|its|their)\b)"};
        static const LazyRE2 kRateLevel = {
            R"((?i)\b(?:basis|(?:realized|implied|historical)\s+volatility|volatility|)"
            R"((?:annuali[sz]ed\s+)?premium)\b)"};
        static const LazyRE2 kBelowPeak = {
            R"((?i)^\s+(?:below|under|beneath|off|short\s+of)\s+(?:its|the|their|a)\s+)"
            R"((?:[\w-]+\s+){0,3}?(?:record|highs?|peak|all-time\s+high|ATH)\b)"};
        switch (q.type) {
          case QuantityType::kPercent:
            if (metric && metric_kind == FactKind::kFundingRate) {
              fact.kind = FactKind::kFundingRate;
            } else if (c.Nearest(PatternId::kDominance)) {
              // "Bitcoin's dominance slipped to 59.3%": a share, not a change.
              fact.kind = FactKind::kAmount;
              fact.name = "dominance";
            } else if (std::optional<Match> level =
                           MatchWindow(*kRateLevel, p, c.before_begin, figure.begin);
                       level && !c.Nearest(PatternId::kFundingRate)) {
              // "the futures basis sank to 4.1%", "realized volatility has
              // fallen to 48% from 71%": the level of a rate, not a change.
              fact.kind = FactKind::kAmount;
              fact.name = AsciiLower(p.substr(level->begin, level->end - level->begin));
            } else if (RE2::PartialMatch(
                           p.substr(figure.end, std::min<size_t>(64, p.size() - figure.end)),
                           *kBelowPeak)) {
              // "about 43% below its October record": a distance from a
              // peak, not a change over a period.
              fact.kind = FactKind::kAmount;
              fact.name = "distance from peak";
            } else if (RE2::PartialMatch(
                           p.substr(figure.end, std::min<size_t>(24, p.size() - figure.end)),
                           *kShareOf)) {
              // "80% of all outflows", "78.82% of liquidations": a share.
              fact.kind = FactKind::kAmount;
              fact.name = "share";
            } else {
              fact.kind = FactKind::kPercentChange;
              if (metric && metric_kind == FactKind::kAmount) {
                fact.name = "tvl_change";
              } else if (metric && metric_kind != FactKind::kLiquidation &&
                         metric_kind != FactKind::kEtfFlow && !metric_from_context) {
                fact.name = std::string(KindName(metric_kind)) + "_change";
              }
            }
            break;
          case QuantityType::kMoney:
            if (metric && metric_kind != FactKind::kFundingRate) {
              fact.kind = metric_kind;
              if (metric_kind == FactKind::kAmount) fact.name = "TVL";
            } else if (q.value() >= 1e11 && c.Nearest(PatternId::kMarketWide)) {
              // "The cryptocurrency market dropped below $1 trillion": a
              // market measured in hundreds of billions is its capitalisation.
              fact.kind = FactKind::kMarketCap;
            } else if (!scaled_large && figure.shape == Figure::Shape::kSingle &&
                       TailMatch(FactPattern(PatternId::kPriceMove), p, c.before_begin,
                                 figure.begin)) {
              // "the price lost more than $800": a move by that much, not a level.
              fact.kind = FactKind::kAmount;
              fact.name = "price change";
            } else if (!scaled_large) {
              // "cut her target to $150,000 from $200,000" revises a target:
              // a price that moved, not a range the price spanned.
              const bool revised_target = figure.shape == Figure::Shape::kMoveBack &&
                                          c.Before(PatternId::kConditional).has_value();
              fact.kind = figure.shape == Figure::Shape::kSingle || revised_target
                              ? FactKind::kPrice
                              : FactKind::kPriceRange;
            } else {
              continue;  // A sum with no metric named: not a market fact we can type.
            }
            break;
          case QuantityType::kCoin:
            if (metric && metric_kind != FactKind::kFundingRate) {
              fact.kind = metric_kind;
            } else {
              fact.kind = FactKind::kAmount;
              fact.name = AmountName(c);
            }
            break;
          case QuantityType::kPlain: {
            // The index may be named earlier in the sentence: "the Coinbase
            // Premium Index remained deeply negative, hovering near -0.25".
            const std::optional<Match> index =
                LastIn(FactPattern(PatternId::kIndexName), p, c.window_begin, figure.begin);
            if (!index || figure.begin - index->end >= 60) continue;
            fact.kind = FactKind::kIndexValue;
            fact.name = std::string(index->groups[0]);
            while (!fact.name.empty() && fact.name.back() == ' ') fact.name.pop_back();
            if (fact.name.starts_with("The ")) fact.name.erase(0, 4);
            fact.unit = "index";
            break;
          }
        }
        bool inherits_last = false;  // The fact's asset is the previous fact's.
        if (fact.kind == FactKind::kPrice && !scaled_large) {
          // "Glassnode's realized price ... sits near $56,200": an on-chain
          // cost basis, not a price the asset traded at.
          static const LazyRE2 kTraded = {
              R"((?i)\b(?:trad(?:ing|ed|es)|changed\s+hands|spot\s+price)\b)"};
          static const LazyRE2 kCostBasis = {
              R"((?i)\b(?:realized|realised|cost[\s-]basis|average\s+(?:cost|purchase|entry))\s+)"
              R"((?:price|basis|level)?)"};
          if (std::optional<Match> basis =
                  LastIn(*kCostBasis, p, std::max(reach, sentence_begin), figure.begin);
              basis && !LastIn(*kTraded, p, basis->end, figure.begin)) {
            fact.kind = FactKind::kAmount;
            fact.name = "realized price";
          }
        }
        if (fact.kind == FactKind::kLiquidation && metric && !short_side && !long_side &&
            last_fact != nullptr && state.last_fact_unit == unit_index &&
            state.last_fact_sentence == sentence_begin && last_fact->kind == FactKind::kMarketCap &&
            AsciiLower(p.substr(metric->match.begin, 3)) == "wip") {
          // "... dropped from $2.78 trillion to $2.33 trillion, wiping out
          // roughly $450 billion": value wiped off the market, not positions.
          fact.kind = FactKind::kMarketCap;
          fact.name = "change";
          inherits_last = true;
        }
        if (fact.kind == FactKind::kEtfFlow) {
          // What funds hold ("ETFs hold about 1.27 million BTC", "total net
          // assets ... stand at $128.4 billion", "assets under management")
          // and what exchanges see leave ("exchanges recorded a net outflow
          // of 18,750 BTC") are amounts, not fund flows.
          static const LazyRE2 kHoldings = {
              R"((?i)\b(?:hold|holds|holding|held|holdings|net\s+assets|)"
              R"(assets\s+under\s+management|AUM)\b)"};
          static const LazyRE2 kFlowWord = {
              R"((?i)\b(?:inflows?|outflows?|net\s+flows?|redemptions?|withdrawals?|took\s+in|drew|)"
              R"(attracted|pulled|bled|added|adding|shed)\b)"};
          static const LazyRE2 kFundWord = {R"((?i)\bET[FP]s?\b|\bfunds?\b|\btrusts?\b)"};
          static const LazyRE2 kExchanges = {
              R"((?i)\bexchanges?\b(?:[^-]|$)|\b(?:Binance|Coinbase|Kraken|Bybit|OKX)\b)"};
          const size_t from = std::max(reach, sentence_begin);
          const std::optional<Match> holding = LastIn(*kHoldings, p, from, figure.begin);
          if (holding && !LastIn(*kFlowWord, p, holding->end, figure.begin)) {
            fact.kind = FactKind::kAmount;
            fact.name = "holdings";
          } else if (q.type == QuantityType::kCoin && fund == nullptr &&
                     !LastIn(*kFundWord, p, from, figure.begin) &&
                     LastIn(*kExchanges, p, from, figure.begin)) {
            fact.kind = FactKind::kAmount;
            fact.name = "exchange netflow";
          }
        }
        // "climbed from $104,500 to $106,000" spans a range; "cut her target
        // to $150,000 from $200,000" is a price that moved.
        if (fact.kind == FactKind::kPrice && figure.shape != Figure::Shape::kSingle &&
            figure.shape != Figure::Shape::kMoveBack) {
          fact.kind = FactKind::kPriceRange;
        }

        // Figures about other markets (gold, stocks) are not crypto facts:
        // skip when the nearest thing named before the figure is one.
        const Asset* clause_asset = nullptr;
        size_t clause_asset_begin = figure.begin;
        size_t crypto_named_end = 0;
        const Asset* sentence_asset = nullptr;
        size_t sentence_asset_clause = sentence_begin;  // Start of that mention's clause.
        size_t sentence_asset_begin = sentence_begin;
        const auto [before_first, before_last] = mentions_in(reach, figure.begin);
        for (auto it = before_first; it != before_last; ++it) {
          const AssetMention& mention = *it;
          crypto_named_end = mention.end;
          if (mention.begin >= c.before_begin) {
            clause_asset = mention.asset;
            clause_asset_begin = mention.begin;
          } else if (!(mention.begin >= 5 &&
                       AsciiLower(p.substr(mention.begin - 5, 5)) == "than ")) {
            // "Ether fared worse than bitcoin, dropping 6.1%": what a subject
            // is compared with is not the subject.
            sentence_asset = mention.asset;
            sentence_asset_begin = mention.begin;
          }
        }
        if (sentence_asset != nullptr) {
          sentence_asset_clause = ClauseStart(p, reach, sentence_asset_begin);
        }
        const size_t look_back =
            std::max(sentence_begin, figure.begin > 300 ? figure.begin - 300 : 0);
        // Option strikes ("clustered at the $75,000 strike for calls and at
        // $60,000 for puts") are contract terms, not market levels.
        static const LazyRE2 kStrike = {R"((?i)^\s+(?:strikes?\b|for\s+(?:puts|calls)\b))"};
        if (q.type == QuantityType::kMoney &&
            RE2::PartialMatch(p.substr(figure.end, std::min<size_t>(16, p.size() - figure.end)),
                              *kStrike)) {
          continue;
        }
        // A central bank's policy rate just before the figure ("if the
        // Federal Reserve resumes cutting from the current 3.50%-3.75% range").
        static const LazyRE2 kPolicyRate = {
            R"((?i)\b(?:Federal\s+Reserve|interest\s+rates?|fed\s+funds|policy\s+rates?)\b)"};
        if (q.type == QuantityType::kPercent &&
            MatchWindow(*kPolicyRate, p,
                        std::max(sentence_begin, figure.begin > 120 ? figure.begin - 120 : 0),
                        figure.begin)) {
          continue;
        }
        // "... compares with about $34 trillion for gold": the market named
        // right after the figure owns it.
        static const LazyRE2 kOwnerAfter = {R"((?i)^\s+(?:for|of|in)\s+(?:the\s+)?$)"};
        if (std::optional<Match> other = FirstIn(FactPattern(PatternId::kNonCrypto), p, figure.end,
                                                 std::min(c.after_end, figure.end + 24));
            other &&
            RE2::FullMatch(p.substr(figure.end, other->begin - figure.end), *kOwnerAfter)) {
          continue;
        }
        // Another market named as what a crypto subject is compared with
        // ("Bitcoin beats gold and stocks this week with 9% rally") does
        // not own the figure.
        static const LazyRE2 kComparedWith = {
            R"((?i)\b(?:beats?|beating|trails?|trailing|lags?|lagging|outpaces?|outpacing|)"
            R"(outperforms?|outperforming|underperforms?|than|versus|vs\.?)\s+(?:the\s+)?$)"};
        if (std::optional<Match> other =
                LastIn(FactPattern(PatternId::kNonCrypto), p, look_back, figure.begin);
            other && other->end > crypto_named_end) {
          const std::optional<Match> first_other =
              FirstIn(FactPattern(PatternId::kNonCrypto), p, crypto_named_end, figure.begin);
          const bool compared =
              crypto_named_end > 0 && first_other &&
              TailMatch(*kComparedWith, p, crypto_named_end, first_other->begin).has_value();
          if (!compared) continue;
        }

        // Asset.
        const Asset* after_asset = nullptr;
        size_t after_asset_end = figure.end;
        if (const auto [after_first, after_last] = mentions_in(figure.end, c.after_end);
            after_first != after_last && after_first->begin - figure.end <= 25) {
          after_asset = after_first->asset;
          after_asset_end = after_first->end;
        }
        // An appositive sum belongs to the clause before it: "the overall crypto
        // market cap also climbed above its record, reaching above $2.6 trillion".
        const bool market_wide =
            c.Nearest(PatternId::kMarketWide).has_value() ||
            (metric_from_appositive &&
             LastIn(FactPattern(PatternId::kMarketWide), p, c.window_begin, c.before_begin));
        // "$311.53 million in total crypto liquidations": the phrase right
        // after a sum says whose it is, whoever the clause's subject is.
        bool market_wide_after = false;
        if (std::optional<Match> after =
                MatchWindow(FactPattern(PatternId::kMarketWide), p, figure.end,
                            std::min(c.after_end, figure.end + 32))) {
          // "of the total liquidations" is this asset's share of a total; only
          // a phrase naming the market ("in total crypto liquidations") moves it.
          const std::string phrase = AsciiLower(p.substr(after->begin, after->end - after->begin));
          market_wide_after = phrase.find("crypto") != std::string::npos ||
                              phrase.find("market") != std::string::npos ||
                              phrase.find("all ") != std::string::npos;
        }
        const bool market_index =
            fact.kind == FactKind::kIndexValue && (fact.name.find("Fear") != std::string::npos ||
                                                   fact.name.find("Greed") != std::string::npos ||
                                                   fact.name.find("Season") != std::string::npos ||
                                                   fact.name.find("Crypto") != std::string::npos);
        // Sums of liquidations, caps and volumes are market-wide unless the
        // sentence, its paragraph or the heading above names an asset.
        const bool market_sum = fact.kind == FactKind::kLiquidation ||
                                fact.kind == FactKind::kMarketCap || fact.kind == FactKind::kVolume;
        // For a sum, an asset named in an earlier clause counts only when
        // that clause is about the same metric ("Bitcoin remained the most
        // liquidated asset, with $44.91 million from long positions").
        const Asset* sum_sentence_asset = nullptr;
        if (market_sum && sentence_asset != nullptr) {
          const PatternId cue_id = fact.kind == FactKind::kLiquidation ? PatternId::kLiquidation
                                   : fact.kind == FactKind::kMarketCap ? PatternId::kMarketCap
                                   : fact.kind == FactKind::kVolume    ? PatternId::kVolume
                                                                       : PatternId::kEtfFlow;
          if (FirstIn(FactPattern(cue_id), p, sentence_asset_clause, c.before_begin)) {
            sum_sentence_asset = sentence_asset;
          }
        }
        static const LazyRE2 kVerbFirst = {
            R"((?i)^(?:is|was|are|were|has|had|have|up|down|rose|fell|gained|lost|added|climbed|dropped|)"
            R"(jumped|slid|surged|plunged|tumbled|slipped|rallied|shed|declined|advanced|stands|stood|)"
            R"(sits|sat|then|also|now|hit|hits|reached|reaches|touched)\b)"};
        // ... or is an appositive to the figure before it: "returned to
        // $206.5 billion, a 72% climb from trough to peak".
        const std::string_view head = p.substr(c.before_begin, figure.begin - c.before_begin);
        static const LazyRE2 kAppositiveHead = {
            R"((?i)^(?:(?:equivalent|equal|amounting)\s+to\s+)?(?:a|an)\s+)"
            // "..., a decline of roughly 18.5%": the change the level made.
            R"((?:(?:decline|drop|fall|rise|gain|increase|jump|loss)\s+of\s+)?)"
            R"((?:(?:roughly|about|around|nearly|almost|some)\s+)?$)"};
        const std::string_view joint = p.substr(c.window_begin, c.before_begin - c.window_begin);
        // The joint may carry the first figure's date: "... from $96.5
        // billion on Feb. 1, a decline of 8.7%".
        static const LazyRE2 kAppositiveJoint = {
            R"(^(?:\s+(?:on|in|at|by|since)\s+[^,;]{1,24})?(?:, | - )$)"};
        const bool appositive_to_last =
            RE2::FullMatch(joint, *kAppositiveJoint) && RE2::FullMatch(head, *kAppositiveHead);
        // ... or is the level a change reached: "fell 3.1% to $2.31 trillion".
        static const LazyRE2 kLevelAfterChange = {
            R"((?i)^\s?(?:to|at)\s+(?:close\s+at\s+)?(?:(?:a|an|the)\s+)?)"
            R"((?:(?:record|new|fresh|session|intraday)\s+)?(?:(?:high|low|level)\s+of\s+)?)"
            R"((?:(?:around|about|roughly|nearly|almost|approximately|some)\s+)?$)"};
        const bool level_after_change =
            f > 0 && last_fact != nullptr && last_fact->kind == FactKind::kPercentChange &&
            RE2::FullMatch(p.substr(c.window_begin, figure.begin - c.window_begin),
                           *kLevelAfterChange);
        const bool shares_subject =
            last_fact != nullptr && state.last_fact_unit == unit_index &&
            state.last_fact_sentence == sentence_begin &&
            (c.before_begin > sentence_begin || level_after_change) &&
            (!last_fact->asset.empty() || state.last_fact_basket) &&
            (RE2::PartialMatch(head, *kVerbFirst) || appositive_to_last || level_after_change);
        // A basket may head the sentence before a colon: "Multi-asset
        // products: inflows of US$9.4m", "DeFi liquidations were modest ...:
        // about $187 mln of collateral was liquidated".
        std::optional<Match> basket = c.Before(PatternId::kBasket);
        if (!basket && clause_asset == nullptr) {
          basket = LastIn(FactPattern(PatternId::kBasket), p, c.window_begin, c.before_begin);
          if (basket && mentions_in(basket->end, figure.begin).first !=
                            mentions_in(basket->end, figure.begin).second) {
            basket.reset();
          }
        }
        static const LazyRE2 kRefersBack = {
            R"((?i)\b(?:its|the\s+(?:token|coin|asset|cryptocurrency|stablecoin|network))\b)"};
        const bool refers_back =
            FirstIn(*kRefersBack, p, c.before_begin, std::min(c.after_end, figure.end + 40))
                .has_value();
        const bool verb_first = c.before_begin > sentence_begin &&
                                RE2::PartialMatch(head, *kVerbFirst) &&
                                !c.Nearest(PatternId::kMarketWide);
        std::string region;  // "Germany" in "Germany saw inflows of $58.6m".
        if (fact.kind == FactKind::kEtfFlow) {
          if (const std::optional<Match> found = c.Before(PatternId::kRegion)) {
            region = std::string(p.substr(found->begin, found->end - found->begin));
          } else if (static const LazyRE2 kWhereClause = {R"((?i)^where\b)"};
                     c.before_begin >= sentence_begin + 2 &&
                     RE2::PartialMatch(p.substr(c.before_begin, figure.begin - c.before_begin),
                                       *kWhereClause)) {
            // "... in the United States, where investors pulled US$287m": a
            // "where" clause is about the place just before it.
            const size_t comma = p.rfind(',', c.before_begin);
            if (comma != std::string_view::npos && comma > sentence_begin) {
              if (const std::optional<Match> place =
                      LastIn(FactPattern(PatternId::kRegion), p, sentence_begin, comma);
                  place && place->end == comma) {
                region = std::string(p.substr(place->begin, place->end - place->begin));
              }
            }
          }
        }
        // "bitcoin futures led with $412.5M": the subject of the clause a
        // "with" joins on.
        const Asset* with_subject = nullptr;
        if (clause_asset == nullptr && c.before_begin >= 6 &&
            AsciiLower(p.substr(c.before_begin - 6, 6)) == " with " &&
            c.before_begin - 6 >= sentence_begin) {
          const size_t joined_clause =
              ClauseStart(p, std::max(reach, c.window_begin), c.before_begin - 6);
          const auto [first, last] = mentions_in(joined_clause, c.before_begin - 6);
          if (first != last) with_subject = std::prev(last)->asset;
        }
        // "Ethena's USDe has shrunk the most: supply fell from ...": a clause
        // after a colon goes on about the subject before it.
        const bool after_colon = list_label.empty() && f == 0 && c.before_begin >= 2 &&
                                 c.before_begin - 2 >= sentence_begin &&
                                 p.substr(c.before_begin - 2, 2) == ": ";
        const Asset* resolved = nullptr;
        if (inherits_last && last_fact != nullptr) {
          fact.asset = last_fact->asset;
        } else if (fund != nullptr && fact.kind == FactKind::kEtfFlow) {
          fact.asset = std::string(fund->asset);
          fact.name = std::string(fund->ticker);
        } else if (basket && clause_asset == nullptr) {
          // "Other assets", "multi-asset products": several assets, none named
          // ("short-bitcoin products" name theirs).
          fact.name = AsciiLower(p.substr(basket->begin, basket->end - basket->begin));
          if (const auto [first, last] = mentions_in(basket->begin, basket->end); first != last)
            fact.asset = first->asset->symbol;
        } else if (!region.empty() && clause_asset == nullptr) {
          // "Germany saw inflows of $58.6m": a country's share of all flows.
          fact.asset = "MARKET";
          fact.name = region;
          if (fact.name.starts_with("the ")) fact.name.erase(0, 4);
        } else if ((market_sum || fact.kind == FactKind::kEtfFlow) && market_wide_after) {
          fact.asset = "MARKET";
        } else if ((resolved = clause_asset) || (resolved = after_asset)) {
          fact.asset = resolved->symbol;
        } else if (shares_subject) {
          // "Total capitalization hit $2.62 trillion ... and is up a further
          // 14.5%": a clause that starts with its verb shares the subject.
          fact.asset = last_fact->asset;
          if (fact.asset.empty() && fact.name.empty()) fact.name = last_fact->name;
          if (fact.kind == FactKind::kPercentChange && fact.name.empty() &&
              last_fact->kind != FactKind::kPrice && last_fact->kind != FactKind::kPriceRange &&
              last_fact->kind != FactKind::kPercentChange) {
            fact.name = std::string(KindName(last_fact->kind)) + "_change";
          }
        } else if (market_wide || market_index) {
          fact.asset = "MARKET";
        } else if (!context_mentions.empty()) {
          fact.asset = context_mentions.back().asset->symbol;
        } else if (market_sum) {
          // An asset named in an earlier clause is another claim's subject
          // ("Bitcoin tops $72,000 as squeeze wipes out $412M"); only an
          // earlier liquidation figure of the paragraph passes its asset on.
          if (fact.kind == FactKind::kLiquidation && after_liquidation &&
              state.last_fact_unit == unit_index) {
            fact.asset = last_fact->asset;
          } else if ((resolved = sum_sentence_asset)) {
            fact.asset = resolved->symbol;
          } else if (refers_back &&
                     ((resolved = sentence_asset) || (resolved = state.in_paragraph))) {
            // "its market capitalization stands at ...", "short positions in
            // the token": the asset just named.
            fact.asset = resolved->symbol;
          } else if ((resolved = with_subject) ||
                     ((verb_first || after_colon) && (resolved = sentence_asset))) {
            // "Tether's USDT, the largest of them, hit a record market
            // capitalization of ...": a clause that starts with its verb
            // has the sentence's subject.
            fact.asset = resolved->symbol;
          } else if ((resolved = state.in_paragraph) ||
                     (state.heading_names_liquidations && (resolved = state.heading))) {
            fact.asset = resolved->symbol;
          } else {
            fact.asset = "MARKET";
          }
        } else if ((resolved = sentence_asset) || (resolved = state.in_paragraph) ||
                   (resolved = state.heading) || (resolved = state.carried) ||
                   (resolved = state.topic)) {
          fact.asset = resolved->symbol;
        }
        if (fact.kind == FactKind::kPrice || fact.kind == FactKind::kPriceRange) {
          if (fact.asset.empty() || fact.asset == "MARKET") continue;  // A price needs an asset.
          if (const Asset* asset = assets.FindSymbol(fact.asset); asset && asset->stablecoin)
            continue;
        }

        if (!list_label.empty() && fact.name.empty()) fact.name = list_label;

        // Values.
        const bool move_back = figure.shape == Figure::Shape::kMoveBack;
        const bool move = figure.shape == Figure::Shape::kMove || move_back;
        const bool range = figure.shape == Figure::Shape::kRange;
        if (fact.unit.empty()) fact.unit = q.type == QuantityType::kPercent ? "percent" : q.unit;
        if (fact.kind == FactKind::kIndexValue || fact.kind == FactKind::kFundingRate) {
          fact.value = q.sign < 0 ? -q.value() : q.value();  // Levels keep their sign.
        } else {
          fact.value = q.value();  // Changes and flows are magnitudes; the sign goes to direction.
        }
        if (range || move) {
          // a: where the move started, b: where it ended.
          const double a = move_back ? figure.second->value() : figure.first.value();
          const double b = move_back ? figure.first.value() : figure.second->value();
          if (fact.kind == FactKind::kPriceRange || !move) {
            fact.value = std::min(a, b);
            fact.value_high = std::max(a, b);
            if (move) fact.direction = b > a ? Direction::kUp : Direction::kDown;
          } else {
            fact.value = b;
            fact.value_from = a;
            fact.direction = b > a ? Direction::kUp : (b < a ? Direction::kDown : Direction::kNone);
          }
        }

        // Hedges and bounds, just before the figure (or before either end).
        const std::optional<Match> hedge =
            TailMatch(FactPattern(PatternId::kHedge), p, c.before_begin, figure.begin);
        const size_t bound_to = hedge ? hedge->begin : figure.begin;
        const std::optional<Match> lower =
            TailMatch(FactPattern(PatternId::kBoundLower), p, c.before_begin, bound_to);
        const std::optional<Match> upper =
            TailMatch(FactPattern(PatternId::kBoundUpper), p, c.before_begin, bound_to);
        const std::optional<Match> crossing =
            TailMatch(FactPattern(PatternId::kCrossing), p, c.before_begin, bound_to);
        fact.approx =
            hedge.has_value() || MatchWindow(FactPattern(PatternId::kApproxNoun), p, figure.end,
                                             std::max(figure.end, c.after_end))
                                     .has_value();
        if (range || move) {
          fact.approx |=
              TailMatch(FactPattern(PatternId::kHedge), p, figure.first.end, figure.second->begin)
                  .has_value();
          // "from about $29 billion": the hedge sits after "from".
          static const LazyRE2 kFromHedge = {
              R"((?i)(?:\b(?:from|between)\s+(?:around|roughly|about|nearly|almost|approximately|some)|)"
              R"(\b(?:around|roughly|about|nearly|almost|approximately|some)\s+(?:from|between))\s+$)"};
          fact.approx |= TailMatch(*kFromHedge, p, c.before_begin, figure.begin).has_value();
        }
        if (!range && !move && fact.kind != FactKind::kPercentChange) {
          if (lower)
            fact.bound = Bound::kLower;
          else if (upper)
            fact.bound = Bound::kUpper;
        }

        // Direction: a sign, else the nearest direction word before the
        // figure, or just after it ("a 2% rise", "$845M out").
        std::optional<Match> up_before = c.Before(PatternId::kUpWord);
        // "up to 94 percent" bounds a figure; it does not say it rose.
        if (up_before &&
            AsciiLower(p.substr(up_before->begin, up_before->end - up_before->begin)) == "up" &&
            AsciiLower(p.substr(up_before->end, 4)) == " to ") {
          up_before.reset();
        }
        const std::optional<Match> down_before = c.Before(PatternId::kDownWord);
        const size_t after_limit = std::min(c.after_end, figure.end + 20);
        const std::optional<Match> up_after =
            FirstIn(FactPattern(PatternId::kUpWord), p, figure.end, after_limit);
        const std::optional<Match> down_after =
            FirstIn(FactPattern(PatternId::kDownWord), p, figure.end, after_limit);
        auto word_direction = [&](bool allow_after) -> Direction {
          double up_distance = up_before ? static_cast<double>(figure.begin - up_before->end) : 1e9;
          double down_distance =
              down_before ? static_cast<double>(figure.begin - down_before->end) : 1e9;
          if (allow_after && up_after)
            up_distance = std::min(up_distance, 1.5 * (up_after->begin - figure.end));
          if (allow_after && down_after)
            down_distance = std::min(down_distance, 1.5 * (down_after->begin - figure.end));
          if (up_distance >= 1e9 && down_distance >= 1e9) return Direction::kNone;
          return up_distance <= down_distance ? Direction::kUp : Direction::kDown;
        };
        if (!move) {
          switch (fact.kind) {
            case FactKind::kPercentChange:
              fact.direction = q.sign > 0   ? Direction::kUp
                               : q.sign < 0 ? Direction::kDown
                                            : word_direction(true);
              // A parenthetical right after a move ("drop below $24,000 --
              // about 14% --") shares its direction too.
              if (fact.direction == Direction::kNone && last_fact != nullptr &&
                  state.last_fact_unit == unit_index && last_fact->direction != Direction::kNone &&
                  state.last_fact_sentence == sentence_begin &&
                  (last_fact->kind == FactKind::kPercentChange ||
                   figure.begin - c.window_begin <= 12)) {
                // "BNB (15% drop), Dogecoin (18.3%) and Solana (18.9%)": a list
                // states the direction once.
                fact.direction = last_fact->direction;
              }
              if (fact.direction == Direction::kNone) continue;  // A share, not a change.
              break;
            case FactKind::kEtfFlow: {
              // Flows are inflows unless something says they left; the flow
              // word itself ("$165 million in total net outflows") says it first.
              Direction words = word_direction(true);
              if (metric && !metric_from_context) {
                const std::string cue_word = AsciiLower(
                    p.substr(metric->match.begin, metric->match.end - metric->match.begin));
                if (cue_word.find("outflow") != std::string::npos ||
                    cue_word.find("abfl") != std::string::npos ||
                    cue_word.find("sorties") != std::string::npos ||
                    cue_word.find("redemption") != std::string::npos ||
                    cue_word.find("withdrawal") != std::string::npos) {
                  words = Direction::kDown;
                } else if (cue_word.find("inflow") != std::string::npos) {
                  words = Direction::kUp;
                }
              }
              fact.direction =
                  q.sign < 0 || words == Direction::kDown ? Direction::kDown : Direction::kUp;
              break;
            }
            case FactKind::kPrice:
              fact.direction = crossing ? Direction::kUp : word_direction(false);
              break;
            case FactKind::kFundingRate:
              fact.direction = word_direction(false);
              break;
            case FactKind::kAmount:
              if (q.type == QuantityType::kCoin) fact.direction = word_direction(true);
              if (fact.name == "TVL") fact.direction = word_direction(false);
              break;
            case FactKind::kMarketCap:
            case FactKind::kVolume:
            case FactKind::kOpenInterest:
            case FactKind::kIndexValue:
              // "fell to $2.31 trillion": a level reached by a move.
              fact.direction = word_direction(false);
              break;
            default:
              break;
          }
        }
        // "fell 3.1% to $2.31 trillion": the level moved the change's way.
        if (level_after_change && fact.direction == Direction::kNone &&
            fact.kind != FactKind::kLiquidation && fact.kind != FactKind::kEtfFlow) {
          fact.direction = last_fact->direction;
        }
        if (fact.kind == FactKind::kLiquidation) {
          // A sum whose own clause names no side takes the side named earlier
          // in its sentence ("long positions accounted for 78.82% of
          // liquidations, totaling $245.55 million"), unless it says "total".
          if (!short_side && !long_side && !c.Nearest(PatternId::kTotalSide)) {
            if (auto found = LastIn(FactPattern(PatternId::kShortSide), p,
                                    std::min(reach, c.before_begin), c.before_begin)) {
              short_side = Cue{*found, static_cast<double>(figure.begin - found->end), true};
            }
            if (auto found = LastIn(FactPattern(PatternId::kLongSide), p,
                                    std::min(reach, c.before_begin), c.before_begin)) {
              long_side = Cue{*found, static_cast<double>(figure.begin - found->end), true};
            }
          }
          fact.side = ReadSide(c, short_side, long_side);
          // "The largest single liquidation was a $41.7 million long": one
          // position, never a part or the total of the day's liquidations.
          if (fact.name.empty() &&
              LastIn(FactPattern(PatternId::kOnePosition), p, c.sentence_begin, figure.begin)) {
            fact.name = kLargestSingleLiquidation;
          }
        }

        // Period.
        if (std::optional<Match> period =
                FirstIn(FactPattern(PatternId::kPeriod), p, figure.end, c.after_end)) {
          fact.period = PeriodLabel(p.substr(period->begin, period->end - period->begin));
        } else if (FirstIn(FactPattern(PatternId::kSamePeriod), p, figure.end, c.after_end)) {
          fact.period = state.last_period;
        } else if (std::optional<Match> earlier = c.Before(PatternId::kPeriod)) {
          fact.period = PeriodLabel(p.substr(earlier->begin, earlier->end - earlier->begin));
        }
        // A reading "on Monday" dates a level; only changes and flows have periods.
        if (fact.kind == FactKind::kIndexValue) fact.period.clear();
        if (!fact.period.empty()) state.last_period = fact.period;

        fact.conditional = c.Before(PatternId::kConditional).has_value();
        fact.negated = c.Before(PatternId::kNegation).has_value();

        // The span: from the first evidence before the figure to the last after it.
        size_t span_begin = hedge ? hedge->begin : figure.begin;
        if (lower || upper) span_begin = std::min(span_begin, (lower ? lower : upper)->begin);
        if (metric && metric->before && !metric_from_context && metric->match.end <= figure.begin) {
          span_begin = std::min(span_begin, metric->match.begin);
        }
        if (clause_asset != nullptr) span_begin = std::min(span_begin, clause_asset_begin);
        if (up_before && fact.direction == Direction::kUp)
          span_begin = std::min(span_begin, up_before->begin);
        if (down_before && fact.direction == Direction::kDown)
          span_begin = std::min(span_begin, down_before->begin);
        size_t span_end = figure.end;
        if (metric && !metric->before && !metric_from_context)
          span_end = std::max(span_end, metric->match.end);
        if (fact.kind == FactKind::kLiquidation) {
          for (const std::optional<Cue>& side : {short_side, long_side}) {
            if (side && !side->before) span_end = std::max(span_end, side->match.end);
          }
        }
        if (after_asset != nullptr && clause_asset == nullptr)
          span_end = std::max(span_end, after_asset_end);
        span_begin = std::max(span_begin, c.before_begin);
        fact.start = unit.base + normalized.to_original[span_begin];
        fact.end = unit.base + normalized.to_original[span_end];
        fact.text = std::string(unit.source.substr(fact.start - unit.base, fact.end - fact.start));
        // The sentence, or at most 600 bytes of it around the span.
        const size_t sentence_from =
            normalized
                .to_original[std::max(sentence_begin, span_begin > 300 ? span_begin - 300 : 0)];
        const size_t sentence_to = normalized.to_original[std::min(sentence_end, span_end + 300)];
        fact.sentence = std::string(unit.source.substr(sentence_from, sentence_to - sentence_from));
        fact.pattern = move ? "move" : range ? "range" : "quantity";
        if (!std::isfinite(fact.value)) continue;
        // "now stand at $54.2 billion, SoSoValue data shows, up from $53.9
        // billion": the second figure is where the first one's move started.
        static const LazyRE2 kFromBack = {
            R"((?i)(?:\b(?:up|down|higher|lower)\s+from\s+(?:(?:a|an|the|its)\s+)?)"
            R"((?:(?:record|recent|previous|prior|peak|high|low|level)\s+(?:of\s+)?)?|)"
            // "... is now at $2.34 trillion, it was $2.21 trillion on Tuesday".
            R"(\b(?:it|which)\s+(?:was|had\s+been|stood\s+at)\s+))"
            R"((?:around\s+|about\s+|roughly\s+)?$)"};
        if (f > 0 && !move && !range && last_fact != nullptr &&
            state.last_fact_unit == unit_index &&
            (last_fact->kind == fact.kind ||
             (last_fact->kind == FactKind::kAmount && last_fact->unit == fact.unit)) &&
            !last_fact->value_from && last_fact->end <= fact.start &&
            TailMatch(*kFromBack, p, c.window_begin, figure.begin)) {
          Fact& previous = facts[state.last_fact];
          previous.value_from = fact.value;
          if (previous.direction == Direction::kNone || previous.kind != FactKind::kEtfFlow) {
            previous.direction = previous.value > fact.value ? Direction::kUp : Direction::kDown;
          }
          continue;
        }
        // "Ethereum (ETH) and TRON (TRX) each saw inflows of $200,000": one
        // figure, one fact per coordinated asset.
        static const LazyRE2 kEach = {R"((?i)\b(?:each|both|respectively)\b)"};
        std::vector<std::string> also;
        if (FirstIn(*kEach, p, c.before_begin, c.after_end)) {
          // The coordinated subjects end at the clause's own asset, or right
          // before the clause ("Ethereum and Solana, which are both up 10%").
          size_t cursor = clause_asset != nullptr ? clause_asset_begin : c.before_begin;
          const auto [first, last] = mentions_in(std::min(reach, cursor), cursor);
          static const LazyRE2 kRelative = {R"((?i)^,?\s+(?:which|that|who)\s+$)"};
          bool first_link = clause_asset == nullptr;
          for (auto it = last; it != first;) {
            --it;
            const std::string_view between = p.substr(it->end, cursor - it->end);
            const bool joined = between == " and " || between == ", " || between == ", and " ||
                                (first_link && RE2::FullMatch(between, *kRelative));
            if (!joined) break;
            first_link = false;
            if (clause_asset == nullptr && fact.asset != it->asset->symbol && also.empty() &&
                cursor == c.before_begin) {
              fact.asset = it->asset->symbol;  // The nearest subject takes the fact itself.
            } else if (it->asset->symbol != fact.asset) {
              also.push_back(it->asset->symbol);
            }
            cursor = it->begin;
          }
        }
        const bool named = clause_asset != nullptr || after_asset != nullptr ||
                           (fund != nullptr && fact.kind == FactKind::kEtfFlow);
        for (const std::string& symbol : also) {
          Fact copy = fact;
          copy.asset = symbol;
          facts.push_back(std::move(copy));
          asset_named.push_back(true);
        }
        facts.push_back(std::move(fact));
        asset_named.push_back(named);
        state.last_fact = static_cast<int>(facts.size()) - 1;
        state.last_fact_unit = unit_index;
        state.last_fact_sentence = sentence_begin;
        state.last_fact_basket = basket.has_value() && facts.back().asset.empty();
        if (scaled_large && q.type == QuantityType::kMoney &&
            (facts.back().kind == FactKind::kLiquidation ||
             facts.back().kind == FactKind::kOpenInterest ||
             facts.back().kind == FactKind::kMarketCap || facts.back().kind == FactKind::kVolume ||
             facts.back().kind == FactKind::kEtfFlow)) {
          state.last_sum_unit = static_cast<int>(unit_index);
          state.last_sum_kind = facts.back().kind;
        }
        if (facts.back().kind == FactKind::kLiquidation)
          state.last_liquidation_unit = static_cast<int>(unit_index);
      }
      // This sentence's last named asset carries to the next sentence.
      if (const auto [first, last] = mentions_in(sentence_begin, sentence_end); first != last) {
        state.in_paragraph = std::prev(last)->asset;
      }
    }

    // Across paragraphs: a paragraph about one asset hands it on; one about
    // several hands on the topic when it is among them.
    std::vector<const Asset*> named;
    for (const AssetMention& mention : mentions) {
      if (std::find(named.begin(), named.end(), mention.asset) == named.end())
        named.push_back(mention.asset);
    }
    if (unit.section == Section::kHeadline) continue;
    if (unit.heading) {
      state.heading = named.empty() ? nullptr : named.back();
      state.heading_names_liquidations =
          FirstIn(FactPattern(PatternId::kLiquidation), p, 0, p.size()).has_value();
      continue;  // A heading hands its asset to the paragraph under it only.
    }
    state.heading = nullptr;
    if (named.size() == 1) {
      state.carried = named.front();
    } else if (named.size() > 1) {
      state.carried = std::find(named.begin(), named.end(), state.topic) != named.end()
                          ? state.topic
                          : named.back();
    }
  }
  ReassignImplausiblePrices(facts, asset_named);
  return facts;
}

}  // namespace factsift::extract::internal
