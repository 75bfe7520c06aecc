//! The redaction log: what was withheld, where, under which exemptions, like the schedule of
//! a release package. It holds no secret text, only lengths, so it is safe to publish to
//! reviewers and to print in a public build.
//!
//! Input: the entries the redaction pass records. Output: [`RedactionLog`] and its rendering
//! as text, JSON or CSV ([`render`]). The log also lists the translation pairs whose languages
//! do not withhold under the same exemptions the same number of times ([`Parity`]) and,
//! block by block, each redacted block of a translation with its counterpart ([`BlockEntry`],
//! filled by `cahier redactions`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::WithheldPage;
use super::attachments::HeldAttachment;
use super::pairs::{BlockPair, Side};
use super::secrets::AuditRule;

/// Whether a redaction is inside a sentence, whole blocks, or a front matter string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Place {
    /// Inside a sentence.
    Span,
    /// Whole paragraphs, lists, tables or code.
    Block,
    /// A front matter string, named by its field (`title`, `extra.contact`).
    Front(String),
}

impl Place {
    fn label(&self) -> String {
        match self {
            Place::Span => "span".into(),
            Place::Block => "block".into(),
            Place::Front(f) => format!("front matter `{f}`"),
        }
    }
}

/// One redacted span.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LogEntry {
    /// The page's path in the source file with the language removed (pairs translations).
    pub key: String,
    /// The page's language.
    pub lang: String,
    /// The source file, relative to the site root.
    pub path: PathBuf,
    /// 1-based line of the marker in the file.
    pub line: usize,
    /// The exemption keys cited.
    pub exemptions: Vec<String>,
    /// Length of the secret text, in characters.
    pub chars: usize,
    pub place: Place,
    /// How the audit looks for it (short spans are audited by context).
    pub audit: AuditRule,
}

/// A page key whose languages redact differently: for each language, how many times each
/// exemption is used (withheld pages count once per exemption under `withheld`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Parity {
    /// The page key shared by the translations.
    pub key: String,
    /// Language → exemption → uses.
    pub counts: BTreeMap<String, BTreeMap<String, usize>>,
}

/// A redacted block of a translation and its counterpart in the other language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlockEntry {
    pub a: Side,
    pub b: Side,
    pub status: BlockStatus,
}

/// Whether a pair of blocks redacts on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockStatus {
    /// Both sides redact.
    Both,
    /// One side redacts and the other publishes: a public build refuses it.
    Refused,
    /// One side redacts, and a reviewer dismissed the finding for this reason.
    Dismissed(String),
}

impl BlockEntry {
    /// The entry of a pair of blocks, with the reason a reviewer dismissed it, if any.
    pub fn new(pair: BlockPair, dismissed: Option<String>) -> BlockEntry {
        let status = match (pair.mismatch(), dismissed) {
            (None, _) => BlockStatus::Both,
            (Some(_), None) => BlockStatus::Refused,
            (Some(_), Some(reason)) => BlockStatus::Dismissed(reason),
        };
        BlockEntry { a: pair.a, b: pair.b, status }
    }

    fn text(&self) -> String {
        let side = |s: &Side| format!("{} ({})", s.place(), if s.redacted { "redacted" } else { "published" });
        let status = match &self.status {
            BlockStatus::Both => "both redact".to_string(),
            BlockStatus::Refused => "refused: redact the published block too, or dismiss the finding in \
                                     redactions-dismissed.toml with a reason"
                .to_string(),
            BlockStatus::Dismissed(reason) => format!("dismissed: {reason}"),
        };
        format!("{} ↔ {}: {status}", side(&self.a), side(&self.b))
    }
}

/// The log of a build.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RedactionLog {
    /// Every redacted span, sorted by page, language and line.
    pub entries: Vec<LogEntry>,
    /// Pages withheld whole.
    pub withheld: Vec<WithheldPage>,
    /// Translation pairs that redact differently.
    pub parity: Vec<Parity>,
    /// URL path of each page of the build, by (key, language): where the reviewers'
    /// dashboard links each entry. Not part of the log's text, JSON or CSV.
    /// (Shared: a build's report is passed around by value.)
    #[serde(skip)]
    pub urls: std::sync::Arc<BTreeMap<(String, String), String>>,
    /// Attachments a public build did not publish, and why.
    pub attachments: Vec<HeldAttachment>,
    /// The redacted blocks of translations, block by block (`cahier redactions` fills it).
    pub blocks: Vec<BlockEntry>,
}

impl RedactionLog {
    /// The log with the URL path of every page, by (key, language).
    pub fn with_urls(mut self, urls: impl IntoIterator<Item = ((String, String), String)>) -> Self {
        self.urls = std::sync::Arc::new(urls.into_iter().collect());
        self
    }

    /// Sorts the entries and computes the parity list.
    pub fn finish(&mut self, langs_by_key: &BTreeMap<String, Vec<String>>) {
        self.entries.sort();
        self.attachments.sort();
        self.withheld.sort_by(|a, b| (&a.key, &a.lang).cmp(&(&b.key, &b.lang)));
        let mut counts: BTreeMap<&str, BTreeMap<String, BTreeMap<String, usize>>> = BTreeMap::new();
        for (key, langs) in langs_by_key {
            let by_lang = counts.entry(key).or_default();
            for l in langs {
                by_lang.entry(l.clone()).or_default();
            }
        }
        for e in &self.entries {
            let c = counts.entry(&e.key).or_default().entry(e.lang.clone()).or_default();
            for x in &e.exemptions {
                *c.entry(x.clone()).or_default() += 1;
            }
        }
        for w in &self.withheld {
            let c = counts.entry(&w.key).or_default().entry(w.lang.clone()).or_default();
            for x in &w.exemptions {
                *c.entry(format!("withheld {x}")).or_default() += 1;
            }
        }
        self.parity = counts
            .into_iter()
            .filter(|(_, by_lang)| by_lang.len() > 1 && by_lang.values().any(|c| Some(c) != by_lang.values().next()))
            .map(|(key, counts)| Parity { key: key.to_string(), counts })
            .collect();
    }
}

