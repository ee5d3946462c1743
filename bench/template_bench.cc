// template_bench: what site templates learned while crawling add to the
// main text, on the corpus folders that hold several pages of one site.
//
//   template_bench [--min-pages N] [--min-fraction F] [--one-site] [--verbose] CORPUS_DIR
//
// For each folder of CORPUS_DIR (corpus/<site>/<slug>.html + .gold.json)
// with at least --min-pages pages, every page is extracted twice: alone, as
// a single-page extractor sees it, and with the template learned from all
// pages of its folder, as `factsift crawl` followed by `factsift reextract`
// extracts it. Both texts are scored against the gold: body_text by the
// aeb-dev shingle metric (4-token shingles; P = mean page precision, R =
// mean page recall), and the must-appear strings missed and must-not-appear
// strings found. --one-site pools every page of the corpus into one site,
// as a crawl of the corpus served from one host sees it: templates must
// then remove nothing the gold keeps.
//
// Exit status: 0 done, 1 unreadable data, 2 usage.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/time_util.h"
#include "extract/extractor.h"
#include "extract/site_template.h"

#include "bench/shingle_metric.h"

namespace factsift {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kExitOk = 0;
constexpr int kExitDataError = 1;
constexpr int kExitUsage = 2;

constexpr std::string_view kUsage =
    "usage: template_bench [--min-pages N] [--min-fraction F] [--one-site] [--verbose] "
    "CORPUS_DIR\n"
    "  CORPUS_DIR        corpus/ layout: <site>/<slug>.html + <slug>.gold.json\n"
    "  --min-pages N     pages a block must stand on (default 3); also the fewest pages of a\n"
    "                    folder for it to count as a crawled site\n"
    "  --min-fraction F  share of the site's pages a block must stand on (default 0.25)\n"
    "  --one-site        treat every page of the corpus as one site\n"
    "  --verbose         one line per page\n";

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct Page {
  std::string name;  // <site>/<slug>
  RawPage raw;
  json gold;
};

// Totals of one way of extracting over a set of pages.
struct Tally {
  double precision_sum = 0, recall_sum = 0;
  int scored = 0;          // Pages with a body_text.
  int must_missed = 0;     // must_appear_in_body strings absent.
  int must_not_found = 0;  // must_not_appear_in_body strings present.
  int blocks_removed = 0;  // By the template.
  int facts = 0;

  double Precision() const { return scored ? precision_sum / scored : 0; }
  double Recall() const { return scored ? recall_sum / scored : 0; }
  double F1() const {
    const double p = Precision(), r = Recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

void Count(const Page& page, const Article& article, int template_removed, Tally& tally,
           bool verbose, const char* label) {
  int missed = 0, found = 0;
  for (const json& must : page.gold.value("must_appear_in_body", json::array())) {
    if (must.is_string() && article.text.find(must.get<std::string>()) == std::string::npos) {
      ++missed;
    }
  }
  for (const json& must_not : page.gold.value("must_not_appear_in_body", json::array())) {
    if (must_not.is_string() &&
        article.text.find(must_not.get<std::string>()) != std::string::npos) {
      ++found;
    }
  }
  tally.must_missed += missed;
  tally.must_not_found += found;
  tally.blocks_removed += template_removed;
  tally.facts += static_cast<int>(article.facts.size());
  std::optional<bench::PageScore> score;
  if (page.gold.contains("body_text") && page.gold["body_text"].is_string()) {
    score = bench::ScorePage(page.gold["body_text"].get<std::string>(), article.text);
    tally.precision_sum += score->precision.value_or(0);
    tally.recall_sum += score->recall;
    ++tally.scored;
  }
  if (verbose) {
    std::printf(
        "  %-8s %-60s P %.3f R %.3f  must-appear missed %d, must-not-appear found %d, "
        "facts %zu, template blocks removed %d\n",
        label, page.name.c_str(), score ? score->precision.value_or(0) : 0.0,
        score ? score->recall : 0.0, missed, found, article.facts.size(), template_removed);
  }
}

void PrintTally(const char* label, const Tally& tally) {
  std::printf(
      "  %-15s P %.4f  R %.4f  F1 %.4f  must-appear missed %d  must-not-appear found %d  "
      "facts %d  template blocks removed %d\n",
      label, tally.Precision(), tally.Recall(), tally.F1(), tally.must_missed, tally.must_not_found,
      tally.facts, tally.blocks_removed);
}

bool ParseNumber(std::string_view text, double& value) {
  char* end = nullptr;
  const std::string copy(text);
  value = std::strtod(copy.c_str(), &end);
  return end != nullptr && *end == '\0' && !copy.empty();
}

int Main(int argc, char** argv) {
  extract::TemplateOptions options;
  bool one_site = false, verbose = false;
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    double number = 0;
    if ((arg == "--min-pages" || arg == "--min-fraction") && i + 1 < argc &&
        ParseNumber(argv[i + 1], number)) {
      const bool pages = arg == "--min-pages";
      if (pages ? (number < 1 || number > 1e6) : (number < 0 || number > 1)) {
        dir.clear();
        break;
      }
      if (pages) {
        options.min_pages = static_cast<int>(number);
      } else {
        options.min_fraction = number;
      }
      ++i;
    } else if (arg == "--one-site") {
      one_site = true;
    } else if (arg == "--verbose") {
      verbose = true;
    } else if (!arg.starts_with("-") && dir.empty()) {
      dir = std::string(arg);
    } else {
      dir.clear();
      break;
    }
  }
  if (dir.empty()) {
    std::fputs(kUsage.data(), stderr);
    return kExitUsage;
  }
  // Pages by site folder, in name order.
  std::map<std::string, std::vector<Page>> sites;
  std::error_code error;
  std::vector<fs::path> golds;
  for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_regular_file() && it->path().filename().string().ends_with(".gold.json")) {
      golds.push_back(it->path());
    }
  }
  if (error || golds.empty()) {
    std::fprintf(stderr, "template_bench: %s: no gold files%s%s\n", dir.c_str(), error ? ": " : "",
                 error ? error.message().c_str() : "");
    return kExitDataError;
  }
  std::sort(golds.begin(), golds.end());
  for (const fs::path& gold_path : golds) {
    std::string html_name = gold_path.filename().string();
    html_name.resize(html_name.size() - std::string_view(".gold.json").size());
    const std::optional<std::string> gold_text = ReadFile(gold_path);
    const std::optional<std::string> body =
        ReadFile(gold_path.parent_path() / (html_name + ".html"));
    Page page;
    page.name = gold_path.parent_path().filename().string() + "/" + html_name;
    if (gold_text) page.gold = json::parse(*gold_text, nullptr, /*allow_exceptions=*/false);
    if (!gold_text || !body || page.gold.is_discarded() || !page.gold.is_object()) {
      std::fprintf(stderr, "template_bench: %s: unreadable page or gold\n", page.name.c_str());
      return kExitDataError;
    }
    const json meta = page.gold.value("meta", json::object());
    page.raw.url = meta.value("url", "");
    page.raw.final_url = page.raw.url;
    page.raw.fetched_at_ms = ParseIsoToMs(meta.value("fetched", "")).value_or(0);
    page.raw.http_status = 200;
    page.raw.content_type = "text/html";
    page.raw.body = *body;
    const std::string site = one_site ? "corpus" : gold_path.parent_path().filename().string();
    sites[site].push_back(std::move(page));
  }

