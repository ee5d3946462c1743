-- factsift schema v5: page bodies may be stored compressed.
--
-- A crawl stores every page it fetches; HTML shrinks about three times with
-- zstd at its fastest level, and writing a third of the bytes (to the WAL,
-- then again to the database) is what let the crawl writer keep up. The
-- evidence is unchanged: sha256 and size are of the bytes as fetched, and
-- reading a page decompresses it back to exactly those bytes (the zstd frame
-- carries a checksum, and the decoded size must match `size`).
--
-- SQLite cannot change a table's constraints in place, so the table is
-- rebuilt the way its documentation describes (sqlite.org/lang_altertable.html,
-- "Making Other Kinds Of Table Schema Changes"): the migration runner turns
-- foreign keys off around it and runs PRAGMA foreign_key_check before
-- committing. Existing rows keep their bytes, marked 'identity'.
--
-- This file has shipped once it is in a release: never edit it, add the next
-- number instead (see schema/CMakeLists.txt).

CREATE TABLE pages_v5 (
  sha256        TEXT PRIMARY KEY NOT NULL
                CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  bytes         BLOB NOT NULL,   -- The body, encoded as `encoding` says.
  encoding      TEXT NOT NULL DEFAULT 'identity' CHECK (encoding IN ('identity', 'zstd')),
  size          INTEGER NOT NULL CHECK (size >= 0),  -- Of the body as fetched.
  first_seen_ms INTEGER NOT NULL,
  CHECK (encoding <> 'identity' OR size = length(bytes))
);
INSERT INTO pages_v5 (sha256, bytes, encoding, size, first_seen_ms)
  SELECT sha256, bytes, 'identity', size, first_seen_ms FROM pages;
DROP TABLE pages;
ALTER TABLE pages_v5 RENAME TO pages;
