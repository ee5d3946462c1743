#include "bench/shingle_metric.h"

#include <algorithm>

#include <re2/re2.h>

namespace factsift::bench {

std::vector<std::string_view> Tokenize(std::string_view text) {
  static const LazyRE2 kWord = {R"(([\pL\pN_]+))"};
  std::vector<std::string_view> tokens;
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece token;
  while (RE2::FindAndConsume(&input, *kWord, &token))
    tokens.emplace_back(token.data(), token.size());
  return tokens;
}

std::unordered_map<std::string, int> Shingles(const std::vector<std::string_view>& tokens) {
  std::unordered_map<std::string, int> shingles;
  if (tokens.empty()) return shingles;
  const size_t windows = tokens.size() >= kShingleSize ? tokens.size() - kShingleSize + 1 : 1;
  const size_t width = std::min(kShingleSize, tokens.size());
  std::string key;
  for (size_t i = 0; i < windows; ++i) {
    key.clear();
    for (size_t j = i; j < i + width; ++j) {
      if (j > i) key += ' ';
      key.append(tokens[j]);
    }
    ++shingles[key];
  }
  return shingles;
}

PageScore ScorePage(std::string_view truth, std::string_view prediction) {
  const std::vector<std::string_view> truth_tokens = Tokenize(truth);
  const std::vector<std::string_view> predicted_tokens = Tokenize(prediction);
  PageScore score;
  score.truth_tokens = truth_tokens.size();
  score.predicted_tokens = predicted_tokens.size();
  score.exact = truth_tokens == predicted_tokens;
  const std::unordered_map<std::string, int> truth_shingles = Shingles(truth_tokens);
  const std::unordered_map<std::string, int> predicted_shingles = Shingles(predicted_tokens);
  for (const auto& [shingle, truth_count] : truth_shingles) {
    auto it = predicted_shingles.find(shingle);
    const int predicted_count = it == predicted_shingles.end() ? 0 : it->second;
    score.tp += std::min(truth_count, predicted_count);
    score.fn += std::max(0, truth_count - predicted_count);
  }
  for (const auto& [shingle, predicted_count] : predicted_shingles) {
    auto it = truth_shingles.find(shingle);
    const int truth_count = it == truth_shingles.end() ? 0 : it->second;
    score.fp += std::max(0, predicted_count - truth_count);
  }
  const double if_empty = score.exact ? 1.0 : 0.0;
  if (!predicted_tokens.empty()) {
    score.precision = score.tp + score.fp > 0
                          ? static_cast<double>(score.tp) / static_cast<double>(score.tp + score.fp)
                          : if_empty;
  }
  score.recall = score.tp + score.fn > 0
                     ? static_cast<double>(score.tp) / static_cast<double>(score.tp + score.fn)
                     : if_empty;
  return score;
}

}  // namespace factsift::bench
