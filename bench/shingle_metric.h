// The aeb-dev benchmark's text metric (its README, "Metric"): 4-token
// shingles of Python-style \w+ tokens, compared as multisets. Shared by
// content_bench (the benchmark itself) and template_bench (the corpus).
#ifndef FACTSIFT_BENCH_SHINGLE_METRIC_H_
#define FACTSIFT_BENCH_SHINGLE_METRIC_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace factsift::bench {

inline constexpr size_t kShingleSize = 4;  // Tokens per shingle, as the benchmark.

// Every maximal run of Unicode letters, digits and underscores (Python's
// `\w+`), as views into `text`. Case is kept; everything else separates.
//   "Bitcoin's $67,835 — 東京" -> Bitcoin, s, 67, 835, 東京
std::vector<std::string_view> Tokenize(std::string_view text);

// The multiset of windows of kShingleSize consecutive tokens, each joined by
// a space (tokens hold no spaces, so the join is unambiguous). A text with
// fewer tokens is one shingle; a text with none has none.
std::unordered_map<std::string, int> Shingles(const std::vector<std::string_view>& tokens);

struct PageScore {
  long tp = 0, fp = 0, fn = 0;
  std::optional<double> precision;  // nullopt when the prediction has no token.
  double recall = 0;
  bool exact = false;  // Token sequences identical.
  size_t truth_tokens = 0, predicted_tokens = 0;
};

// Precision and recall are tp/(tp+fp) and tp/(tp+fn); where a denominator is
// 0 the score is 1 for identical texts (both empty) and 0 otherwise.
PageScore ScorePage(std::string_view truth, std::string_view prediction);

}  // namespace factsift::bench

#endif  // FACTSIFT_BENCH_SHINGLE_METRIC_H_
