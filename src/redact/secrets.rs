//! What the audit looks for: the normalized text of every redacted span of a public build.
//!
//! Input: each secret as written (Markdown), with the text around it and its source
//! `path:line`. Output: [`Secrets`], a list of [`Needle`]s, and the [`AuditRule`] applied to
//! each span (for the log). Normalization ([`normalize`]) is shared with the audit so that both
//! sides compare the same form: HTML entities and JSON string escapes (`\uXXXX`, `\"`, `\n`, …)
//! decoded, soft hyphens and zero-width characters removed, Unicode NFKD with accents removed, case folded, typographic quotes and dashes made
//! ASCII, apostrophes, `-` and `_` read as spaces (so slugs match), whitespace collapsed. On the
//! secret's side, Markdown emphasis markers, link and image syntax, inline HTML tags and block
//! prefixes are removed too.
//!
//! Slug forms: a slug drops what normalization keeps. The `slug` crate (Zola's `on` strategy)
//! makes every character but letters and digits a separator and transliterates to ASCII
//! (`Hong Kong, Afghanistan` → `hong-kong-afghanistan`, `Cœur` → `coeur`); the `safe` strategy
//! removes characters unsafe in a URL (`d'Ottawa` → `dOttawa`). Where these forms differ from
//! the normalized text, they are extra needles, matched as whole words, built by the same rules
//! below; a form too short to search alone with no words around it is left out.
//!
//! Short secrets: a secret shorter than `min_audit_chars` normalized characters, or a single
//! very common word, would match innocent text everywhere. Such a span is audited *by
//! context*: the needles are the secret together with up to three words before it and up to
//! three words after it, as whole words (a leak shows the secret back in its sentence). When
//! the span has no text around it (a whole title), the secret alone is searched as a whole
//! word. The log lists these spans with their rule.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::anchor::slugify_anchor;
use crate::config::SlugStrategy;

/// Words too common to audit alone, even when long enough.
const COMMON: &[&str] = &[
    "canada",
    "government",
    "gouvernement",
    "minister",
    "ministre",
    "department",
    "ministere",
    "information",
    "renseignements",
    "program",
    "programme",
    "federal",
    "federale",
    "provincial",
    "public",
    "service",
    "national",
];

/// How a redacted span is audited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuditRule {
    /// Its normalized text, anywhere in the output.
    Full,
    /// Short or common: with its surrounding words, as whole words.
    Context,
    /// Short or common, with no surrounding words: the text alone, as a whole word.
    WholeWord,
    /// Nothing left to look for after normalization (only markup or spaces).
    Empty,
}

impl AuditRule {
    /// How the log names the rule.
    pub fn label(self) -> &'static str {
        match self {
            AuditRule::Full => "full text",
            AuditRule::Context => "short; audited by context",
            AuditRule::WholeWord => "short; audited as a whole word",
            AuditRule::Empty => "empty; nothing to audit",
        }
    }
}

/// One normalized string to look for in the output.
#[derive(Clone, PartialEq, Eq)]
pub struct Needle {
    /// Normalized text (see [`normalize`]).
    pub text: String,
    /// Match only between word boundaries.
    pub whole_word: bool,
    /// The source file of the span.
    pub source: PathBuf,
    /// 1-based line of the span in the source file.
    pub line: usize,
}

/// Everything the audit looks for. Its `Debug` output shows counts only, never the text.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secrets {
    /// What to look for, one needle per normalized form of each span.
    pub needles: Vec<Needle>,
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secrets {{ needles: {} }}", self.needles.len())
    }
}

impl fmt::Debug for Needle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Needle {{ {}:{}, {} chars }}", self.source.display(), self.line, self.text.chars().count())
    }
}

impl Secrets {
    /// Adds the needles of one span (its text, its slug forms, the targets of its links and
    /// images: [`super::targets`]) and returns the rule used.
    pub(super) fn add(&mut self, span: &SecretSpan<'_>, min_chars: usize) -> AuditRule {
        let (rule, texts) = needles_for(span, min_chars);
        let slugs = slug_needles(span, min_chars, &texts);
        let whole_word = rule != AuditRule::Full;
        for text in texts {
            self.needles.push(Needle { text, whole_word, source: span.source.clone(), line: span.line });
        }
        for text in slugs {
            self.needles.push(Needle { text, whole_word: true, source: span.source.clone(), line: span.line });
        }
        for target in super::targets::link_targets(span.secret) {
            let text = normalize(&target);
            if !too_short(&text, min_chars) {
                self.needles.push(Needle { text, whole_word: true, source: span.source.clone(), line: span.line });
            }
        }
        rule
    }

