//! Withholding whole pages: hierarchical (a section or a page bundle withholds everything
//! below its folder) and bilingual (both languages of a pair, or an explicit clearance).
//!
//! Input: one [`Claim`] per page read: its key, language, path, and what its front
//! matter says (`[extra] withheld`, `[extra] cleared`). Output: for each page, the exemptions
//! it is withheld under (its own, or those of the nearest withheld section or bundle above
//! it), and the needles of a withheld page's text for the audit ([`text_spans`]).
//!
//! Rules:
//! - A page is withheld when it says so, or when the section (`_index.md`) or page bundle
//!   (`index.md`) of a folder above it withholds in the page's language. A folder whose
//!   section has no file in the page's language withholds the page when any language's file
//!   there withholds (fail closed: an untranslated section does not open its folder).
//! - A translation pair whose languages disagree is an error naming both paths, unless the
//!   published side is cleared: `[extra] cleared = true` on itself or on a section above it
//!   in its language.
//!
//! Failure: a [`Diagnostic`] at the published side's path, naming the withheld side; it never
//! prints the page's text.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::Diagnostic;

/// What one page's front matter says about withholding.
#[derive(Debug, Clone)]
pub(super) struct Claim {
    pub key: String,
    pub lang: String,
    pub path: PathBuf,
    pub withheld: Option<Vec<String>>,
    pub cleared: bool,
}

impl Claim {
    /// The folder a section or a page bundle governs (`a/b` for `a/b/_index.md` and
    /// `a/b/index.md`, `` for the home section); `None` for a single-file page.
    fn folder(&self) -> Option<&str> {
        let (dir, name) = self.key.rsplit_once('/').unwrap_or(("", &self.key));
        (name == "_index.md" || name == "index.md").then_some(dir)
    }
}

/// Why a page is withheld: its exemptions and the file that withholds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Withholding {
    pub exemptions: Vec<String>,
    pub by: PathBuf,
}

/// The folders above `key` (nearest first), `` (the home folder) last.
fn ancestors(key: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(key);
    std::iter::from_fn(move || {
        let k = rest?;
        match k.rsplit_once('/') {
            Some((dir, _)) => {
                rest = Some(dir);
                Some(dir)
            }
            None => {
                rest = None;
                Some("")
            }
        }
    })
}

/// For each claim (same order), how it is withheld, or the pair errors.
pub(super) fn resolve(claims: &[Claim]) -> Result<Vec<Option<Withholding>>, Vec<Diagnostic>> {
    // The governing files of each folder, by language.
    let mut folders: BTreeMap<&str, BTreeMap<&str, &Claim>> = BTreeMap::new();
    for c in claims {
        if let Some(dir) = c.folder() {
            folders.entry(dir).or_default().insert(&c.lang, c);
        }
    }
    let own = |c: &Claim| c.withheld.clone().map(|exemptions| Withholding { exemptions, by: c.path.clone() });
    let effective = |c: &Claim| -> (Option<Withholding>, bool) {
        if let Some(w) = own(c) {
            return (Some(w), false);
        }
        let mut cleared = c.cleared;
        // A bundle's own folder is its key's parent: start above it.
        let skip = usize::from(c.folder().is_some());
        for dir in ancestors(&c.key).skip(skip) {
            let Some(files) = folders.get(dir) else { continue };
            match files.get(c.lang.as_str()) {
                Some(f) => {
                    if let Some(w) = own(f) {
                        return (Some(w), cleared);
                    }
                    cleared |= f.cleared;
                }
                None => {
                    if let Some(w) = files.values().find_map(|f| own(f)) {
                        return (Some(w), cleared);
                    }
                }
            }
        }
        (None, cleared)
    };
    let resolved: Vec<(Option<Withholding>, bool)> = claims.iter().map(effective).collect();
    let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in claims.iter().enumerate() {
        by_key.entry(&c.key).or_default().push(i);
    }
    let mut errors = Vec::new();
    for group in by_key.values() {
        let Some(&w) = group.iter().find(|&&i| resolved[i].0.is_some()) else { continue };
        let withheld = &resolved[w].0.as_ref().expect("found withheld");
        for &i in group {
            let (ref mine, cleared) = resolved[i];
            if mine.is_some() || cleared {
                continue;
            }
            let why = if withheld.by == claims[w].path {
                String::new()
            } else {
                format!(" (by `[extra] withheld` in {})", withheld.by.display())
            };
            errors.push(Diagnostic::error(
                &claims[i].path,
                1,
                1,
                format!(
                    "its translation {} is withheld{why} but this page is published: withhold it too with \
                     `[extra] withheld = \"{}\"`, or, if this language may be published, set `[extra] cleared = true`",
                    claims[w].path.display(),
                    withheld.exemptions.join(", ")
                ),
            ));
        }
    }
    if errors.is_empty() { Ok(resolved.into_iter().map(|(w, _)| w).collect()) } else { Err(errors) }
}

/// The cahier key `key` looks like a misspelling of (`witheld` → `withheld`), if any. Only
/// `withheld` is guarded: a misspelled `withheld` would publish the page, while a misspelled
/// `cleared` leaves the page uncleared, which fails closed on its own (the translation pair
/// is an error), so a theme's own `[extra]` keys near it (`created`) are left alone.
pub(super) fn misspelled(key: &str) -> Option<&'static str> {
    if key == "withheld" || key == "cleared" {
        return None;
    }
    let folded: String = key.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
    for right in ["withheld", "withhold"] {
        let d = distance(&folded, right);
        if d > 0 && d <= 3 || folded == right && key != right {
            return Some("withheld");
        }
    }
    (folded.starts_with("withh") || folded.starts_with("withe") || folded.starts_with("witho")).then_some("withheld")
}

