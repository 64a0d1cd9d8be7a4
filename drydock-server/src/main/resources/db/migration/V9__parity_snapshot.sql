-- Version 9: reconciliation. Parity between two scanners, kept once a day per scope so that the trend
-- toward a hand-over (one scanner taking over the gate from another) can be shown. scope_kind is
-- 'fleet' (scope '') or 'repository' (scope = the repository). Counts are over live, unsuppressed
-- attributions on images both scanners scanned; the percentages are derived when read.
CREATE TABLE parity_snapshot (
    day             TEXT NOT NULL,     -- ISO date, UTC
    scanner_a       TEXT NOT NULL,
    scanner_b       TEXT NOT NULL,
    scope_kind      TEXT NOT NULL CHECK (scope_kind IN ('fleet', 'repository')),
    scope           TEXT NOT NULL,
    images          BIGINT NOT NULL,
    both_count      BIGINT NOT NULL,
    only_a          BIGINT NOT NULL,
    only_b          BIGINT NOT NULL,
    same_severity   BIGINT NOT NULL,
    taken_at        BIGINT NOT NULL,
    PRIMARY KEY (scanner_a, scanner_b, scope_kind, scope, day)
);
