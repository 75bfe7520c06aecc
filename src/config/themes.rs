//! Highlighting theme names: syntect's and bat's (what cahier renders with), Zola 0.22's
//! (giallo's, from VS Code: `github-light`, `synthwave-84`, …) mapped to the closest of them,
//! and themes a site brings with `extra_themes` (JSON files, named by their `name` field).
//!
//! Input: the name in `config.toml` and the site root (for `extra_themes`). Output: the
//! syntect theme to render with. Failure: a message listing the names that are accepted.

use std::path::Path;

/// The highlighting themes cahier ships (syntect's and bat's), named as they are there;
/// `highlight_theme` may also spell them as Zola does (`base16-ocean-dark`, `solarized-dark`).
pub const HIGHLIGHT_THEMES: [&str; 32] = [
    "1337",
    "Catppuccin Frappe",
    "Catppuccin Latte",
    "Catppuccin Macchiato",
    "Catppuccin Mocha",
    "Coldark-Cold",
    "Coldark-Dark",
    "DarkNeon",
    "Dracula",
    "GitHub",
    "InspiredGitHub",
    "Monokai Extended",
    "Monokai Extended Bright",
    "Monokai Extended Light",
    "Monokai Extended Origin",
    "Nord",
    "OneHalfDark",
    "OneHalfLight",
    "Solarized (dark)",
    "Solarized (light)",
    "Sublime Snazzy",
    "TwoDark",
    "ansi",
    "base16",
    "base16-256",
    "base16-eighties.dark",
    "base16-mocha.dark",
    "base16-ocean.dark",
    "base16-ocean.light",
    "gruvbox-dark",
    "gruvbox-light",
    "zenburn",
];

/// Zola 0.22's theme names (giallo's built-in themes) and the shipped theme closest to each.
/// With `style = "class"` only the classes matter; the colours are an approximation.
const GIALLO_THEMES: &[(&str, &str)] = &[
    ("andromeeda", "OneHalfDark"),
    ("aurora-x", "OneHalfDark"),
    ("ayu-dark", "OneHalfDark"),
    ("ayu-light", "OneHalfLight"),
    ("ayu-mirage", "OneHalfDark"),
    ("catppuccin-frappe", "Catppuccin Frappe"),
    ("catppuccin-latte", "Catppuccin Latte"),
    ("catppuccin-macchiato", "Catppuccin Macchiato"),
    ("catppuccin-mocha", "Catppuccin Mocha"),
    ("dark-plus", "OneHalfDark"),
    ("dracula", "Dracula"),
    ("dracula-soft", "Dracula"),
    ("everforest-dark", "gruvbox-dark"),
    ("everforest-light", "gruvbox-light"),
    ("github-dark", "OneHalfDark"),
    ("github-dark-default", "OneHalfDark"),
    ("github-dark-dimmed", "OneHalfDark"),
    ("github-dark-high-contrast", "OneHalfDark"),
    ("github-light", "GitHub"),
    ("github-light-default", "GitHub"),
    ("github-light-high-contrast", "GitHub"),
    ("gruvbox-dark-hard", "gruvbox-dark"),
    ("gruvbox-dark-medium", "gruvbox-dark"),
    ("gruvbox-dark-soft", "gruvbox-dark"),
    ("gruvbox-light-hard", "gruvbox-light"),
    ("gruvbox-light-medium", "gruvbox-light"),
    ("gruvbox-light-soft", "gruvbox-light"),
    ("horizon", "OneHalfDark"),
    ("horizon-bright", "OneHalfLight"),
    ("houston", "OneHalfDark"),
    ("kanagawa-dragon", "OneHalfDark"),
    ("kanagawa-lotus", "OneHalfLight"),
    ("kanagawa-wave", "OneHalfDark"),
    ("laserwave", "DarkNeon"),
    ("light-plus", "InspiredGitHub"),
    ("material-theme", "OneHalfDark"),
    ("material-theme-darker", "OneHalfDark"),
    ("material-theme-lighter", "OneHalfLight"),
    ("material-theme-ocean", "base16-ocean.dark"),
    ("material-theme-palenight", "OneHalfDark"),
    ("min-dark", "OneHalfDark"),
    ("min-light", "InspiredGitHub"),
    ("monokai", "Monokai Extended"),
    ("night-owl", "OneHalfDark"),
    ("night-owl-light", "OneHalfLight"),
    ("nord", "Nord"),
    ("one-dark", "OneHalfDark"),
    ("one-dark-pro", "OneHalfDark"),
    ("one-light", "OneHalfLight"),
    ("plastic", "OneHalfDark"),
    ("poimandres", "OneHalfDark"),
    ("red", "OneHalfDark"),
    ("rose-pine", "OneHalfDark"),
    ("rose-pine-dawn", "OneHalfLight"),
    ("rose-pine-moon", "OneHalfDark"),
    ("slack-dark", "OneHalfDark"),
    ("slack-ochin", "OneHalfLight"),
    ("snazzy-light", "OneHalfLight"),
    ("solarized-dark", "Solarized (dark)"),
    ("solarized-light", "Solarized (light)"),
    ("synthwave-84", "DarkNeon"),
    ("tokyo-night", "OneHalfDark"),
    ("vesper", "OneHalfDark"),
    ("vitesse-black", "OneHalfDark"),
    ("vitesse-dark", "OneHalfDark"),
    ("vitesse-light", "OneHalfLight"),
    // Zola before 0.22: `css` meant classes instead of colours.
    ("css", "base16-ocean.dark"),
];

