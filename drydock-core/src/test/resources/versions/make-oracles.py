#!/usr/bin/env python3
"""Regenerates dpkg-oracle.tsv and rpm-oracle.tsv from the real tools on this machine.

dpkg: `dpkg --compare-versions A lt|eq|gt B` (Debian dpkg); rpm: rpm.vercmp via
`rpm --eval '%{lua: ...}'` (rpm >= 4.16). Versions: every Version: field in
/var/lib/dpkg/status, plus hand-picked tricky ones; pairs are neighbours in a
deterministic shuffle plus all pairs among the tricky ones.
Columns: a, b, verdict (-1, 0, 1). Run: python3 make-oracles.py
"""
import itertools, random, subprocess

DEB_TRICKY = """0 1 1.0 1.0-1 1.0-0 1.0~rc1 1.0~rc1-1 1.0~~ 1.0~ 1.0~a 1.0+ 1.0+b1 1.0.1 1.0a 1.0-1~deb12u2
1.0-1+deb12u1 1.0-1~bpo12+1 1:0.9 1:1.0 2:0.1 0:1.0 1.0-1ubuntu1 1.0-1.1 1.00 01.0 1.0.0 1.0-a 1.0-1a
1.2.3~git20200101.abcdef-2 2.36-9+deb12u4 2.36-9+deb12u10 3.0.11-1~deb12u2 3.0.15-1~deb12u1 7.88.1-10+deb12u5
1.0.0+dfsg-1 1.0.0+dfsg1-1 1.0.0-dfsg-1 1.0.a 1.0.A 1.0+~ 9.99 10 1.0-10 1.0-9 1.0-1.0 1.0-1+ 1.0-1~
5.2.15-2+b2 5.2.15-2 1:2.0~beta1 1:2.0 1.0-0.1 1.0-0.0 20230311.1 20230311 1.0.0~rc1+dfsg""".split()

RPM_TRICKY = """1.0 1.0a 1.0.a 1.0.0 1.0-1 1.0~rc1 1.0~rc1-1 1.0^ 1.0^git1 1.0^git2 1.0^~ 1.0~^ 1.1 1.01 1.001 1.0.1
1:1.0 0:1.0 2:0.1 1.0-1.el9 1.0-1.el9_3 1.0-2.el9 1.0-10.el9 1.0-1.fc39 a b 1a 1b 1.a 1.b 2.0 2_0 2+0 1.0+ 1.0_
10 9 1.0.0-1 1.0.0-1.1 5.14.0-362.8.1.el9_3 5.14.0-362.18.1.el9_3 3.0.7-24.el9 3.0.7-25.el9 1.0~~ 1.0~
1.0~~rc 1.0~rc 1.0rc 1.0^1 1.0.1^1 0.9.9 alpha beta 1.beta 1.alpha 1.0-1~1 1.0-1^1""".split()

def status_versions():
    out = []
    with open('/var/lib/dpkg/status') as f:
        for line in f:
            if line.startswith('Version: '):
                out.append(line[9:].strip())
    return sorted(set(out))

def pairs(real, tricky, rnd):
    ps = list(itertools.combinations(tricky, 2))
    real = real[:]
    rnd.shuffle(real)
    ps += list(zip(real, real[1:]))
    # real versions against the tricky ones too: mixed shapes
    ps += [(r, rnd.choice(tricky)) for r in real[:150]]
    return ps

def dpkg_cmp(a, b):
    for op, v in (('lt', -1), ('eq', 0), ('gt', 1)):
        if subprocess.run(['dpkg', '--compare-versions', a, op, b]).returncode == 0:
            return v
    raise SystemExit(f'dpkg gave no verdict for {a} {b}')

def rpm_cmp_all(ps):
    # one rpm process for all pairs: print one verdict per line
    lua = ''.join(f'print(rpm.vercmp("{a}", "{b}") .. ";") ' for a, b in ps)
    out = subprocess.run(['rpm', '--eval', '%{lua: ' + lua + '}'], capture_output=True, text=True, check=True).stdout
    vals = [int(x) for x in out.replace(";", " ").split()]
    assert len(vals) == len(ps)
    return vals

def write(name, ps, verdicts):
    with open(name, 'w') as f:
        f.write('# a\tb\tverdict (-1 a<b, 0 equal, 1 a>b); made by make-oracles.py\n')
        for (a, b), v in zip(ps, verdicts):
            f.write(f'{a}\t{b}\t{v}\n')

rnd = random.Random(20261126)
real = status_versions()
deb = pairs(real, DEB_TRICKY, rnd)
write('dpkg-oracle.tsv', deb, [dpkg_cmp(a, b) for a, b in deb])
# rpm sees the same real Debian-shaped versions (without epochs' colon issues it handles them itself)
rpm = pairs(real, RPM_TRICKY, rnd)
write('rpm-oracle.tsv', rpm, rpm_cmp_all(rpm))
