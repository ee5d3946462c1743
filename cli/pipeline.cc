// CrawlPipeline: a bounded queue, extraction workers and one writer thread
// that stores outcomes in the order they were accepted.
#include "cli/pipeline.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "crawler/url.h"
#include "schema/store.h"

namespace factsift::cli {
namespace {

// "text/html; charset=x" -> "text/html".
std::string MediaType(std::string_view content_type) {
  std::string type(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.erase(0, 1);
  for (char& c : type) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return type;
}

// One accepted outcome on its way to the database.
struct Job {
  uint64_t seq = 0;
  crawler::CrawlOutcome outcome;
  std::optional<Article> article;
  std::string canonical_key;
  std::optional<schema::EncodedBody> body;  // The fetched body, hashed and compressed.
  size_t accepted_bytes = 0;                // Body size counted in queued_bytes when accepted.
  bool unchanged = false;   // The stored article came from these bytes: nothing to extract.
  std::string not_article;  // Why the page was not extracted; "" when it was (or need not be).
  std::optional<extract::PageBlocks> blocks;  // For the site template, when learning.
};

// Most outcomes the writer stores in one transaction. Only outcomes already
// waiting are grouped, so a quiet crawl still stores each page at once; a
// kill loses at most this many pages' work, which the next run fetches again.
constexpr size_t kMaxBatch = 64;

// A site's template as last read from the database, shared by the workers.
struct CachedTemplate {
  std::shared_ptr<const extract::SiteTemplate> site_template;
  int64_t pages_at_load = 0;  // Pages this run had recorded for the site at load time.
};

}  // namespace

std::string TemplateSite(const RawPage& page) {
  return std::string(crawler::UrlOrigin(page.final_url.empty() ? page.url : page.final_url));
}

StatusOr<Article> ExtractPage(const RawPage& page, const extract::ExtractOptions& options,
                              extract::PageBlocks* blocks) {
  const std::string type = MediaType(page.content_type);
  if (type == "text/plain") {
    return extract::ExtractFromText(page.body, page.final_url.empty() ? page.url : page.final_url,
                                    options);
  }
  if (!type.empty() && type != "text/html" && type != "application/xhtml+xml") {
    return Status::FailedPrecondition("not extracted: content type " + type);
  }
  return extract::ExtractFromHtml(page, options, blocks);
}

struct CrawlPipeline::Impl {
  PipelineOptions options;
  std::unique_ptr<schema::Store> writer_store;
  std::vector<std::unique_ptr<schema::Store>> reader_stores;  // One per worker.
  std::vector<std::thread> threads;

  mutable std::mutex mutex;
  std::condition_variable work_ready;   // Workers wait for jobs.
  std::condition_variable done_ready;   // The writer waits for the next job in order.
  std::condition_variable space_ready;  // Accept and Flush wait for the writer.
  std::deque<Job> queue;                // Accepted, not yet taken by a worker.
  std::map<uint64_t, Job> done;         // Processed, waiting for their turn to be stored.
  uint64_t next_seq = 0;                // Sequence number of the next Accept.
  uint64_t stored = 0;                  // Jobs the writer finished (the next seq to store).
  size_t queued_bytes = 0;              // Body bytes of the jobs accepted and not yet stored.
  bool stopping = false;
  Status error;  // The first storage error; once set, the pipeline refuses work.
  std::mutex note_mutex;

  // Site templates: reading one costs a query that grows with the site, so
  // each is read again only after the site has gained a sixteenth more
  // pages (at least one) in this run. Guarded by template_mutex.
  std::mutex template_mutex;
  std::map<std::string, CachedTemplate> templates;
  std::map<std::string, int64_t> recorded_pages;  // Pages this run counted per site.

  std::atomic<int64_t> outcomes{0}, fetched{0}, not_modified{0}, failed{0}, extracted{0},
      unchanged{0}, not_articles{0}, duplicates{0}, facts{0};

