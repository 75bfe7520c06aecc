//! Heading ids, slugification, anchor links and the table of contents.

use super::*;
use crate::config::SlugStrategy;
use crate::markdown::{slugify_anchor, unique_id};
use std::collections::HashSet;

#[test]
fn slugify_strategies() {
    let cases = [
        ("Réfugiés et asile", SlugStrategy::On, "refugies-et-asile"),
        ("  Étape 2 : l’examen  ", SlugStrategy::On, "etape-2-l-examen"),
        ("C'est <fini> & #2", SlugStrategy::On, "c-est-fini-2"),
        ("Réfugiés et asile", SlugStrategy::Safe, "Réfugiés_et_asile"),
        ("C'est <fini> & #2?", SlugStrategy::Safe, "Cest_fini__2"),
        ("Réfugiés et asile", SlugStrategy::Off, "Réfugiés_et_asile"),
        ("a/b#c", SlugStrategy::Off, "a/b#c"),
    ];
    for (text, strategy, want) in cases {
        assert_eq!(slugify_anchor(text, strategy), want, "{text:?} with {strategy:?}");
    }
}

#[test]
fn unique_ids_count_from_one() {
    let used: HashSet<String> = ["a", "a-1", "b"].iter().map(ToString::to_string).collect();
    assert_eq!(unique_id("a", &used), "a-2");
    assert_eq!(unique_id("b", &used), "b-1");
    assert_eq!(unique_id("c", &used), "c");
}

#[test]
fn ids_transliterate_accents_and_deduplicate() {
    let body = "# Réfugiés et asile\n\n## Contexte\n\n## Contexte\n\n## Contexte {#contexte-1}\n";
    insta::assert_snapshot!(html(body), @r##"
        <h1 id="refugies-et-asile">Réfugiés et asile</h1>
        <h2 id="contexte">Contexte</h2>
        <h2 id="contexte-2">Contexte</h2>
        <h2 id="contexte-1">Contexte</h2>
        "##);
}

#[test]
fn custom_ids_and_classes_win() {
    insta::assert_snapshot!(html("## Budget {#budget-2025 .important}\n\n## Budget 2025\n"), @r##"
        <h2 id="budget-2025" class="important">Budget</h2>
        <h2 id="budget-2025-1">Budget 2025</h2>
        "##);
}

#[test]
fn toc_nests_as_zola_does() {
    let body = "# A\n\n## B\n\n### C\n\n## D\n\n# E\n\n### F\n";
    let (rendered, _) = Case::default().run(body).unwrap();
    let show = |h: &crate::markdown::Heading| format!("{} {} {}", h.level, h.id, h.permalink);
    let mut lines = Vec::new();
    for top in &rendered.toc {
        lines.push(show(top));
        for child in &top.children {
            lines.push(format!("  {}", show(child)));
            for grandchild in &child.children {
                lines.push(format!("    {}", show(grandchild)));
            }
        }
    }
    insta::assert_snapshot!(lines.join("\n"), @r##"
        1 a https://example.gc.ca/binders/page/#a
          2 b https://example.gc.ca/binders/page/#b
            3 c https://example.gc.ca/binders/page/#c
          2 d https://example.gc.ca/binders/page/#d
        1 e https://example.gc.ca/binders/page/#e
          3 f https://example.gc.ca/binders/page/#f
        "##);
}

#[test]
fn toc_title_is_plain_text() {
    let (rendered, _) = Case::default().run("## The `cahier` *tool*\n").unwrap();
    assert_eq!(rendered.toc[0].title, "The cahier tool");
    assert_eq!(rendered.toc[0].id, "the-cahier-tool");
}

#[test]
fn anchor_links_left_right_heading() {
    for (anchors, lang) in [(AnchorLinks::Left, "en"), (AnchorLinks::Right, "fr"), (AnchorLinks::Heading, "en")] {
        let case = Case { anchors, lang, ..Case::default() };
        insta::assert_snapshot!(format!("{anchors:?}"), case.html("## Mandat\n"));
    }
}

#[test]
fn repeated_titles_take_the_next_free_suffix_around_explicit_ids() {
    // Each base remembers its last suffix; an explicit id later in the page is still skipped.
    let body = "# A\n\n# A\n\n# A\n\n# B {#a-2}\n\n# A\n";
    let (rendered, _) = Case::default().run(body).expect("renders");
    let ids: Vec<_> = rendered.toc.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["a", "a-1", "a-3", "a-2", "a-4"]);
    assert_eq!(rendered.anchors, ["a", "a-1", "a-3", "a-2", "a-4"]);
}

#[test]
fn a_heading_s_id_comes_from_its_whole_text_read_ahead() {
    let body = "## The `code` and [a link](https://example.org) *here*\n\ntext\n";
    let (rendered, _) = Case::default().run(body).expect("renders");
    assert_eq!(rendered.toc[0].id, "the-code-and-a-link-here");
    assert_eq!(rendered.toc[0].title, "The code and a link here");
    assert_eq!(rendered.external_links, ["https://example.org"]);
}
