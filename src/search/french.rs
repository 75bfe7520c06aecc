//! French as French readers type it.
//!
//! What Pagefind 1.6 does on its own for an index forced to `fr` (checked against the built
//! index with Pagefind's own JS in `tests/search.rs`):
//! - **Accents and case** are optional: words are lowercased and their diacritics removed on
//!   both sides, so `refugies`, `REFUGIES` and `réfugiés` find the same pages.
//! - **Stems**: the Snowball French stemmer runs on both sides, so `réfugié`, `réfugiés`,
//!   `réinstallé` and `réinstallés` match each other.
//! - **Elisions**: a word is split into parts at ASCII punctuation only, and each part of two
//!   letters or more is indexed beside the whole word. So `d'asile` (straight apostrophe) is
//!   indexed as `dasile` and `asile`, but `d’asile` (typographic apostrophe, what French
//!   typography and Markdown's smart punctuation produce) only as `dasile`: a search for
//!   `asile` or `immigration` missed every page that writes `d’asile` or `l’immigration`.
//!
//! The rule this module adds: in the copy of the page fed to Pagefind (never in the published
//! page), in text (not in tags, `<script>` or `<style>`), a typographic apostrophe (`’` U+2019
//! or `ʼ` U+02BC) that follows an elided word (`c`, `d`, `j`, `l`, `m`, `n`, `s`, `t`, `qu`,
//! `jusqu`, `lorsqu`, `puisqu`, `quoiqu`, any case) and comes before a letter becomes a
//! straight `'`. Pagefind then indexes both `lasile` and `asile`, so `asile`, `l’asile` and
//! `l'asile` all find `l’asile`; a search for `l’asile` (one word for Pagefind, `lasile`) finds
//! the pages that write `l’asile` or `l'asile`. The cost: result excerpts show `l'asile` with
//! a straight apostrophe.

/// Words that elide their vowel before another word (`l’`, `qu’`, `jusqu’`, …).
const ELIDED: [&str; 13] = ["c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"];

/// Returns `html` with the typographic apostrophe of each elision in its text made straight.
pub fn straighten_elisions(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            straighten_text(rest, &mut out);
            break;
        };
        straighten_text(&rest[..lt], &mut out);
        rest = &rest[lt..];
        let raw_until = ["script", "style"].into_iter().find(|name| starts_with_tag(rest, name));
        let end = match raw_until {
            Some(name) => find_ci(rest, &format!("</{name}")).map_or(rest.len(), |i| i + 2 + name.len()),
            None if rest.starts_with("<!--") => rest.find("-->").map_or(rest.len(), |i| i + 3),
            None => rest.find('>').map_or(rest.len(), |i| i + 1),
        };
        out.push_str(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

fn starts_with_tag(s: &str, name: &str) -> bool {
    let after = s.get(1..1 + name.len());
    after.is_some_and(|a| a.eq_ignore_ascii_case(name))
        && s[1 + name.len()..].starts_with(|c: char| c == '>' || c == '/' || c.is_ascii_whitespace())
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(needle)
}

/// Appends `text` to `out`, straightening each elision's apostrophe.
fn straighten_text(text: &str, out: &mut String) {
    let mut word_start = out.len();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let typographic = c == '\u{2019}' || c == '\u{02BC}';
        if typographic && chars.peek().is_some_and(|n| n.is_alphabetic()) {
            let word = &out[word_start..];
            if ELIDED.iter().any(|e| e.eq_ignore_ascii_case(word)) {
                out.push('\'');
                word_start = out.len();
                continue;
            }
        }
        out.push(c);
        if !c.is_alphabetic() {
            word_start = out.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn straightens_elisions_in_text_only() {
        let cases = [
            ("<p>l’immigration et d’asile</p>", "<p>l'immigration et d'asile</p>"),
            ("<p>L’Immigration, qu’il, jusqu’à, lorsqu’on</p>", "<p>L'Immigration, qu'il, jusqu'à, lorsqu'on</p>"),
            ("<p>d'asile reste</p>", "<p>d'asile reste</p>"),
            ("<p>aujourd’hui, l’ 2, l’</p>", "<p>aujourd’hui, l’ 2, l’</p>"),
            ("<p>IRCC’s department’s</p>", "<p>IRCC’s department’s</p>"),
            ("<a title=\"l’asile\">l’asile</a>", "<a title=\"l’asile\">l'asile</a>"),
            ("<script>x = 'l’a';</script><p>l’a</p>", "<script>x = 'l’a';</script><p>l'a</p>"),
            ("<!-- l’a --><style>p{}</style>s’il", "<!-- l’a --><style>p{}</style>s'il"),
            ("é l’éa", "é l'éa"),
        ];
        for (input, expected) in cases {
            assert_eq!(straighten_elisions(input), expected, "{input}");
        }
    }

    /// The audit reads a French page as staged, not the copy fed to the index (see
    /// [`crate::search::Summary::chunks`]): the two must read the same to it.
    #[test]
    fn the_audit_reads_the_copy_fed_as_it_reads_the_page() {
        let pages = [
            "<p>l’immigration, d’asile, qu’il, jusqu’à</p>",
            "<p>lʼasile et Lʼimmigration</p><a title=\"l’a\">sʼil</a>",
            "<h2 id=\"l-asile\">L’asile, aujourd’hui</h2>",
        ];
        for page in pages {
            let fed = straighten_elisions(page);
            assert_ne!(fed, page);
            assert_eq!(crate::redact::normalize(&fed), crate::redact::normalize(page), "{page}");
            assert!(!crate::redact::normalize(page).contains('ʼ'), "ʼ reads as an apostrophe: {page}");
        }
    }
}
