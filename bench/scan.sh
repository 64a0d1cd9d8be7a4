#!/usr/bin/env bash
# Benchmark: `drydock scan` against `drydock sbom` on the bench image of bench/sbom.sh (bench/lib/image.sh,
# OCI layout), with the database bench/vulndb.sh built from the synthetic full-scale feeds. Same hyperfine
# run for both, so their ratio is measured under the same conditions: cold (--no-cache) and with the
# layer cache filled, and a scan of drydock's own JSON SBOM of the image (no image read at all).
# Then peak RSS (/usr/bin/time) and the peak heap the GC saw in a run capped at -Xmx256m.
# Run under the shared lock:  flock /tmp/drydock-build.lock bench/scan.sh [runs]
# Results: bench/results/scan-<date>.md
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-7}
work=$root/bench/work
out=$root/bench/results
mkdir -p "$work" "$out"
export XDG_CACHE_HOME=$work/cache
dd="$root/drydock"
db=$work/bench.db
for t in debootstrap umoci pigz hyperfine /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "bench: needs $t (apt-get install debootstrap umoci pigz hyperfine time)" >&2; exit 2; }
done
[ -f "$db" ] || { echo "bench: no $db; run bench/vulndb.sh first" >&2; exit 2; }

. "$root/bench/lib/image.sh"
bench_image
"$dd" version >/dev/null   # builds the jar if needed
img="oci:$layout:bench"
blobs=$(bench_image_blobs)
sbom=$work/bench-sbom.json
"$dd" sbom "$img" --no-cache -q --format json -o "$sbom"
"$dd" scan "$img" --db "$db" --no-cache -q --format json -o "$work/bench-scan.json"

json=$work/hyperfine-scan.json
hyperfine --runs "$runs" --warmup 1 --export-json "$json" \
  -n "floor: pigz -dc of the layers" "for b in $blobs; do pigz -dc \$b >/dev/null; done" \
  -n "jvm start: drydock version" "$dd version" \
  -n "sbom oci (--no-cache)" "$dd sbom $img --no-cache -q --format json -o /dev/null" \
  -n "scan oci (--no-cache)" "$dd scan $img --db $db --no-cache -q --format json -o /dev/null" \
  -n "scan of the JSON SBOM" "$dd scan sbom:$sbom --db $db -q --format json -o /dev/null" >/dev/null
"$dd" sbom "$img" -q --format json -o /dev/null   # fill the layer cache
hyperfine --runs "$runs" --warmup 1 --export-json "$work/hyperfine-scan-cached.json" \
  -n "sbom oci (cached layers)" "$dd sbom $img -q --format json -o /dev/null" \
  -n "scan oci (cached layers)" "$dd scan $img --db $db -q --format json -o /dev/null" >/dev/null

rss() { /usr/bin/time -f %M "$dd" "$@" -q --format json -o /dev/null 2>&1 >/dev/null | tail -1; }
heap() { # peak heap occupancy (MB) seen by the GC, in a run capped at 256 MB heap
  DRYDOCK_JAVA_OPTS="-Xmx256m -Xlog:gc:file=$work/gc.log" "$dd" "$@" -q --format json -o /dev/null
  grep -oE '[0-9]+M->' "$work/gc.log" | sed 's/M->//' | sort -n | tail -1 | grep . || echo "no GC ran"
}
findings=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d.get("findings", d.get("vulnerabilities", []))))' "$work/bench-scan.json" 2>/dev/null || echo "?")
pkgs=$(grep -c '"purl"' "$sbom")

{
  echo "### drydock scan, $(date -u +%Y-%m-%d) — $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo
  echo "Image: bench/lib/image.sh (OCI layout), $pkgs packages; database $(( $(stat -c %s "$db") / 1048576 )) MB (bench/vulndb.sh); $findings findings. Runs: $runs (median)."
  echo
  echo "| what | median s | min s | max s | × sbom (same cache state) |"
  echo "|---|---|---|---|---|"
  python3 - "$json" "$work/hyperfine-scan-cached.json" <<'PY'
import json,sys
rows=[]
for f in sys.argv[1:]:
    rows+=json.load(open(f))["results"]
med={r["command"]:r["median"] for r in rows}
ref={"scan oci (--no-cache)":"sbom oci (--no-cache)","scan oci (cached layers)":"sbom oci (cached layers)",
     "scan of the JSON SBOM":"sbom oci (--no-cache)"}
for r in rows:
    c=r["command"]; x=f'{r["median"]/med[ref[c]]:.2f}' if c in ref else ""
    print(f'| {c} | {r["median"]:.2f} | {r["min"]:.2f} | {r["max"]:.2f} | {x} |')
PY
  echo
  echo "| run | peak RSS MB | peak heap MB (run with -Xmx256m) |"
  echo "|---|---|---|"
  echo "| sbom oci --no-cache | $(( $(rss sbom "$img" --no-cache) / 1024 )) | $(heap sbom "$img" --no-cache) |"
  echo "| scan oci --no-cache | $(( $(rss scan "$img" --db "$db" --no-cache) / 1024 )) | $(heap scan "$img" --db "$db" --no-cache) |"
  echo "| scan of the JSON SBOM | $(( $(rss scan "sbom:$sbom" --db "$db") / 1024 )) | $(heap scan "sbom:$sbom" --db "$db") |"
} | tee "$out/scan-$(date -u +%Y%m%d).md"
