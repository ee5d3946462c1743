// facts_eval: scores factsift's fact extraction against human gold.
//
// Usage: facts_eval [--verbose] [--kinds LIST] DIR...
//
// Each DIR is one of two layouts, told apart by its contents:
//   project corpus  DIR/**/<slug>.html + <slug>.gold.json (docs/corpus.md);
//                   extracted with ExtractFromHtml, url and fetch time from
//                   the gold's meta; a folder of three or more pages with
//                   the site template learned from them, as the corpus test
//                   and a crawl do.
//   crypto-dev      DIR/NNN/text.txt + gold.json + meta.json (that
//                   benchmark's README); extracted with ExtractFromText, url
//                   and stated published date from meta.json.
//
// Matching is the crypto-dev README's "Scoring" rule: a gold fact matches a
// predicted one, one-to-one and greedily in gold order, when kind is equal,
// asset is equal (case-insensitive; none matches none), side is equal for
// liquidations, value is within 0.5% relative (magnitudes), and value_high is
// within 0.5% where the gold gives one.
//
//   --kinds LIST  comma-separated kinds for the headline score, or "all";
//                 default: every kind but amount and index_value, which are
//                 reported apart.
//   --verbose     per article, every missed gold fact and every false fact.
//
// Exit codes: 0 scored; 1 a gold, meta or input file is missing or bad, or
// extraction failed (the rest is still scored); 2 usage error.
#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/article.h"
#include "common/raw_page.h"
#include "common/status.h"
#include "common/time_util.h"
#include "extract/extractor.h"
#include "extract/site_template.h"

namespace factsift::bench {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kExitOk = 0;
constexpr int kExitDataError = 1;
constexpr int kExitUsage = 2;

constexpr double kRelativeTolerance = 0.005;  // 0.5%, the benchmark's rule.

constexpr std::array kAllKinds = {
    FactKind::kPrice,       FactKind::kPriceRange,   FactKind::kPercentChange,
    FactKind::kLiquidation, FactKind::kOpenInterest, FactKind::kMarketCap,
    FactKind::kVolume,      FactKind::kEtfFlow,      FactKind::kFundingRate,
    FactKind::kIndexValue,  FactKind::kAmount,
};
constexpr size_t kKindCount = kAllKinds.size();

size_t KindIndex(FactKind kind) { return static_cast<size_t>(kind); }

bool IsDefaultHeadlineKind(FactKind kind) {
  return kind != FactKind::kAmount && kind != FactKind::kIndexValue;
}

constexpr std::string_view kUsage =
    "usage: facts_eval [--verbose] [--kinds LIST] DIR...\n"
    "  DIR     the project corpus (**/<slug>.html + <slug>.gold.json) or crypto-dev\n"
    "          (NNN/text.txt + gold.json + meta.json)\n"
    "  --kinds comma-separated fact kinds for the headline score, or \"all\"\n"
    "          (default: all kinds but amount and index_value)\n"
    "  --verbose  list every missed and every false fact per article\n";

// ---------------------------------------------------------------------------
// Gold.

struct GoldFact {
  FactKind kind = FactKind::kAmount;
  std::string asset;  // Empty for null.
  Side side = Side::kNone;
  double value = 0;
  std::optional<double> value_high;
  // Shown in --verbose only; never matched.
  std::string section, name, unit, direction, bound, period, text;
};

// One article to extract and score.
struct Case {
  std::string id;  // Path relative to DIR, for messages.
  fs::path input;  // The page (.html) or text (text.txt).
  bool is_html = false;
  std::string url;
  int64_t fetched_at_ms = 0;  // Corpus pages only; 0 when unknown.
  std::string published;      // crypto-dev only: the stated date, "" when null.
  std::vector<GoldFact> facts;
  std::vector<std::string> sources;
};

StatusOr<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::DataLoss("cannot read " + path.string());
  return buffer.str();
}

