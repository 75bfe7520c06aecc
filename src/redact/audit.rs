//! Stage 7, audit: look for redacted text in a public build's output.
//!
//! Input: the output directory and the [`Secrets`] of the redaction pass. Every file is read
//! (images, fonts, audio and video excepted), gzip-compressed ones (Pagefind's
//! `*.pf_fragment`, `*.pf_index`, `*.pf_meta`, `*.pf_filter`, any `.gz`: anything starting
//! with `1f 8b`) decompressed first. Each file is searched in these forms, all [`normalize`]d
//! (HTML entities and JSON string escapes decoded; case, accents, quotes and whitespace folded;
//! `-` and `_` read as spaces, so that slugs read as words):
//! - as is, with tags removed, and with tags replaced by spaces;
//! - URL-decoded (`%XX` as UTF-8, `+` as a space), only when the file holds a `%XX` escape or
//!   a `+` between two letters or digits (a link's path or query string);
//! - with entities decoded, then tags removed, only when the file holds HTML escaped once more
//!   (a feed's `<content type="html">&lt;p&gt;…`, `&amp;amp;`).
//!
//! Every needle is searched at once (Aho-Corasick), files in parallel. A secret is searched as
//! normalized and in its slug forms (punctuation dropped, letters transliterated); short or
//! common secrets as whole words with their surrounding words, slug forms as whole words (see
//! [`super::secrets`]).
//!
//! Output: every [`Leak`], sorted: the output file, the source `path:line` of the secret, and
//! an excerpt of the normalized output around the hit. Failure: an `anyhow` error when the
//! directory or a file cannot be read or a gzip stream is corrupt (fail closed: a file that
//! cannot be checked is not passed).

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, MatchKind};
use anyhow::Context;
use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use super::secrets::{Secrets, decode, normalize, strip_tags};

/// Media files, which cannot hold text the site generator wrote.
const SKIPPED: &[&str] =
    &["png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "webm"];

/// Redacted text found in an output file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Leak {
    /// The output file.
    pub output: PathBuf,
    /// The source file of the redacted span and its 1-based line.
    pub source: PathBuf,
    pub line: usize,
    /// The normalized output text around the hit.
    pub excerpt: String,
}

/// Scans every file below `dir` for the secrets.
pub fn scan(dir: &Path, secrets: &Secrets) -> anyhow::Result<Vec<Leak>> {
    if secrets.is_empty() {
        return Ok(Vec::new());
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(secrets.needles.iter().map(|n| n.text.as_str()))
        .context("cannot build the audit's search automaton")?;
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let skip = entry.path().extension().and_then(|e| e.to_str()).is_some_and(|e| SKIPPED.contains(&e));
        if entry.file_type().is_file() && !skip {
            files.push(entry.into_path());
        }
    }
    let per_file: Vec<anyhow::Result<Vec<Leak>>> = files.par_iter().map(|f| scan_file(f, &ac, secrets)).collect();
    let mut leaks = Vec::new();
    for r in per_file {
        leaks.extend(r?);
    }
    leaks.sort();
    leaks.dedup_by(|a, b| (&a.output, &a.source, a.line) == (&b.output, &b.source, b.line));
    Ok(leaks)
}

/// The text of a file, decompressed when it is gzip.
fn read_text(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .with_context(|| format!("cannot decompress {} to audit it", path.display()))?;
        out
    } else {
        bytes
    };
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn scan_file(path: &Path, ac: &AhoCorasick, secrets: &Secrets) -> anyhow::Result<Vec<Leak>> {
    let text = read_text(path)?;
    let mut forms = vec![normalize(&text), normalize(&strip_tags(&text, "")), normalize(&strip_tags(&text, " "))];
    if let Some(url) = url_decoded(&text) {
        forms.push(normalize(&url));
    }
    if has_escaped_markup(&text) {
        forms.push(normalize(&strip_tags(&decode(&text), "")));
    }
    let mut leaks = Vec::new();
    for hay in &forms {
        for m in ac.find_overlapping_iter(hay.as_str()) {
            let needle = &secrets.needles[m.pattern().as_usize()];
            if needle.whole_word && !whole_word(hay, m.start(), m.end()) {
                continue;
            }
            leaks.push(Leak {
                output: path.to_path_buf(),
                source: needle.source.clone(),
                line: needle.line,
                excerpt: excerpt(hay, m.start(), m.end()),
            });
        }
    }
    Ok(leaks)
}

