//! Zola 0.23 sites (issue 23): Tera 2, components called from templates and from content,
//! `{% raw %}`, the 0.23 arguments of `get_page`, `get_section` and `get_taxonomy_url`, and
//! redaction in templated content. `tests/fixtures/zola23-plain` reproduces, in small, what
//! Zola's 0.23 test sites and docs needed; `tests/fixtures/zola23-expected` holds what
//! Zola 0.23 writes for it.

mod common;

use cahier::redact::Mode;
use common::{Fixture, SiteBuilder};

const EXPECTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/zola23-expected");

#[test]
fn a_zola_023_site_gets_the_pages_zola_023_writes() {
    let f = Fixture::new("zola23-plain");
    f.build_ok();
    for page in ["index.html", "blog/first/index.html", "fr/blog/first/index.html", "404.html", "robots.txt"] {
        let want = std::fs::read_to_string(format!("{EXPECTED}/{page}")).unwrap();
        assert_eq!(f.read(page), want, "{page}");
    }
    let files = f.files();
    for want in ["blog/second/index.html", "fr/index.html", "tags/rust/index.html", "fr/tags/rust/index.html"] {
        assert!(files.contains(&want.to_string()), "{want} missing from {files:#?}");
    }
    // Text without a template tag is not templated: its braces stay.
    assert!(f.read("blog/second/index.html").contains("Plain Markdown, no template tags: { braces } stay."));
}

#[test]
fn the_build_says_which_generation_it_chose_and_why() {
    let f = Fixture::new("zola23-plain");
    let out = assert_cmd::Command::cargo_bin("cahier")
        .unwrap()
        .arg("--root")
        .arg(f.root())
        .args(["build", "--output-dir"])
        .arg(f.out())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let first = stderr.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "templates: Zola 0.23 (Tera 2, components, templated content), because templates/components.html defines Tera 2 components"
    );
    // The setting wins, and a Zola 0.22 site is told so too.
    f.write(
        "zola.toml",
        &format!("{}\n[zola]\nversion = \"0.22\"\n", std::fs::read_to_string(f.root().join("zola.toml")).unwrap()),
    );
    let out =
        assert_cmd::Command::cargo_bin("cahier").unwrap().arg("--root").arg(f.root()).arg("build").assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with(
            "templates: Zola 0.22 (Tera 1, shortcodes and macros), because zola.toml says `[zola] version = \"0.22\"`"
        ),
        "{stderr}"
    );
}

/// The fixture with `page` added as `content/blog/secret.md`, built in `mode`.
fn with_page(page: &str, mode: Mode) -> cahier::testing::Built {
    SiteBuilder::fixture("zola23-plain").page("blog/secret.md", page).build(mode)
}

/// A page whose redacted texts reach components and filters called from its content: as an
/// argument, as a component's body, through `page.title`.
const SECRET_PAGE: &str = "+++\ntitle = \"Memo {% redact(s=\\\"15(1)\\\") %}zqsecret-delta{% end %}\"\n+++\n\
    Before {% redact(s=\"15(1)\") %}zqsecret-alpha{% end %} after.\n\n\
    {% <note kind=\"x\"> %}inside {% redact(s=\"15(1)\") %}zqsecret-beta{% end %}{% </note> %}\n\n\
    {{ <echo text=\"arg {% redact(s='15(1)') %}zqsecret-gamma{% end %}\" /> }}\n\n\
    {{ <echo text={page.title | upper} /> }}\n";

#[test]
fn no_component_or_function_called_from_content_sees_a_redacted_text_in_a_public_build() {
    let site = with_page(SECRET_PAGE, Mode::Public);
    let html = site.read("blog/secret/index.html");
    let placeholder = "<span class=\"redacted\">[Redacted]</span>";
    assert!(html.contains(&format!("<aside class=\"note x\">inside {placeholder}</aside>")), "{html}");
    assert!(html.contains(&format!("Before {placeholder} after.")), "{html}");
    // The component and the filter saw the texts as redaction left them.
    assert!(html.contains(&format!("<pre class=\"echo\">arg {placeholder}</pre>")), "{html}");
    assert!(html.contains("<pre class=\"echo\">MEMO [REDACTED]</pre>"), "{html}");
    for file in common::list(&site.out) {
        let bytes = std::fs::read(site.out.join(&file)).unwrap();
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(!text.contains("zqsecret"), "{file} holds a redacted text");
    }
}

