//! Front matter: split a content file into its TOML front matter and its Markdown body, and
//! parse the front matter into Zola's page or section fields.
//!
//! Input: the file's text. Output: [`Split`] (front matter text, body text and where each
//! starts) and then a [`PageFront`] or [`SectionFront`]. Failure: a [`Diagnostic`] at the
//! line and column of the problem, counted from the top of the file (an unknown key names
//! the keys that are allowed). A top-level field that is not Zola's is ignored with a warning,
//! as Zola ignores it (themes use `sort_by`, `order`, `category` on pages), suggesting the known
//! field when the name is close to one; a known field with a wrong value stays an error.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::content::date::FrontDate;
use crate::diag::{Diagnostic, LineIndex};

/// A content file cut in two at its `+++` fences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML between the fences.
    pub front: &'a str,
    /// Byte offset of `front` in the file.
    pub front_offset: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Splits `text` at its `+++` fences. A file with no front matter is an error, as in Zola.
pub fn split(text: &str) -> Result<Split<'_>, (usize, String)> {
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let rest = &text[bom..];
    let lead = rest.len() - rest.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    let start = bom + lead;
    let opening = &text[start..];
    if opening.starts_with("---") {
        return Err((start, "YAML front matter (`---`) is not supported: write TOML between `+++` lines".into()));
    }
    let Some(after) = opening.strip_prefix("+++") else {
        return Err((start, "missing front matter: a content file starts with TOML between `+++` lines".into()));
    };
    let eol = after.find('\n').map_or(after.len(), |i| i + 1);
    if !after[..eol].trim().is_empty() {
        return Err((start, "the opening `+++` must be alone on its line".into()));
    }
    let front_offset = start + 3 + eol;
    let mut pos = front_offset;
    for line in text[front_offset..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body_offset = pos + line.len();
            return Ok(Split {
                front: &text[front_offset..pos],
                front_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        pos += line.len();
    }
    Err((start, "unterminated front matter: no closing `+++` line".into()))
}

/// Page front matter: Zola's fields.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<FrontDate>,
    pub updated: Option<FrontDate>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default = "yes")]
    pub render: bool,
    pub slug: Option<String>,
    pub path: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default = "yes")]
    pub in_search_index: bool,
    pub template: Option<String>,
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub extra: toml::Table,
}

/// How a section sorts its pages (Zola's `sort_by`).
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    Date,
    UpdateDate,
    Title,
    TitleBytes,
    Weight,
    Slug,
    #[default]
    None,
}

/// Where heading anchor links go (Zola's `insert_anchor_links`).
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AnchorLinks {
    #[default]
    None,
    Left,
    Right,
    Heading,
}

/// Section front matter: Zola's fields, plus `slug`/`path` so a translated section can have
/// its own path (`/fr/cahiers/` beside `/en/binders/`), which Zola lacks.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SectionFront {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub sort_by: SortBy,
    #[serde(default)]
    pub weight: i64,
    pub template: Option<String>,
    pub page_template: Option<String>,
    pub paginate_by: Option<usize>,
    #[serde(default = "page_word")]
    pub paginate_path: String,
    #[serde(default)]
    pub paginate_reversed: bool,
    pub insert_anchor_links: Option<AnchorLinks>,
    #[serde(default = "yes")]
    pub in_search_index: bool,
    #[serde(default = "yes")]
    pub render: bool,
    pub redirect_to: Option<String>,
    #[serde(default)]
    pub transparent: bool,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub generate_feeds: Option<bool>,
    pub slug: Option<String>,
    pub path: Option<String>,
    #[serde(default)]
    pub extra: toml::Table,
}

impl Default for SectionFront {
    fn default() -> Self {
        Self {
            title: None,
            description: None,
            draft: false,
            sort_by: SortBy::None,
            weight: 0,
            template: None,
            page_template: None,
            paginate_by: None,
            paginate_path: page_word(),
            paginate_reversed: false,
            insert_anchor_links: None,
            in_search_index: true,
            render: true,
            redirect_to: None,
            transparent: false,
            aliases: Vec::new(),
            generate_feeds: None,
            slug: None,
            path: None,
            extra: toml::Table::new(),
        }
    }
}

