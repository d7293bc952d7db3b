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
    FROM facts f JOIN documents d USING (document_id)
    GROUP BY f.indicator, f.indicator_key, f.region, f.region_level, f.province, f.kind, f.year, f.period,
             f.unit_base
)
SELECT
    indicator, indicator_key, region, region_level, province, kind, year, period,
    latest.value AS value, latest.value_high AS value_high, latest.unit_raw AS unit_raw,
    latest.value_base AS value_base, unit_base, latest.comparator AS comparator,
    n_mentions, sources, conflicting
FROM merged;
