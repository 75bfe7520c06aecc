#!/usr/bin/env python3
"""Benchmark of the search step (issue 5), Python 3 standard library only.

    bench/search.py                         # 1,000 and 10,000 pages per language, 3 runs
    bench/search.py --sizes 1000 --runs 5   # one size, 5 timed runs
    bench/search.py --help

On the synthetic site of bench/gen_site.py, at each size:

1. Index time. cahier builds the site without search and with search (its in-process Pagefind
   index, one bundle per language), `--runs` times each; the search step is the `timings:
   search N ms` line that `cahier build --timings` prints when the binary has that flag, and
   otherwise the difference of the medians (with search - without). Then the Pagefind CLI
   (`pagefind --site OUT`, from npm) indexes the same cahier output (built without search),
   `--runs` times. Wall, CPU (user + system) and peak memory come from wait4(2), as in
   bench/measure.py.
2. Bytes per query. For each query of each language, headless Chromium (bench/search-bytes.mjs)
   opens a search page that runs the theme's search script (themes/cahier/static/search.js,
   which shows 10 results at first) on cahier's bundle, and the bytes of every response are
   summed, by kind of file. A second figure is computed from the bundle's files alone
   (pagefind.js, the wasm, the entry and meta files, the index chunk whose word range holds
   the query, and the median fragment times 5 (Pagefind's default UI) or 10 (cahier's page)).
   Against it: Zola's `search_index.{lang}.js` (elasticlunr) plus `elasticlunr.min.js`, which a
   visitor downloads whole for any query: from `zola` when it is on the PATH, otherwise written
   by the `zola-index` example (bench/zola_index.rs, the `elasticlunr-rs` crate Zola uses),
   raw and gzipped.

Writes bench/search-results.md (the report), bench/search-results.jsonl (raw) and
bench/search-results.log (the tools' output). See bench/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
import measure  # noqa: E402  (bench/measure.py: spawn_and_wait, wait_idle, busy_cpu_s)
import pagefind_files  # noqa: E402

QUERIES = {"en": ["budget", "minister", "synthetic"], "fr": ["budget", "ministre", "synthétique"]}
LANG_PREFIX = {"en": "", "fr": "/fr"}
TIMINGS_RE = re.compile(r"^timings:\s+search\s+([0-9.]+)\s*ms", re.M)


def log(msg: str) -> None:
    print(msg, flush=True)


# --- tools ---------------------------------------------------------------------------------


def npm_tools(need_pagefind: bool) -> tuple[Path | None, Path | None]:
    """The Pagefind CLI binary and elasticlunr.min.js, from npm into bench/node_modules."""
    nm = BENCH / "node_modules"
    wanted = (["pagefind@1"] if need_pagefind else []) + ["elasticlunr@0.9"]
    if (need_pagefind and not (nm / "pagefind").is_dir()) or not (nm / "elasticlunr").is_dir():
        log("installing " + " ".join(wanted) + " into bench/node_modules")
        # Both in one call: a later `npm install --no-save` would prune the other.
        subprocess.run(["npm", "install", "--prefix", str(BENCH), "--no-save", "--no-audit", "--no-fund",
                        "--loglevel=error", "pagefind@1", "elasticlunr@0.9"], check=True,
                       stdout=subprocess.DEVNULL)
    pagefind = None
    if need_pagefind:
        cands = sorted(nm.glob("@pagefind/*/bin/pagefind_extended")) + sorted(nm.glob("@pagefind/*/bin/pagefind"))
        pagefind = next((c for c in cands if os.access(c, os.X_OK)), nm / ".bin" / "pagefind")
    lunr = nm / "elasticlunr" / "release" / "elasticlunr.min.js"
    return pagefind, (lunr if lunr.is_file() else None)


def version_of(argv: list[str]) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def cargo_target() -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))


# --- timing --------------------------------------------------------------------------------


def timed(argv: list[str], out_log: Path, wait_idle: float) -> dict:
    """One timed run (see measure.py), with the stderr of the run kept for `timings:` lines."""
    if wait_idle > 0:
        measure.wait_idle(wait_idle)
    start = out_log.stat().st_size if out_log.exists() else 0
    with open(out_log, "a") as f:
        f.write("$ " + " ".join(argv) + "\n")
    busy0 = measure.busy_cpu_s()
    m = measure.spawn_and_wait(argv, out_log)
    busy1 = measure.busy_cpu_s()
    with open(out_log) as f:
        f.seek(start)
        text = f.read()
    if m["exit"] != 0:
        raise SystemExit(f"search.py: `{' '.join(argv)}` exited with {m['exit']}:\n{text[-3000:]}")
    if busy0 is not None and busy1 is not None and m["wall_s"] > 0:
        m["other_cores"] = max(0.0, (busy1 - busy0) - m["cpu_s"]) / m["wall_s"]
    hit = TIMINGS_RE.findall(text)
    if hit:
        m["search_ms"] = float(hit[-1])
    return m


def series(label: str, argv: list[str], runs: int, warmup: int, out: Path | None, logf: Path,
           wait_idle: float, before=None) -> list[dict]:
    rs = []
    for i in range(warmup + runs):
        if out is not None and out.exists():
            shutil.rmtree(out)
        if before:
            before()
        m = timed(argv, logf, wait_idle if i >= warmup else 0)
        tag = "warm-up" if i < warmup else f"run {i - warmup + 1}"
        extra = f"  search {m['search_ms']:.0f} ms" if "search_ms" in m else ""
        log(f"  {label:<28} {tag:<8} wall {m['wall_s']:6.2f} s  cpu {m['cpu_s']:6.2f} s  "
            f"peak {m['peak_kib'] / 1024:7.1f} MiB  other load {m.get('other_cores', 0):.2f}{extra}")
        if i >= warmup:
            rs.append(m)
    return rs


def med(rs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rs)


# --- bytes per query -----------------------------------------------------------------------

SEARCH_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>search</title></head>
<body>
<div id="search-app" data-bundle="{bundle}" data-loading="…" data-one="1 result"
  data-many="{{count}} results" data-none="0 results" data-error="error" data-sections="sections"
  data-more="more">
<form id="search-form"><input id="search-q" type="search" name="q"><button>go</button></form>
<p id="search-status"></p>
<ol id="search-results"></ol>
<button type="button" id="search-more" hidden>more</button>
</div>
<script type="module" src="/bench-search.js"></script>
</body>
</html>
"""


