use super::*;

#[test]
fn paragraph() {
    insta::assert_snapshot!(html("Hello *world*"), @"<p>Hello <em>world</em></p>");
}
