// The golden corpus test (docs/corpus.md): every corpus/<site>/<slug>.html is
// extracted and compared with its human-made <slug>.gold.json. Gold is
// owned by people; this test only reads it. A mismatch prints a readable
// fact-by-fact diff (matched, missing, extra).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include "common/article.h"
#include "common/time_util.h"
#include "extract/extractor.h"
#include "extract/site_template.h"

#include "tests/testing/status_matchers.h"

namespace factsift::extract {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr double kValueTolerance = 0.005;   // Relative, for fact values and snapshot prices.
constexpr double kChangeTolerance = 0.006;  // Absolute, in percentage points.

// Floors for the corpus-wide fact scores over the headline kinds (price,
// price_range, percent_change, liquidation, open_interest, market_cap,
// volume, etf_flow, funding_rate): the acceptance bars of the facts issue
// (P >= 0.97, R >= 0.95), just under what the extractor reaches (0.978 and
// 0.954 on 2026-11-26), so that a regression fails the suite; raise them as
// it improves. bench/facts_eval prints the same figures with a per-kind
// table.
constexpr double kCorpusPrecisionFloor = 0.97;
constexpr double kCorpusRecallFloor = 0.95;
// Each page with a body_text: shingle F1 of the extracted text against it.
constexpr double kBodyF1Floor = 0.80;

bool IsHeadlineKind(std::string_view kind) { return kind != "amount" && kind != "index_value"; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Every gold file under corpus/, sorted so that test order is stable.
std::vector<fs::path> GoldFiles() {
  std::vector<fs::path> files;
  const fs::path root = fs::path(FACTSIFT_SOURCE_DIR) / "corpus";
  std::error_code error;
  for (fs::recursive_directory_iterator it(root, error), end; !error && it != end;
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (it->is_regular_file() && name.size() > 10 && name.ends_with(".gold.json")) {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// "table-ticker-site/785m-liquidated-....gold.json" -> a gtest name.
// The site folder is part of the name: two sites may use one slug.
std::string TestName(const fs::path& gold) {
  std::string slug = gold.filename().string();
  slug.resize(slug.size() - std::string_view(".gold.json").size());
  slug = gold.parent_path().filename().string() + "__" + slug;
  std::string name;
  for (char c : slug) name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) name = "p" + name;
  return name;
}

fs::path HtmlFor(const fs::path& gold) {
  std::string name = gold.filename().string();
  name.resize(name.size() - std::string_view(".gold.json").size());
  return gold.parent_path() / (name + ".html");
}

std::string Collapse(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string StringOr(const json& node, const char* key, std::string fallback = "") {
  return node.contains(key) && node[key].is_string() ? node[key].get<std::string>() : fallback;
}

std::optional<double> NumberOr(const json& node, const char* key) {
  if (!node.contains(key) || !node[key].is_number()) return std::nullopt;
  return node[key].get<double>();
}

bool WithinRelative(double got, double want, double tolerance) {
  if (want == 0) return std::abs(got) <= 1e-12;
  return std::abs(got - want) <= tolerance * std::abs(want);
}

std::string Number(double value) {
  std::ostringstream out;
  out.precision(12);
  out << value;
  return out.str();
}

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

// One line per fact, the fields the matching rule reads first.
std::string DescribeGold(const json& fact) {
  std::string out = StringOr(fact, "section") + " " + StringOr(fact, "kind") +
                    " asset=" + StringOr(fact, "asset", "null") + " value=" +
                    (NumberOr(fact, "value") ? Number(*NumberOr(fact, "value")) : "null");
  if (NumberOr(fact, "value_high")) out += " high=" + Number(*NumberOr(fact, "value_high"));
  if (NumberOr(fact, "value_from")) out += " from=" + Number(*NumberOr(fact, "value_from"));
  if (!StringOr(fact, "side").empty()) out += " side=" + StringOr(fact, "side");
  if (!StringOr(fact, "direction").empty()) out += " dir=" + StringOr(fact, "direction");
  if (!StringOr(fact, "bound").empty()) out += " bound=" + StringOr(fact, "bound");
  if (fact.value("approx", false)) out += " approx";
  if (!StringOr(fact, "period").empty()) out += " period=" + StringOr(fact, "period");
  return out + "  text=" + Quoted(StringOr(fact, "text"));
}

std::string DescribePredicted(const Fact& fact, bool with_sentence) {
  std::string out =
      std::string(SectionName(fact.section)) + " " + std::string(KindName(fact.kind)) +
      " asset=" + (fact.asset.empty() ? "null" : fact.asset) + " value=" + Number(fact.value);
  if (fact.value_high) out += " high=" + Number(*fact.value_high);
  if (fact.value_from) out += " from=" + Number(*fact.value_from);
  if (fact.side != Side::kNone) out += " side=" + std::string(SideName(fact.side));
  if (fact.direction != Direction::kNone)
    out += " dir=" + std::string(DirectionName(fact.direction));
  if (fact.bound != Bound::kNone) out += " bound=" + std::string(BoundName(fact.bound));
  if (fact.approx) out += " approx";
  if (!fact.period.empty()) out += " period=" + fact.period;
  out += "  text=" + Quoted(fact.text);
  if (with_sentence) out += "\n        sentence=" + Quoted(fact.sentence);
  return out;
}

// docs/corpus.md "Matching": kind equal, asset equal ignoring case (null
// matches null), side equal for liquidations, value within 0.5 % relative,
// value_high within 0.5 % where the gold gives one.
bool FactMatches(const json& gold, const Fact& predicted) {
  if (StringOr(gold, "kind") != KindName(predicted.kind)) return false;
  if (Lower(StringOr(gold, "asset")) != Lower(predicted.asset)) return false;
  if (predicted.kind == FactKind::kLiquidation &&
      StringOr(gold, "side") != SideName(predicted.side)) {
    return false;
  }
  const std::optional<double> value = NumberOr(gold, "value");
  if (!value || !WithinRelative(predicted.value, *value, kValueTolerance)) return false;
  if (const std::optional<double> high = NumberOr(gold, "value_high")) {
    if (!predicted.value_high || !WithinRelative(*predicted.value_high, *high, kValueTolerance)) {
      return false;
    }
  }
  return true;
}

// The fields a match does not require, compared for information: "dir gold
// up, got -; approx gold true, got false", or "" when they all agree.
std::string SecondaryDifferences(const json& gold, const Fact& predicted) {
  std::string out;
  auto note = [&](std::string_view field, std::string want, std::string got) {
    if (want == got) return;
    if (!out.empty()) out += "; ";
    out += std::string(field) + " gold " + (want.empty() ? "-" : want) + ", got " +
           (got.empty() ? "-" : got);
  };
  note("section", StringOr(gold, "section"), std::string(SectionName(predicted.section)));
  note("dir", StringOr(gold, "direction"), std::string(DirectionName(predicted.direction)));
  note("bound", StringOr(gold, "bound"), std::string(BoundName(predicted.bound)));
  note("approx", gold.value("approx", false) ? "true" : "false",
       predicted.approx ? "true" : "false");
  note("period", StringOr(gold, "period"), predicted.period);
  const std::optional<double> from = NumberOr(gold, "value_from");
  const bool from_agrees = from ? predicted.value_from.has_value() &&
                                      WithinRelative(*predicted.value_from, *from, kValueTolerance)
                                : !predicted.value_from.has_value();
  if (!from_agrees) {
    note("from", from ? Number(*from) : "",
         predicted.value_from ? Number(*predicted.value_from) : "");
  }
  if (gold.contains("conditional") && gold["conditional"].is_boolean()) {
    note("conditional", gold["conditional"].get<bool>() ? "true" : "false",
         predicted.conditional ? "true" : "false");
  }
  if (gold.contains("negated") && gold["negated"].is_boolean()) {
    note("negated", gold["negated"].get<bool>() ? "true" : "false",
         predicted.negated ? "true" : "false");
  }
  return out;
}

// The aeb-dev benchmark's metric: tokens are runs of Unicode word
// characters, shingles the multiset of 4-token windows (a shorter text is one
// shingle); precision and recall count shared shingles.
struct ShingleScore {
  double precision = 0, recall = 0, f1 = 0;
};

std::map<std::string, int> Shingles(std::string_view text) {
  static const LazyRE2 kToken = {R"(([\pL\pN_]+))"};
  std::vector<std::string> tokens;
  re2::StringPiece input(text);
  std::string token;
  while (RE2::FindAndConsume(&input, *kToken, &token)) tokens.push_back(token);
  std::map<std::string, int> shingles;
  if (tokens.empty()) return shingles;
  if (tokens.size() < 4) {
    std::string joined;
    for (const std::string& t : tokens) joined += t + " ";
    ++shingles[joined];
    return shingles;
  }
  for (size_t i = 0; i + 4 <= tokens.size(); ++i) {
    ++shingles[tokens[i] + " " + tokens[i + 1] + " " + tokens[i + 2] + " " + tokens[i + 3]];
  }
  return shingles;
}

ShingleScore ScoreShingles(std::string_view predicted, std::string_view truth) {
  const std::map<std::string, int> p = Shingles(predicted), t = Shingles(truth);
  int shared = 0, p_total = 0, t_total = 0;
  for (const auto& [shingle, count] : p) {
    p_total += count;
    if (auto it = t.find(shingle); it != t.end()) shared += std::min(count, it->second);
  }
  for (const auto& [shingle, count] : t) t_total += count;
  ShingleScore score;
  score.precision = p_total > 0 ? static_cast<double>(shared) / p_total : 0;
  score.recall = t_total > 0 ? static_cast<double>(shared) / t_total : 0;
  const double sum = score.precision + score.recall;
  score.f1 = sum > 0 ? 2 * score.precision * score.recall / sum : 0;
  return score;
}

struct FactScore {
  int gold = 0;
  int predicted = 0;
  int matched = 0;
  std::string diff;                      // Readable: matched, missing, extra.
  std::vector<std::string> differences;  // Matched facts whose other fields differ.
};

// Greedy one-to-one matching in gold order: each gold fact takes the first
// unmatched predicted fact that matches it.
FactScore ScoreFacts(const json& gold_facts, const std::vector<Fact>& predicted) {
  FactScore score;
  score.gold = static_cast<int>(gold_facts.size());
  score.predicted = static_cast<int>(predicted.size());
  std::vector<bool> used(predicted.size(), false);
  std::string matched, missing, extra;
  for (const json& gold : gold_facts) {
    bool found = false;
    for (size_t i = 0; i < predicted.size() && !found; ++i) {
      if (used[i] || !FactMatches(gold, predicted[i])) continue;
      used[i] = found = true;
      ++score.matched;
      matched += "    " + DescribeGold(gold) + "\n      <- " +
                 DescribePredicted(predicted[i], false) + "\n";
      if (std::string differs = SecondaryDifferences(gold, predicted[i]); !differs.empty()) {
        matched += "      (other fields differ: " + differs + ")\n";
        score.differences.push_back(Quoted(StringOr(gold, "text")) + ": " + differs);
      }
    }
    if (!found) missing += "    " + DescribeGold(gold) + "\n";
  }
  for (size_t i = 0; i < predicted.size(); ++i) {
    if (!used[i]) extra += "    " + DescribePredicted(predicted[i], true) + "\n";
  }
  score.diff = "  matched (" + std::to_string(score.matched) + "):\n" + matched +
               "  missing, in gold only (" + std::to_string(score.gold - score.matched) + "):\n" +
               missing + "  extra, predicted only (" +
               std::to_string(score.predicted - score.matched) + "):\n" + extra;
  return score;
}

// The page a gold file describes, as a server would send it: url =
// meta.url, fetched_at = meta.fetched. Empty body when the gold is unreadable.
RawPage PageFor(const fs::path& gold_path, const json& gold) {
  const json meta = gold.value("meta", json::object());
  RawPage raw;
  raw.url = StringOr(meta, "url");
  raw.final_url = raw.url;
  raw.fetched_at_ms = ParseIsoToMs(StringOr(meta, "fetched")).value_or(0);
  raw.http_status = 200;
  raw.content_type = "text/html";  // As a server would send it; the page declares its own charset.
  raw.body = ReadFile(HtmlFor(gold_path));
  return raw;
}

// The template a crawl of a site folder would learn: a folder with enough
// pages of one site (docs/corpus.md) is extracted as a crawl of all of them
// extracts each, with the blocks they share taken for the site's template.
// A folder with fewer pages gives an empty template: one page is extracted
// alone, as `factsift extract` does.
SiteTemplate FolderTemplate(const fs::path& folder) {
  static std::map<fs::path, SiteTemplate> cache;
  if (const auto it = cache.find(folder); it != cache.end()) return it->second;
  std::vector<fs::path> golds;
  for (const fs::path& gold : GoldFiles()) {
    if (gold.parent_path() == folder) golds.push_back(gold);
  }
  TemplateLearner learner;
  if (static_cast<int>(golds.size()) >= TemplateOptions{}.min_pages) {
    for (const fs::path& gold_path : golds) {
      const json gold = json::parse(ReadFile(gold_path), nullptr, /*allow_exceptions=*/false);
      if (gold.is_discarded() || !gold.is_object()) continue;
      const RawPage raw = PageFor(gold_path, gold);
      PageBlocks blocks;
      if (ExtractFromHtml(raw, {}, &blocks).ok()) learner.AddPage(raw.url, blocks.fingerprints);
    }
  }
  return cache.emplace(folder, learner.Template()).first->second;
}

// Loads a gold file and extracts its page as a crawl of its folder would
// (see FolderTemplate).
struct CorpusPage {
  json gold;
  StatusOr<Article> article = Status::Internal("not extracted");
};

CorpusPage LoadAndExtract(const fs::path& gold_path) {
  CorpusPage page;
  page.gold = json::parse(ReadFile(gold_path), nullptr, /*allow_exceptions=*/false);
  if (page.gold.is_discarded() || !page.gold.is_object()) {
    page.article = Status::DataLoss("gold file is not a JSON object");
    return page;
  }
  const SiteTemplate site_template = FolderTemplate(gold_path.parent_path());
  ExtractOptions options;
  options.site_template = &site_template;
  page.article = ExtractFromHtml(PageFor(gold_path, page.gold), options);
  return page;
}

class CorpusTest : public ::testing::TestWithParam<fs::path> {};

// docs/corpus.md: metadata, body text (must-appear, must-not-appear, and the
// body_text's shingle F1), facts where the gold asks for an exact match,
// sources and the market snapshot all agree with the gold.
TEST_P(CorpusTest, MatchesGold) {
  const fs::path& gold_path = GetParam();
  SCOPED_TRACE(gold_path.string());
  ASSERT_TRUE(fs::exists(HtmlFor(gold_path))) << "no page beside the gold file";
  const CorpusPage page = LoadAndExtract(gold_path);
  ASSERT_OK(page.article);
  const json& gold = page.gold;
  const Article& article = *page.article;

  // Metadata: equal where the gold gives a value; dates by prefix.
  struct Field {
    const char* key;
    const std::string& value;
  };
  for (const Field& field :
       {Field{"title", article.title}, Field{"author", article.author},
        Field{"site_name", article.site_name}, Field{"canonical_url", article.canonical_url},
        Field{"language", article.language}}) {
    if (!gold.contains(field.key) || !gold[field.key].is_string()) continue;
    std::string value = Collapse(field.value);
    // Several authors are listed "A, B"; a gold that names one names the first.
    if (std::string_view(field.key) == "author" && value.find(", ") != std::string::npos &&
        Collapse(gold[field.key].get<std::string>()).find(", ") == std::string::npos) {
      value.resize(value.find(", "));
    }
    EXPECT_EQ(value, Collapse(gold[field.key].get<std::string>()))
        << "metadata field " << field.key;
  }
  for (const Field& field :
       {Field{"published", article.published}, Field{"updated", article.updated}}) {
    if (!gold.contains(field.key) || !gold[field.key].is_string()) continue;
    const std::string want = gold[field.key].get<std::string>();
    EXPECT_TRUE(field.value.starts_with(want)) << "metadata field " << field.key << ": got "
                                               << Quoted(field.value) << ", gold " << Quoted(want);
  }

  // Body text.
  for (const json& must : gold.value("must_appear_in_body", json::array())) {
    const std::string text = must.get<std::string>();
    EXPECT_NE(article.text.find(text), std::string::npos)
        << "must appear in body: " << Quoted(text);
  }
  for (const json& must_not : gold.value("must_not_appear_in_body", json::array())) {
    const std::string text = must_not.get<std::string>();
    EXPECT_EQ(article.text.find(text), std::string::npos)
        << "must not appear in body: " << Quoted(text);
  }

  // Body text against the human copy, by the aeb-dev metric.
  if (gold.contains("body_text") && gold["body_text"].is_string()) {
    const ShingleScore body = ScoreShingles(article.text, gold["body_text"].get<std::string>());
    EXPECT_GE(body.f1, kBodyF1Floor) << "body text: shingle precision " << Number(body.precision)
                                     << ", recall " << Number(body.recall);
  }

  // Facts: exact page by page where the gold asks for it; the rest count in
  // the corpus-wide scores (CorpusSuite below).
  const FactScore score = ScoreFacts(gold.value("facts", json::array()), article.facts);
  const bool exact = gold.value("meta", json::object()).value("exact_facts", false);
  if (exact && (score.matched != score.gold || score.matched != score.predicted)) {
    ADD_FAILURE() << "facts: " << score.matched << " of " << score.gold << " gold matched, "
                  << (score.predicted - score.matched) << " of " << score.predicted
                  << " predicted unmatched\n"
                  << score.diff;
  }

  // Sources: canonical names among the citations; spellings as written
  // either as a citation's raw text or in the body.
  std::vector<std::string> names, raws;
  for (const Citation& citation : article.citations) {
    names.push_back(citation.name);
    raws.push_back(citation.raw);
  }
  for (const json& source : gold.value("sources", json::array())) {
    const std::string name = source.get<std::string>();
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end())
        << "source not cited: " << name;
  }
  for (const json& spelling : gold.value("sources_as_written", json::array())) {
    const std::string raw = spelling.get<std::string>();
    const bool as_raw = std::find(raws.begin(), raws.end(), raw) != raws.end();
    EXPECT_TRUE(as_raw || article.text.find(raw) != std::string::npos)
        << "source spelling neither a citation's raw text nor in the body: " << raw;
  }

  // Market snapshot.
  const json snapshot = gold.value("market_snapshot", json::object());
  if (snapshot.contains("ticker_items") && snapshot["ticker_items"].is_number()) {
    EXPECT_EQ(article.stats.ticker_items, snapshot["ticker_items"].get<int>()) << "ticker_items";
  }
  for (const json& want : snapshot.value("items", json::array())) {
    const std::string asset = StringOr(want, "asset");
    const std::string origin = StringOr(want, "origin");
    const std::optional<double> price = NumberOr(want, "price");
    const std::optional<double> change = NumberOr(want, "change_percent");
    bool found = false;
    for (const SnapshotItem& item : article.market_snapshot) {
      if (Lower(item.asset) != Lower(asset) || item.origin != origin) continue;
      if (price && !(item.price && WithinRelative(*item.price, *price, kValueTolerance))) continue;
      if (change &&
          !(item.change_percent && std::abs(*item.change_percent - *change) <= kChangeTolerance)) {
        continue;
      }
      found = true;
      break;
    }
    if (!found) {
      std::string have;
      for (const SnapshotItem& item : article.market_snapshot) {
        if (Lower(item.asset) != Lower(asset)) continue;
        have += "\n    " + item.origin + " price=" + (item.price ? Number(*item.price) : "null") +
                " change=" + (item.change_percent ? Number(*item.change_percent) : "null");
      }
      ADD_FAILURE() << "snapshot item missing: " << asset << " " << origin
                    << " price=" << (price ? Number(*price) : "null")
                    << " change=" << (change ? Number(*change) : "null")
                    << "\n  extracted items for " << asset << ":"
                    << (have.empty() ? " none" : have);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusTest, ::testing::ValuesIn(GoldFiles()),
                         [](const ::testing::TestParamInfo<fs::path>& info) {
                           return TestName(info.param);
                         });

// The corpus exists and every gold file is well-formed: the test above
// would silently run nothing otherwise.
TEST(CorpusSuite, GoldFilesAreWellFormed) {
  const std::vector<fs::path> files = GoldFiles();
  ASSERT_FALSE(files.empty()) << "no *.gold.json under " << FACTSIFT_SOURCE_DIR << "/corpus";
  for (const fs::path& path : files) {
    SCOPED_TRACE(path.string());
    const json gold = json::parse(ReadFile(path), nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(gold.is_discarded());
    ASSERT_TRUE(gold.contains("meta"));
    EXPECT_FALSE(StringOr(gold["meta"], "url").empty());
    EXPECT_TRUE(ParseIsoToMs(StringOr(gold["meta"], "fetched")).has_value());
    ASSERT_TRUE(gold.contains("facts") && gold["facts"].is_array());
    for (const json& fact : gold["facts"]) {
      EXPECT_TRUE(ParseKind(StringOr(fact, "kind")).has_value()) << DescribeGold(fact);
      EXPECT_TRUE(NumberOr(fact, "value").has_value()) << DescribeGold(fact);
      if (StringOr(fact, "kind") == "liquidation") {
        EXPECT_TRUE(ParseSide(StringOr(fact, "side")).has_value()) << DescribeGold(fact);
      }
    }
  }
}

// Corpus-wide fact precision and recall, printed once for the whole suite
// (each TEST_P case may run in its own process under ctest), with the
// matched facts whose unmatched fields (direction, bound, approx, period,
// value_from, section) differ from the gold. Fails when precision or recall
// over the headline kinds drops below its floor.
TEST(CorpusSuite, FactPrecisionAndRecallStayAboveFloors) {
  int gold = 0, predicted = 0, matched = 0;
  std::ostringstream table;
  for (const fs::path& path : GoldFiles()) {
    const CorpusPage page = LoadAndExtract(path);
    if (!page.article.ok()) {
      table << "  " << TestName(path) << ": " << page.article.status().ToString() << "\n";
      continue;
    }
    json headline_gold = json::array();
    for (const json& fact : page.gold.value("facts", json::array())) {
      if (IsHeadlineKind(StringOr(fact, "kind"))) headline_gold.push_back(fact);
    }
    std::vector<Fact> headline_predicted;
    for (const Fact& fact : page.article->facts) {
      if (IsHeadlineKind(KindName(fact.kind))) headline_predicted.push_back(fact);
    }
    const FactScore score = ScoreFacts(headline_gold, headline_predicted);
    gold += score.gold;
    predicted += score.predicted;
    matched += score.matched;
    table << "  " << TestName(path) << ": gold " << score.gold << ", predicted " << score.predicted
          << ", matched " << score.matched << ", matched with other fields differing "
          << score.differences.size() << "\n";
    for (const std::string& difference : score.differences) table << "    " << difference << "\n";
  }
  const double precision = predicted > 0 ? static_cast<double>(matched) / predicted : 0;
  const double recall = gold > 0 ? static_cast<double>(matched) / gold : 0;
  std::cout << "[ corpus ] fact precision " << Number(precision) << " (" << matched << "/"
            << predicted << "), recall " << Number(recall) << " (" << matched << "/" << gold
            << ")\n"
            << table.str() << std::flush;
  RecordProperty("fact_precision", Number(precision));
  RecordProperty("fact_recall", Number(recall));
  EXPECT_GE(precision, kCorpusPrecisionFloor);
  EXPECT_GE(recall, kCorpusRecallFloor);
}

}  // namespace
}  // namespace factsift::extract
