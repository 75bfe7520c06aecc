use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::content::{Front, Kind, PageFront, front_matter};

const O: &str = "{% redact(s=\"15(1)\") %}";
const E: &str = "{% end %}";

/// A page read from `text`, written to `dir` so that front matter errors can be located.
fn page(dir: &Path, name: &str, lang: &str, text: &str) -> SourcePage {
    let file = if lang == "en" { format!("{name}.md") } else { format!("{name}.{lang}.md") };
    let abs = dir.join(&file);
    std::fs::write(&abs, text).unwrap();
    let split = front_matter::split(text).unwrap();
    let front: PageFront = front_matter::parse(Path::new(&file), text, &split).unwrap();
    SourcePage {
        path: Path::new("content").join(&file),
        abs_path: abs,
        lang: lang.into(),
        key: format!("{name}.md"),
        kind: Kind::Page,
        front: Front::Page(Box::new(front)),
        body: split.body.into(),
        body_line: text[..split.body_offset].matches('\n').count() + 1,
        file_slug: name.into(),
        assets: Vec::new(),
    }
}

fn run_one(text: &str, mode: Mode) -> Result<Redacted, Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let p = page(dir.path(), "p", "en", text);
    run(vec![p], &Settings::new(mode)).map_err(|d| d.sorted().iter().map(ToString::to_string).collect())
}

fn error_of(text: &str) -> String {
    let errs = run_one(text, Mode::Public).unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:#?}");
    errs[0].clone()
}

#[test]
fn each_error_names_its_place_and_problem() {
    let fm = "+++\ntitle = \"T\"\n+++\n";
    let body_cases: &[(&str, &str, &str)] = &[
        ("a\n{% redact(s=\"15(1)\") %}x\n", "5:1", "`{% redact(...) %}` is never closed"),
        ("x {% end %}", "4:3", "`{% end %}` closes nothing"),
        ("ab {% redact(s=\"15(9)\") %}x{% end %}", "4:4", "unknown exemption `15(9)`"),
        ("{% redact(s=\"\") %}x{% end %}", "4:1", "empty `s`"),
        ("{% redact(s=\" , \") %}x{% end %}", "4:1", "empty `s`"),
        ("{% redact(s=\"15(1),,19(1)\") %}x{% end %}", "4:1", "empty exemption key"),
        ("{% redact() %}x{% end %}", "4:1", "needs `s`"),
        ("{% redact(s=15) %}x{% end %}", "4:1", "`s` must be a string"),
        ("{% redact(s=\"15(1)\", why=\"x\") %}x{% end %}", "4:1", "unknown argument `why`"),
        ("a {{ redact(s=\"15(1)\") }}", "4:3", "has no text to redact"),
        ("\n\nab {% redact s=\"15(1)\" %}x", "6:4", "looks like a redaction marker"),
        ("{%redact\n", "4:1", "looks like a redaction marker"),
        ("{{ fig(alt=\"{% redact(s='15(1)') %}x{% end %}\") }}", "4:1", "in the arguments of `fig`"),
        (
            "{% redact(s=\"15(1)\") %}a {% redact(s=\"19(1)\") %}b{% end %}{% end %}",
            "4:26",
            "a redaction inside a redaction",
        ),
        ("{% note() %}\n  é {% redact(s=\"PA 99\") %}x{% end %}\n{% end %}", "5:5", "unknown exemption `PA 99`"),
    ];
    for (body, at, msg) in body_cases {
        let e = error_of(&format!("{fm}{body}"));
        let want = format!("content/p.md:{at}: error: ");
        assert!(e.starts_with(&want) && e.contains(msg), "{body:?}\n got: {e}\nwant: {want}… {msg}");
    }
    let front_cases: &[(&str, &str, &str)] = &[
        ("title = 'T'\nslug = '{% redact(s=\"15(1)\") %}x{% end %}'\n", "3:9", "cannot be honoured in `slug`"),
        ("aliases = ['/a', '{% redact(s=\"15(1)\") %}x{% end %}']\n", "2:19", "cannot be honoured in `aliases`"),
        ("title = 'a {% redact(s=\"99\") %}x{% end %}'\n", "2:12", "in `title`: unknown exemption `99`"),
        ("title = \"a {% redact(s=\\\"15(1)\\\") %}x\"\n", "2:9", "in `title`: `{% redact(...) %}` is never closed"),
        (
            "[taxonomies]\ntags = ['ok', '{{ redact(s=\"15(1)\") }}']\n",
            "3:16",
            "in `taxonomies.tags`: `{{ redact(...) }}` has no text",
        ),
        ("[extra]\nwithheld = \"99\"\n", "3:13", "in `extra.withheld`: unknown exemption `99`"),
        ("[extra]\nwithheld = true\n", "3:1", "`extra.withheld` must name the exemption(s)"),
        (
            "[extra.a]\nb = [{ c = '{% redact(s=\"1\") %}x{% end %}' }]\n",
            "3:13",
            "in `extra.a.b[0].c`: unknown exemption `1`",
        ),
    ];
    for (front, at, msg) in front_cases {
        let e = error_of(&format!("+++\n{front}+++\nbody\n"));
        let want = format!("content/p.md:{at}: error: ");
        assert!(e.starts_with(&want) && e.contains(msg), "{front:?}\n got: {e}\nwant: {want}… {msg}");
    }
}

