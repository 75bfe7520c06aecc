#!/usr/bin/env python3
"""Generate a synthetic bilingual (EN/FR) site that cahier, Zola and Hugo can all build.

    python3 bench/gen_site.py --pages 1000 --out /dev/shm/cahier-bench/site-1000

writes, under OUT:

    content/                  shared Markdown (TOML front matter, Zola/cahier layout)
      _index.md, _index.fr.md
      s{k}/_index.md, s{k}/_index.fr.md          one section per 100 pages
      s{k}/p{i}.md, s{k}/p{i}.fr.md              about 8 KB of Markdown each
    cahier/                   config.toml (older Zola spelling) + templates/, content/ (hard links)
    cahier-search/            the same with build_search_index = true (in-process Pagefind)
    cahier-redacted/          cahier/ with its own content/: every tenth page (p3, p13, …; both
                              languages) withholds a paragraph ({% redact %}), so a public
                              build audits its output; the other files are hard links
    zola/                     Zola 0.22 config.toml + templates/, content/ (hard links)
    zola-search/              the same with build_search_index = true (elasticlunr)
    hugo/                     hugo.toml (contentDir = ../content) + layouts/

Each page has headings, paragraphs with inline markup, a bullet list, an ordered list, a
table, a fenced code block and one internal link `[text](@/s3/p12.md#section-2)` (French
pages link to `@/s3/p12.fr.md#section-2`). Hugo resolves `@/` links with a link render
hook. Output is deterministic: every page draws from its own seeded random generator.
Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
from pathlib import Path

PAGES_PER_SECTION = 100
TARGET_BYTES = 8 * 1024
BASE_URL = "https://bench.example.org"

EN_WORDS = """
the minister department briefing binder program policy federal review budget fiscal
deputy head transition note issue context background recommendation analysis risk
funding agreement partner province territory stakeholder consultation report annual
plan priority objective outcome indicator result performance service delivery client
access information request record release official language committee parliament
question period response timeline milestone decision approval authority mandate
letter cabinet submission treasury board secretariat regulation amendment act section
data system modernization digital security privacy assessment audit evaluation
capacity workforce employee training region office headquarters operations cost
estimate forecast variance allocation reserve contingency schedule update status
""".split()

FR_WORDS = """
le la les ministre ministère note cahier breffage programme politique fédéral examen
budget financier sous-ministre transition enjeu contexte recommandation analyse risque
financement accord partenaire province territoire intervenant consultation rapport
annuel plan priorité objectif résultat indicateur rendement prestation service client
accès information demande document communication langue officielle comité parlement
période questions réponse échéancier jalon décision approbation autorité mandat lettre
cabinet présentation conseil trésor secrétariat règlement modification loi article
données système modernisation numérique sécurité vie privée évaluation vérification
capacité effectif employé formation région bureau administration centrale opérations
coût estimation prévision écart affectation réserve imprévus calendrier mise à jour état
""".split()

L10N = {
    "en": {
        "site": "Cahier benchmark",
        "home": "Benchmark binder",
        "section": "Section",
        "page": "Briefing note",
        "notes": "Notes",
        "see": "See also",
        "table_head": ("Item", "Owner", "Status", "Amount ($)"),
        "status": ("Open", "Closed", "Pending", "Deferred"),
        "home_body": "A synthetic bilingual site for benchmarking static site generators.",
        "section_body": "Pages of this section, sorted by weight.",
    },
    "fr": {
        "site": "Banc d’essai cahier",
        "home": "Cahier d’essai",
        "section": "Rubrique",
        "page": "Note de breffage",
        "notes": "Remarques",
        "see": "Voir aussi",
        "table_head": ("Élément", "Responsable", "État", "Montant ($)"),
        "status": ("Ouvert", "Fermé", "En attente", "Reporté"),
        "home_body": "Un site bilingue synthétique pour mesurer les générateurs de sites statiques.",
        "section_body": "Pages de cette rubrique, triées par poids.",
    },
}

CODE_SNIPPETS = [
    (
        "rust",
        """use std::collections::BTreeMap;

/// Sum the amounts per owner.
fn totals(rows: &[(String, u64)]) -> BTreeMap<&str, u64> {
    let mut out = BTreeMap::new();
    for (owner, amount) in rows {
        *out.entry(owner.as_str()).or_insert(0) += amount;
    }
    out
}

