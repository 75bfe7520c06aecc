#!/usr/bin/env python3
"""`cahier build` is linear in the size of a page, in time and in memory: builds one page of
N, 2N and 4N footnotes (each cited once), headings of one title, and table cells (a square
table), and prints each build's wall time and peak resident memory with its ratio to the
smallest. Linear is about 1, 2, 4 in both columns; a quadratic step shows as 1, 4, 16.

These were quadratic: 100,000 footnotes took 38 s (every id of the page was checked against
the list of the ids before it), a 1,000 x 1,000 table peaked at 858 MB (three copies of the
page's events at once), and a heading title repeated N times tried N suffixes per heading.

Usage: quadratic.py [CAHIER_BIN]   (default target/release/cahier; writes under /dev/shm)
"""
import math, os, shutil, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "target", "release", "cahier")
work = tempfile.mkdtemp(prefix="quadratic.", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)


def footnotes(n):
    return "".join(f"Text[^{i}].\n\n" for i in range(n)) + "".join(f"[^{i}]: Note {i}.\n\n" for i in range(n))


def headings(n):
    return "## Contexte\n\nTexte.\n\n" * n


def table(cells):
    side = math.isqrt(cells)
    head = "|" + "|".join(f"h{i}" for i in range(side)) + "|\n" + "|---" * side + "|\n"
    return head + "".join("|" + "|".join(f"c{r}" for _ in range(side)) + "|\n" for r in range(side))


def site(name, body):
    root = os.path.join(work, name)
    os.makedirs(os.path.join(root, "content"))
    with open(os.path.join(root, "config.toml"), "w") as f:
        f.write('base_url = "https://example.org"\n')
    with open(os.path.join(root, "content", "p.md"), "w") as f:
        f.write('+++\ntitle = "P"\n+++\n' + body)
    return root


def measure(root, runs=3):
    """Best wall time and largest peak RSS (MiB) of `runs` builds."""
    best, peak = None, 0
    for _ in range(runs):
        out = os.path.join(root, "public")
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.monotonic()
        child = subprocess.Popen([binary, "build", "--root", root, "--output-dir", out],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        dt = time.monotonic() - t0
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(child.stderr.read().decode())
        best = dt if best is None else min(best, dt)
        peak = max(peak, usage.ru_maxrss / 1024)
    return best, peak


try:
    for kind, make, base in (("footnotes", footnotes, 25_000), ("headings of one title", headings, 25_000),
                             ("table cells", table, 250_000)):
        first = None
        for n in (base, 2 * base, 4 * base):
            t, mib = measure(site(f"{kind[:4]}{n}", make(n)))
            first = first or (t, mib)
            print(f"{n:>9,} {kind:<22} {t:7.3f} s  ratio {t / first[0]:5.2f}   "
                  f"peak {mib:7.1f} MiB  ratio {mib / first[1]:5.2f}")
finally:
    shutil.rmtree(work)
