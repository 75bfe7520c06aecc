#!/usr/bin/env python3
"""Zola compatibility comparison: build real Zola sites with cahier and with Zola, compare.

Run on demand, not in CI (the sites are not in the repository):

    bench/zola_compat.py --corpus /work/corpus/zola [--cahier target/release/cahier]
                         [--zola ../shared/tools/zola] [--work /tmp/zola-compat] [--show N] [SITE...]

Each site is a folder of the corpus holding a `config.toml` (or `zola.toml`), found at any depth
up to 2 (e.g. `zola/test_site`). For each site the script builds with Zola and with cahier
into `WORK/zola/SITE` and `WORK/cahier/SITE`, then compares:

- the set of output files (every file, and HTML pages apart);
- each HTML page Zola writes, when cahier writes it at the same path: its visible text (tags,
  scripts and styles stripped, entities decoded, whitespace collapsed). Zola's own output is not
  deterministic in the order of some lists, so a page whose words are the same multiset in
  another order counts as the same ("same words"), and apart as an exact match ("same text").
  Zola builds each site twice: "zola itself" is how many of its pages have the same text in
  both builds, the ceiling of "same text".

It prints one line per site and the totals, then (with --show N) the first N paths missing and
the first N pages whose text differs, with the first differing words.
"""

import argparse
import html
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