    /// How many needles there are.
    pub fn len(&self) -> usize {
        self.needles.len()
    }

    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }
}

/// A secret span as the redaction pass saw it.
pub(super) struct SecretSpan<'a> {
    pub secret: &'a str,
    pub before: &'a str,
    pub after: &'a str,
    pub source: PathBuf,
    pub line: usize,
}

/// The audit rule of a span and its needles, in [`normalize`]d form.
pub(super) fn needles_for(span: &SecretSpan<'_>, min_chars: usize) -> (AuditRule, Vec<String>) {
    needles_in_form(span, min_chars, normalize)
}

/// The span's needles in its slug forms ([`slug_on`], [`slug_safe`]) that are not among its
/// `normalized` needles. They are matched as whole words. A form in which the span is too short
/// and has no words around it (`$1.5` is `1 5` in a slug) is left out: it would match
/// innocent slugs everywhere.
pub(super) fn slug_needles(span: &SecretSpan<'_>, min_chars: usize, normalized: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for form in [slug_on as fn(&str) -> String, slug_safe] {
        let (rule, texts) = needles_in_form(span, min_chars, form);
        if rule == AuditRule::WholeWord {
            continue;
        }
        for text in texts {
            if !normalized.contains(&text) && !out.contains(&text) {
                out.push(text);
            }
        }
    }
    out
}

/// A text as the `slug` crate slugifies it (Zola's `on` strategy: ASCII, accents and
/// ligatures transliterated, every other character a separator), normalized.
fn slug_on(s: &str) -> String {
    normalize(&slug::slugify(decode(s)))
}

/// A text as the `safe` strategy makes a heading id (characters unsafe in a URL removed, not
/// made separators: `d'Ottawa` is `dOttawa`), normalized.
fn slug_safe(s: &str) -> String {
    normalize(&slugify_anchor(&decode(s), SlugStrategy::Safe))
}

/// The audit rule of a span and its needles, each text put in comparison form by `form`.
fn needles_in_form(span: &SecretSpan<'_>, min_chars: usize, form: fn(&str) -> String) -> (AuditRule, Vec<String>) {
    let whole = form(&strip_markdown(span.secret));
    if whole.is_empty() {
        return (AuditRule::Empty, Vec::new());
    }
    if !too_short(&whole, min_chars) {
        let mut texts = vec![whole.clone()];
        // A block's lines are searched one by one too: they may be rendered apart. A line of
        // fewer than three words (a list item such as "Asylum") would match innocent text, so
        // it is searched with its neighbouring lines' words, as whole words, like a short span.
        let lines: Vec<String> =
            span.secret.lines().map(|line| form(&strip_markdown(line))).filter(|l| !l.is_empty()).collect();
        for (i, l) in lines.iter().enumerate() {
            let text = if !too_short(l, min_chars) && l.split(' ').count() >= 3 {
                l.clone()
            } else {
                let before: Vec<&str> = lines[..i].iter().flat_map(|p| p.split(' ')).collect();
                let after: Vec<&str> = lines[i + 1..].iter().flat_map(|n| n.split(' ')).collect();
                let before = &before[before.len().saturating_sub(3)..];
                let after = &after[..after.len().min(3)];
                if before.is_empty() && after.is_empty() {
                    continue;
                }
                [before.join(" "), l.clone(), after.join(" ")]
                    .iter()
                    .filter(|p| !p.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            if !texts.contains(&text) {
                texts.push(text);
            }
        }
        return (AuditRule::Full, texts);
    }
    let before = form(&strip_markdown(span.before));
    let after = form(&strip_markdown(span.after));
    let before: Vec<&str> = before.split(' ').filter(|w| !w.is_empty()).collect();
    let after: Vec<&str> = after.split(' ').filter(|w| !w.is_empty()).collect();
    let mut texts = Vec::new();
    if !before.is_empty() {
        texts.push(format!("{} {whole}", before[before.len().saturating_sub(3)..].join(" ")));
    }
    if !after.is_empty() {
        texts.push(format!("{whole} {}", after[..after.len().min(3)].join(" ")));
    }
    if texts.is_empty() {
        return (AuditRule::WholeWord, vec![whole]);
    }
    (AuditRule::Context, texts)
}

fn too_short(normalized: &str, min_chars: usize) -> bool {
    normalized.chars().count() < min_chars || (!normalized.contains(' ') && COMMON.contains(&normalized))
}

/// Removes Markdown syntax that does not show as text: emphasis markers, link and image
/// brackets and targets, inline HTML tags, block prefixes (`#`, `>`, `-`, `1.`, `|`).
pub(super) fn strip_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        let mut l = line.trim_start();
        loop {
            let before = l;
            l = l.trim_start_matches(['#', '>', '|']).trim_start();
            for marker in ["- ", "* ", "+ "] {
                l = l.strip_prefix(marker).unwrap_or(l);
            }
            let digits = l.len() - l.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0 && (l[digits..].starts_with(". ") || l[digits..].starts_with(") ")) {
                l = &l[digits + 2..];
            }
            if l == before {
                break;
            }
        }
        out.push_str(&strip_links(l).replace(['*', '`', '~'], "").replace('|', " "));
        out.push('\n');
    }
    strip_tags(&out, " ")
}

