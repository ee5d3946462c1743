#include "cli/pipeline.h"

#include "cli/util.h"

namespace factsift::cli {

StatusOr<Article> ExtractPage(const RawPage& page, const extract::ExtractOptions& options) {
  if (page.content_type.starts_with("text/plain")) {
    return extract::ExtractFromText(page.body, page.final_url.empty() ? page.url : page.final_url,
                                    options);
  }
  return extract::ExtractFromHtml(page, options);
}

Status ExtractAndStoreSink::Accept(const FetchResult& result) {
  const std::string_view version = extract::ExtractorVersion();
  if (!result.status.ok()) {
    ++counts_.failed;
    if (!quiet_) PrintError(result.status.message());
    StatusOr<std::string> saved = store_.SaveFetch(result, nullptr, version);
    return saved.status();
  }
  ++counts_.fetched;
  if (result.page.http_status == 304 || result.page.body.empty()) {
    StatusOr<std::string> saved = store_.SaveFetch(result, nullptr, version);
    return saved.status();
  }
  const std::string sha = schema::Sha256Hex(result.page.body);
  StatusOr<bool> current = store_.ArticleIsCurrent(result.page.url, sha, version);
  if (!current.ok()) return current.status();
  if (*current) {
    ++counts_.unchanged;
    return store_.SaveFetch(result, nullptr, version).status();
  }
  StatusOr<Article> article = ExtractPage(result.page, options_);
  if (!article.ok()) {
    // The bytes are kept as evidence even when they are not an article.
    ++counts_.not_articles;
    if (!quiet_) {
      PrintError("extract " + result.page.url + ": " + article.status().message());
    }
    return store_.SaveFetch(result, nullptr, version).status();
  }
  ++counts_.extracted;
  counts_.facts += static_cast<int64_t>(article->facts.size());
  return store_.SaveFetch(result, &*article, version).status();
}

}  // namespace factsift::cli