  void Note(std::string_view url, std::string_view message) {
    if (!options.on_note) return;
    std::lock_guard<std::mutex> lock(note_mutex);
    options.on_note(url, message);
  }

  // Worker: decides whether a page needs extracting, and extracts it.
  void Process(schema::Store& reader, Job& job) {
    const FetchResult& fetch = job.outcome.fetch;
    const RawPage& page = fetch.page;
    if (!fetch.status.ok() || page.http_status == 304 || page.url.empty() ||
        job.outcome.state.kind != crawler::UrlKind::kPage) {
      return;
    }
    if (page.body.empty()) {
      job.not_article = "empty body";
      return;
    }
    // Hashed and compressed here, in parallel, so that the writer only stores.
    job.body = schema::EncodeBody(page.body);
    // Bytes the crawler saw before may have a current article already; new
    // bytes cannot.
    if (!job.outcome.content_changed) {
      StatusOr<bool> current =
          reader.ArticleIsCurrent(page.url, job.body->sha256, extract::ExtractorVersion());
      if (current.ok() && *current) {
        job.unchanged = true;
        return;
      }
    }
    extract::ExtractOptions extract_options = options.extract;
    std::shared_ptr<const extract::SiteTemplate> site_template;
    if (options.site_templates) {
      site_template = TemplateFor(reader, TemplateSite(page));
      if (site_template != nullptr) extract_options.site_template = site_template.get();
      job.blocks.emplace();
    }
    StatusOr<Article> article =
        ExtractPage(page, extract_options, job.blocks.has_value() ? &*job.blocks : nullptr);
    if (!article.ok()) {
      job.not_article = article.status().message();
      return;
    }
    if (!article->canonical_url.empty()) {
      StatusOr<std::string> key = crawler::ResolveUrl(page.final_url, article->canonical_url);
      if (key.ok()) job.canonical_key = std::move(*key);
    }
    job.article = std::move(*article);
  }

  // The template of `site` to extract with: the cached one while it is
  // fresh enough, else read again. Null when none can be read, which costs
  // the page its cleaning, not the crawl: it is extracted alone.
  std::shared_ptr<const extract::SiteTemplate> TemplateFor(schema::Store& reader,
                                                           const std::string& site) {
    int64_t pages_now = 0;
    {
      std::lock_guard<std::mutex> lock(template_mutex);
      pages_now = recorded_pages[site];
      auto cached = templates.find(site);
      if (cached != templates.end() &&
          pages_now - cached->second.pages_at_load <
              std::max<int64_t>(1, cached->second.pages_at_load / 16)) {
        return cached->second.site_template;
      }
    }
    StatusOr<std::vector<uint64_t>> learned =
        reader.LoadSiteTemplate(site, options.templates.min_pages, options.templates.min_fraction);
    if (!learned.ok()) return nullptr;
    auto loaded = std::make_shared<extract::SiteTemplate>();
    loaded->fingerprints.insert(learned->begin(), learned->end());
    std::lock_guard<std::mutex> lock(template_mutex);
    CachedTemplate& cached = templates[site];
    // Another worker may have read a newer one meanwhile: keep the newest.
    if (cached.site_template == nullptr || cached.pages_at_load <= pages_now) {
      cached.site_template = loaded;
      cached.pages_at_load = pages_now;
    }
    return loaded;
  }

  void WorkerLoop(schema::Store& reader) {
    for (;;) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(mutex);
        work_ready.wait(lock, [&] { return stopping || !queue.empty(); });
        if (stopping) return;
        job = std::move(queue.front());
        queue.pop_front();
      }
      try {
        Process(reader, job);
      } catch (const std::exception& e) {
        // A bug or memory exhaustion in one page's extraction fails that page only.
        job.article.reset();
        job.not_article = std::string("internal error: ") + e.what();
      }
      // The writer stores the encoded body: the raw bytes (three times its
      // size, typically) need not wait in memory for their turn.
      if (job.body.has_value()) std::string().swap(job.outcome.fetch.page.body);
      {
        std::lock_guard<std::mutex> lock(mutex);
        const uint64_t seq = job.seq;
        done.emplace(seq, std::move(job));
      }
      done_ready.notify_one();
    }
  }

