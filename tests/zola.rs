//! A plain Zola 0.22 site builds unchanged: `tests/fixtures/zola-plain` reproduces, in small,
//! what real Zola sites and themes needed (issue 19): three languages and no `[bilingual]`
//! table (so none of cahier's extra pages), a giallo theme name, front matter fields Zola
//! ignores, a shortcode reading `page.path` and `page.assets` called without commas, a
//! malformed call left as text, `external_links_class`, Zola's whole `config` object,
//! `page.colocated_path` and taxonomy terms' `page_count`.

mod common;

use common::Fixture;

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
