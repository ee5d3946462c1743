#include "extract/internal/text_input.h"

#include <algorithm>
#include <deque>
#include <optional>

#include <re2/re2.h>

#include "common/ascii.h"
#include "extract/internal/market_widgets.h"
#include "extract/internal/metadata.h"
#include "extract/internal/text_util.h"
#include "extract/internal/vocabulary.h"

namespace factsift::extract::internal {
namespace {

// "-1.085%", "▲2.1 %": a line that is only a change.
const RE2& ChangeLine() {
  static const LazyRE2 kPattern = {R"(^([▲▼↑↓+\-−])?\s?(\d+(?:[.,]\d+)?)\s?%$)"};
  return *kPattern;
}

// "$94480", "US$ 1.36": a line that is only a price.
const RE2& PriceLine() {
  static const LazyRE2 kPattern = {R"(^(?:US)?\$\s?\d[\d,]*(?:\.\d+)?$)"};
  return *kPattern;
}

// "Published March 7, 2026", "Last updated: March 6, 2026 1:29 pm",
// "Updated on 2026-03-07": a date label and the rest of the line.
const RE2& DateLabelLine() {
  static const LazyRE2 kPattern = {
      R"(^(?i)(last\s+updated|updated|published|posted)(?:\s+on)?\s*:?\s+(.+)$)"};
  return *kPattern;
}

// Longest line read as a date label or a section heading: longer is prose.
constexpr size_t kMaxLabelLine = 100;

// A line that reads as a heading: short, not a bulleted list entry (a table
// of contents repeats the headings), no closing sentence punctuation.
bool HeadingLike(std::string_view line) {
  if (line.empty() || line.size() > kMaxLabelLine) return false;
  if (line.starts_with("•") || line.starts_with("- ") || line.starts_with("* ")) return false;
  const char last = line.back();
  return last != '.' && last != ',' && last != ';' && last != ':';
}

// "Bitcoin $107,395 was": a price glued between an asset name and a verb.
const RE2& GluedPrice() {
  static const LazyRE2 kPattern = {
      R"(([A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?) (\$\d[\d,]*(?:\.\d+)?) [a-z])"};
  return *kPattern;
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
      line.remove_suffix(1);
    }
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    lines.emplace_back(line);
    pos = end + 1;
  }
  return lines;
}

// Joins paragraphs written one word per line ("Bitcoin\n(BTC)\nheld\n...").
std::vector<std::string> JoinWordPerLine(std::vector<std::string> lines) {
  std::vector<std::string> out;
  for (size_t i = 0; i < lines.size();) {
    size_t j = i;
    while (j < lines.size() && !lines[j].empty()) ++j;
    const size_t count = j - i;
    size_t short_lines = 0, lower_lines = 0;
    for (size_t k = i; k < j; ++k) {
      short_lines += lines[k].find(' ') == std::string::npos ? 1 : 0;
      lower_lines += !lines[k].empty() && lines[k][0] >= 'a' && lines[k][0] <= 'z' ? 1 : 0;
    }
    // Prose has lower-case words; a column of tickers and prices does not.
    if (count >= 8 && short_lines * 10 >= count * 9 && lower_lines * 2 >= count) {
      std::string joined;
      for (size_t k = i; k < j; ++k) {
        if (!joined.empty()) joined.push_back(' ');
        joined += lines[k];
      }
      out.push_back(std::move(joined));
    } else {
      for (size_t k = i; k < j; ++k) out.push_back(std::move(lines[k]));
    }
    if (j < lines.size()) out.emplace_back();  // The blank line.
    i = j + 1;
  }
  return out;
}

// The asset a lone line names ("BTC", "Bitcoin BTC", "Ether"), or null.
const Asset* LoneAsset(std::string_view line, const AssetLexicon& assets) {
  if (line.empty() || line.size() > 40) return nullptr;
  // A ticker alone on its line is unambiguous, even one that is also a word.
  if (const Asset* asset = assets.FindSymbol(line)) return asset;
  const std::vector<AssetMention> mentions = assets.FindMentions(line);
  if (mentions.empty()) return nullptr;
  const Asset* asset = mentions.front().asset;
  // Every word must be the asset's name or ticker.
  std::string rest(line);
  for (const AssetMention& mention : mentions) {
    if (mention.asset != asset) return nullptr;
    std::fill(rest.begin() + static_cast<long>(mention.begin),
              rest.begin() + static_cast<long>(mention.end), ' ');
  }
  for (const std::string& word : {asset->symbol}) {
    size_t at;
    while ((at = rest.find(word)) != std::string::npos)
      rest.replace(at, word.size(), word.size(), ' ');
  }
  return CollapseWhitespace(rest).empty() ? asset : nullptr;
}

