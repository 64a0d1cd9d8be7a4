-- Version 11: the ingestion monitor (issue 6). A monitor compares the active findings drydock holds for a
-- scope (every image, or the images named in one repository) with the count a downstream system reports
-- (pushed with POST /api/v1/monitors/{id}/reported, or polled from count_url, count_field a JSON pointer).
--   * reported_count/reported_at: the last count pushed; a monitor with a count_url ignores them;
--   * last_*: the outcome of the last check (last_error set when it could not be made);
--   * alert_open_since: set while the drift is above threshold_pct, cleared when it is back in range.
CREATE TABLE ingestion_monitor (
    id               ${id_pk},
    name             TEXT NOT NULL UNIQUE,
    scanner          TEXT NOT NULL,
    repository       TEXT,
    count_url        TEXT,
    count_field      TEXT NOT NULL DEFAULT '/count',
    threshold_pct    DOUBLE PRECISION NOT NULL DEFAULT 5,
    webhook_url      TEXT,
    reported_count   BIGINT,
    reported_at      BIGINT,
    last_expected    BIGINT,
    last_reported    BIGINT,
    last_drift_pct   DOUBLE PRECISION,
    last_checked_at  BIGINT,
    last_error       TEXT,
    alert_open_since BIGINT,
    created_at       BIGINT NOT NULL
);

-- One row per check: expected and reported are NULL when the check failed (error says why).
CREATE TABLE ingestion_check (
    id              ${id_pk},
    monitor_id      BIGINT NOT NULL REFERENCES ingestion_monitor (id) ON DELETE CASCADE,
    at              BIGINT NOT NULL,
    expected        BIGINT,
    reported        BIGINT,
    drift_pct       DOUBLE PRECISION,
    alerted         INTEGER NOT NULL DEFAULT 0,
    error           TEXT
);
CREATE INDEX ingestion_check_monitor ON ingestion_check (monitor_id, id);
