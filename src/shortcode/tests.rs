use super::*;
use serde_json::json;

fn calls(text: &str) -> Vec<(String, serde_json::Value, Option<String>)> {
    parse(text)
        .unwrap()
        .into_iter()
        .filter_map(|p| match p {
            Piece::Call(c) => Some((c.name, serde_json::Value::Object(c.args), c.body.map(|b| text[b].to_string()))),
            _ => None,
        })
        .collect()
}

#[test]
fn inline_and_block_calls_with_every_argument_kind() {
    let text =
        r#"a {{ youtube(id="x\"y", n=3, f=-1.5, ok=true, l=['a', `b`]) }} b {% note(kind='tip') %}body{% end %} c"#;
    let got = calls(text);
    assert_eq!(got[0].0, "youtube");
    assert_eq!(got[0].1, json!({"id": "x\"y", "n": 3, "f": -1.5, "ok": true, "l": ["a", "b"]}));
    assert_eq!(got[1], ("note".into(), json!({"kind": "tip"}), Some("body".into())));
}

#[test]
fn pieces_cover_the_text_in_order() {
    let text = "x {{ a() }} y {%/* b() */%} z";
    let pieces = parse(text).unwrap();
    assert_eq!(pieces.len(), 5);
    assert_eq!(pieces[0], Piece::Text(0..2));
    assert!(matches!(&pieces[1], Piece::Call(c) if c.span == (2..11)));
    assert_eq!(pieces[3], Piece::Escaped { span: 14..27, literal: "{% b() %}".into() });
    assert_eq!(pieces[4], Piece::Text(27..29));
    let end = parse("{%/* end */%}").unwrap();
    assert_eq!(end, vec![Piece::Escaped { span: 0..13, literal: "{% end %}".into() }]);
}

#[test]
fn nested_blocks_match_their_own_end() {
    let text = "{% outer() %}A {% redact(s=\"15(1)\") %}B{% end %} C{% end %}";
    let got = calls(text);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].2.as_deref(), Some("A {% redact(s=\"15(1)\") %}B{% end %} C"));
    let inner = calls(got[0].2.as_deref().unwrap());
    assert_eq!(inner[0].0, "redact");
    assert_eq!(inner[0].2.as_deref(), Some("B"));
}

#[test]
fn look_alikes_are_text() {
    for text in ["{{ x }}", "{% if a %}", "{ {", "{{ 3() }}", "set {a}", "{%", "{{", "{{/* end */}}", "{{/* x */}}"] {
        assert_eq!(parse(text).unwrap(), vec![Piece::Text(0..text.len())], "{text}");
    }
}

#[test]
fn malformed_calls_are_text_as_in_zola() {
    for text in [
        "{% a(x=) %}body{% end %}",
        "{{ a(x=1) }",
        "{{ a(x=) }}",
        "{{ a(x='open) }}",
        "{{ a(x=1, x=2) }}",
        "{{/* no end",
    ] {
        let pieces = parse(text).unwrap();
        assert!(pieces.iter().all(|p| !matches!(p, Piece::Call(_))), "{text}: {pieces:?}");
    }
}

#[test]
fn arguments_need_no_commas() {
    assert_eq!(calls("{{ a(x=1 y='b') }}")[0].1, json!({"x": 1, "y": "b"}));
}

#[test]
fn calls_in_code_are_calls_as_in_zola() {
    let got = calls("```\n{{ a(x=1) }}\n{% redact(s=\"15(1)\") %}B{% end %}\n```");
    assert_eq!((got[0].0.as_str(), got[1].0.as_str()), ("a", "redact"));
}

#[test]
fn errors_name_the_problem_and_place() {
    let cases = [
        ("ab {% end %}", 3, "closes nothing"),
        ("{% note() %}never closed", 0, "`{% note(...) %}` is never closed"),
        ("{{ redact(s=1) }", 15, "must end with `}}`"),
        ("{{ redact(x=) }}", 12, "expected a value"),
        ("{{ redact(x='open) }}", 12, "never closed"),
        ("{{ redact(x=1, x=2) }}", 15, "given twice"),
    ];
    for (text, offset, msg) in cases {
        let e = parse(text).unwrap_err();
        assert_eq!(e.offset, offset, "{text}: {e:?}");
        assert!(e.message.contains(msg), "{text}: {}", e.message);
    }
}

proptest::proptest! {
    #[test]
    fn never_panics_and_spans_stay_in_bounds(text in "(\\{|\\}|%|end|redact|\\(|\\)|=|\"|'|,|/\\*|\\*/| |a|\n){0,40}") {
        if let Ok(pieces) = parse(&text) {
            for p in pieces {
                let span = match p { Piece::Text(r) => r, Piece::Escaped { span, .. } => span, Piece::Call(c) => c.span };
                proptest::prop_assert!(span.end <= text.len() && text.is_char_boundary(span.start));
            }
        }
    }
}

#[test]
fn nesting_deeper_than_the_limit_is_an_error_at_the_first_call_too_deep() {
    let ok = format!("{}x{}", "{% a() %}".repeat(MAX_DEPTH), "{% end %}".repeat(MAX_DEPTH));
    assert!(parse(&ok).is_ok());
    let deep = format!("{}x{}", "{% a() %}".repeat(3000), "{% end %}".repeat(3000));
    let err = parse(&deep).unwrap_err();
    assert_eq!(err.offset, MAX_DEPTH * "{% a() %}".len());
    assert!(err.message.contains("nested more than"), "{}", err.message);
}
