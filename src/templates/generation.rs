//! Which Zola generation a site is written for: Zola ≤ 0.22 (Tera 1, shortcodes, macros) or
//! Zola 0.23 (Tera 2, components, Markdown content that is itself a template).
//!
//! Both generations name their config `zola.toml` or `config.toml`, so the choice comes from
//! what the site says, in this order: cahier's own setting (`[extra.cahier] zola`, which Zola
//! itself accepts, or `[zola] version`); else the theme's
//! `min_version` (`themes/NAME/theme.toml`); else what the templates use (a Tera 2
//! `{% component %}`, or Tera 1 macros and `templates/shortcodes/`); else Zola 0.22, which
//! every site written before 0.23 is.
//!
//! Input: the resolved [`Config`] (its root, theme and `[zola]` table). Output: a [`Choice`],
//! the generation and the reason, which a build prints before it starts. Failure: none: an
//! unreadable or malformed `theme.toml` or template is skipped here and reported by the
//! stage that reads it.

use std::path::{Path, PathBuf};

use crate::config::{Config, ZolaVersion};

/// A Zola generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generation {
    /// Zola 0.22 and before: Tera 1, shortcodes and macros.
    Zola022,
    /// Zola 0.23: Tera 2, components, templated content.
    Zola023,
}

impl Generation {
    /// The generation a Zola version belongs to.
    pub fn of(version: ZolaVersion) -> Generation {
        if version >= (ZolaVersion { major: 0, minor: 23 }) { Generation::Zola023 } else { Generation::Zola022 }
    }

    /// How a message names it.
    pub fn describe(self) -> &'static str {
        match self {
            Generation::Zola022 => "Zola 0.22 (Tera 1, shortcodes and macros)",
            Generation::Zola023 => "Zola 0.23 (Tera 2, components, templated content)",
        }
    }
}

/// The generation chosen for a site, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub generation: Generation,
    pub reason: String,
}

impl std::fmt::Display for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "templates: {}, because {}", self.generation.describe(), self.reason)
    }
}

/// Chooses the generation of the site `config` describes; see the module docs.
pub fn choose(config: &Config) -> Choice {
    let shown = config.path.display();
    if let Some(v) = config.zola_version {
        let key = if config.table.contains_key("zola") { "[zola] version" } else { "[extra.cahier] zola" };
        return Choice { generation: Generation::of(v), reason: format!("{shown} says `{key} = \"{v}\"`") };
    }
    if let Some(theme) = &config.theme {
        let file = config.root.join("themes").join(theme).join("theme.toml");
        if let Some(v) = min_version(&file) {
            return Choice {
                generation: Generation::of(v),
                reason: format!(
                    "the theme `{theme}` asks for Zola {v} or later (`min_version` in themes/{theme}/theme.toml)"
                ),
            };
        }
    }
    let mut dirs = vec![(config.root.join("templates"), PathBuf::from("templates"))];
    if let Some(theme) = &config.theme {
        dirs.push((
            config.root.join("themes").join(theme).join("templates"),
            Path::new("themes").join(theme).join("templates"),
        ));
    }
    if let Some(reason) = uses(&dirs) {
        return reason;
    }
    Choice {
        generation: Generation::Zola022,
        reason: "nothing says otherwise (no `[zola] version`, no theme `min_version`, no components in the templates)"
            .to_string(),
    }
}

/// The `min_version` of a `theme.toml`, when it has a readable one.
fn min_version(file: &Path) -> Option<ZolaVersion> {
    let text = std::fs::read_to_string(file).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    ZolaVersion::parse(table.get("min_version")?.as_str()?)
}

/// What the templates below `dirs` use: the first file (in path order) that defines a Tera 2
/// component decides for Zola 0.23; otherwise the first shortcode template or Tera 1 macro
/// decides for Zola 0.22.
fn uses(dirs: &[(PathBuf, PathBuf)]) -> Option<Choice> {
    let mut tera1: Option<Choice> = None;
    for (dir, shown) in dirs {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let name = shown.join(rel).display().to_string().replace('\\', "/");
            let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
            if defines(&text, "component") {
                return Some(Choice {
                    generation: Generation::Zola023,
                    reason: format!("{name} defines Tera 2 components"),
                });
            }
            if tera1.is_none() {
                let reason = if rel.starts_with("shortcodes") {
                    Some(format!("{name} is a shortcode"))
                } else if defines(&text, "macro") {
                    Some(format!("{name} defines Tera 1 macros"))
                } else {
                    None
                };
                tera1 = reason.map(|reason| Choice { generation: Generation::Zola022, reason });
            }
        }
    }
    tera1
}

/// Whether `text` opens a `{% KEYWORD name(` tag (with any whitespace control).
fn defines(text: &str, keyword: &str) -> bool {
    text.match_indices("{%").any(|(at, _)| {
        let rest = text[at + 2..].trim_start_matches(['-', '+']).trim_start();
        rest.strip_prefix(keyword).is_some_and(|r| r.starts_with(char::is_whitespace))
    })
}

#[cfg(test)]
mod tests;
