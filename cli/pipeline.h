// The crawl pipeline: the PageSink that extracts each fetched page and stores
// it, with its raw bytes, in one transaction. The crawler knows nothing of it.
#ifndef FACTSIFT_CLI_PIPELINE_H_
#define FACTSIFT_CLI_PIPELINE_H_

#include <cstdint>
#include <string>

#include "common/raw_page.h"
#include "common/status.h"
#include "extract/extractor.h"
#include "schema/store.h"

namespace factsift::cli {

struct PipelineCounts {
  int64_t fetched = 0;       // Pages received with a body (or 304).
  int64_t failed = 0;        // Fetch errors, recorded in the database.
  int64_t extracted = 0;     // Pages extracted and stored as articles.
  int64_t unchanged = 0;     // Pages whose stored article was already current.
  int64_t not_articles = 0;  // Pages stored raw but not extractable (binary, empty).
  int64_t facts = 0;         // Facts in the articles extracted by this run.
};

// Not thread-safe: the crawler calls Accept from one thread.
class ExtractAndStoreSink : public PageSink {
 public:
  ExtractAndStoreSink(schema::Store& store, extract::ExtractOptions options, bool quiet)
      : store_(store), options_(options), quiet_(quiet) {}

  // Stops the crawl only when the database cannot be written.
  Status Accept(const FetchResult& result) override;
  const PipelineCounts& counts() const { return counts_; }

 private:
  schema::Store& store_;
  extract::ExtractOptions options_;
  bool quiet_;
  PipelineCounts counts_;
};

// Extracts a stored or fetched page by its content type: text/plain as text,
// everything else as HTML.
StatusOr<Article> ExtractPage(const RawPage& page, const extract::ExtractOptions& options);

}  // namespace factsift::cli

#endif  // FACTSIFT_CLI_PIPELINE_H_
