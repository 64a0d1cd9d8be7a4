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
work=$root/bench/work/reconcile
out=$root/bench/results
mkdir -p "$work" "$out"
. "$root/.mvn/find-jdk.sh"
cd "$root"
./mvnw -o -q -B -ntp -pl drydock-server -am test-compile
cpargs=(-q -B -ntp -pl drydock-server dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test)
./mvnw -o "${cpargs[@]}" >/dev/null 2>&1 || ./mvnw "${cpargs[@]}" >/dev/null
# this checkout's own classes first, ahead of any drydock-core jar in the local repository
cp="drydock-server/target/test-classes:drydock-server/target/classes:drydock-core/target/classes:drydock-core/target/test-classes:$(cat "$work/classpath.txt")"
{
  echo "### Reconciliation, $backend, $n images, $(date -u +%Y-%m-%d) — $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo
  "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -Xmx8g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED -cp "$cp" dev.drydock.bench.ReconcileBench "$backend" "$work" "$n"
} | tee "$out/reconcile-$backend-$(date -u +%Y%m%d).md"