// Longest line of a price widget rendered one figure per line, and most
// characters of the whole widget (as FindMarketWidgets allows in HTML).
constexpr size_t kMaxWidgetLine = 40;
constexpr size_t kMaxWidgetChars = 400;

// Price widgets rendered one figure per line ("Bitcoin", "$67,835.00", "24h
// Volume", "$33.20B", ..., "24h ▼1.61%"): a block of short lines that reads
// as a widget once joined moves to `snapshot`, and its lines are emptied.
// Lines without a digit at the block's end ("Subscribe to our newsletter")
// are furniture after the widget, not part of it.
void TakeStackedWidgets(std::vector<std::string>& lines, const AssetLexicon& assets,
                        std::vector<SnapshotItem>& snapshot) {
  for (size_t i = 0; i < lines.size();) {
    size_t end = i;
    while (end < lines.size() && !lines[end].empty() && lines[end].size() <= kMaxWidgetLine) {
      ++end;
    }
    const size_t next = std::max(end, i + 1);
    while (end > i && !HasAsciiDigit(lines[end - 1])) --end;
    if (end - i >= 3) {
      std::string joined;
      for (size_t k = i; k < end; ++k) {
        if (!joined.empty()) joined.push_back(' ');
        joined += lines[k];
      }
      if (joined.size() <= kMaxWidgetChars) {
        std::vector<SnapshotItem> items = ParseWidgetText(joined, assets);
        if (!items.empty()) {
          snapshot.insert(snapshot.end(), items.begin(), items.end());
          for (size_t k = i; k < end; ++k) lines[k].clear();
        }
      }
    }
    i = next;
  }
}

// Lower-case ASCII words (runs of letters and digits) of `text`.
std::vector<std::string> LowerWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text) {
    const char lower = LowerAscii(c);
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
      word.push_back(lower);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// The words of the URL's last path segment ("/massive-310m-bitcoin-short-
// liquidations/" gives massive, 310m, ...): news URLs spell the headline
// out. Empty when the segment has fewer than three.
std::vector<std::string> SlugWords(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("?#"));
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  const size_t slash = url.rfind('/');
  if (slash == std::string_view::npos) return {};  // Only a host.
  std::string_view segment = url.substr(slash + 1);
  if (const size_t dot = segment.rfind('.'); dot != std::string_view::npos && dot > 0) {
    segment = segment.substr(0, dot);  // "...-rally.html"
  }
  std::vector<std::string> words = LowerWords(segment);
  if (words.size() < 3) words.clear();
  return words;
}

// Share of the slug's words that `line` contains.
double SlugMatch(const std::vector<std::string>& slug, std::string_view line) {
  if (slug.empty()) return 0;
  const std::vector<std::string> words = LowerWords(line);
  size_t found = 0;
  for (const std::string& word : slug) {
    found += std::find(words.begin(), words.end(), word) != words.end() ? 1 : 0;
  }
  return static_cast<double>(found) / static_cast<double>(slug.size());
}

// Least share of the slug's words a line needs to be taken for the headline.
constexpr double kSlugHeadline = 0.6;
// Words a repeated line needs to be taken for the headline ("• Home" repeats too).
constexpr size_t kHeadlineWords = 4;
// A bar or list entry that repeats the headline adds at most this much
// ("Reading: ", a breadcrumb "Bitcoin > ", a comment count).
constexpr size_t kMaxTitleBarExtra = 40;

// Lines weighed as the repeated headline, and lines searched for its repeats.
constexpr size_t kTitleCandidates = 32;
constexpr size_t kTitleRepeatLines = 5000;

// The line repeats the headline: it is the headline, or a short bar or list
// entry around it ("Reading: <title>", "<title> 48"). A sentence that opens
// with the headline's words ends with punctuation: it is prose.
bool RepeatsTitle(std::string_view line, std::string_view title) {
  if (title.empty() || line.size() < title.size() ||
      line.size() > title.size() + kMaxTitleBarExtra || line.find(title) == std::string::npos) {
    return false;
  }
  const char last = line.back();
  return line.size() == title.size() || !(last == '.' || last == '!' || last == '?');
}

}  // namespace

