//! The Zola version a site names (`[extra.cahier] zola = "0.23"`, `[zola] version`, a theme's
//! `min_version`): which generation of Zola, and so of templates, it is written for.
//!
//! Input: the text of a version. Output: its major and minor numbers. Failure: a message
//! saying how to write one.

use super::ResolveError;

/// A Zola version as a site names it (`"0.23"`, `"0.22.1"`): major and minor; the patch
/// level does not change the template language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct ZolaVersion {
    pub major: u64,
    pub minor: u64,
}

impl ZolaVersion {
    /// `"0.23"`, `"0.23.0"`, `"v0.22.1"`, `">=0.19"`; `None` for anything else (`"23"`).
    pub fn parse(text: &str) -> Option<ZolaVersion> {
        let t = text.trim().trim_start_matches(['>', '=', '^', '~', 'v']).trim();
        let mut parts = t.split('.');
        let major = parts.next()?.trim().parse().ok()?;
        let minor = parts.next()?.trim().parse().ok()?;
        if parts.any(|p| p.trim().split(['-', '+']).next().is_none_or(|n| n.parse::<u64>().is_err())) {
            return None;
        }
        Some(ZolaVersion { major, minor })
    }
}

impl TryFrom<String> for ZolaVersion {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        ZolaVersion::parse(&text)
            .ok_or_else(|| format!("`{text}` is not a Zola version: write it as \"0.22\" or \"0.23\""))
    }
}

impl std::fmt::Display for ZolaVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// `[extra.cahier] zola = "0.23"`: `[zola] version` where Zola itself reads the config too
/// (Zola 0.23 refuses a table it does not know, and leaves `[extra]` to the site).
pub(super) fn extra_zola(extra: &toml::Table) -> Result<Option<ZolaVersion>, ResolveError> {
    let Some(value) = extra.get("cahier").and_then(|c| c.get("zola")) else { return Ok(None) };
    let text = value.as_str().map_or_else(|| value.to_string(), str::to_string);
    ZolaVersion::try_from(text).map(Some).map_err(|m| ("zola", m))
}