/// The Levenshtein distance between two short strings.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The paragraphs of a withheld page's text (title, then the body's blocks, sentinels of its
/// spans removed), each with the end of the one before and the start of the one after as its
/// context, and its line in the body: what the audit looks for.
pub(super) fn text_spans(title: &str, body: &str) -> Vec<(String, String, String, usize)> {
    let mut paras: Vec<(String, usize)> = Vec::new();
    if !title.trim().is_empty() {
        paras.push((title.trim().to_string(), 0));
    }
    let mut current = String::new();
    let mut start = 0;
    for (n, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            if !current.trim().is_empty() {
                paras.push((std::mem::take(&mut current), start));
            }
            current.clear();
            continue;
        }
        if current.is_empty() {
            start = n;
        }
        current.push_str(&without_sentinels(line));
        current.push('\n');
    }
    if !current.trim().is_empty() {
        paras.push((current, start));
    }
    let words = |s: &str, last: bool| {
        let w: Vec<&str> = s.split_whitespace().collect();
        let take = w.len().min(3);
        if last { w[w.len() - take..].join(" ") } else { w[..take].join(" ") }
    };
    (0..paras.len())
        .map(|i| {
            let before = i.checked_sub(1).map_or_else(String::new, |j| words(&paras[j].0, true));
            let after = paras.get(i + 1).map_or_else(String::new, |p| words(&p.0, false));
            (paras[i].0.trim().to_string(), before, after, paras[i].1)
        })
        .collect()
}

fn without_sentinels(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut inside = false;
    for c in line.chars() {
        match c {
            super::SENTINEL_OPEN => inside = true,
            super::SENTINEL_CLOSE => {
                inside = false;
                out.push(' ');
            }
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(key: &str, lang: &str, withheld: Option<&str>, cleared: bool) -> Claim {
        let file = if lang == "en" { key.to_string() } else { key.replace(".md", &format!(".{lang}.md")) };
        Claim {
            key: key.into(),
            lang: lang.into(),
            path: PathBuf::from("content").join(file),
            withheld: withheld.map(|w| vec![w.to_string()]),
            cleared,
        }
    }

    #[test]
    fn a_withheld_section_withholds_its_pages_subsections_and_bundles() {
        let claims = [
            claim("s/_index.md", "en", Some("15(1)"), false),
            claim("s/a.md", "en", None, false),
            claim("s/t/_index.md", "en", None, false),
            claim("s/t/b/index.md", "en", None, false),
            claim("b/index.md", "en", Some("16"), false),
            claim("b/c/index.md", "en", None, false),
            claim("sx/a.md", "en", None, false),
        ];
        let r = resolve(&claims).unwrap();
        let by: Vec<Option<&str>> = r.iter().map(|w| w.as_ref().map(|w| w.by.to_str().unwrap())).collect();
        let s = Some("content/s/_index.md");
        assert_eq!(by, [s, s, s, s, Some("content/b/index.md"), Some("content/b/index.md"), None]);
    }

    #[test]
    fn one_language_withheld_is_an_error_naming_both_unless_cleared() {
        let err = resolve(&[claim("a.md", "en", Some("15(1)"), false), claim("a.md", "fr", None, false)]).unwrap_err();
        let text = err[0].to_string();
        assert!(text.starts_with("content/a.fr.md:1:1: error: its translation content/a.md is withheld"), "{text}");
        assert!(resolve(&[claim("a.md", "en", Some("15(1)"), false), claim("a.md", "fr", None, true)]).is_ok());
        // Inherited: the English section withholds, the French page under it is published.
        let err = resolve(&[
            claim("s/_index.md", "en", Some("15(1)"), false),
            claim("s/_index.md", "fr", None, false),
            claim("s/a.md", "en", None, false),
            claim("s/a.md", "fr", None, false),
        ])
        .unwrap_err();
        assert_eq!(err.len(), 2);
        assert!(err[1].to_string().contains("(by `[extra] withheld` in content/s/_index.md)"), "{}", err[1]);
        // A cleared French section clears what is below it.
        let ok = resolve(&[
            claim("s/_index.md", "en", Some("15(1)"), false),
            claim("s/_index.md", "fr", None, true),
            claim("s/a.md", "en", None, false),
            claim("s/a.md", "fr", None, false),
        ])
        .unwrap();
        assert!(ok[2].is_some() && ok[3].is_none());
    }

    #[test]
    fn an_untranslated_withheld_section_withholds_every_language_below_it() {
        let r =
            resolve(&[claim("s/_index.md", "en", Some("15(1)"), false), claim("s/b.md", "fr", None, false)]).unwrap();
        assert!(r[1].is_some());
    }

    #[test]
    fn misspellings_of_cahier_keys_are_caught() {
        for k in ["witheld", "withold", "withhled", "Withheld", "with_held", "withheld_under"] {
            assert!(misspelled(k).is_some(), "{k}");
        }
        // A theme's own keys: near `cleared`, whose misspelling fails closed anyway.
        for k in ["withheld", "cleared", "width", "author", "contact", "clean", "created", "cleard"] {
            assert_eq!(misspelled(k), None, "{k}");
        }
        assert_eq!(misspelled("witheld"), Some("withheld"));
    }

    #[test]
    fn withheld_text_is_split_into_paragraphs_with_context() {
        let spans = text_spans("Secret memo", "First para\nline two.\n\nAdvice.\n");
        assert_eq!(spans.len(), 3);
        assert_eq!(spans[2], ("Advice.".into(), "para line two.".into(), String::new(), 3));
        assert_eq!(spans[0].2, "First para line");
    }
}
