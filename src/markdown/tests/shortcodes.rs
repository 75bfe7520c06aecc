//! Shortcodes: inline, block, Markdown, HTML, `nth`, escapes, errors, nesting.

use super::*;

#[test]
fn html_shortcode_inline_and_alone_on_its_line() {
    let body = "Status: {{ badge(text=\"new\") }} today.\n\n{{ badge(text=\"alone\") }}\n";
    insta::assert_snapshot!(html(body), @"");
}

#[test]
fn markdown_shortcode_output_is_rendered_with_the_page() {
    insta::assert_snapshot!(html("A {{ md(text=\"bold\") }} and {{ md(text=\"again\") }}.\n"), @"");
}

#[test]
fn block_shortcode_gets_its_body_with_nested_calls_rendered() {
    let body = "{% note() %}\nInside {{ badge(text=\"b\") }} and {{/* kept() */}}\n{% end %}\n\nAfter {{ badge(text=\"c\") }}\n";
    insta::assert_snapshot!(html(body), @"");
}

#[test]
fn html_shortcode_output_is_not_touched_by_markdown() {
    insta::assert_snapshot!(html("{% note() %}\n*not emphasis*\n\n    not code\n{% end %}\n"), @"");
}

#[test]
fn escapes_print_the_call_even_in_code() {
    let body = "Write {{/* badge(text=\"x\") */}}.\n\n```\n{%/* note() */%}body{%/* end */%}\n```\n";
    insta::assert_snapshot!(html(body), @"");
}

#[test]
fn unknown_shortcode_is_an_error_at_the_call() {
    let errors = Case::default().errors("Line one.\n\nThen {{ nope(a=1) }} here.\n");
    insta::assert_snapshot!(errors.join("\n"), @"");
}

#[test]
fn render_error_and_syntax_error_are_reported_at_their_place() {
    let errors = Case::default().errors("{{ fails() }}\n\n{% note() %}never closed\n");
    insta::assert_snapshot!(errors.join("\n"), @"");
}
