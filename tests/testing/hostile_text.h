// Helpers for tests that build hostile inputs and bound the work they cost.
#ifndef FACTSIFT_TESTS_TESTING_HOSTILE_TEXT_H_
#define FACTSIFT_TESTS_TESTING_HOSTILE_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include <time.h>

namespace factsift::testing {

// `piece` written `times` times over.
inline std::string Repeat(std::string_view piece, size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// How many times slower this build does the same work than the product
// build the time bars are for: AddressSanitizer (scripts/test's second pass)
// costs several times the CPU, and more on a busy shared machine.
// GCC says so with __SANITIZE_ADDRESS__, clang with __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define FACTSIFT_TESTING_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FACTSIFT_TESTING_ASAN 1
#endif
#endif
#ifdef FACTSIFT_TESTING_ASAN
inline constexpr double kCpuSlowdown = 8;
#else
inline constexpr double kCpuSlowdown = 1;
#endif

// CPU time of the calling thread, in seconds: a bound on the work done, which
// a loaded machine does not stretch the way it stretches the wall clock.
inline double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

}  // namespace factsift::testing

#endif  // FACTSIFT_TESTS_TESTING_HOSTILE_TEXT_H_
