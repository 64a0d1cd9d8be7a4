-- Version 2: what background work needs (results, de-duplicated scheduled jobs, server-wide state) and
-- what re-matching an image without pulling it needs (its os-release and its packages' attributes).

-- The outcome of a done job, as JSON (e.g. how many repositories a discovery found).
ALTER TABLE job ADD COLUMN result TEXT;
-- A job that must not be queued twice (a scheduled discovery, a fleet re-match) carries a key; at most
-- one job per key is queued or running at a time, however many processes schedule it.
ALTER TABLE job ADD COLUMN dedupe_key TEXT;
CREATE UNIQUE INDEX job_dedupe ON job (dedupe_key) WHERE state IN ('queued', 'running');

-- os-release of the latest catalog as JSON ({id, versionId, versionCodename, prettyName, idLike}):
-- the matcher needs the release, which the purl distro in image.distro does not always keep.
ALTER TABLE image ADD COLUMN os_release TEXT;
-- Ecosystem-specific facts the matcher reads (JSON object, e.g. go.replace).
ALTER TABLE package ADD COLUMN attributes TEXT;
-- upload: a scanner sent it; rematch: the server matched the stored packages against a newer database.
ALTER TABLE scan ADD COLUMN origin TEXT NOT NULL DEFAULT 'upload';

-- Small server-wide facts shared by every process, e.g. the vulnerability database build last re-matched.
CREATE TABLE server_state (
    name            TEXT PRIMARY KEY,
    value           TEXT NOT NULL,
    updated_at      BIGINT NOT NULL
);
