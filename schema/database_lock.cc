// DatabaseLock over flock(2).
#include "schema/database_lock.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace factsift::schema {

StatusOr<std::unique_ptr<DatabaseLock>> DatabaseLock::Acquire(const std::string& database_path) {
  std::string path = database_path + ".lock";
  int fd = -1;
  do {
    fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  } while (fd < 0 && errno == EINTR);
  // flock needs no write access: a lock file another user made still serves.
  if (fd < 0 && (errno == EACCES || errno == EROFS)) {
    do {
      fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
  }
  if (fd < 0) {
    return Status::FailedPrecondition("cannot create lock file " + path + ": " +
                                      std::strerror(errno));
  }
  int result = 0;
  do {
    result = ::flock(fd, LOCK_EX | LOCK_NB);
  } while (result != 0 && errno == EINTR);
  if (result != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) {
      return Status::AlreadyExists("database " + database_path +
                                   " is locked by another factsift crawl (" + path + ")");
    }
    return Status::FailedPrecondition("cannot lock " + path + ": " + std::strerror(error));
  }
  return std::unique_ptr<DatabaseLock>(new DatabaseLock(fd, std::move(path)));
}

DatabaseLock::~DatabaseLock() {
  if (fd_ >= 0) ::close(fd_);  // Closing the last descriptor releases the flock.
}

}  // namespace factsift::schema
