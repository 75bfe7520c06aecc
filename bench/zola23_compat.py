#!/usr/bin/env python3
"""Zola 0.23 compatibility comparison: `bench/zola_compat.py` run on Zola 0.23 sites, against a
Zola 0.23 binary.

Run on demand, not in CI (the sites are not in the repository):

    bench/zola23_compat.py [--corpus /work/corpus/zola23] [--cahier target/release/cahier]
                           [--zola ../shared/tools/zola-0.23] [--work /tmp/zola23-compat]
                           [--show N] [SITE...]

The corpus holds Zola's `next` branch (its `test_site`, `test_site_i18n` and `docs/`) and the
demo sites of two themes at their Zola 0.23 versions, each a folder with a `zola.toml` or
`config.toml` at depth 1 or 2:

    next/                 getzola/zola at branch `next` (f69ca4f6)
    abridge-demo/         Jieiku/abridge master (min_version 0.23.3; the repository is its demo)
    linkita-demo/         salif/linkita branch `demo`, with themes/linkita = main (min_version 0.23.4)

Each site is built by both, and the output paths and the visible text of each page compared,
as `zola_compat.py` does (see it for what counts as the same).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import zola_compat  # noqa: E402

# Substitutions (file, pattern, replacement) in a copy of a site, which both build (BOTH_FIXES):
# abridge's demo reads its `theme.toml` over the network (cahier never does; Zola fails offline)
# or from outside the site (`../theme.toml`, which cahier refuses): both read the local copy.
ABRIDGE_LOCAL = [
    (f"content/overview-{page}{lang}.md", r'src="(https://raw\.githubusercontent\.com/Jieiku/abridge/master/|\.\./)theme\.toml"',
     'src="theme.toml"')
    for page in ("abridge/index", "showdata") for lang in ("", ".es", ".fr")
]
# test_site_i18n has neither components nor a theme: nothing in it says Zola 0.23, so it says
# so in the setting cahier reads and Zola ignores.
I18N_023 = [("config.toml", r"\Z", '\n[extra.cahier]\nzola = "0.23"\n')]
zola_compat.ZOLA_FIXES = {"abridge-demo": ABRIDGE_LOCAL, "next-test_site_i18n": I18N_023}
zola_compat.BOTH_FIXES = {"abridge-demo", "next-test_site_i18n"}

DEFAULTS = ["--corpus", "/work/corpus/zola23", "--zola", "../shared/tools/zola-0.23", "--work", "/tmp/zola23-compat"]

if __name__ == "__main__":
    # The defaults first: an option given on the command line comes later and wins.
    sys.argv = [sys.argv[0], *DEFAULTS, *sys.argv[1:]]
    sys.exit(zola_compat.main())
