-- Target Tracker fact store (DuckDB). Documented in the README (The fact store).
-- Every statement is idempotent so opening an existing database re-runs this file harmlessly.

CREATE SEQUENCE IF NOT EXISTS document_id_seq START 1;
CREATE SEQUENCE IF NOT EXISTS article_id_seq START 1;
CREATE SEQUENCE IF NOT EXISTS fact_id_seq START 1;

CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

-- One row per ingested file, keyed by file name: re-ingesting an unchanged file (same content_hash) is a
-- no-op; a changed file keeps its document_id and has its articles and facts replaced.
CREATE TABLE IF NOT EXISTS documents (
    document_id  INTEGER PRIMARY KEY DEFAULT nextval('document_id_seq'),
    file_name    VARCHAR NOT NULL UNIQUE,
    path         VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,       -- sha256 of the file's bytes
    n_bytes      BIGINT NOT NULL,
    format       VARCHAR NOT NULL,       -- text | pdf | html
    encoding     VARCHAR NOT NULL,       -- codec the text was decoded with ('pdf' for PDFs)
    title        VARCHAR,
    date         DATE,
    date_origin  VARCHAR NOT NULL,       -- header | masthead | date_line | cli | none
    kind         VARCHAR NOT NULL,       -- newsletter | plan | release | report | news
    warnings     VARCHAR[] NOT NULL,     -- extractor warnings for this document
    ingested_at  TIMESTAMP NOT NULL      -- UTC
);

CREATE TABLE IF NOT EXISTS articles (
    article_id   INTEGER PRIMARY KEY DEFAULT nextval('article_id_seq'),
    document_id  INTEGER NOT NULL,
    idx          INTEGER NOT NULL,       -- 0-based order inside the document
    title        VARCHAR NOT NULL,
    organisation VARCHAR,
    first_line   INTEGER NOT NULL,
    last_line    INTEGER NOT NULL
);

-- Every field of FACTS.md plus ids. No foreign-key constraints: DuckDB cannot update or delete a
-- referenced row inside the same transaction, and the ingest replaces a document's rows atomically itself.
CREATE TABLE IF NOT EXISTS facts (
    fact_id       BIGINT PRIMARY KEY DEFAULT nextval('fact_id_seq'),
    document_id   INTEGER NOT NULL,
    article_id    INTEGER,
    source        VARCHAR NOT NULL,
    line          INTEGER NOT NULL,
    quote         VARCHAR NOT NULL,
    article       VARCHAR,
    region        VARCHAR NOT NULL,
    region_level  VARCHAR NOT NULL,
    province      VARCHAR,
    indicator     VARCHAR NOT NULL,
    indicator_key VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    value         DOUBLE NOT NULL,
    value_high    DOUBLE,
    unit_raw      VARCHAR NOT NULL,
    value_base    DOUBLE NOT NULL,
    unit_base     VARCHAR NOT NULL,
    comparator    VARCHAR NOT NULL,
    year          INTEGER,
    period        VARCHAR,
    yoy_pct       DOUBLE
);

