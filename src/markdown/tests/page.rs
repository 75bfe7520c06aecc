//! Whole-page results: summary, word count, footnotes, Markdown options, anchors.

use super::*;

#[test]
fn summary_stops_at_more() {
    let (rendered, _) = Case::default().run("First *para*.\n\n<!-- more -->\n\nRest.\n").unwrap();
    insta::assert_snapshot!(rendered.html, @"");
    insta::assert_snapshot!(rendered.summary.unwrap(), @"");
}

#[test]
fn summary_marker_inside_a_paragraph_closes_it() {
    let (rendered, _) = Case::default().run("> Quoted <!--more--> rest\n").unwrap();
    insta::assert_snapshot!(rendered.summary.unwrap(), @"");
}

#[test]
fn no_marker_no_summary() {
    assert_eq!(Case::default().run("Text\n").unwrap().0.summary, None);
}

#[test]
fn word_count_and_reading_time() {
    let words = vec!["mot"; 401].join(" ");
    let (rendered, _) = Case::default().run(&format!("# Titre\n\n{words}\n")).unwrap();
    assert_eq!(rendered.word_count, 402);
    assert_eq!(rendered.reading_time, 3);
}

#[test]
fn gfm_extensions_and_options() {
    let case = Case { config: config("smart_punctuation = true\ndefinition_list = true"), ..Case::default() };
    let body = "~~old~~ \"new\" -- it's\n\n- [x] done\n- [ ] todo\n\nTerm\n: Definition\n";
    insta::assert_snapshot!(case.html(body), @"");
}

#[test]
fn bottom_footnotes_with_backlinks() {
    let case = Case { config: config("bottom_footnotes = true"), ..Case::default() };
    let (rendered, _) = case.run("A[^a] and B[^b] and A again[^a].\n\n[^b]: Bee.\n[^a]: Ay.\n").unwrap();
    insta::assert_snapshot!(rendered.html, @"");
    assert!(rendered.anchors.contains(&"fn-a".to_string()));
}

#[test]
fn anchors_list_every_id() {
    let (rendered, _) = Case::default().run("# A\n\n<div id=\"raw\"></div>\n\n## A\n").unwrap();
    assert_eq!(rendered.anchors, ["a", "raw", "a-1"]);
}
