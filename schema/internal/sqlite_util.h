// SQLite helpers shared by the Store and the crawl state: exception-to-Status
// conversion, statement reuse, optional bindings, and opening a connection
// with factsift's pragmas and migrations. Internal to schema/.
#ifndef FACTSIFT_SCHEMA_INTERNAL_SQLITE_UTIL_H_
#define FACTSIFT_SCHEMA_INTERNAL_SQLITE_UTIL_H_

#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include <SQLiteCpp/SQLiteCpp.h>

#include "common/status.h"

namespace factsift::schema::internal {

// Converts a SQLiteCpp exception to a Status that names the operation and the
// database and keeps SQLite's extended result code.
Status FromSqlite(const SQLite::Exception& e, std::string_view context, const std::string& path);

// Runs `fn` (returning Status or StatusOr<T>), turning any exception into a
// Status: nothing thrown by SQLiteCpp or std leaves this library.
template <typename Fn>
auto Guarded(std::string_view context, const std::string& path, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const SQLite::Exception& e) {
    return FromSqlite(e, context, path);
  } catch (const std::exception& e) {
    return Status::Internal(std::string(context) + ": " + path + ": " + e.what());
  }
}

// One use of a member statement: resets it and clears its bindings first, so
// that nothing from an earlier (possibly failed) use leaks in, and resets it
// again afterwards so that no read stays open.
class StatementUse {
 public:
  explicit StatementUse(SQLite::Statement& statement) : statement_(statement) {
    statement_.tryReset();
    statement_.clearBindings();
  }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;
  ~StatementUse() { statement_.tryReset(); }

  SQLite::Statement* operator->() { return &statement_; }
  SQLite::Statement& operator*() { return statement_; }

 private:
  SQLite::Statement& statement_;
};

// Optional text is NULL when empty; optional numbers NULL when unset.
void BindOptional(SQLite::Statement& statement, const char* name, const std::string& text);
void BindOptional(SQLite::Statement& statement, const char* name, std::string_view text);
void BindOptional(SQLite::Statement& statement, const char* name,
                  const std::optional<double>& number);

// Text or blob bytes, including any NULs; "" for NULL.
std::string BytesOf(const SQLite::Column& column);
std::string TextOf(const SQLite::Column& column);
std::optional<double> OptionalDoubleOf(const SQLite::Column& column);

// Readies a freshly opened read-write connection to `path`: refuses a
// read-only file, sets foreign keys, WAL and synchronous=NORMAL, checks that
// the file is a factsift database (or empty) and applies every migration it
// lacks. Returns the schema version. Throws SQLite::Exception (callers run it
// inside Guarded).
StatusOr<int> PrepareConnection(SQLite::Database& db, const std::string& path);

}  // namespace factsift::schema::internal

#endif  // FACTSIFT_SCHEMA_INTERNAL_SQLITE_UTIL_H_
