// Status and StatusOr<T>: how every factsift module reports failure.
//
// Per-page failure is normal (timeouts, 404s, junk HTML), so errors are
// values, not exceptions. Names follow absl::Status so that Debian's
// libabsl-dev could replace this file without touching callers.
#ifndef FACTSIFT_COMMON_STATUS_H_
#define FACTSIFT_COMMON_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace factsift {

// Codes keep abseil's retry meaning. Persisted in the fetch log: do not renumber.
enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument = 3,     // Bad input or usage.
  kDeadlineExceeded = 4,    // Timeout: retry later.
  kNotFound = 5,            // 404/410, missing file.
  kAlreadyExists = 6,       // Lock held by another process.
  kResourceExhausted = 8,   // A size or count cap was hit.
  kFailedPrecondition = 9,  // Not HTML, robots disallow: do not retry.
  kUnavailable = 14,        // Network or 5xx: retry with backoff.
  kDataLoss = 15,           // Corrupt stored data.
  kInternal = 13,           // A bug.
};

std::string_view StatusCodeName(StatusCode code);

// A success or an error code with a message that names what and which,
// e.g. "fetch https://x/a: timeout after 20000 ms". Cheap to copy when ok.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status DeadlineExceeded(std::string m) {
    return {StatusCode::kDeadlineExceeded, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status ResourceExhausted(std::string m) {
    return {StatusCode::kResourceExhausted, std::move(m)};
  }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns "outer: inner" so that context reads from the outside in.
  Status WithContext(std::string_view outer) const {
    if (ok()) return *this;
    return Status(code_, std::string(outer) + ": " + message_);
  }

  // "NOT_FOUND: fetch https://x/a: HTTP 404"; "OK" for success.
  std::string ToString() const;

  bool operator==(const Status&) const = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the error that prevented it. REQUIRES: a StatusOr built from a
// Status holds an error (an ok Status has no value to go with it).
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design, as absl.
    assert(!status_.ok() && "StatusOr built from an ok Status has no value");
    if (status_.ok()) status_ = Status::Internal("StatusOr built from an ok Status");
  }
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design, as absl.

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace factsift

// Returns from the enclosing function when `expr` is not ok.
#define FACTSIFT_RETURN_IF_ERROR(expr)                   \
  do {                                                   \
    ::factsift::Status factsift_status_ = (expr);        \
    if (!factsift_status_.ok()) return factsift_status_; \
  } while (false)

#endif  // FACTSIFT_COMMON_STATUS_H_
