// SQLite helpers shared by the Store and the crawl state.
#include "schema/internal/sqlite_util.h"

#include <sqlite3.h>

#include "schema/migrations.h"

namespace factsift::schema::internal {
namespace {

// PRAGMA application_id of a factsift database ("FSFT"), set by 0001_initial.sql.
constexpr int kApplicationId = 0x46534654;

int64_t QueryInt(SQLite::Database& db, const char* sql) { return db.execAndGet(sql).getInt64(); }

// Checks that `db` is a factsift database (or empty), then applies every
// migration newer than its user_version, all in one transaction that also
// sets user_version. Returns the resulting version.
StatusOr<int> Migrate(SQLite::Database& db, const std::string& path) {
  const int latest = LatestSchemaVersion();
  int version = static_cast<int>(QueryInt(db, "PRAGMA user_version"));
  const int64_t application_id = QueryInt(db, "PRAGMA application_id");
  if (application_id != kApplicationId &&
      (application_id != 0 || version != 0 ||
       QueryInt(db, "SELECT count(*) FROM sqlite_schema") != 0)) {
    return Status::FailedPrecondition(
        "open database: " + path + ": not a factsift database (application_id " +
        std::to_string(application_id) + ", user_version " + std::to_string(version) + ")");
  }
  auto too_new = [&] {
    return Status::FailedPrecondition("open database: " + path + ": database schema v" +
                                      std::to_string(version) + " is newer than this factsift (v" +
                                      std::to_string(latest) + ")");
  };
  if (version > latest) return too_new();
  if (version == latest) return version;
  // Every pending migration in one transaction: a process killed while
  // creating or upgrading a database leaves it as it was, never between two
  // versions. IMMEDIATE takes the write lock now; then the version is read
  // again, as another process may have migrated while this one waited.
  //
  // Foreign keys are off while migrating (the pragma is a no-op inside a
  // transaction, hence here): a migration may rebuild a table other tables
  // refer to, as SQLite's documentation prescribes. What they would have
  // enforced is checked before the commit instead.
  db.exec("PRAGMA foreign_keys = OFF");
  Status status = Guarded("open database: apply migrations", path, [&]() -> Status {
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    version = static_cast<int>(QueryInt(db, "PRAGMA user_version"));
    for (const Migration& migration : Migrations()) {
      if (migration.version <= version) continue;
      try {
        db.exec(std::string(migration.sql));
      } catch (const SQLite::Exception& e) {
        return FromSqlite(e,
                          "open database: apply migration " + std::to_string(migration.version) +
                              " (" + std::string(migration.name) + ")",
                          path);
      }
      version = migration.version;
    }
    {
      SQLite::Statement violations(db, "PRAGMA foreign_key_check");
      if (violations.executeStep()) {
        return Status::DataLoss(
            "open database: " + path + ": after migrating to v" + std::to_string(version) +
            ", table " + violations.getColumn(0).getString() + " refers to a missing row of " +
            violations.getColumn(2).getString());
      }
    }
    db.exec("PRAGMA user_version = " + std::to_string(version));
    transaction.commit();
    return Status::Ok();
  });
  db.exec("PRAGMA foreign_keys = ON");
  FACTSIFT_RETURN_IF_ERROR(status);
  if (version > latest) return too_new();
  return version;
}

}  // namespace

// Converts a SQLiteCpp exception to a Status that names the operation and the
// database and keeps SQLite's extended result code.
Status FromSqlite(const SQLite::Exception& e, std::string_view context, const std::string& path) {
  const int extended = e.getExtendedErrorCode();
  std::string message(context);
  message += ": ";
  message += path;
  message += ": ";
  const int primary = e.getErrorCode() < 0 ? e.getErrorCode() : (extended & 0xff);
  if (primary == SQLITE_FULL) message += "disk full: ";
  message += e.what();
  message += " (SQLite extended code " + std::to_string(extended) + ")";
  switch (primary) {
    case SQLITE_FULL:
    case SQLITE_NOMEM:
    case SQLITE_TOOBIG:
      return Status::ResourceExhausted(std::move(message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:  // Disk or network file system trouble: may pass.
      return Status::Unavailable(std::move(message));
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return Status::FailedPrecondition(std::move(message));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::DataLoss(std::move(message));
    case SQLITE_CONSTRAINT:  // The schema rejected what the caller passed.
      return Status::InvalidArgument(std::move(message));
    default:
      return Status::Internal(std::move(message));
  }
}

// Optional text is NULL when empty; optional numbers NULL when unset.
void BindOptional(SQLite::Statement& statement, const char* name, const std::string& text) {
  if (text.empty()) {
    statement.bind(name);
  } else {
    statement.bind(name, text);
  }
}
void BindOptional(SQLite::Statement& statement, const char* name, std::string_view text) {
  BindOptional(statement, name, std::string(text));
}
void BindOptional(SQLite::Statement& statement, const char* name,
                  const std::optional<double>& number) {
  if (number.has_value()) {
    statement.bind(name, *number);
  } else {
    statement.bind(name);
  }
}

// Text or blob bytes, including any NULs; "" for NULL.
std::string BytesOf(const SQLite::Column& column) {
  const void* data = column.getBlob();  // Before getBytes(), as SQLite advises.
  const int size = column.getBytes();
  return size > 0 ? std::string(static_cast<const char*>(data), static_cast<size_t>(size))
                  : std::string();
}
std::string TextOf(const SQLite::Column& column) { return BytesOf(column); }
std::optional<double> OptionalDoubleOf(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getDouble();
}

StatusOr<int> PrepareConnection(SQLite::Database& db, const std::string& path) {
  if (sqlite3_db_readonly(db.getHandle(), "main") == 1) {
    return Status::FailedPrecondition("open database: " + path + ": read-only");
  }
  // Per connection, and a no-op inside a transaction: set before anything else.
  db.exec("PRAGMA foreign_keys = ON");
  // Reading the mode touches the file: a file that is not a database fails
  // here with SQLITE_NOTADB. ":memory:" answers "memory" and stays so.
  db.execAndGet("PRAGMA journal_mode = WAL");
  // With WAL, NORMAL loses at most the last transactions on power loss,
  // never consistency, and avoids an fsync per commit.
  db.exec("PRAGMA synchronous = NORMAL");
  return Migrate(db, path);
}

}  // namespace factsift::schema::internal