#[test]
fn an_internal_build_shows_the_redacted_text_to_reviewers() {
    let site = with_page(SECRET_PAGE, Mode::Internal);
    let html = site.read("blog/secret/index.html");
    for secret in ["zqsecret-alpha", "zqsecret-beta", "zqsecret-gamma"] {
        assert!(html.contains(secret), "{secret} missing from {html}");
    }
}

#[test]
fn a_content_file_with_a_marker_cannot_be_read_from_content() {
    let page = "+++\ntitle = \"Reader\"\n+++\n{{ load_data(path=\"content/blog/first.fr.md\") }}\n";
    let marked = "+++\ntitle = \"M\"\n+++\n{% redact(s=\"15(1)\") %}zqsecret-gamma{% end %}\n";
    let site = SiteBuilder::fixture("zola23-plain").page("blog/marked.md", marked).page("blog/secret.md", page);
    let site = site.page("blog/secret.md", &page.replace("first.fr.md", "marked.md")).build(Mode::Public);
    let failure = site.failure();
    assert!(failure.contains("content/blog/secret.md:4:4: error: content template failed to render"), "{failure}");
    assert!(!failure.contains("zqsecret"), "{failure}");
}

#[test]
fn a_malformed_marker_fails_the_build_at_its_place() {
    let page = "+++\ntitle = \"Memo\"\n+++\nFine.\n\n{{ <pirate name=\"x\" /> }} {% redact(s=\"15(1)\") %}zqsecret never closed\n";
    let failure = with_page(page, Mode::Public).failure();
    assert!(failure.contains("content/blog/secret.md:6:"), "{failure}");
    assert!(!failure.contains("zqsecret"), "{failure}");
}

#[test]
fn the_marker_escape_prints_the_marker_in_a_zola_023_site() {
    let page = "+++\ntitle = \"How to\"\n+++\nWrite `{%/* redact(s=\"15(1)\") */%}text{%/* end */%}`.\n";
    let html = with_page(page, Mode::Public).read("blog/secret/index.html");
    assert!(html.contains("<code>{% redact(s=\"15(1)\") %}text{% end %}</code>"), "{html}");
}

#[test]
fn a_component_that_makes_a_marker_is_refused() {
    let component = "{% component mark() %}{{ \"{% red\" ~ \"act(s='15(1)') %}\" }}{% endcomponent mark %}";
    let site = SiteBuilder::fixture("zola23-plain")
        .file("templates/marker.html", component)
        .page("blog/secret.md", "+++\ntitle = \"M\"\n+++\n{{ <mark /> }}\n")
        .build(Mode::Public);
    let failure = site.failure();
    assert!(
        failure.contains("content/blog/secret.md:4:1: error: a template in the content made a redaction marker"),
        "{failure}"
    );
}

#[test]
fn a_content_template_error_names_the_file_line_and_column() {
    let page = "+++\ntitle = \"Bad\"\n+++\nLine one.\n\nThen {{ <unknown_component /> }}.\n";
    let failure = with_page(page, Mode::Public).failure();
    assert!(failure.contains("content/blog/secret.md:6:"), "{failure}");
    assert!(failure.contains("unknown_component"), "{failure}");
}

#[test]
fn the_builtin_theme_builds_a_zola_023_site_with_its_lang_component() {
    let config = format!("{}[zola]\nversion = \"0.23\"\n", cahier::testing::DEFAULT_CONFIG);
    let page = "+++\ntitle = \"Forum\"\n+++\nLe Forum ({% <lang code=\"en\"> %}Global *Forum*{% </lang> %}) {{ lang }}.\n\n\
        {% <lang code=\"en\"> %}\n### Global Forum\n\nA paragraph.\n{% </lang> %}\n";
    let site = SiteBuilder::new()
        .config(&config)
        .page("docs/_index.md", "+++\ntitle = \"Docs\"\n+++\n")
        .page("docs/a.md", page);
    let site = site.page("docs/a.fr.md", &page.replace("Forum\"", "Forum FR\"")).build(Mode::Public);
    let html = site.read("fr/docs/a/index.html");
    assert!(html.contains("<span lang=\"en\" data-pagefind-ignore>Global <em>Forum</em></span>) fr."), "{html}");
    assert!(html.contains("<div lang=\"en\" class=\"other-language\" data-pagefind-ignore>"), "{html}");
    assert!(html.contains("id=\"global-forum\""), "{html}");
    // The same site as a Zola 0.22 site, with the shortcode.
    let page22 = "+++\ntitle = \"Forum\"\n+++\nLe Forum ({% lang(code=\"en\") %}Global *Forum*{% end %}).\n";
    let site = SiteBuilder::new()
        .page("docs/_index.md", "+++\ntitle = \"Docs\"\n+++\n")
        .page("docs/a.md", page22)
        .build(Mode::Public);
    assert!(
        site.read("docs/a/index.html").contains("<span lang=\"en\" data-pagefind-ignore>Global <em>Forum</em></span>")
    );
}

