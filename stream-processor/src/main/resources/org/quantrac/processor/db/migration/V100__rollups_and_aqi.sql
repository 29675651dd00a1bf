-- Stream processor tables: hourly and daily rollups in local time (Asia/Ho_Chi_Minh) and the AQI computed from them.
-- The Debian TimescaleDB build has no continuous aggregates, so the processor maintains these tables itself: every
-- sink transaction marks the (station, hour) pairs it touched in rollup_dirty, and the rollup worker recomputes those
-- hours from the raw readings (recomputing, not adding up, is what makes late and replayed data idempotent).
-- IF NOT EXISTS everywhere: the script may be applied by the processor's own Flyway history or by core's.

CREATE TABLE IF NOT EXISTS rollup_dirty (
    station_id integer     NOT NULL,
    hour_start timestamptz NOT NULL,
    PRIMARY KEY (station_id, hour_start)
);

-- One row per station, parameter and hour. Hours are whole UTC hours, which are also local hours (UTC+7, no DST).
-- valid_count counts readings without an invalidating QC flag (see docs/quality-flags.md); the averages use them only.
CREATE TABLE IF NOT EXISTS reading_hourly (
    station_id     integer          NOT NULL,
    parameter_id   smallint         NOT NULL,
    hour_start     timestamptz      NOT NULL,
    avg_value      double precision,           -- NULL when no valid reading
    min_value      double precision,
    max_value      double precision,
    sum_value      double precision NOT NULL,  -- of valid readings; daily averages are sum/count of the hours
    valid_count    integer          NOT NULL,
    total_count    integer          NOT NULL,  -- valid and flagged
    expected_count integer          NOT NULL,  -- from the station's sampling interval
    completeness   double precision NOT NULL,  -- valid_count / expected_count, at most 1
    valid          boolean          NOT NULL,  -- completeness >= processor.rollup.minCompleteness (0.75)
    updated_at     timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (station_id, parameter_id, hour_start)
);
-- For "all parameters of a station's hours" lookups (late-reading check, AQI input).
CREATE INDEX IF NOT EXISTS reading_hourly_station_hour ON reading_hourly (station_id, hour_start);

-- One row per station, parameter and local calendar day (local midnight to midnight, Asia/Ho_Chi_Minh).
CREATE TABLE IF NOT EXISTS reading_daily (
    station_id     integer          NOT NULL,
    parameter_id   smallint         NOT NULL,
    day            date             NOT NULL,
    avg_value      double precision,
    min_value      double precision,
    max_value      double precision,
    valid_count    integer          NOT NULL,
    total_count    integer          NOT NULL,
    expected_count integer          NOT NULL,
    completeness   double precision NOT NULL,
    valid          boolean          NOT NULL,
    updated_at     timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (station_id, parameter_id, day)
);

-- AQI per AQI-eligible station: index is 'VN_AQI' (Decision 1459/QĐ-TCMT) or 'US_AQI' (EPA). NULL aqi: not enough data
-- (no PM2.5/PM10 value); sub_indices holds each pollutant's sub-index, e.g. {"PM2,5": 87, "O3": 40}.
CREATE TABLE IF NOT EXISTS aqi_hourly (
    station_id  integer     NOT NULL,
    index_kind  text        NOT NULL,
    hour_start  timestamptz NOT NULL,
    aqi         integer,
    dominant    text,
    sub_indices jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (station_id, index_kind, hour_start)
);

CREATE TABLE IF NOT EXISTS aqi_daily (
    station_id  integer     NOT NULL,
    index_kind  text        NOT NULL,
    day         date        NOT NULL,
    aqi         integer,
    dominant    text,
    sub_indices jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (station_id, index_kind, day)
);
