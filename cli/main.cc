// factsift: crypto news pages -> checked numeric facts in SQLite.
//
// Usage: factsift <command> [options]; `factsift --help` lists the commands,
// `factsift <command> --help` their options.
// Exit status: 0 done, 1 failure (some input or the run failed; details on
// stderr), 2 usage error; `crawl` also 3 when another crawl holds the
// database's lock; `check --fail-on contradicted` 4 when a check row is
// contradicted.
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/util.h"

namespace {

using factsift::cli::kExitFailure;
using factsift::cli::kExitUsage;
using factsift::cli::PrintError;

// A usage error as one line, naming the help to read.
int UsageError(const std::string& message, const CLI::App* command) {
  const std::string help =
      command == nullptr ? "factsift --help" : "factsift " + command->get_name() + " --help";
  PrintError(message + " (see '" + help + "')");
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  using factsift::cli::VersionLine;
  CLI::App app{
      "factsift: extracts numeric market claims from crypto news pages, stores them in "
      "SQLite and cross-checks them.",
      "factsift"};
  app.set_version_flag("--version", VersionLine());
  app.require_subcommand(1);
  app.fallthrough(false);

  factsift::cli::ExtractArgs extract_args;
  factsift::cli::CrawlArgs crawl_args;
  factsift::cli::DbArgs db_args;
  factsift::cli::MarketImportArgs market_args;
  factsift::cli::MarketFetchArgs market_fetch_args;
  factsift::cli::CheckArgs check_args;
  factsift::cli::ReportArgs report_args;
  CLI::App* extract = factsift::cli::AddExtractCommand(app, extract_args);
  CLI::App* crawl = factsift::cli::AddCrawlCommand(app, crawl_args);
  CLI::App* export_cmd = factsift::cli::AddExportCommand(app, db_args);
  CLI::App* reextract = factsift::cli::AddReextractCommand(app, db_args);
  CLI::App* stats = factsift::cli::AddStatsCommand(app, db_args);
  CLI::App* market = factsift::cli::AddMarketCommand(app, market_args, market_fetch_args);
  CLI::App* check = factsift::cli::AddCheckCommand(app, check_args);
  CLI::App* report = factsift::cli::AddReportCommand(app, report_args);
  const std::vector<CLI::App*> commands = {extract, crawl,  export_cmd, reextract,
                                           stats,   market, check,      report};
  for (CLI::App* sub : commands) sub->set_version_flag("--version", VersionLine());

  // CLI11 reports a missing or unknown command, or an unknown option before
  // the command, only as "A subcommand is required".
  constexpr const char* kCommands =
      "commands: extract, crawl, export, reextract, stats, market, check, report";
  if (argc < 2) return UsageError(std::string("no command given; ") + kCommands, nullptr);
  const std::string first = argv[1];
  if (first[0] == '-' && first != "-h" && first != "--help" && first != "--version") {
    return UsageError("unknown option '" + first + "' before the command", nullptr);
  }
  if (first[0] != '-') {
    bool known = false;
    for (const CLI::App* sub : commands) known = known || sub->get_name() == first;
    if (!known) return UsageError("unknown command '" + first + "'; " + kCommands, nullptr);
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
    const CLI::App* failed = nullptr;
    for (const CLI::App* sub : commands) {
      if (sub->parsed()) failed = sub;
    }
    return UsageError(e.what(), failed);
  }

  // The commands report their errors as Status; an exception here is a bug
  // (or memory exhaustion), still reported as one line rather than an abort.
  try {
    if (extract->parsed()) return factsift::cli::RunExtract(extract_args);
    if (crawl->parsed()) return factsift::cli::RunCrawl(crawl_args);
    if (export_cmd->parsed()) return factsift::cli::RunExport(db_args);
    if (reextract->parsed()) return factsift::cli::RunReextract(db_args);
    if (stats->parsed()) return factsift::cli::RunStats(db_args);
    if (market->parsed()) {
      if (market->get_subcommand("fetch")->parsed()) {
        return factsift::cli::RunMarketFetch(market_fetch_args);
      }
      return factsift::cli::RunMarketImport(market_args);
    }
    if (check->parsed()) return factsift::cli::RunCheck(check_args);
    if (report->parsed()) return factsift::cli::RunReport(report_args);
  } catch (const std::exception& e) {
    PrintError(std::string("internal error: ") + e.what());
    return kExitFailure;
  }
  return kExitUsage;
}
