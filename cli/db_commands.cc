// Commands over an existing database: export, reextract, stats.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

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

}  // namespace

CLI::App* AddExportCommand(CLI::App& app, DbArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "export",
      "Print every stored article as one JSON object per line: extract's object plus "
      "the article's url and fetch time.");
  cmd->add_option("--db", args.db, "SQLite database (default factsift.db)");
  cmd->add_option("--format", args.format, "Output format: jsonl")->check(CLI::IsMember({"jsonl"}));
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
  return kExitOk;
}

}  // namespace factsift::cli
