-- drydock server schema, version 1: the whole data model of DESIGN.md section 6.
-- One file for SQLite and PostgreSQL. Portable subset only:
--   * every time is BIGINT epoch milliseconds UTC (sorts and compares the same everywhere; no time zones);
--   * booleans are INTEGER 0/1 (SQLite has no BOOLEAN, PostgreSQL will not compare BOOLEAN with 0/1);
--   * JSON is TEXT (parsed only by the application; no JSON operators in queries);
--   * ${id_pk} is the one dialect placeholder: an auto-assigned BIGINT primary key
--     (SQLite: INTEGER PRIMARY KEY AUTOINCREMENT, so ids are never reused; PostgreSQL: an identity column).
-- Severities are stored twice where queries filter or sort on them: the word (critical) and its rank
-- (0 unknown, 1 negligible, 2 low, 3 medium, 4 high, 5 critical).

-- An image by manifest digest. Counts are the active, unsuppressed findings, kept up to date by every
-- write that changes findings, so that the image list filters and sorts without aggregating findings.
CREATE TABLE image (
    digest          TEXT PRIMARY KEY,
    media_type      TEXT,
    os              TEXT,
    arch            TEXT,
    variant         TEXT,
    created         TEXT,              -- as the image config says it; untrusted, not parsed
    size            BIGINT,            -- sum of the layer sizes
    config_digest   TEXT,
    base_digest     TEXT,              -- the base image's manifest digest, when known
    source_repo     TEXT,              -- org.opencontainers.image.source
    revision        TEXT,              -- org.opencontainers.image.revision
    labels          TEXT,              -- JSON object
    distro          TEXT,              -- os-release as a purl distro (debian-12), from the latest scan
    primary_name    TEXT,              -- the name last seen: registry/repository:tag
    first_seen      BIGINT NOT NULL,
    last_seen       BIGINT NOT NULL,
    critical_count  INTEGER NOT NULL DEFAULT 0,
    high_count      INTEGER NOT NULL DEFAULT 0,
    medium_count    INTEGER NOT NULL DEFAULT 0,
    low_count       INTEGER NOT NULL DEFAULT 0,
    other_count     INTEGER NOT NULL DEFAULT 0,  -- negligible and unknown
    kev_count       INTEGER NOT NULL DEFAULT 0,
    max_severity    INTEGER NOT NULL DEFAULT -1  -- rank of the worst active finding, -1 when none
);
CREATE INDEX image_last_seen ON image (last_seen);
CREATE INDEX image_primary_name ON image (primary_name);
CREATE INDEX image_risk ON image (kev_count, critical_count, high_count, medium_count, low_count);

CREATE TABLE image_layer (
    image_digest    TEXT NOT NULL REFERENCES image (digest) ON DELETE CASCADE,
    idx             INTEGER NOT NULL,
    diff_id         TEXT,
    digest          TEXT,
    size            BIGINT,
    media_type      TEXT,
    from_base       INTEGER,           -- 1 from the base image, 0 added on top, NULL unknown
    PRIMARY KEY (image_digest, idx)
);
CREATE INDEX image_layer_diff_id ON image_layer (diff_id);

-- Every name an image was seen under. tag is '' for a reference by digest (NULL would defeat the key).
CREATE TABLE image_name (
    registry        TEXT NOT NULL,
    repository      TEXT NOT NULL,
    tag             TEXT NOT NULL,
    digest          TEXT NOT NULL REFERENCES image (digest) ON DELETE CASCADE,
    first_seen      BIGINT NOT NULL,
    last_seen       BIGINT NOT NULL,
    PRIMARY KEY (registry, repository, tag, digest)
);
CREATE INDEX image_name_digest ON image_name (digest);
CREATE INDEX image_name_repository ON image_name (repository, digest);

