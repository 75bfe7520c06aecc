//! A plain Zola 0.22 site builds unchanged: `tests/fixtures/zola-plain` reproduces, in small,
//! what real Zola sites and themes needed (issue 19): three languages and no `[bilingual]`
//! table (so none of cahier's extra pages), a giallo theme name, front matter fields Zola
//! ignores, a shortcode reading `page.path` and `page.assets` called without commas, a
//! malformed call left as text, `external_links_class`, Zola's whole `config` object,
//! `page.colocated_path` and taxonomy terms' `page_count`.

mod common;

use common::{Fixture, SiteBuilder};

#[test]
fn a_plain_zola_site_gets_the_files_zola_writes() {
    let f = Fixture::new("zola-plain");
    let report = f.build_ok();
    let files = f.files();
    // What Zola 0.22.1 writes for this site, and no print, search or notice pages.
    for want in [
        "404.html",
        "blog/first/index.html",
        "blog/first/photo.png",
        "blog/index.html",
        "blog/second/index.html",
        "index.html",
        "it/blog/first/index.html",
        "it/blog/first/photo.png",
        "it/index.html",
        "ko/index.html",
        "robots.txt",
        "sitemap.xml",
        "tags/index.html",
        "tags/rust/index.html",
    ] {
        assert!(files.contains(&want.to_string()), "{want} missing from {files:#?}");
    }
    for file in &files {
        assert!(
            !file.contains("not-translated") && !file.contains("print/") && !file.contains("search/"),
            "cahier's extra page {file} on a plain Zola site: {files:#?}"
        );
        assert!(!file.ends_with("404.html") || file == "404.html", "one 404, as in Zola: {files:#?}");
    }
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.contains(
            &"content/blog/first/index.md:4:1: warning: unknown front matter field `order` is ignored".into()
        ),
        "{warnings:#?}"
    );
}