def install_search_pages(out: Path, langs: list[str]) -> dict[str, str]:
    """Adds a bare search page per language running the theme's search.js; returns its paths."""
    shutil.copy(REPO / "themes" / "cahier" / "static" / "search.js", out / "bench-search.js")
    paths = {}
    for lang in langs:
        rel = f"{LANG_PREFIX[lang]}/bench-search/"
        page = out / rel.strip("/") / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(SEARCH_PAGE.format(lang=lang, bundle=f"{LANG_PREFIX[lang]}/pagefind/"))
        paths[lang] = rel
    return paths


def browser_bytes(out: Path, lang: str, search_path: str, queries: list[str], logf: Path) -> list[dict]:
    proc = subprocess.run(["node", str(BENCH / "search-bytes.mjs"), str(out), search_path, *queries],
                          capture_output=True, text=True, cwd=REPO)
    with open(logf, "a") as f:
        f.write(f"$ node bench/search-bytes.mjs {out} {search_path} {' '.join(queries)}\n{proc.stderr}")
    if proc.returncode != 0:
        raise SystemExit(f"search.py: search-bytes.mjs failed:\n{proc.stderr[-3000:]}")
    rows = []
    bundle = f"{LANG_PREFIX[lang]}/pagefind/"
    for line in proc.stdout.splitlines():
        v = json.loads(line)
        kinds: dict[str, int] = {}
        total = page_bytes = 0
        for s in v["served"]:
            if s["path"].startswith(bundle):
                kind = pagefind_files.kind_of(s["path"][len(bundle):])
                kinds[kind] = kinds.get(kind, 0) + s["bytes"]
                total += s["bytes"]
            else:
                page_bytes += s["bytes"]
        pw = sum(b["body"] or 0 for b in v["browser"] if b["path"].startswith(bundle))
        # Playwright gives no body size (0) for the worker script; every other file must agree.
        by_server = {s["path"]: s["bytes"] for s in v["served"]}
        mismatch = sorted(b["path"] for b in v["browser"] if b["path"].startswith(bundle)
                          and b["body"] != by_server.get(b["path"]) and not b["path"].endswith("-worker.js"))
        m = re.search(r"([\d\s\u202f\u00a0,.]+)\s+result", v["status"])
        count = int(re.sub(r"\D", "", m.group(1))) if m else 0
        rows.append({"lang": lang, "query": v["query"], "results": count, "shown": v["shown"],
                     "bundle_bytes": total, "playwright_bytes": pw, "page_bytes": page_bytes,
                     "kinds": kinds, "requests": sum(1 for s in v["served"] if s["path"].startswith(bundle)),
                     "playwright_mismatch": mismatch})
    return rows


