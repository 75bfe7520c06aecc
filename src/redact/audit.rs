//! Stage 7, audit: look for redacted text in a public build's output.
//!
//! Input: the output directory and the [`Secrets`] of the redaction pass. Every file is read
//! (fonts, audio and video excepted; images for their metadata), gzip-compressed ones (Pagefind's
//! `*.pf_fragment`, `*.pf_index`, `*.pf_meta`, `*.pf_filter`, any `.gz`: anything starting
//! with `1f 8b`) decompressed first, ZIP archives (Office and OpenDocument files, EPUB,
//! `.zip`: anything starting with `PK`) member by member, so that a Word attachment's
//! `word/document.xml` is read as text, and PDFs ([`pdf`]) as their bytes, their pages' text
//! (`memo.pdf#text`), the strings of their objects (bookmarks, comments, document information:
//! `memo.pdf#strings`) and their streams decompressed. Each text is searched in these forms,
//! all [`normalize`]d (HTML entities and JSON string escapes decoded; case, accents, quotes
//! and whitespace folded; `-` and `_` read as spaces, so that slugs read as words):
//! - with tags removed, with tags replaced by spaces, and the tags alone (or, when a needle
//!   holds `<` or `>`, the text as is);
//! - URL-decoded (`%XX` as UTF-8, `+` as a space), only when the file holds a `%XX` escape or
//!   a `+` between two letters or digits (a link's path or query string);
//! - with entities decoded, then tags removed, only when the file holds HTML escaped once more
//!   (a feed's `<content type="html">&lt;p&gt;…`, `&amp;amp;`).
//!
//! Beside that, each file's text is also read as UTF-16 (with a BOM, or when the file holds NUL
//! bytes: an image's EXIF `XPTitle`), as Windows-1252 when it is not UTF-8, PNG text chunks
//! decompressed, and base64 runs (`data:` URIs) decoded and read as files ([`decode`]); soft
//! hyphens and zero-width characters are dropped by [`normalize`]. A file compressed in a
//! format the audit cannot open (bzip2, xz, zstd, 7z, rar, lz4) fails it. The output files'
//! names and folders are searched too (a redacted file name, a withheld page's slug).
//!
//! [`scan_files`] reads some files by their names only: the index chunks that the search
//! stage wrote from pages the audit reads whole (the search stage's `build_audited`).
//!
//! Every needle is searched at once (Aho-Corasick on their beginnings, each hit then checked
//! whole: [`Finder`]), files in parallel. A secret is searched as normalized and in its slug
//! forms (punctuation dropped, letters transliterated); short or common secrets as whole words
//! with their surrounding words, slug forms as whole words (see [`super::secrets`]).
//!
//! Output: every [`Leak`], sorted: the output file (for an archive's member, the file and the
//! member: `brief.docx/word/document.xml`), the source `path:line` of the secret, and an
//! excerpt of the normalized output around the hit. Failure: an `anyhow` error when the
//! directory or a file cannot be read, a gzip stream is corrupt, an archive is corrupt,
//! encrypted or nested too deep, or a PDF cannot be parsed, has a password or its text cannot
//! be extracted (fail closed: a file that cannot be checked is not passed).

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use anyhow::Context;
use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use super::secrets::{Needle, Secrets, decode, normalize, strip_tags, tags_only};

mod decode;
mod pdf;

/// Fonts, audio and video: large, compressed, and not where authors write. Images are read:
/// their EXIF, XMP and PNG text chunks (a caption, a title) are plain text in the file.
const SKIPPED: &[&str] = &["woff", "woff2", "ttf", "otf", "eot", "mp3", "m4a", "ogg", "wav", "mp4", "webm", "mov"];

/// How many archives deep the audit reads (a ZIP inside a ZIP inside a ZIP).
const MAX_NESTING: usize = 3;

fn skipped(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SKIPPED.contains(&e.to_ascii_lowercase().as_str()))
}

pub use crate::diag::Leak;

/// Scans every file below `dir` for the secrets.
pub fn scan(dir: &Path, secrets: &Secrets) -> anyhow::Result<Vec<Leak>> {
    if secrets.is_empty() {
        return Ok(Vec::new());
    }
    scan_files(dir, &files_below(dir)?, &BTreeSet::new(), secrets)
}

