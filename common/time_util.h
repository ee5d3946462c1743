// Wall-clock helpers: Unix milliseconds <-> ISO 8601 in UTC.
#ifndef FACTSIFT_COMMON_TIME_UTIL_H_
#define FACTSIFT_COMMON_TIME_UTIL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace factsift {

// Current time as Unix milliseconds.
int64_t NowMs();

// "2026-03-07T10:00:00Z" (seconds precision; milliseconds dropped).
std::string FormatIsoUtc(int64_t unix_ms);

// Parses "2026-03-07", "2026-03-07T10:00", "2026-03-07T10:00:00Z",
// "2026-03-07T10:00:00.5+02:00" and "2026-03-07 10:00:00". A missing zone is
// taken as UTC. Returns nullopt for anything else.
std::optional<int64_t> ParseIsoToMs(std::string_view text);

}  // namespace factsift

#endif  // FACTSIFT_COMMON_TIME_UTIL_H_