StatusOr<json> ReadJson(const fs::path& path) {
  StatusOr<std::string> data = ReadFile(path);
  if (!data.ok()) return data.status();
  json parsed = json::parse(*data, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Status::InvalidArgument(path.string() + ": not valid JSON");
  if (!parsed.is_object()) return Status::InvalidArgument(path.string() + ": not a JSON object");
  return parsed;
}

// The string at key; "" when absent or null. Throws json::type_error on another type.
std::string StringOrEmpty(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  return it->get<std::string>();
}

StatusOr<GoldFact> ParseGoldFact(const json& item) {
  if (!item.is_object()) return Status::InvalidArgument("a fact is not an object");
  GoldFact fact;
  const std::string kind = StringOrEmpty(item, "kind");
  std::optional<FactKind> parsed_kind = ParseKind(kind);
  if (!parsed_kind) return Status::InvalidArgument("unknown kind \"" + kind + "\"");
  fact.kind = *parsed_kind;
  fact.asset = StringOrEmpty(item, "asset");
  const std::string side = StringOrEmpty(item, "side");
  if (!side.empty()) {
    std::optional<Side> parsed_side = ParseSide(side);
    if (!parsed_side) return Status::InvalidArgument("unknown side \"" + side + "\"");
    fact.side = *parsed_side;
  }
  auto value = item.find("value");
  if (value == item.end() || !value->is_number()) {
    return Status::InvalidArgument("fact without a numeric value");
  }
  fact.value = value->get<double>();
  auto high = item.find("value_high");
  if (high != item.end() && !high->is_null()) {
    if (!high->is_number()) return Status::InvalidArgument("value_high is not a number");
    fact.value_high = high->get<double>();
  }
  fact.section = StringOrEmpty(item, "section");
  fact.name = StringOrEmpty(item, "name");
  fact.unit = StringOrEmpty(item, "unit");
  fact.direction = StringOrEmpty(item, "direction");
  fact.bound = StringOrEmpty(item, "bound");
  fact.period = StringOrEmpty(item, "period");
  fact.text = StringOrEmpty(item, "text");
  return fact;
}

// Fills the gold facts and sources of `c` from a gold object.
Status ParseGold(const json& gold, Case& c) {
  try {
    auto facts = gold.find("facts");
    if (facts == gold.end() || !facts->is_array()) {
      return Status::InvalidArgument("no \"facts\" array");
    }
    for (size_t i = 0; i < facts->size(); ++i) {
      StatusOr<GoldFact> fact = ParseGoldFact((*facts)[i]);
      if (!fact.ok()) return fact.status().WithContext("fact " + std::to_string(i));
      c.facts.push_back(std::move(*fact));
    }
    auto sources = gold.find("sources");
    if (sources != gold.end() && !sources->is_null()) {
      for (const json& source : *sources) c.sources.push_back(source.get<std::string>());
    }
  } catch (const json::exception& e) {
    return Status::InvalidArgument(e.what());
  }
  return Status::Ok();
}

StatusOr<Case> LoadCorpusCase(const fs::path& dir, const fs::path& html) {
  Case c;
  c.id = html.lexically_relative(dir).string();
  c.input = html;
  c.is_html = true;
  fs::path gold_path = html;
  gold_path.replace_extension(".gold.json");
  StatusOr<json> gold = ReadJson(gold_path);
  if (!gold.ok()) return gold.status();
  try {
    auto meta = gold->find("meta");
    if (meta == gold->end() || !meta->is_object()) {
      return Status::InvalidArgument(gold_path.string() + ": no \"meta\" object");
    }
    c.url = StringOrEmpty(*meta, "url");
    std::optional<int64_t> fetched = ParseIsoToMs(StringOrEmpty(*meta, "fetched"));
    if (fetched) c.fetched_at_ms = *fetched;
  } catch (const json::exception& e) {
    return Status::InvalidArgument(gold_path.string() + ": " + e.what());
  }
  Status status = ParseGold(*gold, c);
  if (!status.ok()) return status.WithContext(gold_path.string());
  return c;
}

StatusOr<Case> LoadCryptoDevCase(const fs::path& dir, const fs::path& article_dir) {
  Case c;
  c.id = article_dir.lexically_relative(dir).string();
  c.input = article_dir / "text.txt";
  c.is_html = false;
  StatusOr<json> meta = ReadJson(article_dir / "meta.json");
  if (!meta.ok()) return meta.status();
  try {
    c.url = StringOrEmpty(*meta, "url");
    c.published = StringOrEmpty(*meta, "published");
  } catch (const json::exception& e) {
    return Status::InvalidArgument((article_dir / "meta.json").string() + ": " + e.what());
  }
  const fs::path gold_path = article_dir / "gold.json";
  StatusOr<json> gold = ReadJson(gold_path);
  if (!gold.ok()) return gold.status();
  Status status = ParseGold(*gold, c);
  if (!status.ok()) return status.WithContext(gold_path.string());
  return c;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// A directory's articles, sorted by path. Bad articles are reported in
// `errors` and left out; the others are still returned.
struct LoadedDir {
  std::string layout;  // "crypto-dev" or "corpus".
  std::vector<Case> cases;
  std::vector<Status> errors;
};

LoadedDir LoadDirectory(const fs::path& dir) {
  LoadedDir loaded;
  std::error_code ec;
  std::vector<fs::path> article_dirs;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_directory() && fs::exists(entry.path() / "text.txt")) {
      article_dirs.push_back(entry.path());
    }
  }
  if (!article_dirs.empty()) {
    loaded.layout = "crypto-dev";
    std::sort(article_dirs.begin(), article_dirs.end());
    for (const fs::path& article_dir : article_dirs) {
      StatusOr<Case> c = LoadCryptoDevCase(dir, article_dir);
      if (c.ok()) {
        loaded.cases.push_back(std::move(*c));
      } else {
        loaded.errors.push_back(c.status());
      }
    }
    return loaded;
  }
  loaded.layout = "corpus";
  std::vector<fs::path> pages;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && EndsWith(it->path().filename().string(), ".html")) {
      pages.push_back(it->path());
    }
  }
  if (ec) loaded.errors.push_back(Status::DataLoss("walk " + dir.string() + ": " + ec.message()));
  std::sort(pages.begin(), pages.end());
  for (const fs::path& page : pages) {
    StatusOr<Case> c = LoadCorpusCase(dir, page);
    if (c.ok()) {
      loaded.cases.push_back(std::move(*c));
    } else {
      loaded.errors.push_back(c.status());
    }
  }
  return loaded;
}

