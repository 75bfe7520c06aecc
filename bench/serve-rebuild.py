#!/usr/bin/env python3
"""Rebuild time of `cahier serve` after one page edit, on the synthetic 2 x N-page site.

    python3 bench/serve-rebuild.py                 # 2 x 1,000 pages, 5 edits of each kind
    python3 bench/serve-rebuild.py --pages 1000 --edits 10 --bin target/release/cahier

Generates the site (bench/gen_site.py), starts `cahier serve --port 0` on DIR/cahier,
listens to the live-reload stream (/_cahier/events) like a browser, then edits one page N
times in its body (a paragraph added), then N times in its title (which its section's
listing, its neighbours' links and its translation's toggle show). For each edit it reports
the build time the server logs (the incremental rebuild) and the time from the write to the
reload message (which includes the watcher's 100 ms debounce). It waits for the search index
refresh that follows each edit, so that edits are timed alone. Standard library only.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000, help="pages per language (default 1000)")
    ap.add_argument("--edits", type=int, default=5, help="edits to time (default 5)")
    ap.add_argument("--bin", default=str(REPO / "target/release/cahier"), help="the cahier binary")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cahier-serve-rebuild-") as tmp:
        site = Path(tmp) / "site"
        subprocess.run([sys.executable, str(REPO / "bench/gen_site.py"), "--pages", str(args.pages), "--out", str(site)],
                       check=True, stdout=subprocess.DEVNULL)
        root = site / "cahier"
        template = root / "templates/404.html"  # the theme's 404 does not render on this site yet
        if not template.exists():
            template.write_text('<!doctype html><html lang="{{ lang }}"><body><h1>404</h1></body></html>\n')
        server = subprocess.Popen([args.bin, "--root", str(root), "serve", "--port", "0"],
                                  stderr=subprocess.PIPE, text=True)
        log: list[str] = []
        first = threading.Event()
        built = re.compile(r"built (\d+) pages and sections in (\d+) ms")

        def read_log() -> None:
            assert server.stderr is not None
            for line in server.stderr:
                log.append(line.rstrip())
                if "first build" in line:
                    first.set()

        threading.Thread(target=read_log, daemon=True).start()
        try:
            if not first.wait(300):
                print("\n".join(log), file=sys.stderr)
                return 2
            url = next(m.group(1) for line in log if (m := re.search(r"(http://127\.0\.0\.1:\d+)/", line)))
            print(log[-1])
            events = urllib.request.urlopen(url + "/_cahier/events", timeout=120)
            messages: list[dict] = []
            got = threading.Condition()

            def read_events() -> None:
                for raw in events:
                    line = raw.decode().strip()
                    if line.startswith("data:"):
                        with got:
                            messages.append(json.loads(line[5:]))
                            got.notify_all()

            threading.Thread(target=read_events, daemon=True).start()
            time.sleep(0.5)
            page = site / "content/s0/p3.md"
            original = page.read_text()
            title = re.search(r'^title = "(.*)"$', original, re.M)
            if title is None:
                print("no title line in " + str(page), file=sys.stderr)
                return 2
            kinds = {
                "body": lambda i: original + f"\nEdit number {i + 1}.\n",
                "title": lambda i: original.replace(title.group(0), f'title = "Edit {i + 1}: {title.group(1)}"', 1),
            }
            for kind, edited in kinds.items():
                end_to_end, build_ms = [], []
                for i in range(args.edits):
                    with got:
                        seen = len(messages)
                    logged = len(log)
                    start = time.perf_counter()
                    page.write_text(edited(i))
                    with got:
                        if not got.wait_for(lambda: len(messages) > seen, timeout=120):
                            print("no reload message", file=sys.stderr)
                            return 2
                    end_to_end.append((time.perf_counter() - start) * 1000)
                    deadline = time.time() + 60
                    while time.time() < deadline and not any("search index refreshed" in line for line in log[logged:]):
                        time.sleep(0.05)
                    ms = [int(m.group(2)) for line in log[logged:] if "changed" in line and (m := built.search(line))]
                    build_ms.append(ms[-1] if ms else float("nan"))
                    print(f"{kind} edit {i + 1}: build {build_ms[-1]} ms, edit to reload message {end_to_end[-1]:.0f} ms")
                    for line in log[logged:]:
                        if "changed" in line or "timings:" in line or "  rendered" in line:  # CAHIER_TIMINGS=1
                            print("  " + line)
                print(f"{kind} edit, median of {args.edits}: build {statistics.median(build_ms):.0f} ms, "
                      f"edit to reload message {statistics.median(end_to_end):.0f} ms "
                      f"(2 x {args.pages} pages, {args.bin})")
            page.write_text(original)
        finally:
            server.terminate()
            server.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
