//! The `[parity]` settings of `config.toml`.
//!
//! Input: the raw `[parity]` table ([`crate::config::Config::parity`]). Output: [`Settings`]
//! with defaults filled in. Failure: a message naming the unknown key and the keys allowed,
//! or the key whose value has the wrong type.
//!
//! ```toml
//! [parity]
//! baseline = "parity-baseline.toml"     # what each pair looked like when last in sync
//! dismissed = "parity-dismissed.toml"   # dismissed findings, by fingerprint
//! history = true                        # with no baseline accepted: stale pages from git
//! min_words = 8                         # shortest block whose language is judged
//! language_margin = 0.5                 # confidence margin for a wrong-language finding
//! typography = true                     # French spacing before `:` and inside « »
//! typography_all = false                # also before `;`, `!` and `?`
//! block_ratio = [0.5, 2.2]              # target/source length outliers per block
//! page_ratio = [0.7, 1.8]               # ... and per page
//! keep = ["IRCC", "GRSI"]               # names never translated
//! [parity.localized_urls]
//! "https://www.canada.ca/en.html" = "https://www.canada.ca/fr.html"
//! [parity.glossary]
//! "capacity building" = ["renforcement des capacités"]
//! "deputy head" = { accepted = ["administrateur général"], forbidden = ["sous-chef"] }
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

/// A glossary entry: the accepted and forbidden target forms of a source term.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    #[serde(default)]
    pub accepted: Vec<String>,
    #[serde(default)]
    pub forbidden: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum RawTerm {
    Accepted(Vec<String>),
    One(String),
    Full(Term),
}

/// Resolved parity settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub baseline: String,
    pub dismissed: String,
    pub min_words: usize,
    pub language_margin: f64,
    pub typography: bool,
    pub typography_all: bool,
    pub block_ratio: (f64, f64),
    pub page_ratio: (f64, f64),
    pub keep: Vec<String>,
    pub localized_urls: BTreeMap<String, String>,
    pub glossary: BTreeMap<String, Term>,
    /// Stale pages from git history while no baseline is accepted.
    pub history: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    baseline: Option<String>,
    dismissed: Option<String>,
    history: Option<bool>,
    min_words: Option<usize>,
    language_margin: Option<f64>,
    typography: Option<bool>,
    typography_all: Option<bool>,
    block_ratio: Option<(f64, f64)>,
    page_ratio: Option<(f64, f64)>,
    #[serde(default)]
    keep: Vec<String>,
    #[serde(default)]
    localized_urls: BTreeMap<String, String>,
    #[serde(default)]
    glossary: BTreeMap<String, RawTerm>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            baseline: "parity-baseline.toml".into(),
            dismissed: "parity-dismissed.toml".into(),
            min_words: 8,
            language_margin: 0.5,
            typography: true,
            typography_all: false,
            block_ratio: (0.5, 2.2),
            page_ratio: (0.7, 1.8),
            keep: Vec::new(),
            localized_urls: BTreeMap::new(),
            glossary: BTreeMap::new(),
            history: true,
        }
    }
}

impl Settings {
    /// Reads the `[parity]` table.
    pub fn from_table(table: &toml::Table) -> Result<Settings, String> {
        let raw = Raw::deserialize(toml::Value::Table(table.clone()))
            .map_err(|e| format!("invalid `[parity]` settings: {}", e.to_string().trim().replace('\n', " ")))?;
        let d = Settings::default();
        let ratio = |r: Option<(f64, f64)>, key: &str, default| match r {
            Some((lo, hi)) if lo > 0.0 && lo < hi => Ok((lo, hi)),
            Some(_) => Err(format!("invalid `[parity] {key}`: give [low, high] with 0 < low < high")),
            None => Ok(default),
        };
        let glossary = raw
            .glossary
            .into_iter()
            .map(|(k, v)| {
                let t = match v {
                    RawTerm::Accepted(accepted) => Term { accepted, forbidden: Vec::new() },
                    RawTerm::One(one) => Term { accepted: vec![one], forbidden: Vec::new() },
                    RawTerm::Full(t) => t,
                };
                (k, t)
            })
            .collect();
        Ok(Settings {
            baseline: raw.baseline.unwrap_or(d.baseline),
            dismissed: raw.dismissed.unwrap_or(d.dismissed),
            min_words: raw.min_words.unwrap_or(d.min_words),
            language_margin: raw.language_margin.unwrap_or(d.language_margin),
            typography: raw.typography.unwrap_or(d.typography),
            typography_all: raw.typography_all.unwrap_or(d.typography_all),
            block_ratio: ratio(raw.block_ratio, "block_ratio", d.block_ratio)?,
            page_ratio: ratio(raw.page_ratio, "page_ratio", d.page_ratio)?,
            keep: raw.keep,
            localized_urls: raw.localized_urls,
            glossary,
            history: raw.history.unwrap_or(d.history),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_and_denies_unknown_keys() {
        let t: toml::Table = toml::from_str(
            "min_words = 5\nkeep = [\"IRCC\"]\n[glossary]\n\"a b\" = [\"c d\"]\n\"x\" = { accepted = [\"y\"], forbidden = [\"z\"] }\n",
        )
        .unwrap();
        let s = Settings::from_table(&t).unwrap();
        assert_eq!(s.min_words, 5);
        assert_eq!(s.glossary["a b"].accepted, ["c d"]);
        assert_eq!(s.glossary["x"].forbidden, ["z"]);
        let bad: toml::Table = toml::from_str("min_word = 5").unwrap();
        let e = Settings::from_table(&bad).unwrap_err();
        assert!(e.contains("unknown field `min_word`") && e.contains("`min_words`"), "{e}");
        let ratio: toml::Table = toml::from_str("page_ratio = [2.0, 1.0]").unwrap();
        assert!(Settings::from_table(&ratio).unwrap_err().contains("page_ratio"));
    }
}