#[test]
fn a_file_skip_content_templating_names_is_not_templated() {
    let fixture = format!("{}/tests/fixtures/zola23-plain/zola.toml", env!("CARGO_MANIFEST_DIR"));
    let config = std::fs::read_to_string(fixture).unwrap();
    let skipping = config.replacen("taxonomies", "skip_content_templating = [\"blog/tera-*\"]\ntaxonomies", 1);
    let page = "+++\ntitle = \"Tera\"\n+++\nWrite `{{ page.title }}` and {% if x %}.\n";
    let site = SiteBuilder::fixture("zola23-plain").file("zola.toml", &skipping).page("blog/tera-syntax.md", page);
    let html = site.build(Mode::Public).read("blog/tera-syntax/index.html");
    assert!(html.contains("<code>{{ page.title }}</code> and {% if x %}."), "{html}");
    // Without the setting, the same page is a template, and a broken one.
    let site = SiteBuilder::fixture("zola23-plain").file("zola.toml", &config).page("blog/tera-syntax.md", page);
    let failure = site.build(Mode::Public).failure();
    assert!(failure.contains("content/blog/tera-syntax.md:5:1: error: content template failed to render"), "{failure}");
}

#[test]
fn content_looks_up_pages_and_taxonomies_but_not_a_withheld_page() {
    let page = "+++\ntitle = \"Links\"\n+++\n{% set p = get_page(path=\"blog/first.md\", lang=\"fr\") %}\
        {{ p.title }} | {{ get_taxonomy_url(kind=\"tags\", term=\"Rust\") }}\n";
    let hidden = "+++\ntitle = \"zqsecret title\"\n[extra]\nwithheld = \"15(1)\"\n+++\nzqsecret body.\n";
    let site = SiteBuilder::fixture("zola23-plain").page("blog/hidden.md", hidden).page("blog/links.md", page);
    let html = site.build(Mode::Public).read("blog/links/index.html");
    assert!(html.contains("Premier billet | https://example.org/tags/rust/"), "{html}");
    let reader = "+++\ntitle = \"Reader\"\n+++\n{% set p = get_page(path=\"blog/hidden.md\") %}{{ p.title }} {{ p.raw_content }}\n";
    let site = SiteBuilder::fixture("zola23-plain").page("blog/hidden.md", hidden).page("blog/links.md", reader);
    let failure = site.build(Mode::Public).failure();
    assert!(failure.contains("content/blog/links.md:4:"), "{failure}");
    assert!(failure.contains("there is no page `blog/hidden.md`"), "{failure}");
    assert!(!failure.contains("zqsecret"), "{failure}");
}

#[test]
fn a_raw_block_does_not_keep_a_redacted_text_from_redaction() {
    let page =
        "+++\ntitle = \"Raw\"\n+++\n{% raw %}{{ x }} {% redact(s=\"15(1)\") %}zqsecret-raw{% end %}{% endraw %}\n";
    let site = with_page(page, Mode::Public);
    let html = site.read("blog/secret/index.html");
    assert!(html.contains("{{ x }} <span class=\"redacted\">[Redacted]</span>"), "{html}");
    assert!(!html.contains("zqsecret"), "{html}");
}

#[test]
fn serve_says_which_generation_it_chose_too() {
    let f = Fixture::new("zola23-plain");
    let (mut child, lines) = common::spawn_serve(&f.root(), &[]);
    let first = lines.recv_timeout(std::time::Duration::from_secs(60));
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        first.as_deref(),
        Ok(
            "templates: Zola 0.23 (Tera 2, components, templated content), because templates/components.html defines Tera 2 components"
        )
    );
}