  std::printf("site templates: min pages %d, min fraction %.2f%s\n", options.min_pages,
              options.min_fraction, one_site ? "; every corpus page as one site" : "");
  Tally alone_total, learned_total;
  int site_count = 0;
  for (const auto& [site, pages] : sites) {
    if (static_cast<int>(pages.size()) < options.min_pages) continue;
    ++site_count;
    // Learn from every page, as a crawl then a reextract would.
    extract::TemplateLearner learner;
    for (const Page& page : pages) {
      extract::PageBlocks blocks;
      if (extract::ExtractFromHtml(page.raw, {}, &blocks).ok()) {
        learner.AddPage(page.raw.url, blocks.fingerprints);
      }
    }
    const extract::SiteTemplate site_template = learner.Template(options);
    Tally alone, learned;
    for (const Page& page : pages) {
      StatusOr<Article> plain = extract::ExtractFromHtml(page.raw);
      extract::ExtractOptions with;
      with.site_template = &site_template;
      extract::PageBlocks blocks;
      StatusOr<Article> cleaned = extract::ExtractFromHtml(page.raw, with, &blocks);
      if (!plain.ok() || !cleaned.ok()) {
        std::fprintf(stderr, "template_bench: %s: %s\n", page.name.c_str(),
                     (!plain.ok() ? plain : cleaned).status().ToString().c_str());
        return kExitDataError;
      }
      Count(page, *plain, 0, alone, verbose, "alone");
      Count(page, *cleaned, blocks.template_removed, learned, verbose, "template");
    }
    std::printf("%s: %zu pages, %zu template blocks learned\n", site.c_str(), pages.size(),
                site_template.fingerprints.size());
    PrintTally("single page", alone);
    PrintTally("with template", learned);
    for (Tally* total : {&alone_total, &learned_total}) {
      const Tally& part = total == &alone_total ? alone : learned;
      total->precision_sum += part.precision_sum;
      total->recall_sum += part.recall_sum;
      total->scored += part.scored;
      total->must_missed += part.must_missed;
      total->must_not_found += part.must_not_found;
      total->blocks_removed += part.blocks_removed;
      total->facts += part.facts;
    }
  }
  if (site_count == 0) {
    std::printf("no folder with %d or more pages\n", options.min_pages);
    return kExitOk;
  }
  std::printf("all %d site(s):\n", site_count);
  PrintTally("single page", alone_total);
  PrintTally("with template", learned_total);
  return kExitOk;
}

}  // namespace
}  // namespace factsift

int main(int argc, char** argv) { return factsift::Main(argc, argv); }
