-- The last calibration (a reading with status 01) of each instrument that a CALIBRATION_OVERDUE rule watches: the
-- calibration clock must survive restarts, while alerting's warm-up replay reaches back only hours. Written in the
-- transaction that stores the decisions and offsets of the records it came from.
CREATE TABLE alert_calibration (
    station_id    integer     NOT NULL,
    parameter_id  smallint    NOT NULL,
    calibrated_at timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (station_id, parameter_id)
);