#[test]
fn get_page_takes_the_canonical_path_and_the_templates_lang_as_zola_023_does() {
    let page = "+++\ntitle = \"L\"\n+++\n{% set own = get_page(path=\"blog/first.md\") %}\
        {% set en = get_page(path=\"blog/first.fr.md\", lang=\"en\") %}\
        {% set missing = get_page(path=\"blog/nowhere.md\", allow_missing=true) %}\
        {% set blog = get_section(path=\"blog/_index.md\") %}\
        {{ own.title }} | {{ en.title }} | {{ missing is none }} | {{ blog.title }}\n";
    let site = SiteBuilder::fixture("zola23-plain").page("blog/lookup.md", page).page("blog/lookup.fr.md", page);
    let site = site.build(Mode::Public);
    assert!(site.read("blog/lookup/index.html").contains("First post | First post | true | Blog"));
    assert!(site.read("fr/blog/lookup/index.html").contains("Premier billet | First post | true | Blogue"));
}

#[test]
fn a_pages_assets_are_named_by_its_folder_below_content_whatever_its_slug_or_language() {
    // As Zola (0.22 and 0.23) names them, which is what `resize_image` and
    // `get_image_metadata` look up: a translation or a slug does not change them.
    let page = "+++\ntitle = \"G\"\nslug = \"pictures\"\n+++\n{{ page.assets | join(sep=\",\") }} \
        {% set m = get_image_metadata(path=page.assets[0]) %}{{ m.width }}x{{ m.height }}\n";
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"30\"></svg>";
    let site = SiteBuilder::fixture("zola23-plain")
        .page("blog/gallery/index.md", page)
        .page("blog/gallery/index.fr.md", &page.replace("slug = \"pictures\"\n", ""))
        .file("content/blog/gallery/shot.svg", svg)
        .build(Mode::Public);
    assert!(site.read("blog/pictures/index.html").contains("/blog/gallery/shot.svg 40x30"));
    assert!(site.read("fr/blog/gallery/index.html").contains("/blog/gallery/shot.svg 40x30"));
}

#[test]
fn a_single_terms_pages_have_their_content_as_in_zola() {
    // abridge's series navigation finds the page being rendered among its term's pages by
    // comparing `content`.
    let page = "{% extends \"base.html\" %}{% block content %}\
        {% set t = get_taxonomy_term(kind=\"tags\", term=\"Rust\", lang=lang) %}\
        {% for p in t.pages %}{% if p.content == page.content %}[this one]{% endif %}{% endfor %}{% endblock content %}";
    let single = "{% for p in term.pages %}<div>{{ p.content | safe }}</div>{% endfor %}";
    let site = SiteBuilder::fixture("zola23-plain")
        .file("templates/page.html", page)
        .file("templates/taxonomy_single.html", single)
        .build(Mode::Public);
    assert!(site.read("blog/first/index.html").contains("[this one]"));
    assert!(site.read("fr/blog/first/index.html").contains("[this one]"));
    assert!(site.read("tags/rust/index.html").contains("<div><h1 id=\"first-post\">First post</h1>"));
}

#[test]
fn replace_with_a_components_output_keeps_the_text_as_it_is_as_in_zola_023() {
    // linkita's footer: a Markdown string with entities and tags, a link from a component put
    // in with `replace`, then `markdown | safe`.
    let index = "{% extends \"base.html\" %}{% block content %}\
        {% set link = <nav.link href=\"https://example.org/l\" label=\"x\" /> %}\
        {% set c = \"&copy; <time>2020</time> [CC]($URL)\" | replace(from=\"$URL\", to=link) %}\
        <footer>{{ c | markdown(inline=true) | safe }}</footer>{% endblock content %}";
    let site = SiteBuilder::fixture("zola23-plain").file("templates/index.html", index).build(Mode::Public);
    let html = site.read("index.html");
    assert!(html.contains("<footer>© <time>2020</time> [CC](<a class=\"nav\""), "{html}");
}

#[test]
fn a_footnote_reference_reads_bracketed_as_in_zola_023() {
    let config = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/zola23-plain/zola.toml"))
        .unwrap()
        .replacen("[extra]", "[markdown]\nbottom_footnotes = true\n\n[extra]", 1);
    let page = "+++\ntitle = \"Notes\"\n+++\nA claim[^src].\n\n[^src]: A source.\n";
    let site = SiteBuilder::fixture("zola23-plain").file("zola.toml", &config).page("blog/notes.md", page);
    let html = site.build(Mode::Public).read("blog/notes/index.html");
    assert!(html.contains("<a href=\"#fn-src\">[1]</a></sup>"), "{html}");
}

