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

pub(super) use super::text::{decode, normalize, strip_markdown, strip_tags, tags_only};
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

    /// The secrets of one span `secret` at `source:line`, as the redaction pass adds them
    /// (for the tests of other stages).
    #[cfg(test)]
    pub fn of_span(secret: &str, source: &str, line: usize) -> Secrets {
        let mut s = Secrets::default();
        s.add(&SecretSpan { secret, before: "", after: "", source: source.into(), line }, 4);
        s
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

#[cfg(test)]
mod tests {
    use super::*;

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
