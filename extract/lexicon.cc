#include "extract/lexicon.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "extract/internal/data.h"
#include "extract/internal/text_util.h"

namespace factsift::extract {
namespace {

using internal::AsciiLower;

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t at = text.find(separator, start);
    parts.push_back(
        text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return parts;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

// Rows of a TSV file with a header, skipping blank and '#' lines. Each row
// carries its 1-based line number for error messages.
std::vector<std::pair<int, std::vector<std::string_view>>> TsvRows(std::string_view tsv) {
  std::vector<std::pair<int, std::vector<std::string_view>>> rows;
  int line_number = 0;
  bool header_seen = false;
  for (std::string_view line : Split(tsv, '\n')) {
    ++line_number;
    if (Trim(line).empty() || line.front() == '#') continue;
    if (!header_seen) {
      header_seen = true;
      continue;
    }
    std::vector<std::string_view> fields = Split(line, '\t');
    for (std::string_view& field : fields) field = Trim(field);
    rows.emplace_back(line_number, std::move(fields));
  }
  return rows;
}

Status LineError(std::string_view file, int line, std::string_view what) {
  return Status::InvalidArgument(std::string(file) + " line " + std::to_string(line) + ": " +
                                 std::string(what));
}

// Curly quotes in a lexicon would never match normalised text: the file must
// use straight ones.
bool HasTypographicQuote(std::string_view text) {
  for (std::string_view quote : {"\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D"}) {
    if (text.find(quote) != std::string_view::npos) return true;
  }
  return false;
}

std::vector<std::string> SplitList(std::string_view field) {
  std::vector<std::string> out;
  if (field.empty()) return out;
  for (std::string_view part : Split(field, '|')) {
    part = Trim(part);
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

// A name as a regex: spaces match any whitespace run, an apostrophe matches
// the curly one too, everything else literally.
std::string NamePattern(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == ' ') {
      out += R"(\s+)";
    } else if (c == '\'') {
      out += "(?:'|\xE2\x80\x99)";
    } else {
      out += RE2::QuoteMeta(std::string_view(&name[i], 1));
    }
  }
  return out;
}

// `plurals`: "bitcoins", "ethers" count as the name.
std::unique_ptr<RE2> CompileAlternation(std::vector<std::string> names, bool plurals) {
  if (names.empty()) return nullptr;
  std::sort(names.begin(), names.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string pattern = R"((?i)\b(?:)";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) pattern += '|';
    pattern += NamePattern(names[i]);
  }
  pattern += plurals ? R"()s?\b)" : R"()\b)";
  RE2::Options options;
  options.set_longest_match(true);
  options.set_max_mem(64 << 20);
  auto re = std::make_unique<RE2>(pattern, options);
  if (!re->ok()) return nullptr;
  return re;
}

// Calls fn(begin, end, group1) for every match of `re` in `text`.
template <typename Fn>
void ForEachMatch(const RE2& re, std::string_view text, Fn fn) {
  for (const internal::RegexMatch& match : internal::FindAll(re, text)) {
    fn(match.begin, match.end, match.groups[0]);
  }
}

const RE2& PairPattern() {
  // "BTCUSDT", "BTC-USDT", "ETH/USD": a trading pair names its base asset.
  static const LazyRE2 kPattern = {R"(\b([A-Z][A-Z0-9]{1,9})[-/]?(?:USDT|USDC|USD|BUSD|PERP)\b)"};
  return *kPattern;
}

const RE2& BracketSymbolPattern() {
  // "Solana [SOL]", "XRP (XRP)", "($HYPE)".
  static const LazyRE2 kPattern = {R"([\[(]\$?([A-Z][A-Z0-9_]{1,11})[\])])"};
  return *kPattern;
}

const RE2& SymbolPattern() {
  // "BTC", "$ETH" as words; case-sensitive so that "sol" or "link" are not tickers.
  static const LazyRE2 kPattern = {R"(\$?\b([A-Z][A-Z0-9]{1,9})\b)"};
  return *kPattern;
}

}  // namespace

StatusOr<std::unique_ptr<AssetLexicon>> AssetLexicon::FromTsv(std::string_view tsv) {
  std::unique_ptr<AssetLexicon> lexicon(new AssetLexicon());
  std::vector<std::string> safe_names;
  std::unordered_map<std::string, size_t> name_owner;  // Lower-case name or alias -> asset.
  for (const auto& [line, fields] : TsvRows(tsv)) {
    if (fields.size() != 4)
      return LineError("assets.tsv", line,
                       "expected 4 tab-separated fields: symbol, name, aliases, flags");
    if (fields[0].empty() || fields[1].empty())
      return LineError("assets.tsv", line, "symbol and name are required");
    for (std::string_view field : fields) {
      if (HasTypographicQuote(field)) return LineError("assets.tsv", line, "use straight quotes");
    }
    Asset asset;
    asset.symbol = std::string(fields[0]);
    asset.name = std::string(fields[1]);
    asset.aliases = SplitList(fields[2]);
    for (std::string_view flag : Split(fields[3], ',')) {
      flag = Trim(flag);
      if (flag == "stable")
        asset.stablecoin = true;
      else if (flag == "ambiguous_name")
        asset.ambiguous_name = true;
      else if (flag == "ambiguous_symbol")
        asset.ambiguous_symbol = true;
      else if (!flag.empty())
        return LineError("assets.tsv", line, "unknown flag '" + std::string(flag) + "'");
    }
    const size_t index = lexicon->assets_.size();
    if (!lexicon->by_symbol_.emplace(asset.symbol, index).second) {
      return LineError("assets.tsv", line, "duplicate symbol " + asset.symbol);
    }
    std::vector<std::string> names = asset.aliases;
    names.push_back(asset.name);
    for (const std::string& name : names) {
      if (!name_owner.emplace(AsciiLower(name), index).second &&
          name_owner[AsciiLower(name)] != index) {
        return LineError("assets.tsv", line,
                         "name or alias '" + name + "' belongs to another asset");
      }
      // Ticker-shaped aliases ("XBT") are symbols: matched by case, not as names.
      const bool ticker_shaped =
          name.size() <= 10 && std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
          });
      if (ticker_shaped) {
        if (!lexicon->by_symbol_.emplace(name, index).second &&
            lexicon->by_symbol_[name] != index) {
          return LineError("assets.tsv", line, "alias " + name + " is another asset's symbol");
        }
        continue;
      }
      lexicon->by_name_.emplace(AsciiLower(name), index);
      if (!asset.ambiguous_name) safe_names.push_back(name);
    }
    lexicon->assets_.push_back(std::move(asset));
  }
  // A symbol registered later must not shadow an earlier ticker-shaped alias
  // either: check every alias against the final symbol table.
  for (size_t i = 0; i < lexicon->assets_.size(); ++i) {
    for (const std::string& alias : lexicon->assets_[i].aliases) {
      const auto it = lexicon->by_symbol_.find(alias);
      if (it != lexicon->by_symbol_.end() && it->second != i) {
        return Status::InvalidArgument("assets.tsv: alias " + alias + " of " +
                                       lexicon->assets_[i].symbol + " is another asset's symbol");
      }
    }
  }
  if (lexicon->assets_.empty()) return Status::InvalidArgument("assets.tsv: no assets");
  lexicon->names_ = CompileAlternation(std::move(safe_names), /*plurals=*/true);
  if (lexicon->names_ == nullptr)
    return Status::Internal("assets.tsv: name pattern does not compile");
  return lexicon;
}

