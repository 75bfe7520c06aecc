#!/usr/bin/env python3
"""Measure static site builds and report them (Python 3 standard library only).

Run one timed build (one or more commands in sequence, separated by `::`) and append a JSON
line to a results file:

    measure.py run --results R.jsonl --mode build --gen hugo --pages 1000 --run 1 \\
        --out-dir /dev/shm/o --expect index.html --expect fr/index.html -- hugo --source ... \\
        [:: pagefind --site /dev/shm/o]

Each command is started with posix_spawn and reaped with wait4(2), so the numbers are the
kernel's for that process and every descendant it waited for:
  wall  monotonic clock from spawn to reap, summed over the commands;
  cpu   user + system time (ru_utime + ru_stime), summed;
  peak  largest resident set (ru_maxrss) of any one process, max over the commands.
The output directory is removed before the first command (not timed). The command's stdout
and stderr go to a log file beside the results, shown when the command fails.

Summarize the results as Markdown (medians over runs, ratios against cahier):

    measure.py report --results R.jsonl [--header H.md] [--md OUT.md]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path


def spawn_and_wait(argv: list[str], log: Path) -> dict:
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        exe = shutil.which(argv[0]) or argv[0]
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, fd, 1),
            (os.POSIX_SPAWN_DUP2, fd, 2),
        ]
        t0 = time.perf_counter()
        pid = os.posix_spawn(exe, argv, os.environ, file_actions=actions)
        _, status, ru = os.wait4(pid, 0)
        wall = time.perf_counter() - t0
    finally:
        os.close(fd)
    return {
        "argv": argv,
        "exit": os.waitstatus_to_exitcode(status),
        "wall_s": wall,
        "user_s": ru.ru_utime,
        "sys_s": ru.ru_stime,
        "cpu_s": ru.ru_utime + ru.ru_stime,
        "peak_kib": ru.ru_maxrss,  # KiB on Linux
    }


CLK_TCK = os.sysconf("SC_CLK_TCK")


def busy_cpu_s() -> float | None:
    """Busy CPU time of the whole machine so far (all processes, any container), seconds."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    steal = fields[7] if len(fields) > 7 else 0
    busy = sum(fields[:8]) - idle  # user nice system idle iowait irq softirq steal; guest is in user
    return (busy - steal) / CLK_TCK


def wait_idle(max_wait: float, threshold: float = 0.25) -> float:
    """Wait (up to max_wait seconds) until other work uses less than `threshold` cores over one
    second; return the load seen last, in cores."""
    start = time.monotonic()
    said = False
    while True:
        a = busy_cpu_s()
        time.sleep(1.0)
        b = busy_cpu_s()
        load = 0.0 if a is None or b is None else (b - a) / 1.0
        waited = time.monotonic() - start
        if load < threshold or waited >= max_wait:
            if said:
                print(f"  (waited {waited:.0f} s; other work now uses {load:.1f} cores)", flush=True)
            return load
        if not said:
            print(f"  (machine busy: {load:.1f} cores used by other work; waiting up to "
                  f"{max_wait:.0f} s)", flush=True)
            said = True
        time.sleep(4.0)


def dir_stats(path: Path) -> tuple[int, int]:
    files = size = 0
    for root, _dirs, names in os.walk(path):
        for n in names:
            p = os.path.join(root, n)
            if not os.path.islink(p):
                files += 1
                size += os.path.getsize(p)
    return files, size


