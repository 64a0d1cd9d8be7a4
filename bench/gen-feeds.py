#!/usr/bin/env python3
"""Synthetic vulnerability feeds at upstream scale, in the upstream formats, for bench/vulndb.sh.

The upstream feeds (osv.dev, the Debian security tracker, NVD, FIRST EPSS) cannot be downloaded on
the benchmark machine, so this scales up the real records kept as test fixtures: each generated record
is a clone of a real one with its id, package name and versions varied by a seeded RNG (same seed,
same bytes). The CISA KEV fixture is a real full catalog and is copied as is.

Source packages of the bench image (dpkg status files given with --status) are put into the Debian
tracker and into the Debian/Ubuntu OSV records with fixed versions above, below and at their installed
versions, so that lookups for the image hit.

Usage: bench/gen-feeds.py --out DIR [--scale 1.0] [--seed 4] [--status var/lib/dpkg/status ...]
Writes: DIR/osv/<Ecosystem>/all.zip, DIR/debian.json, DIR/nvd/nvdcve-2.0-YYYY.json.gz,
        DIR/epss.csv.gz, DIR/kev.json.gz, DIR/image-sources.tsv, DIR/counts.json
"""
import argparse
import copy
import gzip
import json
import os
import random
import re
import shutil
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "drydock-core/src/test/resources/fixtures")

# Records per source at scale 1.0. Totals: OSV 300,000; NVD 250,000; EPSS 250,000; tracker 35,000 packages.
OSV_COUNTS = {"Debian": 50_000, "Ubuntu": 70_000, "Alpine": 30_000, "npm": 60_000, "Maven": 30_000,
              "PyPI": 35_000, "Go": 25_000}
NVD_CVES = 250_000
EPSS_ROWS = 250_000
TRACKER_PACKAGES = 35_000
TRACKER_RELEASES = ["bookworm", "bullseye", "trixie", "sid"]
DEBIAN_RELEASE_NUMBERS = {"bookworm": "12", "bullseye": "11", "trixie": "13", "sid": "unstable"}
UBUNTU_RELEASES = ["20.04:LTS", "22.04:LTS", "24.04:LTS", "24.10"]
ALPINE_RELEASES = ["v3.18", "v3.19", "v3.20", "v3.21"]
# CVEs per year roughly as published (cumulative ~250k by 2025)
YEAR_WEIGHTS = {1999: 1500, 2000: 1200, 2001: 1700, 2002: 2400, 2003: 1500, 2004: 2700, 2005: 4700, 2006: 6600,
                2007: 6500, 2008: 5600, 2009: 5700, 2010: 4600, 2011: 4200, 2012: 5300, 2013: 5200, 2014: 7900,
                2015: 6500, 2016: 6400, 2017: 14600, 2018: 16500, 2019: 17300, 2020: 18300, 2021: 20200,
                2022: 25000, 2023: 29000, 2024: 40000, 2025: 48000}
SYLLABLES = ["lib", "ssl", "xml", "gtk", "net", "core", "py", "perl", "js", "tool", "io", "zip", "crypt", "http",
             "json", "yaml", "img", "font", "audio", "video", "db", "sql", "auth", "pam", "kit", "utils", "fs",
             "compress", "parse", "glib", "qt", "mail", "dns", "ldap", "tls", "ssh", "curl", "pcre", "tiff", "png"]
WORDS = ["alpha", "bravo", "core", "delta", "echo", "fox", "grid", "hash", "ink", "jet", "kite", "lens", "mesh",
         "nova", "orbit", "pulse", "quill", "relay", "spark", "tide", "umbra", "vault", "wave", "xeno", "yarn", "zest"]


def load(path):
    with open(path) as f:
        return json.load(f)


def fixture(*parts):
    return os.path.join(FIX, *parts)


