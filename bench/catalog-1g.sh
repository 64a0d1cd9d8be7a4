#!/usr/bin/env bash
# Benchmark: catalog a ~1 GB image dominated by jars and node_modules (issue 3), against the
# decompression floor. Needs root, network to the Debian archive and the npm registry, and:
# debootstrap umoci pigz hyperfine time npm (Debian packages) and a filled ~/.m2 (the build fills it).
# Usage: bench/catalog-1g.sh [runs]      Results: bench/results/catalog-1g-<date>.md
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
work=$root/bench/work/1g
out=$root/bench/results
mkdir -p "$work" "$out"
export XDG_CACHE_HOME=$work/cache
dd="$root/drydock"
for t in umoci pigz hyperfine /usr/bin/time npm; do
  command -v "$t" >/dev/null || { echo "bench: needs $t" >&2; exit 2; }
done

layout=$work/oci
if [ ! -f "$layout/index.json" ]; then
  rootfs=${DRYDOCK_TEST_CACHE:-$HOME/.cache/drydock-test}/debian-bookworm-minbase
  [ -f "$rootfs.complete" ] || { echo "bench: run the test suite once first (it builds the minbase rootfs)" >&2; exit 2; }
  rm -rf "$layout" "$work/bundle" "$work/npm"
  umoci init --layout "$layout"
  umoci new --image "$layout:bench"
  umoci unpack --image "$layout:bench" "$work/bundle" >/dev/null
  cp -a "$rootfs/." "$work/bundle/rootfs/"
  umoci repack --refresh-bundle --image "$layout:bench" "$work/bundle"
  # Layer 2: every jar of the local Maven repository, as an application's lib directory.
  mkdir -p "$work/bundle/rootfs/opt/app/lib"
  find "${M2_REPO:-$HOME/.m2/repository}" -name '*.jar' -size +0 -exec cp -n {} "$work/bundle/rootfs/opt/app/lib/" \;
  umoci repack --refresh-bundle --image "$layout:bench" "$work/bundle"
  # Layer 3: a Node.js application with a large real node_modules tree from the npm registry.
  mkdir -p "$work/npm" && (cd "$work/npm" && npm init -y >/dev/null &&
    npm install --no-audit --no-fund --ignore-scripts --silent typescript aws-sdk webpack eslint @babel/core \
      @angular/core @angular/compiler rxjs lodash moment prettier jest react react-dom next >/dev/null)
  mkdir -p "$work/bundle/rootfs/srv/web" && cp -a "$work/npm/." "$work/bundle/rootfs/srv/web/"
  umoci repack --refresh-bundle --image "$layout:bench" "$work/bundle"
  umoci gc --layout "$layout"
  rm -rf "$work/bundle"
fi

"$dd" version >/dev/null
blobs=$(python3 - "$layout" <<'PY'
import json,sys,os
l=sys.argv[1]; idx=json.load(open(os.path.join(l,"index.json")))
m=json.load(open(os.path.join(l,"blobs/sha256",idx["manifests"][0]["digest"].split(":")[1])))
print(" ".join(os.path.join(l,"blobs/sha256",x["digest"].split(":")[1]) for x in m["layers"]))
PY
)
compressed=$(du -cb $blobs | tail -1 | cut -f1)
uncompressed=$(for b in $blobs; do pigz -dc "$b"; done | wc -c)
ref="oci:$layout:bench"
json=$work/hyperfine.json
hyperfine --runs "$runs" --warmup 1 --export-json "$json" \
  -n "floor: pigz -dc of the layers" "for b in $blobs; do pigz -dc \$b >/dev/null; done" \
  -n "floor: gzip -dc of the layers" "for b in $blobs; do gzip -dc \$b >/dev/null; done" \
  -n "sbom oci" "$dd sbom $ref --no-cache -q --format json -o /dev/null" >/dev/null
rss=$(/usr/bin/time -f %M "$dd" sbom "$ref" --no-cache -q --format json -o /dev/null 2>&1 >/dev/null | tail -1)
DRYDOCK_JAVA_OPTS="-Xmx256m -Xlog:gc:file=$work/gc.log" "$dd" sbom "$ref" --no-cache -q --format json -o /dev/null
heap=$(grep -oE '[0-9]+M->' "$work/gc.log" | sed 's/M->//' | sort -n | tail -1)
counts=$("$dd" sbom "$ref" -q --format json | python3 -c 'import json,sys,collections; d=json.load(sys.stdin); print(", ".join(f"{k} {v}" for k,v in sorted(collections.Counter(p["type"] for p in d["packages"]).items())))')
{
  echo "### drydock sbom on a 1 GB image, $(date -u +%Y-%m-%d) — $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo
  echo "Image: Debian 12 minbase, the jars of a Maven repository, a Node.js app's node_modules; $(echo $blobs | wc -w) layers, $((compressed/1000000)) MB gzip, $((uncompressed/1000000)) MB uncompressed. Packages: $counts. Runs: $runs (median)."
  echo
  echo "| what | median s | min s | max s | × pigz floor |"
  echo "|---|---|---|---|---|"
  python3 - "$json" <<'PY'
import json,sys
rows=json.load(open(sys.argv[1]))["results"]
floor=[r for r in rows if r["command"].startswith("floor: pigz")][0]["median"]
for r in rows:
    print(f'| {r["command"]} | {r["median"]:.2f} | {r["min"]:.2f} | {r["max"]:.2f} | {r["median"]/floor:.2f} |')
PY
  echo
  echo "Peak RSS: $((rss/1024)) MB. Peak heap seen by the GC in a run capped at -Xmx256m: $heap MB."
} | tee "$out/catalog-1g-$(date -u +%Y%m%d).md"
