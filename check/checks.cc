// The check rules: market data, internal consistency and the page's snapshot.
#include "check/checks.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include <re2/re2.h>

#include "common/ascii.h"
#include "common/claim_window.h"
#include "common/time_util.h"
#include "schema/store.h"

namespace factsift::check {
namespace {

constexpr int64_t kDayMs = 86400000;

// "73,000", "272.75M", "3.97": a readable figure for expected/observed/about.
std::string Figure(double value) {
  const double magnitude = std::fabs(value);
  char buffer[64];
  if (magnitude >= 1e9) {
    std::snprintf(buffer, sizeof buffer, "%.4gB", value / 1e9);
  } else if (magnitude >= 1e6) {
    std::snprintf(buffer, sizeof buffer, "%.5gM", value / 1e6);
  } else if (magnitude >= 1000) {
    // Thousands separators for prices.
    std::snprintf(buffer, sizeof buffer, "%.2f", magnitude);
    std::string digits(buffer);
    std::string fraction = digits.substr(digits.find('.'));
    std::string whole = digits.substr(0, digits.find('.'));
    for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) {
      whole.insert(static_cast<size_t>(i), ",");
    }
    if (fraction == ".00") fraction.clear();
    return (value < 0 ? "-" : "") + whole + fraction;
  } else {
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
  }
  return buffer;
}

std::string Percent(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%+.2f%%", value);
  return buffer;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool HasWord(std::string_view text, std::string_view word) {
  for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const bool starts = at == 0 || std::isalnum(static_cast<unsigned char>(text[at - 1])) == 0;
    const size_t end = at + word.size();
    const bool ends =
        end >= text.size() || std::isalnum(static_cast<unsigned char>(text[end])) == 0;
    if (starts && ends) return true;
  }
  return false;
}

// Half the unit of a figure's last significant digit: the rounding a writer
// may have applied. 310e6 -> 5e6 ("$310M"), 272.75e6 -> 5e3, 5.1 -> 0.05.
double HalfUnit(double value) {
  value = std::fabs(value);
  if (value == 0) return 0;
  double unit = std::pow(10.0, std::floor(std::log10(value)));
  for (int i = 0; i < 12; ++i) {
    if (std::fabs(std::round(value / unit) * unit - value) <= 1e-9 * value) break;
    unit /= 10;
  }
  return unit / 2;
}

// How far a figure in a sum may be from what it rounds: half its last
// digit, but a round "$200 million" is a writer's figure for about 200, not
// for anything from 150 to 250: at most 5% of it (10% when hedged).
double SumRounding(const Fact& fact) {
  return std::min(HalfUnit(fact.value), std::fabs(fact.value) * (fact.approx ? 0.10 : 0.05));
}

// The unit of a figure's last significant digit: 310e6 -> 1e7 ("$310M").
double LastDigitUnit(double value) { return HalfUnit(value) * 2; }

// Equal as a writer would restate a figure: percentages within the rounding
// of either ("5%" for 5.1%, not "6%"); amounts and prices within the coarser
// figure's last digit, since writers also truncate ("$412M" for $412.6
// million), but never more than 1% apart (a round "$70,000" is not $74,000).
bool SameFigure(const Fact& a, const Fact& b) {
  const double x = a.value, y = b.value;
  const double larger = std::max(std::fabs(x), std::fabs(y));
  double slack = 0;
  if (a.unit == "percent" || b.unit == "percent") {
    // A whole percent is rounded to the unit at most: "10%" is not 5%.
    slack = std::min(HalfUnit(x), 0.5) + std::min(HalfUnit(y), 0.5);
  } else {
    slack = std::min(std::max(LastDigitUnit(x), LastDigitUnit(y)), larger / 100);
  }
  return std::fabs(x - y) <= slack + 1e-9 * larger;
}

bool IsBody(Section section) { return section == Section::kBody || section == Section::kCaption; }

// Words that make a price a level someone names (support, a target, a
// hypothetical) rather than a price the market traded at: outside the range
// such a level is no contradiction.
bool NamesALevel(std::string_view sentence) {
  const std::string text = Lower(sentence);
  for (std::string_view word :
       {"support",   "resistance", "target",    "targets",    "level",   "levels",      "zone",
        "could",     "would",      "may",       "might",      "if",      "forecast",    "predict",
        "predicts",  "expects",    "projected", "prediction", "retest",  "break",       "breaks",
        "hold",      "holds",      "defend",    "barrier",    "ceiling", "floor",       "mark",
        "threshold", "all-time",   "record",    "ath",        "can",     "will",        "reclaim",
        "realized",  "cost",       "basis",     "average",    "peak",    "high",        "highs",
        "low",       "lows",       "ever",      "bullish",    "bearish", "scenario",    "need",
        "needs",     "possible",   "likely",    "unlikely",   "return",  "probability", "odds",
        "chance",    "bets",       "premium",   "basis",      "spread",  "dominance"}) {
    if (HasWord(text, word)) return true;
  }
  return false;
}

// Why a level outside the traded range is still no contradiction: the
// sentence names a level or asks a question, or states no time, so that
// the published day is only a guess. Empty when it is a contradiction.
std::string WhyNoContradiction(const Fact& fact, const ClaimWindow& window) {
  if (NamesALevel(fact.sentence)) {
    return "the sentence names a level (support, target, record) or a possibility";
  }
  // A negation extraction did not attach to the fact ("has not closed above
  // $100 since ..."): the claim may be the opposite of the figure.
  const std::string lower = Lower(fact.sentence);
  if (!fact.negated &&
      (HasWord(lower, "not") || HasWord(lower, "never") || lower.find("n't") != std::string::npos ||
       lower.find("n\xE2\x80\x99t") != std::string::npos)) {
    return "the sentence has a negation the claim does not carry";
  }
  if (fact.sentence.find('?') != std::string::npos) return "the sentence is a question";
  if (window.source == "published day") {
    return "the claim states no time, so it may be about an earlier day";
  }
  return "";
}

CheckRow RowFor(const Article& article, int index, std::string rule) {
  CheckRow row;
  row.rule = std::move(rule);
  if (index >= 0) {
    row.fact = article.facts[static_cast<size_t>(index)];
    row.fact_index = index;
  }
  return row;
}

void SetWindow(CheckRow& row, const ClaimWindow& window) {
  row.window_from = window.from();
  row.window_to = window.to();
  row.window_source = window.source;
}

std::string Quoted(const Fact& fact) { return "'" + fact.text + "'"; }

// Low and high of a window of candles, with where they happened.
struct Extremes {
  double low = 0, high = 0;
  int64_t low_ms = 0, high_ms = 0;
  std::optional<double> first_open, last_close;
  std::set<std::string> quotes;
};

Extremes ExtremesOf(const std::vector<Candle>& candles) {
  Extremes e;
  bool first = true;
  for (const Candle& c : candles) {
    if (first || c.low < e.low) {
      e.low = c.low;
      e.low_ms = c.open_time_ms;
    }
    if (first || c.high > e.high) {
      e.high = c.high;
      e.high_ms = c.open_time_ms;
    }
    if (first) e.first_open = c.open.has_value() ? c.open : std::optional<double>(c.low);
    if (c.close.has_value()) e.last_close = c.close;
    e.quotes.insert(c.quote);
    first = false;
  }
  return e;
}

std::string QuoteText(const Extremes& e) {
  std::string text;
  for (const std::string& quote : e.quotes) text += (text.empty() ? "" : "/") + quote;
  return text;
}

std::string DayOf(int64_t ms) {
  return FormatDay(ms >= 0 ? ms / kDayMs : (ms - kDayMs + 1) / kDayMs);
}

// The candles of one asset over the window, preferring USD quotes when both
// USD and USDT data exist (the claim is in USD).
StatusOr<std::vector<Candle>> WindowCandles(MarketData& market, std::string_view asset,
                                            const ClaimWindow& window) {
  StatusOr<std::vector<Candle>> candles =
      market.Candles(asset, window.from_day * kDayMs, (window.to_day + 1) * kDayMs);
  if (!candles.ok()) return candles.status();
  const bool has_usd = std::any_of(candles->begin(), candles->end(),
                                   [](const Candle& c) { return c.quote == "USD"; });
  if (has_usd) {
    std::erase_if(*candles, [](const Candle& c) { return c.quote != "USD"; });
  }
  return candles;
}

// Windows of the facts, with a claim's own time phrase shared with its
// restatements: the FAQ's "pushed BTC down toward $63,000" is the body's
// "in late January ... drop toward the $63,000 range".
std::vector<std::optional<ClaimWindow>> FactWindows(const Article& article) {
  std::vector<std::optional<ClaimWindow>> windows;
  for (const Fact& fact : article.facts) {
    windows.push_back(ResolveClaimWindow(fact.period, fact.sentence, article.published, fact.text));
  }
  for (size_t i = 0; i < article.facts.size(); ++i) {
    if (!windows[i].has_value() || windows[i]->source != "published day") continue;
    const Fact& fact = article.facts[i];
    for (size_t j = 0; j < article.facts.size(); ++j) {
      const Fact& other = article.facts[j];
      if (j == i || !windows[j].has_value() || !windows[j]->source.starts_with("phrase") ||
          other.kind != fact.kind || other.asset != fact.asset ||
          other.direction != fact.direction || !SameFigure(other, fact)) {
        continue;
      }
      windows[i] = windows[j];
      if (!windows[i]->source.ends_with("(restated claim)"))
        windows[i]->source += " (restated claim)";
      break;
    }
  }
  return windows;
}

// A headline, summary or FAQ fact that repeats a body fact with the same
// figure and qualifiers: checking it again against the market would only
// repeat the body's row (the restatement rule relates the two).
bool RestatesBodyClaim(const Article& article, size_t index) {
  const Fact& fact = article.facts[index];
  if (IsBody(fact.section)) return false;
  for (const Fact& body : article.facts) {
    if (IsBody(body.section) && body.kind == fact.kind && body.asset == fact.asset &&
        body.direction == fact.direction && body.bound == fact.bound &&
        body.negated == fact.negated && body.conditional == fact.conditional &&
        SameFigure(body, fact) && body.value_high == fact.value_high) {
      return true;
    }
  }
  return false;
}

double Tolerance(const Fact& fact, const Extremes& e, const CheckOptions& options) {
  double tolerance = fact.approx ? options.approx_tolerance_pct : options.exact_tolerance_pct;
  const std::string unit = fact.unit.empty() ? "USD" : fact.unit;
  if (e.quotes.size() != 1 || *e.quotes.begin() != unit) tolerance += options.quote_mismatch_pct;
  return tolerance;
}

// market_price for one fact. The claim reads, by its qualifiers:
//   bound lower ("past $73,000")     the window's high reached the level
//   bound upper ("below $85,000")    the window's low reached it
//   negated ("did not fall below")   the opposite of the bound
//   direction down ("drop toward")   a fall whose low came to the level
//   direction up ("climbed to")      a rise whose high came to the level
//   none ("trades near $69,800")     the level lies within low..high
// each within the tolerance.
CheckRow CheckPrice(const Article& article, int index, const ClaimWindow& window,
                    const std::vector<Candle>& candles, const CheckOptions& options) {
  const Fact& fact = article.facts[static_cast<size_t>(index)];
  CheckRow row = RowFor(article, index, "market_price");
  SetWindow(row, window);
  Extremes e = ExtremesOf(candles);
  // "has not closed above $100": closes, not intraday highs and lows.
  // Closes when the claim's own clause speaks of them, or an opening clause
  // with no figure of its own ("On a closing basis, ETH did not fall below
  // $1,920"); "to close at $2,127, after briefly touching $2,199" puts only
  // the first figure at a close, and "..., and it closed higher" is another
  // statement.
  const auto speaks_of_closes = [](std::string_view text) {
    return HasWord(text, "close") || HasWord(text, "closed") || HasWord(text, "closes") ||
           HasWord(text, "closing");
  };
  bool about_closes = speaks_of_closes(ClaimClause(fact.sentence, fact.text));
  const std::string sentence = Lower(fact.sentence);
  const size_t claim_at = std::min(sentence.find(Lower(fact.text)), sentence.size());
  for (size_t begin = 0; !about_closes && begin < claim_at;) {
    const size_t end = std::min(sentence.find(", ", begin), sentence.size());
    if (end >= claim_at) break;  // The claim's own clause, read above.
    const std::string_view opening = std::string_view(sentence).substr(begin, end - begin);
    about_closes = !HasAsciiDigit(opening) && speaks_of_closes(opening);
    begin = end + 2;
  }
  if (about_closes) {
    std::vector<Candle> closes;
    for (const Candle& c : candles) {
      if (!c.close.has_value()) continue;
      Candle point = c;
      point.high = point.low = *c.close;
      closes.push_back(point);
    }
    if (!closes.empty()) e = ExtremesOf(closes);
  }
  const double tol = Tolerance(fact, e, options);
  const double level = fact.value;
  const double lo = e.low, hi = e.high;
  const std::string quote = QuoteText(e);
  const std::string span =
      window.from() == window.to() ? window.from() : window.from() + " to " + window.to();
  const std::string low_word = about_closes ? "lowest close " : "low ";
  const std::string high_word = about_closes ? "highest close " : "high ";
  row.observed = low_word + Figure(lo) + " (" + DayOf(e.low_ms) + "), " + high_word + Figure(hi) +
                 " (" + DayOf(e.high_ms) + ") " + quote;
  const std::string usdt_note =
      quote == "USD" ? "" : " (data quoted in " + quote + ", not USD: tolerance widened)";
  const double up = 1 + tol / 100, down = 1 - tol / 100;
  bool ok = false;
  std::string need;
  Bound bound = fact.bound;
  if (fact.negated)
    bound = bound == Bound::kLower   ? Bound::kUpper
            : bound == Bound::kUpper ? Bound::kLower
                                     : Bound::kNone;
  if (fact.negated && bound == Bound::kNone) {
    row.verdict = Verdict::kUnverifiable;
    row.expected = "not " + Figure(level) + " " + fact.unit;
    row.about = Quoted(fact) + " is a negated claim without a bound; not checked.";
    return row;
  }
  if (fact.negated) {
    // "did not fall below X": the low stayed at or above X.
    ok = bound == Bound::kLower ? lo >= level * down : hi <= level * up;
    need = bound == Bound::kLower ? "low at or above " : "high at or below ";
    row.delta = ((bound == Bound::kLower ? lo : hi) - level) / level * 100;
  } else if (bound == Bound::kLower) {
    ok = hi >= level * down;
    need = "high at or above ";
    row.delta = (hi - level) / level * 100;
  } else if (bound == Bound::kUpper) {
    ok = lo <= level * up;
    need = "low at or below ";
    row.delta = (lo - level) / level * 100;
  } else if (fact.direction == Direction::kDown) {
    const bool fell = !e.first_open.has_value() || lo < *e.first_open;
    ok = fell && lo <= level * up && level <= hi * up;
    need = "a fall with its low near ";
    row.delta = (lo - level) / level * 100;
  } else if (fact.direction == Direction::kUp) {
    const bool rose = !e.first_open.has_value() || hi > *e.first_open;
    ok = rose && hi >= level * down && level >= lo * down;
    need = "a rise with its high near ";
    row.delta = (hi - level) / level * 100;
  } else {
    ok = level >= lo * down && level <= hi * up;
    need = "low..high containing ";
    row.delta = level < lo ? (level - lo) / lo * 100 : level > hi ? (level - hi) / hi * 100 : 0.0;
  }
  char tolerance[32];
  std::snprintf(tolerance, sizeof tolerance, " (±%.4g%%)", tol);
  row.expected = need + Figure(level) + " " + (fact.unit.empty() ? "USD" : fact.unit) + tolerance;
  if (ok) {
    row.verdict = Verdict::kSupported;
    row.about = Quoted(fact) + ": " + fact.asset + " traded " + Figure(lo) + "–" + Figure(hi) +
                " " + quote + " from " + span + " (" + window.source + ")" + usdt_note + ".";
  } else if (const std::string why = WhyNoContradiction(fact, window); !why.empty()) {
    row.verdict = Verdict::kUnverifiable;
    row.about = Quoted(fact) + ": " + fact.asset + " traded " + Figure(lo) + "–" + Figure(hi) +
                " " + quote + " from " + span + ", not at the claimed level; but " + why + ".";
  } else {
    row.verdict = Verdict::kContradicted;
    row.about = Quoted(fact) + ": from " + span + " (" + window.source + ") " + fact.asset +
                " traded only " + Figure(lo) + "–" + Figure(hi) + " " + quote + usdt_note + ".";
  }
  return row;
}

// market_range: "between $65,000 and $68,000" against the window's range.
CheckRow CheckRange(const Article& article, int index, const ClaimWindow& window,
                    const std::vector<Candle>& candles, const CheckOptions& options) {
  const Fact& fact = article.facts[static_cast<size_t>(index)];
  CheckRow row = RowFor(article, index, "market_range");
  SetWindow(row, window);
  const Extremes e = ExtremesOf(candles);
  const double tol = Tolerance(fact, e, options);
  const double claimed_low = std::min(fact.value, *fact.value_high);
  const double claimed_high = std::max(fact.value, *fact.value_high);
  row.expected = Figure(claimed_low) + "–" + Figure(claimed_high) + " " + fact.unit;
  row.observed = Figure(e.low) + "–" + Figure(e.high) + " " + QuoteText(e);
  // The claimed range must overlap what traded; a "from X to Y" move
  // (direction set) must have both ends inside the traded range.
  const double up = 1 + tol / 100, down = 1 - tol / 100;
  bool ok = claimed_low <= e.high * up && claimed_high >= e.low * down;
  if (fact.direction != Direction::kNone) {
    ok = claimed_low >= e.low * down && claimed_high <= e.high * up;
  }
  row.delta = claimed_low > e.high   ? (claimed_low - e.high) / e.high * 100
              : claimed_high < e.low ? (claimed_high - e.low) / e.low * 100
                                     : 0.0;
  const std::string why = ok ? "" : WhyNoContradiction(fact, window);
  row.verdict = ok            ? Verdict::kSupported
                : why.empty() ? Verdict::kContradicted
                              : Verdict::kUnverifiable;
  row.about = Quoted(fact) + ": " + fact.asset + " traded " + Figure(e.low) + "–" + Figure(e.high) +
              " " + QuoteText(e) + " from " + window.from() + " to " + window.to() +
              (ok ? ", overlapping the claimed range." : ", outside the claimed range") +
              (ok || why.empty() ? (ok ? "" : ".") : "; but " + why + ".");
  return row;
}

// market_change: a percent change against close-to-close changes of the
// window's length ending on its last days (the hour the article measured at
// is unknown, so the closest is taken). Daily closes cannot contradict a
// change measured at another hour, from another venue's reference price, so
// a mismatch is unverifiable, never contradicted.
StatusOr<CheckRow> CheckChange(const Article& article, int index, const ClaimWindow& window,
                               MarketData& market, const CheckOptions& options) {
  const Fact& fact = article.facts[static_cast<size_t>(index)];
  CheckRow row = RowFor(article, index, "market_change");
  SetWindow(row, window);
  const int64_t length = window.to_day - window.from_day + 1;
  // Closes from the day before the window to its end.
  ClaimWindow wide = window;
  wide.from_day -= length;
  StatusOr<std::vector<Candle>> candles = WindowCandles(market, fact.asset, wide);
  if (!candles.ok()) return candles.status();
  std::map<int64_t, double> close_of_day;
  for (const Candle& c : *candles) {
    if (c.interval == "1d" && c.close.has_value()) close_of_day[c.open_time_ms / kDayMs] = *c.close;
  }
  const double claimed = fact.direction == Direction::kDown ? -std::fabs(fact.value)
                         : fact.direction == Direction::kUp ? std::fabs(fact.value)
                                                            : fact.value;
  row.expected = Percent(claimed) + " over " + std::to_string(length) + " day(s)";
  std::optional<double> best;
  int64_t best_day = 0;
  // A 24-hour window (P-1 .. P) is one day of change ending on either day;
  // longer windows are changes over their whole length.
  const int64_t span = length == 2 ? 1 : length;
  for (int64_t day = window.to_day; day >= window.to_day - 1; --day) {
    const auto end = close_of_day.find(day);
    const auto start = close_of_day.find(day - span);
    if (end == close_of_day.end() || start == close_of_day.end() || start->second == 0) continue;
    const double change = (end->second / start->second - 1) * 100;
    if (!best.has_value() || std::fabs(change - claimed) < std::fabs(*best - claimed)) {
      best = change;
      best_day = day;
    }
  }
  if (!best.has_value()) {
    row.verdict = Verdict::kUnverifiable;
    row.about = Quoted(fact) + ": no daily closes for " + fact.asset + " around " + window.from() +
                " to " + window.to() + ".";
    return row;
  }
  row.observed =
      Percent(*best) + " close " + FormatDay(best_day - span) + " to close " + FormatDay(best_day);
  row.delta = *best - claimed;
  const double tol = options.change_tolerance_points + (fact.approx ? 0.5 : 0);
  if (std::fabs(*best - claimed) <= tol) {
    row.verdict = Verdict::kSupported;
    row.about = Quoted(fact) + ": " + fact.asset + " changed " + Percent(*best) +
                " close to close, within " + Figure(tol) + " points.";
  } else {
    row.verdict = Verdict::kUnverifiable;
    row.about = Quoted(fact) + ": " + fact.asset + " changed " + Percent(*best) +
                " close to close; daily closes cannot confirm a change measured at another hour.";
  }
  return row;
}

StatusOr<std::vector<CheckRow>> MarketRules(const Article& article, MarketData& market,
                                            const CheckOptions& options) {
  std::vector<CheckRow> rows;
  const std::vector<std::optional<ClaimWindow>> windows = FactWindows(article);
  std::set<std::string> checked;
  for (size_t i = 0; i < article.facts.size(); ++i) {
    const Fact& fact = article.facts[i];
    const int index = static_cast<int>(i);
    const bool price = fact.kind == FactKind::kPrice;
    const bool range = fact.kind == FactKind::kPriceRange && fact.value_high.has_value();
    const bool change = fact.kind == FactKind::kPercentChange && fact.name.empty();
    if (!price && !range && !change) continue;
    if (fact.asset.empty() || fact.asset == "MARKET") continue;
    if ((price || range) && !fact.unit.empty() && fact.unit != "USD") continue;
    if (RestatesBodyClaim(article, i)) continue;  // The body's row carries the evidence.
    if (windows[i].has_value() && !fact.conditional) {
      // A claim repeated with the same figure, qualifiers and window is
      // checked once ("a claim restated several times is listed once").
      char key[256];
      std::snprintf(key, sizeof key, "%s|%s|%d|%d|%d|%.10g|%.10g|%lld|%lld",
                    std::string(KindName(fact.kind)).c_str(), fact.asset.c_str(),
                    static_cast<int>(fact.direction), static_cast<int>(fact.bound),
                    fact.negated ? 1 : 0, fact.value, fact.value_high.value_or(0),
                    static_cast<long long>(windows[i]->from_day),
                    static_cast<long long>(windows[i]->to_day));
      if (!checked.insert(key).second) continue;
    }
    const std::string rule = price ? "market_price" : range ? "market_range" : "market_change";
    if (fact.conditional) {
      CheckRow row = RowFor(article, index, rule);
      row.verdict = Verdict::kUnverifiable;
      row.about = Quoted(fact) +
                  " is a forecast, target or hypothetical: not checked as "
                  "a statement of what happened.";
      rows.push_back(std::move(row));
      continue;
    }
    if (!windows[i].has_value()) {
      CheckRow row = RowFor(article, index, rule);
      row.verdict = Verdict::kUnverifiable;
      row.about = Quoted(fact) + ": the article has no published date to set the window.";
      rows.push_back(std::move(row));
      continue;
    }
    const ClaimWindow& window = *windows[i];
    if (change && window.source == "published day") {
      // "down 5%" with no period: daily closes cannot tell which 24 hours.
      CheckRow row = RowFor(article, index, rule);
      SetWindow(row, window);
      row.verdict = Verdict::kUnverifiable;
      row.about = Quoted(fact) + " states no period to compute the change over.";
      rows.push_back(std::move(row));
      continue;
    }
    if (change) {
      StatusOr<CheckRow> row = CheckChange(article, index, window, market, options);
      if (!row.ok()) return row.status();
      rows.push_back(std::move(*row));
      continue;
    }
    StatusOr<std::vector<Candle>> candles = WindowCandles(market, fact.asset, window);
    if (!candles.ok()) return candles.status();
    if (candles->empty()) {
      CheckRow row = RowFor(article, index, rule);
      SetWindow(row, window);
      row.verdict = Verdict::kUnverifiable;
      row.about = Quoted(fact) + ": no market data for " + fact.asset + " from " + window.from() +
                  " to " + window.to() + ".";
      rows.push_back(std::move(row));
      continue;
    }
    rows.push_back(price ? CheckPrice(article, index, window, *candles, options)
                         : CheckRange(article, index, window, *candles, options));
  }
  return rows;
}

// Index of the fact of `kind`/`asset` with `side` nearest to `anchor`,
// preferring the same section; -1 for none.
int NearestSide(const Article& article, const Fact& anchor, Side side) {
  int best = -1;
  long best_score = 0;
  for (size_t j = 0; j < article.facts.size(); ++j) {
    const Fact& f = article.facts[j];
    // A named figure ("Binance: $398.6 million") is one venue's share: it
    // pairs only with figures of the same name.
    if (f.kind != anchor.kind || f.asset != anchor.asset || f.side != side || f.conditional ||
        f.name != anchor.name) {
      continue;
    }
    const long distance = std::labs(static_cast<long>(f.start) - static_cast<long>(anchor.start));
    const long score = distance + (f.section == anchor.section ? 0 : 1000000000L);
    if (best < 0 || score < best_score) {
      best = static_cast<int>(j);
      best_score = score;
    }
  }
  return best;
}

// True when `longs` + `shorts` add up, within the sum tolerance, to a total
// liquidation of theirs other than the fact at `except`.
bool PairAddsUpElsewhere(const Article& article, const Fact& longs, const Fact& shorts, int except,
                         const CheckOptions& options) {
  const double sum = longs.value + shorts.value;
  for (size_t j = 0; j < article.facts.size(); ++j) {
    const Fact& other = article.facts[j];
    if (static_cast<int>(j) == except || other.kind != FactKind::kLiquidation ||
        other.side != Side::kTotal || other.conditional || other.asset != longs.asset ||
        other.name != longs.name) {
      continue;
    }
    const double slack = SumRounding(other) + SumRounding(longs) + SumRounding(shorts) +
                         other.value * options.sum_tolerance_pct / 100;
    if (std::fabs(sum - other.value) <= slack) return true;
  }
  return false;
}

// A list of venues ("Binance: $398.6 million", "Bybit: ...", "All other
// venues: ...") against the unnamed total of their asset: supported when the
// venues, each counted once, add up to it. No matching total makes no row:
// the list may be a selection, or the total of another period.
std::vector<CheckRow> VenueSums(const Article& article, const CheckOptions& options) {
  std::vector<CheckRow> rows;
  std::map<std::string, std::vector<size_t>> venues_of_asset;
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < article.facts.size(); ++i) {
    const Fact& f = article.facts[i];
    if (f.kind == FactKind::kLiquidation && f.side == Side::kTotal && !f.conditional &&
        !f.name.empty() && f.name != kLargestSingleLiquidation && IsBody(f.section) &&
        seen.emplace(f.asset, f.name).second) {
      venues_of_asset[f.asset].push_back(i);
    }
  }
  // Totals are looked for in the body first, then in the headline or a summary.
  std::vector<size_t> totals(article.facts.size());
  std::iota(totals.begin(), totals.end(), size_t{0});
  std::stable_partition(totals.begin(), totals.end(),
                        [&](size_t i) { return IsBody(article.facts[i].section); });
  for (const auto& [asset, venues] : venues_of_asset) {
    if (venues.size() < 3) continue;
    double sum = 0, slack = 0;
    std::string listed;
    for (size_t i : venues) {
      const Fact& venue = article.facts[i];
      sum += venue.value;
      slack += SumRounding(venue);
      listed += (listed.empty() ? "" : " + ") + venue.name + " " + Figure(venue.value);
    }
    for (size_t i : totals) {
      const Fact& total = article.facts[i];
      if (total.kind != FactKind::kLiquidation || total.side != Side::kTotal || total.conditional ||
          !total.name.empty() || total.asset != asset ||
          std::fabs(sum - total.value) >
              slack + SumRounding(total) + total.value * options.sum_tolerance_pct / 100) {
        continue;
      }
      CheckRow row = RowFor(article, static_cast<int>(i), "liquidation_sum");
      row.verdict = Verdict::kSupported;
      row.expected = Figure(total.value) + " " + total.unit + " total";
      row.observed = listed + " = " + Figure(sum);
      row.delta = total.value == 0 ? 0 : (sum - total.value) / total.value * 100;
      row.window_source = "article";
      row.about = "The venues listed, " + listed + ", add up to " + Figure(sum) +
                  ", the stated total " + Quoted(total) + ".";
      rows.push_back(std::move(row));
      break;
    }
  }
  return rows;
}

