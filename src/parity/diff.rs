//! What changed in a page between two versions, block by block and, inside a changed block,
//! word by word: what a stale finding shows the translator.
//!
//! Input: the blocks of each version as (normalized hash, text). Output: [`DiffLine`]s: `-` a
//! block removed, `+` a block added, `~` a block changed, with its [`Word`]s (`=` kept, `-`
//! removed, `+` added). Never fails; the word diff of a block runs only on that block.

use similar::{ChangeTag, DiffTag, TextDiff, capture_diff_slices};

use super::{DiffLine, Word};

/// The diff of two versions of a page's blocks.
pub fn blocks(old: &[(String, String)], new: &[(String, String)]) -> Vec<DiffLine> {
    let (oh, nh): (Vec<&str>, Vec<&str>) =
        (old.iter().map(|b| b.0.as_str()).collect(), new.iter().map(|b| b.0.as_str()).collect());
    let mut out = Vec::new();
    for op in capture_diff_slices(similar::Algorithm::Myers, &oh, &nh) {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        // Blocks replaced one for one are shown as the words that changed in them.
        let paired = o.len().min(n.len());
        for k in 0..paired {
            let (a, b) = (&old[o.start + k].1, &new[n.start + k].1);
            out.push(DiffLine { op: "~".into(), text: b.clone(), words: words(a, b) });
        }
        for b in &old[o.start + paired..o.end] {
            out.push(DiffLine { op: "-".into(), text: b.1.clone(), words: Vec::new() });
        }
        for b in &new[n.start + paired..n.end] {
            out.push(DiffLine { op: "+".into(), text: b.1.clone(), words: Vec::new() });
        }
    }
    out
}

/// The word-level diff of two texts, runs of one kind joined.
pub fn words(old: &str, new: &str) -> Vec<Word> {
    let diff = TextDiff::from_words(old, new);
    let mut out: Vec<Word> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => "=",
            ChangeTag::Delete => "-",
            ChangeTag::Insert => "+",
        };
        match out.last_mut() {
            Some(w) if w.op == op => w.text.push_str(change.value()),
            _ => out.push(Word { op: op.into(), text: change.value().to_string() }),
        }
    }
    out
}

/// A diff line as plain text, word changes marked as `[-removed-]{+added+}` (the markup of
/// `git diff --word-diff`); the whole text, never cut.
pub fn plain(d: &DiffLine) -> String {
    if d.words.is_empty() {
        return d.text.clone();
    }
    d.words
        .iter()
        .map(|w| match w.op.as_str() {
            "-" => format!("[-{}-]", w.text),
            "+" => format!("{{+{}+}}", w.text),
            _ => w.text.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(text: &str) -> (String, String) {
        (text.to_string(), text.to_string())
    }

    #[test]
    fn a_changed_block_shows_the_words_that_changed() {
        let d = blocks(
            &[b("Intro."), b("We spent $300 in 2020."), b("Gone.")],
            &[b("Intro."), b("We spent $400 in 2020.")],
        );
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].op, "~");
        assert_eq!(plain(&d[0]), "We spent [-$300-]{+$400+} in 2020.");
        assert_eq!((d[1].op.as_str(), plain(&d[1]).as_str()), ("-", "Gone."));
    }

    #[test]
    fn an_added_block_is_whole() {
        let long = "word ".repeat(200);
        let d = blocks(&[], &[b(&long)]);
        assert_eq!(plain(&d[0]), long, "never cut");
    }
}