  void Save(Job& job) {
    const FetchResult& fetch = job.outcome.fetch;
    ++outcomes;
    if (fetch.page.url.empty()) {  // A seed that was not even a URL: nothing to key it by.
      ++failed;
      return;
    }
    const Article* article = job.article.has_value() ? &*job.article : nullptr;
    std::optional<schema::SiteBlocks> blocks;
    if (job.blocks.has_value()) {
      blocks.emplace();
      blocks->site = TemplateSite(fetch.page);
      blocks->fingerprints = std::move(job.blocks->fingerprints);
    }
    // One transaction: a crawl killed at any moment leaves the page's article
    // and its template counts both stored or both not.
    StatusOr<schema::SavedOutcome> saved = writer_store->SaveCrawlOutcome(
        job.outcome, article, job.canonical_key, extract::ExtractorVersion(),
        job.body.has_value() ? &*job.body : nullptr, blocks.has_value() ? &*blocks : nullptr);
    if (!saved.ok()) {
      std::lock_guard<std::mutex> lock(mutex);
      if (error.ok()) error = saved.status();
      return;
    }
    if (!fetch.status.ok()) {
      ++failed;
    } else if (fetch.page.http_status == 304) {
      ++not_modified;
    } else {
      ++fetched;
    }
    if (job.unchanged) ++unchanged;
    if (!job.not_article.empty()) {
      ++not_articles;
      Note(fetch.page.url, "extract " + fetch.page.url + ": " + job.not_article);
    }
    switch (saved->article) {
      case schema::ArticleDisposition::kWritten:
        ++extracted;
        facts += static_cast<int64_t>(job.article->facts.size());
        if (blocks.has_value()) {
          std::lock_guard<std::mutex> lock(template_mutex);
          ++recorded_pages[blocks->site];
        }
        break;
      case schema::ArticleDisposition::kDuplicateContent:
      case schema::ArticleDisposition::kDuplicateCanonical:
        ++duplicates;
        Note(fetch.page.url, "extract " + fetch.page.url + ": duplicate of " + saved->duplicate_of +
                                 (saved->article == schema::ArticleDisposition::kDuplicateContent
                                      ? " (same bytes)"
                                      : " (same canonical URL)"));
        break;
      case schema::ArticleDisposition::kNone:
        break;
    }
  }

  // Stores `batch` (consecutive outcomes, in order) in one transaction.
  void SaveBatch(std::vector<Job>& batch) {
    const bool grouped = batch.size() > 1;
    if (grouped) {
      Status begun = writer_store->BeginBatch();
      if (!begun.ok()) {
        std::lock_guard<std::mutex> lock(mutex);
        if (error.ok()) error = begun;
        return;
      }
    }
    try {
      for (Job& job : batch) {
        {
          std::lock_guard<std::mutex> lock(mutex);
          if (!error.ok()) break;
        }
        Save(job);
      }
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(mutex);
      if (error.ok()) error = Status::Internal(std::string("store: ") + e.what());
    }
    // What was saved before an error is kept: each save is whole.
    if (grouped) {
      Status committed = writer_store->CommitBatch();
      if (!committed.ok()) {
        std::lock_guard<std::mutex> lock(mutex);
        if (error.ok()) error = committed;
      }
    }
  }

