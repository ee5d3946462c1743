// Fixtures for the schema tests: a temporary directory, sample fetches and
// articles, and a second connection to look inside a database file.
#ifndef FACTSIFT_TESTS_SCHEMA_SCHEMA_TESTING_H_
#define FACTSIFT_TESTS_SCHEMA_SCHEMA_TESTING_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "common/article.h"
#include "common/raw_page.h"

namespace factsift::schema::testing {

// A fresh directory under the system temp directory, removed with its
// contents on destruction.
class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::filesystem::path& path() const { return path_; }
  // path()/name as a string.
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A successful HTTP 200 fetch of `url` returning `body` at `fetched_at_ms`.
FetchResult Fetched(const std::string& url, const std::string& body, int64_t fetched_at_ms);
// A failed fetch of `url`.
FetchResult Failed(const std::string& url, Status status, int http_status, int64_t fetched_at_ms);

// An article using every field: all enum values, set and unset optionals,
// empty strings, non-ASCII text and an embedded NUL.
Article RichArticle(const std::string& url);
// A small article with `facts` price facts, for replacement tests.
Article SmallArticle(const std::string& url, int facts);

// Row count of every table in the database file at `path`, by table name.
std::map<std::string, int64_t> CountRows(const std::string& path);
// The single integer result of `sql` run on the database file at `path`.
int64_t QueryInt(const std::string& path, const std::string& sql);
// The single text result of `sql` run on the database file at `path`.
std::string QueryText(const std::string& path, const std::string& sql);
// Runs `sql` on the database file at `path`, creating the file if needed.
void Execute(const std::string& path, const std::string& sql);

}  // namespace factsift::schema::testing

#endif  // FACTSIFT_TESTS_SCHEMA_SCHEMA_TESTING_H_