// ---------------------------------------------------------------------------
// Matching.

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// |g - p| <= 0.5% of the larger magnitude; signs are ignored.
bool ValuesClose(double gold, double predicted) {
  const double g = std::fabs(gold);
  const double p = std::fabs(predicted);
  return std::fabs(g - p) <= kRelativeTolerance * std::max(g, p);
}

bool Matches(const GoldFact& gold, const Fact& predicted) {
  if (gold.kind != predicted.kind) return false;
  if (!EqualsIgnoreCase(gold.asset, predicted.asset)) return false;
  if (gold.kind == FactKind::kLiquidation && gold.side != predicted.side) return false;
  if (!ValuesClose(gold.value, predicted.value)) return false;
  if (gold.value_high &&
      (!predicted.value_high || !ValuesClose(*gold.value_high, *predicted.value_high))) {
    return false;
  }
  return true;
}

// gold_match[i] is the index of the predicted fact gold fact i matched, or -1.
struct Matching {
  std::vector<int> gold_match;
  std::vector<bool> predicted_matched;
};

Matching MatchFacts(const std::vector<GoldFact>& gold, const std::vector<Fact>& predicted) {
  Matching m;
  m.gold_match.assign(gold.size(), -1);
  m.predicted_matched.assign(predicted.size(), false);
  for (size_t g = 0; g < gold.size(); ++g) {
    for (size_t p = 0; p < predicted.size(); ++p) {
      if (!m.predicted_matched[p] && Matches(gold[g], predicted[p])) {
        m.gold_match[g] = static_cast<int>(p);
        m.predicted_matched[p] = true;
        break;
      }
    }
  }
  return m;
}

