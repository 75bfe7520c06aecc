//! The exemption catalogue: the provisions authors may cite in `s="…"` and `withheld = "…"`,
//! with their descriptions and citation forms in English and French.
//!
//! Input: the built-in `i18n/exemptions.toml` (embedded in the binary) and optionally a
//! site's own `i18n/exemptions.toml`, which adds or overrides entries. Output: a
//! [`Catalogue`] that resolves keys (`"21(1)(a)"`, `"PA 26"`) to [`Exemption`]s. Failure: an
//! `anyhow` error naming the file when a catalogue file is not valid.
//!
//! Key convention: Access to Information Act provisions are written bare (`15(1)`), Privacy
//! Act ones with a `PA ` prefix (`PA 26`). The citation form follows from the key: a final
//! letter makes a paragraph (EN `s. 21(1)(a)`, FR `al. 21(1)a)`), a number in parentheses a
//! subsection (FR `par. 19(1)`), otherwise a section (FR `art. 23`).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use serde::Deserialize;

const BUILTIN: &str = include_str!("../../i18n/exemptions.toml");

/// One provision of the Access to Information Act or the Privacy Act.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Exemption {
    /// What authors write: `15(1)`, `21(1)(a)`, `PA 26`.
    pub key: String,
    /// Short English description.
    pub en: String,
    /// Short French description.
    pub fr: String,
    /// Where the descriptions come from: `verified`, `partly` or `unverified`.
    #[serde(default)]
    pub status: String,
    /// An exclusion (the Act does not apply) rather than an exemption.
    #[serde(default)]
    pub exclusion: bool,
}

/// What level of a provision a key names, which decides its citation form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// `23`: EN "section", FR « article ».
    Section,
    /// `19(1)`: EN "subsection", FR « paragraphe ».
    Subsection,
    /// `21(1)(a)`: EN "paragraph", FR « alinéa ».
    Paragraph,
}

impl Exemption {
    /// The provision without the `PA ` prefix.
    fn provision(&self) -> &str {
        self.key.strip_prefix("PA ").unwrap_or(&self.key)
    }

    fn privacy_act(&self) -> bool {
        self.key.starts_with("PA ")
    }

    /// Section, subsection or paragraph, from the key's shape.
    pub fn unit(&self) -> Unit {
        let p = self.provision();
        let last_letter = p.strip_suffix(')').and_then(|s| s.chars().last()).is_some_and(|c| c.is_ascii_alphabetic());
        match () {
            _ if last_letter => Unit::Paragraph,
            _ if p.contains('(') => Unit::Subsection,
            _ => Unit::Section,
        }
    }

    /// The short citation in a language: EN `s. 21(1)(a)`, FR `al. 21(1)a)`; Privacy Act
    /// ones name the Act (`s. 26 (PA)`, `art. 26 (LPRP)`).
    pub fn short_citation(&self, lang: &str) -> String {
        let french = lang == "fr";
        let number = if french { french_number(self.provision()) } else { self.provision().to_string() };
        let abbr = match (french, self.unit()) {
            (false, _) => "s.",
            (true, Unit::Section) => "art.",
            (true, Unit::Subsection) => "par.",
            (true, Unit::Paragraph) => "al.",
        };
        let act = match (self.privacy_act(), french) {
            (false, _) => "",
            (true, false) => " (PA)",
            (true, true) => " (LPRP)",
        };
        format!("{abbr} {number}{act}")
    }

    /// The full citation: EN `paragraph 21(1)(a)`, FR `alinéa 21(1)a)`.
    pub fn long_citation(&self, lang: &str) -> String {
        let french = lang == "fr";
        let number = if french { french_number(self.provision()) } else { self.provision().to_string() };
        let word = match (french, self.unit()) {
            (false, Unit::Section) => "section",
            (false, Unit::Subsection) => "subsection",
            (false, Unit::Paragraph) => "paragraph",
            (true, Unit::Section) => "article",
            (true, Unit::Subsection) => "paragraphe",
            (true, Unit::Paragraph) => "alinéa",
        };
        let act = match (self.privacy_act(), french) {
            (false, _) => "",
            (true, false) => " of the Privacy Act",
            (true, true) => " de la Loi sur la protection des renseignements personnels",
        };
        format!("{word} {number}{act}")
    }

    /// The description in a language (French for `fr`, English otherwise).
    pub fn description(&self, lang: &str) -> &str {
        if lang == "fr" { &self.fr } else { &self.en }
    }
}

/// French numbering drops the parentheses around a paragraph letter: `21(1)(a)` → `21(1)a)`.
fn french_number(provision: &str) -> String {
    let mut out = String::with_capacity(provision.len());
    let mut chars = provision.chars().peekable();
    while let Some(c) = chars.next() {
        let mut ahead = chars.clone();
        let letter_group =
            c == '(' && ahead.next().is_some_and(|l| l.is_ascii_alphabetic()) && ahead.next() == Some(')');
        if !letter_group {
            out.push(c);
        }
    }
    out
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    exemption: Vec<Exemption>,
}