/// The files below `dir` that the audit reads (fonts, audio and video left out), sorted.
pub fn files_below(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if entry.file_type().is_file() && !skipped(&entry.file_name().to_string_lossy()) {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Scans `files` (below `dir`, whose path relative to it is searched as their name) for the
/// secrets. Of the files in `names_only`, only the name is searched: the search stage's index
/// chunks, which hold only text that the audit reads elsewhere (see
/// the search stage's `Summary::chunks`). Any other file is read whole, whatever its name.
pub fn scan_files(
    dir: &Path,
    files: &[PathBuf],
    names_only: &BTreeSet<PathBuf>,
    secrets: &Secrets,
) -> anyhow::Result<Vec<Leak>> {
    if secrets.is_empty() {
        return Ok(Vec::new());
    }
    let finder = Finder::new(secrets)?;
    let per_file: Vec<anyhow::Result<Vec<Leak>>> =
        files.par_iter().filter(|f| !names_only.contains(*f)).map(|f| scan_file(f, &finder)).collect();
    // The files' names and folders: a redacted file name or a withheld page's slug.
    let mut leaks: Vec<Leak> = files
        .iter()
        .flat_map(|f| {
            let name = f.strip_prefix(dir).unwrap_or(f).to_string_lossy().replace(['/', '\\'], " / ");
            scan_text(&Part { output: f.clone(), text: name }, &finder)
        })
        .collect();
    for r in per_file {
        leaks.extend(r?);
    }
    leaks.sort();
    leaks.dedup_by(|a, b| (&a.output, &a.source, a.line) == (&b.output, &b.source, b.line));
    Ok(leaks)
}

/// Finds the needles in a text: an automaton of their first [`PREFIX`] bytes, each needle
/// then checked whole where its beginning was found. An automaton of the whole needles (a
/// withheld paragraph is one) grew with the text withheld, and its search slowed down with it.
struct Finder<'s> {
    ac: AhoCorasick,
    /// The needles (indices into `secrets.needles`) beginning with each automaton pattern.
    starting: Vec<Vec<usize>>,
    secrets: &'s Secrets,
    /// Whether a needle holds `<` or `>` (a secret about `a < b`): the whole text of a file
    /// with markup is then searched, not its tags alone.
    angle_brackets: bool,
}

/// How much of each needle the automaton holds.
const PREFIX: usize = 32;

impl<'s> Finder<'s> {
    fn new(secrets: &'s Secrets) -> anyhow::Result<Self> {
        let mut index: HashMap<&[u8], usize> = HashMap::new();
        let (mut prefixes, mut starting): (Vec<&[u8]>, Vec<Vec<usize>>) = (Vec::new(), Vec::new());
        for (i, needle) in secrets.needles.iter().enumerate() {
            let prefix = &needle.text.as_bytes()[..needle.text.len().min(PREFIX)];
            let pattern = *index.entry(prefix).or_insert_with(|| {
                prefixes.push(prefix);
                starting.push(Vec::new());
                prefixes.len() - 1
            });
            starting[pattern].push(i);
        }
        // A DFA: overlapping search in it is a table lookup per byte, several times faster than
        // the contiguous NFA the builder picks past 100 patterns. Past its size limit (a very
        // large site's thousands of needles), the NFA.
        let mut builder = AhoCorasick::builder();
        builder.match_kind(MatchKind::Standard);
        let ac = match builder.kind(Some(AhoCorasickKind::DFA)).build(&prefixes) {
            Ok(dfa) => dfa,
            Err(_) => builder.kind(None).build(&prefixes).context("cannot build the audit's search automaton")?,
        };
        let angle_brackets = secrets.needles.iter().any(|n| n.text.contains(['<', '>']));
        Ok(Finder { ac, starting, secrets, angle_brackets })
    }

    /// Every needle found in `hay`, with where it starts and ends, overlaps included.
    fn find<'h>(&'h self, hay: &'h str) -> impl Iterator<Item = (&'s Needle, usize, usize)> + 'h {
        self.ac.find_overlapping_iter(hay).flat_map(move |m| {
            let start = m.start();
            self.starting[m.pattern().as_usize()].iter().filter_map(move |&i| {
                let needle = &self.secrets.needles[i];
                hay.as_bytes()[start..]
                    .starts_with(needle.text.as_bytes())
                    .then(|| (needle, start, start + needle.text.len()))
            })
        })
    }
}

/// A text to search: an output file's, or an archive member's (`output` names both).
struct Part {
    output: PathBuf,
    text: String,
}

/// The texts of the file `path`: its own, or each member's when it is an archive.
fn read_parts(path: &Path) -> anyhow::Result<Vec<Part>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut parts = Vec::new();
    parts_of(path.to_path_buf(), bytes, 0, &mut parts)?;
    Ok(parts)
}

