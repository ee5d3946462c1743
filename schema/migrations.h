// The SQLite schema as numbered migrations, compiled in from
// schema/migrations/NNNN_name.sql (see schema/embed_migrations.cmake).
#ifndef FACTSIFT_SCHEMA_MIGRATIONS_H_
#define FACTSIFT_SCHEMA_MIGRATIONS_H_

#include <span>
#include <string_view>

namespace factsift::schema {

// One schema step. Store::Open runs `sql` in one transaction that also sets
// PRAGMA user_version to `version`.
struct Migration {
  int version = 0;        // 1, 2, 3...: the schema version after this step.
  std::string_view name;  // From the file name: "initial" for 0001_initial.sql.
  std::string_view sql;   // The whole file, possibly several statements.
};

// Every migration, in version order without gaps. Static storage: the views
// stay valid for the life of the program.
std::span<const Migration> Migrations();

// The schema version this binary reads and writes: that of the last migration.
inline int LatestSchemaVersion() {
  const std::span<const Migration> migrations = Migrations();
  return migrations.empty() ? 0 : migrations.back().version;
}

}  // namespace factsift::schema

#endif  // FACTSIFT_SCHEMA_MIGRATIONS_H_
