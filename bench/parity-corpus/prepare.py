#!/usr/bin/env python3
"""Turns a bilingual Markdown repository (a git directory, at one commit) into a small cahier
site of EN/FR page pairs, for `score.py`. The pages stay where you put them (outside this
repository): nothing of their text is committed.

Usage: prepare.py GIT_DIR COMMIT OUT_DIR

Pairs are found by front matter: `translationKey` (same value on both sides) or
`altLangPage` (the other side's file stem); files under `en/` and `fr/` with no such key are
paired when `pairs = [[en, fr], ...]` is given in `expected.toml` for the repository.
Template tags (`{% %}`, `{{ }}`) are neutralised so that cahier does not read them as
shortcodes; YAML front matter keeps only its title. The key of a pair is its English path.
"""
import os, re, subprocess, sys, tomllib

here = os.path.dirname(os.path.abspath(__file__))


def git(gd, *args):
    return subprocess.run(["git", "--git-dir", gd, *args], check=True, capture_output=True).stdout


def split_front(text):
    m = re.match(r"^---\s*\n(.*?)\n---\s*\n", text, re.S)
    if not m:
        return {}, text
    fm = {}
    for line in m.group(1).splitlines():
        k, sep, v = line.partition(":")
        if sep and not line.startswith(" "):
            fm[k.strip()] = v.strip().strip("'\"")
    return fm, text[m.end():]


def neutralise(body):
    """Template tags become what cahier reads as no prose: `{% … %}` an HTML comment, `{{ x }}`
    a word (`tpl:x`, it may be a link destination)."""
    body = re.sub(r"\{%-?(.*?)-?%\}", lambda m: "<!-- tpl " + m.group(1).strip().replace("--", "- -") + " -->", body, flags=re.S)
    return re.sub(r"\{\{-?(.*?)-?\}\}", lambda m: "tpl:" + re.sub(r"\W+", "_", m.group(1).strip()), body, flags=re.S)


def lang_of(path):
    parts = path.split("/")
    for p in parts:
        if p in ("en", "fr"):
            return p
    return None


def main():
    gd, commit, out = sys.argv[1:4]
    name = os.path.basename(os.path.dirname(gd.rstrip("/"))).replace("+", "/")
    expected = tomllib.load(open(os.path.join(here, "expected.toml"), "rb"))
    manual = next((r.get("pairs", []) for r in expected.get("repo", []) if r["name"] == name), [])
    files = [f for f in git(gd, "ls-tree", "-r", "--name-only", commit).decode().splitlines() if f.endswith(".md")]
    pages = {}
    for f in files:
        lang = lang_of(f)
        if not lang:
            continue
        text = git(gd, "show", f"{commit}:{f}").decode("utf-8", "replace")
        fm, body = split_front(text)
        pages[f] = (lang, fm, body)
    pairs = []
    by_key = {}
    for f, (lang, fm, _) in pages.items():
        if fm.get("translationKey"):
            by_key.setdefault(fm["translationKey"], {})[lang] = f
    for k, sides in by_key.items():
        if "en" in sides and "fr" in sides:
            pairs.append((sides["en"], sides["fr"]))
    stems = {}
    for f, (lang, _, _) in pages.items():
        stems.setdefault((lang, os.path.splitext(os.path.basename(f))[0]), []).append(f)
    for f, (lang, fm, _) in pages.items():
        if lang == "en" and fm.get("altLangPage") and not fm.get("translationKey"):
            found = stems.get(("fr", fm["altLangPage"].strip("/").split("/")[-1].removesuffix(".html")), [])
            # Of the French files of that name, the one nearest the English file.
            other = max(found, key=lambda c: len(os.path.commonprefix([c, f])), default=None)
            if other:
                pairs.append((f, other))
    pairs += [tuple(p) for p in manual]
    os.makedirs(os.path.join(out, "content"), exist_ok=True)
    with open(os.path.join(out, "config.toml"), "w") as c:
        # These teams do not follow the French non-breaking space convention: typography off.
        c.write(f'base_url = "https://example.org"\ntitle = "{name}"\ndefault_language = "en"\n\n[languages.fr]\ntitle = "{name}"\n\n[parity]\ntypography = false\n')
    for en, fr in pairs:
        key = re.sub(r"[^a-z0-9/_-]", "-", en.lower().removesuffix(".md")).replace("/en/", "/").strip("/")
        key = key.replace("/", "_")
        for path, suffix in ((en, ".md"), (fr, ".fr.md")):
            _, fm, body = pages[path]
            body = neutralise(body)
            title = fm.get("title", "").replace("\\", "").replace('"', "'")
            with open(os.path.join(out, "content", key + suffix), "w") as o:
                o.write(f"+++\ntitle = \"{title}\"\n+++\n{body}")
    print(f"{name}: {len(pairs)} pairs into {out}")


main()
