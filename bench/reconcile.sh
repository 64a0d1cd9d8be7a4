#!/usr/bin/env bash
# Benchmark: reconciliation (issue 6) on a fleet of images (default 10,000 of about 105 findings each,
# drydock's own scans): Trivy report imports over HTTP, fleet parity drydock vs trivy, the first drift
# page, and one 50,000-finding Trivy report imported (and re-imported), on SQLite or PostgreSQL
# (drydock-server's test class dev.drydock.bench.ReconcileBench; one JVM holds client and server).
# PostgreSQL: the local one the tests use (127.0.0.1:5432, database test), in a schema of its own.
# Run under the shared lock:  flock /tmp/drydock-build.lock bench/reconcile.sh sqlite|postgresql [images]
# Results: bench/results/reconcile-<backend>-<date>.md
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
backend=${1:?usage: bench/reconcile.sh sqlite|postgresql [images]}
n=${2:-10000}
. "$root/bench/lib/server-bench.sh"
server_bench reconcile ReconcileBench "$backend" "$n"