// ---------------------------------------------------------------------------
// Tallies and printing.

struct Counts {
  long gold = 0, predicted = 0, matched = 0;

  Counts& operator+=(const Counts& other) {
    gold += other.gold;
    predicted += other.predicted;
    matched += other.matched;
    return *this;
  }
};

std::optional<double> Ratio(long numerator, long denominator) {
  if (denominator == 0) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

std::string FormatRatio(std::optional<double> ratio) {
  if (!ratio) return "    -";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%5.3f", *ratio);
  return buffer;
}

std::optional<double> F1(std::optional<double> p, std::optional<double> r) {
  if (!p || !r) return std::nullopt;
  if (*p + *r == 0) return 0.0;
  return 2 * *p * *r / (*p + *r);
}

void PrintCountsRow(std::string_view label, const Counts& c, bool with_f1) {
  const std::optional<double> p = Ratio(c.matched, c.predicted);
  const std::optional<double> r = Ratio(c.matched, c.gold);
  std::printf("  %-26.*s %6ld %6ld %6ld  %s  %s", static_cast<int>(label.size()), label.data(),
              c.gold, c.predicted, c.matched, FormatRatio(p).c_str(), FormatRatio(r).c_str());
  if (with_f1) std::printf("  %s", FormatRatio(F1(p, r)).c_str());
  std::printf("\n");
}

// 60000000000 rather than 6e+10; fractions with up to 10 significant digits.
std::string FormatNumber(double value) {
  char buffer[64];
  if (std::fabs(value) < 1e15 && value == std::trunc(value)) {
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.10g", value);
  }
  return buffer;
}

// Text on one line: newlines shown as "\n", long text cut at a UTF-8 boundary.
std::string OneLine(std::string_view text, size_t max_bytes = 300) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (out.size() >= max_bytes && (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      out += "…";
      break;
    }
    if (text[i] == '\n') {
      out += "\\n";
    } else if (text[i] == '\r' || text[i] == '\t') {
      out += ' ';
    } else {
      out += text[i];
    }
  }
  return out;
}

void AppendField(std::string& out, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  out += ' ';
  out += key;
  out += '=';
  out += value;
}

std::string DescribeGold(const GoldFact& f) {
  std::string out(KindName(f.kind));
  AppendField(out, "section", f.section);
  out += " asset=" + (f.asset.empty() ? std::string("null") : f.asset);
  AppendField(out, "side", f.kind == FactKind::kLiquidation ? SideName(f.side) : "");
  out += " value=" + FormatNumber(f.value);
  if (f.value_high) out += " value_high=" + FormatNumber(*f.value_high);
  AppendField(out, "unit", f.unit);
  AppendField(out, "name", f.name);
  AppendField(out, "direction", f.direction);
  AppendField(out, "bound", f.bound);
  AppendField(out, "period", f.period);
  return out;
}

std::string DescribePredicted(const Fact& f) {
  std::string out(KindName(f.kind));
  AppendField(out, "section", SectionName(f.section));
  out += " asset=" + (f.asset.empty() ? std::string("null") : f.asset);
  AppendField(out, "side", SideName(f.side));
  out += " value=" + FormatNumber(f.value);
  if (f.value_high) out += " value_high=" + FormatNumber(*f.value_high);
  AppendField(out, "unit", f.unit);
  AppendField(out, "name", f.name);
  AppendField(out, "direction", DirectionName(f.direction));
  AppendField(out, "bound", BoundName(f.bound));
  AppendField(out, "period", f.period);
  AppendField(out, "pattern", f.pattern);
  return out;
}