// liquidation_sum: long + short against the total, per asset, name (venue)
// and total figure.
std::vector<CheckRow> LiquidationSums(const Article& article, const CheckOptions& options) {
  std::vector<CheckRow> rows;
  std::vector<std::pair<std::string, double>> done;
  for (size_t i = 0; i < article.facts.size(); ++i) {
    const Fact& total = article.facts[i];
    if (total.kind != FactKind::kLiquidation || total.side != Side::kTotal || total.conditional) {
      continue;
    }
    bool seen = false;
    for (const auto& [asset, value] : done) {
      seen = seen || (asset == total.asset && std::fabs(value - total.value) <= HalfUnit(value));
    }
    if (seen) continue;
    const int long_index = NearestSide(article, total, Side::kLong);
    const int short_index = NearestSide(article, total, Side::kShort);
    if (long_index < 0 && short_index < 0) continue;
    done.emplace_back(total.asset, total.value);
    if (long_index < 0 || short_index < 0) {
      // One side only: it must fit within the total nearest to it.
      const int part_index = long_index >= 0 ? long_index : short_index;
      const Fact& part = article.facts[static_cast<size_t>(part_index)];
      if (NearestSide(article, part, Side::kTotal) != static_cast<int>(i)) {
        done.pop_back();
        continue;
      }
      CheckRow row = RowFor(article, static_cast<int>(i), "liquidation_sum");
      const double slack =
          SumRounding(total) + SumRounding(part) + total.value * options.sum_tolerance_pct / 100;
      const bool ok = part.value <= total.value + slack;
      row.expected = SideName(part.side).empty()
                         ? ""
                         : std::string(SideName(part.side)) + " at most " + Figure(total.value);
      row.observed = Figure(part.value) + " " + std::string(SideName(part.side));
      row.delta = total.value == 0 ? 0 : (part.value - total.value) / total.value * 100;
      row.window_source = "article";
      row.verdict = ok ? Verdict::kSupported : Verdict::kContradicted;
      row.about = std::string(ok ? "" : "Not consistent: ") + "the " +
                  std::string(SideName(part.side)) + " liquidations " + Quoted(part) + " (" +
                  Figure(part.value) + ")" + (ok ? " fit within" : " exceed") +
                  " the stated total " + Quoted(total) + " (" + Figure(total.value) + ").";
      rows.push_back(std::move(row));
      continue;
    }
    const Fact& longs = article.facts[static_cast<size_t>(long_index)];
    const Fact& shorts = article.facts[static_cast<size_t>(short_index)];
    const double sum = longs.value + shorts.value;
    const double slack = SumRounding(total) + SumRounding(longs) + SumRounding(shorts) +
                         total.value * options.sum_tolerance_pct / 100;
    // "more than $38 million": a bound leaves the sum open on one side.
    CheckRow row = RowFor(article, static_cast<int>(i), "liquidation_sum");
    row.expected = Figure(total.value) + " " + total.unit + " total";
    row.observed =
        Figure(longs.value) + " long + " + Figure(shorts.value) + " short = " + Figure(sum);
    row.delta = total.value == 0 ? 0 : (sum - total.value) / total.value * 100;
    row.window_source = "article";
    const bool ok = std::fabs(sum - total.value) <= slack;
    if (!ok && PairAddsUpElsewhere(article, longs, shorts, static_cast<int>(i), options)) {
      // The pair is the breakdown of another total ("of the $2.1 billion,
      // longs $1.87 billion"); this figure is something else (one exchange's
      // share), not a second claim about the same sum.
      continue;
    }
    row.verdict = ok ? Verdict::kSupported : Verdict::kContradicted;
    const std::string who = total.asset.empty() || total.asset == "MARKET" ? "" : total.asset + " ";
    row.about = "Long " + who + "liquidations " + Figure(longs.value) + " + short " +
                Figure(shorts.value) + " = " + Figure(sum) + ", against the stated total of " +
                Figure(total.value) +
                (ok ? ": consistent within rounding." : ": they do not add up.");
    rows.push_back(std::move(row));
  }
  for (CheckRow& row : VenueSums(article, options)) rows.push_back(std::move(row));
  return rows;
}

