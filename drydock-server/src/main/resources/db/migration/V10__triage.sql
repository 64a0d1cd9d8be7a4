-- Version 10: the triage queue (issue 6). A decision stays scoped to (repository, package name,
-- vulnerability id) and carries over to every digest of the repository.
--   * updated_at/updated_by: the last change (created_* stay those of the first decision);
--   * until_version_change = 1: the decision holds only while a finding's installed version equals
--     decided_version (the installed version when it was decided);
--   * purl: the package's purl without version or qualifiers, the product of the VEX exports.
ALTER TABLE triage ADD COLUMN updated_at BIGINT;
ALTER TABLE triage ADD COLUMN updated_by TEXT;
ALTER TABLE triage ADD COLUMN until_version_change INTEGER NOT NULL DEFAULT 0;
ALTER TABLE triage ADD COLUMN decided_version TEXT;
ALTER TABLE triage ADD COLUMN purl TEXT;
CREATE INDEX triage_state ON triage (state);

CREATE TABLE triage_comment (
    id              ${id_pk},
    triage_id       BIGINT NOT NULL REFERENCES triage (id) ON DELETE CASCADE,
    at              BIGINT NOT NULL,
    author          TEXT NOT NULL,
    body            TEXT NOT NULL
);
CREATE INDEX triage_comment_triage ON triage_comment (triage_id, id);

-- The audit trail of a decision: one row per changed field (who, when, from what, to what).
CREATE TABLE triage_event (
    id              ${id_pk},
    triage_id       BIGINT NOT NULL REFERENCES triage (id) ON DELETE CASCADE,
    at              BIGINT NOT NULL,
    actor           TEXT NOT NULL,
    field           TEXT NOT NULL,
    old_value       TEXT,
    new_value       TEXT
);
CREATE INDEX triage_event_triage ON triage_event (triage_id, id);
