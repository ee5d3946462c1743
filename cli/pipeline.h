// The crawl pipeline: the CrawlSink that extracts fetched pages on worker
// threads and stores every outcome from one writer thread, in crawl order,
// one transaction per URL (page bytes, fetch, article, crawl state, site
// template counts). The crawler's curl loop never waits for extraction or
// SQLite unless the bounded queue between them is full.
//
//   crawl thread --Accept--> [queue] --> workers (extract) --> writer (SQLite)
#ifndef FACTSIFT_CLI_PIPELINE_H_
#define FACTSIFT_CLI_PIPELINE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/raw_page.h"
#include "common/status.h"
#include "crawler/crawl_state.h"
#include "extract/extractor.h"

namespace factsift::cli {

struct PipelineCounts {
  int64_t outcomes = 0;      // URLs stored (pages, listings, failures).
  int64_t fetched = 0;       // ...with a body.
  int64_t not_modified = 0;  // ...answered 304 (kept the stored page, nothing extracted).
  int64_t failed = 0;        // ...with a fetch error, recorded in the database.
  int64_t extracted = 0;     // Pages extracted and stored as articles.
  int64_t unchanged = 0;     // Pages whose stored article was current (same bytes): not extracted.
  int64_t not_articles = 0;  // Pages stored raw but not extractable (PDF, binary, empty).
  int64_t duplicates = 0;    // Articles not stored: same bytes or rel=canonical as another URL's.
  int64_t facts = 0;         // Facts in the articles stored by this run.
};

struct PipelineOptions {
  extract::ExtractOptions extract;  // Its site_template is set per page when site_templates is on.
  // Learn each site's template while crawling (record every extracted
  // page's block fingerprints) and apply it: each page is extracted with
  // the template its site has at that moment. Off: pages are extracted
  // alone and nothing is recorded.
  bool site_templates = true;
  extract::TemplateOptions templates;  // When a block is the site's template.
  int workers = 0;                     // Extraction threads; 0: one per core.
  // Outcomes accepted but not yet stored; 0: 32 per worker + 32. Pages are
  // stored in the order they were accepted, so one slow page holds up the
  // ones behind it: a deep queue keeps the fetcher busy meanwhile.
  size_t max_queued = 0;
  // Bytes of fetched bodies accepted but not yet stored: Accept waits above
  // it (one outcome always gets in), which bounds memory for large pages.
  size_t max_queued_bytes = size_t{64} << 20;
  // Called (from any pipeline thread, one call at a time) for pages stored
  // but not extracted, and for duplicates: "extract URL: why".
  std::function<void(std::string_view url, std::string_view message)> on_note;
};

// Thread-safe for one producer (the crawler's thread) calling Accept and Flush.
class CrawlPipeline : public crawler::CrawlSink {
 public:
  // Opens one writer connection and one read connection per worker to the
  // database at `db_path` and starts the threads. Errors as Store::Open.
  static StatusOr<std::unique_ptr<CrawlPipeline>> Start(const std::string& db_path,
                                                        PipelineOptions options);
  ~CrawlPipeline() override;  // Stops the threads; outcomes not yet stored are dropped.
  CrawlPipeline(const CrawlPipeline&) = delete;
  CrawlPipeline& operator=(const CrawlPipeline&) = delete;

  // Queues an outcome (blocks while the queue is full). Returns the first
  // storage error once one happened: the crawl must stop.
  Status Accept(crawler::CrawlOutcome outcome) override;
  // Waits until everything accepted is stored; the first storage error if any.
  Status Flush() override;

  PipelineCounts counts() const;

 private:
  struct Impl;
  explicit CrawlPipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Extracts a stored or fetched page by its content type: text/plain as text,
// HTML (or no type: the extractor sniffs) as HTML. FailedPrecondition for
// other types (PDF, images, JSON): stored as evidence, not extracted.
// `blocks`, when not null, receives the HTML page's block fingerprints (none
// for text).
StatusOr<Article> ExtractPage(const RawPage& page, const extract::ExtractOptions& options,
                              extract::PageBlocks* blocks = nullptr);

// The key site templates are learned under: the origin of the page's final
// URL (its URL when there was no redirect).
std::string TemplateSite(const RawPage& page);

}  // namespace factsift::cli

#endif  // FACTSIFT_CLI_PIPELINE_H_
