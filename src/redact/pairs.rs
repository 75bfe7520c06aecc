//! Translations, block by block: a passage redacted in one language and published plainly in
//! the other is a leak, even when both redact the same number of times under the same
//! exemptions.
//!
//! Input: the pages as read (markers in place). Output: for each translation pair where one
//! side has a marker, the blocks paired in order when both sides have as many, else aligned
//! ([`crate::parity::align::pages`], the alignment the parity report uses) where one side holds redacted text and the other none, as [`Leak`]s
//! naming both `path:line` (the published side as `output`, the redacting side as `source`;
//! never the text). A public build refuses them (exit status 1, as the audit does) unless a
//! reviewer dismissed the finding in `redactions-dismissed.toml` at the site root:
//!
//! ```toml
//! [[dismiss]]
//! redacted = "content/memo.md:12"      # the side that redacts
//! published = "content/memo.fr.md:12"  # the block that does not
//! reason = "the French paraphrases; the figure is not in it"
//! ```
//!
//! A dismissal without a reason, or one that matches no finding, is an error.
//! Blocks left without a counterpart are paired in order when both sides leave the same number
//! between two aligned pairs; otherwise they are not judged here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::content::SourcePage;
use crate::diag::{Diagnostic, Failure, Leak};
use crate::parity::{align, blocks};

/// The file a site keeps its dismissals in.
pub const DISMISSALS: &str = "redactions-dismissed.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Dismissals {
    #[serde(default)]
    dismiss: Vec<Dismissal>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Dismissal {
    redacted: String,
    published: String,
    #[serde(default)]
    reason: String,
}

/// One side of a pair of blocks: its file, line and whether it holds redacted text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Side {
    pub path: PathBuf,
    pub line: usize,
    pub redacted: bool,
}

impl Side {
    /// `path:line`, as the dismissals file and the log name a block.
    pub fn place(&self) -> String {
        format!("{}:{}", self.path.display(), self.line)
    }
}

/// Two blocks paired across a translation pair, one of them at least redacted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct BlockPair {
    pub a: Side,
    pub b: Side,
}

impl BlockPair {
    /// The side that redacts and the side that publishes, when only one side redacts.
    pub fn mismatch(&self) -> Option<(&Side, &Side)> {
        match (self.a.redacted, self.b.redacted) {
            (true, false) => Some((&self.a, &self.b)),
            (false, true) => Some((&self.b, &self.a)),
            _ => None,
        }
    }

    fn leak(&self) -> Option<Leak> {
        let (red, publ) = self.mismatch()?;
        Some(Leak {
            output: publ.place().into(),
            source: red.path.clone(),
            line: red.line,
            excerpt: "a block redacted in one language is published in the other".into(),
        })
    }
}

/// Every pair of blocks of a translation pair where one side at least holds redacted text,
/// sorted.
pub fn block_pairs(pages: &[SourcePage]) -> Vec<BlockPair> {
    let mut by_key: BTreeMap<&str, Vec<&SourcePage>> = BTreeMap::new();
    for p in pages {
        by_key.entry(&p.key).or_default().push(p);
    }
    let mut out = Vec::new();
    for group in by_key.values().filter(|g| g.len() > 1 && g.iter().any(|p| p.body.contains("redact"))) {
        let parsed: Vec<Option<Vec<blocks::Block>>> =
            group.iter().map(|p| blocks::parse(p).ok().map(|b| b.0)).collect();
        for (i, a) in group.iter().enumerate() {
            for (j, b) in group.iter().enumerate().skip(i + 1) {
                let (Some(ba), Some(bb)) = (&parsed[i], &parsed[j]) else { continue };
                // Same number of blocks: paired in order (a redacted block's text is blanked,
                // so two redacted blocks would align with each other by similarity alone).
                let rows = if ba.len() == bb.len() {
                    (0..ba.len()).map(|k| (k, k)).collect()
                } else {
                    pair_rows(align::pages(ba, bb, &a.lang, &b.lang))
                };
                let side = |p: &SourcePage, block: &blocks::Block| Side {
                    path: p.path.clone(),
                    line: block.line,
                    redacted: !block.marks.is_empty(),
                };
                for (x, y) in rows {
                    let pair = BlockPair { a: side(a, &ba[x]), b: side(b, &bb[y]) };
                    if pair.a.redacted || pair.b.redacted {
                        out.push(pair);
                    }
                }
            }
        }
    }
    out.sort();
    out
}

