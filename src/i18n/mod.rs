//! UI strings: cahier's built-in catalogues (`i18n/en.toml`, `i18n/fr.toml`, embedded in the
//! binary), overridden by the site's own `i18n/LANG.toml`, overridden in turn by
//! `config.toml`'s `[translations]` / `[languages.LANG.translations]`.
//!
//! Input: the resolved config. Output: [`I18n`], looked up by language and key (`trans()` in
//! templates, placeholders and notices in the redaction stage). Failure: a [`Diagnostic`]
//! when a site catalogue is not a flat table of strings.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::diag::{Diagnostic, LineIndex};

/// The built-in catalogues, by language code.
const BUILTIN: &[(&str, &str)] =
    &[("en", include_str!("../../i18n/en.toml")), ("fr", include_str!("../../i18n/fr.toml"))];

/// UI strings by language, then key.
#[derive(Debug, Clone, Default)]
pub struct I18n {
    strings: BTreeMap<String, BTreeMap<String, String>>,
}

impl I18n {
    /// The built-in strings, then the site's `i18n/*.toml`, then the config's translations.
    pub fn load(config: &Config) -> Result<I18n, Diagnostic> {
        let mut i18n = I18n::default();
        for (lang, text) in BUILTIN {
            i18n.merge(lang, text, std::path::Path::new("(built-in i18n)"))?;
        }
        for lang in config.languages.keys() {
            let path = config.root.join("i18n").join(format!("{lang}.toml"));
            let shown = path.strip_prefix(&config.root).unwrap_or(&path);
            if let Some(text) = crate::diag::read_optional(&path, shown)? {
                i18n.merge(lang, &text, shown)?;
            }
            let table = i18n.strings.entry(lang.clone()).or_default();
            for (k, v) in &config.languages[lang].translations {
                table.insert(k.clone(), v.clone());
            }
            if let Some(p) = config.redaction_placeholder.get(lang) {
                table.insert("redacted".into(), p.clone());
            }
            if let Some(n) = config.redaction_notice.get(lang) {
                table.insert("redaction_notice".into(), n.clone());
            }
        }
        Ok(i18n)
    }

    fn merge(&mut self, lang: &str, text: &str, shown: &std::path::Path) -> Result<(), Diagnostic> {
        let table: BTreeMap<String, String> = toml::from_str(text).map_err(|e| {
            let (line, col) = LineIndex::new(text).line_col(text, e.span().map_or(0, |s| s.start));
            Diagnostic::error(
                shown,
                line,
                col,
                format!("a UI string catalogue is a table of `key = \"text\"`: {}", e.message()),
            )
        })?;
        self.strings.entry(lang.to_string()).or_default().extend(table);
        Ok(())
    }

    /// The string `key` in `lang`, falling back to the language without its region
    /// (`fr-ca` → `fr`).
    pub fn get(&self, lang: &str, key: &str) -> Option<&str> {
        let found = self.strings.get(lang).and_then(|t| t.get(key));
        let base = lang.split('-').next().unwrap_or(lang);
        found.or_else(|| self.strings.get(base).and_then(|t| t.get(key))).map(String::as_str)
    }

    /// Every key of a language (for checks and dashboards).
    pub fn keys(&self, lang: &str) -> impl Iterator<Item = &str> {
        self.strings.get(lang).into_iter().flat_map(|t| t.keys().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogues_have_the_same_keys() {
        let mut i18n = I18n::default();
        for (lang, text) in BUILTIN {
            i18n.merge(lang, text, std::path::Path::new("x")).unwrap();
        }
        let en: Vec<&str> = i18n.keys("en").collect();
        let fr: Vec<&str> = i18n.keys("fr").collect();
        assert_eq!(en, fr);
        assert!(en.contains(&"redacted") && en.contains(&"redaction_notice"));
        assert_eq!(i18n.get("fr-ca", "redacted"), Some("[Caviardé]"));
    }

    #[test]
    fn site_and_config_override_builtin() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
        std::fs::write(dir.path().join("i18n/fr.toml"), "redacted = \"[ * ]\"\nhome = \"Accueil du site\"\n").unwrap();
        let text = "base_url = \"https://x\"\n[languages.fr.translations]\nhome = \"Départ\"\n";
        let cfg = Config::parse(text, dir.path(), std::path::Path::new("config.toml"), &Default::default()).unwrap();
        let i18n = I18n::load(&cfg).unwrap();
        assert_eq!(i18n.get("fr", "redacted"), Some("[ * ]"));
        assert_eq!(i18n.get("fr", "home"), Some("Départ"));
        assert_eq!(i18n.get("en", "redacted"), Some("[Redacted]"));
    }
}