// etf_flow_sum: a breakdown of flows (funds, regions, assets) against a
// stated total that equals their sum. Three ways to find the breakdown, each
// needing a total that matches:
//   1. named funds of one asset, wherever they stand (each fund once);
//   2. the rows of a fund table of one asset (facts whose sentence is a row
//      of cells, " | "), where one unnamed row is the total ("Total | | 545.3")
//      and the other rows, named or not, are the funds;
//   3. a run of three or more flows next to each other in the text (a list:
//      "Bitcoin: outflows of US$201m", "Ethereum: ...") whose sum is an
//      unnamed total of their asset or of the market, stated outside the run.
// A breakdown with no matching total makes no row: the funds may be a
// selection.
double SignedFlow(const Fact& f) {
  return f.direction == Direction::kDown ? -std::fabs(f.value) : f.value;
}

bool IsTableRow(const Fact& f) { return f.sentence.find(" | ") != std::string::npos; }

bool IsFlow(const Fact& f) { return f.kind == FactKind::kEtfFlow && !f.conditional; }

// The parts' signed sum matches `total` within the parts' and the total's
// rounding plus the sum tolerance.
bool PartsMatchTotal(const Article& article, const std::vector<size_t>& parts, const Fact& total,
                     double tolerance_pct, double* sum) {
  double slack = SumRounding(total) + std::fabs(total.value) * tolerance_pct / 100;
  *sum = 0;
  for (size_t i : parts) {
    *sum += SignedFlow(article.facts[i]);
    slack += SumRounding(article.facts[i]);
  }
  return std::fabs(*sum - SignedFlow(total)) <= slack;
}

