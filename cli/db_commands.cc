// Commands over an existing database: export, reextract, stats.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/pipeline.h"
#include "cli/util.h"
#include "common/time_util.h"
#include "extract/article_json.h"
#include "schema/store.h"

namespace factsift::cli {
namespace {

StatusOr<std::unique_ptr<schema::Store>> OpenStore(const std::string& path) {
  // Reading commands must not create an empty database by accident.
  FACTSIFT_RETURN_IF_ERROR(CheckDatabasePath(path, /*must_exist=*/true));
  return schema::Store::Open(path);
}

int Fail(const Status& status) {
  PrintError(status.message());
  return kExitFailure;
}

// RFC 4180 field: quoted when it holds a comma, quote or line break.
std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvNumber(const std::optional<double>& value) {
  if (!value.has_value()) return "";
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", *value);
  return buffer;
}

int Written() {
  if (std::fflush(stdout) != 0) {
    return Fail(Status::Unavailable(std::string("cannot write output: ") + std::strerror(errno)));
  }
  return kExitOk;
}

// One row per fact, with its article's url and dates.
int ExportCsv(const std::vector<schema::StoredArticle>& articles) {
  std::string out =
      "url,published,section,kind,asset,name,value,value_high,value_from,unit,side,direction,"
      "bound,approx,conditional,negated,period,text\r\n";
  for (const schema::StoredArticle& stored : articles) {
    for (const Fact& f : stored.article.facts) {
      const std::vector<std::string> fields = {stored.url,
                                               stored.article.published,
                                               std::string(SectionName(f.section)),
                                               std::string(KindName(f.kind)),
                                               f.asset,
                                               f.name,
                                               CsvNumber(f.value),
                                               CsvNumber(f.value_high),
                                               CsvNumber(f.value_from),
                                               f.unit,
                                               std::string(SideName(f.side)),
                                               std::string(DirectionName(f.direction)),
                                               std::string(BoundName(f.bound)),
                                               f.approx ? "true" : "false",
                                               f.conditional ? "true" : "false",
                                               f.negated ? "true" : "false",
                                               f.period,
                                               f.text};
      for (size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + CsvField(fields[i]);
      out += "\r\n";
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return Written();
}

// schema.org ClaimReview drafts: each checked claim with where it appeared and
// the suggested verdict as a rating a person must confirm before publishing.
int ExportClaimReview(const std::vector<schema::StoredArticle>& articles,
                      const std::vector<schema::StoredCheck>& checks) {
  nlohmann::ordered_json reviews = nlohmann::ordered_json::array();
  for (const schema::StoredCheck& check : checks) {
    if (check.row.fact_index < 0) continue;
    const schema::StoredArticle* stored = nullptr;
    for (const schema::StoredArticle& a : articles) {
      if (a.id == check.article_id) stored = &a;
    }
    if (stored == nullptr ||
        static_cast<size_t>(check.row.fact_index) >= stored->article.facts.size()) {
      continue;
    }
    const Fact& fact = stored->article.facts[static_cast<size_t>(check.row.fact_index)];
    const Verdict verdict = check.row.verdict;
    // 1 = contradicted (false), 2 = unverifiable, 3 = supported (true).
    const int rating = verdict == Verdict::kContradicted ? 1
                       : verdict == Verdict::kSupported  ? 3
                                                         : 2;
    const std::string name = verdict == Verdict::kContradicted ? "Contradicted (draft)"
                             : verdict == Verdict::kSupported  ? "Supported (draft)"
                                                               : "Unverifiable (draft)";
    nlohmann::ordered_json appearance = {{"@type", "CreativeWork"}, {"url", stored->url}};
    if (!stored->article.title.empty()) appearance["headline"] = stored->article.title;
    if (!stored->article.published.empty()) appearance["datePublished"] = stored->article.published;
    nlohmann::ordered_json review = {
        {"@context", "https://schema.org"},
        {"@type", "ClaimReview"},
        {"claimReviewed", fact.sentence.empty() ? fact.text : fact.sentence},
        {"itemReviewed", {{"@type", "Claim"}, {"appearance", appearance}, {"text", fact.text}}},
        {"reviewRating",
         {{"@type", "Rating"},
          {"ratingValue", rating},
          {"bestRating", 3},
          {"worstRating", 1},
          {"alternateName", name},
          {"ratingExplanation", check.row.about}}},
        {"author",
         {{"@type", "Organization"},
          {"name", "factsift (automated draft: confirm before publishing)"}}},
        {"creativeWorkStatus", "Draft"}};
    if (!stored->article.published.empty()) {
      review["itemReviewed"]["datePublished"] = stored->article.published;
    }
    reviews.push_back(std::move(review));
  }
  const std::string text =
      reviews.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(text.data(), 1, text.size(), stdout);
  return Written();
}

}  // namespace

CLI::App* AddExportCommand(CLI::App& app, DbArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "export",
      "Print every stored article as one JSON object per line: extract's object plus "
      "the article's url and fetch time.");
  cmd->add_option("--db", args.db, "SQLite database (default factsift.db)");
  cmd->add_option("--format", args.format,
                  "jsonl (articles with facts), csv (one row per fact) or claimreview (a JSON-LD "
                  "array of schema.org ClaimReview drafts, one per checked claim)")
      ->check(CLI::IsMember({"jsonl", "csv", "claimreview"}));
  return cmd;
}

CLI::App* AddReextractCommand(CLI::App& app, DbArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "reextract",
      "Run the current extractor again over every URL's latest stored page, with the site "
      "templates learned so far (pages never counted for them are counted first).");
  cmd->add_option("--db", args.db, "SQLite database (default factsift.db)");
  AddExtractLimitOptions(cmd, args.limits);
  AddTemplateOptions(cmd, args.templates);
  return cmd;
}

CLI::App* AddStatsCommand(CLI::App& app, DbArgs& args) {
  CLI::App* cmd = app.add_subcommand("stats", "Summarise what the database holds.");
  cmd->add_option("--db", args.db, "SQLite database (default factsift.db)");
  return cmd;
}

int RunExport(const DbArgs& args) {
  StatusOr<std::unique_ptr<schema::Store>> store = OpenStore(args.db);
  if (!store.ok()) return Fail(store.status());
  StatusOr<std::vector<schema::StoredArticle>> articles = (*store)->LoadArticles();
  if (!articles.ok()) return Fail(articles.status());
  if (args.format == "csv") return ExportCsv(*articles);
  if (args.format == "claimreview") {
    StatusOr<std::vector<schema::StoredCheck>> checks = (*store)->LoadChecks();
    if (!checks.ok()) return Fail(checks.status());
    return ExportClaimReview(*articles, *checks);
  }
  for (const schema::StoredArticle& stored : *articles) {
    nlohmann::ordered_json json = extract::ArticleToJson(stored.article, stored.url);
    json["url"] = stored.url;
    json["fetched_at"] = FormatIsoUtc(stored.fetched_at_ms);
    const std::string line =
        json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  if (std::fflush(stdout) != 0) {
    return Fail(Status::Unavailable(std::string("cannot write output: ") + std::strerror(errno)));
  }
  return kExitOk;
}

namespace {

RawPage ToRawPage(const schema::StoredPage& stored) {
  RawPage page;
  page.url = stored.url;
  page.final_url = stored.final_url;
  page.content_type = stored.content_type;
  page.http_status = stored.http_status;
  page.fetched_at_ms = stored.fetched_at_ms;
  page.body = stored.body;
  return page;
}

}  // namespace

int RunReextract(const DbArgs& args) {
  StatusOr<std::unique_ptr<schema::Store>> store = OpenStore(args.db);
  if (!store.ok()) return Fail(store.status());
  const extract::ExtractOptions options = ToExtractOptions(args.limits);
  const bool templates = !args.templates.disabled;
  const extract::TemplateOptions template_options = ToTemplateOptions(args.templates);
  int learned = 0;
  if (templates) {
    // Pages stored before their site's template was learned (or with
    // --no-templates) are counted first, so that every page is cleaned with
    // the template of the whole site, not of the pages before it.
    const Status status = (*store)->ForEachLatestPage([&](const schema::StoredPage& stored) {
      const RawPage page = ToRawPage(stored);
      const std::string site = TemplateSite(page);
      StatusOr<bool> recorded = (*store)->PageBlocksRecorded(site, page.url);
      if (!recorded.ok()) return recorded.status();
      if (*recorded) return Status::Ok();
      extract::PageBlocks blocks;
      if (!ExtractPage(page, options, &blocks).ok()) return Status::Ok();  // Reported below.
      ++learned;
      return (*store)->RecordPageBlocks(site, page.url, blocks.fingerprints, page.fetched_at_ms);
    });
    if (!status.ok()) return Fail(status);
  }
  int done = 0, failed = 0, cleaned = 0;
  std::map<std::string, extract::SiteTemplate> site_templates;  // By site, loaded once.
  const Status status = (*store)->ForEachLatestPage([&](const schema::StoredPage& stored) {
    const RawPage page = ToRawPage(stored);
    extract::ExtractOptions page_options = options;
    if (templates) {
      const std::string site = TemplateSite(page);
      auto it = site_templates.find(site);
      if (it == site_templates.end()) {
        StatusOr<std::vector<uint64_t>> loaded = (*store)->LoadSiteTemplate(
            site, template_options.min_pages, template_options.min_fraction);
        if (!loaded.ok()) return loaded.status();
        extract::SiteTemplate site_template;
        site_template.fingerprints.insert(loaded->begin(), loaded->end());
        it = site_templates.emplace(site, std::move(site_template)).first;
      }
      page_options.site_template = &it->second;
    }
    extract::PageBlocks blocks;
    StatusOr<Article> article = ExtractPage(page, page_options, &blocks);
    if (!article.ok()) {
      ++failed;
      PrintError("extract " + stored.url + ": " + article.status().message());
      return Status::Ok();
    }
    ++done;
    if (blocks.template_removed > 0) ++cleaned;
    return (*store)->ReplaceArticle(stored.url, stored.sha256, stored.fetched_at_ms, *article,
                                    extract::ExtractorVersion());
  });
  std::printf(
      "reextract: %d pages re-extracted, %d not articles; site templates: %s; extractor %s; "
      "database %s\n",
      done, failed,
      templates ? (std::to_string(learned) + " pages learned, " + std::to_string(cleaned) +
                   " pages cleaned")
                      .c_str()
                : "off",
      std::string(extract::ExtractorVersion()).c_str(), args.db.c_str());
  if (!status.ok()) return Fail(status);
  return kExitOk;
}

int RunStats(const DbArgs& args) {
  StatusOr<std::unique_ptr<schema::Store>> store = OpenStore(args.db);
  if (!store.ok()) return Fail(store.status());
  StatusOr<schema::StoreSummary> summary = (*store)->Summary();
  if (!summary.ok()) return Fail(summary.status());
  std::printf("database:   %s (schema v%d)\n", (*store)->path().c_str(),
              (*store)->schema_version());
  std::printf("pages:      %lld raw pages, %lld fetch outcomes (%lld failed)\n",
              static_cast<long long>(summary->pages), static_cast<long long>(summary->fetches),
              static_cast<long long>(summary->failed_fetches));
  std::printf("articles:   %lld\n", static_cast<long long>(summary->articles));
  std::printf("facts:      %lld", static_cast<long long>(summary->facts));
  const char* separator = " (";
  for (const auto& [kind, count] : summary->facts_by_kind) {
    std::printf("%s%s %lld", separator, kind.c_str(), static_cast<long long>(count));
    separator = ", ";
  }
  std::printf("%s\n", summary->facts_by_kind.empty() ? "" : ")");
  std::printf("citations:  %lld\n", static_cast<long long>(summary->citations));
  std::printf("snapshot:   %lld market snapshot items\n",
              static_cast<long long>(summary->snapshot_items));
  // "candles:    30 (BTC/USDT binance 25 from 2026-01-06 to 2026-01-30; ...)"; an
  // interval other than daily is named.
  std::printf("candles:    %lld", static_cast<long long>(summary->candles));
  separator = " (";
  for (const schema::CandleSeries& series : summary->candle_series) {
    std::printf(
        "%s%s/%s %s%s %lld from %s to %s", separator, series.asset.c_str(), series.quote.c_str(),
        series.source.c_str(), series.interval == "1d" ? "" : (" " + series.interval).c_str(),
        static_cast<long long>(series.candles), series.first_day.c_str(), series.last_day.c_str());
    separator = "; ";
  }
  std::printf("%s\n", summary->candle_series.empty() ? "" : ")");
  std::printf("checks:     %lld", static_cast<long long>(summary->checks));
  separator = " (";
  for (const auto& [verdict, count] : summary->checks_by_verdict) {
    std::printf("%s%s %lld", separator, verdict.c_str(), static_cast<long long>(count));
    separator = ", ";
  }
  std::printf("%s\n", summary->checks_by_verdict.empty() ? "" : ")");
  return kExitOk;
}

}  // namespace factsift::cli