#[test]
fn errors_are_collected_over_all_pages_and_sorted() {
    let dir = tempfile::tempdir().unwrap();
    let a = page(dir.path(), "a", "en", &format!("+++\n+++\n{E}\n{O}\n"));
    let b = page(dir.path(), "b", "en", &format!("+++\ntitle = '{{%redact'\n+++\n{O}x{E}\n{{{{ redact() }}}}"));
    let errs: Vec<String> =
        run(vec![b, a], &Settings::new(Mode::Public)).unwrap_err().sorted().iter().map(ToString::to_string).collect();
    let places: Vec<&str> = errs.iter().map(|e| e.split(": error").next().unwrap()).collect();
    assert_eq!(places, ["content/a.md:3:1", "content/b.md:2:10", "content/b.md:5:1"], "{errs:#?}");
}

#[test]
fn public_pages_hold_placeholders_only() {
    let text = format!(
        "+++\ntitle = 'Plan {O}zqtitle{E}'\n[extra]\nwho = ['{O}zqwho{E}']\n+++\nA {O}zqspan{E} b.\n\n> {O}\n> zqblock\n> {E}\n\n{{%/* redact(s=\"15(1)\") */%}}\n"
    );
    let r = run_one(&text, Mode::Public).unwrap();
    let p = &r.pages[0];
    assert!(!format!("{:?}", r.pages).contains("zq"));
    assert_eq!(p.source().front.title(), Some("Plan [Redacted]"));
    assert_eq!(p.source().front.extra()["who"][0].as_str(), Some("[Redacted]"));
    assert_eq!(p.source().body, "A \u{E000}0\u{E001} b.\n\n> \u{E000}1\u{E001}\n\n{%/* redact(s=\"15(1)\") */%}\n");
    assert_eq!(p.spans()[0].html, SpanHtml::Public { html: "<span class=\"redacted\">[Redacted]</span>".into() });
    assert_eq!(p.spans()[1].html, SpanHtml::Public { html: "<p class=\"redacted\">[Redacted]</p>".into() });
    assert!(p.spans()[1].block);
    let escaped = p.source().body.find("{%/*").unwrap();
    assert_eq!(p.location(escaped), (12, 1));
    assert_eq!(p.location(p.source().body.find(" b.").unwrap()), (6, 3 + 6 + O.len() + E.len()));
    let places: Vec<(usize, &Place)> = r.log.entries.iter().map(|e| (e.line, &e.place)).collect();
    assert_eq!(
        places,
        [
            (2, &Place::Front("title".into())),
            (4, &Place::Front("extra.who[0]".into())),
            (6, &Place::Span),
            (8, &Place::Block)
        ]
    );
    assert_eq!(r.secrets.len(), 4);
}

