#include "extract/internal/market_widgets.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <string>

#include <re2/re2.h>

#include "extract/internal/text_util.h"
#include "extract/internal/vocabulary.h"

namespace factsift::extract::internal {
namespace {

// A number as pages print it: "67,835.00", "84.262,50", "117,06", "1.36".
// Grouped digits must end the number: "0.1525" is not "0.152" and "5".
constexpr std::string_view kNumber = R"((\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?\b|\d+(?:[.,]\d+)?))";
// A sign or arrow before a change: "▲", "-", "−" (U+2212).
constexpr std::string_view kSign = R"(([▲▼↑↓+\-−])?\s?)";
// A period that labels a change: "24h", "7 d".
constexpr std::string_view kPeriod = R"((1h|24h|24 h|7d|7 d|30d|1y))";

std::string Join(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view part : parts) out += part;
  return out;
}

// "$67,835.00", "US$ 1.36T": a price before its number, with an optional scale.
const RE2& PricePattern() {
  static const RE2 kPattern(Join({R"((?:US)?\$\s?)", kNumber, R"(\s?([KMBT]\b)?)"}));
  return kPattern;
}

// "84.262,50 $", "1,931.40 USD": a price after its number (no scale).
const RE2& PriceAfterPattern() {
  static const RE2 kPattern(Join({kNumber, R"(\s?(?:US\$|\$|USD\b))"}));
  return kPattern;
}

// "▼1.61%", "+2.1 %", "-0,4%", "1.61%": a change with an optional sign.
const RE2& ChangePattern() {
  static const RE2 kPattern(Join({kSign, kNumber, R"(\s?%)"}));
  return kPattern;
}

// "%-5,31", "%3.73": the percent sign first, as Turkish pages print it,
// with nothing between the sign and the number.
const RE2& PercentFirstPattern() {
  static const RE2 kPattern(Join({R"(%([+\-−])?)", kNumber}));
  return kPattern;
}

// The changes in `text`: "%3.73" first, since "68,432.16 %3.73" must not
// read "68,432.16 %" as the change.
std::vector<RegexMatch> FindChanges(std::string_view text) {
  std::vector<RegexMatch> changes = FindAll(PercentFirstPattern(), text);
  const size_t percent_first = changes.size();
  for (const RegexMatch& span : FindAll(ChangePattern(), text)) {
    bool overlaps = false;
    for (size_t k = 0; k < percent_first; ++k) {
      overlaps |= span.begin < changes[k].end && changes[k].begin < span.end;
    }
    if (!overlaps) changes.push_back(span);
  }
  return changes;
}

// A number standing on its own, for a price printed bare beside a dollar
// pair: "BTC/USDT 68,432.16" (not the "24" of "24h").
const RE2& NumberPattern() {
  static const RE2 kPattern(Join({R"((?:^|[^\w.,]))", kNumber, R"(\b)"}));
  return kPattern;
}

// "BTC/USDT", "ETH-USD", "BTC-PERP": a pair quoted in dollars, whose price
// needs no dollar sign.
const RE2& DollarPairPattern() {
  static const LazyRE2 kPattern = {
      R"(\b[A-Z0-9]{2,10}\s?[/\-]\s?(?:USD|USDT|USDC|BUSD|FDUSD|PERP)\b)"};
  return *kPattern;
}

// "BTC/TRY", "ETH/EUR": a pair quoted in another currency.
const RE2& OtherPairPattern() {
  static const LazyRE2 kPattern = {R"(\b[A-Z0-9]{2,10}/[A-Z]{3,4}\b)"};
  return *kPattern;
}

// "(BTC)", "[FIGR_HELOC]": a ticker in brackets, known or not.
const RE2& BracketSymbolPattern() {
  static const LazyRE2 kPattern = {R"([\[(]\$?([A-Z0-9][A-Z0-9_]{1,14})[\])])"};
  return *kPattern;
}

// "BTC", "$SOL" as an upper-case word.
const RE2& BareSymbolPattern() {
  static const LazyRE2 kPattern = {R"(\$?\b([A-Z][A-Z0-9]{1,9})\b)"};
  return *kPattern;
}

// "24h ▼1.61%", "7d +4.14%", "24h change: +3.10%": a change labelled with
// its period before it. Groups: period, sign, number.
const RE2& PeriodChangePattern() {
  static const RE2 kPattern(
      Join({R"((?i)\b)", kPeriod, R"(\s*(?:change)?\s*:?\s*)", kSign, kNumber, R"(\s?%)"}));
  return kPattern;
}

// "+3.38% (24h)": the period after the change. Groups: sign, number, period.
const RE2& ChangePeriodPattern() {
  static const RE2 kPattern(Join({"(?i)", kSign, kNumber, R"(\s?%\s*\(?)", kPeriod, R"(\b)"}));
  return kPattern;
}

// Labelled widget figures: "24h Volume $33.20B", "Vol 24h $4.19B",
// "Market Cap $1.36T", "Mkt cap $49.8B". Groups: number, scale.
const RE2& VolumePattern() {
  static const RE2 kPattern(Join({R"((?i)vol(?:ume)?\.?\s*(?:\(?24\s?h\)?)?\s*:?\s*(?:US)?\$\s?)",
                                  kNumber, R"(\s?([KMBT]\b)?)"}));
  return kPattern;
}
const RE2& MarketCapPattern() {
  static const RE2 kPattern(
      Join({R"((?i)(?:market\s*cap(?:italization)?|mkt\.?\s*cap|m\.?\s?cap)\s*:?\s*(?:US)?\$\s?)",
            kNumber, R"(\s?([KMBT]\b)?)"}));
  return kPattern;
}
// "24h Low / High $67,495 / $69,001", "24h high / low: $84.66 / $81.54".
// Groups: the first word (low or high), the first number, the second.
const RE2& LowHighPattern() {
  static const RE2 kPattern(Join(
      {R"((?i)(low|high)\s*/\s*(?:high|low)\s*:?\s*\$\s?)", kNumber, R"(\s*/\s*\$\s?)", kNumber}));
  return kPattern;
}

const RE2& WordPattern() {
  static const LazyRE2 kPattern = {R"([A-Za-z][A-Za-z0-9.&'_-]*)"};
  return *kPattern;
}

using Span = RegexMatch;

bool Overlaps(const Span& span, const std::vector<Span>& others) {
  for (const Span& other : others) {
    if (span.begin < other.end && other.begin < span.end) return true;
  }
  return false;
}

int SignOf(std::string_view mark) {
  if (mark.empty()) return 0;
  if (mark == "▼" || mark == "↓" || mark == "-" || mark == "−") return -1;
  return 1;
}

// True for elements the page hides (a chip's tooltip, a collapsed panel).
bool IsHidden(const Document& doc, int i) { return doc.node(i).hidden; }

// The visible text of `element`, whitespace collapsed to single spaces
// (NBSP included). Text of hidden descendants is left out: a chip's hidden
// tooltip ("Vol 24h $3.9B") is not part of the quote.
std::string CollapsedText(const Document& doc, int element) {
  std::string out;
  const int end = doc.node(element).end;
  for (int k = element + 1; k < end; ++k) {
    const Node& node = doc.node(k);
    if (!node.is_text) {
      if (IsHidden(doc, k)) k = node.end - 1;
      continue;
    }
    const std::string_view text = node.text;
    for (size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      const bool nbsp = c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || nbsp) {
        if (!out.empty() && out.back() != ' ') out.push_back(' ');
        if (nbsp) ++i;
      } else {
        out.push_back(c);
      }
    }
    if (!out.empty() && out.back() != ' ') out.push_back(' ');
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// +1 when classes in the subtree say "up", -1 for "down", 0 for none or both.
int ClassDirection(const Document& doc, int element) {
  uint32_t bits = 0;
  for (int k = element; k < doc.node(element).end; ++k) {
    if (!doc.node(k).is_text) bits |= ClassifyNames(doc.node(k).class_name);
  }
  const bool up = bits & kVocabUp, down = bits & kVocabDown;
  return up == down ? 0 : (up ? 1 : -1);
}

bool IsInlineTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_A:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_B:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_I:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_MARK:
    case GUMBO_TAG_DATA:
      return true;
    default:
      return false;
  }
}

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  for (size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && AsciiLower(haystack[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

// Markup that makes an inline quote a widget rather than emphasis: a link
// (to the coin's page), an icon, or a class naming a chip, coin, price,
// quote, token or ticker. "<strong>SOL +12%</strong>" in a list of the
// day's movers is the article's own claim and has none of these.
bool HasChipMarkup(const Document& doc, int element) {
  static constexpr std::string_view kNames[] = {"chip",  "coin",  "price",
                                                "quote", "token", "ticker"};
  for (int k = element; k < doc.node(element).end; ++k) {
    const Node& node = doc.node(k);
    if (node.is_text) continue;
    if ((k == element && node.tag == GUMBO_TAG_A) || node.tag == GUMBO_TAG_IMG) return true;
    for (std::string_view name : kNames) {
      if (ContainsIgnoreCase(node.class_name, name)) return true;
    }
  }
  return false;
}

// How strictly a text must read to be a quote.
struct QuoteRules {
  int class_direction = 0;    // The sign the page's classes give; a sign in the text wins.
  bool require_price = true;  // False: a change alone is a quote ("Bitcoin BTC -1.08%").
  bool card_words = false;    // A card's labels: up to 8 other words, in any case.
};

// Words in `text` (runs between spaces).
int CountWords(std::string_view text) {
  int words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ';
    words += !space && !in_word;
    in_word = !space;
  }
  return words;
}

std::optional<SnapshotItem> ParseQuoteWith(std::string_view text, const AssetLexicon& assets,
                                           const QuoteRules& rules) {
  if (text.size() < 3 || text.size() > (rules.card_words ? 200u : 120u)) return std::nullopt;
  // A quote is a handful of tokens; a sentence is not worth the patterns.
  if (CountWords(text) > (rules.card_words ? 16 : 12)) return std::nullopt;
  const std::vector<Span> changes = FindChanges(text);
  if (changes.size() > 1) return std::nullopt;
  std::vector<Span> prices = FindAll(PricePattern(), text);
  for (const Span& span : FindAll(PriceAfterPattern(), text)) {
    if (!Overlaps(span, prices) && !Overlaps(span, changes)) prices.push_back(span);
  }
  // A quote shows at most one unscaled price; "$198.7M" is a flow or a volume.
  if (prices.size() > 1) return std::nullopt;
  if (!prices.empty() && !prices[0].groups[1].empty()) return std::nullopt;

  std::vector<std::pair<size_t, size_t>> used;
  std::string_view price_digits;
  if (!prices.empty()) {
    price_digits = prices[0].groups[0];
    used.emplace_back(prices[0].begin, prices[0].end);
  } else if (RE2::PartialMatch(text, DollarPairPattern())) {
    // A dollar pair prints its price bare: "BTC/USDT 68,432.16".
    std::vector<Span> numbers;
    for (const Span& span : FindAll(NumberPattern(), text)) {
      if (!Overlaps(span, changes)) numbers.push_back(span);
    }
    if (numbers.size() > 1) {
      // A card's other numbers are labels ("delayed 5 min"); the price is
      // the one printed with separators.
      std::erase_if(numbers, [](const Span& span) {
        return span.groups[0].find_first_of(".,") == std::string_view::npos;
      });
      if (numbers.size() > 1) return std::nullopt;
    }
    if (numbers.size() == 1) {
      price_digits = numbers[0].groups[0];
      used.emplace_back(numbers[0].begin, numbers[0].end);
    }
  } else if (RE2::PartialMatch(text, OtherPairPattern())) {
    // "BTC/TRY 2,991,050": a price, but not in dollars.
    for (const Span& span : FindAll(NumberPattern(), text)) {
      if (!Overlaps(span, changes)) used.emplace_back(span.begin, span.end);
    }
  }
  if (price_digits.empty() && rules.require_price) return std::nullopt;
  // Without a price, the change is the quote: "Bitcoin BTC -1.08%".
  if (price_digits.empty() && changes.empty()) return std::nullopt;
  if (!changes.empty()) used.emplace_back(changes[0].begin, changes[0].end);

  SnapshotItem item;
  for (const Span& span : FindAll(BracketSymbolPattern(), text)) {
    item.asset = std::string(span.groups[0]);
    used.emplace_back(span.begin, span.end);
    break;
  }
  const Asset* asset = item.asset.empty() ? nullptr : assets.FindSymbol(item.asset);
  if (item.asset.empty()) {
    for (const Span& span : FindAll(BareSymbolPattern(), text)) {
      if ((asset = assets.FindSymbol(span.groups[0])) != nullptr) {
        item.asset = asset->symbol;
        used.emplace_back(span.begin, span.end);
        break;
      }
    }
  }
  for (const AssetMention& mention : assets.FindMentions(text)) {
    used.emplace_back(mention.begin, mention.end);
    if (item.asset.empty()) {
      asset = mention.asset;
      item.asset = asset->symbol;
    }
  }
  if (item.asset.empty()) return std::nullopt;

  // What is left must be a short name, not a sentence.
  std::string leftover;
  int words = 0;
  for (const Span& word : FindAll(WordPattern(), text)) {
    bool covered = false;
    for (const auto& [b, e] : used) covered |= word.begin >= b && word.end <= e;
    if (covered) continue;
    // A ticker label is a name ("Figure Heloc", "Ethena USDe"), not a
    // phrase: "Bitcoin fell to $64,000 on Tuesday" is a sentence. A card's
    // labels ("24h · delayed 5 min") may be lower case.
    const char first = text[word.begin];
    const bool capital = (first >= 'A' && first <= 'Z') || (first >= '0' && first <= '9');
    if (!capital && !rules.card_words) return std::nullopt;
    if (++words > (rules.card_words ? 8 : 4)) return std::nullopt;
    if (!capital) continue;
    if (!leftover.empty()) leftover.push_back(' ');
    leftover.append(text.substr(word.begin, word.end - word.begin));
  }
  item.name = asset != nullptr ? asset->name : leftover;
  if (!price_digits.empty()) {
    item.price = ParseScaledAmount(price_digits, prices.empty() ? "" : prices[0].groups[1]);
    if (!item.price) return std::nullopt;
  }
  if (!changes.empty()) {
    std::optional<double> change = ParseScaledAmount(changes[0].groups[1], "");
    if (change) {
      int sign = SignOf(changes[0].groups[0]);
      if (sign == 0) sign = rules.class_direction;
      item.change_percent = sign < 0 ? -*change : *change;
    }
  }
  item.period = "24h";
  return item;
}

// A quote of any market, crypto or not: a short label, one number and one
// change ("Gold $5,043.10 +0.38%", "GBP/USD 1.2931 +0.12%"). Such siblings
// make up a markets strip with the crypto quotes among them.
bool IsQuoteShape(std::string_view text) {
  if (text.size() > 60) return false;
  const std::vector<Span> changes = FindChanges(text);
  if (changes.size() != 1) return false;
  int numbers = 0;
  for (const Span& span : FindAll(NumberPattern(), text)) {
    numbers += Overlaps(span, changes) ? 0 : 1;
  }
  if (numbers < 1 || numbers > 2) return false;
  return FindAll(WordPattern(), text).size() <= 5;
}

// Where an element stands, for deciding what a run of quotes is.
struct Placement {
  bool in_article = false;    // Inside <article>, <main> or an articleBody.
  bool ticker_named = false;  // Inside an element named ticker, marquee or tape.
  bool widget_named = false;  // Inside an <aside>, a sidebar or a widget.
};

// Placements, found on demand and remembered: an element's is its
// parent's plus what its own tag and names say. Keeps a reference to the
// document, which must outlive it (one FindMarketWidgets call).
class Placements {
 public:
  explicit Placements(const Document& doc) : doc_(doc), known_(doc.size(), 0), of_(doc.size()) {}

  const Placement& Of(int element) {
    // -1 is the document itself (the parent of top-level nodes): nothing
    // names it, so it has the empty placement.
    if (element < 0) return root_;
    // Climb to the nearest known ancestor, then fill the path downward.
    path_.clear();
    int e = element;
    while (e >= 0 && !known_[e]) {
      path_.push_back(e);
      e = doc_.node(e).parent;
    }
    Placement placement = e >= 0 ? of_[e] : Placement{};
    for (size_t k = path_.size(); k-- > 0;) {
      const int i = path_[k];
      const Node& node = doc_.node(i);
      if (!node.is_text) {
        const uint32_t bits = ClassifyNames(node.class_name) | ClassifyNames(node.id);
        placement.in_article |= node.tag == GUMBO_TAG_ARTICLE || node.tag == GUMBO_TAG_MAIN ||
                                (bits & kVocabStrongContent) != 0;
        placement.ticker_named |= (bits & kVocabTicker) || doc_.Attribute(i, "role") == "marquee";
        placement.widget_named |=
            node.tag == GUMBO_TAG_ASIDE || ContainsIgnoreCase(node.class_name, "sidebar") ||
            ContainsIgnoreCase(node.class_name, "widget") || ContainsIgnoreCase(node.id, "sidebar");
      }
      of_[i] = placement;
      known_[i] = 1;
    }
    return of_[element];
  }

 private:
  const Document& doc_;
  const Placement root_{};
  std::vector<uint8_t> known_;
  std::vector<Placement> of_;
  std::vector<int> path_;
};

// The element just before `i` under the same parent, past whitespace, or -1.
int PreviousElementSibling(const Document& doc, int i) {
  const int parent = doc.node(i).parent;
  while (true) {
    int k = i - 1;
    while (k > parent && doc.node(k).parent != parent) k = doc.node(k).parent;
    if (k <= parent) return -1;
    const Node& node = doc.node(k);
    if (!node.is_text) return k;
    if (node.text.find_first_not_of(" \t\r\n\f") != std::string_view::npos) return -1;
    i = k;
  }
}

// The asset a widget names: the first mention, else the first known
// symbol ("SOL to USD converter": a symbol the mention rules leave to
// context). Null when none.
const Asset* WidgetAsset(std::string_view text, const AssetLexicon& assets) {
  for (const AssetMention& mention : assets.FindMentions(text)) return mention.asset;
  for (const RegexMatch& span : FindAll(BareSymbolPattern(), text)) {
    if (const Asset* asset = assets.FindSymbol(span.groups[0])) return asset;
  }
  return nullptr;
}

}  // namespace

std::optional<double> ParseScaledAmount(std::string_view digits, std::string_view scale) {
  // Separators as pages print them: the last of '.' and ',' is the decimal
  // point when both appear ("84.262,50", "1,931.40"); a lone ',' before
  // three digits groups thousands ("1,739"), before any other count it is
  // the decimal point ("117,06", "1,7390"); several of one kind group.
  const size_t last_dot = digits.rfind('.');
  const size_t last_comma = digits.rfind(',');
  char decimal = 0;
  if (last_dot != std::string_view::npos && last_comma != std::string_view::npos) {
    decimal = last_dot > last_comma ? '.' : ',';
  } else if (last_comma != std::string_view::npos) {
    const bool single = digits.find(',') == last_comma;
    decimal = single && digits.size() - last_comma - 1 != 3 ? ',' : 0;
  } else if (last_dot != std::string_view::npos) {
    decimal = digits.find('.') == last_dot ? '.' : 0;
  }
  std::string plain;
  size_t group = 0;  // Digits since the last grouping separator.
  bool grouped = false;
  for (char c : digits) {
    if (c == decimal) {
      if (grouped && group != 3) return std::nullopt;
      grouped = false;
      plain.push_back('.');
    } else if (c == ',' || c == '.') {
      // A grouping separator closes a group of three ("1.2.3" is no number).
      if (grouped && group != 3) return std::nullopt;
      grouped = true;
      group = 0;
    } else {
      ++group;
      plain.push_back(c);
    }
  }
  if (grouped && group != 3) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(plain.data(), plain.data() + plain.size(), value);
  if (error != std::errc() || end != plain.data() + plain.size()) return std::nullopt;
  if (scale == "K")
    value *= 1e3;
  else if (scale == "M")
    value *= 1e6;
  else if (scale == "B")
    value *= 1e9;
  else if (scale == "T")
    value *= 1e12;
  return value;
}

std::optional<SnapshotItem> ParseQuote(std::string_view text, const AssetLexicon& assets,
                                       int class_direction, bool require_price) {
  QuoteRules rules;
  rules.class_direction = class_direction;
  rules.require_price = require_price;
  return ParseQuoteWith(text, assets, rules);
}

bool IsWidgetText(std::string_view text, const AssetLexicon& assets) {
  if (!RE2::PartialMatch(text, PeriodChangePattern()) &&
      !RE2::PartialMatch(text, ChangePeriodPattern())) {
    return false;
  }
  if (!RE2::PartialMatch(text, MarketCapPattern()) && !RE2::PartialMatch(text, VolumePattern()) &&
      !RE2::PartialMatch(text, LowHighPattern())) {
    return false;
  }
  return WidgetAsset(text, assets) != nullptr;
}

std::vector<SnapshotItem> ParseWidgetText(std::string_view text, const AssetLexicon& assets,
                                          int class_direction) {
  std::vector<SnapshotItem> items;
  if (!IsWidgetText(text, assets)) return items;
  SnapshotItem item;
  const Asset* asset = WidgetAsset(text, assets);
  item.asset = asset->symbol;
  item.name = asset->name;
  const std::vector<Span> prices = FindAll(PricePattern(), text);
  if (!prices.empty()) item.price = ParseScaledAmount(prices[0].groups[0], prices[0].groups[1]);
  re2::StringPiece digits, scale, low_first, low, high;
  if (RE2::PartialMatch(text, VolumePattern(), &digits, &scale)) {
    item.volume = ParseScaledAmount(digits, scale);
  }
  if (RE2::PartialMatch(text, MarketCapPattern(), &digits, &scale)) {
    item.market_cap = ParseScaledAmount(digits, scale);
  }
  if (RE2::PartialMatch(text, LowHighPattern(), &low_first, &low, &high)) {
    if (AsciiLower(std::string_view(low_first.data(), low_first.size())) != "low") {
      std::swap(low, high);  // "high / low: $84.66 / $81.54"
    }
    item.low = ParseScaledAmount(low, "");
    item.high = ParseScaledAmount(high, "");
  }
  item.origin = "widget";
  std::vector<std::pair<std::string, double>> changes;  // (period, signed change)
  auto add_change = [&](std::string_view period_text, std::string_view mark,
                        std::string_view value_text) {
    std::string period;
    for (char c : period_text) {
      if (c != ' ') period.push_back(AsciiLower(c));
    }
    const std::optional<double> value = ParseScaledAmount(value_text, "");
    if (!value) return;
    int sign = SignOf(mark);
    if (sign == 0) sign = class_direction;
    changes.emplace_back(period, sign < 0 ? -*value : *value);
  };
  for (const Span& change : FindAll(PeriodChangePattern(), text)) {
    add_change(change.groups[0], change.groups[1], change.groups[2]);
  }
  if (changes.empty()) {
    for (const Span& change : FindAll(ChangePeriodPattern(), text)) {
      add_change(change.groups[2], change.groups[0], change.groups[1]);
    }
  }
  bool first = true;
  for (const auto& [period, change] : changes) {
    SnapshotItem entry = item;
    entry.period = period;
    entry.change_percent = change;
    if (!first) {
      // Figures labelled for one period belong to the first entry only.
      entry.volume.reset();
      entry.market_cap.reset();
      entry.low.reset();
      entry.high.reset();
    }
    first = false;
    items.push_back(entry);
  }
  return items;
}

MarketWidgets FindMarketWidgets(const Document& doc, const AssetLexicon& assets) {
  const int n = doc.size();
  MarketWidgets result;
  result.excluded.assign(n, 0);
  // Text size and the figure marks of each subtree: a quote needs a '$' or a
  // '%', a price widget both, so most elements are never parsed.
  constexpr uint8_t kDollar = 1, kPercent = 2, kFigureLabel = 4;
  std::vector<int> chars(n, 0);
  std::vector<int> words(n, 0);  // Word starts: a quote has a handful.
  std::vector<uint8_t> marks(n, 0);
  int first_heading = n;  // The first <h1>: what comes before it is the page's masthead.
  for (int i = n - 1; i >= 0; --i) {
    const Node& node = doc.node(i);
    if (node.is_text) {
      bool in_word = false;
      for (char c : node.text) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        chars[i] += space ? 0 : 1;
        words[i] += !space && !in_word;
        in_word = !space;
        if (c == '$') marks[i] |= kDollar;
        if (c == '%') marks[i] |= kPercent;
      }
      // A widget's figure labels are short texts: "24h Volume", "Mkt cap",
      // "24h high / low:".
      if (node.text.size() <= 48 &&
          (ContainsIgnoreCase(node.text, "vol") || ContainsIgnoreCase(node.text, "cap") ||
           ContainsIgnoreCase(node.text, "low"))) {
        marks[i] |= kFigureLabel;
      }
    } else if (node.tag == GUMBO_TAG_H1) {
      first_heading = i;
    }
    if (node.parent >= 0) {
      chars[node.parent] += chars[i];
      words[node.parent] += words[i];
      marks[node.parent] |= marks[i];
    }
  }

  // Quote-shaped elements. Inside the article only strict quotes count (an
  // asset, a dollar price or a dollar pair's bare price, at most one change);
  // outside it, in a strip or a rail, a quote may lack a price or be quoted in
  // another currency, and other markets' quotes count toward a strip. An
  // inline element with chip markup may lack a price anywhere ("Bitcoin BTC
  // -2.39%" inside a sentence); such quotes make chips, never tapes.
  std::vector<uint8_t> kind(n, 0);  // 0 none, else one of:
  constexpr uint8_t kPriced = 1, kPriceless = 2, kShapeOnly = 3;
  std::vector<uint8_t> loose(n, 0);  // Outside the article or in a ticker.
  std::vector<int> partner(n, -1);   // A <dd> quote's <dt> label.
  std::vector<std::optional<SnapshotItem>> quotes(n);
  Placements placements(doc);
  for (int i = 0; i < n; ++i) {
    const Node& node = doc.node(i);
    if (node.is_text || marks[i] == 0 || chars[i] < 3 || chars[i] > 200 || words[i] > 16) {
      continue;
    }
    if (node.tag == GUMBO_TAG_HEAD || node.tag == GUMBO_TAG_TITLE || node.tag == GUMBO_TAG_P ||
        (node.tag >= GUMBO_TAG_H1 && node.tag <= GUMBO_TAG_H6) || IsHidden(doc, i)) {
      continue;
    }
    std::string text = CollapsedText(doc, i);
    if (node.tag == GUMBO_TAG_DD) {
      // "<dt>Bitcoin</dt><dd>$68,812 ▲4.62%</dd>": the label names the quote.
      const int dt = PreviousElementSibling(doc, i);
      if (dt >= 0 && doc.node(dt).tag == GUMBO_TAG_DT && chars[dt] <= 40) {
        text = CollapsedText(doc, dt) + " " + text;
        partner[i] = dt;
      }
    }
    const Placement& placement = placements.Of(i);
    loose[i] = !placement.in_article || placement.ticker_named;
    QuoteRules rules;
    rules.class_direction = (marks[i] & kPercent) ? ClassDirection(doc, i) : 0;
    if (chars[i] <= 110) {
      quotes[i] = ParseQuoteWith(text, assets, rules);
      if (quotes[i]) {
        kind[i] = kPriced;
        continue;
      }
    }
    const bool chip = IsInlineTag(node.tag) && HasChipMarkup(doc, i);
    if ((loose[i] || chip) && (marks[i] & kPercent) && chars[i] <= 110) {
      rules.require_price = false;
      quotes[i] = ParseQuoteWith(text, assets, rules);
      if (quotes[i]) {
        kind[i] = quotes[i]->price ? kPriced : kPriceless;
        continue;
      }
    }
    if (!loose[i]) continue;
    // A card in a rail: its labels are words ("ETH/USD 1,931.40 ▼3.18% 24h
    // · delayed 5 min"), spread over several elements.
    int children = 0;
    for (int k = i + 1; k < node.end; ++k) children += doc.node(k).is_text ? 0 : 1;
    // A card shows a change and has no sentence in it: "Traders lost $310
    // million in bitcoin short liquidations on Tuesday." is prose.
    const bool sentence = text.find(". ") != std::string::npos || text.ends_with('.');
    if (children >= 3 && (marks[i] & kPercent) && !sentence) {
      rules.require_price = true;
      rules.card_words = true;
      quotes[i] = ParseQuoteWith(text, assets, rules);
      if (quotes[i]) {
        kind[i] = kPriced;
        continue;
      }
    }
    if (chars[i] <= 60 && IsQuoteShape(text)) kind[i] = kShapeOnly;
  }
  // Keep the minimal quote elements (no quote-shaped element inside), lifted
  // to the outermost element with the same text.
  std::vector<int> items;
  for (int i = 0; i < n; ++i) {
    if (kind[i] == 0) continue;
    bool has_quote_child = false;
    for (int k = i + 1; k < doc.node(i).end && !has_quote_child; ++k) has_quote_child = kind[k];
    if (has_quote_child) continue;
    int lifted = i;
    while (doc.node(lifted).parent >= 0 && chars[doc.node(lifted).parent] == chars[lifted] &&
           partner[i] < 0) {
      lifted = doc.node(lifted).parent;
    }
    if (lifted != i) {
      quotes[lifted] = quotes[i];
      kind[lifted] = kind[i];
      loose[lifted] = loose[i];
    }
    items.push_back(lifted);
  }

  // A run of quotes named a ticker, or standing before the headline, is a
  // ticker tape; one in a sidebar, a widget box or after the headline is a
  // price widget. Runs inside the article are tapes.
  auto origin_of = [&](int element) -> std::string {
    const Placement placement = placements.Of(element);
    if (placement.ticker_named) return "ticker";
    if (placement.widget_named) return "widget";
    if (placement.in_article) return "ticker";
    return element < first_heading ? "ticker" : "widget";
  };
  auto exclude = [&](int item) {
    result.excluded[item] = 1;
    if (partner[item] >= 0) result.excluded[partner[item]] = 1;
  };

  // Group by parent. Three or more quote siblings that make up most of
  // their parent are a tape (priced quotes anywhere; price-less quotes and
  // other markets' quotes only outside the article). Outside the article,
  // any other priced quote is a price card or a small widget. Quotes that
  // share a paragraph with a sentence are chips, however many.
  std::set<std::string> seen_assets;
  std::vector<SnapshotItem> chips;
  for (size_t a = 0; a < items.size();) {
    const int parent = doc.node(items[a]).parent;
    size_t b = a;
    int run_chars = 0, members = 0;
    for (; b < items.size() && doc.node(items[b]).parent == parent; ++b) {
      const int item = items[b];
      if (kind[item] != kPriced && !loose[item]) continue;
      run_chars += chars[item] + (partner[item] >= 0 ? chars[partner[item]] : 0);
      ++members;
    }
    const bool fills_parent = parent < 0 || run_chars * 2 >= chars[parent];
    const bool tape = members >= 3 && fills_parent;
    const std::string origin = fills_parent && members > 0 ? origin_of(parent) : "";
    for (size_t k = a; k < b; ++k) {
      const int item = items[k];
      if (tape && (kind[item] == kPriced || loose[item])) {
        exclude(item);
        if (kind[item] == kShapeOnly) continue;
        SnapshotItem quote = *quotes[item];
        quote.origin = origin;
        if (seen_assets.insert(origin + " " + quote.asset).second) result.items.push_back(quote);
        continue;
      }
      if (kind[item] == kShapeOnly) continue;
      SnapshotItem quote = *quotes[item];
      if (!tape && loose[item] && kind[item] == kPriced) {
        // Outside the article a lone quote is a price card or a small
        // widget; only a strip named a ticker makes it a ticker item.
        exclude(item);
        quote.origin = placements.Of(item).ticker_named ? "ticker" : "widget";
        if (seen_assets.insert(origin + " " + quote.asset).second) result.items.push_back(quote);
      } else if (IsInlineTag(doc.node(item).tag) && quote.change_percent && parent >= 0 &&
                 chars[parent] > chars[item] + 40) {
        // A chip: a quote dropped into a sentence ("... BTC $64,210 -1.2% ...").
        exclude(item);
        quote.origin = "chip";
        chips.push_back(quote);
      }
    }
    bool run_excluded = false;
    for (size_t k = a; k < b; ++k) run_excluded |= result.excluded[items[k]] != 0;
    if (members > 0 && fills_parent && parent >= 0 && run_excluded) {
      // The run's own wrappers go too when they hold little else.
      int wrapper = parent;
      while (wrapper >= 0 && chars[wrapper] <= run_chars + 40 &&
             doc.node(wrapper).tag != GUMBO_TAG_BODY) {
        result.excluded[wrapper] = 1;
        wrapper = doc.node(wrapper).parent;
      }
    }
    a = b;
  }
  // Distinct assets in tapes, priced or not ("Hot now: PEPE +14.1% ...").
  std::set<std::string> tape_assets;
  for (const SnapshotItem& item : result.items) {
    if (item.origin == "ticker") tape_assets.insert(item.asset);
  }
  result.ticker_items = static_cast<int>(tape_assets.size());

  // Price widgets: the smallest elements with a period change and labelled
  // market figures (volume, market cap, the day's range).
  std::vector<int> widgets;
  for (int i = 0; i < n; ++i) {
    const Node& node = doc.node(i);
    if (node.is_text || marks[i] != (kDollar | kPercent | kFigureLabel) || chars[i] < 20 ||
        chars[i] > 400 || result.excluded[i]) {
      continue;
    }
    // A widget names its asset; an inner box of figures without one (the
    // stats row of a converter) is part of the widget around it.
    if (!IsWidgetText(CollapsedText(doc, i), assets)) continue;
    // Widgets nest; a later (inner) match replaces its ancestor.
    while (!widgets.empty() && doc.Contains(widgets.back(), i)) widgets.pop_back();
    widgets.push_back(i);
  }
  for (int widget : widgets) {
    for (SnapshotItem& item :
         ParseWidgetText(CollapsedText(doc, widget), assets, ClassDirection(doc, widget))) {
      result.items.push_back(std::move(item));
    }
    for (int k = widget; k < doc.node(widget).end; ++k) result.excluded[k] = 1;
  }
  result.items.insert(result.items.end(), chips.begin(), chips.end());
  return result;
}

}  // namespace factsift::extract::internal
