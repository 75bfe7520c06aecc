//! Alignment of two pages' blocks: headings first (sections), then the blocks of each pair
//! of sections, so that one dropped paragraph or section does not misalign the rest.
//!
//! Input: the two pages' [`Block`]s and their languages. Output: rows of
//! `(Option<source index>, Option<target index>)` in page order. Never fails. The alignment
//! is a small dynamic programme (Needleman–Wunsch, no gap cost) that maximises the summed
//! similarity of aligned pairs (kind, shared numbers, shared link targets and code, length);
//! blocks of different classes never align.

use std::collections::HashSet;

use super::blocks::{Block, Kind};
use super::numbers;

/// One row of an alignment: a block of each side, or of one side only.
pub type Row = (Option<usize>, Option<usize>);

/// The most cells of one alignment table: longer sequences are cut into proportional windows
/// aligned one by one, so that the work stays linear in the length of the page.
const CELLS: usize = 250_000;

/// Aligns two sequences; `sim` gives the similarity of a pair (`None`: may not align).
pub fn align<T>(a: &[T], b: &[T], sim: impl Fn(&T, &T) -> Option<f64>) -> Vec<Row> {
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > CELLS {
        // k windows of (n/k) × (m/k) cells each: k × CELLS cells in all, about √(n·m·CELLS).
        let k = ((n as f64 * m as f64 / CELLS as f64).sqrt().ceil() as usize).max(2);
        let mut rows = Vec::with_capacity(n.max(m));
        for w in 0..k {
            let (a0, a1) = (w * n / k, (w + 1) * n / k);
            let (b0, b1) = (w * m / k, (w + 1) * m / k);
            let inner = table(&a[a0..a1], &b[b0..b1], &sim);
            rows.extend(inner.into_iter().map(|(i, j)| (i.map(|i| i + a0), j.map(|j| j + b0))));
        }
        return rows;
    }
    table(a, b, &sim)
}

