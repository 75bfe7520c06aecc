//! `@/` links, external links and images.

use super::*;

#[test]
fn internal_link_resolves_to_the_permalink_in_the_page_language() {
    let case = Case { lang: "fr", ..Case::default() };
    let (rendered, _) = case.run("Voir [le cahier](@/binders/transition.md#budget).\n").unwrap();
    insta::assert_snapshot!(rendered.html, @r##"<p>Voir <a href="https://example.gc.ca/fr/cahiers/transition/#budget">le cahier</a>.</p>"##);
    let link = &rendered.internal_links[0];
    assert_eq!(
        (link.key.as_str(), link.lang.as_str(), link.anchor.as_deref(), link.line, link.col),
        ("binders/transition.md", "fr", Some("budget"), 5, 6)
    );
}

#[test]
fn internal_link_with_a_language_suffix_records_the_bare_key() {
    let (rendered, _) = Case::default().run("[fr](@/binders/transition.fr.md)\n").unwrap();
    assert_eq!(rendered.internal_links[0].key, "binders/transition.md");
    assert_eq!(rendered.internal_links[0].lang, "fr");
    assert!(rendered.html.contains("https://example.gc.ca/fr/cahiers/transition/"));
}

#[test]
fn missing_internal_link_is_an_error_at_its_place() {
    let errors = Case::default().errors("Intro.\n\nSee [it](@/binders/nope.md) and ![img](@/nope.png).\n");
    insta::assert_snapshot!(errors.join("\n"), @r##"
        content/binders/page.md:7:5: error: broken internal link `@/binders/nope.md`: there is no page `binders/nope.md` in `en`
        content/binders/page.md:7:33: error: broken internal link `@/nope.png`: there is no page `nope.png` in `en`
        "##);
}

#[test]
fn external_links_get_target_and_rel() {
    let config = config(
        "external_links_target_blank = true\nexternal_links_no_follow = true\nexternal_links_no_referrer = true",
    );
    let case = Case { config, ..Case::default() };
    let (rendered, _) =
        case.run("[GC](https://www.canada.ca \"Canada\") and [local](/x/) and <https://x.org>\n").unwrap();
    insta::assert_snapshot!(rendered.html, @r##"<p><a href="https://www.canada.ca" title="Canada" rel="noopener nofollow noreferrer" target="_blank">GC</a> and <a href="/x/">local</a> and <a href="https://x.org" rel="noopener nofollow noreferrer" target="_blank">https://x.org</a></p>"##);
    assert_eq!(rendered.external_links, ["https://www.canada.ca", "https://x.org"]);
}

#[test]
fn external_links_without_options_are_plain() {
    insta::assert_snapshot!(html("[GC](https://www.canada.ca)\n"), @r##"<p><a href="https://www.canada.ca">GC</a></p>"##);
}

#[test]
fn images_resolve_internal_sources_and_lazy_load() {
    let case = Case { config: config("lazy_async_image = true"), ..Case::default() };
    insta::assert_snapshot!(case.html("![A *chart*](@/_index.md \"Title\")\n"), @r##"<p><img src="https://example.gc.ca/" alt="A chart" title="Title" loading="lazy" decoding="async" /></p>"##);
}