// A run is checked more strictly than a table or named funds, since nothing
// but adjacency ties it together: no part restates the total, every part is
// stated at least as precisely as the total (a "$54B" cumulative figure is
// no part of a day's "$54.2 billion"), and the sum must match within
// rounding alone.
bool IsBreakdownOf(const Article& article, const std::vector<size_t>& parts, const Fact& total) {
  return std::none_of(parts.begin(), parts.end(), [&](size_t i) {
    const Fact& part = article.facts[i];
    return SameFigure(part, total) || HalfUnit(part.value) > HalfUnit(total.value) * (1 + 1e-9);
  });
}

std::string PartLabel(const Fact& f) {
  if (!f.name.empty()) return f.name;
  if (!f.asset.empty() && f.asset != "MARKET") return f.asset;
  return "row";
}

CheckRow FlowSumRow(const Article& article, const std::vector<size_t>& parts, int total_index,
                    double sum, std::string_view what) {
  const Fact& total = article.facts[static_cast<size_t>(total_index)];
  std::string listed;
  for (size_t i : parts) {
    const double value = SignedFlow(article.facts[i]);
    listed += (listed.empty() ? "" : " ") + PartLabel(article.facts[i]) + " " +
              (value < 0 ? "−" : "+") + Figure(std::fabs(value));
  }
  CheckRow row = RowFor(article, total_index, "etf_flow_sum");
  row.verdict = Verdict::kSupported;
  row.expected = Figure(total.value) + " " + total.unit + " net";
  row.observed = listed + " = " + (sum < 0 ? "−" : "+") + Figure(std::fabs(sum));
  row.delta = total.value == 0 ? 0 : (std::fabs(sum) - total.value) / total.value * 100;
  row.window_source = "article";
  row.about = "The " + std::string(what) + " " + listed + " sum to " + (sum < 0 ? "−" : "+") +
              Figure(std::fabs(sum)) + ", matching the stated total " + Quoted(total) + ".";
  return row;
}

std::vector<CheckRow> EtfFlowSums(const Article& article, const CheckOptions& options) {
  std::vector<CheckRow> rows;
  std::set<size_t> covered;  // Facts already part of a matched breakdown.
  auto emit = [&](const std::vector<size_t>& parts, int total_index, double sum,
                  std::string_view what) {
    rows.push_back(FlowSumRow(article, parts, total_index, sum, what));
    covered.insert(parts.begin(), parts.end());
    covered.insert(static_cast<size_t>(total_index));
  };
  std::set<std::string> assets;
  for (const Fact& f : article.facts) {
    if (IsFlow(f)) assets.insert(f.asset);
  }
  for (const std::string& asset : assets) {
    // 2. A fund table: the total is the unnamed row equal to the sum of the
    // others (tried from the last row up, where totals stand).
    std::vector<size_t> table;
    for (size_t i = 0; i < article.facts.size(); ++i) {
      const Fact& f = article.facts[i];
      if (IsFlow(f) && f.asset == asset && IsTableRow(f)) table.push_back(i);
    }
    bool done = false;
    for (size_t t = table.size(); t-- > 0 && table.size() >= 3 && !done;) {
      if (!article.facts[table[t]].name.empty()) continue;
      std::vector<size_t> parts = table;
      parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(t));
      double sum = 0;
      if (PartsMatchTotal(article, parts, article.facts[table[t]], options.sum_tolerance_pct,
                          &sum)) {
        emit(parts, static_cast<int>(table[t]), sum, "table rows");
        done = true;
      }
    }
    if (done) continue;
    // 1. Named funds, each counted once (its first mention), against an
    // unnamed flow of the asset.
    std::vector<size_t> funds;
    std::set<std::string> names;
    for (size_t i = 0; i < article.facts.size(); ++i) {
      const Fact& f = article.facts[i];
      if (IsFlow(f) && f.asset == asset && !f.name.empty() && names.insert(f.name).second) {
        funds.push_back(i);
      }
    }
    if (funds.size() < 2) continue;
    for (size_t i = 0; i < article.facts.size(); ++i) {
      const Fact& f = article.facts[i];
      if (!IsFlow(f) || f.asset != asset || !f.name.empty()) continue;
      double sum = 0;
      if (PartsMatchTotal(article, funds, f, options.sum_tolerance_pct, &sum)) {
        emit(funds, static_cast<int>(i), sum, asset + " fund flows");
        break;
      }
    }
  }
  // 3. Runs of adjacent flows outside the headline, in text order, longest
  // first (at most kMaxRun parts: lists and tables are short, and the search
  // stays linear in the article); a run already part of a breakdown is not
  // counted again.
  std::vector<size_t> order;
  for (size_t i = 0; i < article.facts.size(); ++i) {
    const Fact& f = article.facts[i];
    if (IsFlow(f) && f.section != Section::kHeadline) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return article.facts[a].start < article.facts[b].start;
  });
  std::map<size_t, size_t> place;  // Fact index -> position in `order`.
  for (size_t p = 0; p < order.size(); ++p) place[order[p]] = p;
  std::vector<size_t> totals;  // Unnamed flows: what a run may add up to; the headline's last.
  for (size_t i = 0; i < article.facts.size(); ++i) {
    if (IsFlow(article.facts[i]) && article.facts[i].name.empty()) totals.push_back(i);
  }
  std::stable_partition(totals.begin(), totals.end(),
                        [&](size_t i) { return article.facts[i].section != Section::kHeadline; });
  constexpr size_t kMinRun = 3, kMaxRun = 40;
  for (size_t first = 0; first + kMinRun <= order.size(); ++first) {
    for (size_t last = std::min(order.size(), first + kMaxRun); last >= first + kMinRun; --last) {
      const std::vector<size_t> run(order.begin() + static_cast<std::ptrdiff_t>(first),
                                    order.begin() + static_cast<std::ptrdiff_t>(last));
      if (std::all_of(run.begin(), run.end(), [&](size_t i) { return covered.count(i) > 0; })) {
        continue;
      }
      // Each part another fund, region or asset.
      std::set<std::string> run_assets, labels;
      bool distinct = true;
      for (size_t i : run) {
        run_assets.insert(article.facts[i].asset);
        distinct = labels.insert(PartLabel(article.facts[i])).second && distinct;
      }
      if (!distinct) continue;
      int total_index = -1;
      double sum = 0;
      for (size_t i : totals) {
        const auto at = place.find(i);
        if (at != place.end() && at->second >= first && at->second < last) continue;  // A part.
        const Fact& f = article.facts[i];
        // One asset for all parts, or a market-wide total.
        const bool same_asset = run_assets.size() == 1 && *run_assets.begin() == f.asset;
        if ((same_asset || f.asset == "MARKET") && IsBreakdownOf(article, run, f) &&
            PartsMatchTotal(article, run, f, /*tolerance_pct=*/0, &sum)) {
          total_index = static_cast<int>(i);
          break;
        }
      }
      if (total_index >= 0) {
        emit(run, total_index, sum, "flows listed together");
        first = last - 1;  // Continue after the run.
        break;
      }
    }
  }
  return rows;
}

// Restated claims: a figure in the headline, summary or FAQ against the body.
// Same kind and asset; the body's version decides. Contradicted when
//   - the same figure carries another side ("$310M short liquidations" vs
//     "$310 million of total liquidations") or another bound ("past" vs
//     "near $73,000");
//   - a liquidation of the same side, or a change of the same period and
//     direction, has another figure beyond rounding ("$1.41B of longs" vs
//     "$1.14B were longs"), where the story has one such figure.
// A body fact whose sentence holds the whole headline is the page repeating
// its title (a breadcrumb, a list of stories), not the body's own statement.
bool CopiesTheTitle(const Article& article, const Fact& fact) {
  return article.title.size() >= 20 && fact.sentence.find(article.title) != std::string::npos;
}