#[test]
fn front_matter_escapes_print_the_marker_and_other_shortcodes_stay() {
    let text = "+++\ndescription = 'See {%/* redact(s=\"15(1)\") */%} and {{ other() }}'\n+++\n{{/* x() */}}\n";
    let r = run_one(text, Mode::Public).unwrap();
    let p = r.pages[0].source();
    assert_eq!(p.front.description(), Some("See {% redact(s=\"15(1)\") %} and {{ other() }}"));
    assert_eq!(p.body, "{{/* x() */}}\n");
    assert!(!r.pages[0].has_redactions());
}

#[test]
fn release_package_style_cites_every_exemption_in_the_page_language() {
    let mut s = Settings::new(Mode::Public);
    s.style = RedactionStyle::ReleasePackage;
    let x = ["19(1)".to_string(), "21(1)(a)".to_string()];
    assert_eq!(s.placeholder("en", &x), "[Redacted s. 19(1), s. 21(1)(a)]");
    assert_eq!(s.placeholder("fr", &x), "[Caviardé par. 19(1), al. 21(1)a)]");
    s.placeholders.insert("fr".into(), "[ * ]".into());
    s.style = RedactionStyle::Placeholder;
    assert_eq!(s.placeholder("fr", &x), "[ * ]");
}

#[test]
fn internal_pages_show_the_secret_with_badges() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "+++\ntitle = 'T {O}zqtitle{E}'\n[extra]\nwithheld = '19(1)'\n+++\nUn {{% redact(s=\"21(1)(a), 15(1)\", note=\"à revoir\") %}}*zq*{E}.\n\n- {O}\n  zqblock\n  {E}\n"
    );
    let p = page(dir.path(), "p", "fr", &text);
    let r = run(vec![p], &Settings::new(Mode::Internal)).unwrap();
    let p = &r.pages[0];
    assert_eq!(p.withheld(), ["19(1)"]);
    assert_eq!(r.withheld.len(), 1);
    assert_eq!(p.source().front.title(), Some("T zqtitle"));
    assert!(r.secrets.is_empty());
    let SpanHtml::Internal { open, markdown, close } = &p.spans()[0].html else { panic!("{:?}", p.spans()) };
    assert_eq!(
        open,
        "<mark class=\"redaction\" data-exemptions=\"21(1)(a), 15(1)\" title=\"à revoir\">\
         <span class=\"redaction-badge\">al. 21(1)a) — Avis ou recommandations</span> \
         <span class=\"redaction-badge\">par. 15(1) — Affaires internationales et défense</span> "
    );
    assert_eq!((markdown.as_str(), close.as_str()), ("*zq*", "</mark>"));
    assert_eq!(p.spans()[0].placeholder, "[Caviardé]");
    let SpanHtml::Internal { open, markdown, close } = &p.spans()[1].html else { panic!() };
    assert!(open.starts_with("<div class=\"redaction\" data-exemptions=\"15(1)\"><span class=\"redaction-badge\">"));
    assert_eq!((markdown.as_str(), close.as_str()), ("zqblock\n", "</div>"));
}

#[test]
fn withheld_pages_are_dropped_from_public_builds_and_parity_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let en = page(dir.path(), "p", "en", &format!("+++\n[extra]\nwithheld = '15(1), 19(1)'\n+++\n{O}x{E}\n"));
    let fr = page(dir.path(), "p", "fr", &format!("+++\n[extra]\ncleared = true\n+++\n{O}x{E}\n"));
    let r = run(vec![en, fr], &Settings::new(Mode::Public)).unwrap();
    assert_eq!(r.pages.len(), 1);
    assert_eq!(r.pages[0].source().lang, "fr");
    let w = &r.withheld[0];
    assert_eq!(
        (w.key.as_str(), w.lang.as_str(), w.exemptions.clone()),
        ("p.md", "en", vec!["15(1)".into(), "19(1)".into()])
    );
    assert_eq!(r.log.withheld, r.withheld);
    assert_eq!(r.log.parity.len(), 1);
    assert!(render(&r.log, Format::Text).contains("page withheld under 15(1), 19(1)"));
}

