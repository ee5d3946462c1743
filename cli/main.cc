// factsift: crypto news pages -> checked numeric facts in SQLite.
//
// Usage: factsift <command> [options]; `factsift --help` lists the commands,
// `factsift <command> --help` their options.
// Exit status: 0 done, 1 failure (some input or the run failed; details on
// stderr), 2 usage error.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include "cli/commands.h"

namespace {

constexpr int kExitUsage = 2;

}  // namespace

int main(int argc, char** argv) {
  using factsift::cli::kVersionLine;
  CLI::App app{"factsift: extracts numeric market claims from crypto news pages, stores them in "
               "SQLite and cross-checks them.",
               "factsift"};
  app.set_version_flag("--version", std::string(kVersionLine));
  app.require_subcommand(1);
  app.fallthrough(false);

  factsift::cli::ExtractArgs extract_args;
  factsift::cli::CrawlArgs crawl_args;
  factsift::cli::DbArgs db_args;
  CLI::App* extract = factsift::cli::AddExtractCommand(app, extract_args);
  CLI::App* crawl = factsift::cli::AddCrawlCommand(app, crawl_args);
  CLI::App* export_cmd = factsift::cli::AddExportCommand(app, db_args);
  CLI::App* reextract = factsift::cli::AddReextractCommand(app, db_args);
  CLI::App* stats = factsift::cli::AddStatsCommand(app, db_args);
  for (CLI::App* sub : {extract, crawl, export_cmd, reextract, stats}) {
    sub->set_version_flag("--version", std::string(kVersionLine));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "factsift: %s\nRun 'factsift --help' for usage.\n", e.what());
    return kExitUsage;
  }

  if (extract->parsed()) return factsift::cli::RunExtract(extract_args);
  if (crawl->parsed()) return factsift::cli::RunCrawl(crawl_args);
  if (export_cmd->parsed()) return factsift::cli::RunExport(db_args);
  if (reextract->parsed()) return factsift::cli::RunReextract(db_args);
  if (stats->parsed()) return factsift::cli::RunStats(db_args);
  return kExitUsage;
}
