#!/usr/bin/env python3
"""Regenerates pypi-oracle.tsv and npm-oracle.tsv from the reference implementations on this machine.

pypi: packaging.version.Version (the PyPA library pip uses; version recorded in the file header).
npm: node-semver as bundled with npm (/usr/lib/node_modules/npm/node_modules/semver), strict parsing, semver.compare.
Versions: those of the installed Python distributions / Node packages, plus hand-picked tricky ones;
pairs: all pairs of the tricky ones and neighbours of a deterministic shuffle of all.
Rows: a, b, verdict (-1/0/1) or, for a single version, "valid"/"invalid" in the third column with b empty.
Run: python3 make-language-oracles.py
"""
import glob, importlib.metadata as md, itertools, json, random, subprocess
import packaging, packaging.version as pv

PY_TRICKY = """1.0.dev1 1.0.dev0 1.0a1.dev1 1.0a1 1.0a 1.0alpha1 1.0b1 1.0beta2 1.0c1 1.0rc1 1.0pre1 1.0preview1 1.0 1.0.0
1.0.0.0 1.0+abc 1.0+abc.5 1.0+abc.10 1.0+5 1.0+5.abc 1.0+ABC-1 1.0.post1.dev1 1.0.post1 1.0-1 1.0_post2 1.0.r3
1.0rev4 1.1.dev1 1.1 1!0.1 1!1.0 0!2.0 2013.10 v1.0 V1.0 1.0.RC1 1.0-rc.1 1.0_a_1 1.0.post 1.0-post 1.0.dev
01.0 1.01 1.0a.1 2.0b1.post1 2.0b1.post1.dev3 1.0+local_x 1.0.post1+local""".split()
PY_INVALID = "1.0+ garbage 1..0 1.0-+ 1.0+loc@l 1.0++a =1.0 1.0.0-x".split()

NPM_TRICKY = """1.0.0-alpha 1.0.0-alpha.1 1.0.0-alpha.beta 1.0.0-beta 1.0.0-beta.2 1.0.0-beta.11 1.0.0-rc.1 1.0.0
1.0.0+build.1 1.0.0-0 1.0.0-0.0 1.0.0-a.0 1.0.0--- 1.0.0-x-y-z.- 0.0.0 0.0.1 1.10.0 1.9.0 2.0.0-rc.1+b v1.0.0 =1.0.0
1.0.0-1 1.0.0-10 1.0.0-2 1.0.0-A 1.0.0-a 1.0.0-Z 18446744073709551615.0.0""".split()
NPM_INVALID = "1.2 01.2.3 1.2.3-01 1.0.0-aaa! 1.0.0- 1.0.0+ 1 garbage 1.2.3.4 1.0.0-a..b".split()

def shuffled_pairs(tricky, real, rnd):
    ps = list(itertools.combinations(tricky, 2))
    every = sorted(set(real) | set(tricky))
    rnd.shuffle(every)
    ps += list(zip(every, every[1:]))
    return ps

def write(name, header, rows):
    with open(name, 'w') as f:
        f.write(f'# a\tb\tverdict (-1 a<b, 0 equal, 1 a>b) or validity; {header}; made by make-language-oracles.py\n')
        for r in rows:
            f.write('\t'.join(str(x) for x in r) + '\n')

rnd = random.Random(20261126)

py_real = sorted({d.version for d in md.distributions()})
def py_valid(v):
    try:
        pv.Version(v); return True
    except pv.InvalidVersion:
        return False
rows = []
for a, b in shuffled_pairs([v for v in PY_TRICKY if py_valid(v)], py_real, rnd):
    x, y = pv.Version(a), pv.Version(b)
    rows.append((a, b, (x > y) - (x < y)))
rows += [(v, '', 'valid' if py_valid(v) else 'invalid') for v in PY_TRICKY + PY_INVALID]
write('pypi-oracle.tsv', f'packaging {packaging.__version__}', rows)

npm_real = set()
for p in glob.glob('/usr/share/nodejs/*/package.json') + glob.glob('/usr/share/nodejs/@*/*/package.json') \
        + glob.glob('/usr/lib/node_modules/npm/node_modules/*/package.json'):
    try:
        npm_real.add(json.load(open(p))['version'])
    except Exception:
        pass
js = """
const semver = require('/usr/lib/node_modules/npm/node_modules/semver');
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = {version: require('/usr/lib/node_modules/npm/node_modules/semver/package.json').version, valid: {}, cmp: []};
for (const v of input.versions) out.valid[v] = semver.valid(v) !== null;
for (const [a, b] of input.pairs) out.cmp.push(semver.compare(a, b));
console.log(JSON.stringify(out));
"""
cands = sorted(npm_real | set(NPM_TRICKY) | set(NPM_INVALID))
valid = json.loads(subprocess.run(['node', '-e', js], input=json.dumps({'versions': cands, 'pairs': []}),
                                  capture_output=True, text=True, check=True).stdout)['valid']
ps = shuffled_pairs([v for v in NPM_TRICKY if valid[v]], [v for v in npm_real if valid[v]], rnd)
res = json.loads(subprocess.run(['node', '-e', js], input=json.dumps({'versions': [], 'pairs': ps}),
                                capture_output=True, text=True, check=True).stdout)
rows = [(a, b, c) for (a, b), c in zip(ps, res['cmp'])]
rows += [(v, '', 'valid' if valid[v] else 'invalid') for v in NPM_TRICKY + NPM_INVALID]
write('npm-oracle.tsv', f'node-semver {res["version"]}', rows)