/// How theme names are compared: letters and digits only, lowercased, so that Zola's
/// spellings (`base16-ocean-dark`) find syntect's (`base16-ocean.dark`).
pub fn theme_key(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// The shipped theme to render `name` with: a shipped theme itself, a Zola 0.22 name, or a
/// theme of `extra_themes` (files relative to `root`) with that `name`, by its `type`.
pub fn resolve_theme(name: &str, root: &Path, extra_themes: &[String]) -> Result<&'static str, String> {
    let key = theme_key(name);
    if let Some(t) = HIGHLIGHT_THEMES.iter().find(|t| theme_key(t) == key) {
        return Ok(t);
    }
    if let Some((_, t)) = GIALLO_THEMES.iter().find(|(g, _)| theme_key(g) == key) {
        return Ok(t);
    }
    for file in extra_themes {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read the extra theme {}: {e}", path.display()))?;
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("the extra theme {file} is not JSON: {e}"))?;
        let own = json.get("name").and_then(|n| n.as_str()).map(str::to_string).unwrap_or_else(|| {
            Path::new(file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
        });
        if theme_key(&own) == key {
            let light = json.get("type").and_then(|t| t.as_str()) == Some("light");
            return Ok(if light { "InspiredGitHub" } else { "base16-ocean.dark" });
        }
    }
    let mut names: Vec<&str> = HIGHLIGHT_THEMES.to_vec();
    names.extend(GIALLO_THEMES.iter().map(|(g, _)| *g));
    Err(format!(
        "unknown highlighting theme `{name}`: expected a theme of `extra_themes` or one of {}",
        names.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zola_names_map_to_shipped_themes() {
        let root = Path::new("/nonexistent");
        for (name, want) in [
            ("github-light", "GitHub"),
            ("synthwave-84", "DarkNeon"),
            ("light-plus", "InspiredGitHub"),
            ("catppuccin-latte", "Catppuccin Latte"),
            ("base16-ocean-dark", "base16-ocean.dark"),
            ("Dracula", "Dracula"),
        ] {
            assert_eq!(resolve_theme(name, root, &[]), Ok(want), "{name}");
        }
        let err = resolve_theme("nope", root, &[]).unwrap_err();
        assert!(err.contains("unknown highlighting theme `nope`") && err.contains("synthwave-84"), "{err}");
    }

    #[test]
    fn an_extra_theme_is_found_by_its_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.json"), r#"{"name": "my-theme", "type": "light", "colors": {}}"#).unwrap();
        let extra = vec!["mine.json".to_string()];
        assert_eq!(resolve_theme("my-theme", dir.path(), &extra), Ok("InspiredGitHub"));
        assert!(resolve_theme("other", dir.path(), &extra).is_err());
    }
}
