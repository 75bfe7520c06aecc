use std::path::Path;

use super::*;
use crate::config::Overrides;

// The site is written by hand, not with the shared `SiteBuilder`: that builder runs the
// whole build, and `site` (a stage of it) must not depend on it, tests included.
fn site(config: &str, files: &[(&str, &str)]) -> Result<Site, Diagnostics> {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let p = dir.path().join("content").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let config = Arc::new(Config::parse(config, dir.path(), Path::new("config.toml"), &Overrides::default()).unwrap());
    let loaded = crate::content::load(&config, false).unwrap();
    let redacted =
        crate::redact::run(loaded.pages, &crate::redact::Settings::new(crate::redact::Mode::Public)).unwrap();
    index(redacted.pages, config, BTreeSet::new())
}

const PREFIXED: &str = "base_url = \"https://x\"\ntaxonomies = [{name = \"topics\"}]\n[bilingual]\nlayout = \"prefixed\"\n[languages.fr]\n";

#[test]
fn translated_sections_and_pages_get_their_own_paths() {
    let s = site(
        PREFIXED,
        &[
            ("_index.md", "+++\n+++\n"),
            ("_index.fr.md", "+++\n+++\n"),
            ("binders/_index.md", "+++\nsort_by = \"weight\"\n+++\n"),
            ("binders/_index.fr.md", "+++\nslug = \"cahiers\"\nsort_by = \"weight\"\n+++\n"),
            ("binders/b.md", "+++\ntitle = \"B\"\nweight = 2\n+++\n"),
            ("binders/a.md", "+++\ntitle = \"A\"\nweight = 1\n+++\n"),
            ("binders/a.fr.md", "+++\ntitle = \"A fr\"\nslug = \"le-a\"\nweight = 1\n+++\n"),
            ("binders/c/index.md", "+++\ntitle = \"C\"\nweight = 3\npath = \"elsewhere\"\n+++\n"),
        ],
    )
    .unwrap();
    let path = |k: &str, l: &str| s.get(k, l).unwrap().path.clone();
    assert_eq!(path("_index.md", "en"), "/en/");
    assert_eq!(path("binders/_index.md", "fr"), "/fr/cahiers/");
    assert_eq!(path("binders/a.md", "fr"), "/fr/cahiers/le-a/");
    assert_eq!(path("binders/a.md", "en"), "/en/binders/a/");
    assert_eq!(path("binders/c/index.md", "en"), "/en/elsewhere/");
    let binders = s.get("binders/_index.md", "en").unwrap();
    let order: Vec<&str> = binders.pages.iter().map(|&p| s.entries[p].key()).collect();
    assert_eq!(order, ["binders/a.md", "binders/b.md", "binders/c/index.md"]);
    let a = s.get("binders/a.md", "en").unwrap();
    assert_eq!(a.higher.map(|h| s.entries[h].key()), Some("binders/b.md"));
    assert_eq!(a.lower, None);
    assert_eq!(a.translations.len(), 1);
    assert_eq!(a.ancestors.len(), 2);
}

#[test]
fn two_pages_on_one_url_are_an_error() {
    let err = site(
        "base_url = \"https://x\"\n",
        &[("a.md", "+++\nslug = \"same\"\n+++\n"), ("b.md", "+++\nslug = \"same\"\n+++\n")],
    )
    .unwrap_err();
    let text = err.sorted()[0].to_string();
    // Both places: the `slug` of each page.
    assert!(
        text.starts_with("content/b.md:2:1: error: this page would be written to `/same/`, as content/a.md:2:1 is"),
        "{text}"
    );
}

#[test]
fn taxonomies_gather_terms_per_language_and_reject_unknown_ones() {
    let s = site(PREFIXED, &[("a.md", "+++\ntaxonomies = { topics = [\"Asylum\", \"FPT\"] }\n+++\n")]).unwrap();
    let t = &s.taxonomies.iter().find(|t| t.lang == "en").unwrap();
    let names: Vec<&str> = t.terms.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Asylum", "FPT"]);
    assert_eq!(t.terms[0].path, "/en/topics/asylum/");
    let err = site(PREFIXED, &[("a.fr.md", "+++\ntaxonomies = { sujets = [\"x\"] }\n+++\n")]).unwrap_err().sorted();
    assert!(err[0].message.contains("taxonomy `sujets` is not configured for language `fr`"));
    // At the taxonomy's key in the front matter.
    assert_eq!((err[0].line, err[0].col), (2, 16), "{err:?}");
}
