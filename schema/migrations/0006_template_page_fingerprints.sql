-- factsift schema v6: a page's template fingerprints in one row.
--
-- 0003 kept one row per (site, page URL, fingerprint) as the evidence that a
-- block was counted once per page. Written for every page a crawl extracts,
-- those rows (the URL repeated tens of times, at random places of a wide
-- b-tree) were a large part of the crawl writer's work. The evidence is now
-- the page's row itself: `fingerprints` lists the page's distinct block
-- fingerprints, each as 16 lower-case hex digits of the unsigned 64-bit
-- value, concatenated. The counts in site_template_blocks are unchanged.
--
-- site_template_blocks_count went too: the crawl now reads a site's template
-- rarely (docs/extraction.md), and the index was rewritten on every count.
--
-- This file has shipped once it is in a release: never edit it, add the next
-- number instead (see schema/CMakeLists.txt).

ALTER TABLE site_template_pages ADD COLUMN fingerprints TEXT NOT NULL DEFAULT ''
  CHECK (length(fingerprints) % 16 = 0 AND fingerprints NOT GLOB '*[^0-9a-f]*');

-- printf's %x prints a negative INTEGER as its 64-bit two's complement: the
-- unsigned fingerprint it stores.
UPDATE site_template_pages SET fingerprints = ifnull(
  (SELECT group_concat(printf('%016x', b.fingerprint), '')
   FROM site_template_page_blocks AS b
   WHERE b.site = site_template_pages.site AND b.url = site_template_pages.url), '');

DROP TABLE site_template_page_blocks;
DROP INDEX site_template_blocks_count;
