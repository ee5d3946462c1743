-- factsift schema v1: raw pages as fetched, fetch outcomes, and the articles,
-- facts, citations and market snapshots extracted from them.
--
-- Conventions: times are Unix milliseconds, UTC (*_ms). Enumerations are stored
-- by their names from common/article.h (KindName, SectionName, ...), never by
-- number. An optional text that is empty is stored as NULL, and so is an
-- unknown number, except in fetches: there absent headers and errors are '',
-- which its outcome key can compare (NULLs never collide in a UNIQUE index).
--
-- This file has shipped once it is in a release: never edit it, add
-- 0002_<what>.sql instead (see schema/CMakeLists.txt).

-- Marks the file as a factsift database ("FSFT"), so that Store::Open can
-- refuse to migrate some other application's SQLite file.
PRAGMA application_id = 1179862612;

-- Content-addressed page bodies: one row per distinct byte string, exactly as
-- fetched (after content decoding, before charset conversion).
CREATE TABLE pages (
  sha256        TEXT PRIMARY KEY NOT NULL
                CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  bytes         BLOB NOT NULL,
  size          INTEGER NOT NULL CHECK (size = length(bytes)),
  first_seen_ms INTEGER NOT NULL
);

-- One row per distinct outcome of fetching a URL. Re-fetching the same bytes
-- with the same status bumps last_fetched_ms and times_seen of the existing
-- row; a changed page or a new error adds a row, so history is kept.
CREATE TABLE fetches (
  id               INTEGER PRIMARY KEY,
  url              TEXT NOT NULL CHECK (url <> ''),  -- As requested.
  final_url        TEXT NOT NULL DEFAULT '',         -- After redirects.
  http_status      INTEGER NOT NULL DEFAULT 0 CHECK (http_status BETWEEN 0 AND 999),
  content_type     TEXT NOT NULL DEFAULT '',
  etag             TEXT NOT NULL DEFAULT '',
  last_modified    TEXT NOT NULL DEFAULT '',
  error_code       INTEGER NOT NULL DEFAULT 0,       -- factsift::StatusCode; 0 = success.
  error            TEXT NOT NULL DEFAULT '',         -- Status message; '' on success.
  page_sha256      TEXT REFERENCES pages (sha256),   -- NULL exactly when the fetch failed.
  first_fetched_ms INTEGER NOT NULL,
  last_fetched_ms  INTEGER NOT NULL,
  times_seen       INTEGER NOT NULL DEFAULT 1 CHECK (times_seen >= 1),
  CHECK ((error_code = 0) = (page_sha256 IS NOT NULL)),
  CHECK (first_fetched_ms <= last_fetched_ms)
);
-- The outcome key. ifnull() because NULLs are distinct in a UNIQUE index: two
-- identical failures must collide. Also serves every lookup by url.
CREATE UNIQUE INDEX fetches_outcome
  ON fetches (url, http_status, ifnull(page_sha256, ''), error);

-- The current extraction of each requested URL. Re-extraction updates the row
-- in place (the id is stable) and replaces its facts, citations and snapshot.
CREATE TABLE articles (
  id                         INTEGER PRIMARY KEY,
  url                        TEXT NOT NULL UNIQUE CHECK (url <> ''),  -- As requested.
  article_url                TEXT,  -- Article::url when it differs from url, else NULL.
  page_sha256                TEXT NOT NULL REFERENCES pages (sha256),
  fetched_at_ms              INTEGER NOT NULL,  -- First fetch of these bytes from url.
  canonical_url              TEXT,
  title                      TEXT,
  author                     TEXT,
  site_name                  TEXT,
  published                  TEXT,  -- ISO 8601 as precise as the page says.
  updated                    TEXT,
  language                   TEXT,  -- BCP 47 primary tag.
  text                       TEXT NOT NULL,
  extractor_version          TEXT NOT NULL,
  extracted_at_ms            INTEGER NOT NULL,
  boilerplate_blocks_removed INTEGER NOT NULL DEFAULT 0,
  ticker_items               INTEGER NOT NULL DEFAULT 0,
  bytes                      INTEGER NOT NULL DEFAULT 0 CHECK (bytes >= 0),
  parse_ms                   REAL NOT NULL DEFAULT 0,
  extract_ms                 REAL NOT NULL DEFAULT 0
);

-- One numeric claim of an article (common/article.h Fact), in article order.
CREATE TABLE facts (
  id           INTEGER PRIMARY KEY,
  article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  ordinal      INTEGER NOT NULL CHECK (ordinal >= 0),
  kind         TEXT NOT NULL CHECK (kind <> ''),  -- KindName: 'price', 'etf_flow', ...
  asset        TEXT,
  name         TEXT,
  value        REAL NOT NULL,
  value_high   REAL,
  value_from   REAL,
  unit         TEXT,
  side         TEXT CHECK (side <> ''),                    -- SideName; NULL for none.
  direction    TEXT CHECK (direction IN ('up', 'down')),   -- NULL for none.
  bound        TEXT CHECK (bound IN ('lower', 'upper')),   -- NULL for none.
  approx       INTEGER NOT NULL CHECK (approx IN (0, 1)),
  conditional  INTEGER NOT NULL CHECK (conditional IN (0, 1)),
  negated      INTEGER NOT NULL CHECK (negated IN (0, 1)),
  period       TEXT,
  section      TEXT NOT NULL CHECK (section <> ''),        -- SectionName.
  text         TEXT NOT NULL,
  start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
  end_offset   INTEGER NOT NULL CHECK (end_offset >= start_offset),
  sentence     TEXT,
  pattern      TEXT,
  UNIQUE (article_id, ordinal)
);
CREATE INDEX facts_kind_asset ON facts (kind, asset);

-- Sources an article credits, in article order.
CREATE TABLE citations (
  id         INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  ordinal    INTEGER NOT NULL CHECK (ordinal >= 0),
  name       TEXT,
  raw        TEXT,
  url        TEXT,
  kind       TEXT NOT NULL CHECK (kind <> ''),  -- CitationKindName: 'data', 'outlet'.
  UNIQUE (article_id, ordinal)
);

-- Market quotes the page itself displays (ticker tape, price widget).
CREATE TABLE market_snapshots (
  id             INTEGER PRIMARY KEY,
  article_id     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  ordinal        INTEGER NOT NULL CHECK (ordinal >= 0),
  asset          TEXT,
  name           TEXT,
  price          REAL,  -- USD.
  change_percent REAL,  -- Signed, over period.
  period         TEXT,
  origin         TEXT,  -- 'ticker', 'widget' or 'chip'.
  volume         REAL,  -- USD over period.
  market_cap     REAL,  -- USD.
  low            REAL,
  high           REAL,
  UNIQUE (article_id, ordinal)
);
