//! Stage 1, load: walk `content/`, read each Markdown file, split and parse its front matter.
//!
//! Input: the resolved [`Config`]. Output: [`Loaded`], every [`SourcePage`] (pages and
//! sections, every language), sorted by key then language, plus the co-located assets.
//! Failure: [`Diagnostics`] for every file whose front matter or name is wrong (all files
//! are read; problems are collected, not stopped at); an I/O error when `content/` cannot be
//! read. Files run in parallel (rayon).

pub mod date;
mod drafts;
pub mod front_matter;
mod inside;
mod place;
mod walk;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Failure, LineIndex};
pub use front_matter::{AnchorLinks, PageFront, SectionFront, SortBy};
use walk::{assets_of, non_markdown, walk};

/// A page (`x.md`, `x/index.md`) or a section (`_index.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Section,
    Page,
}

/// The parsed front matter of a page or section.
#[derive(Debug, Clone, PartialEq)]
pub enum Front {
    Page(Box<PageFront>),
    Section(Box<SectionFront>),
}

impl Front {
    pub fn title(&self) -> Option<&str> {
        match self {
            Front::Page(p) => p.title.as_deref(),
            Front::Section(s) => s.title.as_deref(),
        }
    }

    pub fn description(&self) -> Option<&str> {
        match self {
            Front::Page(p) => p.description.as_deref(),
            Front::Section(s) => s.description.as_deref(),
        }
    }

    pub fn extra(&self) -> &toml::Table {
        match self {
            Front::Page(p) => &p.extra,
            Front::Section(s) => &s.extra,
        }
    }

    pub fn draft(&self) -> bool {
        match self {
            Front::Page(p) => p.draft,
            Front::Section(s) => s.draft,
        }
    }

    pub fn slug(&self) -> Option<&str> {
        match self {
            Front::Page(p) => p.slug.as_deref(),
            Front::Section(s) => s.slug.as_deref(),
        }
    }

    pub fn path(&self) -> Option<&str> {
        match self {
            Front::Page(p) => p.path.as_deref(),
            Front::Section(s) => s.path.as_deref(),
        }
    }
}

/// One content file, read and split.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcePage {
    /// The file, relative to the site root (`content/binders/x.fr.md`), for messages.
    pub path: PathBuf,
    /// The file, absolute.
    pub abs_path: PathBuf,
    /// The page's language code.
    pub lang: String,
    /// The file's path below `content/` with the language suffix removed and `/` separators
    /// (`binders/x.md`, `binders/_index.md`): what `@/` links name and what pairs
    /// translations.
    pub key: String,
    pub kind: Kind,
    pub front: Front,
    /// The Markdown after the front matter.
    pub body: String,
    /// 1-based line of the file at which `body` starts.
    pub body_line: usize,
    /// The name a slug is made from when front matter sets none: the file stem, or the
    /// folder's name for `x/index.md`.
    pub file_slug: String,
    /// Co-located files (for `x/index.md` pages and sections), absolute, sorted.
    pub assets: Vec<PathBuf>,
}

impl SourcePage {
    /// 1-based line and column in the file of a byte offset in `body`.
    pub fn body_location(&self, offset: usize) -> (usize, usize) {
        let (line, col) = LineIndex::new(&self.body).line_col(&self.body, offset);
        (self.body_line + line - 1, col)
    }

    /// An error at a byte offset of the body.
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.body_location(offset);
        Diagnostic::error(&self.path, line, col, message)
    }

    /// Where co-located asset `asset` goes below the page's own path: its path from the
    /// page's folder (`social_cards/a.jpg` keeps its subfolder, as in Zola).
    pub fn asset_path(&self, asset: &Path) -> String {
        let dir = self.abs_path.parent().unwrap_or(Path::new(""));
        match asset.strip_prefix(dir) {
            Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
            Err(_) => asset.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        }
    }

    /// The folder holding the page (`binders` for `binders/x.md` and `binders/x/index.md`'s
    /// parent is `binders/x`): the key's parent.
    pub fn key_dir(&self) -> &str {
        self.key.rsplit_once('/').map_or("", |(d, _)| d)
    }

    pub fn is_section(&self) -> bool {
        self.kind == Kind::Section
    }
}

/// Everything stage 1 read.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub pages: Vec<SourcePage>,
    /// Warnings about the files read (front matter fields Zola would ignore).
    pub warnings: Vec<Diagnostic>,
}

