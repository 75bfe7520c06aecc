//! URL paths of pages and sections, per language.
//!
//! A section's path is its parent's path plus one segment: the `slug` its own front matter
//! sets in that language (so `/fr/cahiers/` can stand beside `/en/binders/`), else its folder
//! name as it is (Zola does not slugify folder names). A page's path is its section's path
//! plus its `slug` (front matter, else the file name), slugified by `slugify.paths`, unless it
//! sets `path`. Every path starts with the language's prefix, except the default language's
//! in Zola's layout.

use std::collections::HashMap;

use crate::config::{Config, SlugStrategy};
use crate::content::Kind;
use crate::redact::RedactedPage;

/// Slugifies a path segment by the config's strategy for paths.
pub fn slugify_path(s: &str, strategy: SlugStrategy) -> String {
    match strategy {
        SlugStrategy::On => slug::slugify(s),
        SlugStrategy::Safe => {
            let cleaned: String = s
                .trim()
                .chars()
                .map(|c| if c.is_whitespace() || "<>:\"/\\|?*#&%".contains(c) { '-' } else { c })
                .collect();
            cleaned.trim_matches('-').to_string()
        }
        SlugStrategy::Off => s.to_string(),
    }
}

/// Computes the URL path of every page, in the same order as `pages`.
pub fn paths(pages: &[RedactedPage], config: &Config) -> Vec<String> {
    // The segment each section folder has in each language.
    let mut segments: HashMap<(&str, &str), String> = HashMap::new();
    for p in pages {
        let s = p.source();
        if s.kind == Kind::Section {
            let dir = s.key_dir();
            let seg = s.front.slug().map_or_else(
                || dir.rsplit('/').next().unwrap_or(dir).to_string(),
                |slug| slugify_path(slug, config.slugify_paths),
            );
            segments.insert((dir, s.lang.as_str()), seg);
        }
    }
    let dir_path = |dir: &str, lang: &str| -> String {
        let prefix = config.languages.get(lang).map_or("", |l| l.prefix.as_str());
        let mut out = format!("{prefix}/");
        let mut so_far = String::new();
        for part in dir.split('/').filter(|p| !p.is_empty()) {
            if !so_far.is_empty() {
                so_far.push('/');
            }
            so_far.push_str(part);
            out.push_str(segments.get(&(so_far.as_str(), lang)).map_or(part, String::as_str));
            out.push('/');
        }
        out
    };
    pages
        .iter()
        .map(|p| {
            let s = p.source();
            let prefix = config.languages.get(&s.lang).map_or("", |l| l.prefix.as_str());
            if let Some(path) = s.front.path() {
                return front_path(prefix, path);
            }
            match s.kind {
                Kind::Section => dir_path(s.key_dir(), &s.lang),
                Kind::Page => {
                    let dir = if s.key.ends_with("/index.md") || s.key == "index.md" {
                        s.key_dir().rsplit_once('/').map_or("", |(d, _)| d)
                    } else {
                        s.key_dir()
                    };
                    let slug = slugify_path(s.front.slug().unwrap_or(&s.file_slug), config.slugify_paths);
                    format!("{}{}/", dir_path(dir, &s.lang), slug)
                }
            }
        })
        .collect()
}

/// The URL path of a page or section that sets `path`: below its language's `prefix`. A
/// `path` that already starts with that prefix (`/fr/x`, as Zola sites write it) does not get
/// it twice.
fn front_path(prefix: &str, path: &str) -> String {
    let trimmed = path.trim_matches('/');
    let own = prefix.trim_start_matches('/');
    let trimmed = match trimmed.strip_prefix(own) {
        Some(rest) if !own.is_empty() && (rest.is_empty() || rest.starts_with('/')) => rest.trim_start_matches('/'),
        _ => trimmed,
    };
    if trimmed.is_empty() { format!("{prefix}/") } else { format!("{prefix}/{trimmed}/") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_strategies() {
        assert_eq!(slugify_path("Réfugiés et asile", SlugStrategy::On), "refugies-et-asile");
        assert_eq!(slugify_path("Réfugiés et asile", SlugStrategy::Safe), "Réfugiés-et-asile");
        assert_eq!(slugify_path("A b", SlugStrategy::Off), "A b");
    }

    /// Regression (tabi): `path = "/ar/about"` in an Arabic page was written at `/ar/ar/about/`.
    #[test]
    fn a_path_with_its_language_prefix_does_not_get_it_twice() {
        let cases = [("/ar/about", "/ar/about/"), ("about", "/ar/about/"), ("arabic", "/ar/arabic/"), ("/ar", "/ar/")];
        assert_eq!(front_path("", "/x/y"), "/x/y/");
        for (given, want) in cases {
            let got = front_path("/ar", given);
            assert_eq!(got, want, "{given}");
        }
    }
}
