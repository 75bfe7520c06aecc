//! Unit tests of the audit: planted secrets in every form it reads, clean output, failures.

use std::io::Write;

use super::*;
use crate::redact::secrets::SecretSpan;

fn secrets(list: &[(&str, &str, &str)]) -> Secrets {
    let mut s = Secrets::default();
    for (i, (secret, before, after)) in list.iter().enumerate() {
        s.add(&SecretSpan { secret, before, after, source: "content/a.md".into(), line: i + 1 }, 4);
    }
    s
}

fn gzip(text: &str) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(text.as_bytes()).unwrap();
    e.finish().unwrap()
}

#[test]
fn finds_planted_secrets_in_every_disguise() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = secrets(&[("L'**opération** Zqsecret-Alpha", "", ""), ("Bob", "met with", "on Monday")]);
    let files: &[(&str, &[u8])] = &[
        ("entities.html", b"<p>l&#8217;Op&eacute;ration ZQSECRET&nbsp;alpha</p>"),
        ("tags.html", "<p>l’<em>opé</em>ration zqsecret<span>-alpha</span></p>".as_bytes()),
        ("json.json", br#"{"t":"l'op\u00e9ration zqsecret alpha"}"#),
        ("slug.html", b"<h2 id=\"l-operation-zqsecret-alpha\">x</h2>"),
        ("short.html", b"<p>They met with BOB on Monday.</p>"),
    ];
    for (name, bytes) in files {
        std::fs::write(d.join(name), bytes).unwrap();
    }
    std::fs::create_dir(d.join("pagefind")).unwrap();
    std::fs::write(d.join("pagefind/x.pf_fragment"), gzip("{\"content\":\"l'operation zqsecret alpha\"}")).unwrap();
    let leaks = scan(d, &s).unwrap();
    let names = leak_names(&leaks, d);
    assert_eq!(names, ["entities.html", "json.json", "pagefind/x.pf_fragment", "short.html", "slug.html", "tags.html"]);
    assert_eq!((leaks[0].source.to_str(), leaks[0].line), (Some("content/a.md"), 1));
    assert_eq!(leaks[3].line, 2);
}

/// The output files (relative to `dir`) of `leaks`, in order.
fn leak_names(leaks: &[Leak], dir: &Path) -> Vec<String> {
    leaks.iter().map(|l| l.output.strip_prefix(dir).unwrap().display().to_string()).collect()
}

/// The output files of `scan` that hold a leak, with the source line of each.
fn hits(files: &[(&str, &str)], s: &Secrets) -> Vec<(String, usize)> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let leaks = scan(dir.path(), s).unwrap();
    leaks.iter().map(|l| (l.output.strip_prefix(dir.path()).unwrap().display().to_string(), l.line)).collect()
}