fn main() {
    let rows = vec![("ops".to_string(), {a}), ("policy".to_string(), {b})];
    for (owner, total) in totals(&rows) {
        println!("{owner}: {total}");
    }
}""",
    ),
    (
        "python",
        """from dataclasses import dataclass


@dataclass
class Item:
    owner: str
    amount: int = {a}

    def over(self, limit: int = {b}) -> bool:
        \"\"\"True when the amount is over the limit.\"\"\"
        return self.amount > limit


items = [Item("ops"), Item("policy", amount={b})]
print(sum(i.amount for i in items if not i.over()))""",
    ),
    (
        "toml",
        """[program]
name = "transition"
budget = {a}
fiscal_year = "2025-26"

[program.owner]
branch = "policy"
contact = "briefing@example.org"
reserve = {b}
tags = ["binder", "deputy-head", "mandate"]""",
    ),
    (
        "bash",
        """#!/usr/bin/env bash
set -euo pipefail
for year in 2023 2024 2025; do
  total=$(( {a} + year ))
  echo "fiscal year $year: $total"
done
grep -c "status" report.csv || echo "no status column ({b})\"""",
    ),
]


class Words:
    def __init__(self, rng: random.Random, words: list[str]):
        self.rng = rng
        self.words = words

    def phrase(self, n: int) -> str:
        return " ".join(self.rng.choice(self.words) for _ in range(n))

    def sentence(self) -> str:
        s = self.phrase(self.rng.randint(8, 18))
        return s[0].upper() + s[1:] + "."

    def paragraph(self, sentences: int) -> str:
        out = []
        for k in range(sentences):
            s = self.sentence()
            r = self.rng.random()
            if k == 1 and r < 0.5:
                w = self.rng.choice(self.words)
                s = s.replace(" " + w + " ", f" **{w}** ", 1)
            elif k == 2 and r < 0.5:
                w = self.rng.choice(self.words)
                s = s.replace(" " + w + " ", f" *{w}* ", 1)
            elif k == 3 and r < 0.4:
                s = s[:-1] + f" (`{self.rng.choice(self.words)}_{self.rng.randint(1, 99)}`)."
            out.append(s)
        return " ".join(out)


def page_path(i: int, lang: str) -> str:
    suffix = ".fr.md" if lang == "fr" else ".md"
    return f"s{i // PAGES_PER_SECTION}/p{i}{suffix}"


def page_title(i: int, lang: str, w: Words) -> str:
    return f"{L10N[lang]['page']} {i}: {w.phrase(3)}"


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


REDACT_EVERY = 10


def redacted(page: str) -> str:
    """The page with the paragraph under its first heading withheld under 15(1)."""
    head, sep, rest = page.partition("## Section 1\n\n")
    paragraph, sep2, tail = rest.partition("\n\n")
    assert sep and sep2, "a page without its Section 1 paragraph"
    return f'{head}{sep}{{% redact(s="15(1)") %}}\n{paragraph}\n{{% end %}}{sep2}{tail}'