// ---------------------------------------------------------------------------
// Running.

struct Options {
  bool verbose = false;
  std::array<bool, kKindCount> headline{};  // Indexed by KindIndex.
  bool all_kinds = false;
  std::vector<std::string> dirs;
};

// The page of an HTML case, as a server would send it.
StatusOr<RawPage> PageOf(const Case& c) {
  StatusOr<std::string> input = ReadFile(c.input);
  if (!input.ok()) return input.status();
  RawPage page;
  page.url = c.url;
  page.final_url = c.url;
  page.fetched_at_ms = c.fetched_at_ms;
  page.body = std::move(*input);
  return page;
}

// Per corpus folder with at least min_pages pages: the site template learned
// from all of them (docs/corpus.md). Pages that cannot be read or extracted
// are left out here and reported when extracted.
std::map<fs::path, extract::SiteTemplate> FolderTemplates(const std::vector<Case>& cases) {
  std::map<fs::path, std::vector<const Case*>> folders;
  for (const Case& c : cases) {
    if (c.is_html) folders[c.input.parent_path()].push_back(&c);
  }
  std::map<fs::path, extract::SiteTemplate> templates;
  for (const auto& [folder, members] : folders) {
    if (static_cast<int>(members.size()) < extract::TemplateOptions{}.min_pages) continue;
    extract::TemplateLearner learner;
    for (const Case* c : members) {
      StatusOr<RawPage> page = PageOf(*c);
      extract::PageBlocks blocks;
      if (page.ok() && extract::ExtractFromHtml(*page, {}, &blocks).ok()) {
        learner.AddPage(page->url, blocks.fingerprints);
      }
    }
    templates.emplace(folder, learner.Template());
  }
  return templates;
}

StatusOr<Article> Extract(const Case& c, const extract::SiteTemplate* site_template) {
  if (c.is_html) {
    StatusOr<RawPage> page = PageOf(c);
    if (!page.ok()) return page.status();
    extract::ExtractOptions options;
    options.site_template = site_template;
    return extract::ExtractFromHtml(*page, options);
  }
  StatusOr<std::string> input = ReadFile(c.input);
  if (!input.ok()) return input.status();
  extract::ExtractOptions options;
  options.published = c.published;
  return extract::ExtractFromText(*input, c.url, options);
}

std::string HeadlineKindsLabel(const Options& options) {
  if (options.all_kinds) return "all kinds";
  std::string out;
  for (FactKind kind : kAllKinds) {
    if (!options.headline[KindIndex(kind)]) continue;
    if (!out.empty()) out += ",";
    out += KindName(kind);
  }
  return out;
}

