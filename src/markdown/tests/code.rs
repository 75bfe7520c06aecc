//! Code blocks and highlighting.

use super::*;
use crate::markdown::theme_css;

#[test]
fn highlighted_with_zola_classes() {
    let case = Case { config: config("highlight_code = true"), ..Case::default() };
    insta::assert_snapshot!(case.html("```rust,linenos\nfn main() {}\n```\n"), @"");
}

#[test]
fn plain_when_highlighting_is_off() {
    insta::assert_snapshot!(html("```rust\nfn main() {}\n```\n\n    indented <b>\n"), @"");
}

#[test]
fn unknown_language_is_a_warning() {
    let case = Case { config: config("highlight_code = true"), ..Case::default() };
    let (rendered, warnings) = case.run("Text.\n\n```xyz\na < b\n```\n").unwrap();
    insta::assert_snapshot!(rendered.html, @"");
    insta::assert_snapshot!(warnings.join("\n"), @"");
}

#[test]
fn unknown_language_is_an_error_when_the_config_says_so() {
    let case = Case {
        config: config("[markdown.highlighting]\nerror_on_missing_language = true"),
        ..Case::default()
    };
    insta::assert_snapshot!(case.errors("```xyz\nx\n```\n").join("\n"), @"");
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