/// The alignment of two sequences by one dynamic programme over all their pairs.
fn table<T>(a: &[T], b: &[T], sim: &impl Fn(&T, &T) -> Option<f64>) -> Vec<Row> {
    let (n, m) = (a.len(), b.len());
    // score[i][j]: best total for a[i..], b[j..].
    let mut score = vec![vec![0.0f64; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let both = sim(&a[i], &b[j]).map_or(f64::NEG_INFINITY, |s| s + score[i + 1][j + 1]);
            score[i][j] = both.max(score[i + 1][j]).max(score[i][j + 1]);
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut rows = Vec::with_capacity(n.max(m));
    while i < n || j < m {
        if i < n && j < m {
            if let Some(s) = sim(&a[i], &b[j]) {
                if (s + score[i + 1][j + 1] - score[i][j]).abs() < 1e-9 {
                    rows.push((Some(i), Some(j)));
                    i += 1;
                    j += 1;
                    continue;
                }
            }
            if (score[i + 1][j] - score[i][j]).abs() < 1e-9 {
                rows.push((Some(i), None));
                i += 1;
            } else {
                rows.push((None, Some(j)));
                j += 1;
            }
        } else if i < n {
            rows.push((Some(i), None));
            i += 1;
        } else {
            rows.push((None, Some(j)));
            j += 1;
        }
    }
    rows
}

/// What the similarity of two blocks reads, computed once per block.
struct Features<'a> {
    block: &'a Block,
    numbers: Vec<String>,
    number_set: HashSet<String>,
    chars: usize,
    links: usize,
    /// Link targets with their language markers neutralised, and code spans: anchors shared
    /// by a block and its translation.
    anchors: HashSet<String>,
    redactions: usize,
}

impl<'a> Features<'a> {
    fn of(block: &'a Block, lang: &str, extra: &[&Block]) -> Features<'a> {
        let mut numbers: Vec<String> = Vec::new();
        let (mut chars, mut links, mut redactions) = (0, 0, 0);
        let mut anchors = HashSet::new();
        for b in std::iter::once(block).chain(extra.iter().copied()) {
            anchors.extend(b.links.iter().filter(|l| l.contains("://")).map(|l| super::links::neutral(l)));
            if !b.code.is_empty() && matches!(b.kind, Kind::Code { .. }) {
                anchors.insert(b.code.clone());
            }
            numbers.extend(super::numbers::extract(&b.text, lang).into_iter().map(|n| numbers::key(n.value)));
            chars += b.text.chars().count();
            links += b.links.len();
            redactions += b.redactions.len();
        }
        let number_set = numbers.iter().cloned().collect();
        Features { block, numbers, number_set, chars, links, anchors, redactions }
    }
}

/// Similarity of two blocks, from their kind, numbers and length.
fn similarity(fa: &Features<'_>, fb: &Features<'_>) -> Option<f64> {
    let (a, b) = (fa.block, fb.block);
    if a.kind.class() != b.kind.class() {
        return None;
    }
    let mut s = 1.0;
    if let (Kind::Heading { level: x, id: ia }, Kind::Heading { level: y, id: ib }) = (&a.kind, &b.kind) {
        s += if x == y { 1.0 } else { -0.5 };
        if ia.is_some() && ia == ib {
            s += 1.0;
        }
    }
    if a.kind == b.kind {
        s += 0.25;
    }
    if !fa.numbers.is_empty() || !fb.numbers.is_empty() {
        let common = fa.numbers.iter().filter(|x| fb.number_set.contains(*x)).count();
        s += common as f64 / fa.numbers.len().max(fb.numbers.len()) as f64;
    }
    if !fa.anchors.is_empty() || !fb.anchors.is_empty() {
        let common = fa.anchors.intersection(&fb.anchors).count();
        s += common as f64 / fa.anchors.len().max(fb.anchors.len()) as f64;
    }
    let (ca, cb) = (fa.chars as f64, fb.chars as f64 / 1.15);
    if ca > 0.0 && cb > 0.0 {
        s += 0.5 * ca.min(cb) / ca.max(cb);
    }
    if fa.links == fb.links && fa.redactions == fb.redactions {
        s += 0.25;
    }
    Some(s)
}

/// Aligns two pages' blocks: headings (with the blocks before the first heading as a section
/// of their own), then the blocks of each aligned pair of sections. This is the alignment the
/// report uses; other stages (the redaction audit) may call it to compare two pages block by
/// block. `la` and `lb` are the pages' language codes (numbers are read by their rules).
pub fn pages(a: &[Block], b: &[Block], la: &str, lb: &str) -> Vec<Row> {
    let sa = sections(a);
    let sb = sections(b);
    let fa: Vec<Features<'_>> = a.iter().map(|x| Features::of(x, la, &[])).collect();
    let fb: Vec<Features<'_>> = b.iter().map(|x| Features::of(x, lb, &[])).collect();
    // A section is compared as its heading with the text, links and redactions of its body.
    let (ha, hb) = (heads(&sa, a, la), heads(&sb, b, lb));
    let section_rows = align(&ha, &hb, |x, y| match (x, y) {
        (None, None) => Some(10.0),
        (Some(x), Some(y)) => similarity(x, y),
        _ => None,
    });
    let mut rows = Vec::new();
    for (x, y) in section_rows {
        let head = |s: &[(Option<usize>, Vec<usize>)], i: Option<usize>| i.and_then(|i| s[i].0);
        if head(&sa, x).is_some() || head(&sb, y).is_some() {
            rows.push((head(&sa, x), head(&sb, y)));
        }
        let body = |s: &[(Option<usize>, Vec<usize>)], i: Option<usize>| i.map(|i| s[i].1.clone()).unwrap_or_default();
        let (ba, bb) = (body(&sa, x), body(&sb, y));
        let inner = align(&ba, &bb, |&i, &j| similarity(&fa[i], &fb[j]));
        rows.extend(inner.into_iter().map(|(i, j)| (i.map(|i| ba[i]), j.map(|j| bb[j]))));
    }
    rows
}

/// The features of each section's heading together with its body.
fn heads<'a>(s: &[(Option<usize>, Vec<usize>)], blocks: &'a [Block], lang: &str) -> Vec<Option<Features<'a>>> {
    s.iter()
        .map(|(h, body)| {
            h.map(|i| {
                let extra: Vec<&Block> = body.iter().map(|&j| &blocks[j]).collect();
                Features::of(&blocks[i], lang, &extra)
            })
        })
        .collect()
}

