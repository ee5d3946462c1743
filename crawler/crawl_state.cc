// UrlKind names and MemoryCrawlState.
#include "crawler/crawl_state.h"

#include <algorithm>

namespace factsift::crawler {

std::string_view UrlKindName(UrlKind kind) {
  switch (kind) {
    case UrlKind::kPage:
      return "page";
    case UrlKind::kFeed:
      return "feed";
    case UrlKind::kSitemap:
      return "sitemap";
  }
  return "page";
}

std::optional<UrlKind> ParseUrlKind(std::string_view name) {
  if (name == "page") return UrlKind::kPage;
  if (name == "feed") return UrlKind::kFeed;
  if (name == "sitemap") return UrlKind::kSitemap;
  return std::nullopt;
}

StatusOr<RunInfo> MemoryCrawlState::BeginRun(int64_t now_ms) {
  RunInfo run;
  run.resumed = !run_finished_ && run_id_ != 0;
  if (!run.resumed) ++run_id_;
  run.id = run_id_;
  run.started_ms = now_ms;
  run_finished_ = false;
  return run;
}

Status MemoryCrawlState::FinishRun(int64_t run_id, int64_t) {
  if (run_id == run_id_) run_finished_ = true;
  return Status::Ok();
}

StatusOr<std::vector<UrlState>> MemoryCrawlState::LoadDue(int64_t now_ms, size_t limit) {
  std::vector<UrlState> due;
  for (const auto& [url, state] : urls_) {
    if (state.next_due_ms <= now_ms) due.push_back(state);
  }
  std::stable_sort(due.begin(), due.end(), [](const UrlState& a, const UrlState& b) {
    return a.next_due_ms < b.next_due_ms;
  });
  if (due.size() > limit) due.resize(limit);
  return due;
}

StatusOr<std::vector<std::optional<UrlState>>> MemoryCrawlState::Lookup(
    const std::vector<std::string>& urls) {
  std::vector<std::optional<UrlState>> found;
  found.reserve(urls.size());
  for (const std::string& url : urls) {
    const auto it = urls_.find(url);
    found.push_back(it == urls_.end() ? std::nullopt : std::optional<UrlState>(it->second));
  }
  return found;
}

StatusOr<std::optional<RobotsEntry>> MemoryCrawlState::LoadRobots(std::string_view origin) {
  const auto it = robots_.find(std::string(origin));
  if (it == robots_.end()) return std::optional<RobotsEntry>();
  return std::optional<RobotsEntry>(it->second);
}

Status MemoryCrawlState::SaveRobots(const RobotsEntry& entry) {
  robots_[entry.origin] = entry;
  return Status::Ok();
}

void MemoryCrawlState::Apply(const CrawlOutcome& outcome) {
  for (const UrlState& found : outcome.discovered) {
    auto [it, inserted] = urls_.emplace(found.url, found);
    // A listing makes a known URL due again, unless this run already did it.
    if (!inserted && it->second.last_run_id != outcome.state.last_run_id) {
      it->second.next_due_ms = std::min(it->second.next_due_ms, found.next_due_ms);
      it->second.published_ms = std::max(it->second.published_ms, found.published_ms);
    }
  }
  if (!outcome.state.url.empty()) urls_[outcome.state.url] = outcome.state;
}

}  // namespace factsift::crawler
