//! `cahier parity --xliff DIR`, `--tmx FILE` and `--import-xliff FILE`: the exchange with
//! translation tools (see [`crate::parity::cat`]).
//!
//! Exit statuses: 0 written, 2 when a page cannot be read or the XLIFF does not fit its page.

use std::io::Write as _;
use std::path::Path;

use crate::config::Config;
use crate::content::SourcePage;
use crate::parity::{Report, cat};

/// The complete pairs of the site: (source, target) by key.
fn pairs<'a>(config: &Config, pages: &'a [SourcePage], target_lang: &str) -> Vec<(&'a SourcePage, &'a SourcePage)> {
    let mut by_key: std::collections::BTreeMap<&str, (Option<&SourcePage>, Option<&SourcePage>)> = Default::default();
    for p in pages {
        let e = by_key.entry(&p.key).or_default();
        if p.lang == config.default_language {
            e.0 = Some(p);
        } else if p.lang == target_lang {
            e.1 = Some(p);
        }
    }
    by_key.into_values().filter_map(|(s, t)| Some((s?, t?))).collect()
}

fn say(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// Writes the XLIFF files and the TMX memory asked for.
pub fn export(
    config: &Config,
    pages: &[SourcePage],
    report: &Report,
    xliff: Option<&Path>,
    tmx: Option<&Path>,
) -> anyhow::Result<()> {
    let pairs = pairs(config, pages, &report.target_lang);
    if let Some(dir) = xliff {
        std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
        for (s, t) in &pairs {
            let x = cat::xliff(s, t, report).map_err(|d| anyhow::anyhow!("{d}"))?;
            let name = format!("{}.xlf", s.key.trim_end_matches(".md").replace('/', "__"));
            let path = dir.join(name);
            std::fs::write(&path, x).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        }
        say(&format!("Wrote {} XLIFF file(s) to {}", pairs.len(), dir.display()));
    }
    if let Some(file) = tmx {
        let x = cat::tmx(&pairs, &report.source_lang).map_err(|d| anyhow::anyhow!("{d}"))?;
        std::fs::write(file, x).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", file.display()))?;
        say(&format!("Wrote the translation memory of {} pair(s) to {}", pairs.len(), file.display()));
    }
    Ok(())
}

/// Writes a translated XLIFF back into its target page.
pub fn import(config: &Config, pages: &[SourcePage], file: &Path) -> anyhow::Result<()> {
    let xml = std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let target = cat::target_of(&xml)?;
    let page = pages
        .iter()
        .find(|p| p.path.to_string_lossy().replace('\\', "/") == target)
        .ok_or_else(|| anyhow::anyhow!("{}: the page {target} is not in the site", file.display()))?;
    let source = pages
        .iter()
        .find(|p| p.key == page.key && p.lang == config.default_language)
        .ok_or_else(|| anyhow::anyhow!("{target} has no {} page", config.default_language))?;
    let written = cat::import(&config.root, &xml, source).map_err(|e| e.context(format!("{}", file.display())))?;
    say(&format!("Wrote the translation into {}", written.display()));
    Ok(())
}