def cmd_run(args: argparse.Namespace, command: list[str]) -> int:
    if command and command[0] == "--":
        command = command[1:]
    steps: list[list[str]] = [[]]
    for tok in command:
        if tok == "::":
            steps.append([])
        else:
            steps[-1].append(tok)
    steps = [s for s in steps if s]
    if not steps:
        print("measure.py run: no command given", file=sys.stderr)
        return 2
    results = Path(args.results)
    results.parent.mkdir(parents=True, exist_ok=True)
    log = Path(args.log) if args.log else results.with_suffix(".log")
    out_dir = Path(args.out_dir) if args.out_dir else None
    if out_dir is not None and out_dir.exists():
        shutil.rmtree(out_dir)
    with open(log, "a") as f:
        f.write(f"\n=== {args.mode} {args.gen} pages={args.pages} run={args.run}\n")
    start = log.stat().st_size

    if args.wait_idle > 0:
        wait_idle(args.wait_idle)
    busy0 = busy_cpu_s()
    measured = []
    for argv in steps:
        with open(log, "a") as f:
            f.write("$ " + " ".join(argv) + "\n")
        m = spawn_and_wait(argv, log)
        measured.append(m)
        if m["exit"] != 0:
            break
    busy1 = busy_cpu_s()
    failed = next((m for m in measured if m["exit"] != 0), None)
    missing = []
    if failed is None and out_dir is not None:
        missing = [e for e in args.expect if not (out_dir / e).exists()]
    if failed is not None or missing:
        with open(log) as f:
            f.seek(start)
            tail = f.read()[-4000:]
        why = (f"`{' '.join(failed['argv'])}` exited with {failed['exit']}" if failed
               else f"missing in {out_dir}: {', '.join(missing)}")
        print(f"measure.py: {args.gen} ({args.mode}, {args.pages} pages/lang) failed: {why}\n"
              f"--- {log} (tail) ---\n{tail}", file=sys.stderr)
        return 1

    rec = {
        "mode": args.mode,
        "gen": args.gen,
        "pages": args.pages,
        "run": args.run,
        "wall_s": sum(m["wall_s"] for m in measured),
        "cpu_s": sum(m["cpu_s"] for m in measured),
        "user_s": sum(m["user_s"] for m in measured),
        "sys_s": sum(m["sys_s"] for m in measured),
        "peak_kib": max(m["peak_kib"] for m in measured),
        "steps": measured,
    }
    # CPU time that other processes on the machine (other containers too) used meanwhile, as
    # an average number of busy cores: a disturbed run shows up here.
    if busy0 is not None and busy1 is not None and rec["wall_s"] > 0:
        rec["other_cores"] = max(0.0, (busy1 - busy0) - rec["cpu_s"]) / rec["wall_s"]
    if out_dir is not None:
        rec["out_files"], rec["out_bytes"] = dir_stats(out_dir)
    if not args.warmup:
        with open(results, "a") as f:
            f.write(json.dumps(rec) + "\n")
    tag = "warm-up" if args.warmup else f"run {args.run}"
    print(f"  {args.gen:<22} {args.pages:>6}/lang {tag:<8} wall {rec['wall_s']:7.2f} s  "
          f"cpu {rec['cpu_s']:7.2f} s  peak {rec['peak_kib'] / 1024:8.1f} MiB  "
          f"other load {rec.get('other_cores', float('nan')):4.2f} cores", flush=True)
    return 0


# --- report ------------------------------------------------------------------------------

ORDER = ["cahier", "cahier + redactions", "zola", "hugo", "cahier + search", "cahier department",
         "zola + search", "hugo + pagefind", "pagefind CLI alone", "cp -r (floor)", "markdown floor"]


def order_key(gen: str) -> tuple[int, str]:
    return (ORDER.index(gen) if gen in ORDER else len(ORDER), gen)


def fmt_ratio(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}×"


def summarize(records: list[dict]) -> dict[tuple[str, str, int], dict]:
    groups: dict[tuple[str, str, int], list[dict]] = {}
    for r in records:
        groups.setdefault((r["mode"], r["gen"], r["pages"]), []).append(r)
        # Hugo + Pagefind: also report the Pagefind step on its own.
        if r["gen"] == "hugo + pagefind" and len(r["steps"]) == 2:
            s = r["steps"][1]
            groups.setdefault((r["mode"], "pagefind CLI alone", r["pages"]), []).append({
                "wall_s": s["wall_s"], "cpu_s": s["cpu_s"], "peak_kib": s["peak_kib"],
                "out_files": None, "out_bytes": None,
                **({"other_cores": r["other_cores"]} if "other_cores" in r else {})})
    out = {}
    for key, rs in groups.items():
        walls = [r["wall_s"] for r in rs]
        out[key] = {
            "n": len(rs),
            "wall": statistics.median(walls),
            "wall_min": min(walls),
            "wall_max": max(walls),
            "cpu": statistics.median(r["cpu_s"] for r in rs),
            "peak": statistics.median(r["peak_kib"] for r in rs) / 1024,
            "other": (statistics.median(r["other_cores"] for r in rs)
                      if all("other_cores" in r for r in rs) else None),
            "files": rs[0].get("out_files"),
            "mib": (rs[0]["out_bytes"] / 2**20) if rs[0].get("out_bytes") else None,
        }
    return out


def goals(s: dict[tuple[str, str, int], dict]) -> list[str]:
    """The issue 22 goals, at each size that has the figures: the department's build against
    Zola + search (wall, CPU, peak), cahier's plain build against Zola (peak) and against the
    Markdown floor (wall)."""
    rows = []
    for n in sorted({k[2] for k in s}):
        dept, zs = s.get(("search", "cahier department", n)), s.get(("search", "zola + search", n))
        plain, zola = s.get(("build", "cahier", n)), s.get(("build", "zola", n))
        floor = s.get(("build", "markdown floor", n))
        def r(a: dict | None, b: dict | None, field: str) -> str:
            return "" if a is None or b is None or a[field] <= 0 else f"{b[field] / a[field]:.2f}×"
        cells = [r(dept, zs, "wall"), r(dept, zs, "cpu"), r(dept, zs, "peak"), r(plain, zola, "peak"),
                 "" if plain is None or floor is None or floor["wall"] <= 0 else f"{plain['wall'] / floor['wall']:.2f}×"]
        if any(cells):
            rows.append(f"| {n:,} | " + " | ".join(cells) + " |")
    if not rows:
        return []
    return ["## Goals (issue 22)\n",
            "Zola + search over cahier's department build (wall: goal ≥ 3, CPU: ≥ 2, peak memory: "
            "≥ 1); Zola's peak over cahier's plain build's (goal ≥ 2); cahier's plain build over the "
            "Markdown floor (wall: aim ≤ 2).\n",
            "| pages/lang | department: wall | department: CPU | department: peak | plain: peak "
            "| plain ÷ Markdown floor |",
            "|---:|---:|---:|---:|---:|---:|", *rows, ""]