#[test]
fn reading_time_is_counted_at_zola_023s_rate_for_the_pages_language() {
    let words = "word ".repeat(201);
    let page = format!("+++\ntitle = \"Long\"\n+++\n{words}\n");
    let template = "{{ page.word_count }} words, {{ page.reading_time }} min";
    let site = SiteBuilder::fixture("zola23-plain")
        .file("templates/page.html", template)
        .page("blog/long.md", &page)
        .page("blog/long.fr.md", &page)
        .build(Mode::Public);
    // English at 238 words a minute, French at 200.
    assert_eq!(site.read("blog/long/index.html"), "201 words, 1 min");
    assert_eq!(site.read("fr/blog/long/index.html"), "201 words, 2 min");
}

#[test]
fn text_direction_names_each_languages_direction() {
    let template = r#"<html dir="{{ text_direction() }}">{{ text_direction(lang="he") }} {{ text_direction(lang="fa-IR") }} {{ text_direction(lang="mn") }}"#;
    let site = SiteBuilder::new()
        .config(
            "base_url = \"https://example.org\"\ndefault_language = \"en\"\n[languages.ar]\ntitle = \"ع\"\n[extra.cahier]\nzola = \"0.23\"\n",
        )
        .file("templates/index.html", template)
        .file("templates/section.html", "")
        .file("templates/page.html", "")
        .page("_index.md", "+++\ntitle = \"Home\"\n+++\n")
        .page("_index.ar.md", "+++\ntitle = \"الرئيسية\"\n+++\n")
        .build(Mode::Public);
    // The template's language by default, as Zola 0.23 does.
    assert_eq!(site.read("index.html"), r#"<html dir="ltr">rtl rtl ltr"#);
    assert_eq!(site.read("ar/index.html"), r#"<html dir="rtl">rtl rtl ltr"#);
    let bad = SiteBuilder::new()
        .config("base_url = \"https://example.org\"\n[extra.cahier]\nzola = \"0.23\"\n")
        .file("templates/index.html", r#"{{ text_direction(lang="12") }}"#)
        .file("templates/section.html", "")
        .file("templates/page.html", "")
        .page("_index.md", "+++\ntitle = \"Home\"\n+++\n")
        .write()
        .build_err();
    assert!(bad.contains("`text_direction`: `12` is not a language tag"), "{bad}");
}

#[test]
fn zola_023s_contrib_filters_and_tests_work_and_chance_is_the_same_each_build() {
    let template = r#"{{ 3.14159 | format(spec=".2") }}|{{ 42 | format(spec="05") }}|{% if "2024-01-01" is before(other="2024-06-01") %}before{% endif %}|{% if page_date is after(other="2024-06-01", inclusive=true) %}after{% endif %}|{{ get_random(start=1, end=1000) }}|{{ [1, 2, 3, 4, 5, 6, 7, 8] | shuffle | join(sep=",") }}|{{ get_random(start=1, end=1000, seed="x") }}"#;
    let build = || {
        SiteBuilder::new()
            .config("base_url = \"https://example.org\"\n[extra.cahier]\nzola = \"0.23\"\n")
            .file("templates/index.html", &format!("{{% set page_date = \"2024-06-01T00:00:00Z\" %}}{template}"))
            .file("templates/section.html", "")
            .file("templates/page.html", "")
            .page("_index.md", "+++\ntitle = \"Home\"\n+++\n")
            .build(Mode::Public)
            .read("index.html")
    };
    let first = build();
    let parts: Vec<&str> = first.split('|').collect();
    assert_eq!(parts[..4], ["3.14", "00042", "before", "after"], "{first}");
    let n: u32 = parts[4].parse().unwrap();
    assert!((1..1000).contains(&n), "{first}");
    let mut shuffled: Vec<u32> = parts[5].split(',').map(|x| x.parse().unwrap()).collect();
    shuffled.sort_unstable();
    assert_eq!(shuffled, (1..=8).collect::<Vec<_>>(), "a shuffle keeps every item: {first}");
    assert_eq!(build(), first, "without a seed, the page's path seeds chance: each build is the same");
}
