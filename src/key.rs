//! A page's identity: [`PageKey`], its path below `content/` without the language suffix and
//! its language. Made in one place from a file name (`binders/x.fr.md` → `binders/x.md`,
//! `fr`), so that loading, `@/` links, template functions and parity agree on what names a
//! page. Never fails: a name whose suffix is not a configured language keeps it.

use crate::config::Config;

/// A page or section across the build: `(key, language)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct PageKey {
    /// `binders/x.md`, `binders/_index.md`: what `@/` links name and what pairs translations.
    pub key: String,
    pub lang: String,
}

impl PageKey {
    /// The key and language of a file name (`x.fr.md`, `x.md`); a name without a configured
    /// language suffix is in the default language.
    pub fn from_name(name: &str, config: &Config) -> PageKey {
        let (key, lang) = split(name, config);
        PageKey { key, lang: lang.unwrap_or(&config.default_language).to_string() }
    }

    /// The file name a user writes for this page (Zola's `relative_path`): the key, with the
    /// language suffix when it is not the default language.
    pub fn file_name(&self, config: &Config) -> String {
        if self.lang == config.default_language {
            return self.key.clone();
        }
        match self.key.strip_suffix(".md") {
            Some(stem) => format!("{stem}.{}.md", self.lang),
            None => self.key.clone(),
        }
    }
}

/// Splits `x.fr.md` into (`x.md`, `Some("fr")`) when `fr` is a language of the site; any
/// other name is given back whole, with no language.
pub fn split<'a>(name: &str, config: &'a Config) -> (String, Option<&'a str>) {
    if let Some((base, code)) = name.strip_suffix(".md").and_then(|stem| stem.rsplit_once('.')) {
        if let Some((code, _)) = config.languages.get_key_value(code) {
            return (format!("{base}.md"), Some(code.as_str()));
        }
    }
    (name.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;
    use std::path::Path;

    fn config() -> Config {
        let text = "base_url = \"https://x\"\n[languages.fr]\n";
        Config::parse(text, Path::new("/s"), Path::new("config.toml"), &Overrides::default()).unwrap()
    }

    #[test]
    fn a_name_splits_into_key_and_language_and_back() {
        let c = config();
        let cases = [
            ("b/x.fr.md", "b/x.md", "fr"),
            ("b/x.md", "b/x.md", "en"),
            ("b/x.de.md", "b/x.de.md", "en"),
            ("_index.fr.md", "_index.md", "fr"),
            ("v1.2/x", "v1.2/x", "en"),
        ];
        for (name, key, lang) in cases {
            let k = PageKey::from_name(name, &c);
            assert_eq!((k.key.as_str(), k.lang.as_str()), (key, lang), "{name}");
            assert_eq!(k.file_name(&c), name, "{name}");
        }
        assert_eq!(split("x.fr.md", &c), ("x.md".to_string(), Some("fr")));
        assert_eq!(split("x", &c), ("x".to_string(), None));
    }
}
