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
use std::path::Path;

use serde::Deserialize;

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

/// The findings of every pair with a marker on one side.
pub fn findings(pages: &[SourcePage]) -> Vec<Leak> {
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
                for (x, y) in rows {
                    let (ra, rb) = (!ba[x].marks.is_empty(), !bb[y].marks.is_empty());
                    let leak = |(red, rl): (&SourcePage, usize), (publ, pl): (&SourcePage, usize)| Leak {
                        output: format!("{}:{pl}", publ.path.display()).into(),
                        source: red.path.clone(),
                        line: rl,
                        excerpt: "a block redacted in one language is published in the other".into(),
                    };
                    if ra && !rb {
                        out.push(leak((a, ba[x].line), (b, bb[y].line)));
                    } else if rb && !ra {
                        out.push(leak((b, bb[y].line), (a, ba[x].line)));
                    }
                }
            }
        }
    }
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

/// Refuses the findings a reviewer has not dismissed (the site's [`DISMISSALS`] file).
pub fn check(root: &Path, pages: &[SourcePage]) -> Result<(), Failure> {
    check_in(root, pages, true)
}

/// As [`check`], on some pages and their translations only (`cahier serve`'s updates): a
/// dismissal is judged only if it names one of `pages`.
pub fn check_pairs(root: &Path, pages: &[SourcePage]) -> Result<(), Failure> {
    check_in(root, pages, false)
}

fn check_in(root: &Path, pages: &[SourcePage], whole_site: bool) -> Result<(), Failure> {
    let found = findings(pages);
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
    let key = |l: &Leak| (format!("{}:{}", l.source.display(), l.line), l.output.display().to_string());
    for (n, d) in dismissals.iter().enumerate() {
        let matches = found.iter().any(|l| key(l) == (d.redacted.clone(), d.published.clone()));
        let problem = if d.reason.trim().is_empty() {
            Some("a dismissal needs a `reason`")
        } else if !matches && (whole_site || named(&d.redacted) || named(&d.published)) {
            Some("this dismissal matches no finding (the text moved, or it was fixed): remove it")
        } else {
            None
        };
        if let Some(p) = problem {
            return Err(Failure::content(Diagnostic::error(DISMISSALS, 0, 0, format!("dismissal #{}: {p}", n + 1))));
        }
    }
    let left: Vec<Leak> = found
        .into_iter()
        .filter(|l| !dismissals.iter().any(|d| key(l) == (d.redacted.clone(), d.published.clone())))
        .collect();
    if left.is_empty() { Ok(()) } else { Err(Failure::Leaks(left)) }
}
