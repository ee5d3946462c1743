#include "extract/site_template.h"

#include <algorithm>

namespace factsift::extract {
namespace {

constexpr uint64_t kFnvOffset = 14695981039346656037ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

void Mix(uint64_t& hash, unsigned char byte) {
  hash ^= byte;
  hash *= kFnvPrime;
}

}  // namespace

uint64_t BlockFingerprint(std::string_view text, std::string_view dom_path) {
  uint64_t hash = kFnvOffset;
  for (char c : dom_path) Mix(hash, static_cast<unsigned char>(c));
  // A separator no path or text byte equals, so that ("ab", "c") and ("a",
  // "bc") differ.
  Mix(hash, 0);
  bool space = false;
  bool started = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      space = started;
      continue;
    }
    if (space) Mix(hash, ' ');
    space = false;
    started = true;
    Mix(hash, static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
  }
  return hash;
}

bool IsTemplateBlock(int64_t block_pages, int64_t host_pages, const TemplateOptions& options) {
  if (block_pages < std::max(1, options.min_pages)) return false;
  return static_cast<double>(block_pages) >= options.min_fraction * static_cast<double>(host_pages);
}

void TemplateLearner::AddPage(std::string_view url, const std::vector<uint64_t>& fingerprints) {
  if (!pages_.emplace(url).second) return;
  std::vector<uint64_t> distinct = fingerprints;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  for (uint64_t fingerprint : distinct) ++page_counts_[fingerprint];
}

SiteTemplate TemplateLearner::Template(const TemplateOptions& options) const {
  SiteTemplate site;
  for (const auto& [fingerprint, count] : page_counts_) {
    if (IsTemplateBlock(count, pages(), options)) site.fingerprints.insert(fingerprint);
  }
  return site;
}

}  // namespace factsift::extract
