// Site templates: blocks a host repeats on many of its pages (an in-body
// promotion, a newsletter pitch, a disclaimer written like prose). One page
// cannot tell such a block from the article; a crawl that has seen the host's
// other pages can. The extractor reports a fingerprint for each block it
// keeps, the caller counts on how many distinct pages of the host each one
// stood (schema::Store in a crawl, TemplateLearner in memory) and passes the
// frequent ones back as the host's SiteTemplate, whose blocks then leave the
// article text.
//
//   TemplateLearner learner;
//   for (page of the host) { PageBlocks blocks; ExtractFromHtml(page, {}, &blocks);
//                            learner.AddPage(page.url, blocks.fingerprints); }
//   SiteTemplate site = learner.Template();
//   ExtractOptions options; options.site_template = &site;
#ifndef FACTSIFT_EXTRACT_SITE_TEMPLATE_H_
#define FACTSIFT_EXTRACT_SITE_TEMPLATE_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace factsift::extract {

// A block's identity across pages: a 64-bit FNV-1a hash of its normalised
// text (ASCII lower-cased, whitespace squeezed) and its simplified DOM path
// (the tag names from <body> down to the block, without indexes, classes or
// ids). Stable across builds and platforms: it is stored in the database.
uint64_t BlockFingerprint(std::string_view text, std::string_view dom_path);

// Blocks shorter than this many non-space bytes get no fingerprint: short
// labels ("Share", "Read more") are left to the single-page rules.
inline constexpr int kMinTemplateBlockChars = 20;

// The fingerprints of one host's boilerplate blocks.
struct SiteTemplate {
  std::unordered_set<uint64_t> fingerprints;

  bool empty() const { return fingerprints.empty(); }
  bool Contains(uint64_t fingerprint) const { return fingerprints.contains(fingerprint); }
};

// When a block counts as the host's template (the Store uses the same rule).
struct TemplateOptions {
  // Distinct pages of the host a block must stand on. Higher waits for more
  // evidence; 2 would take a quote two articles share for boilerplate.
  int min_pages = 3;
  // ...and the share of the host's pages seen so far it must stand on, so
  // that on a big site a block three articles share (a recurring quote, a
  // series introduction) stays article text.
  double min_fraction = 0.25;
};

// Counts fingerprints per distinct page in memory: for tests, the corpus and
// benchmarks, where no database is at hand. Adding a page URL again replaces
// nothing and counts nothing twice.
class TemplateLearner {
 public:
  void AddPage(std::string_view url, const std::vector<uint64_t>& fingerprints);
  int pages() const { return static_cast<int>(pages_.size()); }
  SiteTemplate Template(const TemplateOptions& options = {}) const;

 private:
  std::set<std::string, std::less<>> pages_;
  std::map<uint64_t, int> page_counts_;
};

// True when a block standing on `block_pages` of a host's `host_pages` pages
// is boilerplate under `options`.
bool IsTemplateBlock(int64_t block_pages, int64_t host_pages, const TemplateOptions& options);

}  // namespace factsift::extract

#endif  // FACTSIFT_EXTRACT_SITE_TEMPLATE_H_
