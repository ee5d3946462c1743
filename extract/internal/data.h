// Data files compiled into the binary (see extract/embed_data.cmake).
#ifndef FACTSIFT_EXTRACT_INTERNAL_DATA_H_
#define FACTSIFT_EXTRACT_INTERNAL_DATA_H_

#include <string_view>

namespace factsift::extract::data {

extern const std::string_view kAssetsTsv;   // extract/data/assets.tsv
extern const std::string_view kSourcesTsv;  // extract/data/sources.tsv

}  // namespace factsift::extract::data

#endif  // FACTSIFT_EXTRACT_INTERNAL_DATA_H_