def report(records: list[dict]) -> str:
    s = summarize(records)
    lines: list[str] = []
    titles = {"build": "Build (no search)", "search": "Build with a search index"}
    disturbed: list[str] = []
    for mode in ("build", "search"):
        keys = sorted((k for k in s if k[0] == mode), key=lambda k: (k[2], order_key(k[1])))
        if not keys:
            continue
        lines.append(f"## {titles[mode]}\n")
        lines.append("| generator | pages/lang | wall s (median) | wall min–max | CPU s (user+sys) "
                     "| peak MiB | output files | output MiB | wall ÷ cahier | CPU ÷ cahier "
                     "| peak ÷ cahier | other load |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        ref_gen = "cahier" if mode == "build" else "cahier + search"
        for k in keys:
            v = s[k]
            ref = s.get((mode, ref_gen, k[2]))
            def ratio(field: str) -> float | None:
                if ref is None or ref[field] <= 0:
                    return None
                return v[field] / ref[field]
            lines.append(
                f"| {k[1]} | {k[2]:,} | {v['wall']:.2f} | {v['wall_min']:.2f}–{v['wall_max']:.2f} "
                f"| {v['cpu']:.2f} | {v['peak']:.0f} "
                f"| {'' if v['files'] is None else format(v['files'], ',')} "
                f"| {'' if v['mib'] is None else format(v['mib'], '.0f')} "
                f"| {fmt_ratio(ratio('wall'))} | {fmt_ratio(ratio('cpu'))} | {fmt_ratio(ratio('peak'))} "
                f"| {'' if v['other'] is None else format(v['other'], '.2f')} |")
            if v["other"] is not None and v["other"] > 0.25:
                disturbed.append(f"{k[1]} at {k[2]:,}")
        lines.append("")

    if disturbed:
        lines.append("**Warning**: other work used more than a quarter of a core (median) during: "
                     + "; ".join(disturbed) + ". Their wall times are not reliable; CPU times "
                     "are less affected.\n")

    lines.extend(goals(s))

    # Linearity: wall time per page (both languages) at each size.
    sizes = sorted({k[2] for k in s})
    if len(sizes) > 1:
        lines.append("## Cost per page (linearity)\n")
        lines.append("Median wall time divided by the number of pages built (2 × pages/lang), in "
                     "milliseconds; the last column is the per-page cost at the largest size over "
                     "the one at the smallest (1.00 = perfectly linear).\n")
        lines.append("| mode | generator | " + " | ".join(f"{n:,}/lang" for n in sizes)
                     + " | largest ÷ smallest |")
        lines.append("|---|---|" + "---:|" * len(sizes) + "---:|")
        for mode in ("build", "search"):
            gens = sorted({k[1] for k in s if k[0] == mode}, key=order_key)
            for g in gens:
                per = {n: s[(mode, g, n)]["wall"] * 1000 / (2 * n) for n in sizes if (mode, g, n) in s}
                cells = [f"{per[n]:.3f}" if n in per else "" for n in sizes]
                have = [n for n in sizes if n in per]
                growth = f"{per[have[-1]] / per[have[0]]:.2f}" if len(have) > 1 else ""
                lines.append(f"| {mode} | {g} | " + " | ".join(cells) + f" | {growth} |")
        lines.append("")
    return "\n".join(lines)


def cmd_report(args: argparse.Namespace) -> int:
    records = [json.loads(l) for l in Path(args.results).read_text().splitlines() if l.strip()]
    text = ""
    if args.header:
        text += Path(args.header).read_text().rstrip() + "\n\n"
    text += report(records)
    print(text)
    if args.md:
        Path(args.md).write_text(text + "\n")
    return 0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description="Measure and report static site builds.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="time one build and append a JSON line")
    r.add_argument("--results", required=True)
    r.add_argument("--log")
    r.add_argument("--mode", choices=["build", "search"], default="build")
    r.add_argument("--gen", required=True)
    r.add_argument("--pages", type=int, required=True)
    r.add_argument("--run", type=int, default=1)
    r.add_argument("--out-dir", help="removed before the run; its files are counted after")
    r.add_argument("--expect", action="append", default=[],
                   help="path that must exist in --out-dir after the run (repeatable)")
    r.add_argument("--warmup", action="store_true", help="run but do not record")
    r.add_argument("--wait-idle", type=float, default=0, metavar="SECONDS",
                   help="first wait up to SECONDS for other work on the machine to stop")
    p = sub.add_parser("report", help="print the Markdown summary")
    p.add_argument("--results", required=True)
    p.add_argument("--header", help="Markdown file to put above the tables")
    p.add_argument("--md", help="also write the report to this file")
    args, rest = ap.parse_known_args(argv)
    if args.cmd == "run":
        return cmd_run(args, rest)
    if rest:
        ap.error(f"unrecognized arguments: {' '.join(rest)}")
    return cmd_report(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