-- Catalogs, reloaded from data/ whenever the catalog files change.
CREATE TABLE IF NOT EXISTS themes (
    theme_key VARCHAR PRIMARY KEY,
    zh        VARCHAR NOT NULL,
    en        VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS indicators (
    indicator     VARCHAR PRIMARY KEY,   -- canonical Chinese name, as facts.indicator
    indicator_key VARCHAR NOT NULL,      -- theme key (FACTS.md)
    english       VARCHAR,
    units         VARCHAR[] NOT NULL,
    synonyms      VARCHAR[] NOT NULL
);

CREATE TABLE IF NOT EXISTS regions (
    code         VARCHAR PRIMARY KEY,    -- administrative code (110000), or a short key (CN, M-EAST, US)
    name         VARCHAR NOT NULL,       -- canonical name, as facts.region; districts may share a name
    short_name   VARCHAR,
    level        VARCHAR NOT NULL,
    province     VARCHAR,
    macro_region VARCHAR,
    english      VARCHAR,
    aliases      VARCHAR[] NOT NULL
);

-- Corrections (parsing.store.corrections): the corrections file as loaded by the last ingest, one row per change,
-- with the extracted fact it found (fact_id NULL: orphaned, its fact no longer exists). `facts` above stays
-- exactly as extracted; `corrected_rows` holds the corrected version of every corrected, not rejected fact.
CREATE TABLE IF NOT EXISTS corrections (
    correction_id INTEGER PRIMARY KEY,   -- row order in the corrections file, from 1
    source        VARCHAR NOT NULL,
    line          INTEGER NOT NULL,
    quote         VARCHAR NOT NULL,
    value_base    DOUBLE NOT NULL,
    unit_base     VARCHAR NOT NULL,
    field         VARCHAR NOT NULL,      -- region | year | kind | indicator | value_base | comparator | reject
    new_value     VARCHAR NOT NULL,
    comment       VARCHAR NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    fact_id       BIGINT
);

CREATE TABLE IF NOT EXISTS corrected_rows AS SELECT * FROM facts LIMIT 0;

-- The facts every reader sees: the extracted facts with corrections applied and rejected facts left out.
-- Uncorrected facts come straight from `facts`, so filters still prune its row groups.
CREATE OR REPLACE VIEW corrected_facts AS
SELECT f.*, false AS corrected FROM facts f
WHERE f.fact_id NOT IN (SELECT fact_id FROM corrections WHERE fact_id IS NOT NULL)
UNION ALL
SELECT r.*, true AS corrected FROM corrected_rows r;

-- One row per (indicator, region, kind, year, period, unit_base): the same figure mentioned several times
-- (an editor's note repeating the body, two issues repeating a release) merges into one row that keeps all
-- its sources. The value shown is the most recent mention (latest document date, undated documents
-- oldest, then latest ingested); `conflicting` is true when mentions differ by more than 0.5%, the
-- tolerance FACTS.md uses to call two values the same.
CREATE OR REPLACE VIEW series AS
WITH merged AS (
    SELECT
        f.indicator, f.indicator_key, f.region, f.region_level, f.province, f.kind, f.year, f.period,
        f.unit_base,
        arg_max({'value': f.value, 'value_high': f.value_high, 'unit_raw': f.unit_raw,
                 'value_base': f.value_base, 'comparator': f.comparator},
                (coalesce(d.date, DATE '0001-01-01'), f.fact_id)) AS latest,
        count(*)                                   AS n_mentions,
        list(DISTINCT f.source ORDER BY f.source)  AS sources,
        max(f.value_base) - min(f.value_base)
            > 0.005 * greatest(abs(max(f.value_base)), abs(min(f.value_base))) AS conflicting
    FROM corrected_facts f JOIN documents d USING (document_id)
    GROUP BY f.indicator, f.indicator_key, f.region, f.region_level, f.province, f.kind, f.year, f.period,
             f.unit_base
)
SELECT
    indicator, indicator_key, region, region_level, province, kind, year, period,
    latest.value AS value, latest.value_high AS value_high, latest.unit_raw AS unit_raw,
    latest.value_base AS value_base, unit_base, latest.comparator AS comparator,
    n_mentions, sources, conflicting
FROM merged;

-- Goal tracking (parsing.targets), computed at ingest by parsing.targets.stored.refresh_goals and read by
-- the Targets view and `python -m parsing targets`. One row per goal as parsing.targets.GOAL_COLUMNS,
-- assessed on `assessed_on`; the row holds for every day in [valid_from, valid_until) (valid_until NULL:
-- for ever), since a status only changes when a linked actual's date or a deadline year's end is passed.
-- key_* is the link key (indicator, region, unit) and seq the goal's place in its series: ordered by
-- them, the rows are in the order `track_targets` gives.
CREATE TABLE IF NOT EXISTS goals (
    goal_id             VARCHAR NOT NULL,
    series_id           VARCHAR NOT NULL,
    status              VARCHAR NOT NULL,
    indicator           VARCHAR,
    indicator_key       VARCHAR,
    region              VARCHAR,
    province            VARCHAR,
    region_level        VARCHAR,
    basis               VARCHAR NOT NULL,
    comparator          VARCHAR NOT NULL,
    target_value        DOUBLE NOT NULL,
    target_value_high   DOUBLE,
    unit_base           VARCHAR,
    target_text         VARCHAR NOT NULL,
    deadline            INTEGER,
    start_year          INTEGER,
    percent_reached     DOUBLE,
    needed_growth_pct   DOUBLE,
    observed_growth_pct DOUBLE,
    growth_basis        VARCHAR,
    years_left          DOUBLE,
    baseline_value      DOUBLE,
    baseline_date       DATE,
    baseline_source     VARCHAR,
    baseline_quote      VARCHAR,
    latest_value        DOUBLE,
    latest_value_high   DOUBLE,
    latest_comparator   VARCHAR,
    latest_date         DATE,
    latest_source       VARCHAR,
    latest_line         INTEGER,
    latest_quote        VARCHAR,
    n_actuals           INTEGER NOT NULL,
    n_statements        INTEGER NOT NULL,
    conflict            VARCHAR,
    conflict_detail     VARCHAR,
    target_source       VARCHAR,
    target_line         INTEGER,
    target_quote        VARCHAR,
    target_document_date DATE,
    key_indicator       VARCHAR NOT NULL,
    key_region          VARCHAR NOT NULL,
    key_unit            VARCHAR NOT NULL,
    seq                 INTEGER NOT NULL,
    assessed_on         DATE NOT NULL,
    valid_from          DATE NOT NULL,
    valid_until         DATE,
    position            INTEGER              -- the row's place in that order, renumbered by every refresh
);

-- Columns added since the table was first released, for stores written before them (their goals show the
-- latest figure without its comparator until recomputed).
ALTER TABLE goals ADD COLUMN IF NOT EXISTS latest_value_high DOUBLE;
ALTER TABLE goals ADD COLUMN IF NOT EXISTS latest_comparator VARCHAR;

-- The facts behind each goal: its statements (role 'statement', goal_id set, date = document date) and
-- every dated actual of its series (role 'actual', goal_id NULL, date = end of the period measured; a
-- reader judging as of a day keeps those dated on or before it). seq: the order track_targets lists them.
CREATE TABLE IF NOT EXISTS goal_points (
    series_id VARCHAR NOT NULL,
    goal_id   VARCHAR,
    role      VARCHAR NOT NULL,
    seq       INTEGER NOT NULL,
    date      DATE,
    fact_id   BIGINT NOT NULL
);

-- What the stored goals were computed from: one fingerprint per (indicator, region, unit_base) of target
-- and actual facts, so an ingest recomputes only the series whose facts changed.
CREATE TABLE IF NOT EXISTS goal_inputs (
    indicator   VARCHAR NOT NULL,
    region      VARCHAR NOT NULL,
    unit_base   VARCHAR NOT NULL,
    fingerprint UBIGINT NOT NULL
);
