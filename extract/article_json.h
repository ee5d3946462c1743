// The JSON form of an Article: the `factsift extract` output contract
// (README "The extract contract"), shared by extract, export and the API.
#ifndef FACTSIFT_EXTRACT_ARTICLE_JSON_H_
#define FACTSIFT_EXTRACT_ARTICLE_JSON_H_

#include <string_view>

#include <nlohmann/json.hpp>

#include "common/article.h"

namespace factsift::extract {

// Keys in contract order. Empty strings that mean "unknown" become null.
nlohmann::ordered_json FactToJson(const Fact& fact);
nlohmann::ordered_json ArticleToJson(const Article& article, std::string_view source);

}  // namespace factsift::extract

#endif  // FACTSIFT_EXTRACT_ARTICLE_JSON_H_