-- Where an image was met: ci, registry, runtime, manual. last_scanned_at is NULL when it was seen
-- there (registry discovery, a running workload) but never scanned there.
CREATE TABLE image_stage (
    image_digest    TEXT NOT NULL REFERENCES image (digest) ON DELETE CASCADE,
    stage           TEXT NOT NULL CHECK (stage IN ('ci', 'registry', 'runtime', 'manual')),
    first_seen      BIGINT NOT NULL,
    last_seen       BIGINT NOT NULL,
    last_scanned_at BIGINT,
    PRIMARY KEY (image_digest, stage)
);
CREATE INDEX image_stage_stage ON image_stage (stage, image_digest);

CREATE TABLE scan (
    id              ${id_pk},
    image_digest    TEXT NOT NULL REFERENCES image (digest) ON DELETE CASCADE,
    scanner         TEXT NOT NULL,
    scanner_version TEXT,
    db_built_at     BIGINT,
    stage           TEXT NOT NULL CHECK (stage IN ('ci', 'registry', 'runtime', 'manual')),
    context         TEXT NOT NULL,     -- JSON object: repo, commit, pipeline, dockerfile, actor, ...
    started_at      BIGINT NOT NULL,   -- when the scanner says it ran
    finished_at     BIGINT,
    received_at     BIGINT NOT NULL,   -- when this server stored it
    finding_count   INTEGER NOT NULL,
    gate_failed     INTEGER NOT NULL,
    upload_key      TEXT NOT NULL,     -- SHA-256 of the upload: the same report twice is one scan
    UNIQUE (image_digest, scanner, upload_key)
);
CREATE INDEX scan_image ON scan (image_digest, received_at);

-- The image's packages as of its latest scan (replaced whole by each scan); what re-matching reads.
CREATE TABLE package (
    image_digest    TEXT NOT NULL REFERENCES image (digest) ON DELETE CASCADE,
    purl            TEXT NOT NULL,
    path            TEXT NOT NULL,     -- '' when unknown
    name            TEXT NOT NULL,
    version         TEXT,
    type            TEXT NOT NULL,     -- purl type: deb, apk, maven, ...
    arch            TEXT,
    layer_diff_id   TEXT,
    source_name     TEXT,
    source_version  TEXT,
    licenses        TEXT,              -- JSON array
    PRIMARY KEY (image_digest, purl, path)
);
CREATE INDEX package_type_name ON package (type, name);

-- One row per vulnerability by canonical id (the CVE where there is one); enrichment from the latest writer.
CREATE TABLE vulnerability (
    id              TEXT PRIMARY KEY,
    aliases         TEXT NOT NULL,     -- JSON array
    title           TEXT,
    description     TEXT,
    severity        TEXT,              -- the chosen severity
    severity_rank   INTEGER,
    severity_source TEXT,
    ratings         TEXT NOT NULL,     -- JSON array: every source's severity, CVSS version, vector, score
    cvss_score      DOUBLE PRECISION,  -- the highest CVSS base score among the ratings
    epss_score      DOUBLE PRECISION,
    epss_percentile DOUBLE PRECISION,
    kev             INTEGER NOT NULL DEFAULT 0,
    kev_date_added  TEXT,              -- ISO date
    kev_due_date    TEXT,
    kev_ransomware  INTEGER,
    published       BIGINT,
    modified        BIGINT,
    refs            TEXT NOT NULL,     -- JSON array of URLs
    cwes            TEXT NOT NULL      -- JSON array
);

-- A vulnerability in a package of an image, whoever found it. Identity: (image digest, vulnerability id,
-- purl without qualifiers). active is 1 while at least one scanner's attribution is live.
CREATE TABLE finding (
    id                ${id_pk},
    image_digest      TEXT NOT NULL REFERENCES image (digest) ON DELETE CASCADE,
    vuln_id           TEXT NOT NULL REFERENCES vulnerability (id),
    purl              TEXT NOT NULL,
    package_name      TEXT NOT NULL,
    installed_version TEXT,
    fixed_version     TEXT,
    status            TEXT NOT NULL,   -- fixed, affected, will-not-fix, deferred, not-affected
    severity          TEXT NOT NULL,
    severity_rank     INTEGER NOT NULL,
    severity_source   TEXT,
    first_seen        BIGINT NOT NULL,
    last_seen         BIGINT NOT NULL,
    active            INTEGER NOT NULL,
    UNIQUE (image_digest, vuln_id, purl)
);
CREATE INDEX finding_image_active ON finding (image_digest, active, severity_rank);
CREATE INDEX finding_vuln ON finding (vuln_id);