std::vector<CheckRow> Restatements(const Article& article) {
  std::vector<CheckRow> rows;
  for (size_t i = 0; i < article.facts.size(); ++i) {
    const Fact& claim = article.facts[i];
    if (IsBody(claim.section) || claim.conditional || claim.asset.empty()) continue;
    // Liquidations of an asset the body gives none for ("Roughly $1.41
    // billion of long positions" in a Bitcoin FAQ) are read against the
    // body's market-wide figures: the asset came from the page's subject.
    std::string body_asset = claim.asset;
    if (claim.kind == FactKind::kLiquidation && claim.asset != "MARKET" &&
        std::none_of(article.facts.begin(), article.facts.end(), [&](const Fact& f) {
          return IsBody(f.section) && f.kind == FactKind::kLiquidation && f.asset == claim.asset;
        })) {
      body_asset = "MARKET";
    }
    std::vector<size_t> same_figure, same_key;
    for (size_t j = 0; j < article.facts.size(); ++j) {
      const Fact& body = article.facts[j];
      if (!IsBody(body.section) || body.kind != claim.kind || body.asset != body_asset ||
          body.name != claim.name || body.conditional || CopiesTheTitle(article, body)) {
        continue;
      }
      // A side conflict needs the very same figure ("$310M" and "$310 million"):
      // "$2 billion" of all liquidations is not "$2.02 billion" of longs.
      const bool other_side = claim.kind == FactKind::kLiquidation && body.side != claim.side;
      if (SameFigure(body, claim) && (!other_side || body.value == claim.value)) {
        same_figure.push_back(j);
      }
      // Totals grow through a live story ("top $2 billion", later "pass $2.3
      // billion"); one side of one period is one figure.
      const bool one_figure_kind =
          (claim.kind == FactKind::kLiquidation && claim.side != Side::kNone &&
           claim.side != Side::kTotal && body.side == claim.side) ||
          (claim.kind == FactKind::kPercentChange && !claim.period.empty() &&
           body.period == claim.period && body.direction == claim.direction);
      if (one_figure_kind && claim.bound == Bound::kNone && body.bound == Bound::kNone) {
        same_key.push_back(j);
      }
    }
    CheckRow row = RowFor(article, static_cast<int>(i), "restatement");
    row.window_source = "article";
    const std::string where = std::string(SectionName(claim.section));
    if (!same_figure.empty()) {
      // Agreeing qualifiers on any one body statement settle it.
      std::optional<size_t> agreeing, other_side, other_bound;
      for (size_t j : same_figure) {
        const Fact& body = article.facts[j];
        const bool side_ok = claim.kind != FactKind::kLiquidation || body.side == claim.side;
        // "Recovery Above 68 Thousand Dollars" for a body's "68 thousand 400
        // dollars": a bound the body's exact level lies beyond (a hedged
        // "near" is no level past the bound).
        const bool beyond_bound = body.bound == Bound::kNone && !body.approx &&
                                  ((claim.bound == Bound::kLower && body.value > claim.value) ||
                                   (claim.bound == Bound::kUpper && body.value < claim.value));
        const bool bound_ok =
            claim.kind != FactKind::kPrice || body.bound == claim.bound || beyond_bound;
        if (side_ok && bound_ok) agreeing = agreeing.value_or(j);
        if (!side_ok) other_side = other_side.value_or(j);
        if (side_ok && !bound_ok) other_bound = other_bound.value_or(j);
      }
      if (agreeing.has_value()) {
        const Fact& body = article.facts[*agreeing];
        row.verdict = Verdict::kSupported;
        row.expected = claim.text;
        row.observed = body.text;
        row.about = "The " + where + " restates the body's " + Quoted(body) + " as " +
                    Quoted(claim) + ": the same figure and qualifiers.";
        rows.push_back(std::move(row));
        continue;
      }
      if (other_side.has_value()) {
        const Fact& body = article.facts[*other_side];
        row.verdict = Verdict::kContradicted;
        row.expected = claim.text;
        row.observed = body.text;
        row.about = "The " + where + " says " + Quoted(claim) + " (" +
                    std::string(SideName(claim.side)) + "); the body gives the same figure as " +
                    Quoted(body) + " (" + std::string(SideName(body.side)) + ").";
        rows.push_back(std::move(row));
        continue;
      }
      // "near $73,000" against "past $73,000": the same move to the same
      // figure, hedged in one place and stated as crossed in the other.
      // Another move ("crashes below $63,000", "ends the day near $63,000")
      // is no restatement.
      const Fact& body = article.facts[*other_bound];
      const bool hedged_vs_crossed = body.value == claim.value &&
                                     body.direction == claim.direction &&
                                     claim.direction != Direction::kNone &&
                                     ((body.bound == Bound::kNone && body.approx) !=
                                      (claim.bound == Bound::kNone && claim.approx));
      if (!hedged_vs_crossed) continue;
      auto qualifier = [](const Fact& f) {
        return f.bound == Bound::kLower   ? std::string("past/above")
               : f.bound == Bound::kUpper ? std::string("below")
               : f.approx                 ? std::string("near")
                                          : std::string("at");
      };
      row.verdict = Verdict::kContradicted;
      row.expected = claim.text;
      row.observed = body.text;
      row.about = "The body says " + Quoted(body) + " (" + qualifier(body) + "); the " + where +
                  " says " + Quoted(claim) + " (" + qualifier(claim) + ").";
      rows.push_back(std::move(row));
      continue;
    }
    if (same_key.empty() && claim.section == Section::kHeadline) {
      // Nothing in the body to compare with: pages whose first paragraphs
      // are the summary (a standfirst, a lede list) state the headline's
      // figure there. Only agreement is read from it: a summary is no body
      // to contradict a headline with.
      for (size_t j = 0; j < article.facts.size(); ++j) {
        const Fact& summary = article.facts[j];
        if (summary.section != Section::kSummary || summary.kind != claim.kind ||
            summary.asset != claim.asset || summary.name != claim.name || summary.conditional ||
            !SameFigure(summary, claim) || summary.side != claim.side ||
            summary.bound != claim.bound ||
            (claim.direction != Direction::kNone && summary.direction != claim.direction)) {
          continue;
        }
        row.verdict = Verdict::kSupported;
        row.expected = claim.text;
        row.observed = summary.text;
        row.about = "The headline restates the summary's " + Quoted(summary) + " as " +
                    Quoted(claim) + ": the same figure and qualifiers.";
        rows.push_back(std::move(row));
        break;
      }
      continue;
    }
    if (!same_key.empty()) {
      const Fact& body = article.facts[same_key[0]];
      row.verdict = Verdict::kContradicted;
      row.expected = claim.text;
      row.observed = body.text;
      row.delta = body.value == 0 ? 0 : (claim.value - body.value) / body.value * 100;
      row.about = "The " + where + " says " + Quoted(claim) + "; the body says " + Quoted(body) +
                  ": another figure for the same claim.";
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

// Who makes a forecast: the capitalised names of two or more words in its
// sentence ("Kestrel Capital", "Standard Chartered"), a possessive dropped.
std::set<std::string> ForecasterNames(std::string_view sentence) {
  std::set<std::string> names;
  std::string run;
  int words = 0;
  auto flush = [&] {
    if (words >= 2) names.insert(run);
    run.clear();
    words = 0;
  };
  size_t i = 0;
  while (i < sentence.size()) {
    while (i < sentence.size() && sentence[i] == ' ') ++i;
    size_t end = sentence.find(' ', i);
    if (end == std::string_view::npos) end = sentence.size();
    std::string word(sentence.substr(i, end - i));
    i = end;
    // A word ending the run: punctuation after it, or a possessive.
    bool last = false;
    for (std::string_view possessive : {"'s", "\u2019s"}) {
      if (word.ends_with(possessive)) {
        word.resize(word.size() - possessive.size());
        last = true;
      }
    }
    while (!word.empty() && std::string_view(",.;:!?)\"").find(word.back()) != std::string::npos) {
      word.pop_back();
      last = true;
    }
    const bool capitalised = !word.empty() && word[0] >= 'A' && word[0] <= 'Z';
    if (!capitalised) {
      flush();
      continue;
    }
    run += (words > 0 ? " " : "") + word;
    ++words;
    if (last) flush();
  }
  flush();
  return names;
}

// For when: "year-end" (or "end of the year"), a year, or a month someone
// expects a price by.
std::set<std::string> ForecastHorizons(std::string_view sentence) {
  static const LazyRE2 kHorizon = {
      R"((?i)\b(year-end|end[\s-]of[\s-](?:the[\s-])?year|20\d\d|)"
      R"((?:by|in|before|until)\s+(?:january|february|march|april|may|june|july|august|)"
      R"(september|october|november|december))\b)"};
  std::set<std::string> horizons;
  re2::StringPiece input(sentence.data(), sentence.size());
  std::string found;
  while (RE2::FindAndConsume(&input, *kHorizon, &found)) {
    found = Lower(found);
    if (found.starts_with("end")) found = "year-end";
    // "by December", "in December": the month is the horizon.
    if (const size_t space = found.find_last_of(" \t"); space != std::string::npos) {
      found = found.substr(space + 1);
    }
    horizons.insert(found);
  }
  return horizons;
}

std::optional<std::string> FirstShared(const std::set<std::string>& a,
                                       const std::set<std::string>& b) {
  for (const std::string& x : a) {
    if (b.count(x) > 0) return x;
  }
  return std::nullopt;
}

// A name both sentences give: the same words, or one name's words inside the
// other's run ("Kestrel Capital" in a title-case "Kestrel Capital Cuts
// Year-End Call", or after a sentence's "The").
std::optional<std::string> SharedName(const std::set<std::string>& a,
                                      const std::set<std::string>& b) {
  const auto inside = [](const std::string& shorter, const std::string& longer) {
    const std::string padded = " " + longer + " ";
    return padded.find(" " + shorter + " ") != std::string::npos;
  };
  for (const std::string& x : a) {
    for (const std::string& y : b) {
      if (x.size() <= y.size() ? inside(x, y) : inside(y, x)) {
        return x.size() <= y.size() ? x : y;
      }
    }
  }
  return std::nullopt;
}

// Forecasts restated: a price target in the headline, summary or FAQ that
// names the same forecaster and horizon as a target in the body ("Kestrel
// Capital just cut its year-end call to $140,000" against "Kestrel
// Capital's Lena Vogt cut her year-end target to $150,000 from $200,000").
// The body's figure decides; the old target a revision starts from is no
// conflict. Forecasts of different firms or horizons are different claims.
std::vector<CheckRow> RestatedForecasts(const Article& article) {
  std::vector<CheckRow> rows;
  // The body's forecasts, with who makes them and for when, read once.
  struct BodyForecast {
    size_t index;
    std::set<std::string> names, horizons;
  };
  std::vector<BodyForecast> body_forecasts;
  for (size_t j = 0; j < article.facts.size(); ++j) {
    const Fact& body = article.facts[j];
    if (IsBody(body.section) && body.kind == FactKind::kPrice && body.conditional &&
        !body.negated && !CopiesTheTitle(article, body)) {
      body_forecasts.push_back(
          {j, ForecasterNames(body.sentence), ForecastHorizons(body.sentence)});
    }
  }
  if (body_forecasts.empty()) return rows;
  for (size_t i = 0; i < article.facts.size(); ++i) {
    const Fact& claim = article.facts[i];
    if (IsBody(claim.section) || !claim.conditional || claim.negated ||
        claim.kind != FactKind::kPrice || claim.asset.empty()) {
      continue;
    }
    const std::set<std::string> names = ForecasterNames(claim.sentence);
    const std::set<std::string> horizons = ForecastHorizons(claim.sentence);
    if (names.empty() || horizons.empty()) continue;
    struct Paired {
      size_t index;
      std::string forecaster, horizon;
    };
    std::optional<Paired> agreeing, other;
    bool old_target = false;
    for (const BodyForecast& forecast : body_forecasts) {
      const Fact& body = article.facts[forecast.index];
      if (body.asset != claim.asset || body.sentence == claim.sentence) continue;
      std::optional<std::string> forecaster = SharedName(names, forecast.names);
      std::optional<std::string> horizon = FirstShared(horizons, forecast.horizons);
      if (!forecaster.has_value() || !horizon.has_value()) continue;
      Paired paired{forecast.index, std::move(*forecaster), std::move(*horizon)};
      if (SameFigure(body, claim)) {
        if (!agreeing.has_value()) agreeing = std::move(paired);
      } else if (body.value_from.has_value() && *body.value_from == claim.value) {
        old_target = true;
      } else if (!other.has_value()) {
        other = std::move(paired);
      }
    }
    if (!agreeing.has_value() && (old_target || !other.has_value())) continue;
    const Paired& pair = agreeing.has_value() ? *agreeing : *other;
    const Fact& body = article.facts[pair.index];
    CheckRow row = RowFor(article, static_cast<int>(i), "restatement");
    row.window_source = "article";
    row.expected = claim.text;
    row.observed = body.text;
    // "The summary gives Kestrel Capital's year-end forecast for BTC as ...".
    std::string about = "The ";
    about.append(SectionName(claim.section));
    about.append(agreeing.has_value() ? " restates " : " gives ");
    about.append(pair.forecaster).append("'s ").append(pair.horizon).append(" forecast for ");
    about.append(claim.asset).append(" as ").append(Quoted(claim));
    if (agreeing.has_value()) {
      row.verdict = Verdict::kSupported;
      about.append(", the figure the body gives as ").append(Quoted(body)).append(".");
    } else {
      row.verdict = Verdict::kContradicted;
      row.delta = body.value == 0 ? 0 : (claim.value - body.value) / body.value * 100;
      about.append("; the body gives it as ").append(Quoted(body)).append(".");
    }
    row.about = std::move(about);
    rows.push_back(std::move(row));
  }
  return rows;
}

// The same claim stated twice in the body ("up 9.4% since Monday" ...
// "climbed 9.4%"): one supported row per repeated claim. Differences inside
// the body are not judged: a story may follow a price through the day.
std::vector<CheckRow> BodyRepeats(const Article& article) {
  std::vector<CheckRow> rows;
  std::vector<bool> used(article.facts.size(), false);
  for (size_t i = 0; i < article.facts.size(); ++i) {
    const Fact& first = article.facts[i];
    if (!IsBody(first.section) || first.conditional || first.asset.empty() || used[i]) continue;
    for (size_t j = i + 1; j < article.facts.size(); ++j) {
      const Fact& again = article.facts[j];
      if (!IsBody(again.section) || used[j] || again.kind != first.kind ||
          again.asset != first.asset || again.name != first.name || again.side != first.side ||
          again.direction != first.direction || again.bound != first.bound || again.conditional ||
          !SameFigure(first, again) || first.text == again.text) {
        continue;
      }
      used[i] = used[j] = true;
      CheckRow row = RowFor(article, static_cast<int>(j), "restatement");
      row.window_source = "article";
      row.verdict = Verdict::kSupported;
      row.expected = first.text;
      row.observed = again.text;
      row.about =
          "The body states " + Quoted(first) + " and again " + Quoted(again) + ": the same figure.";
      rows.push_back(std::move(row));
      break;
    }
  }
  return rows;
}

// A figure written in a headline or a sentence: "27%", "$318B", "$96 Billion",
// "US$173m", "€412 million", "3 billion" (a scaled number).
struct WrittenFigure {
  std::string text;
  double value = 0;
  bool percent = false;
  std::string currency;       // "USD" ($), "EUR" (€), "GBP" (£); empty otherwise.
  int decimals = 0;           // Digits written after the decimal point.
  size_t begin = 0, end = 0;  // Byte offsets into the scanned text.
};

std::vector<WrittenFigure> WrittenFigures(std::string_view title) {
  std::vector<WrittenFigure> figures;
  size_t i = 0;
  while (i < title.size()) {
    if (std::isdigit(static_cast<unsigned char>(title[i])) == 0 ||
        (i > 0 && (std::isalnum(static_cast<unsigned char>(title[i - 1])) != 0 ||
                   title[i - 1] == '.' || title[i - 1] == ','))) {
      ++i;
      continue;
    }
    std::string currency;
    size_t symbol = 0;  // Bytes of the currency sign before the digits.
    if (i >= 1 && title[i - 1] == '$') {
      currency = "USD";
      symbol = 1;
    } else if (i >= 3 && title.substr(i - 3, 3) == "\xE2\x82\xAC") {
      currency = "EUR";
      symbol = 3;
    } else if (i >= 2 && title.substr(i - 2, 2) == "\xC2\xA3") {
      currency = "GBP";
      symbol = 2;
    }
    size_t end = i;
    std::string digits;
    int decimals = 0;
    bool fraction = false;
    while (end < title.size() &&
           (std::isdigit(static_cast<unsigned char>(title[end])) != 0 ||
            ((title[end] == ',' || title[end] == '.') && end + 1 < title.size() &&
             std::isdigit(static_cast<unsigned char>(title[end + 1])) != 0))) {
      if (title[end] == '.') fraction = true;
      if (fraction && std::isdigit(static_cast<unsigned char>(title[end])) != 0) ++decimals;
      if (title[end] != ',') digits += title[end];
      ++end;
    }
    double value = std::strtod(digits.c_str(), nullptr);
    size_t after = end;
    while (after < title.size() && title[after] == ' ') ++after;
    std::string word;
    while (after < title.size() && std::isalpha(static_cast<unsigned char>(title[after])) != 0) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(title[after])));
      ++after;
    }
    const bool percent_sign = end < title.size() && title[end] == '%';
    const bool percent = percent_sign || (currency.empty() && word == "percent");
    double scale = 0;
    if (!percent) {
      if (word == "k" || word == "thousand") scale = 1e3;
      if (word == "m" || word == "mn" || word == "mln" || word == "million") scale = 1e6;
      if (word == "b" || word == "bn" || word == "billion") scale = 1e9;
      if (word == "t" || word == "tn" || word == "trillion") scale = 1e12;
    }
    if (percent || !currency.empty() || scale > 0) {
      const size_t first = i - symbol;
      const size_t last = percent_sign ? end + 1 : (percent || scale > 0) ? after : end;
      WrittenFigure figure;
      figure.text = std::string(title.substr(first, last - first));
      figure.value = value * (scale > 0 ? scale : 1);
      figure.percent = percent;
      figure.currency = percent ? "" : currency;
      figure.decimals = decimals;
      figure.begin = first;
      figure.end = last;
      figures.push_back(std::move(figure));
    }
    i = end;
  }
  return figures;
}