/// The exemptions authors may cite, by key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    entries: BTreeMap<String, Exemption>,
}

impl Catalogue {
    /// The built-in catalogue (`i18n/exemptions.toml`, embedded).
    pub fn builtin() -> Self {
        // The embedded file is checked by a test; an error here would be a build defect, so
        // fall back to an empty catalogue (every key then fails closed as unknown).
        let mut c = Catalogue { entries: BTreeMap::new() };
        if let Ok(file) = toml::from_str::<File>(BUILTIN) {
            c.add(file.exemption);
        }
        c
    }

    /// The built-in catalogue plus the entries of a site's file, which override built-in
    /// ones with the same key. A missing file adds nothing.
    pub fn with_site(path: &Path) -> anyhow::Result<Self> {
        let mut c = Self::builtin();
        let read = crate::diag::read_optional(path, path).map_err(|d| anyhow::anyhow!("{}: {}", d.place(), d.message));
        let Some(text) = read? else { return Ok(c) };
        let file: File =
            toml::from_str(&text).with_context(|| format!("{} is not a valid exemption catalogue", path.display()))?;
        c.add(file.exemption);
        Ok(c)
    }

    fn add(&mut self, entries: Vec<Exemption>) {
        for mut e in entries {
            e.key = normalize_key(&e.key);
            self.entries.insert(e.key.clone(), e);
        }
    }

    /// The exemption an author's key names (surrounding and repeated spaces ignored).
    pub fn get(&self, key: &str) -> Option<&Exemption> {
        self.entries.get(&normalize_key(key))
    }

    /// Every exemption, sorted by key.
    pub fn iter(&self) -> impl Iterator<Item = &Exemption> {
        self.entries.values()
    }

    /// How many exemptions there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Trims a key and collapses its inner spaces (`" PA  26 "` → `"PA 26"`).
pub fn normalize_key(key: &str) -> String {
    key.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_has_the_common_keys() {
        let file: File = toml::from_str(BUILTIN).unwrap();
        let c = Catalogue::builtin();
        assert_eq!(c.len(), file.exemption.len(), "duplicate keys in the built-in catalogue");
        for key in ["13(1)", "15(1)", "19(1)", "21(1)(a)", "69(1)(g)", "PA 26", " PA  26 "] {
            assert!(c.get(key).is_some(), "{key}");
        }
        assert!(c.iter().all(|e| ["verified", "partly", "unverified"].contains(&e.status.as_str())));
    }

    #[test]
    fn citation_forms_follow_the_key() {
        let c = Catalogue::builtin();
        let cases = [
            ("21(1)(a)", "s. 21(1)(a)", "al. 21(1)a)", "paragraph 21(1)(a)", "alinéa 21(1)a)"),
            ("19(1)", "s. 19(1)", "par. 19(1)", "subsection 19(1)", "paragraphe 19(1)"),
            ("23", "s. 23", "art. 23", "section 23", "article 23"),
            ("18(a)", "s. 18(a)", "al. 18a)", "paragraph 18(a)", "alinéa 18a)"),
            (
                "PA 26",
                "s. 26 (PA)",
                "art. 26 (LPRP)",
                "section 26 of the Privacy Act",
                "article 26 de la Loi sur la protection des renseignements personnels",
            ),
        ];
        for (key, en, fr, en_long, fr_long) in cases {
            let e = c.get(key).unwrap();
            assert_eq!(
                (e.short_citation("en"), e.short_citation("fr"), e.long_citation("en"), e.long_citation("fr")),
                (en.to_string(), fr.to_string(), en_long.to_string(), fr_long.to_string())
            );
        }
        assert_eq!(c.get("15(1)").unwrap().description("fr"), "Affaires internationales et défense");
    }

    #[test]
    fn a_site_file_adds_and_overrides() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("exemptions.toml");
        std::fs::write(&path, "[[exemption]]\nkey = \"X 1\"\nen = \"Local\"\nfr = \"Local fr\"\n").unwrap();
        let c = Catalogue::with_site(&path).unwrap();
        assert_eq!(c.get("X 1").unwrap().fr, "Local fr");
        assert!(c.get("15(1)").is_some());
        std::fs::write(&path, "[[exemption]]\nkey = 3\n").unwrap();
        assert!(Catalogue::with_site(&path).unwrap_err().to_string().contains("not a valid exemption catalogue"));
        std::fs::write(&path, b"[[exemption]]\nkey = \"X 1\"\nen = \"Local\"\nfr = \"D\xE9fense\"\n").unwrap();
        let err = Catalogue::with_site(&path).unwrap_err().to_string();
        assert!(err.ends_with("exemptions.toml:4:8: the file is not UTF-8 (byte 0xE9): save it as UTF-8 (it may be in Windows-1252 or Latin-1)"), "{err}");
        assert_eq!(Catalogue::with_site(&dir.path().join("none.toml")).unwrap(), Catalogue::builtin());
    }
}