# --- Zola's index --------------------------------------------------------------------------


def zola_index(site: Path, work: Path, zola: str | None, example: Path | None, logf: Path) -> dict[str, Path]:
    out = work / "out-zola"
    if out.exists():
        shutil.rmtree(out)
    if zola:
        argv = [zola, "--root", str(site / "zola-search"), "build", "--output-dir", str(out), "--force"]
    else:
        argv = [str(example), str(site / "content"), str(out), "https://bench.example.org", "en", "fr"]
    with open(logf, "a") as f:
        f.write("$ " + " ".join(argv) + "\n")
        subprocess.run(argv, check=True, stdout=f, stderr=f)
    return {lang: out / f"search_index.{lang}.js" for lang in ("en", "fr")}


def gz_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


# --- report --------------------------------------------------------------------------------


def kib(n: float) -> str:
    return f"{n / 1024:,.1f}"


def report(meta: dict, sizes: list[dict]) -> str:
    L: list[str] = []
    L.append("# Search benchmark results (issue 5)\n")
    L.append(f"Generated by `{meta['command']}` on {meta['date']} at commit `{meta['commit']}`.\n")
    L.append(f"- machine: {meta['machine']}; load average at start: {meta['load']}")
    L.append(f"- cahier: {meta['cahier']} (its Pagefind library: {meta['pagefind_lib']}); Pagefind CLI: "
             f"{meta['pagefind_cli']}; Chromium: {meta['chromium']}; Zola index: {meta['zola']}")
    L.append("- site: bench/gen_site.py (EN + FR, about 8 KB of Markdown per page); output on "
             f"{meta['fstype']}; wall/CPU/peak from wait4(2) (bench/measure.py); median of "
             f"{meta['runs']} runs after {meta['warmup']} warm-up; other load = CPU used by other "
             "processes meanwhile, in cores (median; above 0.25 the wall time is inflated)")
    L.append(f"- search step of cahier: {meta['search_step_how']}")
    if meta.get("plain_gzip_note"):
        L.append(f"- gzip column: {meta['plain_gzip_note']}")
    L.append("")

    L.append("## Index time\n")
    L.append("| pages/lang | what | wall s (median) | wall min–max | CPU s | peak MiB | other load | ÷ cahier's step (wall / CPU) |")
    L.append("|---:|---|---:|---:|---:|---:|---:|---:|")
    for s in sizes:
        n = f"{s['pages']:,}"
        step = s["step"]
        for label, rs in (("cahier build, no search", s["plain"]), ("cahier build + search", s["search"])):
            L.append(f"| {n} | {label} | {med(rs, 'wall_s'):.2f} | {min(r['wall_s'] for r in rs):.2f}–"
                     f"{max(r['wall_s'] for r in rs):.2f} | {med(rs, 'cpu_s'):.2f} | "
                     f"{med(rs, 'peak_kib') / 1024:.0f} | {statistics.median(r.get('other_cores', 0) for r in rs):.2f} | |")
        L.append(f"| {n} | **cahier search step** ({step['how']}) | **{step['wall_s']:.2f}** | | "
                 f"{'' if step['cpu_s'] is None else format(step['cpu_s'], '.2f')} | "
                 f"{'' if step['peak_mib'] is None else '+' + format(step['peak_mib'], '.0f')} | | 1.00× |")
        rs = s["cli"]
        L.append(f"| {n} | **Pagefind CLI** on the same output | **{med(rs, 'wall_s'):.2f}** | "
                 f"{min(r['wall_s'] for r in rs):.2f}–{max(r['wall_s'] for r in rs):.2f} | {med(rs, 'cpu_s'):.2f} | "
                 f"{med(rs, 'peak_kib') / 1024:.0f} | {statistics.median(r.get('other_cores', 0) for r in rs):.2f} | "
                 f"{med(rs, 'wall_s') / step['wall_s']:.2f}× / "
                 f"{'—' if not step['cpu_s'] else format(med(rs, 'cpu_s') / step['cpu_s'], '.2f') + '×'} |")
    L.append("")
    L.append("The search step's peak is the build's extra peak with search over without. The Pagefind "
             "CLI reads the pages back from disk and writes one bundle with both languages; cahier "
             "indexes the HTML it has just written, one bundle per language. When other load is high, "
             "compare CPU times: a difference of two inflated wall times is not reliable.\n")

    L.append("## Bytes a visitor downloads for one query\n")
    L.append("Pagefind (cahier's bundle): measured in headless Chromium on a page running the theme's "
             "search.js (first 10 results shown), bytes of the bundle's responses as served (files "
             "as on disk: Pagefind gzips its wasm, index, meta and fragment files itself; "
             "pagefind.js, pagefind-worker.js and the entry file are plain; the gzip-server column "
             "gzips those three, as a server that compresses text would). The page and search.js "
             "themselves are left out, on both sides. Estimate: from the files alone (fixed files + "
             "the index chunk whose range holds the query word, unstemmed, + the median fragment × "
             "the results shown, up to 10, or up to 5 as Pagefind's default UI); where the "
             "measurement has one more request, Pagefind loaded a second index chunk (the words of "
             "the stem span two chunks). Zola: `search_index.{lang}.js` + "
             "`elasticlunr.min.js`, downloaded whole for any query; gzip -6 is what a compressing "
             "server sends.\n")
    L.append("| pages/lang | lang | query | results | Pagefind, measured KiB | of which: js + worker + wasm + entry + meta / index / fragments (requests) | estimate ×10 / ×5 KiB | Pagefind, gzip server KiB | Zola raw KiB | Zola gzip KiB | Zola gzip ÷ Pagefind gzip |")
    L.append("|---:|---|---|---:|---:|---|---:|---:|---:|---:|---:|")
    for s in sizes:
        for q in s["queries"]:
            k = q["kinds"]
            fixed = sum(k.get(x, 0) for x in ("js", "worker", "wasm", "entry", "meta"))
            z = s["zola"][q["lang"]]
            pg = s["bundles"][q["lang"]].get("plain_gzip")
            gz = (q["bundle_bytes"] - sum(k.get(x, 0) for x in ("js", "worker", "entry")) + sum(pg.values())
                  if pg else None)
            L.append(f"| {s['pages']:,} | {q['lang']} | `{q['query']}` | {q['results']:,} | "
                     f"**{kib(q['bundle_bytes'])}** | {kib(fixed)} / {kib(k.get('index', 0))} / "
                     f"{kib(k.get('fragment', 0))} ({q['requests']}) | "
                     f"{kib(q['estimate']['ten'])} / {kib(q['estimate']['five'])} | "
                     f"{'' if gz is None else '**' + kib(gz) + '**'} | {kib(z['raw'])} | "
                     f"**{kib(z['gzip'])}** | {'' if gz is None else format(z['gzip'] / gz, '.1f') + '×'} |")
    L.append("")
    L.append("| pages/lang | lang | Pagefind bundle on disk: files, MiB | index chunks | median chunk KiB | median fragment KiB | Zola `search_index.js` raw / gzip KiB | `elasticlunr.min.js` raw / gzip KiB |")
    L.append("|---:|---|---:|---:|---:|---:|---:|---:|")
    for s in sizes:
        for lang in ("en", "fr"):
            b = s["bundles"][lang]
            z = s["zola"][lang]
            L.append(f"| {s['pages']:,} | {lang} | {b['files']:,}, {b['bytes'] / 2**20:.1f} | {b['chunks']} | "
                     f"{kib(b['median_chunk'])} | {kib(b['median_fragment'])} | {kib(z['index_raw'])} / "
                     f"{kib(z['index_gzip'])} | {kib(z['js_raw'])} / {kib(z['js_gzip'])} |")
    L.append("")
    if any(q.get("playwright_mismatch") for s in sizes for q in s["queries"]):
        L.append("Note: Playwright's response sizes differ from the server's count for some files; "
                 "see `playwright_mismatch` in search-results.jsonl.\n")
    else:
        L.append("Cross-check: Playwright's response body sizes (`request.sizes()`) equal the "
                 "server's byte count for every file of every query, except `pagefind-worker.js`, "
                 "whose size Playwright reports as 0 (a worker script); the server's count is used.\n")
    return "\n".join(L)


