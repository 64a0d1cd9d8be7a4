#!/usr/bin/env bash
# Benchmark: the server with a fleet of images (default 10,000 of about 100 findings each, 1,000,000
# findings): upload throughput over HTTP, image page / findings API / image list latency (p50, p95), and
# a full re-match of the fleet after a vulnerability database update, on SQLite or PostgreSQL
# (drydock-server's test class dev.drydock.bench.ServerBench; one JVM holds client and server).
# PostgreSQL: the local one the tests use (127.0.0.1:5432, database test), in a schema of its own.
# Run under the shared lock:  flock /tmp/drydock-build.lock bench/server.sh sqlite|postgresql [images]
# Results: bench/results/server-<backend>-<date>.md
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
backend=${1:?usage: bench/server.sh sqlite|postgresql [images]}
n=${2:-10000}
. "$root/bench/lib/server-bench.sh"
server_bench server ServerBench "$backend" "$n"