/// Splits a page into sections: (heading index, indices of the blocks under it). The first
/// section has no heading.
fn sections(blocks: &[Block]) -> Vec<(Option<usize>, Vec<usize>)> {
    let mut out = vec![(None, Vec::new())];
    for (i, b) in blocks.iter().enumerate() {
        if matches!(b.kind, Kind::Heading { .. }) {
            out.push((Some(i), Vec::new()));
        } else if let Some(last) = out.last_mut() {
            last.1.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(kind: Kind, text: &str) -> Block {
        Block::of_text(kind, text)
    }

    fn h(level: u8, t: &str) -> Block {
        block(Kind::Heading { level, id: None }, t)
    }

    fn p(t: &str) -> Block {
        block(Kind::Paragraph, t)
    }

    #[test]
    fn a_dropped_paragraph_leaves_a_gap_and_the_rest_aligned() {
        let en = [p("Intro of 2019."), p("We spent $300,000 in 2020."), p("Then 45 people came."), p("Last one.")];
        let fr = [p("Intro de 2019."), p("Puis 45 personnes sont venues."), p("Le dernier.")];
        let rows = pages(&en, &fr, "en", "fr");
        assert_eq!(rows, vec![(Some(0), Some(0)), (Some(1), None), (Some(2), Some(1)), (Some(3), Some(2))]);
    }

    #[test]
    fn a_missing_section_does_not_shift_the_following_ones() {
        let en = [h(2, "One"), p("a 1"), h(2, "Two"), p("b 2"), h(2, "Three"), p("c 3")];
        let fr = [h(2, "Un"), p("a 1"), h(2, "Trois"), p("c 3")];
        let rows = pages(&en, &fr, "en", "fr");
        assert_eq!(
            rows,
            vec![
                (Some(0), Some(0)),
                (Some(1), Some(1)),
                (Some(2), None),
                (Some(3), None),
                (Some(4), Some(2)),
                (Some(5), Some(3))
            ]
        );
    }

    #[test]
    fn long_sequences_are_aligned_in_windows_and_every_item_kept() {
        let a: Vec<u32> = (0..2000).collect();
        let b: Vec<u32> = (0..2000).filter(|x| x % 100 != 7).collect();
        let rows = align(&a, &b, |x, y| (x == y).then_some(1.0));
        let left: Vec<usize> = rows.iter().filter_map(|r| r.0).collect();
        let right: Vec<usize> = rows.iter().filter_map(|r| r.1).collect();
        assert_eq!(left, (0..2000).collect::<Vec<_>>());
        assert_eq!(right, (0..b.len()).collect::<Vec<_>>());
        let matched = rows.iter().filter(|r| matches!(r, (Some(i), Some(j)) if a[*i] == b[*j])).count();
        assert!(matched > 1900, "{matched}");
    }

    #[test]
    fn a_shared_link_anchors_the_alignment() {
        // The French keeps the paragraph with the link, longer, and drops the other one, whose
        // length is closer: the shared link decides.
        let mut a = p("See the guide.");
        a.links = vec!["https://example.ca/en/guide".into()];
        let mut b = p("Voir le guide pour tous les détails, avec des exemples.");
        b.links = vec!["https://example.ca/fr/guide".into()];
        let en = [a, p("Another sentence, about as long as the French one.")];
        let fr = [b];
        assert_eq!(pages(&en, &fr, "en", "fr"), vec![(Some(0), Some(0)), (Some(1), None)]);
    }

    #[test]
    fn different_kinds_never_align() {
        let en = [p("text"), block(Kind::Rule, "")];
        let fr = [block(Kind::Rule, "")];
        assert_eq!(pages(&en, &fr, "en", "fr"), vec![(Some(0), None), (Some(1), Some(0))]);
    }
}
