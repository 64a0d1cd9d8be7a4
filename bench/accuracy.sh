#!/usr/bin/env bash
# The figures of docs/accuracy.md: scans the two accuracy images (Debian bookworm minbase, and a root
# filesystem of real jars and npm packages) against a database built from the accuracy fixtures, and
# prints each finding with the severity drydock chose, its source, and NVD's rating where the DB has one.
# Needs: debootstrap (or the test cache ~/.cache/drydock-test from a test run), python3, curl.
# Usage: bench/accuracy.sh            Output: bench/results/accuracy-<date>.md
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$root/bench/work/accuracy
out=$root/bench/results
mkdir -p "$work" "$out"
dd="$root/drydock"
fx=$root/drydock-core/src/test/resources/fixtures
cache=${DRYDOCK_TEST_CACHE:-$HOME/.cache/drydock-test}

minbase=$cache/debian-bookworm-minbase
if [ ! -f "$minbase.complete" ]; then
  minbase=$work/minbase
  [ -d "$minbase/var/lib/dpkg" ] || debootstrap --variant=minbase bookworm "$minbase" http://deb.debian.org/debian >/dev/null
fi

# The language image: each artefact of fixtures/accuracy/language/expected.tsv, jars under /opt, npm under /srv.
lang=$work/language
if [ ! -d "$lang" ]; then
  mkdir -p "$lang"
  python3 - "$root" "$lang" <<'PY'
import re, sys, subprocess, pathlib, hashlib, urllib.request
root, lang = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
src = (root / "drydock-core/src/test/java/dev/drydock/testing/LanguageArtifacts.java").read_text()
for file, eco, pkg, ver, url, sha in re.findall(r'new Artifact\("([^"]+)", "([^"]+)", "([^"]+)", "([^"]+)",\s*"([^"]+)",\s*"([0-9a-f]{64})"\)', src):
    data = urllib.request.urlopen(url, timeout=60).read()
    assert hashlib.sha256(data).hexdigest() == sha, url
    if eco == "Maven":
        d = lang / "opt" / file / "lib"; d.mkdir(parents=True); (d / file).write_bytes(data)
    else:
        d = lang / "srv" / file / "node_modules" / pkg; d.mkdir(parents=True)
        t = lang / "tmp.tgz"; t.write_bytes(data)
        subprocess.run(["tar", "-xzf", str(t), "-C", str(d), "--strip-components=1"], check=True); t.unlink()
PY
fi

mkdir -p "$work/osv"
cp "$fx"/osv/*.json "$fx"/accuracy/language/osv/*.json "$work/osv/"
db=$work/accuracy.db
"$dd" db build -q --db "$db" --osv "$work/osv" --debian "$fx/accuracy/debian-bookworm/tracker.json" \
  --nvd "$fx/nvd" --kev "$fx/kev/known_exploited_vulnerabilities.json.gz" --epss "$fx/epss/example-1.csv"

report=$out/accuracy-$(date -u +%F).md
{
  echo "# accuracy run $(date -u +%FT%TZ)"
  for image in "dir:$minbase" "dir:$lang"; do
    "$dd" scan -q --db "$db" --max-db-age -1 "$image" --format json -o "$work/report.json"
    python3 - "$work/report.json" "$image" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"\n## {sys.argv[2].split('/')[-1]}: {len(r['findings'])} findings\n")
print("| id | package | installed | fixed | severity | source | NVD |")
print("|---|---|---|---|---|---|---|")
for f in r["findings"]:
    nvd = [x for x in f.get("ratings", []) if x["source"] == "nvd"]
    n = "/".join(sorted({x["severity"] for x in nvd})) if nvd else "—"
    print(f"| {f['id']} | {f['package']['name']} | {f['installedVersion']} | {', '.join(f.get('fixedVersions', [])) or '—'} "
          f"| {f['severity']} | {f['severitySource']} | {n} |")
PY
  done
} > "$report"
cat "$report"
