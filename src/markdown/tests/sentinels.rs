//! Redaction sentinels, in public and internal builds, in every context.

use super::*;
use crate::redact::{SpanHtml, SpanView, sentinel};

fn public(block: bool) -> SpanView {
    let html =
        if block { "<p class=\"redacted\">[Redacted]</p>\n" } else { "<span class=\"redacted\">[Redacted]</span>" };
    SpanView { block, placeholder: "[Redacted]".into(), html: SpanHtml::Public { html: html.into() } }
}

fn internal(block: bool, markdown: &str) -> SpanView {
    SpanView {
        block,
        placeholder: "[Redacted]".into(),
        html: SpanHtml::Internal {
            open: "<mark class=\"redacted\" data-s=\"15(1)\">".into(),
            markdown: markdown.into(),
            close: "</mark>".into(),
        },
    }
}

/// A body where `{0}` and `{1}` are the sentinels of spans 0 and 1.
fn body(template: &str) -> String {
    template.replace("{0}", &sentinel(0)).replace("{1}", &sentinel(1))
}

const EVERYWHERE: &str = "## Plan {0}\n\nThe *plan* {0} works.\n\n| a | b |\n|---|---|\n| {0} | x |\n\n![Photo {0}](/p.png \"T {0}\")\n\n[link](/x \"About {0}\")\n\n`code {0}`\n\n```\nlet a = \"{0}\";\n```\n\n{1}\n";

#[test]
fn public_spans_everywhere() {
    let case = Case { spans: vec![public(false), public(true)], ..Case::default() };
    let (rendered, _) = case.run(&body(EVERYWHERE)).unwrap();
    insta::assert_snapshot!(rendered.html, @r##"
        <h2 id="plan-redacted">Plan <span class="redacted">[Redacted]</span></h2>
        <p>The <em>plan</em> <span class="redacted">[Redacted]</span> works.</p>
        <table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>
        <tr><td><span class="redacted">[Redacted]</span></td><td>x</td></tr>
        </tbody></table>
        <p><img src="/p.png" alt="Photo [Redacted]" title="T [Redacted]" /></p>
        <p><a href="/x" title="About [Redacted]">link</a></p>
        <p><code>code [Redacted]</code></p>
        <pre><code>let a = &quot;[Redacted]&quot;;
        </code></pre>
        <p class="redacted">[Redacted]</p>
        "##);
    assert_eq!(rendered.toc[0].id, "plan-redacted");
    assert_eq!(rendered.toc[0].title, "Plan [Redacted]");
}

#[test]
fn internal_spans_everywhere() {
    let spans = vec![internal(false, "the *secret* [deal](@/binders/transition.md)"), internal(true, "- one\n- two\n")];
    let case = Case { spans, ..Case::default() };
    let (rendered, _) = case.run(&body(EVERYWHERE)).unwrap();
    insta::assert_snapshot!(rendered.html, @r##"
        <h2 id="plan-redacted">Plan <mark class="redacted" data-s="15(1)">the <em>secret</em> <a href="https://example.gc.ca/binders/transition/">deal</a></mark></h2>
        <p>The <em>plan</em> <mark class="redacted" data-s="15(1)">the <em>secret</em> <a href="https://example.gc.ca/binders/transition/">deal</a></mark> works.</p>
        <table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>
        <tr><td><mark class="redacted" data-s="15(1)">the <em>secret</em> <a href="https://example.gc.ca/binders/transition/">deal</a></mark></td><td>x</td></tr>
        </tbody></table>
        <p><img src="/p.png" alt="Photo [Redacted]" title="T [Redacted]" /></p>
        <p><a href="/x" title="About [Redacted]">link</a></p>
        <p><code>code the *secret* [deal](@/binders/transition.md)</code></p>
        <pre><code>let a = &quot;the *secret* [deal](@/binders/transition.md)&quot;;
        </code></pre>
        <mark class="redacted" data-s="15(1)"><ul>
        <li>one</li>
        <li>two</li>
        </ul>
        </mark>
        "##);
    assert_eq!(rendered.toc[0].id, "plan-redacted", "ids never use the secret text");
    assert_eq!(rendered.internal_links.len(), 1, "the secret link is resolved once");
}

#[test]
fn word_count_counts_placeholders_not_secrets() {
    let spans = vec![internal(false, "many many secret words here"), public(true)];
    let case = Case { spans, ..Case::default() };
    let (rendered, _) = case.run(&body("One two {0} three.\n")).unwrap();
    assert_eq!(rendered.word_count, 4);
    assert_eq!(rendered.reading_time, 1);
}

#[test]
fn inline_span_alone_keeps_its_paragraph() {
    let case = Case { spans: vec![public(false)], ..Case::default() };
    insta::assert_snapshot!(case.html(&body("{0}\n")), @r##"<p><span class="redacted">[Redacted]</span></p>"##);
}