fn yes() -> bool {
    true
}

fn page_word() -> String {
    "page".to_string()
}

/// Parses front matter TOML into `T`, reporting errors at their place in the whole file.
///
/// `file` is the whole file's text and `front_offset` where the TOML starts in it.
pub fn parse<T: for<'de> Deserialize<'de>>(
    path: &std::path::Path,
    file: &str,
    split: &Split<'_>,
) -> Result<T, Diagnostic> {
    toml::from_str::<T>(split.front).map_err(|e| {
        let offset = split.front_offset + e.span().map_or(0, |s| s.start);
        let (line, col) = LineIndex::new(file).line_col(file, offset);
        Diagnostic::error(path, line, col, format!("invalid front matter: {}", toml_message(&e)))
    })
}

/// The top-level fields of a page's front matter.
pub const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "weight",
    "draft",
    "render",
    "slug",
    "path",
    "aliases",
    "authors",
    "in_search_index",
    "template",
    "taxonomies",
    "extra",
];

/// The top-level fields of a section's front matter.
pub const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "draft",
    "sort_by",
    "weight",
    "template",
    "page_template",
    "paginate_by",
    "paginate_path",
    "paginate_reversed",
    "insert_anchor_links",
    "in_search_index",
    "render",
    "redirect_to",
    "transparent",
    "aliases",
    "generate_feeds",
    "slug",
    "path",
    "extra",
];

/// Parses front matter as [`parse`] does, but a top-level field not in `known` is left out
/// with a warning (Zola ignores such fields) instead of being an error.
pub fn parse_lenient<T: for<'de> Deserialize<'de>>(
    path: &std::path::Path,
    file: &str,
    split: &Split<'_>,
    known: &[&str],
) -> Result<(T, Vec<Diagnostic>), Diagnostic> {
    let at = |offset: usize| LineIndex::new(file).line_col(file, split.front_offset + offset);
    let mut table: toml::Table = toml::from_str(split.front).map_err(|e| {
        let (line, col) = at(e.span().map_or(0, |s| s.start));
        Diagnostic::error(path, line, col, format!("invalid front matter: {}", toml_message(&e)))
    })?;
    let unknown: Vec<String> = table.keys().filter(|k| !known.contains(&k.as_str())).cloned().collect();
    if unknown.is_empty() {
        return parse(path, file, split).map(|t| (t, Vec::new()));
    }
    let warnings = unknown
        .iter()
        .map(|key| {
            let (line, col) = at(key_offset(split.front, key));
            let hint = closest(key, known).map(|k| format!("; did you mean `{k}`?")).unwrap_or_default();
            Diagnostic::warning(path, line, col, format!("unknown front matter field `{key}` is ignored{hint}"))
        })
        .collect();
    for key in &unknown {
        table.remove(key);
    }
    let value = toml::Value::Table(table).try_into::<T>().map_err(|e| {
        let (line, col) = at(0);
        Diagnostic::error(path, line, col, format!("invalid front matter: {}", toml_message(&e)))
    })?;
    Ok((value, warnings))
}

/// The known field a mistyped `key` most likely meant: one or two edits away.
fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(key, k), *k))
        .filter(|(d, k)| *d <= 2.min(k.len() / 3).max(1))
        .min()
        .map(|(_, k)| k)
}

/// Where a top-level `key` (or its `[key]` table) is written in the front matter.
fn key_offset(front: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in front.split_inclusive('\n') {
        let t = line.trim_start();
        let bare = t.trim_start_matches('[').trim_start_matches(['"', '\'']);
        if bare.starts_with(key)
            && bare[key.len()..].trim_start_matches(['"', '\'']).starts_with([' ', '=', '.', ']', '\t'])
        {
            return offset + line.len() - t.len();
        }
        offset += line.len();
    }
    0
}

