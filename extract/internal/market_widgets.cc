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

// "$67,835.00", "US$ 1.36T": a price with an optional scale.
const RE2& PricePattern() {
  static const LazyRE2 kPattern = {
      R"((?:US)?\$\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?([KMBT]\b)?)"};
  return *kPattern;
}

// "▼1.61%", "+2.1 %", "-0.4%", "1.61%": a change with an optional sign.
const RE2& ChangePattern() {
  static const LazyRE2 kPattern = {R"(([▲▼↑↓+\-−])?\s?(\d+(?:\.\d+)?)\s?%)"};
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

// "24h ▼1.61%", "7d +4.14%": a change labelled with its period.
const RE2& PeriodChangePattern() {
  static const LazyRE2 kPattern = {
      R"((?i)\b(1h|24h|24 h|7d|7 d|30d|1y)\s*(?:change)?\s*:?\s*([▲▼↑↓+\-−])?\s?(\d+(?:\.\d+)?)\s?%)"};
  return *kPattern;
}

// Labelled widget figures.
const RE2& VolumePattern() {
  static const LazyRE2 kPattern = {
      R"((?i)vol(?:ume)?\s*(?:\(24h\))?\s*:?\s*(?:US)?\$\s?(\d[\d,]*(?:\.\d+)?)\s?([KMBT]\b)?)"};
  return *kPattern;
}
const RE2& MarketCapPattern() {
  static const LazyRE2 kPattern = {
      R"((?i)market\s*cap(?:italization)?\s*:?\s*(?:US)?\$\s?(\d[\d,]*(?:\.\d+)?)\s?([KMBT]\b)?)"};
  return *kPattern;
}
const RE2& LowHighPattern() {
  static const LazyRE2 kPattern = {
      R"((?i)low\s*/\s*high\s*:?\s*\$\s?(\d[\d,]*(?:\.\d+)?)\s*/\s*\$\s?(\d[\d,]*(?:\.\d+)?))"};
  return *kPattern;
}

const RE2& WordPattern() {
  static const LazyRE2 kPattern = {R"([A-Za-z][A-Za-z0-9.&'_-]*)"};
  return *kPattern;
}

using Span = RegexMatch;

int SignOf(std::string_view mark) {
  if (mark.empty()) return 0;
  if (mark == "▼" || mark == "↓" || mark == "-" || mark == "−") return -1;
  return 1;
}

// True for elements the page hides (a chip's tooltip, a collapsed panel).
bool IsHidden(const Document& doc, int i) {
  return doc.HasAttribute(i, "hidden") || doc.Attribute(i, "aria-hidden") == "true";
}

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
    if (!doc.node(k).is_text) bits |= ClassifyNames(doc.Attribute(k, "class"));
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
  static constexpr std::string_view kNames[] = {"chip", "coin", "price", "quote", "token",
                                                "ticker"};
  for (int k = element; k < doc.node(element).end; ++k) {
    const Node& node = doc.node(k);
    if (node.is_text) continue;
    if ((k == element && node.tag == GUMBO_TAG_A) || node.tag == GUMBO_TAG_IMG) return true;
    const std::string_view names = doc.Attribute(k, "class");
    for (std::string_view name : kNames) {
      if (ContainsIgnoreCase(names, name)) return true;
    }
  }
  return false;
}

}  // namespace

std::optional<double> ParseScaledAmount(std::string_view digits, std::string_view scale) {
  std::string plain;
  for (char c : digits) {
    if (c != ',') plain.push_back(c);
  }
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
  if (text.size() < 5 || text.size() > 120) return std::nullopt;
  const std::vector<Span> prices = FindAll(PricePattern(), text);
  // A quote shows at most one unscaled price; "$198.7M" is a flow or a volume.
  if (prices.size() > 1 || (prices.empty() && require_price)) return std::nullopt;
  if (!prices.empty() && !prices[0].groups[1].empty()) return std::nullopt;
  const std::vector<Span> changes = FindAll(ChangePattern(), text);
  if (changes.size() > 1) return std::nullopt;
  // Without a price, the change is the quote: "Bitcoin BTC -1.08%".
  if (prices.empty() && changes.empty()) return std::nullopt;

  SnapshotItem item;
  std::vector<std::pair<size_t, size_t>> used;
  if (!prices.empty()) used.emplace_back(prices[0].begin, prices[0].end);
  if (!changes.empty()) used.emplace_back(changes[0].begin, changes[0].end);
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
    // phrase: "Bitcoin fell to $64,000 on Tuesday" is a sentence.
    const char first = text[word.begin];
    if (!((first >= 'A' && first <= 'Z') || (first >= '0' && first <= '9'))) return std::nullopt;
    if (++words > 4) return std::nullopt;
    if (!leftover.empty()) leftover.push_back(' ');
    leftover.append(text.substr(word.begin, word.end - word.begin));
  }
  item.name = asset != nullptr ? asset->name : leftover;
  if (!prices.empty()) {
    item.price = ParseScaledAmount(prices[0].groups[0], prices[0].groups[1]);
    if (!item.price) return std::nullopt;
  }
  if (!changes.empty()) {
    std::optional<double> change = ParseScaledAmount(changes[0].groups[1], "");
    if (change) {
      int sign = SignOf(changes[0].groups[0]);
      if (sign == 0) sign = class_direction;
      item.change_percent = sign < 0 ? -*change : *change;
    }
  }
  item.period = "24h";
  return item;
}