def gen_page(i: int, lang: str, n_pages: int, seed: int) -> str:
    rng = random.Random(f"{seed}:{lang}:{i}")
    w = Words(rng, EN_WORDS if lang == "en" else FR_WORDS)
    t = L10N[lang]
    title = page_title(i, lang, Words(random.Random(f"{seed}:title:{lang}:{i}"), w.words))
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    front = (
        "+++\n"
        f"title = {toml_str(title)}\n"
        f"description = {toml_str(w.sentence())}\n"
        f"date = 2024-{month:02d}-{day:02d}\n"
        f"weight = {i + 1}\n"
        "+++\n\n"
    )
    blocks: list[str] = [w.paragraph(4)]

    # Section 1: paragraphs, a bullet list, a sub-heading.
    blocks.append("## Section 1")
    blocks.append(w.paragraph(5))
    blocks.append("\n".join(f"- {w.sentence()}" for _ in range(rng.randint(4, 6))))
    blocks.append(f"### {t['notes']} 1")
    blocks.append(w.paragraph(3))

    # Section 2 (the anchor that internal links target): a table and the internal link.
    blocks.append("## Section 2")
    blocks.append(w.paragraph(3))
    head = t["table_head"]
    rows = ["| " + " | ".join(head) + " |", "|---|---|---|---:|"]
    for r in range(rng.randint(5, 7)):
        rows.append(
            f"| {w.phrase(2)} | {w.phrase(1)} | {rng.choice(t['status'])} | {rng.randint(1_000, 999_999):,} |"
        )
    blocks.append("\n".join(rows))
    target = rng.randrange(n_pages - 1) if n_pages > 1 else 0
    if target >= i and n_pages > 1:
        target += 1  # never link to itself
    link_text = w.phrase(3)
    blocks.append(
        f"{t['see']} [{link_text}](@/{page_path(target, lang)}#section-2) — {w.sentence()}"
    )

    # Section 3: a fenced code block and an ordered list.
    blocks.append("## Section 3")
    blocks.append(w.paragraph(3))
    lang_code, code = CODE_SNIPPETS[i % len(CODE_SNIPPETS)]
    code = code.replace("{a}", str(rng.randint(10, 9999))).replace("{b}", str(rng.randint(10, 9999)))
    blocks.append(f"```{lang_code}\n{code}\n```")
    blocks.append("\n".join(f"{k}. {w.sentence()}" for k in range(1, rng.randint(4, 6))))

    # Further sections of prose until the page is about 8 KB.
    body = "\n\n".join(blocks)
    k = 4
    while len((front + body).encode()) < TARGET_BYTES - 600:
        extra = [f"## Section {k}", w.paragraph(5)]
        if k % 2 == 0:
            extra.append("\n".join(f"- {w.sentence()}" for _ in range(3)))
        body += "\n\n" + "\n\n".join(extra)
        k += 1
    # Top up with one last paragraph, sentence by sentence, to land near the target.
    last: list[str] = []
    while len((front + body).encode()) + len(" ".join(last).encode()) < TARGET_BYTES - 80:
        last.append(w.sentence())
    if last:
        body += "\n\n" + " ".join(last)
    return front + body + "\n"


def gen_section(k: int, lang: str) -> str:
    t = L10N[lang]
    return (
        "+++\n"
        f'title = "{t["section"]} {k}"\n'
        'sort_by = "weight"\n'
        f"weight = {k + 1}\n"
        "+++\n\n"
        f"{t['section_body']}\n"
    )


def gen_home(lang: str) -> str:
    t = L10N[lang]
    return (
        "+++\n"
        f"title = {toml_str(t['home'])}\n"
        'sort_by = "weight"\n'
        "+++\n\n"
        f"{t['home_body']}\n"
    )


# --- Tera templates (cahier and Zola 0.22 read the same ones) -------------------------------