class Gen:
    def __init__(self, seed, scale):
        self.r = random.Random(seed)
        self.scale = scale
        self.counts = {}

    def n(self, count):
        return max(1, int(count * self.scale))

    # ---- ids and names ------------------------------------------------------------------------------
    def cve_ids(self, total, kev_cves):
        """A fixed, sorted CVE id space shared by every feed, so aliases meet; KEV's CVEs are in it."""
        r = self.r
        weight_sum = sum(YEAR_WEIGHTS.values())
        ids = set(kev_cves)
        for year, w in YEAR_WEIGHTS.items():
            want = max(1, round(total * w / weight_sum))
            top = max(10_000, want * 2) if year >= 2014 else 9_999
            pool = r.sample(range(1, top), min(want, top - 1))
            for num in pool:
                ids.add(f"CVE-{year}-{num:04d}")
        ids = sorted(ids, key=lambda c: (int(c.split("-")[1]), int(c.split("-")[2])))
        return ids

    def word_name(self, parts=2):
        return "".join(self.r.choice(SYLLABLES) for _ in range(parts)) + self.r.choice(["", str(self.r.randint(1, 9))])

    def version(self, debian=False):
        r = self.r
        v = f"{r.randint(0, 12)}.{r.randint(0, 30)}.{r.randint(0, 20)}"
        if debian:
            v += f"-{r.randint(1, 9)}"
        return v

    def ghsa(self):
        a = "23456789cfghjmpqrvwx"
        return "GHSA-" + "-".join("".join(self.r.choice(a) for _ in range(4)) for _ in range(3))


def dpkg_sources(paths):
    """(source name, source version) of the packages in dpkg status files."""
    out = {}
    for path in paths:
        with open(path, errors="replace") as f:
            text = f.read()
        for para in text.split("\n\n"):
            fields = {}
            for line in para.splitlines():
                m = re.match(r"^([A-Za-z-]+):\s*(.*)$", line)
                if m:
                    fields[m.group(1)] = m.group(2)
            if "Package" not in fields or "Version" not in fields:
                continue
            src, ver = fields["Package"], fields["Version"]
            if "Source" in fields:
                m = re.match(r"^(\S+)(?:\s+\((.+)\))?$", fields["Source"])
                src = m.group(1)
                if m.group(2):
                    ver = m.group(2)
            out.setdefault(src, ver)
    return out


def bumped(version, up):
    """A Debian version above (+deb12uN) or below (~ prefix of an older upstream) an installed one."""
    return version + "+deb12u9" if up else "0.1-1"


# ---- Debian tracker ----------------------------------------------------------------------------------
def gen_tracker(g, cves, image, out):
    template = load(fixture("debian-tracker", "debian.json"))
    descriptions = [i["description"] for p in template.values() for i in p.values() if i.get("description")]
    urgencies = ["low", "medium", "high", "unimportant", "not yet assigned", "low**", "medium**", "high**"]
    r = g.r
    names = list(image)
    seen = set(names)
    while len(names) < g.n(TRACKER_PACKAGES):
        n = g.word_name(r.choice([2, 2, 3]))
        if n not in seen:
            seen.add(n)
            names.append(n)
    issues = rows = 0
    with open(out, "w") as f:
        f.write("{")
        for pi, name in enumerate(sorted(names)):
            installed = image.get(name)
            k = r.choice([1, 1, 2, 2, 3, 3, 4, 5, 8]) if installed is None else r.randint(4, 8)
            pkg = {}
            for cve in r.sample(cves, k):
                base = installed or g.version(debian=True)
                rels = {}
                for rel in TRACKER_RELEASES:
                    roll = r.random()
                    if installed is not None and rel == "bookworm":
                        roll = r.choice([0.1, 0.3, 0.7, 0.95])  # fixed above, fixed below, open, not affected
                    if roll < 0.25:
                        e = {"status": "resolved", "repositories": {rel: base}, "fixed_version": bumped(base, True),
                             "urgency": r.choice(urgencies)}
                    elif roll < 0.65:
                        e = {"status": "resolved", "repositories": {rel: base}, "fixed_version": bumped(base, False),
                             "urgency": r.choice(urgencies)}
                    elif roll < 0.9:
                        e = {"status": "open", "repositories": {rel: base}, "urgency": r.choice(urgencies)}
                        if r.random() < 0.3:
                            e["nodsa"] = "Minor issue"
                    else:
                        e = {"status": "resolved", "repositories": {rel: base}, "fixed_version": "0",
                             "urgency": "unimportant"}
                    rels[rel] = e
                    rows += 1
                issue = {"scope": r.choice(["local", "remote"]), "description": r.choice(descriptions), "releases": rels}
                if r.random() < 0.4:
                    issue["debianbug"] = r.randint(500_000, 1_100_000)
                pkg[cve] = issue
                issues += 1
            f.write(("," if pi else "") + json.dumps(name) + ":" + json.dumps(pkg, separators=(",", ":")))
        f.write("}")
    g.counts["debian-tracker"] = {"packages": len(names), "issues": issues, "release rows": rows}
    return sorted(names)