const AssetLexicon& AssetLexicon::Default() {
  static const AssetLexicon* const kDefault = [] {
    StatusOr<std::unique_ptr<AssetLexicon>> parsed = FromTsv(data::kAssetsTsv);
    // The embedded file is checked by tests; a broken build must not limp on.
    if (!parsed.ok()) std::abort();
    return std::move(parsed).value().release();
  }();
  return *kDefault;
}

const Asset* AssetLexicon::FindSymbol(std::string_view symbol) const {
  const auto it = by_symbol_.find(std::string(symbol));
  return it == by_symbol_.end() ? nullptr : &assets_[it->second];
}

const Asset* AssetLexicon::FindName(std::string_view name) const {
  const auto it = by_name_.find(AsciiLower(name));
  return it == by_name_.end() ? nullptr : &assets_[it->second];
}

std::vector<AssetMention> AssetLexicon::FindMentions(std::string_view text) const {
  std::vector<AssetMention> mentions;
  ForEachMatch(BracketSymbolPattern(), text, [&](size_t begin, size_t end, std::string_view sym) {
    if (const Asset* asset = FindSymbol(sym)) mentions.push_back({begin, end, asset});
  });
  ForEachMatch(PairPattern(), text, [&](size_t begin, size_t end, std::string_view sym) {
    if (const Asset* asset = FindSymbol(sym); asset != nullptr && !asset->stablecoin) {
      mentions.push_back({begin, end, asset});
    }
  });
  ForEachMatch(SymbolPattern(), text, [&](size_t begin, size_t end, std::string_view sym) {
    const Asset* asset = FindSymbol(sym);
    if (asset == nullptr) return;
    if (asset->ambiguous_symbol && text[begin] != '$') return;
    mentions.push_back({begin, end, asset});
  });
  if (names_ != nullptr) {
    ForEachMatch(*names_, text, [&](size_t begin, size_t end, std::string_view) {
      std::string_view written = text.substr(begin, end - begin);
      const Asset* asset = FindName(written);
      if (asset == nullptr && written.size() > 1 &&
          (written.back() == 's' || written.back() == 'S')) {
        asset = FindName(written.substr(0, written.size() - 1));
      }
      if (asset != nullptr) {
        mentions.push_back({begin, end, asset});
      } else {
        // Whitespace or apostrophe variants: normalise and retry.
        std::string key;
        for (char c : text.substr(begin, end - begin)) {
          if (c == '\n' || c == '\t') c = ' ';
          if (!(c == ' ' && !key.empty() && key.back() == ' ')) key.push_back(c);
        }
        size_t curly;
        while ((curly = key.find("\xE2\x80\x99")) != std::string::npos) key.replace(curly, 3, "'");
        if (const Asset* asset = FindName(key)) mentions.push_back({begin, end, asset});
      }
    });
  }
  std::sort(mentions.begin(), mentions.end(), [](const AssetMention& a, const AssetMention& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<AssetMention> kept;
  for (const AssetMention& mention : mentions) {
    if (!kept.empty() && mention.begin < kept.back().end) continue;
    // "Solana [SOL]": a name and its bracketed ticker are one mention.
    if (!kept.empty() && kept.back().asset == mention.asset && mention.begin > kept.back().end &&
        mention.begin - kept.back().end <= 2 &&
        (text[mention.begin] == '[' || text[mention.begin] == '(')) {
      kept.back().end = mention.end;
      continue;
    }
    AssetMention merged = mention;
    if (text[mention.begin] == '[' || text[mention.begin] == '(') {
      // "Near (NEAR)": an ambiguous name counts right before its ticker.
      const size_t gap = mention.begin > 0 && text[mention.begin - 1] == ' ' ? 1 : 0;
      std::vector<const std::string*> names = {&mention.asset->name, &mention.asset->symbol};
      for (const std::string& alias : mention.asset->aliases) names.push_back(&alias);
      for (const std::string* name : names) {
        if (mention.begin < name->size() + gap) continue;
        const size_t start = mention.begin - gap - name->size();
        if (AsciiLower(text.substr(start, name->size())) == AsciiLower(*name) &&
            (start == 0 || !std::isalnum(static_cast<unsigned char>(text[start - 1]))) &&
            (kept.empty() || kept.back().end <= start)) {
          merged.begin = std::min(merged.begin, start);
        }
      }
    }
    kept.push_back(merged);
  }
  // "the largest cryptocurrency exchange" names a company, not an asset: a
  // descriptive alias followed by such a noun is no mention.
  static const LazyRE2 kCompanyNoun = {
      R"(^\s+(?:exchanges?|issuers?|managers?|miners?|funds?|company|companies|firms?|lenders?|)"
      R"(platforms?|wallets?|brokers?|banks?|custodians?|treasur(?:y|ies)|ETFs?|ETPs?)\b)"};
  std::vector<AssetMention> out;
  for (const AssetMention& mention : kept) {
    const std::string_view written = text.substr(mention.begin, mention.end - mention.begin);
    if (written.find(' ') != std::string_view::npos &&
        RE2::PartialMatch(text.substr(mention.end, std::min<size_t>(24, text.size() - mention.end)),
                          *kCompanyNoun) &&
        AsciiLower(written) != AsciiLower(mention.asset->name)) {
      continue;
    }
    out.push_back(mention);
  }
  return out;
}

StatusOr<std::unique_ptr<SourceLexicon>> SourceLexicon::FromTsv(std::string_view tsv) {
  std::unique_ptr<SourceLexicon> lexicon(new SourceLexicon());
  std::vector<std::string> names;
  for (const auto& [line, fields] : TsvRows(tsv)) {
    if (fields.size() != 4)
      return LineError("sources.tsv", line,
                       "expected 4 tab-separated fields: name, kind, aliases, domains");
    if (fields[0].empty()) return LineError("sources.tsv", line, "name is required");
    for (std::string_view field : fields) {
      if (HasTypographicQuote(field)) return LineError("sources.tsv", line, "use straight quotes");
    }
    Source source;
    source.name = std::string(fields[0]);
    const std::optional<CitationKind> kind = ParseCitationKind(fields[1]);
    if (!kind) return LineError("sources.tsv", line, "kind must be data or outlet");
    source.kind = *kind;
    source.aliases = SplitList(fields[2]);
    source.domains = SplitList(fields[3]);
    const size_t index = lexicon->sources_.size();
    std::vector<std::string> all = source.aliases;
    all.push_back(source.name);
    for (const std::string& name : all) {
      if (!lexicon->by_name_.emplace(AsciiLower(name), index).second) {
        return LineError("sources.tsv", line, "duplicate name " + name);
      }
      names.push_back(name);
    }
    for (const std::string& domain : source.domains) {
      const std::string lower = AsciiLower(domain);
      if (lower.find('/') != std::string::npos || lower.find(':') != std::string::npos ||
          lower.starts_with("www.") || lower.find('.') == std::string::npos) {
        return LineError("sources.tsv", line,
                         "domain " + domain + " must be a bare host like example.com");
      }
      if (!lexicon->by_domain_.emplace(lower, index).second) {
        return LineError("sources.tsv", line, "duplicate domain " + domain);
      }
    }
    lexicon->sources_.push_back(std::move(source));
  }
  if (lexicon->sources_.empty()) return Status::InvalidArgument("sources.tsv: no sources");
  lexicon->names_ = CompileAlternation(std::move(names), /*plurals=*/false);
  if (lexicon->names_ == nullptr)
    return Status::Internal("sources.tsv: name pattern does not compile");
  return lexicon;
}

const SourceLexicon& SourceLexicon::Default() {
  static const SourceLexicon* const kDefault = [] {
    StatusOr<std::unique_ptr<SourceLexicon>> parsed = FromTsv(data::kSourcesTsv);
    if (!parsed.ok()) std::abort();  // Checked by tests, as the asset lexicon.
    return std::move(parsed).value().release();
  }();
  return *kDefault;
}

const Source* SourceLexicon::FindByName(std::string_view raw) const {
  const std::string key = AsciiLower(Trim(raw));
  if (key.empty()) return nullptr;
  if (const auto it = by_name_.find(key); it != by_name_.end()) return &sources_[it->second];
  // A misspelling: the closest name within one edit per five letters.
  const int allowed = std::min<int>(2, static_cast<int>(key.size()) / 5);
  if (allowed == 0) return nullptr;
  const Source* best = nullptr;
  int best_distance = allowed + 1;
  for (const auto& [name, index] : by_name_) {
    if (name.size() + allowed < key.size() || key.size() + allowed < name.size()) continue;
    const int distance = EditDistance(key, name);
    if (distance < best_distance) {
      best_distance = distance;
      best = &sources_[index];
    }
  }
  return best;
}

const Source* SourceLexicon::FindByUrl(std::string_view url) const {
  std::string host = UrlHost(url);
  while (!host.empty()) {
    if (const auto it = by_domain_.find(host); it != by_domain_.end()) return &sources_[it->second];
    const size_t dot = host.find('.');
    if (dot == std::string::npos) break;
    host.erase(0, dot + 1);
  }
  return nullptr;
}

std::vector<SourceMention> SourceLexicon::FindMentions(std::string_view text) const {
  std::vector<SourceMention> mentions;
  if (names_ == nullptr) return mentions;
  ForEachMatch(*names_, text, [&](size_t begin, size_t end, std::string_view) {
    std::string key = AsciiLower(text.substr(begin, end - begin));
    size_t curly;
    while ((curly = key.find("\xE2\x80\x99")) != std::string::npos) key.replace(curly, 3, "'");
    if (const auto it = by_name_.find(key); it != by_name_.end()) {
      mentions.push_back({begin, end, &sources_[it->second]});
    }
  });
  return mentions;
}

int EditDistance(std::string_view a, std::string_view b) {
  // Optimal string alignment: insertions, deletions, substitutions and
  // transpositions of neighbours ("Santimnet" is one edit from "Santiment").
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string UrlHost(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  const size_t end = rest.find_first_of("/?#");
  rest = rest.substr(0, end);
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (const size_t colon = rest.find(':'); colon != std::string_view::npos)
    rest = rest.substr(0, colon);
  std::string host = AsciiLower(rest);
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

}  // namespace factsift::extract