TAGS = re.compile(r"<[^>]*>", re.S)
# Inline elements do not break words in a browser (`<span>main</span>()` reads "main()"), so
# they are removed without a space; every other tag is a word break.
INLINE = re.compile(
    r"</?(?:abbr|b|bdi|bdo|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var)\b[^>]*>",
    re.S | re.I,
)
DROP = re.compile(r"<(script|style|svg)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
SPACE = re.compile(r"\s+")

# Zola 0.22.1 itself refuses or panics on some published demo sites. Its reference build then
# runs on a copy with these substitutions (file, pattern, replacement); cahier builds the site
# unchanged, except for the substitutions in BOTH_FIXES, which change what the site asks for
# (not only how it spells it) and so apply to both builds.
ZOLA_FIXES = {
    # Keys and a variable Zola renamed or moved before 0.22: it refuses the site.
    "even": [("config.toml", r"(?m)^generate_feed = ", "generate_feeds = "),
             ("config.toml", r"(?m)^highlight_(code|theme) = .*$", ""),
             ("templates/index.html", r"config\.feed_filename\b", "config.feed_filenames[0]")],
    "after-dark": [("config.toml", r"(?m)^highlight_(code|theme) = .*$", "")],
    # elasticlunr panics (index out of bounds) on its Spanish index; the index is not compared.
    "tabi": [("config.toml", r"(?m)^build_search_index = true", "build_search_index = false")],
}
BOTH_FIXES = {"tabi"}


def visible_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8", errors="replace")
    raw = DROP.sub(" ", raw)
    raw = INLINE.sub("", raw)
    text = html.unescape(TAGS.sub(" ", raw))
    return SPACE.sub(" ", text).strip()


def files_under(root: Path) -> set[str]:
    if not root.is_dir():
        return set()
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def find_sites(corpus: Path) -> list[Path]:
    sites = []
    for d in sorted(corpus.iterdir()):
        if not d.is_dir():
            continue
        if (d / "config.toml").exists() or (d / "zola.toml").exists():
            sites.append(d)
        else:
            sites.extend(
                s for s in sorted(d.iterdir())
                if s.is_dir() and ((s / "config.toml").exists() or (s / "zola.toml").exists())
            )
    return sites


def build(cmd: list[str], out: Path) -> tuple[bool, str]:
    subprocess.run(["rm", "-rf", str(out)], check=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.returncode == 0, (r.stdout + r.stderr).strip()


def first_difference(a: str, b: str) -> str:
    wa, wb = a.split(" "), b.split(" ")
    i = 0
    while i < min(len(wa), len(wb)) and wa[i] == wb[i]:
        i += 1
    ca, cb = Counter(wa), Counter(wb)
    only_z = " ".join((ca - cb).elements())[:120]
    only_c = " ".join((cb - ca).elements())[:120]
    return (f"word {i}: zola «{' '.join(wa[i:i + 8])}» cahier «{' '.join(wb[i:i + 8])}»\n"
            f"      only zola «{only_z}»\n      only cahier «{only_c}»")


def compare(name: str, site: Path, args) -> dict:
    work = Path(args.work)
    zout, cout = work / "zola" / name, work / "cahier" / name
    zsite = site
    if name in ZOLA_FIXES:
        zsite = work / "zola-src" / name
        subprocess.run(["rm", "-rf", str(zsite)], check=True)
        zsite.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cp", "-r", str(site), str(zsite)], check=True)
        for file, pattern, repl in ZOLA_FIXES[name]:
            path = zsite / file
            path.write_text(re.sub(pattern, repl, path.read_text(encoding="utf-8")), encoding="utf-8")
    zok, zlog = build([args.zola, "--root", str(zsite), "build", "--output-dir", str(zout), "--force"], zout)
    # Zola a second time: how often Zola's own text is the same between two builds shows
    # which differences are its unstable order, not cahier's.
    zout2 = work / "zola-again" / name
    build([args.zola, "--root", str(zsite), "build", "--output-dir", str(zout2), "--force"], zout2)
    csite = zsite if name in BOTH_FIXES else site
    cok, clog = build([args.cahier, "--root", str(csite), "build", "--output-dir", str(cout)], cout)
    zfiles, cfiles = files_under(zout), files_under(cout)
    zpages = {f for f in zfiles if f.endswith(".html")}
    same_path = sorted(zpages & cfiles)
    exact = words = 0
    differ = []
    stable = sum(1 for f in zpages if (zout2 / f).is_file() and visible_text(zout / f) == visible_text(zout2 / f))
    for f in same_path:
        a, b = visible_text(zout / f), visible_text(cout / f)
        if a == b:
            exact += 1
            words += 1
        elif Counter(a.split()) == Counter(b.split()):
            words += 1
        else:
            differ.append((f, first_difference(a, b)))
    return {
        "name": name, "zola_ok": zok, "cahier_ok": cok, "zlog": zlog, "clog": clog,
        "zfiles": len(zfiles), "cfiles": len(cfiles), "common_files": len(zfiles & cfiles),
        "zpages": len(zpages), "same_path": len(same_path), "exact": exact, "words": words, "stable": stable,
        "missing": sorted(zpages - cfiles), "extra": sorted(f for f in cfiles - zfiles if f.endswith(".html")),
        "differ": differ,
    }


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f} %" if b else "    - "


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", default="/work/corpus/zola")
    p.add_argument("--cahier", default="target/release/cahier")
    p.add_argument("--zola", default="../shared/tools/zola")
    p.add_argument("--work", default="/tmp/zola-compat")
    p.add_argument("--show", type=int, default=0)
    p.add_argument("sites", nargs="*")
    args = p.parse_args()
    args.cahier = os.path.abspath(args.cahier)
    args.zola = os.path.abspath(args.zola)
    corpus = Path(args.corpus)
    results = []
    for site in find_sites(corpus):
        name = str(site.relative_to(corpus)).replace("/", "-")
        if args.sites and name not in args.sites:
            continue
        results.append(compare(name, site, args))
    print(f"{'site':<22} {'builds':<7} {'zola pages':>10} {'same path':>16} {'same words':>16} {'same text':>16} {'zola itself':>16} {'files (all)':>14}")
    tot = Counter()
    for r in results:
        builds = "yes" if r["cahier_ok"] else "NO"
        if not r["zola_ok"]:
            builds += " (zola failed)"
        print(f"{r['name']:<22} {builds:<7} {r['zpages']:>10} {r['same_path']:>6} {pct(r['same_path'], r['zpages'])} "
              f"{r['words']:>6} {pct(r['words'], r['same_path'])} {r['exact']:>6} {pct(r['exact'], r['same_path'])} "
              f"{r['stable']:>6} {pct(r['stable'], r['zpages'])} {r['common_files']:>5}/{r['zfiles']:<5}")
        for k in ("zpages", "same_path", "words", "exact", "stable", "common_files", "zfiles"):
            tot[k] += r[k]
        tot["built"] += r["cahier_ok"]
    print(f"{'total':<22} {tot['built']}/{len(results):<5} {tot['zpages']:>10} {tot['same_path']:>6} {pct(tot['same_path'], tot['zpages'])} "
          f"{tot['words']:>6} {pct(tot['words'], tot['same_path'])} {tot['exact']:>6} {pct(tot['exact'], tot['same_path'])} "
          f"{tot['stable']:>6} {pct(tot['stable'], tot['zpages'])} {tot['common_files']:>5}/{tot['zfiles']:<5}")
    if args.show:
        for r in results:
            print(f"\n== {r['name']}")
            if not r["cahier_ok"]:
                print("cahier failed:\n  " + "\n  ".join(r["clog"].splitlines()[: args.show]))
            if not r["zola_ok"]:
                print("zola failed:\n  " + "\n  ".join(r["zlog"].splitlines()[: args.show]))
            for f in r["missing"][: args.show]:
                print(f"  missing {f}")
            for f in r["extra"][: args.show]:
                print(f"  extra   {f}")
            for f, d in r["differ"][: args.show]:
                print(f"  differs {f}: {d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