/// The findings of every pair with a marker on one side.
pub fn findings(pages: &[SourcePage]) -> Vec<Leak> {
    let mut out: Vec<Leak> = block_pairs(pages).iter().filter_map(BlockPair::leak).collect();
    out.sort();
    out
}

/// The aligned pairs of blocks, and between two of them, blocks left alone on both sides in
/// equal numbers paired in order: a redacted block's text is blanked for the alignment, so it
/// may not align with its plain counterpart by similarity alone.
fn pair_rows(rows: Vec<align::Row>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut only_a, mut only_b) = (Vec::new(), Vec::new());
    let flush = |only_a: &mut Vec<usize>, only_b: &mut Vec<usize>, out: &mut Vec<(usize, usize)>| {
        if only_a.len() == only_b.len() {
            out.extend(only_a.iter().copied().zip(only_b.iter().copied()));
        }
        only_a.clear();
        only_b.clear();
    };
    for row in rows {
        match row {
            (Some(x), Some(y)) => {
                flush(&mut only_a, &mut only_b, &mut out);
                out.push((x, y));
            }
            (Some(x), None) => only_a.push(x),
            (None, Some(y)) => only_b.push(y),
            (None, None) => {}
        }
    }
    flush(&mut only_a, &mut only_b, &mut out);
    out
}

/// The block pairs of [`block_pairs`], each mismatch with the reason a reviewer gave to
/// dismiss it (the site's [`DISMISSALS`] file). Failure: the file is not valid, a dismissal
/// has no reason or matches no finding.
pub fn review(root: &Path, pages: &[SourcePage]) -> Result<Vec<(BlockPair, Option<String>)>, Failure> {
    review_in(root, pages, true)
}

/// Refuses the findings a reviewer has not dismissed (the site's [`DISMISSALS`] file).
pub fn check(root: &Path, pages: &[SourcePage]) -> Result<(), Failure> {
    refuse(review_in(root, pages, true)?)
}

/// As [`check`], on some pages and their translations only (`cahier serve`'s updates): a
/// dismissal is judged only if it names one of `pages`.
pub fn check_pairs(root: &Path, pages: &[SourcePage]) -> Result<(), Failure> {
    refuse(review_in(root, pages, false)?)
}

/// The findings left once dismissed ones are set aside, as a failure if there are any.
fn refuse(reviewed: Vec<(BlockPair, Option<String>)>) -> Result<(), Failure> {
    let mut left: Vec<Leak> =
        reviewed.into_iter().filter(|(_, reason)| reason.is_none()).filter_map(|(p, _)| p.leak()).collect();
    left.sort();
    if left.is_empty() { Ok(()) } else { Err(Failure::Leaks(left)) }
}

fn review_in(root: &Path, pages: &[SourcePage], whole_site: bool) -> Result<Vec<(BlockPair, Option<String>)>, Failure> {
    let pairs = block_pairs(pages);
    let named = |place: &str| {
        let file = place.rsplit_once(':').map_or(place, |(file, _)| file);
        pages.iter().any(|p| p.path == Path::new(file))
    };
    let file = root.join(DISMISSALS);
    let dismissals = match crate::diag::read_optional(&file, Path::new(DISMISSALS))? {
        None => Vec::new(),
        Some(text) => {
            toml::from_str::<Dismissals>(&text)
                .map_err(|e| Failure::content(Diagnostic::error(DISMISSALS, 0, 0, e.to_string())))?
                .dismiss
        }
    };
    let dismisses = |d: &Dismissal, pair: &BlockPair| {
        pair.mismatch().is_some_and(|(red, publ)| d.redacted == red.place() && d.published == publ.place())
    };
    for (n, d) in dismissals.iter().enumerate() {
        let problem = if d.reason.trim().is_empty() {
            Some("a dismissal needs a `reason`")
        } else if !pairs.iter().any(|p| dismisses(d, p)) && (whole_site || named(&d.redacted) || named(&d.published)) {
            Some("this dismissal matches no finding (the text moved, or it was fixed): remove it")
        } else {
            None
        };
        if let Some(p) = problem {
            return Err(Failure::content(Diagnostic::error(DISMISSALS, 0, 0, format!("dismissal #{}: {p}", n + 1))));
        }
    }
    Ok(pairs
        .into_iter()
        .map(|pair| {
            let reason = dismissals.iter().find(|d| dismisses(d, &pair)).map(|d| d.reason.trim().to_string());
            (pair, reason)
        })
        .collect())
}
