//! Whole-page results: summary, word count, footnotes, Markdown options, anchors.

use super::*;

#[test]
fn summary_stops_at_more() {
    let (rendered, _) = Case::default().run("First *para*.\n\n<!-- more -->\n\nRest.\n").unwrap();
    insta::assert_snapshot!(rendered.html, @r##"
        <p>First <em>para</em>.</p>
        <span id="continue-reading"></span>
        <p>Rest.</p>
        "##);
    insta::assert_snapshot!(rendered.summary.unwrap(), @"<p>First <em>para</em>.</p>");
}

#[test]
fn summary_marker_inside_a_paragraph_closes_it() {
    let (rendered, _) = Case::default().run("> Quoted <!--more--> rest\n").unwrap();
    insta::assert_snapshot!(rendered.summary.unwrap(), @r##"
        <blockquote>
        <p>Quoted </p>
        </blockquote>
        "##);
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
    insta::assert_snapshot!(case.html(body), @r##"
        <p><del>old</del> “new” – it’s</p>
        <ul>
        <li><input disabled="" type="checkbox" checked=""/>
        done</li>
        <li><input disabled="" type="checkbox"/>
        todo</li>
        </ul>
        <dl>
        <dt>Term</dt>
        <dd>Definition</dd>
        </dl>
        "##);
}

#[test]
fn bottom_footnotes_with_backlinks() {
    let case = Case { config: config("bottom_footnotes = true"), ..Case::default() };
    let (rendered, _) = case.run("A[^a] and B[^b] and A again[^a].\n\n[^b]: Bee.\n[^a]: Ay.\n").unwrap();
    insta::assert_snapshot!(rendered.html, @r##"
        <p>A<sup class="footnote-reference" id="fr-a-1"><a href="#fn-a">1</a></sup> and B<sup class="footnote-reference" id="fr-b-1"><a href="#fn-b">2</a></sup> and A again<sup class="footnote-reference" id="fr-a-2"><a href="#fn-a">1</a></sup>.</p>
        <footer class="footnotes">
        <ol class="footnotes-list">
        <li id="fn-a">
        <p>Ay. <a href="#fr-a-1" class="footnote-backref" aria-label="Back to the text">↩</a> <a href="#fr-a-2" class="footnote-backref" aria-label="Back to the text">↩2</a></p>
        </li>
        <li id="fn-b">
        <p>Bee. <a href="#fr-b-1" class="footnote-backref" aria-label="Back to the text">↩</a></p>
        </li>
        </ol>
        </footer>
        "##);
    assert!(rendered.anchors.contains(&"fn-a".to_string()));
}

#[test]
fn anchors_list_every_id() {
    let (rendered, _) = Case::default().run("# A\n\n<div id=\"raw\"></div>\n\n## A\n").unwrap();
    assert_eq!(rendered.anchors, ["a", "raw", "a-1"]);
}

#[test]
fn plain_paragraph() {
    insta::assert_snapshot!(html("Hello *world*"), @"<p>Hello <em>world</em></p>");
}

/// Regression guard: the lead renders pages in parallel, so the context must be `Sync`.
#[test]
fn render_context_is_sync() {
    fn assert_sync<T: Sync>() {}
    assert_sync::<RenderContext<'_>>();
    assert_sync::<Highlighter>();
}

#[test]
fn summary_gets_shortcodes_and_redactions_swapped_in() {
    use crate::redact::{SpanHtml, SpanView, sentinel};
    let html = SpanHtml::Public { html: "<span class=\"redacted\">[Redacted]</span>".into() };
    let spans = vec![SpanView { block: false, placeholder: "[Redacted]".into(), html }];
    let case = Case { spans, ..Case::default() };
    let body = format!("A {{{{ badge(text=\"x\") }}}} {}\n\n<!-- more -->\n\nB\n", sentinel(0));
    let (rendered, _) = case.run(&body).unwrap();
    insta::assert_snapshot!(rendered.summary.unwrap(), @r##"<p>A <b class="badge" data-nth="1" lang="en">x</b> <span class="redacted">[Redacted]</span></p>"##);
}