#[test]
fn shortcodes_see_the_page_and_parse_like_zola() {
    let f = Fixture::new("zola-plain");
    f.build_ok();
    let first = f.read("blog/first/index.html");
    assert!(
        first.contains(r#"<figure data-page="&#x2F;blog&#x2F;first&#x2F;"><img src="&#x2F;blog&#x2F;first&#x2F;photo.png" alt="A photo" width="300"></figure>"#),
        "{first}"
    );
    assert!(first.contains("a broken {{ asset(alt= }} call."), "a malformed call is text: {first}");
    assert!(first.contains(r#"<a href="https://docs.example.com" class="ext">the docs</a>"#), "{first}");
    assert!(first.contains(r#"data-colocated="blog&#x2F;first&#x2F;""#), "{first}");
}

#[test]
fn templates_see_zolas_config_object() {
    let f = Fixture::new("zola-plain");
    f.build_ok();
    let first = f.read("blog/first/index.html");
    assert!(first.contains(r#"data-path="|blog|first|""#), "{first}");
    assert!(first.contains(r#"data-theme="github-light""#), "{first}");
    assert!(first.contains(r#"data-search="elasticlunr_javascript""#), "{first}");
    assert!(first.contains(r#"data-langs="it ko ""#), "the other languages, as in Zola: {first}");
    let tags = f.read("tags/index.html");
    assert!(tags.contains("<p>rust: 1</p>"), "{tags}");
}

/// A plain Zola site's content model, feature by feature, as Zola 0.22.1 renders it: what
/// real themes' demo sites needed once they built (issue 19, "differences once sites build").
fn content_model_site() -> SiteBuilder {
    let page = r#"{{ page.title }}|{{ page.word_count }}w|{{ page.reading_time }}min|lower={% if page.lower %}{{ page.lower.title }}{% endif %}|higher={% if page.higher %}{{ page.higher.title }}{% endif %}|{{ page.date | date(format="%-d") }}{{ page.date | date(format=" %b %Y") }}|{{ "It's *here*" | markdown(inline=true) | safe }}
{{ page.content | safe }}"#;
    SiteBuilder::new()
        .config(
            "base_url = \"https://example.org\"\ntitle = \"Z\"\ntaxonomies = [{ name = \"tags\", feed = true }]\n[markdown]\nhighlight_code = true\n",
        )
        .file("templates/taxonomy_list.html", "")
        .file("templates/taxonomy_single.html", "")
        .file("templates/index.html", "{{ section.title }}")
        .file("templates/section.html", "{{ current_path | safe }}|{% for p in section.pages %}{{ p.path | safe }} {% endfor %}")
        .file("templates/page.html", page)
        .file(
            "templates/anchor-link.html",
            r##"<a class="own" href="#{{ id }}" data-level="{{ level }}" data-lang="{{ lang }}">§</a>"##,
        )
        .page("_index.md", "+++\ntitle = \"Home\"\n+++\n")
        .page("blog/_index.md", "+++\ntitle = \"Blog\"\nsort_by = \"date\"\ninsert_anchor_links = \"left\"\n+++\n")
        .page("blog/a.md", "+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\n")
        .page(
            "blog/b.md",
            "+++\ntitle = \"B\"\ndate = 2024-02-09\n+++\n## Part\n\nSee [the docs](https://example.com/docs-page).\n\n```rust,linenos,hide_lines=2\nfn main() {\n    let hidden = 1;\n}\n```\n",
        )
        .page("blog/c.md", "+++\ntitle = \"C\"\ndate = 2024-03-01\nslug = \"something & else\"\n+++\n")
        .page("blog/orphans/o.md", "+++\ntitle = \"Orphan\"\ndate = 2024-01-01\n+++\n")
        .page("blog/unrendered.md", "+++\ntitle = \"U\"\ndate = 2024-01-01\nrender = false\n+++\n")
        .page("news/_index.md", "+++\ntitle = \"News\"\npaginate_by = 1\ngenerate_feeds = true\n+++\n")
        .page("news/one.md", "+++\ntitle = \"One\"\ndate = 2024-01-01\n[taxonomies]\ntags = [\"rust\"]\n+++\n")
        .page("news/two.md", "+++\ntitle = \"Two\"\ndate = 2024-01-01\n+++\n")
        .page("my_folder/_index.md", "+++\ntitle = \"Folder\"\n+++\n")
        .page("bundle/index.md", "+++\ntitle = \"Bundle\"\ndate = 2024-01-01\n+++\n")
        .file("content/bundle/cards/card.txt", "an asset in a subfolder")
        .page("my_folder/in_it.md", "+++\ntitle = \"In it\"\ndate = 2024-01-01\n+++\n")
        .page("hidden/_index.md", "+++\ntitle = \"Hidden\"\ndraft = true\n+++\n")
        .page("hidden/p.md", "+++\ntitle = \"Below a draft\"\ndate = 2024-01-01\n+++\n")
}

#[test]
fn a_zola_sites_pages_read_as_zola_renders_them() {
    let site = content_model_site().build(cahier::redact::Mode::Public);
    let b = site.read("blog/b/index.html");
    // Words of the Markdown body (the link target counts, fenced code does not); `lower` is the
    // page before in the section's order (the newer one, by date); a format's leading space
    // stays; the `markdown` filter follows `[markdown]` (no smart punctuation here).
    assert!(b.starts_with("B|8w|1min|lower=C|higher=A|9 Feb 2024|It's <em>here</em>\n"), "{b}");
    assert!(
        b.contains(r##"<h2 id="part"><a class="own" href="#part" data-level="2" data-lang="en">§</a>Part</h2>"##),
        "the site's own anchor-link.html: {b}"
    );
    let ln = |n| format!(r#"<span class="giallo-ln" aria-hidden="true">{n}</span>"#);
    assert!(b.contains(&ln(1)) && !b.contains(&ln(2)) && b.contains(&ln(3)), "linenos, hide_lines=2: {b}");
    assert!(!b.contains(">let<"), "a hidden line is not shown: {b}");
}

#[test]
fn a_zola_sites_paths_and_drafts_are_zolas() {
    let site = content_model_site().build(cahier::redact::Mode::Public);
    site.report();
    let files = common::list(&site.out);
    for want in [
        "blog/something-else/index.html",
        "my_folder/index.html",
        "my_folder/in-it/index.html",
        "bundle/cards/card.txt",
    ] {
        assert!(files.contains(&want.to_string()), "{want} missing from {files:#?}");
    }
    assert!(!files.iter().any(|f| f.starts_with("hidden")), "a drafted section takes its pages out: {files:#?}");
    // Neither an orphan page (its folder has no `_index.md`) nor a `render = false` page is
    // among the section's pages; a pager's `current_path` is its own.
    assert!(files.contains(&"blog/orphans/o/index.html".to_string()), "{files:#?}");
    assert_eq!(site.read("blog/index.html"), "/blog/|/blog/something-else/ /blog/b/ /blog/a/ ");
    assert!(
        site.read("news/page/2/index.html").starts_with("/news/page/2/|"),
        "{}",
        site.read("news/page/2/index.html")
    );
    assert_eq!(
        site.read("404.html"),
        "<!doctype html>\n<title>404 Not Found</title>\n<h1>404 Not Found</h1>\n",
        "Zola's own 404 for a site without a 404 template"
    );
}

#[test]
fn raw_content_is_the_redacted_markdown() {
    let site = SiteBuilder::new()
        .file("templates/page.html", "{{ page.raw_content | safe }}")
        .page("a.md", "+++\ntitle = \"A\"\n+++\nHello *{% redact(s=\"15(1)\") %}Zanzibar{% end %}* there.\n")
        .build(cahier::redact::Mode::Public);
    let page = site.read("a/index.html");
    assert_eq!(page, "Hello *[Redacted]* there.\n", "the placeholder stands for the passage");
    assert!(!page.contains("Zanzibar") && !page.contains("redact("), "the withheld text stays out: {page}");
}

#[test]
fn an_rss_feed_without_a_template_is_rss_2_as_zolas_built_in_writes_it() {
    let site = SiteBuilder::new()
        .config(
            "base_url = \"https://example.org\"\ntitle = \"Z & co\"\ndescription = \"News\"\ngenerate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\n",
        )
        .file("templates/index.html", "")
        .file("templates/section.html", "")
        .file("templates/page.html", "{{ page.content | safe }}")
        .page("blog/_index.md", "+++\ntitle = \"Blog\"\n+++\n")
        .page("blog/a.md", "+++\ntitle = \"A <1>\"\ndate = 2024-01-01\n+++\nFirst {% redact(s=\"15(1)\") %}Zanzibar{% end %}.\n")
        .page("blog/b.md", "+++\ntitle = \"B\"\ndate = 2024-02-01T10:00:00+01:00\n+++\nSecond.\n")
        .build(cahier::redact::Mode::Public);
    let rss = site.read("rss.xml");
    assert!(rss.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss xmlns:atom=\"http://www.w3.org/2005/Atom\" version=\"2.0\">\n  <channel>\n    <title>Z &amp; co</title>\n    <link>https://example.org/</link>\n    <description>News</description>\n"), "{rss}");
    assert!(rss.contains("<atom:link href=\"https://example.org/rss.xml\" rel=\"self\" type=\"application/rss+xml\"/>\n    <lastBuildDate>Thu, 01 Feb 2024 10:00:00 +0100</lastBuildDate>\n"), "{rss}");
    let b = rss.find("<title>B</title>").expect("B is an item");
    let a = rss.find("<title>A &lt;1&gt;</title>").expect("A is an item, its title escaped");
    assert!(b < a, "newest first: {rss}");
    assert!(rss.contains("<pubDate>Mon, 01 Jan 2024 00:00:00 +0000</pubDate>\n      <link>https://example.org/blog/a/</link>\n      <guid>https://example.org/blog/a/</guid>\n      <description>&lt;p&gt;First"), "{rss}");
    assert!(!rss.contains("Zanzibar") && rss.ends_with("  </channel>\n</rss>\n"), "{rss}");
    assert!(site.read("atom.xml").contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""), "atom.xml stays Atom");
}

#[test]
fn a_sites_own_feed_template_writes_its_feeds() {
    let atom = "{{ feed_url | safe }}|{{ last_updated }}|{% for p in pages %}{{ p.title }},{% endfor %}|{% if section %}{{ section.title }}{% endif %}{% if term %}{{ term.name }}{% endif %}";
    let site = SiteBuilder::new()
        .config(
            "base_url = \"https://example.org\"\ntitle = \"Z\"\ngenerate_feeds = true\ntaxonomies = [{ name = \"tags\", feed = true }]\n",
        )
        .file("templates/index.html", "")
        .file("templates/section.html", "")
        .file("templates/page.html", "")
        .file("templates/taxonomy_list.html", "")
        .file("templates/taxonomy_single.html", "")
        .file("templates/atom.xml", atom)
        .page("blog/_index.md", "+++\ntitle = \"Blog\"\ngenerate_feeds = true\n+++\n")
        .page("blog/a.md", "+++\ntitle = \"A\"\ndate = 2024-01-01\n[taxonomies]\ntags = [\"rust\"]\n+++\n")
        .page("blog/b.md", "+++\ntitle = \"B\"\ndate = 2024-02-01\n+++\n")
        .page("about.md", "+++\ntitle = \"About\"\n+++\n")
        .build(cahier::redact::Mode::Public);
    assert_eq!(site.read("atom.xml"), "https://example.org/atom.xml|2024-02-01T00:00:00+00:00|B,A,|");
    assert_eq!(site.read("blog/atom.xml"), "https://example.org/blog/atom.xml|2024-02-01T00:00:00+00:00|B,A,|Blog");
    assert_eq!(
        site.read("tags/rust/atom.xml"),
        "https://example.org/tags/rust/atom.xml|2024-01-01T00:00:00+00:00|A,|rust"
    );
}

#[test]
fn a_paginated_taxonomy_writes_a_pager_per_term_as_zola_does() {
    let config = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/zola-plain/config.toml"))
        .unwrap()
        .replacen("taxonomies = [{ name = \"tags\" }]", "taxonomies = [{ name = \"tags\", paginate_by = 2 }]", 1);
    let tagged = |title: &str, date: &str| {
        format!("+++\ntitle = \"{title}\"\ndate = {date}\n[taxonomies]\ntags = [\"rust\"]\n+++\nText.\n")
    };
    let single = "{{ term.name }} {{ paginator.current_index }}/{{ paginator.number_pagers }} \
        {% for p in paginator.pages %}[{{ p.title }}]{% endfor %} next={{ paginator.next | default(value=\"-\") | safe }} \
        at {{ current_path | safe }}";
    let site = SiteBuilder::fixture("zola-plain")
        .config(&config)
        .page("blog/a.md", &tagged("A", "2020-01-01"))
        .page("blog/b.md", &tagged("B", "2020-01-02"))
        .file("templates/taxonomy_single.html", single)
        .build(cahier::redact::Mode::Public);
    let first = site.read("tags/rust/index.html");
    assert!(first.starts_with("rust 1/2 ["), "{first}");
    assert!(first.contains("next=https://example.org/tags/rust/page/2/ at /tags/rust/"), "{first}");
    let second = site.read("tags/rust/page/2/index.html");
    assert!(second.starts_with("rust 2/2 [") && second.ends_with("next=- at /tags/rust/page/2/"), "{second}");
    assert!(site.read("tags/rust/page/1/index.html").contains("https://example.org/tags/rust/"));
}

#[test]
fn pages_of_a_section_with_no_sort_have_no_neighbours_as_in_zola() {
    let page = |title: &str| format!("+++\ntitle = \"{title}\"\n+++\nText.\n");
    let template = "{{ page.title }}: {{ page.lower.title | default(value=\"none\") }} \
        {{ page.higher.title | default(value=\"none\") }}";
    let site = SiteBuilder::fixture("zola-plain")
        .page("notes/_index.md", "+++\ntitle = \"Notes\"\n+++\n")
        .page("notes/a.md", &page("A"))
        .page("notes/b.md", &page("B"))
        .file("templates/page.html", template)
        .build(cahier::redact::Mode::Public);
    assert_eq!(site.read("notes/a/index.html"), "A: none none");
    assert_eq!(site.read("notes/b/index.html"), "B: none none");
    // A sorted section's pages have them.
    assert_eq!(site.read("blog/second/index.html"), "Second: none First");
}

#[test]
fn pages_a_transparent_section_lends_have_their_neighbours_in_the_section_that_lists_them() {
    let page = |title: &str, date: &str| format!("+++\ntitle = \"{title}\"\ndate = {date}\n+++\nText.\n");
    let template = "{{ page.title }}: {{ page.lower.title | default(value=\"none\") }} \
        {{ page.higher.title | default(value=\"none\") }}";
    let site = SiteBuilder::fixture("zola-plain")
        .page("blog/video/_index.md", "+++\ntitle = \"Video\"\ntransparent = true\n+++\n")
        .page("blog/video/clip.md", &page("Clip", "2024-01-15"))
        .file("templates/page.html", template)
        .build(cahier::redact::Mode::Public);
    // The blog, by date: Second (2024-02-03), Clip, First; `lower` is the newer page.
    assert_eq!(site.read("blog/video/clip/index.html"), "Clip: Second First");
}

#[test]
fn a_plain_zola_sites_404_has_no_address_of_its_own_as_in_zola() {
    let site = SiteBuilder::fixture("zola-plain")
        .file("templates/404.html", "{% if current_url %}menu{% else %}no menu{% endif %} {{ lang }}")
        .build(cahier::redact::Mode::Public);
    assert_eq!(site.read("404.html"), "no menu en");
}

#[test]
fn get_random_draws_the_same_number_each_build() {
    let build = || {
        SiteBuilder::new()
            .config("base_url = \"https://example.org\"\ntitle = \"Z\"\n")
            .file("templates/index.html", "{{ get_random(start=5, end=1000) }} {{ get_random(end=3) }}")
            .file("templates/section.html", "")
            .file("templates/page.html", "")
            .page("_index.md", "+++\ntitle = \"Home\"\n+++\n")
            .build(cahier::redact::Mode::Public)
            .read("index.html")
    };
    let first = build();
    let numbers: Vec<i64> = first.split(' ').map(|n| n.parse().unwrap()).collect();
    assert!((5..1000).contains(&numbers[0]) && (0..3).contains(&numbers[1]), "{first}");
    assert_eq!(build(), first, "each build writes the same files");
}

#[test]
fn a_class_style_site_gets_the_giallo_stylesheets_it_links() {
    let site = |highlighting: &str| {
        SiteBuilder::new()
            .config(&format!(
                "base_url = \"https://example.org\"\ntitle = \"Z\"\n[markdown.highlighting]\n{highlighting}\n"
            ))
            .file("templates/index.html", "")
            .file("templates/section.html", "")
            .file("templates/page.html", "")
            .page("_index.md", "+++\ntitle = \"Home\"\n+++\n")
    };
    let single = site("theme = \"github-dark\"\nstyle = \"class\"").build(cahier::redact::Mode::Public);
    assert!(single.read("giallo.css").contains(".z-"), "the theme's classes");
    let dual = site("light_theme = \"github-light\"\ndark_theme = \"github-dark\"\nstyle = \"class\"")
        .build(cahier::redact::Mode::Public);
    let (light, dark) = (dual.read("giallo-light.css"), dual.read("giallo-dark.css"));
    assert!(light.contains(".z-") && dark.contains(".z-") && light != dark, "one stylesheet per theme");
    let files = |built: &cahier::testing::Built| {
        ["giallo.css", "giallo-light.css", "giallo-dark.css"].map(|f| built.out.join(f).exists())
    };
    let inline = site("theme = \"github-dark\"").build(cahier::redact::Mode::Public);
    assert_eq!(files(&inline), [false; 3], "inline colours need no stylesheet");
    let own = site("theme = \"github-dark\"\nstyle = \"class\"")
        .file("static/giallo.css", "/* mine */")
        .build(cahier::redact::Mode::Public);
    assert_eq!(own.read("giallo.css"), "/* mine */", "the site's own stylesheet wins");
}

#[test]
fn code_is_coloured_inline_as_zola_022_colours_it_unless_the_site_asks_for_classes() {
    let page = |highlighting: &str| {
        SiteBuilder::new()
            .config(&format!(
                "base_url = \"https://example.org\"\ntitle = \"Z\"\n[markdown.highlighting]\n{highlighting}\n"
            ))
            .file("templates/index.html", "")
            .file("templates/section.html", "")
            .file("templates/page.html", "{{ page.content | safe }}")
            .page("_index.md", "+++\ntitle = \"Home\"\n+++\n")
            .page("a.md", "+++\ntitle = \"A\"\n+++\n```rust,linenos\nfn main() {}\n```\n")
            .build(cahier::redact::Mode::Public)
            .read("a/index.html")
    };
    let inline = page("theme = \"github-dark\"");
    assert!(
        inline.starts_with(r#"<pre class="language-rust z-code" style="color: #"#),
        "the theme's colours: {inline}"
    );
    assert!(inline.contains(r#"<span class="giallo-ln" aria-hidden="true">1</span><span style="color:#"#), "{inline}");
    assert!(!inline.contains("z-source"), "{inline}");
    let classed = page("theme = \"github-dark\"\nstyle = \"class\"");
    assert!(classed.starts_with(r#"<pre class="language-rust z-code"><code"#), "{classed}");
    assert!(classed.contains(r#"<span class="z-source z-rust">"#), "{classed}");
}
