//! Drafted sections: as in Zola, a section with `draft = true` takes everything below it
//! out of the build (its pages, subsections and their pages), in its own language, unless
//! drafts are built.
//!
//! Input: the pages read so far, or one file and the list of content files. Output: the pages
//! that stay, or whether the file lies below a drafted section. Failure: none; an ancestor
//! section that cannot be read is not taken as drafted (its own error is reported when it is
//! read).

use std::path::{Path, PathBuf};

use super::SourcePage;
use crate::config::Config;

/// Removes the drafted sections and every page below one, in the section's language.
pub(super) fn drop_drafted(pages: &mut Vec<SourcePage>) {
    let mut drafted: Vec<(String, String)> = pages
        .iter()
        .filter(|p| p.is_section() && p.front.draft())
        .map(|p| (p.key_dir().to_string(), p.lang.clone()))
        .collect();
    if drafted.is_empty() {
        return;
    }
    drafted.sort();
    pages.retain(|p| !drafted.iter().any(|(dir, lang)| *lang == p.lang && below(&p.key, dir)));
}

/// Whether `file`, in language `lang`, lies below a drafted section (`all`: the content
/// files, so that only sections that exist are read).
pub(super) fn under_drafted(config: &Config, file: &Path, lang: &str, all: &[PathBuf]) -> bool {
    let name = if lang == config.default_language { "_index.md".to_string() } else { format!("_index.{lang}.md") };
    let content = config.root.join("content");
    let mut dir = file.parent();
    while let Some(d) = dir.filter(|d| d.starts_with(&content)) {
        let index = d.join(&name);
        if index != file && all.contains(&index) {
            let shown = index.strip_prefix(&config.root).unwrap_or(&index).to_path_buf();
            let drafted = std::fs::read_to_string(&index)
                .ok()
                .and_then(|text| SourcePage::parse(&text, &shown, config).ok())
                .is_some_and(|s| s.front.draft());
            if drafted {
                return true;
            }
        }
        dir = d.parent();
    }
    false
}

/// Whether the page of `key` is the section of folder `dir` or below it.
fn below(key: &str, dir: &str) -> bool {
    dir.is_empty() || key.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::Mode;
    use crate::testing::SiteBuilder;

    #[test]
    fn a_drafted_section_takes_its_descendants_out_in_its_language() {
        let (pages, _) = SiteBuilder::new()
            .page("secret/_index.md", "+++\ntitle = \"S\"\ndraft = true\n+++\n")
            .page("secret/_index.fr.md", "+++\ntitle = \"S\"\n+++\n")
            .page("secret/a.md", "+++\ntitle = \"A\"\n+++\n")
            .page("secret/a.fr.md", "+++\ntitle = \"A\"\n+++\n")
            .page("secret/deeper/_index.md", "+++\ntitle = \"D\"\n+++\n")
            .page("secret/deeper/b.md", "+++\ntitle = \"B\"\n+++\n")
            .page("secrets.md", "+++\ntitle = \"Not below\"\n+++\n")
            .sources(Mode::Public);
        let kept: Vec<String> = pages.iter().map(|p| format!("{} {}", p.key, p.lang)).collect();
        assert_eq!(kept, ["_index.md en", "_index.md fr", "secret/_index.md fr", "secret/a.md fr", "secrets.md en"]);
    }

    #[test]
    fn a_file_below_a_drafted_section_is_found_drafted() {
        let fixture = SiteBuilder::new()
            .page("secret/_index.md", "+++\ndraft = true\n+++\n")
            .page("secret/deeper/b.md", "+++\n+++\n")
            .page("open/c.md", "+++\n+++\n")
            .write();
        let config = fixture.config();
        let all = crate::content::files(&config).unwrap();
        let content = config.root.join("content");
        assert!(under_drafted(&config, &content.join("secret/deeper/b.md"), "en", &all));
        assert!(!under_drafted(&config, &content.join("secret/deeper/b.md"), "fr", &all));
        assert!(!under_drafted(&config, &content.join("open/c.md"), "en", &all));
    }
}
