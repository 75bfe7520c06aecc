//! The redaction pass end to end: the bundled site, the audit, withheld pages, the log, and a
//! property test that random secrets in random channels never reach the public output.

mod common;

use std::path::Path;

use cahier::build::{Failure, build};
use cahier::redact::Mode;
use common::Fixture;

/// Every byte of every output file, gzip-compressed files decompressed, lowercased.
fn all_output(dir: &Path) -> String {
    use std::io::Read;
    let mut out = String::new();
    for rel in common::list(dir) {
        let bytes = std::fs::read(dir.join(&rel)).unwrap();
        let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut d = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut d).unwrap();
            d
        } else {
            bytes
        };
        out.push_str(&String::from_utf8_lossy(&bytes).to_lowercase());
        out.push('\n');
    }
    out
}

#[test]
fn the_bundled_site_publishes_placeholders_and_never_the_secrets() {
    let f = Fixture::new("site");
    f.build_ok();
    let out = all_output(&f.out());
    for secret in
        ["hong kong, afghanistan", "a leading driver of canada-u.s. engagement", "on regionalization and asylum"]
    {
        assert!(!out.contains(secret), "`{secret}` is in the public output");
    }
    let page = f.read("en/minister-2021/relations/index.html");
    assert!(page.contains(r#"<span class="redacted">[Redacted]</span>"#), "span placeholder");
    assert!(page.contains(r#"<p class="redacted">[Redacted]</p>"#), "block placeholder");
    assert_eq!(page.matches("appears where sensitive information has been removed").count(), 1, "the notice, once");
    let fr = f.read("fr/ministre-2021/relations-fpt-internationales/index.html");
    assert!(fr.contains("[Caviardé]"));
    assert!(!f.out().join("en/minister-2021/briefing-fpt-ministers-meeting").exists(), "withheld page");
    assert!(!f.read("sitemap.xml").contains("briefing"), "withheld page in the sitemap");
}

#[test]
fn the_internal_build_shows_the_secrets_with_their_exemptions() {
    let f = Fixture::new("site");
    let report = build(&f.options(Mode::Internal)).unwrap();
    let page = std::fs::read_to_string(report.output_dir.join("en/minister-2021/relations/index.html")).unwrap();
    assert!(page.contains("Hong Kong, Afghanistan"));
    assert!(page.contains(r#"<mark class="redaction" data-exemptions="15(1)">"#), "{page}");
    assert!(page.contains("International affairs"), "the catalogue's description");
    assert!(page.contains(r#"<meta name="robots" content="noindex"#), "noindex");
    assert!(report.output_dir.join("en/minister-2021/briefing-fpt-ministers-meeting/index.html").exists());
    assert!(!f.out().exists(), "nothing written to the public folder");
}

#[test]
fn a_template_that_leaks_stops_the_build_and_keeps_the_previous_output() {
    let f = Fixture::new("leak");
    // First a good build, with a harmless template.
    std::fs::write(
        f.root().join("templates/page.html"),
        "<html lang=\"en\"><body>{{ page.content | safe }}</body></html>",
    )
    .unwrap();
    f.build_ok();
    let before = f.read("memo/index.html");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/leak/templates/page.html"),
        f.root().join("templates/page.html"),
    )
    .unwrap();
    match f.build() {
        Err(Failure::Leaks(leaks)) => {
            assert_eq!(leaks[0].output, Path::new("memo/index.html"));
            assert_eq!((leaks[0].source.as_path(), leaks[0].line), (Path::new("content/memo.md"), 4));
        }
        other => panic!("the audit should stop the build: {other:?}"),
    }
    assert_eq!(f.read("memo/index.html"), before, "the previous output is intact");
}

#[test]
fn a_secret_in_a_url_or_a_slug_stops_the_build_and_keeps_the_previous_output() {
    // Regression: the audit did not percent-decode output, and compared slugs with the secret's
    // punctuation, so a template that put redacted text in a link (`?q=in%20Geneva%2C…`) or an
    // id (`in-geneva-with-ruritania-s-…`) published it.
    use assert_cmd::Command;
    let f = Fixture::new("leak");
    f.write(
        "content/memo.md",
        "+++\ntitle = \"Memo\"\n+++\nThe meeting is {% redact(s=\"15(1)\") %}in Geneva, with Ruritania's delegation{% end %}.\n",
    );
    let template = |leak: &str| format!("<html lang=\"en\"><body>{{{{ page.content | safe }}}}{leak}</body></html>");
    f.write("templates/page.html", &template(""));
    f.build_ok();
    let before = f.read("memo/index.html");
    // A data file that holds the text without a marker (one with a marker is refused at its
    // source: a template reading the page's own file is not a channel).
    f.write("data/minutes.txt", "The meeting is in Geneva, with Ruritania's delegation.\n");
    let source = r#"load_data(path="data/minutes.txt", format="plain")"#;
    for leak in [
        format!(r#"<a href="/search/?q={{{{ {source} | urlencode }}}}">Search</a>"#),
        format!(r#"<h2 id="{{{{ {source} | slugify }}}}">Memo</h2>"#),
    ] {
        f.write("templates/page.html", &template(&leak));
        let out = Command::cargo_bin("cahier").unwrap().arg("--root").arg(f.root()).arg("build").output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{leak}: {stderr}");
        assert!(
            stderr.contains(
                "memo/index.html: error: the public output contains redacted text from content/memo.md:4 (the text itself is not shown here)"
            ),
            "{leak}: {stderr}"
        );
        assert!(!stderr.contains("Geneva"), "the message never shows the secret: {stderr}");
        assert_eq!(f.read("memo/index.html"), before, "{leak}: the previous output is intact");
    }
}

#[test]
fn common_words_in_urls_slugs_and_tags_are_not_leaks() {
    // A short, common redacted word is audited with its context: the same word in a tag's URL,
    // a heading id or a search link elsewhere is not a leak.
    let f = Fixture::new("leak");
    std::fs::remove_dir_all(f.root().join("templates")).unwrap();
    f.write("config.toml", "base_url = \"https://example.org\"\ntitle = \"T\"\ntaxonomies = [{ name = \"tags\" }]\n");
    f.write(
        "content/memo.md",
        "+++\ntitle = \"Memo\"\ntaxonomies = { tags = [\"Canada\", \"Bob\"] }\n+++\nFunding from {% redact(s=\"15(1)\") %}Canada{% end %} for the region.\n\nWe met {% redact(s=\"19(1)\") %}Bob{% end %} on Monday.\n",
    );
    f.write(
        "content/other.md",
        "+++\ntitle = \"Canada and Bob\"\ntaxonomies = { tags = [\"Canada\"] }\n+++\n## Canada\n\n## Bob\n\n[Search](/search/?q=Canada+region%20Bob%2C+Monday) Canada, Bob.\n",
    );
    f.build_ok();
    assert!(f.read("tags/canada/index.html").contains("Canada"));
}

/// A taxonomy term that holds a marker is left out of the public build (no term page named
/// after the placeholder gathers the pages with withheld terms); the internal build has it.
#[test]
fn a_redacted_taxonomy_term_is_left_out_of_the_public_build() {
    let f = Fixture::new("leak");
    std::fs::remove_dir_all(f.root().join("templates")).unwrap();
    f.write("config.toml", "base_url = \"https://example.org\"\ntitle = \"T\"\ntaxonomies = [{ name = \"tags\" }]\n");
    for (page, secret) in [("a", "Project Zephyr"), ("b", "Operation Quill")] {
        f.write(
            &format!("content/{page}.md"),
            &format!("+++\ntitle = \"{page}\"\n[taxonomies]\ntags = ['Open', '{{% redact(s=\"15(1)\") %}}{secret}{{% end %}}']\n+++\nText.\n"),
        );
    }
    f.build_ok();
    let tags: Vec<String> = f.files().into_iter().filter(|p| p.starts_with("tags/")).collect();
    assert_eq!(tags, ["tags/index.html", "tags/open/index.html"], "no term page for the withheld terms");
    let page = f.read("a/index.html");
    assert!(page.contains(">Open</a>") && !page.contains("Redacted"), "only the open term is listed: {page}");
    let internal = build(&f.options(Mode::Internal)).unwrap().output_dir;
    for term in ["tags/project-zephyr/index.html", "tags/operation-quill/index.html"] {
        assert!(internal.join(term).is_file(), "{term} in the internal build");
    }
}

/// A Word copy of a redacted page, published as an attachment, stops the public build: the
/// audit reads inside Office and OpenDocument files.
#[test]
fn a_secret_in_a_word_attachment_stops_the_public_build() {
    use std::io::Write;
    let mut docx = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    docx.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    docx.write_all(b"<w:p><w:r><w:t>Funding for Project Zephyr.</w:t></w:r></w:p>").unwrap();
    let err = build_with_attachment("memo.docx", docx.finish().unwrap().into_inner());
    assert!(
        err.contains(
            "memo.docx/word/document.xml: error: the public output contains redacted text from content/memo.md:4"
        ),
        "{err}"
    );
}

/// The errors of a public build of a page that withholds "Project Zephyr" (line 4 of
/// `content/memo.md`), with `static/{name}` holding `bytes`.
fn build_with_attachment(name: &str, bytes: Vec<u8>) -> String {
    let f = Fixture::new("leak");
    f.write(
        "content/memo.md",
        "+++\ntitle = \"Memo\"\n+++\nFunding for {% redact(s=\"15(1)\") %}Project Zephyr{% end %}.\n",
    );
    std::fs::create_dir_all(f.root().join("static")).unwrap();
    std::fs::write(f.root().join("static").join(name), bytes).unwrap();
    f.build_err()
}

/// The audit reads a PDF's page text, which its compressed content stream hides from a
/// byte search.
#[test]
fn a_secret_in_a_pdf_attachment_stops_the_public_build() {
    use pdf_extract::{Dictionary, Document, Object, Stream};
    use std::io::Write;
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    zlib.write_all(b"BT /F1 12 Tf 72 720 Td (Funding for Project Zephyr.) Tj ET").unwrap();
    let mut stream_dict = Dictionary::new();
    stream_dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"Type1".to_vec()));
    font.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
    let mut page = Dictionary::new();
    page.set("Type", Object::Name(b"Page".to_vec()));
    page.set("Parent", pages_id);
    page.set("Contents", doc.add_object(Stream::new(stream_dict, zlib.finish().unwrap())));
    let fonts = Dictionary::from_iter([("F1", Object::from(doc.add_object(font)))]);
    page.set("Resources", Dictionary::from_iter([("Font", Object::from(fonts))]));
    let page_id = doc.add_object(page);
    let pages = Dictionary::from_iter([
        ("Type", Object::Name(b"Pages".to_vec())),
        ("Kids", vec![Object::from(page_id)].into()),
        ("Count", 1.into()),
        ("MediaBox", vec![Object::from(0), 0.into(), 612.into(), 792.into()].into()),
    ]);
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let catalog = doc
        .add_object(Dictionary::from_iter([("Type", Object::Name(b"Catalog".to_vec())), ("Pages", pages_id.into())]));
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let err = build_with_attachment("memo.pdf", bytes);
    assert!(
        err.contains("memo.pdf#text: error: the public output contains redacted text from content/memo.md:4"),
        "{err}"
    );
}

#[test]
fn a_public_page_cannot_link_to_a_withheld_page() {
    let f = Fixture::new("leak");
    f.write("content/secret.md", "+++\ntitle = \"Secret\"\n[extra]\nwithheld = \"21(1)(a)\"\n+++\nAdvice.\n");
    f.write("content/memo.md", "+++\ntitle = \"Memo\"\n+++\nSee [the advice](@/secret.md).\n");
    let err = f.build_err();
    assert!(
        err.contains("content/memo.md:4:5: error: broken internal link `@/secret.md`: that page is withheld"),
        "{err}"
    );
}

mod channels {
    use super::*;
    use proptest::prelude::*;

    /// Where a secret can be written, and whether the internal build shows it as text.
    const CHANNELS: &[(&str, bool)] = &[
        ("span", true),
        ("block", true),
        ("heading", true),
        ("list", true),
        ("table", true),
        ("link", true),
        ("alt", false),
        ("footnote", true),
        ("quote", true),
        ("code", true),
        ("title", true),
        ("description", true),
        ("extra", false),
        ("term", true),
        ("attachment", true),
        ("withheld", true),
        ("target", true),
    ];

    fn page(picks: &[(usize, String)]) -> String {
        let mark = |t: &str| format!("{{% redact(s=\"19(1)\") %}}{t}{{% end %}}");
        let mut title = "title = 'Page".to_string();
        let mut description = "description = 'About".to_string();
        let mut extra = String::new();
        let mut terms = vec!["'open'".to_string()];
        let mut body = vec!["Intro text.".to_string()];
        for (c, token) in picks {
            match CHANNELS[*c].0 {
                "span" => body.push(format!("A sentence with {} inside.", mark(token))),
                "block" => {
                    body.push(format!("{{% redact(s=\"19(1)\") %}}\nA whole paragraph about {token}.\n{{% end %}}"))
                }
                "heading" => body.push(format!("## Heading {}", mark(token))),
                "list" => body.push(format!("- item one\n- item {}", mark(token))),
                "table" => body.push(format!("| a | b |\n|---|---|\n| x | {} |", mark(token))),
                "link" => body.push(format!("[link {}](https://example.org/)", mark(token))),
                "alt" => body.push(format!("![alt {}](pic.png)", mark(token))),
                "footnote" => body.push(format!("Noted.[^n]\n\n[^n]: Footnote {}.", mark(token))),
                "quote" => body.push(format!("> Quoted {}.", mark(token))),
                "code" => body.push(format!("```\nlet x = \"{}\";\n```", mark(token))),
                "title" => title.push_str(&format!(" {}", mark(token))),
                "description" => description.push_str(&format!(" {}", mark(token))),
                "extra" => extra = format!("[extra]\nnote = '{}'\n", mark(token)),
                // A file only redacted text links to (written beside the page by the test).
                "attachment" => body.push(format!("See {}.", mark(&format!("[the annex]({token}.txt)")))),
                // A page of its own, withheld (written by the test).
                "withheld" => {}
                "target" => body.push(format!("Get {}.", mark(&format!("[it](https://files.example/{token}.pdf)")))),
                _ => terms.push(format!("'{}'", mark(token))),
            }
        }
        title.push('\'');
        description.push('\'');
        format!(
            "+++\n{}\n{description}\ndate = 2024-01-01\ntaxonomies = {{ tags = [{}] }}\n{extra}+++\n\n{}\n",
            title,
            terms.join(", "),
            body.join("\n\n")
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        #[test]
        fn secrets_never_reach_the_public_output(picks in proptest::collection::vec((0..CHANNELS.len(), "zq[a-z]{8}"), 1..5)) {
            let f = Fixture::new("leak");
            std::fs::remove_dir_all(f.root().join("templates")).unwrap();
            std::fs::write(f.root().join("config.toml"), "base_url = \"https://example.org\"\ntitle = \"T\"\ntaxonomies = [{ name = \"tags\" }]\ngenerate_feeds = true\nbuild_search_index = true\n").unwrap();
            std::fs::remove_file(f.root().join("content/memo.md")).unwrap();
            f.write("content/memo/index.md", &page(&picks));
            for (c, token) in &picks {
                match CHANNELS[*c].0 {
                    "attachment" => f.write(&format!("content/memo/{token}.txt"), &format!("annex {token}")),
                    "withheld" => f.write(
                        &format!("content/w-{token}.md"),
                        &format!("+++\ntitle = 'Briefing {token}'\n[extra]\nwithheld = '15(1)'\n+++\nThe plan {token} stands.\n"),
                    ),
                    _ => {}
                }
            }
            f.build_ok();
            let public = all_output(&f.out()) + &f.files().join("\n").to_lowercase();
            prop_assert!(f.out().join("pagefind/pagefind-entry.json").exists(), "the search index is part of what is checked");
            let internal_report = build(&f.options(Mode::Internal)).unwrap();
            let internal = all_output(&internal_report.output_dir) + &common::list(&internal_report.output_dir).join("\n");
            for (c, token) in &picks {
                prop_assert!(!public.contains(token.as_str()), "{token} ({}) leaked into the public output", CHANNELS[*c].0);
                if CHANNELS[*c].1 {
                    prop_assert!(internal.contains(token.as_str()), "{token} ({}) is missing from the internal output", CHANNELS[*c].0);
                }
            }
        }
    }
}

#[test]
fn the_redaction_log_in_every_format() {
    use assert_cmd::Command;
    let f = Fixture::new("site");
    let run = |format: &str| {
        let out = Command::cargo_bin("cahier")
            .unwrap()
            .arg("--root")
            .arg(f.root())
            .args(["redactions", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run("text");
    assert!(text.contains("content/minister-2021/relations.md:43: [en] 15(1) span"), "{text}");
    assert!(text.contains("page withheld under 21(1)(b)"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert!(json["entries"].as_array().unwrap().len() >= 10);
    let csv = run("csv");
    assert!(csv.lines().count() > 10 && csv.contains("15(1)"));
}