TERA_BASE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
</head>
<body>
<header>
<a href="{{ get_url(path="@/_index.md", lang=lang) }}">{{ config.title }}</a>
{% block toggle %}{% endblock toggle %}
</header>
<nav>{% block nav %}{% endblock nav %}</nav>
<main>
{% block content %}{% endblock content %}
</main>
</body>
</html>
"""

TERA_INDEX = """{% extends "base.html" %}
{% block toggle %}{% for t in section.translations %}{% if t.lang != lang %}<a hreflang="{{ t.lang }}" href="{{ t.permalink }}">{{ t.title }}</a>{% endif %}{% endfor %}{% endblock toggle %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>
{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>
{% endfor %}</ul>
{% endblock content %}
"""

TERA_SECTION = """{% extends "base.html" %}
{% block title %}{{ section.title }} | {{ config.title }}{% endblock title %}
{% block toggle %}{% for t in section.translations %}{% if t.lang != lang %}<a hreflang="{{ t.lang }}" href="{{ t.permalink }}">{{ t.title }}</a>{% endif %}{% endfor %}{% endblock toggle %}
{% block nav %}<ul>
{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>
{% endfor %}</ul>{% endblock nav %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
{% endblock content %}
"""

TERA_PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock title %}
{% block toggle %}{% for t in page.translations %}{% if t.lang != lang %}<a hreflang="{{ t.lang }}" href="{{ t.permalink }}">{{ t.title }}</a>{% endif %}{% endfor %}{% endblock toggle %}
{% block nav %}{% set parent_path = page.ancestors | last %}{% set parent = get_section(path=parent_path, metadata_only=true) %}<a href="{{ parent.permalink }}">{{ parent.title }}</a>
{% if page.lower %}<a rel="prev" href="{{ page.lower.permalink }}">{{ page.lower.title }}</a>{% endif %}
{% if page.higher %}<a rel="next" href="{{ page.higher.permalink }}">{{ page.higher.title }}</a>{% endif %}{% endblock nav %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
</article>
{% endblock content %}
"""

# --- Hugo layouts, equivalent to the templates above ----------------------------------------

HUGO_BASEOF = """<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<title>{{ block "title" . }}{{ site.Title }}{{ end }}</title>
</head>
<body>
<header>
<a href="{{ site.Home.Permalink }}">{{ site.Title }}</a>
{{ range .Translations }}<a hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">{{ .Title }}</a>{{ end }}
</header>
<nav>{{ block "nav" . }}{{ end }}</nav>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

HUGO_INDEX = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Sections }}<li><a href="{{ .Permalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
"""

HUGO_LIST = """{{ define "title" }}{{ .Title }} | {{ site.Title }}{{ end }}
{{ define "nav" }}<ul>
{{ range .Pages }}<li><a href="{{ .Permalink }}">{{ .Title }}</a></li>
{{ end }}</ul>{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ end }}
"""

HUGO_SINGLE = """{{ define "title" }}{{ .Title }} | {{ site.Title }}{{ end }}
{{ define "nav" }}{{ with .CurrentSection }}<a href="{{ .Permalink }}">{{ .Title }}</a>{{ end }}
{{ with .PrevInSection }}<a rel="prev" href="{{ .Permalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="next" href="{{ .Permalink }}">{{ .Title }}</a>{{ end }}{{ end }}
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ .Content }}
</article>
{{ end }}
"""

# Zola's `@/section/page.md#anchor` (and `@/section/page.fr.md#anchor`) links, resolved to the
# page of the current language; anything else is rendered as a plain link.
HUGO_RENDER_LINK = """{{- $dest := .Destination -}}
{{- if hasPrefix $dest "@/" -}}
  {{- $parts := split (strings.TrimPrefix "@/" $dest) "#" -}}
  {{- $path := index $parts 0 | strings.TrimSuffix ".md" | strings.TrimSuffix (printf ".%s" .Page.Language.Lang) -}}
  {{- $target := .Page.Site.GetPage (printf "/%s" $path) -}}
  {{- if not $target -}}{{- errorf "%s: unresolved internal link %q" .Page.File.Path $dest -}}{{- end -}}
  {{- $dest = $target.Permalink -}}
  {{- if gt (len $parts) 1 -}}{{- $dest = printf "%s#%s" $dest (index $parts 1) -}}{{- end -}}
{{- end -}}
<a href="{{ $dest | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>{{ .Text }}</a>
{{- /* trim */ -}}
"""


def cahier_config(search: bool, minify: bool = False) -> str:
    s = "true" if search else "false"
    m = "true" if minify else "false"
    return f"""# cahier benchmark site ({'with' if search else 'without'} search). cahier reads Zola's
# configuration; this file uses the older Zola spelling of the highlighting keys.
base_url = "{BASE_URL}"
title = {toml_str(L10N['en']['site'])}
default_language = "en"
build_search_index = {s}
generate_feeds = false
minify_html = {m}

[markdown]
highlight_code = true
highlight_theme = "base16-ocean-dark"
smart_punctuation = true

[languages.fr]
title = {toml_str(L10N['fr']['site'])}
build_search_index = {s}
"""


def zola_config(search: bool) -> str:
    s = "true" if search else "false"
    return f"""# Zola 0.22 benchmark site ({'with' if search else 'without'} its elasticlunr search index).
base_url = "{BASE_URL}"
title = {toml_str(L10N['en']['site'])}
default_language = "en"
build_search_index = {s}
generate_feeds = false
minify_html = false
compile_sass = false

[markdown]
smart_punctuation = true

[markdown.highlighting]
theme = "github-dark"
style = "class"

[languages.fr]
title = {toml_str(L10N['fr']['site'])}
build_search_index = {s}
"""


def hugo_config() -> str:
    return f"""# Hugo benchmark site: reads the shared content directory; `page.fr.md` is French by
# Hugo's filename-based translation. Default language at the root, French under /fr/, as Zola.
baseURL = "{BASE_URL}/"
title = {toml_str(L10N['en']['site'])}
contentDir = "../content"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = false
disableKinds = ["taxonomy", "term", "rss"]
enableRobotsTXT = true

[languages.en]
weight = 1
title = {toml_str(L10N['en']['site'])}
label = "English"

[languages.fr]
weight = 2
title = {toml_str(L10N['fr']['site'])}
label = "Français"

[markup.highlight]
noClasses = false
codeFences = true
guessSyntax = false

[markup.goldmark.renderer]
unsafe = false
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def symlink(link: Path, target: str) -> None:
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(target)


def link_tree(src: Path, dst: Path) -> None:
    """Hard-links every file of `src` below `dst`: a copy that costs no space. Not a symbolic
    link: cahier refuses links that lead out of the site."""
    if dst.is_symlink():
        dst.unlink()
    for f in src.rglob("*"):
        if f.is_file():
            (dst / f.relative_to(src)).parent.mkdir(parents=True, exist_ok=True)
            os.link(f, dst / f.relative_to(src))


def generate(n_pages: int, out: Path, seed: int) -> dict:
    if out.exists():
        shutil.rmtree(out)
    content = out / "content"
    total_bytes = 0
    write(content / "_index.md", gen_home("en"))
    write(content / "_index.fr.md", gen_home("fr"))
    n_sections = (n_pages + PAGES_PER_SECTION - 1) // PAGES_PER_SECTION
    for k in range(n_sections):
        (content / f"s{k}").mkdir(parents=True, exist_ok=True)
        write(content / f"s{k}" / "_index.md", gen_section(k, "en"))
        write(content / f"s{k}" / "_index.fr.md", gen_section(k, "fr"))
    for i in range(n_pages):
        for lang in ("en", "fr"):
            text = gen_page(i, lang, n_pages, seed)
            total_bytes += len(text.encode())
            (content / page_path(i, lang)).write_text(text, encoding="utf-8")
            withheld = out / "cahier-redacted" / "content" / page_path(i, lang)
            withheld.parent.mkdir(parents=True, exist_ok=True)
            if i % REDACT_EVERY == 3:
                withheld.write_text(redacted(text), encoding="utf-8")
            else:
                os.link(content / page_path(i, lang), withheld)

    tera = {"base.html": TERA_BASE, "index.html": TERA_INDEX,
            "section.html": TERA_SECTION, "page.html": TERA_PAGE}
    for root, cfg in (("cahier", cahier_config(False)), ("cahier-search", cahier_config(True)),
                      ("zola", zola_config(False)), ("zola-search", zola_config(True))):
        write(out / root / "config.toml", cfg)
        for name, text in tera.items():
            write(out / root / "templates" / name, text)
        link_tree(content, out / root / "content")
    write(out / "cahier-redacted" / "config.toml", cahier_config(False))
    for name, text in tera.items():
        write(out / "cahier-redacted" / "templates" / name, text)
    for index in content.rglob("_index*.md"):
        os.link(index, out / "cahier-redacted" / "content" / index.relative_to(content))
    department = out / "cahier-department"
    write(department / "config.toml", cahier_config(True, minify=True))
    for name, text in tera.items():
        write(department / "templates" / name, text)
    link_tree(out / "cahier-redacted" / "content", department / "content")

    hugo = out / "hugo"
    write(hugo / "hugo.toml", hugo_config())
    layouts = hugo / "layouts"
    write(layouts / "_default" / "baseof.html", HUGO_BASEOF)
    write(layouts / "_default" / "single.html", HUGO_SINGLE)
    write(layouts / "_default" / "list.html", HUGO_LIST)
    write(layouts / "index.html", HUGO_INDEX)
    write(layouts / "_default" / "_markup" / "render-link.html", HUGO_RENDER_LINK)
    symlink(hugo / "content", "../content")  # for people browsing the tree; Hugo uses contentDir

    return {"pages_per_lang": n_pages, "sections": n_sections, "markdown_bytes": total_bytes}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, required=True, help="pages per language")
    ap.add_argument("--out", type=Path, required=True, help="directory to (re)create")
    ap.add_argument("--seed", type=int, default=20240, help="random seed (default: 20240)")
    args = ap.parse_args(argv)
    if args.pages < 1:
        ap.error("--pages must be at least 1")
    info = generate(args.pages, args.out, args.seed)
    avg = info["markdown_bytes"] / (2 * args.pages)
    print(f"gen_site: {args.pages} pages/lang in {info['sections']} sections, "
          f"{info['markdown_bytes'] / 2**20:.1f} MiB of Markdown (avg {avg / 1024:.1f} KiB/page) -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