-- One scanner's claim of a finding. deleted_at is set when a later scan by the same scanner of the
-- same image no longer reports it, and cleared if it comes back.
CREATE TABLE attribution (
    finding_id        BIGINT NOT NULL REFERENCES finding (id) ON DELETE CASCADE,
    scanner           TEXT NOT NULL,
    native_id         TEXT NOT NULL,   -- the id the scanner used (may be an alias of the canonical id)
    severity          TEXT NOT NULL,
    severity_source   TEXT,
    suppression       TEXT,            -- ignore-file, vex, unfixed: the scanner's policy left it out of its gate
    suppression_reason TEXT,
    scan_id           BIGINT REFERENCES scan (id) ON DELETE SET NULL,  -- the latest scan that reported it
    first_seen        BIGINT NOT NULL,
    last_seen         BIGINT NOT NULL,
    deleted_at        BIGINT,
    PRIMARY KEY (finding_id, scanner)
);
CREATE INDEX attribution_live ON attribution (finding_id, deleted_at);

-- Exposure history: a finding became active (appeared) or inactive (disappeared). severity is the
-- finding's severity at that moment, so history does not shift when a rating changes later.
CREATE TABLE finding_event (
    id              ${id_pk},
    finding_id      BIGINT NOT NULL REFERENCES finding (id) ON DELETE CASCADE,
    at              BIGINT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('appeared', 'disappeared')),
    severity        TEXT NOT NULL,
    scan_id         BIGINT REFERENCES scan (id) ON DELETE SET NULL
);
CREATE INDEX finding_event_finding ON finding_event (finding_id, at);

-- A triage decision scoped to a repository, a package name and a vulnerability.
CREATE TABLE triage (
    id              ${id_pk},
    repository      TEXT NOT NULL,
    package_name    TEXT NOT NULL,
    vuln_id         TEXT NOT NULL,
    state           TEXT NOT NULL,     -- e.g. not_affected, accepted, fixing, false_positive
    justification   TEXT,
    note            TEXT,
    assignee        TEXT,
    expires_at      BIGINT,
    created_by      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    UNIQUE (repository, package_name, vuln_id)
);

-- A container seen running. image_digest is not a foreign key: a cluster may run an image never scanned.
CREATE TABLE workload (
    cluster         TEXT NOT NULL,
    namespace       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    name            TEXT NOT NULL,
    container       TEXT NOT NULL,
    image_digest    TEXT NOT NULL,
    replicas        INTEGER,
    exposure        TEXT,
    seen_at         BIGINT NOT NULL,
    PRIMARY KEY (cluster, namespace, kind, name, container)
);
CREATE INDEX workload_image ON workload (image_digest);

-- A registry to discover. credentials_ref names the encrypted secret, never the secret itself.
CREATE TABLE registry (
    id                 ${id_pk},
    url                TEXT NOT NULL UNIQUE,
    credentials_ref    TEXT,
    last_discovered_at BIGINT,
    created_at         BIGINT NOT NULL
);

-- The work queue. A job is queued, running (under a lease), done or failed. A running job whose lease
-- has expired is taken again: its worker died.
CREATE TABLE job (
    id              ${id_pk},
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    lease_owner     TEXT,
    lease_until     BIGINT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    max_attempts    INTEGER NOT NULL,
    run_after       BIGINT NOT NULL,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX job_ready ON job (state, run_after, id);
CREATE INDEX job_lease ON job (state, lease_until);

CREATE TABLE audit_log (
    id              ${id_pk},
    at              BIGINT NOT NULL,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    subject         TEXT,
    detail          TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);

-- API tokens: only the SHA-256 of the token is kept.
CREATE TABLE api_token (
    id              ${id_pk},
    name            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('viewer', 'ci', 'triager', 'admin')),
    token_hash      TEXT NOT NULL UNIQUE,
    created_at      BIGINT NOT NULL,
    last_used_at    BIGINT,
    revoked_at      BIGINT
);