// Scores one directory and prints its report. Returns false when any article
// could not be loaded or extracted.
bool EvaluateDirectory(const std::string& dir, const Options& options) {
  std::printf("== %s ==\n", dir.c_str());
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    std::fprintf(stderr, "facts_eval: error: %s is not a directory\n", dir.c_str());
    return false;
  }
  LoadedDir loaded = LoadDirectory(dir);
  bool ok = true;
  for (const Status& error : loaded.errors) {
    std::fprintf(stderr, "facts_eval: error: %s\n", error.message().c_str());
    ok = false;
  }
  if (loaded.cases.empty()) {
    if (loaded.errors.empty()) {
      std::fprintf(stderr, "facts_eval: error: %s holds no article (neither layout)\n",
                   dir.c_str());
    }
    return false;
  }
  std::printf("layout: %s, %zu articles (%s)\n", loaded.layout.c_str(), loaded.cases.size(),
              loaded.layout == "corpus" ? "ExtractFromHtml" : "ExtractFromText");

  std::array<Counts, kKindCount> by_kind{};
  long sources_gold = 0, sources_found = 0, citations_extra = 0;
  double extract_ms = 0;
  const std::map<fs::path, extract::SiteTemplate> templates = FolderTemplates(loaded.cases);
  for (const Case& c : loaded.cases) {
    const auto found = templates.find(c.input.parent_path());
    const auto start = std::chrono::steady_clock::now();
    StatusOr<Article> article = Extract(c, found == templates.end() ? nullptr : &found->second);
    extract_ms +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!article.ok()) {
      std::fprintf(stderr, "facts_eval: error: extract %s: %s\n", c.id.c_str(),
                   article.status().ToString().c_str());
      ok = false;
    }
    const std::vector<Fact> no_facts;
    const std::vector<Fact>& predicted = article.ok() ? article->facts : no_facts;
    const Matching m = MatchFacts(c.facts, predicted);

    for (size_t g = 0; g < c.facts.size(); ++g) {
      Counts& counts = by_kind[KindIndex(c.facts[g].kind)];
      ++counts.gold;
      if (m.gold_match[g] >= 0) ++counts.matched;
    }
    for (const Fact& fact : predicted) ++by_kind[KindIndex(fact.kind)].predicted;

    // Source names compare case-insensitively; keyed by lower case, valued as written.
    std::map<std::string, std::string> cited;
    if (article.ok()) {
      for (const Citation& citation : article->citations)
        cited.emplace(Lower(citation.name), citation.name);
    }
    std::map<std::string, std::string> gold_sources;
    for (const std::string& source : c.sources) gold_sources.emplace(Lower(source), source);
    std::vector<std::string> missed_sources;
    for (const auto& [key, source] : gold_sources) {
      ++sources_gold;
      if (cited.count(key) != 0) {
        ++sources_found;
      } else {
        missed_sources.push_back(source);
      }
    }
    std::vector<std::string> extra_sources;
    for (const auto& [key, name] : cited) {
      if (gold_sources.count(key) == 0) extra_sources.push_back(name);
    }
    citations_extra += static_cast<long>(extra_sources.size());

    if (!options.verbose) continue;
    long matched = 0;
    for (int index : m.gold_match) matched += index >= 0 ? 1 : 0;
    std::printf("\n-- %s: gold %zu, predicted %zu, matched %ld\n", c.id.c_str(), c.facts.size(),
                predicted.size(), matched);
    for (size_t g = 0; g < c.facts.size(); ++g) {
      if (m.gold_match[g] >= 0) continue;
      std::printf("  MISS   %s\n         text: \"%s\"\n", DescribeGold(c.facts[g]).c_str(),
                  OneLine(c.facts[g].text).c_str());
    }
    for (size_t p = 0; p < predicted.size(); ++p) {
      if (m.predicted_matched[p]) continue;
      std::printf("  FALSE  %s\n         text: \"%s\"\n         sentence: \"%s\"\n",
                  DescribePredicted(predicted[p]).c_str(), OneLine(predicted[p].text).c_str(),
                  OneLine(predicted[p].sentence).c_str());
    }
    for (const std::string& source : missed_sources)
      std::printf("  SOURCE missed: %s\n", source.c_str());
    for (const std::string& source : extra_sources) {
      std::printf("  SOURCE not in gold: %s\n", source.c_str());
    }
  }
  if (options.verbose) std::printf("\n");

  std::printf("  %-26s %6s %6s %6s  %5s  %5s\n", "kind (* = apart)", "gold", "pred", "match", "P",
              "R");
  Counts headline, apart;
  for (FactKind kind : kAllKinds) {
    const bool in_headline = options.headline[KindIndex(kind)];
    const Counts& counts = by_kind[KindIndex(kind)];
    (in_headline ? headline : apart) += counts;
    std::string label(KindName(kind));
    if (!in_headline) label += " *";
    PrintCountsRow(label, counts, /*with_f1=*/false);
  }
  std::printf("  %-26s %6s %6s %6s  %5s  %5s  %5s\n", "", "gold", "pred", "match", "P", "R", "F1");
  PrintCountsRow("headline", headline, /*with_f1=*/true);
  if (!options.all_kinds) PrintCountsRow("apart (*)", apart, /*with_f1=*/true);
  Counts all = headline;
  all += apart;
  if (!options.all_kinds) PrintCountsRow("all kinds", all, /*with_f1=*/true);

  const std::optional<double> p = Ratio(headline.matched, headline.predicted);
  const std::optional<double> r = Ratio(headline.matched, headline.gold);
  std::printf("overall (%s): P %s  R %s  F1 %s\n", HeadlineKindsLabel(options).c_str(),
              FormatRatio(p).c_str(), FormatRatio(r).c_str(), FormatRatio(F1(p, r)).c_str());
  std::printf("source recall: %s (%ld of %ld gold sources cited; %ld cited names not in gold)\n",
              FormatRatio(Ratio(sources_found, sources_gold)).c_str(), sources_found, sources_gold,
              citations_extra);
  std::printf("extraction time: %.1f ms total for %zu articles (%.2f ms per article)\n\n",
              extract_ms, loaded.cases.size(),
              extract_ms / static_cast<double>(loaded.cases.size()));
  return ok;
}