pub use crate::diag::toml_message;

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn split_cases() {
        type Case<'a> = (&'a str, Result<(&'a str, &'a str), &'a str>);
        let cases: &[Case] = &[
            ("+++\ntitle = \"a\"\n+++\nbody\n", Ok(("title = \"a\"\n", "body\n"))),
            ("\u{feff}+++\n+++\n", Ok(("", ""))),
            ("\n\n+++\r\nx = 1\r\n+++\r\n# H", Ok(("x = 1\r\n", "# H"))),
            ("+++\nx = 1\n", Err("unterminated front matter")),
            ("---\nx: 1\n---\n", Err("YAML front matter")),
            ("# no front matter", Err("missing front matter")),
            ("+++ x\n+++\n", Err("alone on its line")),
        ];
        for (input, want) in cases {
            match (split(input), want) {
                (Ok(s), Ok((front, body))) => {
                    assert_eq!((s.front, s.body), (*front, *body), "{input:?}");
                    assert_eq!(&input[s.front_offset..s.front_offset + s.front.len()], s.front);
                    assert_eq!(&input[s.body_offset..], s.body);
                }
                (Err((_, msg)), Err(want)) => assert!(msg.contains(want), "{input:?}: {msg}"),
                (got, want) => panic!("{input:?}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn unknown_key_is_reported_at_its_line_with_expected_keys() {
        let file = "+++\ntitle = \"a\"\ntitel = \"b\"\n+++\n";
        let s = split(file).unwrap();
        let err = parse::<PageFront>(Path::new("content/a.md"), file, &s).unwrap_err();
        assert_eq!((err.line, err.col), (3, 1));
        assert!(err.message.contains("unknown field `titel`"), "{}", err.message);
        assert!(err.message.contains("`title`"), "{}", err.message);
    }

    #[test]
    fn unknown_fields_warn_like_zola_ignores_them_and_suggest_a_close_key() {
        let file = "+++\ntitle = \"a\"\ntitel = \"b\"\norder = 3\n[category]\nx = 1\n+++\n";
        let s = split(file).unwrap();
        let (front, warnings) = parse_lenient::<PageFront>(Path::new("content/a.md"), file, &s, PAGE_KEYS).unwrap();
        assert_eq!(front.title.as_deref(), Some("a"));
        let shown: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "content/a.md:3:1: warning: unknown front matter field `titel` is ignored; did you mean `title`?",
                "content/a.md:4:1: warning: unknown front matter field `order` is ignored",
                "content/a.md:5:1: warning: unknown front matter field `category` is ignored",
            ]
        );
    }

    #[test]
    fn a_known_field_with_a_wrong_value_stays_an_error() {
        let file = "+++\norder = 1\nweight = \"x\"\n+++\n";
        let s = split(file).unwrap();
        let err = parse_lenient::<PageFront>(Path::new("content/a.md"), file, &s, PAGE_KEYS).unwrap_err();
        assert!(err.message.contains("invalid front matter"), "{}", err.message);
        let file = "+++\nweight = \"x\"\n+++\n";
        let err = parse_lenient::<SectionFront>(Path::new("_index.md"), file, &split(file).unwrap(), SECTION_KEYS)
            .unwrap_err();
        assert_eq!((err.line, err.col), (2, 10));
    }

    #[test]
    fn section_defaults_match_zola() {
        let s: SectionFront = toml::from_str("").unwrap();
        assert!(s.render && s.in_search_index && !s.transparent);
        assert_eq!(s.paginate_path, "page");
        assert_eq!(s.sort_by, SortBy::None);
    }

    proptest::proptest! {
        #[test]
        fn splitting_and_parsing_never_panic(text in "(\\+\\+\\+|\n|title|=|\"|'|date|2021-01-01|\\[extra\\]|draft|true|x| |\u{feff}|é){0,30}") {
            if let Ok(s) = split(&text) {
                let _ = parse::<PageFront>(Path::new("a.md"), &text, &s);
                let _ = parse::<SectionFront>(Path::new("_index.md"), &text, &s);
            }
        }
    }
}