PlainText ReadPlainText(std::string_view text, const AssetLexicon& assets, std::string_view url) {
  PlainText out;
  std::vector<std::string> lines = JoinWordPerLine(SplitLines(text));

  // Quotes: single lines, and a lone asset line over a price or change line.
  // Kept beside the lines, not in them: most lines are not quotes. A deque,
  // since a tape of a million quotes must not be copied as it grows.
  struct Quote {
    size_t line;       // Its first line.
    size_t lines = 1;  // Two for an asset line over its figure.
    SnapshotItem item;
  };
  std::deque<Quote> quotes;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty()) continue;
    if (std::optional<SnapshotItem> quote = ParseQuote(line, assets)) {
      quotes.push_back({i, 1, std::move(*quote)});
      continue;
    }
    if (i + 1 == lines.size()) break;
    const Asset* asset = LoneAsset(line, assets);
    if (asset == nullptr) continue;
    std::string sign, digits;
    if (RE2::FullMatch(lines[i + 1], PriceLine())) {
      if (std::optional<SnapshotItem> quote =
              ParseQuote(asset->symbol + " " + lines[i + 1], assets)) {
        quotes.push_back({i, 2, std::move(*quote)});
        ++i;
      }
    } else if (RE2::FullMatch(lines[i + 1], ChangeLine(), &sign, &digits)) {
      SnapshotItem chip;
      chip.asset = asset->symbol;
      chip.name = asset->name;
      std::replace(digits.begin(), digits.end(), ',', '.');
      const double change = std::stod(digits);
      const bool down = sign == "-" || sign == "−" || sign == "▼" || sign == "↓";
      chip.change_percent = down ? -change : change;
      quotes.push_back({i, 2, std::move(chip)});
      ++i;
    }
  }

  // Runs of adjacent quotes: three or more are a tape; a lone quote needs a
  // change to be told from a short headline such as "Bitcoin Tops $72,000".
  std::vector<std::string> kept;
  kept.reserve(lines.size());
  size_t next_line = 0;  // The first line not yet kept or taken.
  for (size_t q = 0; q < quotes.size();) {
    size_t end = q + 1;
    while (end < quotes.size() &&
           quotes[end].line == quotes[end - 1].line + quotes[end - 1].lines) {
      ++end;
    }
    const bool tape = end - q >= 3;
    for (; next_line < quotes[q].line; ++next_line) kept.push_back(std::move(lines[next_line]));
    for (; q < end; ++q) {
      Quote& quote = quotes[q];
      next_line = quote.line + quote.lines;
      if (!tape && !quote.item.change_percent) {
        // "Bitcoin Tops $72,000" is a headline, not a quote; an asset line
        // over its price may be part of a widget, read below.
        for (size_t k = quote.line; k < next_line; ++k) kept.push_back(std::move(lines[k]));
        continue;
      }
      quote.item.origin = tape ? "ticker" : "chip";
      const bool seen =
          std::any_of(out.snapshot.begin(), out.snapshot.end(), [&](const SnapshotItem& s) {
            return s.asset == quote.item.asset && s.origin == quote.item.origin;
          });
      if (!seen) out.snapshot.push_back(std::move(quote.item));
    }
  }
  for (; next_line < lines.size(); ++next_line) kept.push_back(std::move(lines[next_line]));
  for (const SnapshotItem& item : out.snapshot) out.ticker_items += item.origin == "ticker" ? 1 : 0;
  TakeStackedWidgets(kept, assets, out.snapshot);

  // Date lines are metadata, as bylines are: the first of each kind counts.
  for (std::string& line : kept) {
    const std::string trimmed = CollapseWhitespace(line);
    if (trimmed.empty() || trimmed.size() > kMaxLabelLine) continue;
    std::string label, rest;
    // A date, with its time and zone, is short; a longer rest is a sentence.
    if (!RE2::FullMatch(trimmed, DateLabelLine(), &label, &rest) || rest.size() > 48) continue;
    const std::optional<std::string> date = ParseHumanDate(rest);
    if (!date) continue;
    std::string& field =
        AsciiLower(label).find("updated") != std::string::npos ? out.updated : out.published;
    if (field.empty()) field = *date;
    line.clear();
  }

  // Prices glued to an asset name inside sentences are chips.
  for (std::string& line : kept) {
    std::string name, price;
    re2::StringPiece input(line);
    std::string cleaned;
    size_t copied = 0;
    while (RE2::FindAndConsume(&input, GluedPrice(), &name, &price)) {
      const Asset* asset = assets.FindName(name);
      if (asset == nullptr) continue;
      const size_t at = line.find(name + " " + price, copied);
      if (at == std::string::npos) continue;
      const size_t price_at = at + name.size();  // The space before the price.
      cleaned.append(line, copied, price_at - copied);
      copied = price_at + 1 + price.size();
      SnapshotItem chip;
      chip.asset = asset->symbol;
      chip.name = asset->name;
      chip.price = ParseScaledAmount(std::string_view(price).substr(1), "");
      chip.origin = "chip";
      out.snapshot.push_back(chip);
    }
    if (copied > 0) {
      cleaned.append(line, copied, std::string::npos);
      line = std::move(cleaned);
    }
  }

  // The headline: the last short line without closing punctuation before
  // the first body paragraph.
  size_t first_body = kept.size();
  for (size_t i = 0; i < kept.size(); ++i) {
    const std::string& line = kept[i];
    if (line.empty()) continue;
    const char last = line.back();
    if (line.size() >= 200 || last == '.' || last == ':' || last == ',' || last == '!' ||
        last == '?' || last == ';') {
      first_body = i;
      break;
    }
  }
  // The lines of a headline's length (a menu entry is shorter), in order.
  std::vector<size_t> long_lines;
  size_t title_line = kept.size();
  for (size_t i = 0; i < first_body; ++i) {
    if (!kept[i].empty()) title_line = i;
    if (LowerWords(kept[i]).size() >= kHeadlineWords) long_lines.push_back(i);
  }
  // By position: the last such line, preferring one of a headline's length
  // over a menu entry after it.
  if (!long_lines.empty()) title_line = long_lines.back();
  // A rendering of a whole page has navigation and section names before the
  // headline. Better evidence than position: the line that spells out the
  // URL's slug, else the line the page repeats most (breadcrumbs, "Reading:"
  // bars and share boxes repeat the headline; menus repeat short entries).
  const std::vector<std::string> slug = SlugWords(url);
  size_t chosen = kept.size();
  double best_match = 0;
  for (const size_t i : long_lines) {
    const double match = SlugMatch(slug, kept[i]);
    if (match > best_match) {
      chosen = i;
      best_match = match;
    }
  }
  if (best_match < kSlugHeadline) chosen = kept.size();
  if (chosen == kept.size()) {
    // Bounded: hostile text may hold a million short lines.
    const auto scanned = kept.begin() + static_cast<long>(std::min(kept.size(), kTitleRepeatLines));
    size_t most_repeats = 1;
    for (size_t n = 0; n < long_lines.size() && n < kTitleCandidates; ++n) {
      const std::string& candidate = kept[long_lines[n]];
      const auto repeats =
          static_cast<size_t>(std::count_if(kept.begin(), scanned, [&](const std::string& line) {
            return RepeatsTitle(line, candidate);
          }));
      if (repeats > most_repeats) {
        chosen = long_lines[n];
        most_repeats = repeats;
      }
    }
  }
  if (chosen != kept.size()) {
    title_line = chosen;
    // Its repeats are page furniture, not the body's words.
    for (size_t i = 0; i < kept.size(); ++i) {
      if (i != title_line && RepeatsTitle(kept[i], kept[title_line])) kept[i].clear();
    }
  }
  bool in_faq = false;
  out.blocks.reserve(kept.size());
  for (size_t i = 0; i < kept.size(); ++i) {
    if (kept[i].empty()) continue;
    if (i == title_line) {
      out.title = kept[i];
      continue;
    }
    TextBlock block;
    block.text = std::move(kept[i]);
    if (i > first_body && HeadingLike(CollapseWhitespace(block.text))) {
      const uint32_t heading = ClassifyHeading(block.text);
      if (heading & kVocabFaq) {
        in_faq = true;
      } else if (heading != 0) {
        in_faq = false;  // Another named section or furniture ends the FAQ.
      }
      if (heading != 0) {
        block.kind = BlockKind::kHeading;
        block.level = 2;
      }
    }
    if (in_faq) block.section = Section::kFaq;
    out.blocks.push_back(std::move(block));
  }
  return out;
}

}  // namespace factsift::extract::internal