// Parses "price,liquidation" or "all" into options. Returns false on an unknown kind.
bool ParseKinds(std::string_view list, Options& options) {
  options.headline.fill(false);
  options.all_kinds = false;
  if (list == "all") {
    options.headline.fill(true);
    options.all_kinds = true;
    return true;
  }
  bool any = false;
  while (!list.empty()) {
    const size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) continue;
    std::optional<FactKind> kind = ParseKind(item);
    if (!kind) {
      std::fprintf(stderr, "facts_eval: unknown kind \"%.*s\" in --kinds\n",
                   static_cast<int>(item.size()), item.data());
      return false;
    }
    options.headline[KindIndex(*kind)] = true;
    any = true;
  }
  if (!any) {
    std::fprintf(stderr, "facts_eval: --kinds names no kind\n");
    return false;
  }
  options.all_kinds =
      std::all_of(options.headline.begin(), options.headline.end(), [](bool b) { return b; });
  return true;
}

int Main(int argc, char** argv) {
  Options options;
  for (FactKind kind : kAllKinds) options.headline[KindIndex(kind)] = IsDefaultHeadlineKind(kind);
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage.data(), stdout);
      return kExitOk;
    } else if (arg == "--verbose" || arg == "-v") {
      options.verbose = true;
    } else if (arg == "--kinds" || arg.substr(0, 8) == "--kinds=") {
      std::string_view list;
      if (arg == "--kinds") {
        if (i + 1 >= argc) {
          std::fprintf(stderr, "facts_eval: --kinds needs a value\n%s", kUsage.data());
          return kExitUsage;
        }
        list = argv[++i];
      } else {
        list = arg.substr(8);
      }
      if (!ParseKinds(list, options)) return kExitUsage;
    } else if (arg.size() > 1 && arg.front() == '-') {
      std::fprintf(stderr, "facts_eval: unknown option %s\n%s", argv[i], kUsage.data());
      return kExitUsage;
    } else {
      options.dirs.emplace_back(arg);
    }
  }
  if (options.dirs.empty()) {
    std::fprintf(stderr, "facts_eval: no DIR given\n%s", kUsage.data());
    return kExitUsage;
  }
  std::printf("facts_eval: extractor version %.*s\n\n",
              static_cast<int>(extract::ExtractorVersion().size()),
              extract::ExtractorVersion().data());
  bool ok = true;
  for (const std::string& dir : options.dirs) ok = EvaluateDirectory(dir, options) && ok;
  std::fflush(stdout);
  return ok ? kExitOk : kExitDataError;
}

}  // namespace
}  // namespace factsift::bench

// Library calls report through Status; what can still throw here (allocation,
// filesystem, JSON type errors outside the gold parser) ends the run cleanly.
int main(int argc, char** argv) {
  try {
    return factsift::bench::Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "facts_eval: error: %s\n", e.what());
    return 1;
  }
}