/// Where a random secret goes: (front matter lines, body).
fn channel(i: usize, secret: &str) -> (String, String) {
    let m = format!("{O}{secret}{E}");
    let body = |b: String| (String::new(), b);
    match i {
        0 => body(format!("Para {m} end.\n")),
        1 => body(format!("Intro\n{O}\n{secret}\n\nmore\n{E}\nafter\n")),
        2 => body(format!("# Heading {m}\n")),
        3 => body(format!("- item {m}\n- two\n")),
        4 => body(format!("| a | b |\n|---|---|\n| {m} | x |\n")),
        5 => body(format!("[{m}](http://x)\n")),
        6 => body(format!("![{m}](p.png)\n")),
        7 => body(format!("Text[^1].\n\n[^1]: {m}\n")),
        8 => body(format!("> quote {m}\n")),
        9 => body(format!("```\ncode {m}\n```\n")),
        10 => (format!("title = 'T {m}'\n"), String::new()),
        11 => (format!("description = '{m} d'\n"), String::new()),
        12 => (format!("[extra.a.b]\nc = ['x', {{ d = '{m}' }}]\n"), String::new()),
        _ => (format!("[taxonomies]\ntags = ['{m}']\n"), String::new()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn secrets_never_reach_public_pages(tokens in proptest::collection::btree_map(0usize..14, "[a-z]{6,12}", 1..5)) {
        let (mut keys, mut tables, mut body) = (String::new(), String::new(), String::new());
        for (ch, t) in &tokens {
            let (f, b) = channel(*ch, &format!("zqsecret{t}"));
            if f.starts_with('[') { tables.push_str(&f) } else { keys.push_str(&f) }
            body.push_str(&b);
            body.push('\n');
        }
        let text = format!("+++\n{keys}{tables}+++\n{body}");
        let public = run_one(&text, Mode::Public).map_err(|e| TestCaseError::fail(format!("{e:?}\n{text}")))?;
        // The whole value: `Secrets` prints counts only, never text.
        let shown = format!("{public:?}");
        prop_assert!(!shown.contains("zqsecret"), "{}\n{}", text, shown);
        let internal = run_one(&text, Mode::Internal).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        // The page and its spans (its reviewers' marks show the front matter's secrets again).
        let shown: String = internal.pages.iter().map(|p| format!("{:?}{:?}", p.source(), p.spans())).collect();
        let expected = text.matches("zqsecret").count();
        prop_assert_eq!(shown.matches("zqsecret").count(), expected, "{}", text);
    }

    #[test]
    fn marker_fragments_never_panic(
        body in "(\\{% redact\\(s=\"15\\(1\\)\"\\) %\\}|\\{% end %\\}|\\{\\{ redact\\(\\) \\}\\}|\\{%/\\* redact \\*/%\\}|\\{%|%\\}|\\{\\{|\\}\\}|redact|\\(|\\)|\"|\n|> |- |```|é|a| ){0,30}"
    ) {
        let text = format!("+++\ntitle = '{}'\n+++\n{body}", body.replace(['\'', '\n'], ""));
        if let Ok(r) = run_one(&text, Mode::Public) {
            for p in &r.pages {
                let b = &p.source().body;
                for i in (0..=b.len()).filter(|i| b.is_char_boundary(*i)) {
                    let (line, _) = p.location(i);
                    prop_assert!(line >= 4);
                }
            }
        }
        let _ = run_one(&text, Mode::Internal);
    }
}
