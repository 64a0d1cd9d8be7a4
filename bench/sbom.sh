#!/usr/bin/env bash
# Benchmark: `drydock sbom` on a ~200 MB multi-layer Debian image in every source form, beside the
# floor (only decompressing the same layers) and the JVM start (`drydock version`).
# Needs root and: debootstrap umoci skopeo docker-registry pigz hyperfine time (Debian packages).
# Usage: bench/sbom.sh [runs]      Results: bench/results/sbom-<date>.md
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
work=$root/bench/work
out=$root/bench/results
mkdir -p "$work" "$out"
export XDG_CACHE_HOME=$work/cache
dd="$root/drydock"

for t in debootstrap umoci skopeo docker-registry pigz hyperfine /usr/bin/time dpkg-deb apt-get; do
  command -v "$t" >/dev/null || { echo "bench: needs $t (apt-get install debootstrap umoci skopeo docker-registry pigz hyperfine time)" >&2; exit 2; }
done

# 1. The image: debootstrap minbase (layer 1), Python and Perl modules from the archive (layer 2),
#    documentation removed (layer 3, whiteouts). Built with umoci, an independent tool (bench/lib/image.sh).
. "$root/bench/lib/image.sh"
bench_image
rm -f "$work/image-docker.tar" "$work/image-oci.tar"
skopeo copy --quiet "oci:$layout:bench" "docker-archive:$work/image-docker.tar:bench/debian:latest"
skopeo copy --quiet "oci:$layout:bench" "oci-archive:$work/image-oci.tar:bench"

# 2. A registry on loopback, with the image pushed to it.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/registry.yml" <<YML
version: 0.1
storage: { filesystem: { rootdirectory: $work/registry }, delete: { enabled: true } }
http: { addr: 127.0.0.1:$port }
log: { level: error }
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
reg=$!
trap 'kill $reg 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
skopeo copy --quiet --dest-tls-verify=false "oci:$layout:bench" "docker://127.0.0.1:$port/bench/debian:latest"

# 3. Measurements.
"$dd" version >/dev/null   # builds the jar if needed
blobs=$(bench_image_blobs)
digests=$(for b in $blobs; do echo "sha256:$(basename "$b")"; done | tr '\n' ' ')
compressed=$(du -cb $blobs | tail -1 | cut -f1)
uncompressed=$(for b in $blobs; do pigz -dc "$b"; done | wc -c)
layers=$(echo $blobs | wc -w)

declare -A ref=(
  [oci]="oci:$layout:bench"
  [oci-archive]="oci-archive:$work/image-oci.tar:bench"
  [docker-archive]="docker-archive:$work/image-docker.tar"
  [registry]="127.0.0.1:$port/bench/debian:latest --insecure"
)
json=$work/hyperfine.json
hyperfine --runs "$runs" --warmup 1 --export-json "$json" \
  -n "floor: gzip -dc of the layers" "for b in $blobs; do gzip -dc \$b >/dev/null; done" \
  -n "floor: pigz -dc of the layers" "for b in $blobs; do pigz -dc \$b >/dev/null; done" \
  -n "floor: curl from the registry + pigz -dc" "for d in $digests; do curl -s http://127.0.0.1:$port/v2/bench/debian/blobs/\$d | pigz -dc >/dev/null; done" \
  -n "jvm start: drydock version" "$dd version" \
  -n "sbom oci" "$dd sbom ${ref[oci]} --no-cache -q --format json -o /dev/null" \
  -n "sbom oci-archive" "$dd sbom ${ref[oci-archive]} --no-cache -q --format json -o /dev/null" \
  -n "sbom docker-archive" "$dd sbom ${ref[docker-archive]} --no-cache -q --format json -o /dev/null" \
  -n "sbom registry" "$dd sbom ${ref[registry]} --no-cache -q --format json -o /dev/null" \
  >/dev/null
"$dd" sbom "${ref[oci]}" -q --format json -o /dev/null   # fill the layer cache
hyperfine --runs "$runs" --warmup 1 --export-json "$work/hyperfine-cached.json" \
  -n "sbom oci (cached layers)" "$dd sbom ${ref[oci]} -q --format json -o /dev/null" \
  -n "sbom registry (cached layers)" "$dd sbom ${ref[registry]} -q --format json -o /dev/null" >/dev/null

rss() { /usr/bin/time -f %M "$dd" sbom $1 --no-cache -q --format json -o /dev/null 2>&1 >/dev/null | tail -1; }
heap() { # peak heap occupancy (MB) seen by the GC, in a run capped at 256 MB heap
  DRYDOCK_JAVA_OPTS="-Xmx256m -Xlog:gc:file=$work/gc.log" "$dd" sbom $1 --no-cache -q --format json -o /dev/null
  grep -oE '[0-9]+M->' "$work/gc.log" | sed 's/M->//' | sort -n | tail -1
}
pkgs=$("$dd" sbom "${ref[oci]}" -q --format json | grep -c '"purl"')

{
  echo "### drydock sbom, $(date -u +%Y-%m-%d) — $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo
  echo "Image: Debian 12 minbase + Python 3.11 + Perl modules, $layers layers (built with umoci), $((compressed/1000000)) MB gzip, $((uncompressed/1000000)) MB uncompressed, $pkgs packages. Runs: $runs (median)."
  echo
  echo "The registry runs on the same 2 cores as drydock, so its own CPU time is in the registry figures (and in their floor)."
  echo
  echo "| what | median s | min s | max s | × pigz floor |"
  echo "|---|---|---|---|---|"
  python3 - "$json" "$work/hyperfine-cached.json" <<'PY'
import json,sys,statistics
rows=[]
for f in sys.argv[1:]:
    rows+=json.load(open(f))["results"]
floor=[r for r in rows if r["command"].startswith("floor: pigz")][0]["median"]
for r in rows:
    print(f'| {r["command"]} | {r["median"]:.2f} | {r["min"]:.2f} | {r["max"]:.2f} | {r["median"]/floor:.2f} |')
PY
  echo
  echo "| form | peak RSS MB | peak heap MB (run with -Xmx256m) |"
  echo "|---|---|---|"
  for f in oci oci-archive docker-archive registry; do
    echo "| $f | $(( $(rss "${ref[$f]}") / 1024 )) | $(heap "${ref[$f]}") |"
  done
} | tee "$out/sbom-$(date -u +%Y%m%d).md"