  void WriterLoop() {
    for (;;) {
      std::vector<Job> batch;
      bool failed_before = false;
      {
        std::unique_lock<std::mutex> lock(mutex);
        done_ready.wait(lock, [&] { return stopping || done.contains(stored); });
        if (stopping) return;
        for (uint64_t seq = stored; batch.size() < kMaxBatch; ++seq) {
          auto it = done.find(seq);
          if (it == done.end()) break;
          batch.push_back(std::move(it->second));
          done.erase(it);
        }
        failed_before = !error.ok();
      }
      if (!failed_before) SaveBatch(batch);
      {
        std::lock_guard<std::mutex> lock(mutex);
        stored += batch.size();
        for (const Job& job : batch) queued_bytes -= job.accepted_bytes;
      }
      space_ready.notify_all();
    }
  }

  size_t Limit() const {
    if (options.max_queued > 0) return options.max_queued;
    return 32 * std::max<size_t>(1, reader_stores.size()) + 32;
  }
};

CrawlPipeline::CrawlPipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

CrawlPipeline::~CrawlPipeline() {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->work_ready.notify_all();
  impl_->done_ready.notify_all();
  impl_->space_ready.notify_all();
  for (std::thread& thread : impl_->threads) thread.join();
}

StatusOr<std::unique_ptr<CrawlPipeline>> CrawlPipeline::Start(const std::string& db_path,
                                                              PipelineOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  schema::StoreOptions writer_options;
  writer_options.wal_autocheckpoint_pages = 16384;  // 64 MB of WAL between syncs.
  writer_options.temporary_data_in_memory = true;   // Savepoint journals: see StoreOptions.
  StatusOr<std::unique_ptr<schema::Store>> writer = schema::Store::Open(db_path, writer_options);
  if (!writer.ok()) return writer.status();
  impl->writer_store = std::move(*writer);
  int workers = impl->options.workers;
  if (workers <= 0) workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < workers; ++i) {
    StatusOr<std::unique_ptr<schema::Store>> reader = schema::Store::Open(db_path);
    if (!reader.ok()) return reader.status();
    impl->reader_stores.push_back(std::move(*reader));
  }
  std::unique_ptr<CrawlPipeline> pipeline(new CrawlPipeline(std::move(impl)));
  Impl& state = *pipeline->impl_;
  for (auto& reader : state.reader_stores) {
    schema::Store* store = reader.get();
    state.threads.emplace_back([&state, store] { state.WorkerLoop(*store); });
  }
  state.threads.emplace_back([&state] { state.WriterLoop(); });
  return pipeline;
}

Status CrawlPipeline::Accept(crawler::CrawlOutcome outcome) {
  std::unique_lock<std::mutex> lock(impl_->mutex);
  const size_t limit = impl_->Limit();
  impl_->space_ready.wait(lock, [&] {
    const uint64_t outstanding = impl_->next_seq - impl_->stored;
    return !impl_->error.ok() ||
           (outstanding < limit &&
            (outstanding == 0 || impl_->queued_bytes < impl_->options.max_queued_bytes));
  });
  if (!impl_->error.ok()) return impl_->error;
  Job job;
  job.seq = impl_->next_seq++;
  job.accepted_bytes = outcome.fetch.page.body.size();
  impl_->queued_bytes += job.accepted_bytes;
  job.outcome = std::move(outcome);
  impl_->queue.push_back(std::move(job));
  lock.unlock();
  impl_->work_ready.notify_one();
  return Status::Ok();
}

Status CrawlPipeline::Flush() {
  std::unique_lock<std::mutex> lock(impl_->mutex);
  impl_->space_ready.wait(lock, [&] { return impl_->stored == impl_->next_seq; });
  return impl_->error;
}

PipelineCounts CrawlPipeline::counts() const {
  PipelineCounts counts;
  counts.outcomes = impl_->outcomes;
  counts.fetched = impl_->fetched;
  counts.not_modified = impl_->not_modified;
  counts.failed = impl_->failed;
  counts.extracted = impl_->extracted;
  counts.unchanged = impl_->unchanged;
  counts.not_articles = impl_->not_articles;
  counts.duplicates = impl_->duplicates;
  counts.facts = impl_->facts;
  return counts;
}

}  // namespace factsift::cli
