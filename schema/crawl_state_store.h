// The crawler's state in the factsift database: crawler::CrawlState over
// SQLite (tables crawl_runs, crawl_urls, robots_cache; migration 0002).
// Writes of URL outcomes go through Store::SaveCrawlOutcome, in the same
// transaction as the page they describe; this class reads the frontier and
// keeps runs and the robots.txt cache.
#ifndef FACTSIFT_SCHEMA_CRAWL_STATE_STORE_H_
#define FACTSIFT_SCHEMA_CRAWL_STATE_STORE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "crawler/crawl_state.h"
#include "schema/store.h"

namespace factsift::schema {

// One connection of its own to the database. Not thread-safe: the crawler's
// thread uses it, while a Store on another connection writes outcomes.
class SqliteCrawlState : public crawler::CrawlState {
 public:
  // Opens (and migrates, as Store::Open does) the database at `path`.
  static StatusOr<std::unique_ptr<SqliteCrawlState>> Open(const std::string& path,
                                                          const StoreOptions& options = {});
  ~SqliteCrawlState() override;
  SqliteCrawlState(const SqliteCrawlState&) = delete;
  SqliteCrawlState& operator=(const SqliteCrawlState&) = delete;

  StatusOr<crawler::RunInfo> BeginRun(int64_t now_ms) override;
  Status FinishRun(int64_t run_id, int64_t now_ms) override;
  StatusOr<std::vector<crawler::UrlState>> LoadDue(int64_t now_ms, size_t limit) override;
  StatusOr<std::vector<std::optional<crawler::UrlState>>> Lookup(
      const std::vector<std::string>& urls) override;
  StatusOr<std::optional<crawler::RobotsEntry>> LoadRobots(std::string_view origin) override;
  Status SaveRobots(const crawler::RobotsEntry& entry) override;

 private:
  struct Impl;
  explicit SqliteCrawlState(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace factsift::schema

#endif  // FACTSIFT_SCHEMA_CRAWL_STATE_STORE_H_
