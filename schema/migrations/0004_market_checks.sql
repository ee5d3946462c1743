-- factsift schema v4: market data to check claims against, the checks
-- themselves, and each fact's claim window (the days a claim is about).
--
-- Conventions as in 0001: times are Unix milliseconds, UTC (*_ms); days are
-- ISO dates 'YYYY-MM-DD' (UTC); enumerations by name; an absent optional
-- number is NULL.
--
-- This file has shipped once it is in a release: never edit it, add
-- 0004_<what>.sql instead (see schema/CMakeLists.txt).

-- One OHLC candle per (asset, quote, source, open time, interval). Re-importing
-- the same file replaces rows with their new values: import is idempotent.
CREATE TABLE market_candles (
  id           INTEGER PRIMARY KEY,
  asset        TEXT NOT NULL CHECK (asset <> ''),   -- "BTC".
  quote        TEXT NOT NULL CHECK (quote <> ''),   -- "USDT", "USD": USDT is not USD.
  source       TEXT NOT NULL CHECK (source <> ''),  -- "binance", "coingecko", "ohlcv:<file>".
  interval     TEXT NOT NULL CHECK (interval <> ''),  -- "1d", or "point" for a price sample.
  open_time_ms INTEGER NOT NULL,
  day          TEXT NOT NULL CHECK (length(day) = 10),  -- UTC day of open_time_ms.
  open         REAL,
  high         REAL NOT NULL,
  low          REAL NOT NULL,
  close        REAL,
  volume       REAL,  -- In the asset, when the source gives it.
  CHECK (low <= high),
  UNIQUE (asset, quote, source, open_time_ms, interval)
);
CREATE INDEX market_candles_asset_day ON market_candles (asset, day);

-- One check of an article: a rule applied to a fact (or to the article as a
-- whole when fact_id is NULL) with its suggested verdict and evidence. Running
-- the checks again replaces an article's rows.
CREATE TABLE checks (
  id            INTEGER PRIMARY KEY,
  article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  ordinal       INTEGER NOT NULL CHECK (ordinal >= 0),
  fact_id       INTEGER REFERENCES facts (id) ON DELETE SET NULL,
  rule          TEXT NOT NULL CHECK (rule <> ''),  -- 'market_price', 'restatement', ...
  verdict       TEXT NOT NULL CHECK (verdict IN ('supported', 'contradicted', 'unverifiable')),
  expected      TEXT,  -- What the claim says, as text ("near 73000 USD").
  observed      TEXT,  -- What the evidence says ("high 74050 USDT on 2026-03-04").
  delta         REAL,  -- Relative distance of claim from evidence, percent; NULL when none.
  window_from   TEXT,  -- First day of the evidence window, 'YYYY-MM-DD'.
  window_to     TEXT,  -- Last day, inclusive.
  window_source TEXT,  -- Where the window came from: 'published day', 'period: week', ...
  about         TEXT NOT NULL,  -- One sentence a person can read.
  created_ms    INTEGER NOT NULL,
  UNIQUE (article_id, ordinal)
);
CREATE INDEX checks_verdict ON checks (verdict, rule);

-- The days each fact's claim is about, resolved from its period or its
-- sentence's time phrase against the published date (common/claim_window.h).
-- NULL when the article has no published date.
ALTER TABLE facts ADD COLUMN window_from TEXT;
ALTER TABLE facts ADD COLUMN window_to TEXT;