// Headline figures that extraction did not turn into facts (a headline is
// terse: "XRP Rips 27% in 2026"), or whose facts the restatement rule could
// not pair, restated in the body: supported rows only, since without the
// fact's kind and asset no conflict can be judged.
std::vector<CheckRow> TitleRestatements(const Article& article,
                                        const std::vector<CheckRow>& restatements) {
  std::vector<CheckRow> rows;
  for (const WrittenFigure& figure : WrittenFigures(article.title)) {
    // A headline fact the restatement rule judged covers its figure: it was
    // related to the body, or the body has its figure with the same kind,
    // asset and name but other qualifiers ("Above 68 Thousand" is not a
    // body's 67,600). One the rule could not pair (no asset; another name
    // for the measure: "basis" vs "annualized premium") is read as written.
    bool covered = false;
    for (const CheckRow& row : restatements) {
      covered = covered || (row.fact.has_value() && row.fact->section == Section::kHeadline &&
                            row.fact->value == figure.value);
    }
    for (const Fact& fact : article.facts) {
      if (fact.section != Section::kHeadline || fact.value != figure.value || fact.asset.empty()) {
        continue;
      }
      for (const Fact& body : article.facts) {
        covered = covered ||
                  (IsBody(body.section) && body.kind == fact.kind && body.asset == fact.asset &&
                   body.name == fact.name && SameFigure(body, fact));
      }
    }
    if (covered) continue;
    Fact headline;
    headline.value = figure.value;
    headline.unit = figure.percent ? "percent" : "USD";
    for (size_t j = 0; j < article.facts.size(); ++j) {
      const Fact& body = article.facts[j];
      if (body.section == Section::kHeadline || body.conditional ||
          (body.unit == "percent") != figure.percent || !SameFigure(headline, body)) {
        continue;
      }
      CheckRow row = RowFor(article, static_cast<int>(j), "restatement");
      row.window_source = "article";
      row.verdict = Verdict::kSupported;
      row.expected = figure.text;
      row.observed = body.text;
      row.about = "The headline's '" + figure.text + "' restates " + Quoted(body) + ".";
      rows.push_back(std::move(row));
      break;
    }
  }
  return rows;
}

// Stated arithmetic: a sentence that gives two amounts and the percent that
// relates them, checked by computing it (rule `restatement`: the sentence
// restates its own figures as a percent). Three shapes:
//   move   "fell to $88.1 billion from $96.5 billion, a decline of 8.7%":
//          (B - A) / A against the percent, its sign against the change words;
//   gap    "$67,500 ... about 47% below its all-time high of $126,200":
//          (A - B) / B against -47% (below) or +47% (above);
//   share  "$187.2 billion, a 58.8% share of ..." or "... is 40% of $x": A / B,
//          the whole B after "of" in the sentence, else an amount of the two
//          sentences before ("58.8% of the sector" after the sector's total).
// Tolerance: half a unit of the percent's last written digit (three halves
// when hedged: about, roughly, nearly), plus the rounding of both amounts
// carried through the arithmetic. Only a firm pairing may contradict: the
// percent next to its amounts with no other figure between them, the whole
// in the same sentence. A loose one (another figure in between, a whole from
// an earlier sentence) only supports: its pairing is a guess.
enum class Relation { kMove, kGap, kShare };

// The lowercased words of `text` with punctuation as spaces.
std::vector<std::string> WordsOf(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '-') {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool IsHedge(std::string_view word) {
  for (std::string_view hedge : {"about", "roughly", "around", "nearly", "almost", "approximately",
                                 "some", "approx", "circa", "close"}) {
    if (word == hedge) return true;
  }
  return false;
}

// The last word before a figure, hedges skipped: "from about $6.1 billion"
// -> "from".
std::string WordBefore(std::string_view gap) {
  std::vector<std::string> words = WordsOf(gap);
  while (!words.empty() && (IsHedge(words.back()) || words.back() == "a" || words.back() == "the" ||
                            words.back() == "record")) {
    words.pop_back();
  }
  return words.empty() ? "" : words.back();
}

// +1 when the words speak of a rise, -1 of a fall, 0 when neither or both.
int ChangeSign(const std::vector<std::string>& words) {
  bool up = false, down = false;
  for (const std::string& w : words) {
    for (std::string_view u :
         {"rise",     "rose",      "risen", "rising", "gain",   "gained",  "gains",    "up",
          "increase", "increased", "jump",  "jumped", "climb",  "climbed", "surge",    "surged",
          "rally",    "rallied",   "grew",  "growth", "higher", "advance", "advanced", "added"}) {
      up = up || w == u;
    }
    for (std::string_view d :
         {"fall",      "fell",      "fallen", "falling", "drop",   "dropped", "decline",
          "declined",  "down",      "loss",   "lost",    "lower",  "slump",   "slumped",
          "plunge",    "plunged",   "slid",   "slide",   "shrank", "shrink",  "decrease",
          "decreased", "sank",      "sink",   "tumbled", "dip",    "dipped",  "contraction",
          "retreat",   "retreated", "sinks",  "falls",   "drops",  "declines"}) {
      down = down || w == d;
    }
  }
  return up == down ? 0 : up ? 1 : -1;
}

bool IsAmount(const WrittenFigure& f) { return !f.percent; }

// Text that starts another clause, whose figures are about something else:
// "... from $9.4 billion, while DEX volume dropped 18%".
bool JoinsClauses(std::string_view text, bool and_too) {
  if (text.find(';') != std::string_view::npos) return true;
  for (const std::string& w : WordsOf(text)) {
    for (std::string_view joint :
         {"while", "whilst", "whereas", "but", "although", "though", "meanwhile"}) {
      if (w == joint) return true;
    }
    if (and_too && w == "and") return true;
  }
  return false;
}

// The rounding of a written percent: half a unit of its last written digit.
double PercentRounding(const WrittenFigure& f) { return 0.5 * std::pow(10.0, -f.decimals); }

// The `count` sentences before `sentence` in the article's text, or empty.
std::string_view SentencesBefore(const Article& article, std::string_view sentence, int count) {
  const std::string_view text = article.text;
  const size_t at = sentence.empty() ? std::string_view::npos : text.find(sentence);
  if (at == std::string_view::npos) return {};
  size_t begin = at;
  for (int n = 0; n < count; ++n) {
    size_t end = begin;
    while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1])) != 0) --end;
    if (end == 0) break;
    begin = end - 1;  // Skips the previous sentence's own full stop.
    while (begin > 0) {
      const char c = text[begin - 1];
      if (c == '\n' || ((c == '.' || c == '!' || c == '?') &&
                        std::isspace(static_cast<unsigned char>(text[begin])) != 0)) {
        break;
      }
      --begin;
    }
  }
  return text.substr(begin, at - begin);
}

