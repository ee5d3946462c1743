#include "common/time_util.h"

#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace factsift {
namespace {

// ISO 8601 forms that pages and feeds use; each row's expected instant is UTC.
TEST(TimeUtil, ParsesIsoForms) {
  struct Row {
    std::string input;
    std::optional<std::string> utc;
  };
  const Row rows[] = {
      {"2026-03-07", "2026-03-07T00:00:00Z"},
      {"2026-03-06T13:29", "2026-03-06T13:29:00Z"},
      {"2026-03-06T13:29:51+00:00", "2026-03-06T13:29:51Z"},
      {"2026-03-06T13:29:51.250Z", "2026-03-06T13:29:51Z"},
      {"2026-03-07T01:00:00+02:00", "2026-03-06T23:00:00Z"},
      {"2026-03-06T20:00:00-0500", "2026-03-07T01:00:00Z"},
      {"2026-03-06 13:29:51", "2026-03-06T13:29:51Z"},
      {"1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"},
      {"2024-02-29", "2024-02-29T00:00:00Z"},
      {"March 7, 2026", std::nullopt},
      {"2026-13-01", std::nullopt},
      {"2026-03-07T25:00", std::nullopt},
      {"2026-03-07Tgarbage", std::nullopt},
      {"", std::nullopt},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.input);
    const std::optional<int64_t> ms = ParseIsoToMs(row.input);
    ASSERT_EQ(ms.has_value(), row.utc.has_value());
    if (ms) {
      EXPECT_EQ(FormatIsoUtc(*ms), *row.utc);
    }
  }
}

TEST(TimeUtil, NowIsAfter2025) { EXPECT_GT(NowMs(), *ParseIsoToMs("2025-01-01")); }

}  // namespace
}  // namespace factsift
