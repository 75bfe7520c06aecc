//! Code blocks and highlighting.

use super::*;
use crate::markdown::theme_css;

#[test]
fn highlighted_with_zola_classes() {
    let case = Case { config: config("highlight_code = true"), ..Case::default() };
    insta::assert_snapshot!(case.html("```rust,linenos\nfn main() {}\n```\n"), @r##"
        <pre class="language-rust z-code"><code class="language-rust" data-lang="rust"><span class="giallo-ln" aria-hidden="true">1</span><span class="z-source z-rust"><span class="z-meta z-function z-rust"><span class="z-meta z-function z-rust"><span class="z-storage z-type z-function z-rust">fn</span> </span><span class="z-entity z-name z-function z-rust">main</span></span><span class="z-meta z-function z-rust"><span class="z-meta z-function z-parameters z-rust"><span class="z-punctuation z-section z-parameters z-begin z-rust">(</span></span><span class="z-meta z-function z-rust"><span class="z-meta z-function z-parameters z-rust"><span class="z-punctuation z-section z-parameters z-end z-rust">)</span></span></span></span><span class="z-meta z-function z-rust"> </span><span class="z-meta z-function z-rust"><span class="z-meta z-block z-rust"><span class="z-punctuation z-section z-block z-begin z-rust">{</span></span><span class="z-meta z-block z-rust"><span class="z-punctuation z-section z-block z-end z-rust">}</span></span></span>
        </span></code></pre>
        "##);
}

#[test]
fn plain_when_highlighting_is_off() {
    insta::assert_snapshot!(html("```rust\nfn main() {}\n```\n\n    indented <b>\n"), @r##"
        <pre class="language-rust"><code class="language-rust" data-lang="rust">fn main() {}
        </code></pre>
        <pre><code>indented &lt;b&gt;
        </code></pre>
        "##);
}

#[test]
fn unknown_language_is_a_warning() {
    let case = Case { config: config("highlight_code = true"), ..Case::default() };
    let (rendered, warnings) = case.run("Text.\n\n```xyz\na < b\n```\n").unwrap();
    insta::assert_snapshot!(rendered.html, @r##"
        <p>Text.</p>
        <pre class="language-xyz z-code"><code class="language-xyz" data-lang="xyz">a &lt; b
        </code></pre>
        "##);
    insta::assert_snapshot!(warnings.join("\n"), @"content/binders/page.md:7:1: warning: unknown language `xyz` in a code block; it is shown as plain text");
}

#[test]
fn unknown_language_is_an_error_when_the_config_says_so() {
    let case = Case { config: config("[markdown.highlighting]\nerror_on_missing_language = true"), ..Case::default() };
    insta::assert_snapshot!(case.errors("```xyz\nx\n```\n").join("\n"), @"content/binders/page.md:5:1: error: unknown language `xyz` in a code block (`error_on_missing_language` is set)");
}

#[test]
fn a_language_zola_knows_is_a_warning_even_when_the_config_says_error() {
    let case = Case { config: config("[markdown.highlighting]\nerror_on_missing_language = true"), ..Case::default() };
    let (rendered, warnings) = case.run("```mermaid\ngraph TD; A-->B\n```\n").unwrap();
    assert!(rendered.html.contains("<code class=\"language-mermaid\" data-lang=\"mermaid\">graph TD; A--&gt;B"));
    insta::assert_snapshot!(warnings.join("\n"), @"content/binders/page.md:5:1: warning: language `mermaid` in a code block: Zola highlights it, cahier shows it as plain text");
}

#[test]
fn theme_css_accepts_zola_and_syntect_names() {
    let css = theme_css("base16-ocean-dark").unwrap();
    assert!(css.contains(".z-code"), "{}", &css[..200.min(css.len())]);
    assert_eq!(css, theme_css("base16-ocean.dark").unwrap());
    assert!(theme_css("InspiredGitHub").is_ok());
    let err = theme_css("nope").unwrap_err().to_string();
    assert!(err.starts_with("unknown highlight theme `nope`: expected one of "), "{err}");
}

#[test]
fn hl_lines_marks_the_lines_as_written() {
    insta::assert_snapshot!(html("```txt,hl_lines=2 4-5\na\nb\nc\nd\ne\n```\n"), @r##"
        <pre class="language-txt"><code class="language-txt" data-lang="txt">a
        <mark>b</mark>
        c
        <mark>d</mark>
        <mark>e</mark>
        </code></pre>
        "##);
    // Counted in the block as written: hidden lines keep their places, linenostart does not move them.
    insta::assert_snapshot!(html("```txt,linenos,linenostart=10,hide_lines=1,hl_lines=2\na\nb\nc\n```\n"), @r##"
        <pre class="language-txt"><code class="language-txt" data-lang="txt"><mark><span class="giallo-ln" aria-hidden="true">11</span>b</mark>
        <span class="giallo-ln" aria-hidden="true">12</span>c
        </code></pre>
        "##);
}

#[test]
fn a_marked_line_is_whole_when_a_span_runs_across_lines() {
    let case = Case { config: config("highlight_code = true"), ..Case::default() };
    let html = case.html("```rust,hl_lines=2\n/* one\ntwo */\nfn three() {}\n```\n");
    let code = html.split_once("<code").unwrap().1;
    for line in code.lines() {
        assert_eq!(line.matches("<span").count(), line.matches("</span>").count(), "each line is whole: {line}");
    }
    let marked: Vec<&str> = code.lines().filter(|l| l.contains("<mark>")).collect();
    assert_eq!(marked.len(), 1, "{html}");
    assert!(
        marked[0]
            .starts_with("<mark><span class=\"z-source z-rust\"><span class=\"z-comment z-block z-rust\">two <span"),
        "{html}"
    );
    assert!(marked[0].ends_with("</mark>"), "{html}");
}

#[test]
fn data_lang_goes_where_data_attr_position_says() {
    let block = |position: &str| {
        let case = Case {
            config: config(&format!("[markdown.highlighting]\ndata_attr_position = \"{position}\"")),
            ..Case::default()
        };
        let html = case.html("```txt\nx\n```\n");
        html.split_once('\n').map(|(first, _)| first.to_string()).unwrap_or(html)
    };
    let code = r#"<code class="language-txt" data-lang="txt">x"#;
    assert_eq!(block("code"), format!(r#"<pre class="language-txt z-code">{code}"#));
    assert_eq!(block("both"), format!(r#"<pre data-lang="txt" class="language-txt z-code">{code}"#));
    assert_eq!(block("pre"), r#"<pre data-lang="txt" class="language-txt z-code"><code class="language-txt">x"#);
    assert_eq!(block("none"), r#"<pre class="language-txt z-code"><code class="language-txt">x"#);
}
