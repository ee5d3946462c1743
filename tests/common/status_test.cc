#include "common/status.h"

#include <string>

#include <gtest/gtest.h>

namespace factsift {
namespace {

TEST(Status, OkByDefault) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.ToString(), "OK");
}

TEST(Status, ContextReadsOutsideIn) {
  const Status status = Status::NotFound("HTTP 404").WithContext("fetch https://x/a");
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "fetch https://x/a: HTTP 404");
  EXPECT_EQ(status.ToString(), "NOT_FOUND: fetch https://x/a: HTTP 404");
}

TEST(Status, OkIgnoresContext) { EXPECT_TRUE(Status::Ok().WithContext("outer").ok()); }

TEST(StatusOr, HoldsValueOrError) {
  StatusOr<std::string> value(std::string("abc"));
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, "abc");
  EXPECT_EQ(value->size(), 3u);

  StatusOr<std::string> error(Status::InvalidArgument("empty input"));
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace factsift
