//! Where a front matter key is, for errors that later stages find in a value (an unconfigured
//! taxonomy, two pages with one URL): the page keeps its parsed front matter, not its text,
//! so the file is read again, only when there is an error to place.
//!
//! Input: a [`SourcePage`] and a key. Output: the 1-based line and column of `key =` in the
//! front matter (also inside an inline table, `taxonomies = { tags = […] }`), or of the
//! first line when the key is not written there (a URL made from the file name). Never fails.

use super::SourcePage;

impl SourcePage {
    /// Where the first of `keys` that is written in the front matter is; see the module docs.
    pub fn front_key_location(&self, keys: &[&str]) -> (usize, usize) {
        let text = std::fs::read_to_string(&self.abs_path).unwrap_or_default();
        let front: Vec<&str> = text.lines().take(self.body_line.saturating_sub(1)).collect();
        keys.iter()
            .find_map(|key| {
                front.iter().enumerate().find_map(|(i, line)| key_column(line, key).map(|col| (i + 1, col)))
            })
            .unwrap_or((1, 1))
    }
}

/// The 1-based column (in characters) of `key` (bare or quoted) before a `=` in `line`.
fn key_column(line: &str, key: &str) -> Option<usize> {
    for (at, _) in line.match_indices(key) {
        let before = line[..at].chars().next_back();
        let starts = before.is_none_or(|c| matches!(c, ' ' | '\t' | '{' | ',' | '"' | '\''));
        let rest = line[at + key.len()..].trim_start_matches(['"', '\'']).trim_start();
        if starts && rest.starts_with('=') && !rest.starts_with("==") {
            let quoted = matches!(before, Some('"' | '\''));
            let start = if quoted { at - 1 } else { at };
            return Some(line[..start].chars().count() + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::key_column;

    #[test]
    fn keys_are_found_bare_quoted_and_in_inline_tables() {
        assert_eq!(key_column("tags = [\"a\"]", "tags"), Some(1));
        assert_eq!(key_column("  \"tags\" = []", "tags"), Some(3));
        assert_eq!(key_column("taxonomies = { tags = [], x = 1 }", "tags"), Some(16));
        assert_eq!(key_column("subtags = []", "tags"), None);
    }
}
