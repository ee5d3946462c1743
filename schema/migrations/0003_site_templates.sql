-- factsift schema v3:
-- site templates learned while crawling. A block (its normalised text and
-- simplified DOM path, hashed by extract::BlockFingerprint) that stands on
-- many pages of one site is that site's boilerplate; the extractor leaves
-- such blocks out of the article text (docs/extraction.md, "Site templates").
--
-- Conventions as in 0001: times are Unix milliseconds, UTC (*_ms). A site is
-- a URL origin, scheme://host[:port] ('file://' for local files).
-- Fingerprints are unsigned 64-bit values stored as their two's-complement
-- signed INTEGER.
--
-- This file has shipped once it is in a release: never edit it, add the next
-- number instead (see schema/CMakeLists.txt).

-- Each page whose blocks were counted, once per URL: a re-fetch of the same
-- URL counts nothing again.
CREATE TABLE site_template_pages (
  site          TEXT NOT NULL CHECK (site <> ''),
  url           TEXT NOT NULL CHECK (url <> ''),
  first_seen_ms INTEGER NOT NULL,
  last_seen_ms  INTEGER NOT NULL,
  PRIMARY KEY (site, url)
) WITHOUT ROWID;

-- Which page showed which block: the evidence behind page_count, so that a
-- fingerprint is counted once per distinct page.
CREATE TABLE site_template_page_blocks (
  site        TEXT NOT NULL,
  url         TEXT NOT NULL,
  fingerprint INTEGER NOT NULL,
  PRIMARY KEY (site, url, fingerprint),
  FOREIGN KEY (site, url) REFERENCES site_template_pages (site, url) ON DELETE CASCADE
) WITHOUT ROWID;

-- Per site and block: on how many distinct pages it stood, first and last
-- seen (fetch times of those pages).
CREATE TABLE site_template_blocks (
  site          TEXT NOT NULL,
  fingerprint   INTEGER NOT NULL,
  page_count    INTEGER NOT NULL CHECK (page_count >= 1),
  first_seen_ms INTEGER NOT NULL,
  last_seen_ms  INTEGER NOT NULL,
  PRIMARY KEY (site, fingerprint)
) WITHOUT ROWID;
CREATE INDEX site_template_blocks_count ON site_template_blocks (site, page_count);