# --- main ----------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description="Benchmark of the search step (see bench/README.md).")
    ap.add_argument("--sizes", default="1000,10000", help="pages per language, comma-separated (default: 1000,10000)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs of each build and of the CLI (default: 3)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs before them (default: 1)")
    ap.add_argument("--cahier", help="cahier binary to use (default: cargo build --release)")
    ap.add_argument("--no-build", action="store_true", help="do not run cargo; use target/release/*")
    ap.add_argument("--work", default="/dev/shm/cahier-search-bench", help="scratch directory, on tmpfs")
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
    ap.add_argument("--wait-idle", type=float, default=20, help="wait up to S s for an idle machine before each timed run")
    ap.add_argument("--no-browser", action="store_true", help="skip the Chromium measurement of bytes per query")
    ap.add_argument("--results", default=str(BENCH / "search-results.md"), help="the report (default: bench/search-results.md)")
    ap.add_argument("--report-only", action="store_true", help="rewrite the report from the .jsonl beside it")
    args = ap.parse_args(argv)
    results_md = Path(args.results)
    if args.report_only:
        lines = [json.loads(x) for x in results_md.with_suffix(".jsonl").read_text().splitlines() if x.strip()]
        text = report(lines[0]["meta"], [x for x in lines if "meta" not in x])
        results_md.write_text(text + "\n")
        print(text)
        return 0
    sizes = [int(x) for x in args.sizes.split(",") if x]
    if not sizes or min(sizes) < 1 or args.runs < 1 or args.warmup < 0:
        ap.error("--sizes must list positive numbers, --runs be at least 1, --warmup at least 0")
    jsonl, logf = results_md.with_suffix(".jsonl"), results_md.with_suffix(".log")
    logf.write_text("")

    # Tools.
    zola = os.environ.get("ZOLA") or shutil.which("zola")
    target = cargo_target() / "release"
    if not args.no_build:
        cmd = ["cargo", "build", "--release", "--quiet"]
        cmd += ["--bin", "cahier"] if not args.cahier else []
        cmd += ["--example", "zola-index"] if not zola else []
        if len(cmd) > 4:
            log("building: " + " ".join(cmd))
            subprocess.run(cmd, check=True, cwd=REPO)
    cahier = args.cahier or str(target / "cahier")
    example = None if zola else target / "examples" / "zola-index"
    if example is not None and not example.exists():
        raise SystemExit(f"search.py: no {example} (run without --no-build)")
    pagefind, lunr_js = npm_tools(True)
    if lunr_js is None and not zola:
        raise SystemExit("search.py: elasticlunr.min.js not found in bench/node_modules/elasticlunr")
    help_text = subprocess.run([cahier, "build", "--help"], capture_output=True, text=True).stdout
    timings_flag = ["--timings"] if "--timings" in help_text else []
    chromium = os.environ.get("CAHIER_CHROMIUM", "/usr/bin/chromium")
    if not args.no_browser and not (REPO / "node_modules" / "playwright-core").is_dir():
        log("npm ci (playwright-core)")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], check=True, cwd=REPO)
    pagefind_lib = next(iter(re.findall(r'name = "pagefind"\nversion = "([^"]+)"', (REPO / "Cargo.lock").read_text())), "?")
    meta = {
        "command": "bench/search.py " + " ".join(argv) if argv else "bench/search.py",
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                                 text=True).stdout.strip() or "unknown",
        "machine": f"{os.cpu_count()} cores, {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, "
                   f"Linux {os.uname().release}",
        "load": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "cahier": version_of([cahier, "--version"]),
        "pagefind_lib": pagefind_lib,
        "pagefind_cli": version_of([str(pagefind), "--version"]),
        "chromium": "not run" if args.no_browser else version_of([chromium, "--version"]),
        "zola": version_of([zola, "--version"]) if zola else
        "no zola on the PATH: written by the zola-index example (elasticlunr-rs 3, title + body)",
        "runs": args.runs, "warmup": args.warmup,
        "search_step_how": "the `timings: search` line of `cahier build --timings`" if timings_flag else
        "this cahier has no `--timings`: median wall (and CPU) with search minus without",
    }
    for k in ("cahier", "pagefind_cli", "chromium", "zola"):
        log(f"{k}: {meta[k]}")

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    meta["fstype"] = subprocess.run(["stat", "-f", "-c", "%T", str(work)], capture_output=True, text=True).stdout.strip()
    if meta["fstype"] != "tmpfs":
        log(f"warning: {work} is on {meta['fstype']}, not tmpfs")
    all_sizes = []
    try:
        for n in sizes:
            all_sizes.append(one_size(n, args, work, cahier, timings_flag, pagefind, zola, example, lunr_js, logf))
            with open(jsonl, "a" if len(all_sizes) > 1 else "w") as f:
                if len(all_sizes) == 1:
                    f.write(json.dumps({"meta": meta}) + "\n")
                f.write(json.dumps(all_sizes[-1]) + "\n")
            # After each size, so that a long run stopped midway keeps what it measured.
            text = report(meta, all_sizes)
            results_md.write_text(text + "\n")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print("\n" + text)
    log(f"written: {results_md} (raw: {jsonl}, logs: {logf})")
    return 0


