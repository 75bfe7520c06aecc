//! What each row of an alignment means once local differences are read as one: a paragraph
//! split in two or two merged into one (1:2, 2:1), a block whose kind changed in the other
//! language (a heading demoted to bold text, a paragraph made a list), a block moved to
//! another place of the page. Each such difference is one group, so that the checks report it
//! once instead of as a run of "no counterpart" findings.
//!
//! Input: both pages' blocks and the alignment rows of [`super::align`]. Output: [`Group`]s in
//! reading order; every block is in exactly one group. Never fails; linear in the number of
//! rows (moves are looked for only among the blocks left unmatched, at most
//! [`MOVE_CANDIDATES`] of them on each side).

use super::blocks::{Block, Kind};

/// How the blocks of a group relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// One block on each side (or a split or merge: several on one side), compared.
    Same,
    /// A block whose kind differs on the other side (heading ↔ paragraph, paragraph ↔ list).
    Changed,
    /// A block found at another place of the other page.
    Moved,
    /// A block of one side only.
    Alone,
}

/// Blocks of each side that correspond.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub how: How,
    pub source: Vec<usize>,
    pub target: Vec<usize>,
}

/// The most unmatched blocks of a side among which moves are looked for (the search is
/// quadratic in them, so it is bounded).
pub const MOVE_CANDIDATES: usize = 64;

fn chars(b: &Block) -> f64 {
    b.text.chars().count().max(1) as f64
}

/// How far a target length is from the expected one (French runs 10–30 % longer).
fn off(source: f64, target: f64) -> f64 {
    (target / (source * 1.15)).ln().abs()
}

fn prose(b: &Block) -> bool {
    matches!(b.kind, Kind::Paragraph | Kind::List { .. } | Kind::Quote | Kind::Html)
}

/// A block that says nothing a translator translates (`<hr/>`, `<br>`, an empty `<div>`).
pub fn empty(b: &Block) -> bool {
    b.kind == Kind::Html && b.text.trim().is_empty() && b.links.is_empty() && b.images.is_empty()
}

/// Groups the rows of an alignment.
pub fn groups(sb: &[Block], tb: &[Block], rows: &[(Option<usize>, Option<usize>)]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::with_capacity(rows.len());
    let mut k = 0;
    while k < rows.len() {
        match rows[k] {
            (Some(i), Some(j)) => {
                let mut g = Group { how: How::Same, source: vec![i], target: vec![j] };
                // A split (or merge) whose other half is the previous one-sided block...
                let prev = out.last().filter(|p| p.how == How::Alone && k > 0).map(|_| rows[k - 1]);
                match prev.and_then(|row| completes(sb, tb, i, j, row)) {
                    Some((true, x)) if out.last().is_some_and(|p| p.source == [x]) => {
                        out.pop();
                        g.source.insert(0, x);
                    }
                    Some((false, x)) if out.last().is_some_and(|p| p.target == [x]) => {
                        out.pop();
                        g.target.insert(0, x);
                    }
                    _ => {}
                }
                // ... or the next one.
                match rows.get(k + 1).and_then(|&row| completes(sb, tb, i, j, row)) {
                    Some((true, x)) => {
                        g.source.push(x);
                        k += 1;
                    }
                    Some((false, x)) => {
                        g.target.push(x);
                        k += 1;
                    }
                    None => {}
                }
                out.push(g);
                k += 1;
            }
            (None, None) => k += 1,
            _ => {
                // A run of one-sided rows: blocks of each side paired in order are one block
                // whose kind changed.
                let end = (k..rows.len()).find(|&e| matches!(rows[e], (Some(_), Some(_)))).unwrap_or(rows.len());
                let ss: Vec<usize> = rows[k..end].iter().filter_map(|r| r.0).filter(|&i| !empty(&sb[i])).collect();
                let ts: Vec<usize> = rows[k..end].iter().filter_map(|r| r.1).filter(|&j| !empty(&tb[j])).collect();
                run(sb, tb, &ss, &ts, &mut out);
                k = end;
            }
        }
    }
    moves(sb, tb, rows, &mut out);
    out
}

/// Whether a one-sided row next to the aligned blocks `i` and `j` is the other half of one of
/// them (a paragraph split in two): both halves together have the expected length, and one
/// alone does not. Gives the side (`true`: source) and the block.
fn completes(
    sb: &[Block],
    tb: &[Block],
    i: usize,
    j: usize,
    row: (Option<usize>, Option<usize>),
) -> Option<(bool, usize)> {
    let (s, t) = (chars(&sb[i]), chars(&tb[j]));
    match row {
        (None, Some(x)) if prose(&tb[x]) && tb[x].kind.class() == tb[j].kind.class() => {
            (off(s, t + chars(&tb[x])) + 0.2 < off(s, t)).then_some((false, x))
        }
        (Some(x), None) if prose(&sb[x]) && sb[x].kind.class() == sb[i].kind.class() => {
            (off(s + chars(&sb[x]), t) + 0.2 < off(s, t)).then_some((true, x))
        }
        _ => None,
    }
}

/// The most blocks of a run paired by kind (the pairing is quadratic in them).
const RUN_LIMIT: usize = 100;