/// The text with URL escapes decoded, as a browser reads a link: `%XX` sequences (UTF-8;
/// invalid bytes become U+FFFD) and `+` for a space in a query string. `None` when there is
/// nothing to decode: no `%XX` and no `+` between two letters or digits (`q=a+b`; `a + b` in
/// code is left alone).
fn url_decoded(text: &str) -> Option<String> {
    let plus = text
        .as_bytes()
        .windows(3)
        .any(|w| w[1] == b'+' && w[0].is_ascii_alphanumeric() && w[2].is_ascii_alphanumeric());
    if plus {
        // `+` first, so that an encoded `%2B` stays a plus sign.
        return Some(percent_decode_str(&text.replace('+', " ")).decode_utf8_lossy().into_owned());
    }
    match percent_decode_str(text).decode_utf8_lossy() {
        Cow::Owned(decoded) => Some(decoded),
        Cow::Borrowed(_) => None,
    }
}

/// Whether the text holds HTML escaped once more (a feed's `<content type="html">`): an
/// escaped tag (`&lt;p`, `&lt;/p`) or an escaped entity (`&amp;amp;`, `&amp;#233;`).
fn has_escaped_markup(text: &str) -> bool {
    let tag = |rest: &str| rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
    let entity = |rest: &str| {
        let rest = rest.strip_prefix('#').unwrap_or(rest);
        let name = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric()).len();
        name > 0 && rest[name..].starts_with(';')
    };
    text.match_indices("&lt;").any(|(i, _)| tag(&text[i + 4..]))
        || text.match_indices("&amp;").any(|(i, _)| entity(&text[i + 5..]))
}

fn whole_word(hay: &str, start: usize, end: usize) -> bool {
    let before = hay[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
    let after = hay[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    before && after
}

fn excerpt(hay: &str, start: usize, end: usize) -> String {
    let mut a = start.saturating_sub(30);
    while !hay.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (end + 30).min(hay.len());
    while !hay.is_char_boundary(b) {
        b += 1;
    }
    format!("…{}…", &hay[a..b])
}

#[cfg(test)]
mod tests {
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
        let names: Vec<String> =
            leaks.iter().map(|l| l.output.strip_prefix(d).unwrap().display().to_string()).collect();
        assert_eq!(
            names,
            ["entities.html", "json.json", "pagefind/x.pf_fragment", "short.html", "slug.html", "tags.html"]
        );
        assert_eq!((leaks[0].source.to_str(), leaks[0].line), (Some("content/a.md"), 1));
        assert_eq!(leaks[3].line, 2);
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
        let s = secrets(&[
            ("Project Nightingale", "", ""),
            ("Opération Rossignol", "", ""),
            ("Bob", "met with", "on Monday"),
        ]);
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
            [
                ("a.html".into(), 1),
                ("b.html".into(), 2),
                ("c.html".into(), 3),
                ("d.html".into(), 4),
                ("e.html".into(), 5)
            ]
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
        std::fs::write(d.join("index.html"), "<p>[Redacted] Bobby met with [Redacted] on Monday; zqsecret</p>")
            .unwrap();
        std::fs::write(d.join("x.pf_index"), gzip("nothing here")).unwrap();
        std::fs::write(d.join("pic.png"), "zqsecretalpha").unwrap();
        assert_eq!(scan(d, &s).unwrap(), []);
    }

    #[test]
    fn a_corrupt_gzip_file_fails_the_audit() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.pf_meta"), [0x1f, 0x8b, 0, 1, 2]).unwrap();
        let err = scan(dir.path(), &secrets(&[("zqsecretalpha", "", "")])).unwrap_err();
        assert!(err.to_string().contains("cannot decompress"), "{err}");
    }
}