struct StatedRelation {
  Relation relation = Relation::kMove;
  double a = 0, b = 0;            // The amounts: from/to, A/B of the gap, part/whole.
  double a_half = 0, b_half = 0;  // Their rounding.
  WrittenFigure percent;
  int sign = 0;  // The stated sign of a move or gap: +1, -1, or 0 unknown.
  bool hedged = false;
  bool firm = false;  // May contradict.
};

// The computed percent of a relation and its slack from the amounts' rounding.
std::pair<double, double> Computed(const StatedRelation& r) {
  if (r.relation == Relation::kShare) {
    const double share = r.a / r.b * 100;
    return {share, (r.a_half / r.b + r.a * r.b_half / (r.b * r.b)) * 100};
  }
  // Move: from a to b. Gap: a against b.
  const double from = r.relation == Relation::kMove ? r.a : r.b;
  const double to = r.relation == Relation::kMove ? r.b : r.a;
  const double from_half = r.relation == Relation::kMove ? r.a_half : r.b_half;
  const double to_half = r.relation == Relation::kMove ? r.b_half : r.a_half;
  const double change = (to / from - 1) * 100;
  return {change, (to_half / from + to * from_half / (from * from)) * 100};
}

std::vector<StatedRelation> RelationsIn(const Article& article, std::string_view sentence) {
  std::vector<StatedRelation> found;
  const std::vector<WrittenFigure> figures = WrittenFigures(sentence);
  std::vector<bool> used(figures.size(), false);
  auto gap = [&](size_t from, size_t to) {
    return sentence.substr(from, to > from ? to - from : 0);
  };
  auto hedged_before = [&](size_t k) {
    const size_t from = k == 0 ? 0 : figures[k - 1].end;
    std::vector<std::string> words = WordsOf(gap(from, figures[k].begin));
    const size_t n = words.size();
    return (n >= 1 && IsHedge(words[n - 1])) ||
           (n >= 2 && ((words[n - 2] == "close" && words[n - 1] == "to") ||
                       (words[n - 2] == "more" && words[n - 1] == "than") ||
                       (words[n - 2] == "less" && words[n - 1] == "than")));
  };
  auto amount = [&](size_t k) { return IsAmount(figures[k]) && figures[k].value > 0; };
  // The relation of figures a and b through percent p, each amount's
  // rounding from its written digits.
  auto relation = [&](Relation kind, size_t a, size_t b, size_t p, int sign, bool firm) {
    StatedRelation r;
    r.relation = kind;
    r.a = figures[a].value;
    r.b = figures[b].value;
    r.a_half = HalfUnit(r.a);
    r.b_half = HalfUnit(r.b);
    r.percent = figures[p];
    r.sign = sign;
    r.hedged = hedged_before(p);
    r.firm = firm;
    return r;
  };
  // Moves: "from A ... to B" or "to B ... from A", then the nearest percent
  // that speaks of a change, with no amount between.
  for (size_t k = 0; k + 1 < figures.size(); ++k) {
    if (!amount(k) || !amount(k + 1) || figures[k].currency != figures[k + 1].currency) continue;
    const std::string_view between = gap(figures[k].end, figures[k + 1].begin);
    if (between.size() > 60 || HasAsciiDigit(between)) continue;
    const std::string before = WordBefore(gap(k == 0 ? 0 : figures[k - 1].end, figures[k].begin));
    const std::string middle = WordBefore(between);
    size_t from = 0, to = 0;
    if (before == "from" && middle == "to") {
      from = k;
      to = k + 1;
    } else if (before == "to" && middle == "from") {
      from = k + 1;
      to = k;
    } else {
      continue;
    }
    // The percent after the pair, else before it.
    std::optional<size_t> chosen;
    bool adjacent = false;
    for (size_t p = k + 2; p < figures.size() && !chosen.has_value(); ++p) {
      if (amount(p)) break;
      if (figures[p].percent && !used[p]) {
        chosen = p;
        adjacent = p == k + 2;
      }
    }
    for (size_t p = k; p-- > 0 && !chosen.has_value();) {
      if (amount(p)) break;
      if (figures[p].percent && !used[p]) {
        chosen = p;
        adjacent = p + 1 == k;
      }
    }
    if (!chosen.has_value()) continue;
    const size_t p = *chosen;
    const std::string_view to_percent =
        p > k ? gap(figures[k + 1].end, figures[p].begin) : gap(figures[p].end, figures[k].begin);
    if (to_percent.size() > 60 || JoinsClauses(to_percent, /*and_too=*/false)) continue;
    // The words around the percent must speak of a change; "to 5%" or "at
    // 5%" is a level, "5% of" a share.
    const size_t left = p == 0 ? 0 : figures[p - 1].end;
    const size_t right = p + 1 < figures.size() ? figures[p + 1].begin : sentence.size();
    const std::string lead = WordBefore(gap(left, figures[p].begin));
    const std::vector<std::string> after = WordsOf(gap(figures[p].end, right));
    if (lead == "to" || lead == "at" ||
        (!after.empty() && (after[0] == "of" || after[0] == "share"))) {
      continue;
    }
    std::vector<std::string> around = WordsOf(gap(left, figures[p].begin));
    for (size_t w = 0; w < after.size() && w < 3; ++w) around.push_back(after[w]);
    const int sign = ChangeSign(around);
    if (sign == 0 && ChangeSign(WordsOf(sentence)) == 0) continue;  // No change spoken of.
    used[p] = true;
    found.push_back(relation(Relation::kMove, from, to, p, sign, adjacent));
  }
  for (size_t p = 0; p < figures.size(); ++p) {
    if (!figures[p].percent || used[p] || p == 0) continue;
    // The nearest amount before the percent.
    std::optional<size_t> a;
    for (size_t k = p; k-- > 0;) {
      if (amount(k)) {
        a = k;
        break;
      }
    }
    if (!a.has_value()) continue;
    const std::string_view lead = gap(figures[*a].end, figures[p].begin);
    if (lead.find(';') != std::string_view::npos || lead.size() > 120) continue;
    const size_t next_begin = p + 1 < figures.size() ? figures[p + 1].begin : sentence.size();
    const std::vector<std::string> after = WordsOf(gap(figures[p].end, next_begin));
    const std::string_view to_next = gap(figures[p].end, next_begin);
    const bool whole_follows = p + 1 < figures.size() && amount(p + 1) &&
                               figures[p + 1].currency == figures[*a].currency &&
                               to_next.size() <= 60 && !HasAsciiDigit(to_next);
    if (JoinsClauses(lead, /*and_too=*/false)) continue;
    const bool firm_lead =
        *a + 1 == p && !HasAsciiDigit(lead) && !JoinsClauses(lead, /*and_too=*/true);
    if (after.empty()) continue;
    // Gap: "47% below its all-time high of $126,200".
    int gap_sign = 0;
    if (after[0] == "below" || after[0] == "under" || after[0] == "beneath" ||
        (after[0] == "lower" && after.size() > 1 && after[1] == "than")) {
      gap_sign = -1;
    } else if (after[0] == "above" ||
               (after[0] == "higher" && after.size() > 1 && after[1] == "than")) {
      gap_sign = 1;
    }
    if (gap_sign != 0) {
      const std::vector<std::string> words = WordsOf(to_next);
      const bool move = std::find(words.begin(), words.end(), "to") != words.end() ||
                        std::find(words.begin(), words.end(), "from") != words.end();
      if (!whole_follows || move) continue;
      found.push_back(relation(Relation::kGap, *a, p + 1, p, gap_sign, firm_lead));
      continue;
    }
    // Share: "$187.2 billion, a 58.8% share of the sector", "is 40% of $x".
    const bool share_words =
        after[0] == "of" || (after[0] == "share" && after.size() > 1 && after[1] == "of");
    if (!share_words || !firm_lead || lead.size() > 40 || ChangeSign(WordsOf(lead)) != 0) {
      continue;
    }
    if (whole_follows) {
      const StatedRelation r = relation(Relation::kShare, *a, p + 1, p, 0, /*firm=*/true);
      if (r.b > r.a) found.push_back(r);
      continue;
    }
    if (p + 1 < figures.size()) continue;  // Another figure follows: not the whole.
    // The whole stated in the two sentences before: supported only, the
    // first larger amount of the same currency whose share agrees.
    const StatedRelation r = relation(Relation::kShare, *a, *a, p, 0, /*firm=*/false);
    for (const WrittenFigure& whole :
         WrittenFigures(SentencesBefore(article, sentence, /*count=*/2))) {
      if (whole.percent || whole.currency != figures[*a].currency || whole.value <= r.a) continue;
      StatedRelation candidate = r;
      candidate.b = whole.value;
      candidate.b_half = HalfUnit(whole.value);
      const auto [share, slack] = Computed(candidate);
      const double tolerance = PercentRounding(r.percent) * (r.hedged ? 3 : 1) + slack + 1e-9;
      if (std::fabs(share - r.percent.value) <= tolerance) {
        found.push_back(candidate);
        break;
      }
    }
  }
  return found;
}