MarketWidgets FindMarketWidgets(const Document& doc, const AssetLexicon& assets) {
  const int n = doc.size();
  MarketWidgets result;
  result.excluded.assign(n, 0);
  // Text size and the figure marks of each subtree: a quote needs a '$' or a
  // '%', a price widget both, so most elements are never parsed.
  constexpr uint8_t kDollar = 1, kPercent = 2;
  std::vector<int> chars(n, 0);
  std::vector<uint8_t> marks(n, 0);
  for (int i = n - 1; i >= 0; --i) {
    const Node& node = doc.node(i);
    if (node.is_text) {
      for (char c : node.text) {
        chars[i] += (c == ' ' || c == '\n' || c == '\t' || c == '\r') ? 0 : 1;
        if (c == '$') marks[i] |= kDollar;
        if (c == '%') marks[i] |= kPercent;
      }
    }
    if (node.parent >= 0) {
      chars[node.parent] += chars[i];
      marks[node.parent] |= marks[i];
    }
  }

  // Quote-shaped elements, lifted to the outermost element with the same text.
  // An inline element with chip markup may be a quote without a price
  // ("Bitcoin BTC -2.39%"); such quotes make chips, never tapes.
  std::vector<uint8_t> is_quote(n, 0);
  std::vector<uint8_t> priceless(n, 0);
  std::vector<std::optional<SnapshotItem>> quotes(n);
  for (int i = 0; i < n; ++i) {
    const Node& node = doc.node(i);
    if (node.is_text || marks[i] == 0 || chars[i] < 5 || chars[i] > 110) continue;
    if (node.tag == GUMBO_TAG_HEAD || node.tag == GUMBO_TAG_TITLE || node.tag == GUMBO_TAG_P ||
        (node.tag >= GUMBO_TAG_H1 && node.tag <= GUMBO_TAG_H6) || IsHidden(doc, i)) {
      continue;
    }
    const std::string text = CollapsedText(doc, i);
    const int direction = (marks[i] & kPercent) ? ClassDirection(doc, i) : 0;
    quotes[i] = ParseQuote(text, assets, direction);
    if (!quotes[i] && (marks[i] & kPercent) && IsInlineTag(node.tag) && HasChipMarkup(doc, i)) {
      quotes[i] = ParseQuote(text, assets, direction, /*require_price=*/false);
      priceless[i] = quotes[i].has_value();
    }
    if (quotes[i]) is_quote[i] = 1;
  }
  // Keep the minimal quote elements (no quote-shaped element child).
  std::vector<int> items;
  for (int i = 0; i < n; ++i) {
    if (!is_quote[i]) continue;
    bool has_quote_child = false;
    for (int k = i + 1; k < doc.node(i).end && !has_quote_child; ++k) has_quote_child = is_quote[k];
    if (has_quote_child) continue;
    int lifted = i;
    while (doc.node(lifted).parent >= 0 && chars[doc.node(lifted).parent] == chars[lifted]) {
      lifted = doc.node(lifted).parent;
    }
    quotes[lifted] = quotes[i];
    priceless[lifted] = priceless[i];
    items.push_back(lifted);
  }

  // A run of quotes in a sidebar or widget box is a price widget; anywhere
  // else (header, top bar, a band across the page) it is a ticker tape.
  auto origin_of = [&](int element) -> std::string {
    for (int e = element; e >= 0; e = doc.node(e).parent) {
      const std::string names =
          std::string(doc.Attribute(e, "class")) + " " + std::string(doc.Attribute(e, "id"));
      const uint32_t bits = ClassifyNames(names);
      if (bits & kVocabTicker) return "ticker";
      if (doc.node(e).tag == GUMBO_TAG_ASIDE || names.find("sidebar") != std::string::npos ||
          names.find("widget") != std::string::npos) {
        return "widget";
      }
    }
    return "ticker";
  };

  // Group by parent: three or more priced quote siblings that make up most
  // of their parent are a tape. Quotes that share a paragraph with a
  // sentence are chips, however many there are.
  std::set<std::string> seen_assets;
  std::vector<SnapshotItem> chips;
  for (size_t a = 0; a < items.size();) {
    const int parent = doc.node(items[a]).parent;
    size_t b = a;
    int tape_chars = 0, priced = 0;
    for (; b < items.size() && doc.node(items[b]).parent == parent; ++b) {
      if (priceless[items[b]]) continue;
      tape_chars += chars[items[b]];
      ++priced;
    }
    const bool tape = priced >= 3 && (parent < 0 || tape_chars * 2 >= chars[parent]);
    const std::string origin = tape ? origin_of(parent) : "";
    for (size_t k = a; k < b; ++k) {
      const int item = items[k];
      SnapshotItem quote = *quotes[item];
      if (tape && !priceless[item]) {
        result.excluded[item] = 1;
        quote.origin = origin;
        if (seen_assets.insert(origin + " " + quote.asset).second) result.items.push_back(quote);
      } else if (IsInlineTag(doc.node(item).tag) && quote.change_percent && parent >= 0 &&
                 chars[parent] > chars[item] + 40) {
        // A chip: a quote dropped into a sentence ("... BTC $64,210 -1.2% ...").
        result.excluded[item] = 1;
        quote.origin = "chip";
        chips.push_back(quote);
      }
    }
    if (tape && parent >= 0) {
      // The tape's own wrappers go too when they hold little else.
      int wrapper = parent;
      while (wrapper >= 0 && chars[wrapper] <= tape_chars + 40 &&
             doc.node(wrapper).tag != GUMBO_TAG_BODY) {
        result.excluded[wrapper] = 1;
        wrapper = doc.node(wrapper).parent;
      }
    }
    a = b;
  }
  result.ticker_items = static_cast<int>(
      std::count_if(result.items.begin(), result.items.end(),
                    [](const SnapshotItem& item) { return item.origin == "ticker"; }));

  // Price widgets: the smallest elements with labelled market figures.
  std::vector<int> widgets;
  for (int i = 0; i < n; ++i) {
    const Node& node = doc.node(i);
    if (node.is_text || marks[i] != (kDollar | kPercent) || chars[i] < 20 || chars[i] > 400 ||
        result.excluded[i]) {
      continue;
    }
    const std::string text = CollapsedText(doc, i);
    if (!RE2::PartialMatch(text, PeriodChangePattern())) continue;
    if (!RE2::PartialMatch(text, MarketCapPattern()) && !RE2::PartialMatch(text, VolumePattern())) {
      continue;
    }
    // Widgets nest; a later (inner) match replaces its ancestor.
    while (!widgets.empty() && doc.Contains(widgets.back(), i)) widgets.pop_back();
    widgets.push_back(i);
  }
  for (int widget : widgets) {
    const std::string text = CollapsedText(doc, widget);
    SnapshotItem item;
    for (const AssetMention& mention : assets.FindMentions(text)) {
      item.asset = mention.asset->symbol;
      item.name = mention.asset->name;
      break;
    }
    if (item.asset.empty()) continue;
    const std::vector<Span> prices = FindAll(PricePattern(), text);
    if (!prices.empty()) item.price = ParseScaledAmount(prices[0].groups[0], prices[0].groups[1]);
    re2::StringPiece digits, scale, low, high;
    if (RE2::PartialMatch(text, VolumePattern(), &digits, &scale)) {
      item.volume = ParseScaledAmount(digits, scale);
    }
    if (RE2::PartialMatch(text, MarketCapPattern(), &digits, &scale)) {
      item.market_cap = ParseScaledAmount(digits, scale);
    }
    if (RE2::PartialMatch(text, LowHighPattern(), &low, &high)) {
      item.low = ParseScaledAmount(low, "");
      item.high = ParseScaledAmount(high, "");
    }
    item.origin = "widget";
    const int class_direction = ClassDirection(doc, widget);
    bool first = true;
    for (const Span& change : FindAll(PeriodChangePattern(), text)) {
      std::string period(change.groups[0]);
      period.erase(std::remove(period.begin(), period.end(), ' '), period.end());
      for (char& c : period) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
      const std::optional<double> value = ParseScaledAmount(change.groups[2], "");
      if (!value) continue;
      int sign = SignOf(change.groups[1]);
      if (sign == 0) sign = class_direction;
      SnapshotItem entry = item;
      entry.period = period;
      entry.change_percent = sign < 0 ? -*value : *value;
      if (!first) {
        // Figures labelled for one period belong to the first entry only.
        entry.volume.reset();
        entry.market_cap.reset();
        entry.low.reset();
        entry.high.reset();
      }
      first = false;
      result.items.push_back(entry);
    }
    for (int k = widget; k < doc.node(widget).end; ++k) result.excluded[k] = 1;
  }
  result.items.insert(result.items.end(), chips.begin(), chips.end());
  return result;
}

}  // namespace factsift::extract::internal
