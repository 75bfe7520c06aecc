#!/usr/bin/env python3
"""`cahier parity` is linear in the length of the text: times one pair whose body is a single
word of 25,000 to 200,000 characters (numbers glued by hyphens, the case that was quadratic:
`1-2-3-…`, and one of letters), one pair of 1,000 to 8,000 paragraphs under one heading (the
block alignment; the French side drops one paragraph in fifty and splits one in forty), one
HTML block of as many elements cut by blank lines, and a site of 200 pairs (400 files) from
gen_site.py.

Usage: parity-scale.py [CAHIER_BIN]   (default target/release/cahier; writes under /dev/shm)
Prints the time of each size and its ratio to the smallest: linear is about 1, 2, 4, 8.
"""
import os, shutil, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "target", "release", "cahier")
work = tempfile.mkdtemp(prefix="parity-scale.", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)


def site(name, en, fr):
    root = os.path.join(work, name)
    os.makedirs(os.path.join(root, "content"))
    with open(os.path.join(root, "config.toml"), "w") as f:
        f.write('base_url = "https://example.org"\ndefault_language = "en"\n[languages.fr]\n')
    for suffix, body in ((".md", en), (".fr.md", fr)):
        with open(os.path.join(root, "content", "p" + suffix), "w") as f:
            f.write('+++\ntitle = "P"\n+++\n' + body + "\n")
    return root


def timed(root, runs=3):
    best = None
    for _ in range(runs):
        t0 = time.monotonic()
        r = subprocess.run([binary, "parity", "--root", root, "--format", "json"], capture_output=True)
        dt = time.monotonic() - t0
        if r.returncode not in (0, 1):
            sys.exit(r.stderr.decode())
        best = dt if best is None else min(best, dt)
    return best


try:
    for kind, word in (("numbers", lambda n: "-".join(str(i % 97) for i in range(n // 3))[:n]),
                       ("letters", lambda n: ("abcdefghij" * (n // 10 + 1))[:n])):
        base = None
        for n in (25_000, 50_000, 100_000, 200_000):
            w = word(n)
            t = timed(site(f"{kind}{n}", w, w + "-1"))
            base = base or t
            print(f"one word of {n:>7,} characters ({kind}): {t:6.3f} s  ratio {t / base:5.2f}")
    def paragraphs(n, fr):
        out = []
        for i in range(n):
            if fr and i % 50 == 7:
                continue
            text = f"Paragraph {i} says {i * 3} things about the topic." if not fr else \
                f"Le paragraphe {i} dit {i * 3} choses sur le sujet, en français."
            if fr and i % 40 == 3:
                text = text.replace(", en", ".\n\nEn")
            out.append(text)
        return "## Section\n\n" + "\n\n".join(out)

    def html(n, fr):
        item = "  <li>Point {i} en français.</li>" if fr else "  <li>Point {i} in English.</li>"
        return "<div>\n<ul>\n" + "\n\n".join(item.format(i=i) for i in range(n)) + "\n</ul>\n</div>"

    for kind, body in (("paragraphs", paragraphs), ("html", html)):
        base = None
        for n in (1_000, 2_000, 4_000, 8_000):
            t = timed(site(f"{kind}{n}", body(n, False), body(n, True)))
            base = base or t
            print(f"{n:>7,} {kind} in one section: {t:6.3f} s  ratio {t / base:5.2f}")
    gen = os.path.join(work, "gen")
    subprocess.run([sys.executable, os.path.join(here, "gen_site.py"), "--pages", "200", "--out", gen], check=True,
                   capture_output=True)
    files = sum(len(fs) for _, _, fs in os.walk(os.path.join(gen, "content")))
    print(f"site of {files} content files: {timed(os.path.join(gen, 'cahier')):.3f} s")
finally:
    shutil.rmtree(work)
