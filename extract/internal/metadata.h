// Article metadata: JSON-LD first, then meta tags, then <time> and visible bylines.
#ifndef FACTSIFT_EXTRACT_INTERNAL_METADATA_H_
#define FACTSIFT_EXTRACT_INTERNAL_METADATA_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/internal/dom.h"
#include "extract/internal/html_prepare.h"

namespace factsift::extract::internal {

struct Metadata {
  std::string title;
  std::string author;
  std::string site_name;
  std::string published;  // ISO 8601, as precise as the page gives it.
  std::string updated;
  std::string canonical_url;
  std::string language;  // Primary subtag, lower case.
  std::string description;
};

Metadata ReadMetadata(const Document& doc, const std::vector<EmbeddedJson>& json);

// Parses dates as pages write them in bylines: "March 7, 2026", "Mar 7, 2026
// 1:29 pm", "7 March 2026 13:29", "2026-03-07". Returns ISO 8601 without a
// zone ("2026-03-06T13:29") or nullopt.
std::optional<std::string> ParseHumanDate(std::string_view text);

}  // namespace factsift::extract::internal

#endif  // FACTSIFT_EXTRACT_INTERNAL_METADATA_H_
