#!/usr/bin/env bash
# Benchmark: matching a 10,000-package catalog against the database bench/vulndb.sh built, in one warm
# JVM (drydock-core's test class dev.drydock.bench.MatchBenchmark: 5 warm-up runs, 20 timed).
# Run under the shared lock:  flock /tmp/drydock-build.lock bench/match.sh [packages]
# Results: bench/results/match-<date>.md
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}
outdated=${2:-100}
work=$root/bench/work
out=$root/bench/results
mkdir -p "$out"
db=$work/bench.db
[ -f "$db" ] || { echo "bench: no $db; run bench/vulndb.sh first" >&2; exit 2; }
. "$root/.mvn/find-jdk.sh"
cd "$root"
./mvnw -o -q -B -ntp -pl drydock-core test-compile
# offline first; the first run may need to fetch maven-dependency-plugin's own dependencies
cpargs=(-q -B -ntp -pl drydock-core dependency:build-classpath -Dmdep.outputFile="$work/core-classpath.txt")
./mvnw -o "${cpargs[@]}" >/dev/null 2>&1 || ./mvnw "${cpargs[@]}" >/dev/null
cp="drydock-core/target/test-classes:drydock-core/target/classes:$(cat "$work/core-classpath.txt")"
{
  echo "### Matcher, $(date -u +%Y-%m-%d) — $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  echo
  echo '```'
  "$JAVA_HOME/bin/java" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -cp "$cp" dev.drydock.bench.MatchBenchmark "$db" "$work/feeds/image-sources.tsv" "$n" "$outdated"
  echo '```'
} | tee "$out/match-$(date -u +%Y%m%d)-$outdated.md"
