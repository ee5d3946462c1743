// EXPECT_OK / ASSERT_OK for Status and StatusOr, printing the message on failure.
// Each evaluates its argument once, so calls with side effects are safe.
#ifndef FACTSIFT_TESTS_TESTING_STATUS_MATCHERS_H_
#define FACTSIFT_TESTS_TESTING_STATUS_MATCHERS_H_

#include <gtest/gtest.h>

#include "common/status.h"

namespace factsift::testing {

inline const Status& GetStatus(const Status& status) { return status; }
template <typename T>
const Status& GetStatus(const StatusOr<T>& status_or) {
  return status_or.status();
}

inline ::testing::AssertionResult IsOk(const Status& status) {
  if (status.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << status.ToString();
}

}  // namespace factsift::testing

#define EXPECT_OK(expr) EXPECT_TRUE(::factsift::testing::IsOk(::factsift::testing::GetStatus(expr)))
#define ASSERT_OK(expr) ASSERT_TRUE(::factsift::testing::IsOk(::factsift::testing::GetStatus(expr)))

#endif  // FACTSIFT_TESTS_TESTING_STATUS_MATCHERS_H_