/// Adds the texts of `bytes` (named `name`) to `parts`: gzip decompressed, a ZIP archive
/// member by member (fonts, audio and video skipped), a PDF as its bytes, its pages' text, its
/// strings and its streams ([`pdf`]), anything else as (lossy) UTF-8.
fn parts_of(name: PathBuf, bytes: Vec<u8>, depth: usize, parts: &mut Vec<Part>) -> anyhow::Result<()> {
    let is_gzip = bytes.starts_with(&[0x1f, 0x8b]);
    let is_zip = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06");
    let is_pdf = pdf::is_pdf(&name, &bytes);
    if (is_gzip || is_zip || is_pdf) && depth >= MAX_NESTING {
        anyhow::bail!(
            "{} nests archives too deep to audit: a public build only publishes what its audit can read",
            name.display()
        );
    }
    if is_gzip {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .with_context(|| format!("cannot decompress {} to audit it", name.display()))?;
        return parts_of(name, out, depth + 1, parts);
    }
    if is_zip {
        let unreadable = || {
            format!(
                "cannot read the archive {} to audit it (corrupt or encrypted?): a public build only \
                 publishes what its audit can read; remove the file or publish it unencrypted",
                name.display()
            )
        };
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).with_context(unreadable)?;
        for i in 0..archive.len() {
            let mut member = archive.by_index(i).with_context(unreadable)?;
            let inner = member.name().with_context(unreadable)?.into_owned();
            if member.is_dir() || skipped(&inner) {
                continue;
            }
            let member_name = PathBuf::from(format!("{}/{inner}", name.display()));
            let mut out = Vec::new();
            member.read_to_end(&mut out).with_context(unreadable)?;
            drop(member);
            parts_of(member_name, out, depth + 1, parts)?;
        }
        return Ok(());
    }
    if is_pdf {
        let texts = pdf::read(&bytes).map_err(|why| {
            anyhow::anyhow!(
                "cannot read the PDF {} to audit it: {why}. A public build only publishes what its audit \
                 can read; save it again as a PDF without a password (print to PDF), or remove it",
                name.display()
            )
        })?;
        let named = |what: &str| PathBuf::from(format!("{}#{what}", name.display()));
        parts.push(Part { output: named("text"), text: texts.pages });
        parts.push(Part { output: named("strings"), text: texts.strings });
        for ((number, generation), content) in texts.streams {
            parts_of(named(&format!("stream-{number}-{generation}")), content, depth + 1, parts)?;
        }
    }
    if let Some(kind) = decode::unreadable(&bytes) {
        anyhow::bail!(
            "{} is compressed with {kind}, which the audit cannot read: a public build only publishes what its \
             audit can read; publish it uncompressed, or as a ZIP or gzip file",
            name.display()
        );
    }
    let text = String::from_utf8(bytes);
    let bytes = match &text {
        Ok(text) => text.as_bytes(),
        Err(e) => e.as_bytes(),
    };
    for (suffix, decoded) in decode::texts(bytes, text.is_ok()) {
        parts.push(Part { output: PathBuf::from(format!("{}{suffix}", name.display())), text: decoded });
    }
    let text = text.unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if depth < MAX_NESTING {
        for (i, decoded) in decode::embedded(&text).into_iter().enumerate() {
            parts_of(PathBuf::from(format!("{}#base64-{i}", name.display())), decoded, depth + 1, parts)?;
        }
    }
    parts.push(Part { output: name, text });
    Ok(())
}

fn scan_file(path: &Path, finder: &Finder<'_>) -> anyhow::Result<Vec<Leak>> {
    let mut leaks = Vec::new();
    for part in read_parts(path)? {
        leaks.extend(scan_text(&part, finder));
    }
    Ok(leaks)
}

fn scan_text(part: &Part, finder: &Finder<'_>) -> Vec<Leak> {
    let text = &part.text;
    let mut forms = Vec::with_capacity(3);
    if memchr::memchr(b'<', text.as_bytes()).is_some() {
        // Markup: the text without its tags, and with a space for each. A needle without `<`
        // or `>` found in the whole text lies inside a run of text (then in the form with
        // spaces, with the same word boundaries) or inside a tag: the tags alone are enough.
        forms.push(normalize(&if finder.angle_brackets {
            Cow::Borrowed(text.as_str())
        } else {
            Cow::Owned(tags_only(text))
        }));
        forms.extend([normalize(&strip_tags(text, "")), normalize(&strip_tags(text, " "))]);
    } else {
        forms.push(normalize(text));
    }
    if let Some(url) = url_decoded(text) {
        forms.push(normalize(&url));
    }
    if has_escaped_markup(text) {
        forms.push(normalize(&strip_tags(&decode(text), "")));
    }
    let mut leaks = Vec::new();
    for hay in &forms {
        for (needle, start, end) in finder.find(hay) {
            if needle.whole_word && !whole_word(hay, start, end) {
                continue;
            }
            leaks.push(Leak {
                output: part.output.clone(),
                source: needle.source.clone(),
                line: needle.line,
                excerpt: excerpt(hay, start, end),
            });
        }
    }
    leaks
}

/// The text with URL escapes decoded, as a browser reads a link: `%XX` sequences (UTF-8;
/// invalid bytes become U+FFFD) and `+` for a space in a query string. `None` when there is
/// nothing to decode: no `%XX` and no `+` between two letters or digits (`q=a+b`; `a + b` in
/// code is left alone).
fn url_decoded(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let alnum = |i: Option<usize>| i.and_then(|i| bytes.get(i)).is_some_and(u8::is_ascii_alphanumeric);
    let plus = memchr::memchr_iter(b'+', bytes).any(|i| alnum(i.checked_sub(1)) && alnum(Some(i + 1)));
    if plus {
        // `+` first, so that an encoded `%2B` stays a plus sign.
        return Some(percent_decode_str(&text.replace('+', " ")).decode_utf8_lossy().into_owned());
    }
    memchr::memchr(b'%', bytes)?;
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
    let after = |needle: &'static str| {
        memchr::memmem::find_iter(text.as_bytes(), needle).map(move |i| &text[i + needle.len()..])
    };
    after("&lt;").any(tag) || after("&amp;").any(entity)
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
mod tests;
