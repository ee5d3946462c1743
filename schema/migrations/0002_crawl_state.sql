-- factsift schema v2: what the crawler keeps between runs: the frontier with
-- each URL's state, the robots.txt cache, and the runs themselves; plus the
-- key by which articles are de-duplicated on their rel=canonical URL.
--
-- Conventions as in 0001: times are Unix milliseconds, UTC (*_ms); enumerations
-- by name; an absent optional number is NULL.
--
-- This file has shipped once it is in a release: never edit it, add
-- 0003_<what>.sql instead (see schema/CMakeLists.txt).

-- One row per crawl run. A run that never finished (the process was killed)
-- is resumed by the next one: same row, resumes + 1.
CREATE TABLE crawl_runs (
  id          INTEGER PRIMARY KEY,
  started_ms  INTEGER NOT NULL,
  resumed_ms  INTEGER,                 -- Last time an interrupted run was resumed.
  finished_ms INTEGER,                 -- NULL while running, or interrupted.
  resumes     INTEGER NOT NULL DEFAULT 0 CHECK (resumes >= 0)
);

-- The frontier: every URL the crawler was given or found, with what it knows
-- about it (crawler/crawl_state.h UrlState). A URL is fetched again from
-- next_due_ms on; seeds are fetched every run.
CREATE TABLE crawl_urls (
  url             TEXT PRIMARY KEY NOT NULL CHECK (url <> ''),  -- Canonical (crawler/url.h).
  kind            TEXT NOT NULL CHECK (kind IN ('page', 'feed', 'sitemap')),
  origin          TEXT NOT NULL,                  -- scheme://host[:port], or 'file://'.
  source          TEXT NOT NULL DEFAULT '',       -- 'seed', or the URL that listed it.
  depth           INTEGER NOT NULL DEFAULT 0 CHECK (depth >= 0),  -- Link hops from a seed.
  discovered_ms   INTEGER NOT NULL,
  published_ms    INTEGER,                        -- Date its listing gave; NULL unknown.
  next_due_ms     INTEGER NOT NULL,
  revisit_ms      INTEGER NOT NULL DEFAULT 0 CHECK (revisit_ms >= 0),
  last_fetched_ms INTEGER,                        -- NULL: never tried.
  last_run_id     INTEGER REFERENCES crawl_runs (id),
  http_status     INTEGER NOT NULL DEFAULT 0 CHECK (http_status BETWEEN 0 AND 999),
  error_code      INTEGER NOT NULL DEFAULT 0,     -- factsift::StatusCode of the last outcome.
  error           TEXT NOT NULL DEFAULT '',
  failures        INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),  -- Consecutive failed runs.
  final_url       TEXT NOT NULL DEFAULT '',       -- Where redirects ended last time.
  etag            TEXT NOT NULL DEFAULT '',       -- Validators of the stored page, sent as
  last_modified   TEXT NOT NULL DEFAULT '',       -- If-None-Match / If-Modified-Since.
  content_hash    INTEGER,                        -- Crawler's 64-bit hash of the last body.
  page_sha256     TEXT REFERENCES pages (sha256), -- The last page stored for this URL.
  duplicate_of    TEXT                            -- Article URL with the same bytes or canonical.
);
CREATE INDEX crawl_urls_due ON crawl_urls (next_due_ms);

-- robots.txt per origin (RFC 9309 2.4). http_status 0 marks an unreachable
-- robots.txt: the origin is disallowed until expires_ms.
CREATE TABLE robots_cache (
  origin        TEXT PRIMARY KEY NOT NULL CHECK (origin <> ''),
  http_status   INTEGER NOT NULL CHECK (http_status BETWEEN 0 AND 999),
  body          BLOB NOT NULL DEFAULT x'',
  etag          TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  fetched_ms    INTEGER NOT NULL,
  expires_ms    INTEGER NOT NULL,
  error         TEXT NOT NULL DEFAULT ''
);

-- The canonical URL an article is de-duplicated on (its rel=canonical,
-- canonicalised like crawl URLs), and the page lookup for duplicate bytes.
ALTER TABLE articles ADD COLUMN canonical_key TEXT;
CREATE INDEX articles_canonical_key ON articles (canonical_key) WHERE canonical_key IS NOT NULL;
CREATE INDEX articles_page ON articles (page_sha256);