/// How to render the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One line per redaction, for people.
    Text,
    /// The whole log, pretty-printed.
    Json,
    /// One row per redaction, withheld page and parity problem.
    Csv,
}

/// Renders the log (`cahier redactions`).
pub fn render(log: &RedactionLog, format: Format) -> String {
    match format {
        Format::Text => text(log),
        Format::Json => serde_json::to_string_pretty(log).unwrap_or_default() + "\n",
        Format::Csv => csv(log),
    }
}

fn text(log: &RedactionLog) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "{} redaction(s), {} withheld page(s)", log.entries.len(), log.withheld.len());
    for e in &log.entries {
        let _ = writeln!(
            s,
            "{}:{}: [{}] {} {}, {} chars, audit: {}",
            e.path.display(),
            e.line,
            e.lang,
            e.exemptions.join(", "),
            e.place.label(),
            e.chars,
            e.audit.label()
        );
    }
    for w in &log.withheld {
        let _ = writeln!(s, "{}: [{}] page withheld under {}", w.path.display(), w.lang, w.exemptions.join(", "));
    }
    for a in &log.attachments {
        let _ = writeln!(s, "{}: attachment not published: {}", a.path.display(), a.reason);
    }
    for p in &log.parity {
        let langs: Vec<String> = p
            .counts
            .iter()
            .map(|(l, c)| {
                let c: Vec<String> = c.iter().map(|(x, n)| format!("{x} ×{n}")).collect();
                format!("{l}: {}", if c.is_empty() { "none".to_string() } else { c.join(", ") })
            })
            .collect();
        let _ = writeln!(s, "parity: {} redacts differently by language ({})", p.key, langs.join("; "));
    }
    for b in &log.blocks {
        let _ = writeln!(s, "block: {}", b.text());
    }
    s
}

fn csv(log: &RedactionLog) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["kind", "key", "lang", "path", "line", "exemptions", "chars", "place", "audit"]);
    for e in &log.entries {
        let _ = w.write_record([
            "redaction",
            &e.key,
            &e.lang,
            &e.path.display().to_string(),
            &e.line.to_string(),
            &e.exemptions.join(", "),
            &e.chars.to_string(),
            &e.place.label(),
            e.audit.label(),
        ]);
    }
    for p in &log.withheld {
        let _ = w.write_record([
            "withheld page",
            &p.key,
            &p.lang,
            &p.path.display().to_string(),
            "",
            &p.exemptions.join(", "),
            "",
            "page",
            "",
        ]);
    }
    for a in &log.attachments {
        let _ = w.write_record(["held attachment", "", "", &a.path.display().to_string(), "", "", "", "", &a.reason]);
    }
    for p in &log.parity {
        let _ = w.write_record(["parity", &p.key, "", "", "", "", "", "", ""]);
    }
    for b in &log.blocks {
        let status = match &b.status {
            BlockStatus::Both => "both redact".to_string(),
            BlockStatus::Refused => "refused".to_string(),
            BlockStatus::Dismissed(reason) => format!("dismissed: {reason}"),
        };
        let (a, other) = (&b.a, format!("paired with {}", b.b.place()));
        let _ = w.write_record([
            "block",
            "",
            "",
            &a.path.display().to_string(),
            &a.line.to_string(),
            "",
            "",
            &other,
            &status,
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, lang: &str, x: &str) -> LogEntry {
        LogEntry {
            key: key.into(),
            lang: lang.into(),
            path: format!("content/{key}").into(),
            line: 4,
            exemptions: vec![x.into()],
            chars: 12,
            place: Place::Span,
            audit: AuditRule::Full,
        }
    }

    fn log() -> RedactionLog {
        let mut log = RedactionLog {
            entries: vec![entry("a.md", "en", "15(1)"), entry("a.md", "fr", "19(1)"), entry("b.md", "en", "15(1)")],
            ..RedactionLog::default()
        };
        log.entries.push(entry("b.md", "fr", "15(1)"));
        let langs = BTreeMap::from([("a.md".to_string(), vec!["en".into(), "fr".into()])]);
        log.finish(&langs);
        log
    }

    #[test]
    fn parity_flags_pairs_that_differ() {
        let log = log();
        assert_eq!(log.parity.len(), 1);
        assert_eq!(log.parity[0].key, "a.md");
    }

    #[test]
    fn renders_three_formats() {
        let log = log();
        let t = render(&log, Format::Text);
        assert!(t.contains("content/a.md:4: [en] 15(1) span, 12 chars, audit: full text"), "{t}");
        assert!(t.contains("parity: a.md redacts differently by language (en: 15(1) ×1; fr: 19(1) ×1)"), "{t}");
        let j: serde_json::Value = serde_json::from_str(&render(&log, Format::Json)).unwrap();
        assert_eq!(j["entries"][0]["exemptions"][0], "15(1)");
        let c = render(&log, Format::Csv);
        assert_eq!(c.lines().count(), 6, "{c}");
        assert!(c.lines().nth(1).unwrap().starts_with("redaction,a.md,en,content/a.md,4,15(1),12,span"), "{c}");
    }
}