def one_size(n, args, work, cahier, timings_flag, pagefind, zola, example, lunr_js, logf) -> dict:
    site = work / f"site-{n}"
    log(f"\n== {n} pages per language")
    subprocess.run([sys.executable, str(BENCH / "gen_site.py"), "--pages", str(n), "--out", str(site)], check=True)
    plain, withs = work / "out-plain", work / "out-search"

    def build(root: str, out: Path) -> list[str]:
        return [cahier, "build", "--root", str(site / root), "--output-dir", str(out), *timings_flag]

    r_plain = series("cahier build, no search", build("cahier", plain), args.runs, args.warmup, plain, logf,
                     args.wait_idle)
    r_search = series("cahier build + search", build("cahier-search", withs), args.runs, args.warmup, withs, logf,
                      args.wait_idle)
    if all("search_ms" in r for r in r_search):
        # CPU per stage is not in --timings: the CPU column stays the difference.
        step = {"how": "--timings; CPU: difference", "wall_s": med(r_search, "search_ms") / 1000,
                "cpu_s": med(r_search, "cpu_s") - med(r_plain, "cpu_s")}
    else:
        step = {"how": "difference", "wall_s": med(r_search, "wall_s") - med(r_plain, "wall_s"),
                "cpu_s": med(r_search, "cpu_s") - med(r_plain, "cpu_s")}
    step["peak_mib"] = (med(r_search, "peak_kib") - med(r_plain, "peak_kib")) / 1024

    def clear_cli_bundle() -> None:
        shutil.rmtree(plain / "pagefind", ignore_errors=True)

    r_cli = series("pagefind CLI (same output)", [str(pagefind), "--site", str(plain)], args.runs, args.warmup,
                   None, logf, args.wait_idle, before=clear_cli_bundle)
    shutil.rmtree(plain, ignore_errors=True)

    # Bytes per query, on the last build with search.
    bundles = {lang: pagefind_files.bundle_stats(withs / LANG_PREFIX[lang].strip("/") / "pagefind")
               for lang in ("en", "fr")}
    queries = []
    pages = install_search_pages(withs, ["en", "fr"])
    for lang in ("en", "fr"):
        bundle = withs / LANG_PREFIX[lang].strip("/") / "pagefind"
        rows = ([] if args.no_browser else browser_bytes(withs, lang, pages[lang], QUERIES[lang], logf))
        if args.no_browser:
            rows = [{"lang": lang, "query": q, "results": 0, "shown": 0, "bundle_bytes": 0, "playwright_bytes": 0,
                     "page_bytes": 0, "kinds": {}, "requests": 0} for q in QUERIES[lang]]
        for row in rows:
            row["estimate"] = pagefind_files.estimate(bundle, lang, row["query"], 10 if args.no_browser else row["results"])
            log(f"  {lang} {row['query']!r:<16} {row['results']:>6} results  measured "
                f"{kib(row['bundle_bytes'])} KiB in {row['requests']} requests (Playwright "
                f"{kib(row['playwright_bytes'])})  estimate {kib(row['estimate']['ten'])} KiB")
            queries.append(row)
    shutil.rmtree(withs, ignore_errors=True)

    zfiles = zola_index(site, work, zola, example, logf)
    js = (work / "out-zola" / "elasticlunr.min.js") if zola else lunr_js
    js_bytes = js.read_bytes()
    zsizes = {}
    for lang, path in zfiles.items():
        data = path.read_bytes()
        zsizes[lang] = {"index_raw": len(data), "index_gzip": gz_size(data), "js_raw": len(js_bytes),
                        "js_gzip": gz_size(js_bytes), "raw": len(data) + len(js_bytes),
                        "gzip": gz_size(data) + gz_size(js_bytes)}
        log(f"  zola {lang}: search_index.{lang}.js {kib(len(data))} KiB raw, {kib(gz_size(data))} KiB gzip")
    shutil.rmtree(work / "out-zola", ignore_errors=True)
    if not args.keep:
        shutil.rmtree(site, ignore_errors=True)
    return {"pages": n, "plain": r_plain, "search": r_search, "cli": r_cli, "step": step,
            "queries": queries, "bundles": bundles, "zola": zsizes}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