/// Walks `content/` and reads every Markdown file (drafts are dropped unless `drafts`).
pub fn load(config: &Config, drafts: bool) -> Result<Loaded, Failure> {
    let (loaded, diags) = load_all(config, drafts)?;
    if diags.has_errors() {
        return Err(diags.into());
    }
    Ok(loaded)
}

/// As [`load`], but a file with an error only drops out: the other pages are loaded, and
/// the errors come beside them (so that later stages report their own problems in the same
/// run).
pub fn load_all(config: &Config, drafts: bool) -> anyhow::Result<(Loaded, Diagnostics)> {
    let content = config.root.join("content");
    let files = walk(&content, config)?;
    let others = non_markdown(&files);
    let results: Vec<Result<Option<Read>, Diagnostic>> =
        files.par_iter().map(|f| read_file(config, &content, f, &others, drafts)).collect();
    let mut diags = Diagnostics::new();
    let mut pages = Vec::with_capacity(results.len());
    let mut warnings = Vec::new();
    for r in results {
        match r {
            Ok(Some((p, w))) => {
                pages.push(p);
                warnings.extend(w);
            }
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    if !drafts {
        drafts::drop_drafted(&mut pages);
    }
    // Like Zola, every language has a home section even when `content/_index.md` is missing.
    for lang in config.languages.keys() {
        if !pages.iter().any(|p| p.key == "_index.md" && &p.lang == lang) {
            pages.push(implicit_home(&content, config, lang));
        }
    }
    let (pages, same) = sort_unique(pages, |p| p);
    diags.extend(same);
    Ok((Loaded { pages, warnings }, diags))
}

/// Sorts `pages` by key and language, as stage 1 gives them, keeping the first of two files
/// that are one page in one language and an error for the other (`source` gives each item's
/// page: stage 1 sorts source pages, `cahier serve` redacted ones).
pub fn sort_unique<T>(mut pages: Vec<T>, source: impl Fn(&T) -> &SourcePage) -> (Vec<T>, Diagnostics) {
    pages.sort_by(|a, b| {
        let (a, b) = (source(a), source(b));
        (&a.key, &a.lang).cmp(&(&b.key, &b.lang))
    });
    let mut diags = Diagnostics::new();
    let mut kept: Vec<T> = Vec::with_capacity(pages.len());
    for p in pages {
        if let Some(first) = kept.last().map(&source).filter(|k| k.key == source(&p).key && k.lang == source(&p).lang) {
            let (p, first) = (source(&p), first);
            let message =
                format!("{} is the same page as {}: keep one of them", p.path.display(), first.path.display());
            diags.push(Diagnostic::error(&p.path, 0, 0, message));
            continue;
        }
        kept.push(p);
    }
    (kept, diags)
}

/// Every file below `content/` a build reads (for `cahier serve`, which then reads only the
/// files that change, with [`read_one`]).
pub fn files(config: &Config) -> anyhow::Result<Vec<PathBuf>> {
    walk(&config.root.join("content"), config)
}

/// Reads one file of `all` (the list [`files`] gives) as [`load`] does: `None` for a file
/// that is not Markdown or a draft left out.
pub fn read_one(config: &Config, file: &Path, all: &[PathBuf], drafts: bool) -> Result<Option<SourcePage>, Diagnostic> {
    let read = read_file(config, &config.root.join("content"), file, &non_markdown(all), drafts)?;
    Ok(read
        .map(|(p, _)| p)
        .filter(|p| drafts || !(p.front.draft() || drafts::under_drafted(config, file, &p.lang, all))))
}

/// The home section of a language that has no `_index.md`: empty, with default settings.
pub fn implicit_home(content: &Path, config: &Config, lang: &str) -> SourcePage {
    let name = if lang == config.default_language { "_index.md".to_string() } else { format!("_index.{lang}.md") };
    SourcePage {
        path: Path::new("content").join(&name),
        abs_path: content.join(&name),
        lang: lang.to_string(),
        key: "_index.md".to_string(),
        kind: Kind::Section,
        front: Front::Section(Box::default()),
        body: String::new(),
        body_line: 1,
        file_slug: String::new(),
        assets: Vec::new(),
    }
}

/// The language of a file name (`x.fr.md` -> `fr`) and the name without it (`x.md`).
fn split_lang<'a>(name: &'a str, config: &'a Config) -> Result<(String, &'a str), String> {
    if let (key, Some(code)) = crate::key::split(name, config) {
        return Ok((key, code));
    }
    let stem = name.strip_suffix(".md").unwrap_or(name);
    if let Some((_, code)) = stem.rsplit_once('.') {
        if code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase()) {
            let known: Vec<&str> = config.languages.keys().map(String::as_str).collect();
            return Err(format!(
                "the file's language `{code}` is not configured: add `[languages.{code}]` to config.toml \
                 or use one of {}",
                known.join(", ")
            ));
        }
    }
    Ok((name.to_string(), &config.default_language))
}

