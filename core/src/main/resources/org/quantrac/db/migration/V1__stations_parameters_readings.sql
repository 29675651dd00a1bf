-- Quantrac base schema: catalog tables, the reading hypertable and the consumed-offset table.
-- Runs on TimescaleDB (reading becomes a hypertable) and on plain PostgreSQL (reading stays a plain table), so the
-- embedded demo can run without the extension.

CREATE TABLE station (
    id               integer PRIMARY KEY,
    code             text    NOT NULL UNIQUE,
    name             text    NOT NULL,
    kind             text    NOT NULL,
    district         text,
    latitude         double precision,
    longitude        double precision,
    protocol         text    NOT NULL,
    interval_seconds integer NOT NULL CHECK (interval_seconds > 0),
    aqi_eligible     boolean NOT NULL DEFAULT false,
    limit_class      text,
    kq               double precision NOT NULL DEFAULT 1,
    kf               double precision NOT NULL DEFAULT 1,
    -- synthetic stations are created by benchmarks and the simulator's scale mode, never by the catalog
    synthetic        boolean NOT NULL DEFAULT false,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE parameter (
    id        smallint PRIMARY KEY,
    medium    text NOT NULL,
    symbol    text NOT NULL,
    name      text NOT NULL,
    unit      text NOT NULL,
    min_value double precision NOT NULL,
    max_value double precision NOT NULL,
    UNIQUE (medium, symbol)
);

CREATE TABLE station_parameter (
    station_id   integer  NOT NULL REFERENCES station (id) ON DELETE CASCADE,
    parameter_id smallint NOT NULL REFERENCES parameter (id),
    position     smallint NOT NULL,
    PRIMARY KEY (station_id, parameter_id)
);

-- One row per reading. Identity (station, parameter, time) is the primary key, so a replayed reading cannot be stored
-- twice. No foreign keys: they would cost a lookup per row on the hot ingest path; the connectors only emit
-- catalog stations and parameters.
CREATE TABLE reading (
    time         timestamptz      NOT NULL,
    station_id   integer          NOT NULL,
    parameter_id smallint         NOT NULL,
    value        double precision NOT NULL,
    status       smallint         NOT NULL DEFAULT 0,  -- Circular 10/2021 status: 0 measuring, 1 calibrating, 2 error
    qc_flags     integer          NOT NULL DEFAULT 0,  -- QcFlag bit mask, see docs/quality-flags.md
    ingested_at  timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (station_id, parameter_id, time)
);

-- Kafka offsets consumed into this database, written in the same transaction as the rows they carried: the database,
-- not Kafka, is the source of truth for "what has been stored" (see docs/architecture.md, ADR 2).
CREATE TABLE ingest_offset (
    consumer_group text    NOT NULL,
    topic          text    NOT NULL,
    kafka_partition integer NOT NULL,
    next_offset    bigint  NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, kafka_partition)
);

DO $$
DECLARE
    ts_schema text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
       AND EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS timescaledb;
        EXCEPTION WHEN OTHERS THEN
            RAISE WARNING 'TimescaleDB is installed but could not be enabled (%): reading stays a plain table. '
                'Run CREATE EXTENSION timescaledb as a superuser and migrate a fresh database.', SQLERRM;
        END;
    END IF;
    SELECT extnamespace::regnamespace::text INTO ts_schema FROM pg_extension WHERE extname = 'timescaledb';
    IF ts_schema IS NOT NULL THEN
        -- Chunk interval 1 day: the department's network writes ~2-3 M rows a day (140 stations, ~10 parameters,
        -- 1-5 min sampling), so a day's chunk with its primary-key index is a few hundred MB and the chunk being
        -- written stays in memory on a small machine; day chunks also let retention drop whole days (drop_chunks)
        -- and keep a local-time day's rollup within one or two chunks.
        EXECUTE format('SELECT %I.create_hypertable(%L, %L, chunk_time_interval => INTERVAL ''1 day'')',
                       ts_schema, format('%I.reading', current_schema()), 'time');
    ELSE
        RAISE NOTICE 'TimescaleDB not available: reading is a plain PostgreSQL table';
    END IF;
END
$$;