std::vector<CheckRow> StatedArithmetic(const Article& article) {
  std::vector<CheckRow> rows;
  std::set<std::string> seen;
  for (size_t i = 0; i < article.facts.size(); ++i) {
    const std::string& sentence = article.facts[i].sentence;
    if (sentence.empty() || !seen.insert(sentence).second) continue;
    for (const StatedRelation& r : RelationsIn(article, sentence)) {
      const auto [computed, slack] = Computed(r);
      const double stated = r.relation == Relation::kShare ? r.percent.value
                            : r.sign != 0                  ? r.sign * std::fabs(r.percent.value)
                                          : (computed < 0 ? -1 : 1) * std::fabs(r.percent.value);
      const double tolerance = PercentRounding(r.percent) * (r.hedged ? 3 : 1) + slack + 1e-9;
      const bool ok = std::fabs(computed - stated) <= tolerance;
      if (!ok && !r.firm) continue;
      CheckRow row = RowFor(article, static_cast<int>(i), "restatement");
      row.window_source = "article";
      row.verdict = ok ? Verdict::kSupported : Verdict::kContradicted;
      const std::string what = r.relation == Relation::kShare ? "share"
                               : r.relation == Relation::kGap ? "gap"
                                                              : "change";
      row.expected = r.percent.text + " " + what;
      char computed_text[96];
      if (r.relation == Relation::kShare) {
        std::snprintf(computed_text, sizeof computed_text, "%.2f%%", computed);
        row.observed = Figure(r.a) + " / " + Figure(r.b) + " = " + computed_text;
      } else {
        std::snprintf(computed_text, sizeof computed_text, "%+.2f%%", computed);
        row.observed = r.relation == Relation::kMove
                           ? Figure(r.a) + " -> " + Figure(r.b) + " = " + computed_text
                           : Figure(r.a) + " against " + Figure(r.b) + " = " + computed_text;
      }
      row.delta = computed - stated;
      char tolerance_text[32];
      std::snprintf(tolerance_text, sizeof tolerance_text, "%.3g", tolerance);
      row.about = "'" + sentence.substr(0, 200) + "': the stated " + r.percent.text + " " + what +
                  (ok ? " agrees with " : " does not agree with ") + row.observed + " (within " +
                  tolerance_text + " points).";
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

// Holdings priced in the same sentence: "ETFs hold about 1.27 million BTC,
// worth roughly $89bn" implies a price (value / quantity) that must be one
// the article states for the asset in that currency ($69,950). Supported
// only: the writer may have priced the coins at another moment.
std::vector<CheckRow> HoldingValues(const Article& article) {
  std::vector<CheckRow> rows;
  for (size_t i = 0; i < article.facts.size(); ++i) {
    const Fact& coins = article.facts[i];
    if (coins.asset.empty() || coins.unit != coins.asset || coins.value <= 0 || coins.conditional) {
      continue;
    }
    for (size_t j = 0; j < article.facts.size(); ++j) {
      const Fact& worth = article.facts[j];
      if (j == i || worth.asset != coins.asset || worth.sentence != coins.sentence ||
          worth.start < coins.end || worth.value <= 0 || worth.conditional ||
          (worth.unit != "USD" && worth.unit != "EUR" && worth.unit != "GBP") ||
          worth.start - coins.end > 40 || worth.start > article.text.size()) {
        continue;
      }
      const std::vector<std::string> between =
          WordsOf(std::string_view(article.text).substr(coins.end, worth.start - coins.end));
      const bool valued = std::any_of(between.begin(), between.end(), [](const std::string& w) {
        return w == "worth" || w == "valued";
      });
      if (!valued) continue;
      const double implied = worth.value / coins.value;
      const double rounding = HalfUnit(worth.value) / worth.value +
                              HalfUnit(coins.value) / coins.value +
                              (worth.approx || coins.approx ? 0.01 : 0);
      for (const Fact& price : article.facts) {
        if (price.kind != FactKind::kPrice || price.asset != coins.asset ||
            price.unit != worth.unit || price.conditional || price.bound != Bound::kNone ||
            price.value <= 0) {
          continue;
        }
        const double tolerance = rounding + HalfUnit(price.value) / price.value;
        if (std::fabs(implied - price.value) > tolerance * price.value) continue;
        CheckRow row = RowFor(article, static_cast<int>(j), "restatement");
        row.window_source = "article";
        row.verdict = Verdict::kSupported;
        row.expected = worth.text;
        row.observed = Figure(coins.value) + " " + coins.asset + " x " + Figure(price.value) + " " +
                       price.unit + " = " + Figure(coins.value * price.value);
        row.delta = (implied - price.value) / price.value * 100;
        row.about = Quoted(coins) + " " + Quoted(worth) + " implies " + Figure(implied) + " " +
                    price.unit + " per " + coins.asset + ", the article's " + Quoted(price) + ".";
        rows.push_back(std::move(row));
        break;
      }
      break;
    }
  }
  return rows;
}

// dates: the page's last update must not precede its publication.
std::vector<CheckRow> Dates(const Article& article) {
  std::vector<CheckRow> rows;
  if (article.published.empty() || article.updated.empty()) return rows;
  const std::optional<int64_t> published = ParseIsoToMs(article.published);
  const std::optional<int64_t> updated = ParseIsoToMs(article.updated);
  if (!published.has_value() || !updated.has_value()) return rows;
  CheckRow row = RowFor(article, -1, "dates");
  row.expected = "updated " + article.updated + " at or after published " + article.published;
  row.observed = "updated " + article.updated;
  row.window_source = "page";
  // A date without a time is the whole day: compare days then.
  const bool date_only = article.published.size() <= 10 || article.updated.size() <= 10;
  const bool before = date_only ? *updated / kDayMs < *published / kDayMs : *updated < *published;
  row.verdict = before ? Verdict::kContradicted : Verdict::kSupported;
  row.about =
      before ? "The page says it was last updated (" + article.updated +
                   ") before it was published (" + article.published + ")."
             : "Updated " + article.updated + " is not before published " + article.published + ".";
  rows.push_back(std::move(row));
  return rows;
}

// snapshot: the page's widgets against each other, then claims against them.
std::vector<CheckRow> Snapshot(const Article& article, const CheckOptions& options) {
  std::vector<CheckRow> rows;
  const std::vector<SnapshotItem>& items = article.market_snapshot;
  // Widgets of different origins showing one asset's change with opposite signs.
  std::set<std::string> compared;
  for (size_t a = 0; a < items.size(); ++a) {
    for (size_t b = a + 1; b < items.size(); ++b) {
      const SnapshotItem& x = items[a];
      const SnapshotItem& y = items[b];
      if (x.asset.empty() || x.asset != y.asset || x.origin == y.origin ||
          !x.change_percent.has_value() || !y.change_percent.has_value() || x.period != y.period ||
          compared.count(x.asset) > 0) {
        continue;
      }
      compared.insert(x.asset);
      const double cx = *x.change_percent, cy = *y.change_percent;
      CheckRow row = RowFor(article, -1, "snapshot");
      row.window_source = "page";
      row.expected = x.origin + " " + x.asset + " " + Percent(cx);
      row.observed = y.origin + " " + y.asset + " " + Percent(cy);
      row.delta = cy - cx;
      if ((cx > 0 && cy < 0) || (cx < 0 && cy > 0)) {
        row.verdict = Verdict::kContradicted;
        row.about = "The page's " + x.origin + " shows " + x.asset + " " + Percent(cx) +
                    " while its " + y.origin + " shows " + Percent(cy) +
                    ": the page's market widgets disagree on direction.";
      } else {
        row.verdict = Verdict::kSupported;
        row.about = "The page's " + x.origin + " (" + Percent(cx) + ") and " + y.origin + " (" +
                    Percent(cy) + ") agree on " + x.asset + "'s direction.";
      }
      rows.push_back(std::move(row));
    }
  }
  // Claims against the snapshot: it shows the market when the page was
  // captured, which may be later than the claim, so a mismatch is only
  // unverifiable.
  for (size_t i = 0; i < article.facts.size(); ++i) {
    const Fact& fact = article.facts[i];
    if (fact.conditional || fact.asset.empty() || fact.negated) continue;
    const bool price = fact.kind == FactKind::kPrice && fact.bound == Bound::kNone;
    const bool range = fact.kind == FactKind::kPriceRange && fact.value_high.has_value();
    const bool change = fact.kind == FactKind::kPercentChange && fact.name.empty() &&
                        (fact.period.empty() || fact.period == "24h" || fact.period == "1d");
    if (!price && !range && !change) continue;
    const SnapshotItem* best = nullptr;
    double best_distance = 0;
    for (const SnapshotItem& item : items) {
      if (item.asset != fact.asset) continue;
      std::optional<double> distance;
      if ((price || range) && item.price.has_value() && *item.price > 0) {
        const double target =
            price ? fact.value : std::clamp(*item.price, fact.value, *fact.value_high);
        distance = std::fabs(*item.price - target) / *item.price * 100;
      } else if (change && item.change_percent.has_value()) {
        const double claimed =
            fact.direction == Direction::kDown ? -std::fabs(fact.value) : fact.value;
        distance = std::fabs(*item.change_percent - claimed);
      }
      if (distance.has_value() && (best == nullptr || *distance < best_distance)) {
        best = &item;
        best_distance = *distance;
      }
    }
    if (best == nullptr) continue;
    CheckRow row = RowFor(article, static_cast<int>(i), "snapshot");
    row.window_source = "page";
    double tolerance = 0;
    std::string shown;
    if (change) {
      tolerance = std::max(0.5, std::fabs(fact.value) * 0.1) + (fact.approx ? 0.5 : 0);
      shown = Percent(*best->change_percent);
      row.expected =
          (fact.direction == Direction::kDown ? "-" : "+") + Figure(std::fabs(fact.value)) + "%";
    } else {
      tolerance = options.snapshot_tolerance_pct + (fact.approx ? 2.0 : 0.0);
      shown = "$" + Figure(*best->price);
      if (best->low.has_value() && best->high.has_value()) {
        shown += " (24h " + Figure(*best->low) + "–" + Figure(*best->high) + ")";
        if (range && *fact.value_high >= *best->low && fact.value <= *best->high) best_distance = 0;
      }
      row.expected =
          price ? Figure(fact.value) : Figure(fact.value) + "–" + Figure(*fact.value_high);
    }
    row.observed = best->origin + " " + shown;
    row.delta = best_distance;
    if (best_distance <= tolerance) {
      row.verdict = Verdict::kSupported;
      row.about = Quoted(fact) + " agrees with the page's " + best->origin + " (" + best->asset +
                  " " + shown + ").";
    } else {
      row.verdict = Verdict::kUnverifiable;
      row.about = Quoted(fact) + " differs from the page's " + best->origin + " (" + best->asset +
                  " " + shown + "), which shows the market when the page was captured.";
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

StatusOr<std::vector<Candle>> StoreMarketData::Candles(std::string_view asset, int64_t from_ms,
                                                       int64_t to_ms) {
  return store_->LoadCandles(asset, from_ms, to_ms);
}

StatusOr<std::vector<Candle>> VectorMarketData::Candles(std::string_view asset, int64_t from_ms,
                                                        int64_t to_ms) {
  std::vector<Candle> out;
  for (const Candle& c : candles_) {
    if (c.asset == asset && c.open_time_ms >= from_ms && c.open_time_ms < to_ms) out.push_back(c);
  }
  std::stable_sort(out.begin(), out.end(), [](const Candle& a, const Candle& b) {
    return a.open_time_ms < b.open_time_ms;
  });
  return out;
}

StatusOr<std::vector<CheckRow>> CheckArticle(const Article& article, MarketData& market,
                                             const CheckOptions& options) {
  StatusOr<std::vector<CheckRow>> rows = MarketRules(article, market, options);
  if (!rows.ok()) return rows.status();
  std::vector<CheckRow> restatements = Restatements(article);
  std::vector<CheckRow> titles = TitleRestatements(article, restatements);
  for (std::vector<CheckRow> more :
       {LiquidationSums(article, options), EtfFlowSums(article, options), std::move(restatements),
        RestatedForecasts(article), BodyRepeats(article), std::move(titles),
        StatedArithmetic(article), HoldingValues(article), Dates(article),
        Snapshot(article, options)}) {
    for (CheckRow& row : more) rows->push_back(std::move(row));
  }
  return rows;
}

}  // namespace factsift::check