# ---- OSV ---------------------------------------------------------------------------------------------
def osv_templates():
    recs = []
    for d in (fixture("osv"), fixture("accuracy", "language", "osv")):
        for fn in sorted(os.listdir(d)):
            if fn.endswith(".json"):
                recs.append(load(os.path.join(d, fn)))
    ghsa = [x for x in recs if x["id"].startswith("GHSA-") and x.get("severity")]
    return recs, ghsa


def gen_osv(g, cves, debian_names, image, outdir):
    r = g.r
    recs, ghsa = osv_templates()
    vectors = sorted({s["score"] for x in ghsa for s in x["severity"] if s["type"] == "CVSS_V3"})
    ubuntu = next(x for x in recs if x["id"].startswith("UBUNTU-CVE-"))
    alpine = next(x for x in recs if x["id"] == "CVE-2022-27449")
    dsa = next(x for x in recs if x["id"] == "DSA-5474-1")
    go = next(x for x in recs if x["id"] == "GO-2022-0603")
    used = set()
    names = {eco: [g.word_name() for _ in range(max(50, g.n(OSV_COUNTS[eco]) // 4))] for eco in OSV_COUNTS}
    names["Maven"] = [f"org.{r.choice(WORDS)}.{r.choice(WORDS)}:{n}" for n in names["Maven"]]
    names["Go"] = [f"github.com/{r.choice(WORDS)}/{n}" for n in names["Go"]]
    names["npm"] = [("@" + r.choice(WORDS) + "/" + n) if r.random() < 0.2 else n for n in names["npm"]]
    os.makedirs(outdir, exist_ok=True)

    def ranges(debian=False):
        fixed = g.version(debian)
        ev = [{"introduced": "0"}, {"fixed": fixed}]
        if r.random() < 0.3:
            ev = [{"introduced": g.version(debian)}, {"fixed": fixed}]
        return [{"type": "ECOSYSTEM" if r.random() < 0.8 or debian else "SEMVER", "events": ev}]

    def ghsa_like(eco):
        t = copy.deepcopy(r.choice(ghsa))
        cve = r.choice(cves)
        gid = g.ghsa()
        while gid in used:
            gid = g.ghsa()
        used.add(gid)
        rid = gid
        if eco == "PyPI" and r.random() < 0.4:
            rid = f"PYSEC-{cve.split('-')[1]}-{r.randint(1, 999_999)}"
            while rid in used:
                rid = f"PYSEC-{cve.split('-')[1]}-{r.randint(1, 999_999)}"
            used.add(rid)
        t["id"] = rid
        t["aliases"] = [cve] + ([gid] if rid != gid else [])
        t["severity"] = [{"type": "CVSS_V3", "score": r.choice(vectors)}]
        t.setdefault("database_specific", {})["severity"] = r.choice(["LOW", "MODERATE", "HIGH", "CRITICAL"])
        name = r.choice(names[eco])
        affected = []
        for _ in range(r.choice([1, 1, 1, 2, 3])):
            a = {"package": {"ecosystem": eco, "name": name}, "ranges": ranges()}
            if eco == "Go":
                a["ecosystem_specific"] = go["affected"][0]["ecosystem_specific"]
            affected.append(a)
        t["affected"] = affected
        return t

    def debian_cve(cve):
        src = r.choice(debian_names)
        base = image.get(src) or g.version(debian=True)
        affected = []
        for rel in TRACKER_RELEASES:
            a = copy.deepcopy(dsa["affected"][0])
            a["package"] = {"name": src, "ecosystem": "Debian:" + DEBIAN_RELEASE_NUMBERS[rel],
                            "purl": f"pkg:deb/debian/{src}?arch=source"}
            a["ranges"][0]["events"] = [{"introduced": "0"}, {"fixed": bumped(base, r.random() < 0.3)}]
            if rel == "sid":
                a["package"]["ecosystem"] = "Debian"  # unreleased: no release, never matched
            affected.append(a)
        return {"id": "DEBIAN-" + cve, "upstream": [cve], "summary": None, "details": "",
                "modified": dsa["modified"], "published": dsa["published"], "affected": affected,
                "references": [{"type": "ADVISORY", "url": f"https://security-tracker.debian.org/tracker/{cve}"}]}

    def ubuntu_cve(cve):
        t = copy.deepcopy(ubuntu)
        t["id"] = "UBUNTU-" + cve
        t["upstream"] = [cve]
        src = r.choice(debian_names)
        affected = []
        for rel in r.sample(UBUNTU_RELEASES, r.randint(1, 3)):
            vs = [g.version(debian=True) for _ in range(r.randint(3, 25))]
            affected.append({"package": {"ecosystem": "Ubuntu:" + rel, "name": src,
                                         "purl": f"pkg:deb/ubuntu/{src}?arch=source"},
                             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": g.version(True)}]}],
                             "versions": vs})
        t["affected"] = affected
        t["severity"] = [{"type": "Ubuntu", "score": r.choice(["low", "medium", "high", "negligible"])}]
        return t

    def alpine_cve(cve):
        t = copy.deepcopy(alpine)
        t["id"] = "ALPINE-" + cve
        t["upstream"] = [cve]
        name = r.choice(names["Alpine"])
        for a, rel in zip(t["affected"], ALPINE_RELEASES + ["v3.17"]):
            a["package"] = {"name": name, "ecosystem": "Alpine:" + rel, "purl": f"pkg:alpine/{name}"}
            a["ranges"][0]["events"] = [{"introduced": "0"}, {"fixed": g.version() + f"-r{r.randint(0, 5)}"}]
        return t

    total = 0
    for eco, count in OSV_COUNTS.items():
        count = g.n(count)
        d = os.path.join(outdir, eco)
        os.makedirs(d, exist_ok=True)
        per_cve = eco in ("Debian", "Ubuntu", "Alpine")
        ids = r.sample(cves, min(count, len(cves))) if per_cve else None
        with zipfile.ZipFile(os.path.join(d, "all.zip"), "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            for i in range(count):
                if eco == "Debian":
                    rec = debian_cve(ids[i])
                elif eco == "Ubuntu":
                    rec = ubuntu_cve(ids[i])
                elif eco == "Alpine":
                    rec = alpine_cve(ids[i])
                else:
                    rec = ghsa_like(eco)
                z.writestr(rec["id"] + ".json", json.dumps(rec, indent=2))
        g.counts["osv " + eco] = count
        total += count
    g.counts["osv total"] = total


# ---- NVD ---------------------------------------------------------------------------------------------
def gen_nvd(g, cves, outdir):
    r = g.r
    page = load(fixture("nvd", "full-page.json"))
    single = load(fixture("nvd", "single-entry.json"))
    single_cve = single["vulnerabilities"][0]["cve"] if "vulnerabilities" in single else single["cve"]
    v2 = single_cve["metrics"]["cvssMetricV2"]
    templates = [v["cve"] for v in page["vulnerabilities"]]
    v31 = [t["metrics"]["cvssMetricV31"] for t in templates if "cvssMetricV31" in t.get("metrics", {})]
    # Serialise each template once with placeholders: fast, and byte-for-byte the real record's shape.
    texts = []
    for t in templates:
        t = copy.deepcopy(t)
        t["id"] = "@@ID@@"
        t["published"] = "@@PUB@@"
        t["metrics"] = "@@METRICS@@"
        texts.append(json.dumps({"cve": t}, separators=(",", ":")))
    os.makedirs(outdir, exist_ok=True)
    by_year = {}
    for c in cves:
        by_year.setdefault(int(c.split("-")[1]), []).append(c)
    for year, ids in sorted(by_year.items()):
        path = os.path.join(outdir, f"nvdcve-2.0-{year}.json.gz")
        with gzip.open(path, "wt", compresslevel=4) as f:
            f.write(json.dumps({"resultsPerPage": len(ids), "startIndex": 0, "totalResults": len(ids),
                                "format": "NVD_CVE", "version": "2.0", "timestamp": "2025-11-20T03:00:00.000"})[:-1])
            f.write(',"vulnerabilities":[')
            for i, cve in enumerate(ids):
                m = {}
                if year >= 2016 or r.random() < 0.2:
                    if r.random() < 0.93:
                        m["cvssMetricV31"] = r.choice(v31)
                if year <= 2022 and r.random() < 0.85:
                    m["cvssMetricV2"] = v2
                text = r.choice(texts).replace("@@ID@@", cve, 1).replace(
                    "@@PUB@@", f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T10:15:00.000", 1).replace(
                    '"@@METRICS@@"', json.dumps(m, separators=(",", ":")), 1)
                f.write(("," if i else "") + text)
            f.write("]}")
    g.counts["nvd cves"] = len(cves)
    g.counts["nvd files"] = len(by_year)


def gen_epss(g, cves, out):
    r = g.r
    with gzip.open(out, "wt", compresslevel=6) as f:
        f.write("#model_version:v2025.03.14,score_date:2025-11-20T00:00:00+0000\ncve,epss,percentile\n")
        scores = sorted((r.betavariate(0.3, 8), c) for c in cves)
        n = len(scores)
        pct = {c: (i + 1) / n for i, (_, c) in enumerate(scores)}
        by = {c: s for s, c in scores}
        for c in cves:
            f.write(f"{c},{by[c]:.5f},{pct[c]:.5f}\n")
    g.counts["epss rows"] = len(cves)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--status", action="append", default=[], help="dpkg status file of the bench image")
    a = ap.parse_args()
    g = Gen(a.seed, a.scale)
    os.makedirs(a.out, exist_ok=True)
    kev_src = fixture("kev", "known_exploited_vulnerabilities.json.gz")
    with gzip.open(kev_src, "rt") as f:
        kev = json.load(f)
    kev_cves = [v["cveID"] for v in kev["vulnerabilities"]]
    shutil.copyfile(kev_src, os.path.join(a.out, "kev.json.gz"))
    g.counts["kev entries (real catalog)"] = len(kev_cves)
    cves = g.cve_ids(g.n(NVD_CVES), kev_cves)
    image = dpkg_sources(a.status)
    with open(os.path.join(a.out, "image-sources.tsv"), "w") as f:
        for k in sorted(image):
            f.write(f"{k}\t{image[k]}\n")
    g.counts["image source packages"] = len(image)
    steps = [("debian tracker", lambda: gen_tracker(g, cves, image, os.path.join(a.out, "debian.json")))]
    names = None
    for label, fn in steps:
        print("gen-feeds:", label, file=sys.stderr)
        names = fn()
    print("gen-feeds: osv", file=sys.stderr)
    gen_osv(g, cves, names, image, os.path.join(a.out, "osv"))
    print("gen-feeds: nvd", file=sys.stderr)
    gen_nvd(g, cves, os.path.join(a.out, "nvd"))
    print("gen-feeds: epss", file=sys.stderr)
    gen_epss(g, cves, os.path.join(a.out, "epss.csv.gz"))
    with open(os.path.join(a.out, "counts.json"), "w") as f:
        json.dump(g.counts, f, indent=1)
    json.dump(g.counts, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
