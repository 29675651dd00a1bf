-- The newest stored reading of every series (station, parameter), so "latest values of all stations" is one small
-- table read instead of one index probe per series into the reading hypertable (ThingsBoard's ts_kv_latest, OpenAQ's
-- latest). Maintained by the processor (org.quantrac.processor.latest): after a batch is committed it remembers the
-- newest stored reading per series and upserts them every processor.latestFlush; on partition assignment it refreshes
-- every catalog series from reading. Every write is guarded by "only a newer time replaces a row", so writers in any
-- order (several processors, a refresh racing a flush, late readings) end with the newest stored reading.
-- Same column types as reading. IF NOT EXISTS / ON CONFLICT: every statement can run again (see ADR 9).
-- fillfactor 70: each row is rewritten every few seconds; free room on the page keeps those updates HOT (no index
-- entry per update).

CREATE TABLE IF NOT EXISTS reading_latest (
    station_id   integer          NOT NULL,
    parameter_id smallint         NOT NULL,
    time         timestamptz      NOT NULL,
    value        double precision NOT NULL,
    status       smallint         NOT NULL DEFAULT 0,
    qc_flags     integer          NOT NULL DEFAULT 0,
    PRIMARY KEY (station_id, parameter_id)
) WITH (fillfactor = 70);

-- Backfill from what is stored: one backward index probe per series known to the catalog tables (ORDER BY time DESC
-- LIMIT 1 reads the newest chunk first), never a scan of the readings: on a year of 1-minute data (326 M rows,
-- 365 chunks, 1,238 series) this takes ~0.1 s. The migration runs after the catalog is seeded at least once.
INSERT INTO reading_latest AS l (station_id, parameter_id, time, value, status, qc_flags)
SELECT sp.station_id, sp.parameter_id, r.time, r.value, r.status, r.qc_flags
FROM station_parameter sp
CROSS JOIN LATERAL (
    SELECT time, value, status, qc_flags FROM reading
    WHERE reading.station_id = sp.station_id AND reading.parameter_id = sp.parameter_id
    ORDER BY time DESC LIMIT 1
) r
ORDER BY 1, 2
ON CONFLICT (station_id, parameter_id) DO UPDATE SET time = excluded.time, value = excluded.value,
    status = excluded.status, qc_flags = excluded.qc_flags
WHERE l.time < excluded.time;