#[test]
fn finds_secrets_percent_encoded_in_urls() {
    // Gap: the audit did not percent-decode, so a secret in a link's path or query string
    // (`%20`, `%C3%A9`, `+` for a space) went through.
    let s =
        secrets(&[("Project Nightingale", "", ""), ("Opération Rossignol", "", ""), ("Bob", "met with", "on Monday")]);
    let files = [
        ("q.html", r#"<a href="/search/?q=Project%20Nightingale">x</a>"#),
        ("plus.html", r#"<a href="/search/?q=project+nightingale&amp;page=2">x</a>"#),
        ("utf8.html", r#"<a href="/tags/op%C3%A9ration-rossignol/">x</a>"#),
        ("short.html", r#"<a href="/search/?q=met+with+Bob">x</a>"#),
        ("clean.html", r#"<a href="/tags/bob/?q=Bob%20Smith">Bob</a> 100%25 done, 50% left, c++ or a+b"#),
    ];
    let found = hits(&files, &s);
    assert_eq!(
        found,
        [("plus.html".into(), 1), ("q.html".into(), 1), ("short.html".into(), 3), ("utf8.html".into(), 2)]
    );
}

#[test]
fn finds_secrets_in_slugs_that_drop_punctuation() {
    // Gap: a slug drops punctuation (`hong-kong-afghanistan`), transliterates (`coeur`) or,
    // with the `safe` strategy, removes apostrophes (`dOttawa`): the normalized text of the
    // secret, punctuation included, did not match.
    let s = secrets(&[
        ("Hong Kong, Afghanistan", "", ""),
        ("Canada-U.S. engagement", "", ""),
        ("Cœur du projet", "", ""),
        ("Le plan d'Ottawa", "", ""),
        ("$1.5", "the costs of", "over five years"),
    ]);
    let files = [
        ("a.html", r#"<h2 id="hong-kong-afghanistan">x</h2>"#),
        ("b.html", r##"<a href="#canada-u-s-engagement">x</a>"##),
        ("c.html", r#"<a href="/fr/coeur-du-projet/">x</a>"#),
        ("d.html", r#"<h2 id="Le_plan_dOttawa">x</h2>"#),
        ("e.html", r#"<h2 id="the-costs-of-1-5-over-five">x</h2>"#),
    ];
    let found = hits(&files, &s);
    assert_eq!(
        found,
        [("a.html".into(), 1), ("b.html".into(), 2), ("c.html".into(), 3), ("d.html".into(), 4), ("e.html".into(), 5)]
    );
}

#[test]
fn common_words_in_urls_and_slugs_are_not_leaks() {
    // Short and common secrets stay whole words with their context in every form: their
    // slug or URL form alone is not searched.
    let s = secrets(&[
        ("Canada", "funding from", "for the region"),
        ("Bob", "met with", "on Monday"),
        ("$1.5", "", ""),
        ("U.S.", "", ""),
    ]);
    let files = [(
        "index.html",
        concat!(
            r#"<a href="/tags/canada/">Canada</a> <a href="/search/?q=Bob+Smith%20Canada">Bob</a> "#,
            r#"<h2 id="section-1-5">1.5</h2> <a href="/u-s-trade/">U-S trade</a> "#,
            r#"<h2 id="canada-bob">x</h2> <a href="/search/?q=with+Bob">with Bob%2C</a>"#
        ),
    )];
    assert_eq!(hits(&files, &s), []);
}

#[test]
fn finds_secrets_in_json_string_escapes() {
    // Gap: only `\uXXXX` was decoded, so a secret with a quote, a line break or a slash in a
    // JSON file (`\"`, `\n`, `\/`) or an astral character (a surrogate pair) went through.
    let s = secrets(&[
        ("the \"Nightingale\" plan", "", ""),
        ("Project Nightingale\nin Geneva", "", ""),
        ("Hong Kong/Macau talks", "", ""),
        ("zqsecret 😀 face", "", ""),
    ]);
    let files = [
        ("a.json", r#"{"content":"the \"Nightingale\" plan"}"#),
        ("b.json", r#"{"content":"Project Nightingale\nin Geneva"}"#),
        ("c.json", r#"{"content":"Hong Kong\/Macau talks"}"#),
        ("d.json", r#"{"content":"zqsecret \ud83d\ude00 face"}"#),
    ];
    let found = hits(&files, &s);
    assert_eq!(found, [("a.json".into(), 1), ("b.json".into(), 2), ("c.json".into(), 3), ("d.json".into(), 4)]);
}

#[test]
fn finds_secrets_in_escaped_html() {
    // Gap: a feed's `<content type="html">` holds the page's HTML escaped once more. A
    // secret split by inline markup (`&lt;strong&gt;`) or holding an entity (`&amp;amp;`)
    // was missed there: tags were stripped before entities were decoded, and only once.
    let s = secrets(&[("Hong Kong, **Afghanistan**", "", ""), ("Smith & Jones report", "", "")]);
    let files = [(
        "atom.xml",
        r#"<content type="html">&lt;p&gt;Hong Kong, &lt;strong&gt;Afghanistan&lt;/strong&gt; and Smith &amp;amp; Jones report&lt;/p&gt;</content>"#,
    )];
    assert_eq!(hits(&files, &s), [("atom.xml".into(), 1), ("atom.xml".into(), 2)]);
}

#[test]
fn clean_output_passes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = secrets(&[("zqsecretalpha", "", ""), ("Bob", "met with", "on Monday")]);
    std::fs::write(d.join("index.html"), "<p>[Redacted] Bobby met with [Redacted] on Monday; zqsecret</p>").unwrap();
    std::fs::write(d.join("x.pf_index"), gzip("nothing here")).unwrap();
    std::fs::write(d.join("pic.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR zqsecret alphabet").unwrap();
    std::fs::write(d.join("font.woff2"), "zqsecretalpha").unwrap();
    assert_eq!(scan(d, &s).unwrap(), []);
}

#[test]
fn a_corrupt_gzip_file_fails_the_audit() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.pf_meta"), [0x1f, 0x8b, 0, 1, 2]).unwrap();
    let err = scan(dir.path(), &secrets(&[("zqsecretalpha", "", "")])).unwrap_err();
    assert!(err.to_string().contains("cannot decompress"), "{err}");
}

/// A ZIP archive of `members` (name, bytes), deflated as Office files are.
fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        w.start_file(*name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn finds_secrets_inside_office_and_opendocument_files() {
    // Gap: an attachment is a ZIP of XML (`.docx`, `.odt`, …): the audit read its compressed
    // bytes and never saw a secret an author left in a Word copy of the binder.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = secrets(&[("Project Zephyr", "", "")]);
    // Word splits a phrase into runs; the secret spans two of them.
    let document = b"<w:body><w:p><w:r><w:t>The Project Zeph</w:t></w:r><w:r><w:t>yr budget</w:t></w:r></w:p></w:body>";
    let odt = zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<text:p>project zephyr</text:p>"),
    ]);
    std::fs::write(
        d.join("brief.docx"),
        zip(&[("word/document.xml", document), ("word/fonts/a.ttf", b"Project Zephyr")]),
    )
    .unwrap();
    std::fs::write(d.join("bundle.zip"), zip(&[("notes/memo.odt", &odt), ("clean.txt", b"nothing")])).unwrap();
    let names = leak_names(&scan(d, &s).unwrap(), d);
    assert_eq!(names, ["brief.docx/word/document.xml", "bundle.zip/notes/memo.odt/content.xml"]);
}

#[test]
fn an_archive_the_audit_cannot_read_fails_it() {
    let s = secrets(&[("zqsecretalpha", "", "")]);
    let fails = |bytes: Vec<u8>| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.docx"), bytes).unwrap();
        scan(dir.path(), &s).unwrap_err().to_string()
    };
    let corrupt = fails(b"PK\x03\x04 not a zip".to_vec());
    assert!(corrupt.contains("cannot read the archive") && corrupt.contains("a.docx"), "{corrupt}");
    let mut nested = b"zqsecretalpha".to_vec();
    for depth in 0..=MAX_NESTING {
        nested = zip(&[(&format!("level{depth}.zip"), &nested)]);
    }
    assert!(fails(nested).contains("nests archives too deep"));
}

#[test]
fn finds_secrets_in_image_metadata() {
    // Gap: images were skipped, but a photo's EXIF description or XMP title is plain text in
    // the file (what an author typed in a photo manager before the passage was redacted).
    let s = secrets(&[("Project Zephyr", "", "")]);
    let jpeg = b"\xff\xd8\xff\xe1\0\x40Exif\0\0MM\0*\0\0\0\x08\x01\x0e\0\x02Site visit, Project Zephyr\0\xff\xd9";
    let xmp = "<x:xmpmeta><dc:title><rdf:Alt><rdf:li>project zephyr</rdf:li></rdf:Alt></dc:title></x:xmpmeta>";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("photo.jpg"), jpeg).unwrap();
    std::fs::write(dir.path().join("chart.webp"), format!("RIFF\0\0\0\0WEBPXMP {xmp}")).unwrap();
    let names = leak_names(&scan(dir.path(), &s).unwrap(), dir.path());
    assert_eq!(names, ["chart.webp", "photo.jpg"]);
}

/// A one-page PDF: `ops` as its page's content stream (Flate-compressed), Helvetica as `/F1`,
/// and one bookmark titled `bookmark` (a UTF-16BE text string when it is not ASCII).
fn pdf(ops: &str, bookmark: &str) -> Vec<u8> {
    use pdf_extract::{Dictionary, Document, Object, Stream, text_string};
    let name = |n: &str| Object::Name(n.as_bytes().to_vec());
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut font = Dictionary::new();
    font.set("Type", name("Font"));
    font.set("Subtype", name("Type1"));
    font.set("BaseFont", name("Helvetica"));
    font.set("Encoding", name("WinAnsiEncoding"));
    let mut fonts = Dictionary::new();
    fonts.set("F1", doc.add_object(font));
    let mut resources = Dictionary::new();
    resources.set("Font", fonts);
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    zlib.write_all(ops.as_bytes()).unwrap();
    let mut filter = Dictionary::new();
    filter.set("Filter", name("FlateDecode"));
    let content = Stream::new(filter, zlib.finish().unwrap());
    let mut page = Dictionary::new();
    page.set("Type", name("Page"));
    page.set("Parent", pages_id);
    page.set("Contents", doc.add_object(content));
    let page_id = doc.add_object(page);
    let mut pages = Dictionary::new();
    pages.set("Type", name("Pages"));
    pages.set("Kids", vec![Object::from(page_id)]);
    pages.set("Count", 1);
    pages.set("Resources", resources);
    pages.set("MediaBox", vec![Object::from(0), 0.into(), 595.into(), 842.into()]);
    doc.objects.insert(pages_id, Object::Dictionary(pages));
    let outlines_id = doc.new_object_id();
    let mut item = Dictionary::new();
    item.set("Title", text_string(bookmark));
    item.set("Parent", outlines_id);
    let item_id = doc.add_object(item);
    let mut outlines = Dictionary::new();
    outlines.set("Type", name("Outlines"));
    outlines.set("First", item_id);
    outlines.set("Last", item_id);
    outlines.set("Count", 1);
    doc.objects.insert(outlines_id, Object::Dictionary(outlines));
    let mut catalog = Dictionary::new();
    catalog.set("Type", name("Catalog"));
    catalog.set("Pages", pages_id);
    catalog.set("Outlines", outlines_id);
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn finds_secrets_in_a_pdf_s_text_and_bookmarks() {
    // Gap: a PDF was read as its bytes, so text in its compressed content streams, and a
    // bookmark's UTF-16 title (the EU vaccine contract's leak), went through.
    let s = secrets(&[("Project Zephyr", "", ""), ("Opération Kestrel", "", "")]);
    let kerned = "BT /F1 12 Tf 72 720 Td [(Budget for Pro) 20 (ject Zeph) -10 (yr.)] TJ ET";
    let plain = "BT /F1 12 Tf 72 720 Td (Nothing to see.) Tj ET";
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("text.pdf"), pdf(kerned, "Contents")).unwrap();
    std::fs::write(d.join("bookmark.pdf"), pdf(plain, "Annexe : opération Kestrel")).unwrap();
    std::fs::write(d.join("clean.pdf"), pdf(plain, "Annexe")).unwrap();
    assert!(!std::fs::read(d.join("text.pdf")).unwrap().windows(4).any(|w| w == b"Zeph"), "the stream is compressed");
    let names = leak_names(&scan(d, &s).unwrap(), d);
    assert_eq!(names, ["bookmark.pdf#strings", "text.pdf#text"]);
}

#[test]
fn a_pdf_the_audit_cannot_read_fails_it() {
    let s = secrets(&[("zqsecretalpha", "", "")]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("memo.pdf"), b"%PDF-1.7\n1 0 obj << /Type /Catalog").unwrap();
    let err = scan(dir.path(), &s).unwrap_err().to_string();
    assert!(err.contains("cannot read the PDF") && err.contains("memo.pdf") && err.contains("print to PDF"), "{err}");
    // A page without a media box makes the text extractor panic: the audit says so instead.
    let mut no_media_box = pdf("BT /F1 12 Tf (x) Tj ET", "Annexe");
    let at = no_media_box.windows(9).position(|w| w == b"/MediaBox").unwrap();
    no_media_box[at..at + 9].copy_from_slice(b"/MediaBax");
    std::fs::write(dir.path().join("memo.pdf"), no_media_box).unwrap();
    let err = scan(dir.path(), &s).unwrap_err().to_string();
    assert!(err.contains("memo.pdf") && err.contains("the PDF reader failed on it"), "{err}");
}

#[test]
fn a_page_about_pdfs_is_not_read_as_one() {
    // The audit reads a file as a PDF when it starts as one, or is named `.pdf`: a text that
    // quotes a PDF header early on is text (read as a PDF, it would fail the build).
    let s = secrets(&[("Project Zephyr", "", "")]);
    let hits = hits(&[("format.html", "<p>A PDF starts with <code>%PDF-1.7</code>.</p>")], &s);
    assert!(hits.is_empty(), "{hits:?}");
}

#[test]
fn long_secrets_that_begin_alike_are_told_apart() {
    // The automaton holds the first PREFIX bytes of each needle; a hit must be the whole needle.
    let common = "The transition plan for the northern region office";
    let (one, two) = (format!("{common} closes in March"), format!("{common} opens in May"));
    assert!(common.len() > PREFIX);
    let s = secrets(&[(&one, "", ""), (&two, "", ""), ("Zqshort", "", "")]);
    let files = [
        ("one.html", format!("<p>{one}.</p>")),
        ("both.html", format!("<p>{two} {one} x</p>")),
        ("overlap.html", format!("<p>{common} {common} opens in may zqshort</p>")),
        ("neither.html", format!("<p>{common} moves in June.</p>")),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    assert_eq!(
        hits(&files, &s),
        [
            ("both.html".into(), 1),
            ("both.html".into(), 2),
            ("one.html".into(), 1),
            ("overlap.html".into(), 2),
            ("overlap.html".into(), 3)
        ]
    );
}

/// Markup is searched as its text runs and its tags apart: a secret in an attribute, in text
/// next to a tag, split by tags, or (for a secret holding `<`) across a tag is found.
#[test]
fn finds_secrets_in_tags_and_around_them() {
    let s = secrets(&[("Zqsecret Alpha", "", "")]);
    let files = [
        ("attr.html", "<p>x</p><img alt=\"zqsecret alpha\" src=\"a.png\"><p>y</p>"),
        ("meta.html", "<meta name=\"description\" content=\"The Zqsecret-Alpha plan\">"),
        ("edge.html", "<li>x</li><li>Zqsecret Alpha</li>"),
        ("split.html", "<p>Zq<b>secret</b> <i>Alpha</i></p>"),
        ("blocks.html", "<p>Zqsecret</p>\n<p>Alpha</p>"),
        ("unclosed.html", "<p>x</p> a < b zqsecret alpha"),
        ("clean.html", "<p title=\"zqsecret\">alpha</p><p>zqsecret</p>"),
    ];
    let found: Vec<String> = hits(&files, &s).into_iter().map(|(f, _)| f).collect();
    assert_eq!(found, ["attr.html", "blocks.html", "edge.html", "meta.html", "split.html", "unclosed.html"]);
    // A secret that holds an angle bracket, printed with a tag where the source had `&lt;`.
    let s = secrets(&[("if x &lt; y then Zqsecret", "", "")]);
    let found: Vec<String> =
        hits(&[("raw.html", "<p>if x < y then zqsecret</p>")], &s).into_iter().map(|(f, _)| f).collect();
    assert_eq!(found, ["raw.html"]);
}

/// Pagefind's index chunks that the search stage wrote are read by name only (their pages are
/// audited); any other file is read whole, whatever its name.
#[test]
fn a_search_file_left_out_by_name_only_is_one_the_search_stage_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("pagefind")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, b"{\"content\":\"Project Zephyr\"}").unwrap();
    let gz = gz.finish().unwrap();
    for name in ["pagefind/written.pf_fragment", "pagefind/static.pf_fragment"] {
        std::fs::write(d.join(name), &gz).unwrap();
    }
    let files = files_below(d).unwrap();
    let names_only: std::collections::BTreeSet<_> = [d.join("pagefind/written.pf_fragment")].into();
    let found = scan_files(d, &files, &names_only, &secrets(&[("Project Zephyr", "", "")])).unwrap();
    let found: Vec<_> = found.iter().map(|l| l.output.strip_prefix(d).unwrap().display().to_string()).collect();
    assert_eq!(found, ["pagefind/static.pf_fragment"]);
}
