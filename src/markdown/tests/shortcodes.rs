//! Shortcodes: inline, block, Markdown, HTML, `nth`, escapes, errors, nesting.

use super::*;

#[test]
fn html_shortcode_inline_and_alone_on_its_line() {
    let body = "Status: {{ badge(text=\"new\") }} today.\n\n{{ badge(text=\"alone\") }}\n";
    insta::assert_snapshot!(html(body), @r##"
        <p>Status: <b class="badge" data-nth="1" lang="en">new</b> today.</p>
        <b class="badge" data-nth="2" lang="en">alone</b>
        "##);
}

#[test]
fn markdown_shortcode_output_is_rendered_with_the_page() {
    insta::assert_snapshot!(html("A {{ md(text=\"bold\") }} and {{ md(text=\"again\") }}.\n"), @"<p>A <strong>bold</strong> (md 1) and <strong>again</strong> (md 2).</p>");
}

#[test]
fn block_shortcode_gets_its_body_with_nested_calls_rendered() {
    let body = "{% note() %}\nInside {{ badge(text=\"b\") }} and {{/* kept() */}}\n{% end %}\n\nAfter {{ badge(text=\"c\") }}\n";
    insta::assert_snapshot!(html(body), @r##"
        <aside class="note">

        Inside <b class="badge" data-nth="1" lang="en">b</b> and {{ kept() }}

        </aside>
        <p>After <b class="badge" data-nth="2" lang="en">c</b></p>
        "##);
}

#[test]
fn html_shortcode_output_is_not_touched_by_markdown() {
    insta::assert_snapshot!(html("{% note() %}\n*not emphasis*\n\n    not code\n{% end %}\n"), @r##"
        <aside class="note">

        *not emphasis*

            not code

        </aside>
        "##);
}

#[test]
fn escapes_print_the_call_even_in_code() {
    let body = "Write {{/* badge(text=\"x\") */}}.\n\n```\n{%/* note() */%}body{%/* end */%}\n```\n";
    insta::assert_snapshot!(html(body), @r##"
        <p>Write {{ badge(text="x") }}.</p>
        <pre><code>{% note() %}body{% end %}
        </code></pre>
        "##);
}

#[test]
fn unknown_shortcode_is_an_error_at_the_call() {
    let errors = Case::default().errors("Line one.\n\nThen {{ nope(a=1) }} here.\n");
    insta::assert_snapshot!(errors.join("\n"), @"content/binders/page.md:7:6: error: unknown shortcode `nope`: add templates/shortcodes/nope.html or nope.md");
}

#[test]
fn render_error_and_syntax_error_are_reported_at_their_place() {
    let errors = Case::default().errors("Intro.\n\n{{ fails() }}\n");
    insta::assert_snapshot!(errors.join("\n"), @"content/binders/page.md:7:1: error: shortcode `fails` failed to render: template error: variable `x` not found");
    let errors = Case::default().errors("{% note() %}never closed\n");
    insta::assert_snapshot!(errors.join("\n"), @"content/binders/page.md:5:1: error: `{% note(...) %}` is never closed: add `{% end %}` after its body");
}
