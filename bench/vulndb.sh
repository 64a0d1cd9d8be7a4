#!/usr/bin/env bash
# Benchmark: `drydock db build` from every source at upstream scale. Upstream feeds are not reachable
# from the bench machine, so bench/gen-feeds.py writes synthetic scale-ups of the real fixture records
# (cached in bench/work/feeds; delete it to regenerate). Then times the build (hyperfine), and reports
# the file size, records per source (`db status`) and peak RSS (/usr/bin/time -v).
# Needs root (the bench image, for its package names) and: debootstrap umoci hyperfine time python3.
# Run under the shared lock:  flock /tmp/drydock-build.lock bench/vulndb.sh [runs]
# Results: bench/results/vulndb-<date>.md; the database is left in bench/work/bench.db for bench/scan.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
work=$root/bench/work
out=$root/bench/results
mkdir -p "$work" "$out"
dd="$root/drydock"
for t in debootstrap umoci hyperfine /usr/bin/time python3 bc; do
  command -v "$t" >/dev/null || { echo "bench: needs $t (apt-get install debootstrap umoci hyperfine time)" >&2; exit 2; }
done

. "$root/bench/lib/image.sh"
bench_image
feeds=$work/feeds
if [ ! -f "$feeds/counts.json" ]; then
  rm -rf "$feeds"
  start=$(date +%s)
  python3 "$root/bench/gen-feeds.py" --out "$feeds" --status "$work/image-status" >/dev/null
  echo "bench: feeds generated in $(( $(date +%s) - start )) s" >&2
fi
"$dd" version >/dev/null   # builds the jar if needed

db=$work/bench.db
args="$(for z in "$feeds"/osv/*/all.zip; do printf -- '--osv %s ' "$z"; done)--debian $feeds/debian.json --nvd $feeds/nvd --kev $feeds/kev.json.gz --epss $feeds/epss.csv.gz"
json=$work/hyperfine-vulndb.json
hyperfine --runs "$runs" --export-json "$json" \
  -n "jvm start: drydock version" "$dd version" \
  -n "db build, all sources" "$dd db build $args --db $work/bench-hf.db -q" >/dev/null

# One more run, not quiet (per-source record counts and the tool's own time), under /usr/bin/time -v.
/usr/bin/time -v "$dd" db build $args --db "$db" 2>"$work/db-build.log"
rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$work/db-build.log")
DRYDOCK_JAVA_OPTS="-Xlog:gc:file=$work/gc-vulndb.log" "$dd" db build $args --db "$work/bench-gc.db" -q
heap=$(grep -oE '[0-9]+M->' "$work/gc-vulndb.log" | sed 's/M->//' | sort -n | tail -1)
rm -f "$work/bench-hf.db" "$work/bench-gc.db"

# Where the time and bytes go: one build per source.
part() { local s e; s=$(date +%s.%N); "$dd" db build "$@" --db "$work/part.db" -q; e=$(date +%s.%N)
         printf '| %.1f | %d |\n' "$(echo "$e - $s" | bc)" "$(( $(stat -c %s "$work/part.db") / 1048576 ))"; rm -f "$work/part.db"; }
osvargs="$(for z in "$feeds"/osv/*/all.zip; do printf -- '--osv %s ' "$z"; done)"
parts=$(
  echo "| OSV ($(ls "$feeds"/osv/*/all.zip | wc -l) zips) $(part $osvargs)"
  echo "| NVD ($(ls "$feeds"/nvd | wc -l) files) $(part --nvd "$feeds/nvd")"
  echo "| Debian tracker $(part --debian "$feeds/debian.json")"
  echo "| EPSS + KEV $(part --epss "$feeds/epss.csv.gz" --kev "$feeds/kev.json.gz")"
)

{
  echo "### drydock db build, $(date -u +%Y-%m-%d) — $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo
  echo "Inputs (synthetic, bench/gen-feeds.py): $(du -sh "$feeds"/osv | cut -f1) OSV zips, $(du -sh "$feeds"/debian.json | cut -f1) tracker JSON, $(du -sh "$feeds"/nvd | cut -f1) NVD gz, $(du -sh "$feeds"/epss.csv.gz | cut -f1) EPSS gz, $(du -sh "$feeds"/kev.json.gz | cut -f1) KEV gz. Runs: $runs."
  echo
  echo '```'
  cat "$feeds/counts.json"; echo
  echo '```'
  echo
  echo "| what | median s | min s | max s |"
  echo "|---|---|---|---|"
  python3 - "$json" <<'PY'
import json,sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f'| {r["command"]} | {r["median"]:.2f} | {r["min"]:.2f} | {r["max"]:.2f} |')
PY
  echo
  echo "Database: $(( $(stat -c %s "$db") / 1048576 )) MB ($(stat -c %s "$db") bytes); peak RSS $(( rss / 1024 )) MB; peak heap seen by the GC $heap MB (default heap)."
  echo
  echo "| source alone | build s | file MB |"
  echo "|---|---|---|"
  echo "$parts"
  echo
  echo '```'
  grep -v -E '^\s' "$work/db-build.log" | grep -v '^Command being timed' || true
  "$dd" db status --db "$db"
  echo '```'
} | tee "$out/vulndb-$(date -u +%Y%m%d).md"
