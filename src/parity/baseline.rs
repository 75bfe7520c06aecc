//! Stale translations: the baseline records, per pair, what both sides looked like when the
//! pair was last marked in sync (`cahier parity --accept PAGE` or `--accept-all`); a pair
//! whose source blocks changed since then is stale, and the report shows the source's diff,
//! block by block. Hashes are taken on normalized blocks (kind, text with whitespace
//! collapsed, code, links, redactions), so whitespace-only edits do not make a pair stale.
//!
//! The file (`parity-baseline.toml` in the site), sorted by page key, one block per line so
//! that it diffs well in review:
//!
//! ```toml
//! [pairs."international/engagement-poster.md"]
//! source = [
//!     "5d41402abc4b2a76",
//! ]
//! target = [
//!     "7d793037a0760186",
//! ]
//! text = [
//!     "Immigration, Refugees and Citizenship Canada leads …",
//! ]
//! ```
//!
//! Input: the config, settings and each pair's blocks. Output: the stale flag and a `stale`
//! [`Finding`] with its diff; [`accept`] rewrites the file. Failure: a [`Diagnostic`] when
//! the file cannot be parsed; an I/O error when it cannot be written.

use std::collections::BTreeMap;

use anyhow::Context as _;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::blocks::{self, Block};
use super::pair::{Context, Make};
use super::{Finding, Settings, Severity};
use crate::config::Config;
use crate::content::{self, SourcePage};
use crate::diag::{Diagnostic, Diagnostics, Failure, LineIndex};

/// One pair as it was when marked in sync.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub source: Vec<String>,
    pub target: Vec<String>,
    pub text: Vec<String>,
}

/// The baseline: page key → entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    #[serde(default)]
    pub pairs: BTreeMap<String, Entry>,
}

/// The normalized hash of a block.
pub fn hash(b: &Block) -> String {
    let mut h = Sha256::new();
    for part in [b.kind.name(), &b.text, &b.code, &b.links.join(" "), &b.redactions.join(" ")] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().take(8).map(|x| format!("{x:02x}")).collect()
}

/// Reads the baseline, if the site has one.
pub fn load(config: &Config, settings: &Settings) -> Result<Baseline, Diagnostic> {
    let Some(text) = crate::diag::read_optional(&config.root.join(&settings.baseline), settings.baseline.as_ref())?
    else {
        return Ok(Baseline::default());
    };
    toml::from_str(&text).map_err(|e| {
        let (line, col) = LineIndex::new(&text).line_col(&text, e.span().map_or(0, |s| s.start));
        Diagnostic::error(&settings.baseline, line, col, crate::content::front_matter::toml_message(&e))
    })
}

/// Whether a pair is stale, and the finding that shows what changed.
pub(super) fn check(ctx: &Context<'_>, make: &Make<'_>, sb: &[Block], tb: &[Block]) -> (bool, Vec<Finding>) {
    let Some(entry) = ctx.baseline.pairs.get(make.key) else { return (false, Vec::new()) };
    if make.source.is_none() || make.target.is_none() {
        return (false, Vec::new());
    }
    let now: Vec<String> = sb.iter().map(hash).collect();
    if now == entry.source {
        return (false, Vec::new());
    }
    let old: Vec<(String, String)> = entry
        .source
        .iter()
        .enumerate()
        .map(|(i, h)| (h.clone(), entry.text.get(i).cloned().unwrap_or_default()))
        .collect();
    let new: Vec<(String, String)> = sb.iter().map(|b| (hash(b), b.text.clone())).collect();
    let diff = super::diff::blocks(&old, &new);
    let target_now: Vec<String> = tb.iter().map(hash).collect();
    let also = if target_now != entry.target {
        format!(" The {} page changed too since then: if it is up to date, accept it.", ctx.target_lang)
    } else {
        String::new()
    };
    let changed = diff.len();
    let msg = format!(
        "the {} page changed since the pair was marked in sync ({changed} block(s)); update the {} page, then run `cahier parity --accept {}`.{also}",
        ctx.source_lang, ctx.target_lang, make.key
    );
    let mut f = make.at("stale", Severity::Warning, msg, sb.first(), tb.first(), &now.join(""));
    f.diff = diff;
    (true, vec![f])
}

/// The key a user names a page by: `international/x.md`, `international/x`,
/// `content/international/x.fr.md`.
fn normalize_key(name: &str, config: &Config) -> String {
    let name = name.trim_start_matches("./").trim_start_matches("content/");
    let name = if name.ends_with(".md") { name.to_string() } else { format!("{name}.md") };
    crate::key::split(&name, config).0
}

/// Marks pairs as in sync (every complete pair when `keys` is `None`) and rewrites the
/// baseline. Returns the keys accepted, or the names that are not pairs of the site.
pub fn accept(config: &Config, keys: Option<&[String]>, drafts: bool) -> Result<Vec<String>, Failure> {
    let settings = super::settings(config)?;
    let mut base = load(config, &settings)?;
    let loaded = content::load(config, drafts)?;
    let target_lang = config.languages.keys().find(|k| **k != config.default_language).cloned().unwrap_or_default();
    let mut by_key: BTreeMap<&str, (Option<&SourcePage>, Option<&SourcePage>)> = BTreeMap::new();
    for p in &loaded.pages {
        let e = by_key.entry(p.key.as_str()).or_default();
        if p.lang == config.default_language {
            e.0 = Some(p);
        } else if p.lang == target_lang {
            e.1 = Some(p);
        }
    }
    let wanted: Vec<String> = match keys {
        Some(k) => k.iter().map(|n| normalize_key(n, config)).collect(),
        None => by_key.iter().filter(|(_, (s, t))| s.is_some() && t.is_some()).map(|(k, _)| k.to_string()).collect(),
    };
    let mut diags = Diagnostics::new();
    for key in &wanted {
        let Some((Some(s), Some(t))) = by_key.get(key.as_str()) else {
            diags.push(Diagnostic::error(
                &settings.baseline,
                0,
                0,
                format!("`{key}` is not a page with both languages in this site"),
            ));
            continue;
        };
        let parsed = blocks::parse(s).and_then(|(sb, _)| blocks::parse(t).map(|(tb, _)| (sb, tb)));
        match parsed {
            Ok((sb, tb)) => {
                let entry = Entry {
                    source: sb.iter().map(hash).collect(),
                    target: tb.iter().map(hash).collect(),
                    text: sb.iter().map(|b| b.text.clone()).collect(),
                };
                base.pairs.insert(key.clone(), entry);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags.into());
    }
    let path = config.root.join(&settings.baseline);
    std::fs::write(&path, write(&base)).with_context(|| format!("cannot write the baseline {}", path.display()))?;
    Ok(wanted)
}

/// The baseline as TOML, one array element per line.
pub fn write(base: &Baseline) -> String {
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = String::from(
        "# cahier parity baseline: each page pair as it was when last marked in sync.\n\
         # Written by `cahier parity --accept PAGE` or `--accept-all`; keep it with the site.\n",
    );
    for (key, e) in &base.pairs {
        out.push_str(&format!("\n[pairs.{}]\n", q(key)));
        for (name, list) in [("source", &e.source), ("target", &e.target), ("text", &e.text)] {
            out.push_str(&format!("{name} = [\n"));
            for item in list {
                out.push_str(&format!("    {},\n", q(item)));
            }
            out.push_str("]\n");
        }
    }
    out
}