/// Pairs the blocks of a run of one-sided rows: in order, the same class first.
fn run(sb: &[Block], tb: &[Block], ss: &[usize], ts: &[usize], out: &mut Vec<Group>) {
    let alone = |out: &mut Vec<Group>, i: Option<usize>, j: Option<usize>| {
        out.push(Group { how: How::Alone, source: i.into_iter().collect(), target: j.into_iter().collect() })
    };
    if ss.is_empty() || ts.is_empty() || ss.len() > RUN_LIMIT || ts.len() > RUN_LIMIT {
        ss.iter().for_each(|&i| alone(out, Some(i), None));
        ts.iter().for_each(|&j| alone(out, None, Some(j)));
        return;
    }
    let rows =
        super::align::align(ss, ts, |&i, &j| Some(if sb[i].kind.class() == tb[j].kind.class() { 2.0 } else { 1.0 }));
    for (x, y) in rows {
        match (x.map(|x| ss[x]), y.map(|y| ts[y])) {
            (Some(i), Some(j)) => {
                let how = if sb[i].kind.class() == tb[j].kind.class() { How::Same } else { How::Changed };
                out.push(Group { how, source: vec![i], target: vec![j] });
            }
            (i, j) => alone(out, i, j),
        }
    }
}

/// Pairs blocks left alone on each side that are the same block at two places: same kind,
/// the expected length, the same links and numbers.
fn moves(sb: &[Block], tb: &[Block], rows: &[(Option<usize>, Option<usize>)], out: &mut Vec<Group>) {
    // Where each block's row is, and how many aligned blocks (not headings) come before it:
    // two blocks with no aligned block between them are at the same place (only a heading of
    // one side came between them).
    let mut before = 0;
    let (mut s_at, mut t_at) = (vec![0; sb.len()], vec![0; tb.len()]);
    for &(i, j) in rows {
        if let (Some(i), Some(_)) = (i, j) {
            before += usize::from(!matches!(sb[i].kind, Kind::Heading { .. }));
        }
        if let Some(i) = i {
            s_at[i] = before;
        }
        if let Some(j) = j {
            t_at[j] = before;
        }
    }
    let alone = |source: bool| -> Vec<usize> {
        out.iter()
            .enumerate()
            .filter(|(_, g)| g.how == How::Alone && g.source.is_empty() != source)
            .map(|(k, _)| k)
            .take(MOVE_CANDIDATES)
            .collect()
    };
    let (sa, ta) = (alone(true), alone(false));
    let mut taken = vec![false; ta.len()];
    let mut drop = Vec::new();
    for &gs in &sa {
        let i = out[gs].source[0];
        let s = &sb[i];
        if !prose(s) || s.text.chars().count() < 40 {
            continue;
        }
        let best = ta
            .iter()
            .enumerate()
            .filter(|(n, _)| !taken[*n])
            .map(|(n, &gt)| (n, gt, &tb[out[gt].target[0]]))
            .filter(|(_, _, t)| t.kind.class() == s.kind.class() && t.links.len() == s.links.len())
            .map(|(n, gt, t)| (n, gt, off(chars(s), chars(t))))
            .filter(|(_, _, d)| *d < 0.35)
            .min_by(|a, b| a.2.total_cmp(&b.2));
        if let Some((n, gt, _)) = best {
            taken[n] = true;
            let j = out[gt].target[0];
            let how = if s_at[i] == t_at[j] { How::Same } else { How::Moved };
            out[gs] = Group { how, source: vec![i], target: vec![j] };
            drop.push(gt);
        }
    }
    drop.sort_unstable();
    for k in drop.into_iter().rev() {
        out.remove(k);
    }
}

/// The blocks of one side of a group read as one block (a split paragraph's two halves).
pub fn joined(blocks: &[Block], idx: &[usize]) -> Block {
    let mut b = blocks[idx[0]].clone();
    for &k in &idx[1..] {
        let o = &blocks[k];
        b.text = format!("{} {}", b.text, o.text);
        b.pieces.extend(o.pieces.iter().cloned());
        b.links.extend(o.links.iter().cloned());
        b.images.extend(o.images.iter().cloned());
        b.redactions.extend(o.redactions.iter().cloned());
        b.link_chars += o.link_chars;
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parity::align;

    fn p(text: &str) -> Block {
        para(Kind::Paragraph, text)
    }

    fn para(kind: Kind, text: &str) -> Block {
        Block::of_text(kind, text)
    }

    const LONG: &str = "A paragraph of some length that says what the page is about, in one go.";

    #[test]
    fn a_paragraph_split_in_two_is_one_group() {
        let en = [p("Intro."), p(LONG), p("End.")];
        let fr = [
            p("Intro."),
            p("Un paragraphe d’une certaine longueur qui dit de quoi"),
            p("parle la page, d’un coup."),
            p("Fin."),
        ];
        let rows = align::pages(&en, &fr, "en", "fr");
        let g = groups(&en, &fr, &rows);
        assert_eq!(g.len(), 3, "{g:?}");
        assert_eq!(g[1], Group { how: How::Same, source: vec![1], target: vec![1, 2] });
    }

    #[test]
    fn a_heading_made_bold_text_is_one_changed_group() {
        let en = [para(Kind::Heading { level: 2, id: None }, "Scope"), p(LONG)];
        let fr = [p("Portée"), p(LONG)];
        let rows = align::pages(&en, &fr, "en", "fr");
        let g = groups(&en, &fr, &rows);
        assert!(g.contains(&Group { how: How::Changed, source: vec![0], target: vec![0] }), "{g:?}");
    }

    #[test]
    fn a_moved_paragraph_is_one_group() {
        let en = [p(LONG), para(Kind::Heading { level: 2, id: None }, "Two"), p("short"), p("b")];
        let fr = [para(Kind::Heading { level: 2, id: None }, "Deux"), p("court"), p("b"), p(LONG)];
        let rows = align::pages(&en, &fr, "en", "fr");
        let g = groups(&en, &fr, &rows);
        assert!(g.contains(&Group { how: How::Moved, source: vec![0], target: vec![3] }), "{g:?}");
    }
}
