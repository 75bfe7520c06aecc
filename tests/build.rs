//! Integration tests: build fixture sites and check their output.

mod common;

use common::Fixture;

#[test]
fn builds_every_output_of_a_zola_layout_site() {
    let f = Fixture::new("basic");
    f.build_ok();
    insta::assert_snapshot!("basic_files", f.files().join("\n"));
}

#[test]
fn translations_use_their_own_slugs_and_link_to_each_other() {
    let f = Fixture::new("basic");
    f.build_ok();
    let first = f.read("docs/first/index.html");
    assert!(first.contains(r#"hreflang="fr" href="https://example.org/fr/documents/premier/""#), "{first}");
    let premier = f.read("fr/documents/premier/index.html");
    assert!(premier.contains(r#"<html lang="fr">"#));
    assert!(premier.contains(r#"href="https://example.org/fr/documents/second/#deuxieme-partie""#), "{premier}");
}

#[test]
fn pages_get_zola_context_neighbours_summary_and_shortcodes() {
    let f = Fixture::new("basic");
    f.build_ok();
    // The whole page: neighbours, the summary, `config.extra`, a localized date, an HTML
    // shortcode, a Markdown shortcode with a body, an escaped shortcode, highlighting.
    insta::assert_snapshot!("basic_docs_first", f.read("docs/first/index.html"));
    insta::assert_snapshot!("basic_fr_docs_first", f.read("fr/documents/premier/index.html"));
}

#[test]
fn sitemap_lists_every_translation_as_an_alternate() {
    let f = Fixture::new("basic");
    f.build_ok();
    let sitemap = f.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/docs/first/</loc>"), "{sitemap}");
    assert!(
        sitemap.contains(
            r#"<xhtml:link rel="alternate" hreflang="fr" href="https://example.org/fr/documents/premier/"/>"#
        )
    );
    assert!(sitemap.contains(r#"<xhtml:link rel="alternate" hreflang="en" href="https://example.org/docs/first/"/>"#));
    assert!(!sitemap.contains("draft"), "drafts are not published");
    let locs: Vec<&str> = sitemap.lines().filter(|l| l.contains("<loc>")).collect();
    let mut sorted = locs.clone();
    sorted.sort();
    assert_eq!(locs, sorted, "the sitemap is sorted");
}

#[test]
fn feeds_are_per_language_newest_first() {
    let f = Fixture::new("basic");
    f.build_ok();
    let en = f.read("atom.xml");
    let fr = f.read("fr/atom.xml");
    let third = en.find("<title>Third</title>").unwrap();
    let first = en.find("<title>First</title>").unwrap();
    assert!(third < first, "newest first");
    assert!(fr.contains("<title>Premier</title>") && !fr.contains("<title>Third</title>"));
    assert!(fr.contains(r#"xml:lang="fr""#));
}

#[test]
fn aliases_redirect_and_assets_are_copied() {
    let f = Fixture::new("basic");
    f.build_ok();
    let alias = f.read("old-first/index.html");
    assert!(
        alias.contains(r#"<meta http-equiv="refresh" content="0; url=https://example.org/docs/first/">"#),
        "{alias}"
    );
    assert_eq!(f.read("docs/bundle/picture.txt"), "pretend image\n");
    assert_eq!(f.read("site.css"), "body { color: black }\n");
}

#[test]
fn pagination_splits_a_section() {
    let f = Fixture::new("basic");
    f.build_ok();
    assert!(f.read("docs/index.html").contains("<p class=\"pager\">1/2</p>"));
    assert!(f.read("docs/page/2/index.html").contains("<p class=\"pager\">2/2</p>"));
}

#[test]
fn drafts_only_with_the_option() {
    let f = Fixture::new("basic");
    f.build_ok();
    assert!(!f.out().join("docs/draft/index.html").exists());
    let mut opts = f.options(cahier::redact::Mode::Public);
    opts.drafts = true;
    cahier::build::build(&opts).unwrap();
    assert!(f.out().join("docs/draft/index.html").exists());
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let f = Fixture::new("basic");
    f.build_ok();
    let first: Vec<(String, Vec<u8>)> = f
        .files()
        .into_iter()
        .map(|p| {
            let b = std::fs::read(f.out().join(&p)).unwrap();
            (p, b)
        })
        .collect();
    let mut opts = f.options(cahier::redact::Mode::Public);
    let other = f.dir.path().join("again");
    opts.output_dir = Some(other.clone());
    cahier::build::build(&opts).unwrap();
    let second: Vec<(String, Vec<u8>)> = common::list(&other)
        .into_iter()
        .map(|p| {
            let b = std::fs::read(other.join(&p)).unwrap();
            (p, b)
        })
        .collect();
    assert_eq!(first.len(), second.len());
    for ((pa, a), (pb, b)) in first.iter().zip(&second) {
        assert_eq!(pa, pb);
        assert!(a == b, "{pa} differs between two builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let f = Fixture::new("basic");
    f.build_ok();
    let before = f.read("docs/first/index.html");
    f.write("content/docs/first.md", "+++\ntitle = \"First\"\ndate = \"not a date\"\n+++\nChanged text.\n");
    let err = f.build_err();
    assert!(err.contains("content/docs/first.md:3:8: error: invalid front matter"), "{err}");
    assert_eq!(f.read("docs/first/index.html"), before);
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn unchanged_files_are_not_rewritten() {
    use std::os::unix::fs::MetadataExt;
    let f = Fixture::new("basic");
    f.build_ok();
    let ino = |p: &str| std::fs::metadata(f.out().join(p)).unwrap().ino();
    let (second, third) = (ino("docs/second/index.html"), ino("docs/third/index.html"));
    f.write("content/docs/third.md", "+++\ntitle = \"Third\"\ndate = 2024-03-01\n+++\nEdited.\n");
    f.build_ok();
    assert_eq!(ino("docs/second/index.html"), second, "an unchanged page keeps its file");
    assert_ne!(ino("docs/third/index.html"), third, "a changed page is rewritten");
    assert!(f.read("docs/third/index.html").contains("Edited."));
}

#[test]
fn a_site_without_templates_uses_the_built_in_theme() {
    let f = Fixture::new("basic");
    std::fs::remove_dir_all(f.root().join("templates")).unwrap();
    f.write("templates/shortcodes/badge.html", "<span>{{ text }}</span>");
    f.write("templates/shortcodes/note.md", "{{ body }}");
    f.build_ok();
    let page = f.read("docs/first/index.html");
    assert!(page.contains("<main"), "the built-in theme has a main landmark");
    assert!(page.contains("cahier.css"));
    assert!(f.out().join("fr/404.html").exists() && f.out().join("404.html").exists());
}

#[test]
fn an_internal_build_never_writes_into_the_public_folder() {
    let f = Fixture::new("basic");
    let mut opts = f.options(cahier::redact::Mode::Internal);
    let report = cahier::build::build(&opts).unwrap();
    assert_eq!(report.output_dir, f.root().join("public-internal"));
    opts.output_dir = Some(f.out());
    match cahier::build::build(&opts) {
        Err(cahier::build::Failure::Io(e)) => {
            assert!(e.to_string().contains("cannot write into the public output folder"), "{e}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(!f.out().exists());
}

/// Regression: a site with its own minimal `base.html` and no `404.html` failed, because the
/// built-in 404 extended the site's `base.html` and missed the built-in layout's variables.
#[test]
fn built_in_pages_keep_their_own_layout_when_a_site_brings_base_html() {
    let f = Fixture::new("basic");
    f.write("templates/base.html", "<html><body>{% block content %}{% endblock content %}</body></html>");
    f.build_ok();
    let not_found = f.read("404.html");
    assert!(not_found.contains("<main"), "the built-in 404 keeps the built-in layout: {not_found}");
    assert!(f.out().join("docs/index.html").exists());
    assert!(!f.out().join("docs/print").exists(), "no print page in a layout that does not have one");
    f.write("templates/binder_print.html", "{% extends \"cahier/templates/binder_print.html\" %}");
    f.build_ok();
    let print = f.read("docs/print/index.html");
    assert!(print.starts_with("<html><body>"), "a site opts in with its own binder_print.html, in its layout: {print}");
}

#[test]
fn sitemap_and_feeds_snapshots() {
    let f = Fixture::new("basic");
    f.build_ok();
    insta::assert_snapshot!("basic_sitemap", f.read("sitemap.xml"));
    insta::assert_snapshot!("basic_feed_fr", f.read("fr/atom.xml"));
    insta::assert_snapshot!("basic_robots", f.read("robots.txt"));
}

#[test]
fn minify_html_shrinks_pages_and_keeps_their_text() {
    let f = Fixture::new("basic");
    f.build_ok();
    let plain = f.read("docs/first/index.html");
    let config = std::fs::read_to_string(f.root().join("config.toml")).unwrap();
    f.write(
        "config.toml",
        &config.replacen("generate_feeds = true\n", "minify_html = true\ngenerate_feeds = true\n", 1),
    );
    f.build_ok();
    let small = f.read("docs/first/index.html");
    assert!(small.len() < plain.len(), "{} >= {}", small.len(), plain.len());
    assert!(small.contains("Intro paragraph.") && !small.contains("\n<p class=\"meta\">"), "{small}");
}

#[test]
fn an_untranslated_page_toggles_to_a_notice_a_section_or_fails_as_configured() {
    let f = Fixture::new("site");
    f.build_ok();
    let page = "fr/mobilisation-internationale/programme-4-3/index.html";
    assert!(
        f.read(page)
            .replace("&#x2F;", "/")
            .contains(r#"href="/en/not-translated/mobilisation-internationale/programme-4-3/""#)
    );
    let notice =
        f.read("en/not-translated/mobilisation-internationale/programme-4-3/index.html").replace("&#x2F;", "/");
    assert!(notice.contains(r#"href="/fr/mobilisation-internationale/programme-4-3/""#), "links to the original");

    let config = std::fs::read_to_string(f.root().join("config.toml")).unwrap();
    f.write("config.toml", &config.replace("missing_translation = \"notice\"", "missing_translation = \"section\""));
    f.build_ok();
    assert!(
        f.read(page).replace("&#x2F;", "/").contains(r#"href="/en/international/""#),
        "the nearest translated section"
    );
    assert!(!f.out().join("en/not-translated").exists());

    f.write("config.toml", &config.replace("missing_translation = \"notice\"", "missing_translation = \"error\""));
    let err = f.build_err();
    assert!(
        err.contains("content/international/program-4-3.fr.md: error: this page has no `en` version, and config.toml says `missing_translation = \"error\"`"),
        "{err}"
    );
}

#[test]
fn a_template_syntax_error_names_its_file() {
    let f = Fixture::new("basic");
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.title {% endblock content %}",
    );
    let err = f.build_err();
    assert!(err.contains("templates/page.html:1:59: error: template syntax error: expected "), "{err}");
    // A render error names the page being rendered and the template's file.
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.nope.x }}{% endblock content %}",
    );
    let err = f.build_err();
    assert!(err.contains("content/docs/first.md: error: cannot render it with templates/page.html: "), "{err}");
    assert!(err.contains("page.nope.x"), "{err}");
    f.write("templates/page.html", "{% extends \"nowhere.html\" %}");
    let err = f.build_err();
    assert!(err.contains("nowhere.html"), "a missing parent is named: {err}");
}

/// A template, a `load_data` file, a site's UI strings or the configuration saved in
/// Windows-1252 is an error at its first accent, saying to save it as UTF-8.
#[test]
fn files_that_are_not_utf8_are_errors_at_their_first_bad_byte() {
    let f = Fixture::new("basic");
    let latin1 = |rel: &str, text: &str| {
        let bytes: Vec<u8> = text.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect();
        std::fs::write(f.root().join(rel), bytes).unwrap();
    };
    latin1("templates/page.html", "{% extends \"base.html\" %}\n{# Café #}\n");
    let err = f.build_err();
    assert!(
        err.contains("templates/page.html:2:7: error: the file is not UTF-8 (byte 0xE9): save it as UTF-8"),
        "{err}"
    );
    f.write("templates/page.html", "{{ load_data(path=\"data.csv\") | length }}");
    latin1("data.csv", "a,b\nCafé,1\n");
    let err = f.build_err();
    assert!(err.contains("`load_data`: data.csv:2:4: the file is not UTF-8 (byte 0xE9)"), "{err}");
    f.write("templates/page.html", "{{ page.title }}");
    f.write("i18n/fr.toml", "");
    latin1("i18n/fr.toml", "redacted = \"[Caviardé]\"\n");
    let err = f.build_err();
    assert!(err.contains("i18n/fr.toml:1:21: error: the file is not UTF-8 (byte 0xE9)"), "{err}");
    std::fs::remove_file(f.root().join("i18n/fr.toml")).unwrap();
    let config = std::fs::read_to_string(f.root().join("config.toml")).unwrap();
    latin1("config.toml", &format!("{config}\n# Café\n"));
    let err = f.build_err();
    let line = config.lines().count() + 2;
    assert!(err.contains(&format!("config.toml:{line}:6: error: the file is not UTF-8")), "{err}");
}

/// `get_section(metadata_only=true)` gives what Zola's does: the section with its content and
/// subsections, and no pages.
#[test]
fn get_section_metadata_only_has_content_and_subsections_but_no_pages() {
    let f = Fixture::new("basic");
    f.write(
        "templates/page.html",
        r#"{% set s = get_section(path="_index.md", lang=lang, metadata_only=true) %}{{ s.title }}|{{ s.pages | length }}|{{ s.subsections | join(sep=",") | safe }}|{{ s.content | safe }}"#,
    );
    f.build_ok();
    assert_eq!(f.read("docs/first/index.html").trim(), "Home|0|docs/_index.md|<p>Welcome.</p>");
}

/// `get_section_pages`, cahier's: a section's pages in its order, as links without content (what
/// the built-in theme's tables of contents use).
#[test]
fn get_section_pages_lists_a_sections_pages_as_links() {
    let f = Fixture::new("basic");
    f.write(
        "templates/page.html",
        r#"{% set s = get_section(path="docs/_index.md", lang=lang) %}{{ s.title }} {{ s.pages | length }}
{% for p in get_section_pages(path="docs/_index.md", lang=lang) %}{{ p | json_encode() | safe }}
{% endfor %}"#,
    );
    f.build_ok();
    let first = f.read("docs/first/index.html");
    let want = [
        "Docs 4",
        r#"{"lang":"en","path":"/docs/third/","permalink":"https://example.org/docs/third/","relative_path":"docs/third.md","title":"Third"}"#,
    ];
    assert_eq!(first.lines().take(2).collect::<Vec<_>>(), want, "{first}");
    assert_eq!(first.lines().count(), 5, "the four pages of docs/, drafts left out: {first}");
    let premier = f.read("fr/documents/premier/index.html");
    assert!(premier.contains(r#""relative_path":"docs/first.fr.md","title":"Premier""#), "{premier}");
}

/// A page's whole markup, from a site written as strings: the redacted span is the
/// placeholder, headings get their ids, `@/` links their URL in the page's language.
#[test]
fn a_public_page_from_strings_matches_its_snapshot() {
    let site = common::SiteBuilder::new()
        .file("templates/page.html", "<main lang=\"{{ lang }}\">{{ page.content | safe }}</main>")
        .page("docs/a.md", "+++\ntitle = \"A\"\n+++\n## Étape 1\n\nVoir [B](@/docs/b.md) {% redact(s=\"15(1)\") %}Zanzibar{% end %}.\n")
        .page("docs/b.md", "+++\ntitle = \"B\"\n+++\nB.\n")
        .build(cahier::redact::Mode::Public);
    insta::assert_snapshot!(site.read("docs/a/index.html"));
}
