// An exclusive lock on a database for one writer process at a time: flock(2)
// on the sidecar file "<database>.lock". The kernel drops the lock when the
// process ends, however it ends (SIGKILL included), so a stale lock cannot
// outlive a crash, and the sidecar file is never removed (removing it would
// let two processes lock two different files).
#ifndef FACTSIFT_SCHEMA_DATABASE_LOCK_H_
#define FACTSIFT_SCHEMA_DATABASE_LOCK_H_

#include <memory>
#include <string>

#include "common/status.h"

namespace factsift::schema {

class DatabaseLock {
 public:
  // Takes the lock of the database at `database_path` without waiting.
  // Errors: AlreadyExists when another process holds it ("... is locked by
  // another factsift crawl"); FailedPrecondition when the lock file cannot be
  // created or locked (read-only directory, no flock support).
  static StatusOr<std::unique_ptr<DatabaseLock>> Acquire(const std::string& database_path);

  ~DatabaseLock();  // Releases the lock.
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;

  const std::string& path() const { return path_; }  // The lock file.

 private:
  DatabaseLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_;
  std::string path_;
};

}  // namespace factsift::schema

#endif  // FACTSIFT_SCHEMA_DATABASE_LOCK_H_