/// `[text](target)` → `text`; `![alt](src)` → `alt`.
fn strip_links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("](") {
        let Some(close) = rest[i..].find(')') else {
            break;
        };
        out.push_str(&rest[..i]);
        out.push(' ');
        rest = &rest[i + close + 1..];
    }
    out.push_str(rest);
    out.replace("![", " ").replace('[', " ")
}

/// Replaces every `<…>` tag by `with`.
pub(super) fn strip_tags(s: &str, with: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = memchr::memchr(b'<', rest.as_bytes()) {
        let Some(close) = memchr::memchr(b'>', &rest.as_bytes()[open..]) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(with);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Decodes HTML entities, then JSON string escapes: `\uXXXX` (a surrogate pair as one
/// character), `\"`, `\\`, `\/`, `\n`, `\r`, `\t`. Anything else after a backslash is kept.
pub(super) fn decode(s: &str) -> String {
    let html = html_escape::decode_html_entities(s);
    if !html.contains('\\') {
        return html.into_owned();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest: &str = &html;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let escape = &rest[i + 1..];
        match json_escape(escape) {
            Some((c, len)) => {
                out.push(c);
                rest = &escape[len..];
            }
            None => {
                out.push('\\');
                rest = escape;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character of the JSON escape that follows a backslash, and its length in bytes.
fn json_escape(s: &str) -> Option<(char, usize)> {
    let c = match s.as_bytes().first()? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let high = hex4(&s[1..])?;
            let low = s.get(5..).and_then(|r| r.strip_prefix("\\u")).and_then(hex4);
            return match low {
                Some(low) if (0xD800..0xDC00).contains(&high) && (0xDC00..0xE000).contains(&low) => {
                    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)).map(|c| (c, 11))
                }
                _ => char::from_u32(high).map(|c| (c, 5)),
            };
        }
        _ => return None,
    };
    Some((c, 1))
}

/// The value of four hex digits at the start of `s`.
fn hex4(s: &str) -> Option<u32> {
    let digits = s.get(..4)?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

/// The comparison form of a text (see the module doc). Entities are decoded first.
///
/// Each character is decomposed alone (NFKD's compatibility mappings) and its combining marks
/// dropped: that is the text's NFKD without marks, since NFKD only reorders marks (every
/// character with a combining class is one). ASCII, most of an output, takes a short path.
pub fn normalize(s: &str) -> String {
    let decoded = decode(s);
    let mut folded = Folded { out: Vec::with_capacity(decoded.len()), space: true };
    let mut rest = decoded.as_str();
    while !rest.is_empty() {
        let run = kept_run(rest.as_bytes());
        folded.extend_kept(&rest.as_bytes()[..run]);
        rest = &rest[run..];
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        if c.is_ascii() {
            folded.push_ascii(c as u8);
        } else {
            decompose_compatible(c, |d| {
                if !is_combining_mark(d) {
                    folded.push(d);
                }
            });
        }
    }
    folded.finish()
}

/// The length of the run at the start of `bytes` that normalization only lowercases:
/// [`KEPT_ASCII`] bytes, and single spaces between two of them.
fn kept_run(bytes: &[u8]) -> usize {
    let kept = |i: usize| bytes.get(i).is_some_and(|&b| KEPT_ASCII[usize::from(b)]);
    let mut i = 0;
    loop {
        if kept(i) {
            i += 1;
        } else if i > 0 && bytes.get(i) == Some(&b' ') && kept(i + 1) {
            i += 2;
        } else {
            return i;
        }
    }
}

/// The ASCII bytes normalization keeps, but for their case: all but those read as spaces.
const KEPT_ASCII: [bool; 256] = {
    let mut kept = [false; 256];
    let mut b = 0;
    while b < 128 {
        kept[b] = !Folded::reads_as_space(b as u8);
        b += 1;
    }
    kept
};

/// The normalized text being built, as UTF-8 bytes: `space` when it ends with a space (or is
/// empty).
struct Folded {
    out: Vec<u8>,
    space: bool,
}

impl Folded {
    /// Apostrophes read as spaces, as slugs drop them (`l'état` → `l-etat`).
    const fn reads_as_space(b: u8) -> bool {
        matches!(b, b'\'' | b'`' | b'-' | b'_' | b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
    }

    fn push_ascii(&mut self, b: u8) {
        if Self::reads_as_space(b) {
            self.space();
        } else {
            self.space = false;
            self.out.push(b.to_ascii_lowercase());
        }
    }

    /// Pushes a run of [`KEPT_ASCII`] bytes at once (most of an output's text).
    fn extend_kept(&mut self, run: &[u8]) {
        if !run.is_empty() {
            let start = self.out.len();
            self.out.extend_from_slice(run);
            self.out[start..].make_ascii_lowercase();
            self.space = false;
        }
    }

    fn push(&mut self, c: char) {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' => ' ',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => ' ',
            // Soft hyphens and zero-width characters: invisible, they split a word for a
            // byte search only.
            '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}' => return,
            c if c.is_ascii() => return self.push_ascii(c as u8),
            c => c,
        };
        if c.is_whitespace() {
            self.space();
        } else {
            self.space = false;
            for lower in c.to_lowercase() {
                self.out.extend_from_slice(lower.encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
    }

    fn space(&mut self) {
        if !self.space {
            self.out.push(b' ');
            self.space = true;
        }
    }

    /// The text, without a trailing space.
    fn finish(mut self) -> String {
        if self.out.last() == Some(&b' ') {
            self.out.pop();
        }
        // Only whole characters were pushed, so this is valid UTF-8.
        String::from_utf8(self.out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::canonical_combining_class;

    /// The definition: the whole text's NFKD, marks dropped, then folded.
    fn normalize_by_definition(s: &str) -> String {
        let decoded = decode(s);
        let mut folded = Folded { out: Vec::new(), space: true };
        decoded.nfkd().filter(|c| !is_combining_mark(*c)).for_each(|c| folded.push(c));
        folded.finish()
    }

    /// NFKD reorders only characters with a combining class; dropping every mark makes the
    /// order moot, so each character can be decomposed alone.
    #[test]
    fn every_character_with_a_combining_class_is_a_mark() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert!(canonical_combining_class(c) == 0 || is_combining_mark(c), "{c:?}");
        }
    }

    proptest! {
        #[test]
        fn normalize_is_nfkd_without_marks_folded(s in "[a-zA-Z'`_ \t\n-]{0,8}(\\PC{0,6}[a-z ]{0,4}){0,6}") {
            prop_assert_eq!(normalize(&s), normalize_by_definition(&s));
        }
    }

    #[test]
    fn normalize_folds_what_rendering_changes() {
        assert_eq!(normalize("  Café&nbsp;&amp; “Élan”\n l’état—X  "), "cafe & \"elan\" l etat x");
        assert_eq!(normalize("secret-plan_b"), "secret plan b");
        assert_eq!(normalize("\\u00e9t\\u00C9"), "ete");
        assert_eq!(normalize("ﬁ"), "fi");
        // Runs of plain ASCII are copied at once, through single spaces; they end anywhere.
        assert_eq!(normalize("x"), "x");
        assert_eq!(normalize(" A b  C-d "), "a b c d");
        assert_eq!(normalize("<p class=\"X\">"), "<p class=\"x\">");
    }

    #[test]
    fn markdown_is_stripped_from_secrets() {
        let s = "# Head **bold** _it_\n> - [link text](http://x) ![alt](p.png) <b>tag</b>\n1. `code`";
        assert_eq!(normalize(&strip_markdown(s)), "head bold it link text alt tag code");
    }

    fn span<'a>(secret: &'a str, before: &'a str, after: &'a str) -> SecretSpan<'a> {
        SecretSpan { secret, before, after, source: "a.md".into(), line: 3 }
    }

    #[test]
    fn short_and_common_secrets_are_audited_by_context() {
        let (rule, texts) = needles_for(&span("Bob", "Meeting with our friend", "on Monday at noon today"), 4);
        assert_eq!(rule, AuditRule::Context);
        assert_eq!(texts, ["with our friend bob", "bob on monday at"]);
        assert_eq!(needles_for(&span("Canada", "", ""), 4), (AuditRule::WholeWord, vec!["canada".to_string()]));
        assert_eq!(needles_for(&span("**  **", "", ""), 4).0, AuditRule::Empty);
        // Regression: a one-word list item ("Asylum") of a redacted block was searched alone and
        // matched every page that mentions asylum. Short lines are searched with their neighbours.
        let block = "- Economic immigration\n- Asylum\n- Settlement services for newcomers";
        let (rule, texts) = needles_for(&span(block, "", ""), 4);
        assert_eq!(rule, AuditRule::Full);
        assert_eq!(
            texts,
            [
                "economic immigration asylum settlement services for newcomers",
                "economic immigration asylum settlement services",
                "economic immigration asylum settlement services for",
                "settlement services for newcomers",
            ]
        );
    }

    #[test]
    fn json_string_escapes_are_decoded() {
        assert_eq!(decode(r#"a \"b\" c\/d\\n\tf \ud83d\ude00 \u00E9"#), "a \"b\" c/d\\n\tf 😀 é");
        // Not JSON escapes, or broken ones: kept as written.
        assert_eq!(decode(r"C:\x \u+123 \ud83d \u12"), r"C:\x \u+123 \ud83d \u12");
        assert_eq!(normalize(r#"{"t":"Project\nNightingale"}"#), r#"{"t":"project nightingale"}"#);
    }

    #[test]
    fn slug_forms_are_extra_needles() {
        let slugs = |secret, before, after| {
            let span = span(secret, before, after);
            slug_needles(&span, 4, &needles_for(&span, 4).1)
        };
        assert_eq!(slugs("Hong Kong, Afghanistan", "", ""), ["hong kong afghanistan"]);
        assert_eq!(slugs("Cœur du projet", "", ""), ["coeur du projet"]);
        assert_eq!(slugs("Le plan d'Ottawa", "", ""), ["le plan dottawa"]);
        assert_eq!(slugs("Project Nightingale", "", ""), Vec::<String>::new(), "the same as the normalized text");
        // Short in its slug form: searched with its context, never alone.
        assert_eq!(slugs("$1.5", "the costs of", "over five years"), ["the costs of 1 5", "1 5 over five years"]);
        assert_eq!(slugs("$1.5", "", ""), Vec::<String>::new());
        let mut s = Secrets::default();
        s.add(&span("Hong Kong, Afghanistan", "", ""), 4);
        let forms: Vec<(&str, bool)> = s.needles.iter().map(|n| (n.text.as_str(), n.whole_word)).collect();
        assert_eq!(forms, [("hong kong, afghanistan", false), ("hong kong afghanistan", true)]);
    }

    #[test]
    fn debug_never_shows_secret_text() {
        let mut s = Secrets::default();
        s.add(&span("zqsecretvalue", "", ""), 4);
        assert!(!format!("{s:?}").contains("zqsecret"));
    }
}