/// A file read: its page and the warnings about it.
type Read = (SourcePage, Vec<Diagnostic>);

fn read_file(
    config: &Config,
    content: &Path,
    file: &Path,
    others: &[PathBuf],
    drafts: bool,
) -> Result<Option<Read>, Diagnostic> {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if !name.ends_with(".md") {
        return Ok(None);
    }
    let shown = file.strip_prefix(&config.root).unwrap_or(file).to_path_buf();
    let text = crate::diag::read_text(file, &shown)?;
    let (mut page, warnings) = SourcePage::parse_with_warnings(&text, &shown, config)?;
    // A drafted section stays until `load_all` has taken out what lies below it.
    if page.front.draft() && !drafts && !page.is_section() {
        return Ok(None);
    }
    page.abs_path = file.to_path_buf();
    // `index.md` and its translations (`index.fr.md`) are bundles.
    if page.key == "index.md" || page.key.ends_with("/index.md") || page.is_section() {
        page.assets = assets_of(file.parent().unwrap_or(content), others, page.is_section());
    }
    Ok(Some((page, warnings)))
}

impl SourcePage {
    /// Parses the text of the content file at `path` (relative to the site root, as
    /// `content/binders/x.fr.md`): its key and language from the name, its front matter and
    /// body. No I/O: the assets are left empty (the loader finds them). Failure: the
    /// diagnostic of the name (a language that is not configured) or of the front matter.
    pub fn parse(text: &str, path: &Path, config: &Config) -> Result<SourcePage, Diagnostic> {
        Self::parse_with_warnings(text, path, config).map(|(page, _)| page)
    }

