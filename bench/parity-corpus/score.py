#!/usr/bin/env python3
"""Runs `cahier parity` on the prepared corpus sites (see prepare.py) and prints, against
expected.toml, the recall of the listed defects and the precision of the findings.

Usage: score.py CORPUS_DIR [CAHIER_BIN]   (CORPUS_DIR holds one site per repository, named
owner+name, as prepare.py writes them)

A listed defect is found when the pair has an active finding of its check. A finding is
right when it finds a listed defect, or when its fingerprint is listed under `real` (a real
difference a translator must look at, read and judged); every other finding is a false alarm.
With --unjudged, prints the findings that are neither, to read them.
"""
import json, os, subprocess, sys, time, tomllib

here = os.path.dirname(os.path.abspath(__file__))
args = [a for a in sys.argv[1:] if not a.startswith("--")]
corpus = args[0]
binary = args[1] if len(args) > 1 else os.path.join(here, "..", "..", "target", "release", "cahier")
expected = tomllib.load(open(os.path.join(here, "expected.toml"), "rb"))
found = total = right = findings = 0
elapsed = 0.0
unjudged = []
for repo in expected.get("repo", []):
    site = os.path.join(corpus, repo["name"].replace("/", "+"))
    if not os.path.isdir(site):
        print(f"skipped {repo['name']}: no {site} (run prepare.py)")
        continue
    t0 = time.monotonic()
    run = subprocess.run([binary, "parity", "--root", site, "--format", "json"], capture_output=True, text=True)
    elapsed += time.monotonic() - t0
    if run.returncode not in (0, 1):
        sys.exit(f"cahier parity failed on {site}: {run.stderr}")
    report = json.loads(run.stdout)
    real = set(repo.get("real", []))
    by_pair = {p["key"]: [f for f in p["findings"] if not f.get("dismissed")] for p in report["pairs"]}
    hits = set()
    for d in repo.get("defect", []):
        total += 1
        checks = d["check"] if isinstance(d["check"], list) else [d["check"]]
        key = d["pair"] + ".md"
        match = [f for f in by_pair.get(key, []) if f["check"] in checks]
        if match:
            found += 1
            hits.update(f["fingerprint"] for f in match)
        else:
            print(f"MISSED {repo['name']} {d['pair']} [{'/'.join(checks)}]: {d['finding']}")
    for key, fs in by_pair.items():
        for f in fs:
            findings += 1
            if f["fingerprint"] in hits or f["fingerprint"] in real:
                right += 1
            else:
                unjudged.append((repo["name"], key, f))
    print(f"{repo['name']}: {len(report['pairs'])} pairs, {sum(len(v) for v in by_pair.values())} findings")
if "--unjudged" in sys.argv:
    for name, key, f in unjudged:
        loc = f.get("target") or f.get("source") or {}
        print(f"{f['fingerprint']} {key}:{loc.get('line', '')} [{f['check']}/{f['severity']}] {f['message'][:300]}")
recall = found / total if total else 0
precision = right / findings if findings else 1
print(f"recall {found}/{total} = {recall:.0%}; precision {right}/{findings} = {precision:.0%}; parity ran in {elapsed:.2f} s")