    /// [`SourcePage::parse`], with the warnings about the file: front matter fields Zola
    /// ignores are left out with a warning.
    pub fn parse_with_warnings(
        text: &str,
        path: &Path,
        config: &Config,
    ) -> Result<(SourcePage, Vec<Diagnostic>), Diagnostic> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let (base, lang) = split_lang(&name, config).map_err(|m| Diagnostic::error(path, 0, 0, m))?;
        let lang = lang.to_string();
        let rel_dir = path.parent().and_then(|p| p.strip_prefix("content").ok()).unwrap_or(Path::new(""));
        let dir_key: Vec<String> = rel_dir.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        let key = if dir_key.is_empty() { base.clone() } else { format!("{}/{}", dir_key.join("/"), base) };
        let split = front_matter::split(text).map_err(|(offset, msg)| {
            let (line, col) = LineIndex::new(text).line_col(text, offset);
            Diagnostic::error(path, line, col, msg)
        })?;
        let is_section = base == "_index.md";
        let (mut front, warnings) = if is_section {
            let (f, w) = front_matter::parse_lenient(path, text, &split, front_matter::SECTION_KEYS)?;
            (Front::Section(Box::new(f)), w)
        } else {
            let (f, w) = front_matter::parse_lenient(path, text, &split, front_matter::PAGE_KEYS)?;
            (Front::Page(Box::new(f)), w)
        };
        let mut file_slug = if base == "index.md" {
            dir_key.last().cloned().unwrap_or_default()
        } else {
            base.trim_end_matches(".md").to_string()
        };
        // As in Zola, a page named `2024-01-02-name.md` (or a folder so named) is dated by its
        // name when its front matter has no date, and its slug is the rest of the name.
        if let Front::Page(p) = &mut front
            && let Some((date, rest)) = date::FrontDate::from_file_name(&file_slug)
        {
            p.date.get_or_insert(date);
            file_slug = rest.to_string();
        }
        let body_line = text[..split.body_offset].matches('\n').count() + 1;
        let page = SourcePage {
            path: path.to_path_buf(),
            abs_path: config.root.join(path),
            lang,
            key,
            kind: if is_section { Kind::Section } else { Kind::Page },
            front,
            body: split.body.to_string(),
            body_line,
            file_slug,
            assets: Vec::new(),
        };
        Ok((page, warnings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;
    use crate::testing::SiteBuilder;

    const CONFIG: &str = "base_url = \"https://x\"\n[languages.fr]\n";

    fn config(root: &Path) -> Config {
        Config::parse(CONFIG, root, Path::new("config.toml"), &Overrides::default()).unwrap()
    }

    #[test]
    fn loads_pages_sections_translations_and_assets() {
        let fixture = SiteBuilder::new()
            .config(CONFIG)
            .page("_index.md", "+++\ntitle = \"Home\"\n+++\n")
            .page("b/_index.fr.md", "+++\n+++\n")
            .page("b/p.md", "+++\ntitle = \"P\"\n+++\n\nHello\n")
            .page("b/p.fr.md", "+++\ntitle = \"P fr\"\n+++\nBonjour\n")
            .page("b/q/index.md", "+++\n+++\n")
            .page("b/q/pic.png", "png")
            .page("b/d.md", "+++\ndraft = true\n+++\n")
            .write();
        let (root, config) = (fixture.root(), fixture.config());
        let loaded = load(&config, false).unwrap();
        let keys: Vec<(String, String)> = loaded.pages.iter().map(|p| (p.key.clone(), p.lang.clone())).collect();
        let want = [
            ("_index.md", "en"),
            ("_index.md", "fr"),
            ("b/_index.md", "fr"),
            ("b/p.md", "en"),
            ("b/p.md", "fr"),
            ("b/q/index.md", "en"),
        ];
        assert_eq!(keys, want.map(|(k, l)| (k.to_string(), l.to_string())));
        let p = &loaded.pages[3];
        assert_eq!((p.body_line, p.body.as_str(), p.file_slug.as_str()), (4, "\nHello\n", "p"));
        assert_eq!(loaded.pages[5].file_slug, "q");
        assert_eq!(loaded.pages[5].assets, vec![root.join("content/b/q/pic.png")]);
        assert_eq!(loaded.pages[3].error_at(1, "x").to_string(), "content/b/p.md:5:1: error: x");
        assert!(load(&config, true).unwrap().pages.iter().any(|p| p.key == "b/d.md"));
        assert_eq!(loaded.pages[1].path, Path::new("content/_index.fr.md"), "an implicit home, as in Zola");
    }

    #[test]
    fn parse_reads_a_page_from_its_text_and_name() {
        let c = config(Path::new("/site"));
        let p = SourcePage::parse("+++\ntitle = \"T\"\n+++\nCorps\n", Path::new("content/b/x.fr.md"), &c).unwrap();
        assert_eq!((p.key.as_str(), p.lang.as_str(), p.kind), ("b/x.md", "fr", Kind::Page));
        assert_eq!(
            (p.front.title(), p.body.as_str(), p.body_line, p.file_slug.as_str()),
            (Some("T"), "Corps\n", 4, "x")
        );
        assert_eq!(p.abs_path, Path::new("/site/content/b/x.fr.md"));
        let s = SourcePage::parse("+++\n+++\n", Path::new("content/b/q/index.md"), &c).unwrap();
        assert_eq!((s.key.as_str(), s.file_slug.as_str()), ("b/q/index.md", "q"));
        let e = SourcePage::parse("+++\ntitle = 3\n+++\n", Path::new("content/_index.md"), &c).unwrap_err();
        assert!(e.to_string().starts_with("content/_index.md:2:9: error: invalid front matter"), "{e}");
    }

    #[test]
    fn collects_every_bad_file() {
        let fixture = SiteBuilder::new()
            .config(CONFIG)
            .page("a.md", "+++\ntitle = 3\n+++\n")
            .page("b.de.md", "+++\n+++\n")
            .page("c.md", "no front matter")
            .write();
        let diags = load(&fixture.config(), false).unwrap_err().into_content().unwrap().sorted();
        let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 3, "{text:#?}");
        assert!(text[0].starts_with("content/a.md:2:9: error: invalid front matter"), "{}", text[0]);
        assert!(text[1].contains("language `de` is not configured"), "{}", text[1]);
        assert!(text[2].starts_with("content/c.md:1:1: error: missing front matter"), "{}", text[2]);
    }
}
