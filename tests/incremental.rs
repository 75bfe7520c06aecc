//! Incremental rebuilds (`cahier serve`'s fast path): after each change, the served folder
//! must hold exactly, byte for byte, what a full `cahier build` of the changed site writes.
//! Guards against a change the fast path forgets to propagate (a listing, a neighbour, a
//! translation, a removed page's output, a link that now fails).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use cahier::build::{BuildOptions, Failure, build};
use cahier::incremental::{Outcome, State, Summary};
use cahier::redact::Mode;
use common::Fixture;

/// A fixture site served incrementally from `live`.
struct Served {
    fixture: Fixture,
    mode: Mode,
    state: Option<State>,
    fulls: usize,
    /// What the last update on the fast path did.
    last: Summary,
}

impl Served {
    fn new(name: &str, mode: Mode) -> Served {
        let fixture = Fixture::new(name);
        let live = fixture.dir.path().join("live");
        let options = BuildOptions { output_dir: Some(live), ..fixture.options(mode) };
        let (state, _) = State::full(&options).unwrap_or_else(|f| panic!("first build: {}", text(f)));
        Served { fixture, mode, state: Some(state), fulls: 0, last: Summary::default() }
    }

    fn live(&self) -> PathBuf {
        self.fixture.dir.path().join("live")
    }

    fn write(&self, rel: &str, text: &str) -> &Self {
        self.fixture.write(rel, text);
        self
    }

    fn remove(&self, rel: &str) {
        std::fs::remove_file(self.fixture.root().join(rel)).unwrap();
    }

    fn edit(&self, rel: &str, f: impl FnOnce(&str) -> String) {
        let path = self.fixture.root().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(path, f(&text)).unwrap();
    }

    /// Applies the change of `paths`; a refusal builds the whole site, as the server does.
    fn apply(&mut self, paths: &[&str]) -> Result<(), String> {
        let changed: BTreeSet<PathBuf> = paths.iter().map(PathBuf::from).collect();
        // After a failure there is no state: the server builds the whole site.
        let outcome = match self.state.take() {
            Some(state) => state.update(&changed),
            None => Outcome::Full("the last build failed".into()),
        };
        match outcome {
            Outcome::Done(mut state, _, summary) => {
                self.last = summary;
                if state.search_stale() {
                    state.refresh_search().unwrap_or_else(|f| panic!("search: {}", text(f)));
                }
                self.state = Some(*state);
                Ok(())
            }
            Outcome::Full(_) => {
                self.fulls += 1;
                let options = BuildOptions { output_dir: Some(self.live()), ..self.fixture.options(self.mode) };
                let (state, _) = State::full(&options).map_err(text)?;
                self.state = Some(state);
                Ok(())
            }
            Outcome::Failed(f) => Err(text(f)),
        }
    }

    /// Asserts that the served folder equals a full build of the site as it is now.
    fn assert_same_as_full(&self, what: &str) {
        let out = self.fixture.dir.path().join("full");
        let options = BuildOptions { output_dir: Some(out.clone()), ..self.fixture.options(self.mode) };
        build(&options).unwrap_or_else(|f| panic!("full build after {what}: {}", text(f)));
        let (want, got) = (tree(&out), tree(&self.live()));
        let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
        assert_eq!(names(&got), names(&want), "the files after {what}");
        for (rel, bytes) in &want {
            if got[rel] != *bytes {
                panic!(
                    "{rel} differs after {what}:\n--- incremental\n{}\n--- full\n{}",
                    String::from_utf8_lossy(&got[rel]),
                    String::from_utf8_lossy(bytes)
                );
            }
        }
    }
}

fn text(f: Failure) -> String {
    match f {
        Failure::Content(d) => d.sorted().iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"),
        Failure::Leaks(l) => format!("leaks: {l:?}"),
        Failure::Io(e) => format!("{e:#}"),
    }
}

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::list(dir).into_iter().map(|rel| (rel.clone(), std::fs::read(dir.join(&rel)).unwrap())).collect()
}

#[test]
fn a_body_edit_renders_that_page_again() {
    let mut s = Served::new("basic", Mode::Public);
    s.edit("content/docs/first.md", |t| t.replace("Intro paragraph.", "Intro paragraph, edited."));
    s.apply(&["content/docs/first.md"]).unwrap();
    s.assert_same_as_full("a body edit");
    assert_eq!(s.fulls, 0, "a body edit takes the fast path");
    assert!(
        std::fs::read_to_string(s.live().join("docs/first/index.html")).unwrap().contains("Intro paragraph, edited.")
    );
}

/// Regression: the built-in `page.html` read its binder with `get_section`, whose pages carry
/// their content, so that a body edit of one chapter rendered every chapter of the binder
/// again (and each render copied the whole binder). Its table of contents now lists the
/// chapters with `get_section_pages`, which only a title or address change touches.
#[test]
fn a_body_edit_does_not_render_the_other_chapters_of_its_binder_again() {
    let chapter = "content/minister-2021/relations.md";
    // Rendered again after a body edit of `chapter`, with `extra` more chapters after it.
    let body_edit = |extra: usize| {
        let mut s = Served::new("site", Mode::Internal);
        let added: Vec<String> = (0..extra).map(|i| format!("content/minister-2021/extra-{i}.md")).collect();
        for (i, rel) in added.iter().enumerate() {
            s.write(rel, &format!("+++\ntitle = \"Extra {i}\"\nweight = {}\n+++\n\nChapter {i}.\n", 10 + i));
        }
        if extra > 0 {
            s.apply(&added.iter().map(String::as_str).collect::<Vec<_>>()).unwrap();
            s.assert_same_as_full("new chapters");
        }
        s.edit(chapter, |t| format!("{t}\nA new paragraph.\n"));
        s.apply(&[chapter]).unwrap();
        s.assert_same_as_full("a body edit");
        let rendered = s.last.rendered;
        s.edit(chapter, |t| t.replacen("title = \"", "title = \"Renamed ", 1));
        s.apply(&[chapter]).unwrap();
        s.assert_same_as_full("a title edit, which every table of contents of the binder shows");
        assert!(s.last.rendered > extra, "a title edit renders the other chapters again: {:?}", s.last);
        assert_eq!(s.fulls, 0);
        rendered
    };
    assert_eq!(body_edit(6), body_edit(0), "the other chapters are not rendered again");
}

/// A page that shows a section through `get_section(metadata_only=true)` shows its content:
/// an edit of the section's body renders it again.
#[test]
fn a_section_body_edit_renders_the_pages_that_show_its_metadata() {
    let mut s = Served::new("basic", Mode::Public);
    s.write(
        "templates/page.html",
        r#"{% set s = get_section(path="docs/_index.md", lang=lang, metadata_only=true) %}{{ s.title }}: {{ s.content | safe }}"#,
    );
    s.edit("content/docs/_index.md", |t| format!("{t}\nAbout the docs.\n"));
    s.apply(&["templates/page.html", "content/docs/_index.md"]).unwrap();
    // The same number of words, no heading: the section's light object stays the same.
    s.edit("content/docs/_index.md", |t| t.replace("About", "Around"));
    s.apply(&["content/docs/_index.md"]).unwrap();
    s.assert_same_as_full("a section body edit");
    assert_eq!(s.fulls, 1, "only the template change builds everything");
    let first = std::fs::read_to_string(s.live().join("docs/first/index.html")).unwrap();
    assert_eq!(first.trim(), "Docs: <p>Around the docs.</p>");
}

#[test]
fn a_title_or_date_edit_updates_listings_neighbours_and_translations() {
    let mut s = Served::new("basic", Mode::Public);
    s.edit("content/docs/second.md", |t| t.replace("title = \"Second\"", "title = \"Zweite\""));
    s.apply(&["content/docs/second.md"]).unwrap();
    s.assert_same_as_full("a title edit");
    s.edit("content/docs/third.md", |t| t.replace("2024-03-01", "2023-01-01"));
    s.apply(&["content/docs/third.md"]).unwrap();
    s.assert_same_as_full("a date edit that reorders the section");
    s.edit("content/docs/second.md", |t| t.replace("## Part two", "## Part 2"));
    s.apply(&["content/docs/second.md"]).unwrap_err();
    s.edit("content/docs/second.md", |t| t.replace("## Part 2", "## Part two"));
    s.apply(&["content/docs/second.md"]).unwrap();
    s.assert_same_as_full("an anchor edit undone");
    assert_eq!(s.fulls, 1, "only the build after the failure is a full one");
}

#[test]
fn new_deleted_and_renamed_pages() {
    let mut s = Served::new("basic", Mode::Public);
    s.write(
        "content/docs/fourth.md",
        "+++\ntitle = \"Fourth\"\ndate = 2024-05-01\ntaxonomies = { tags = [\"Gamma\"] }\n+++\nNew.\n",
    );
    s.apply(&["content/docs/fourth.md"]).unwrap();
    s.assert_same_as_full("a new page");
    s.remove("content/docs/third.md");
    s.apply(&["content/docs/third.md"]).unwrap();
    s.assert_same_as_full("a deleted page");
    std::fs::rename(s.fixture.root().join("content/docs/fourth.md"), s.fixture.root().join("content/docs/vierte.md"))
        .unwrap();
    s.apply(&["content/docs/fourth.md", "content/docs/vierte.md"]).unwrap();
    s.assert_same_as_full("a renamed page");
    s.write("content/docs/first.fr.md", "+++\ntitle = \"Premier\"\ndate = 2024-01-01\nslug = \"un\"\n+++\nAutre.\n");
    s.apply(&["content/docs/first.fr.md"]).unwrap();
    s.assert_same_as_full("a translation's new slug");
    assert_eq!(s.fulls, 0);
}

#[test]
fn a_broken_link_fails_and_keeps_the_served_files() {
    let mut s = Served::new("basic", Mode::Public);
    let before = tree(&s.live());
    s.edit("content/docs/third.md", |t| format!("{t}\nSee [nothing](@/docs/nothing.md).\n"));
    let err = s.apply(&["content/docs/third.md"]).unwrap_err();
    assert!(err.contains("content/docs/third.md:") && err.contains("no such page"), "{err}");
    assert_eq!(tree(&s.live()), before, "nothing written");
    // The link to a deleted page fails too, where the link is.
    let mut s = Served::new("basic", Mode::Public);
    s.remove("content/docs/second.md");
    let err = s.apply(&["content/docs/second.md"]).unwrap_err();
    assert!(err.contains("content/docs/first.md:"), "{err}");
}

#[test]
fn public_updates_are_audited_and_new_redacted_text_audits_everything() {
    let mut s = Served::new("basic", Mode::Public);
    let secret = "the delegation of Ruritania arrives on Tuesday";
    s.edit("content/docs/third.md", |t| format!("{t}\nThe plan: {{% redact(s=\"15(1)\") %}}{secret}{{% end %}}.\n"));
    s.apply(&["content/docs/third.md"]).unwrap();
    assert_eq!(s.fulls, 1, "new redacted text: the whole output is built and audited");
    s.assert_same_as_full("a redaction added");
    s.edit("content/docs/third.md", |t| t.replace("Only in English.", "Only in English, still."));
    s.apply(&["content/docs/third.md"]).unwrap();
    assert_eq!(s.fulls, 1, "the same redacted text: the fast path");
    s.assert_same_as_full("an edit beside a redaction");
    let before = tree(&s.live());
    s.write(
        "content/docs/fourth.md",
        &format!("+++\ntitle = \"Fourth\"\ndate = 2024-05-01\n+++\nSaid aloud: {secret}.\n"),
    );
    let err = s.apply(&["content/docs/fourth.md"]).unwrap_err();
    assert!(err.starts_with("leaks") && err.contains("third.md"), "{err}");
    assert_eq!(tree(&s.live()), before, "nothing written");
}

#[test]
fn a_public_update_checks_the_translation_pair_as_a_build_does() {
    let mut s = Served::new("basic", Mode::Public);
    let (en, fr) = ("the envoy lands at the northern airfield", "l'envoyé atterrit à l'aérodrome du nord");
    let page = |title: &str, body: &str| format!("+++\ntitle = \"{title}\"\ndate = 2024-05-01\n+++\nPlan: {body}.\n");
    let redacted = |text: &str| format!("{{% redact(s=\"15(1)\") %}}{text}{{% end %}}");
    s.write("content/docs/fourth.md", &page("Fourth", &redacted(en)));
    s.write("content/docs/fourth.fr.md", &page("Quatrième", &redacted(fr)));
    s.apply(&["content/docs/fourth.md", "content/docs/fourth.fr.md"]).unwrap();
    s.assert_same_as_full("a redaction on both sides");
    let before = tree(&s.live());
    // The English side now publishes what the French side withholds: a build refuses it.
    s.write("content/docs/fourth.md", &page("Fourth", en));
    let out = s.fixture.dir.path().join("full");
    let options = BuildOptions { output_dir: Some(out), ..s.fixture.options(Mode::Public) };
    assert!(matches!(build(&options), Err(Failure::Leaks(_))), "a full build refuses it");
    let err = s.apply(&["content/docs/fourth.md"]).unwrap_err();
    assert!(err.starts_with("leaks") && err.contains("fourth.fr.md"), "{err}");
    assert_eq!(tree(&s.live()), before, "nothing written");
}

#[test]
fn a_new_latest_date_reaches_the_pages_that_show_the_sites_latest_date() {
    // 404, search, topics and term pages show the latest date of what they stand for.
    let mut s = Served::new("site", Mode::Internal);
    s.edit("content/international/engagement-poster.md", |t| t.replace("updated = 2019-09-30", "updated = 2031-01-02"));
    s.apply(&["content/international/engagement-poster.md"]).unwrap();
    s.assert_same_as_full("a page's date becoming the site's latest");
    assert!(std::fs::read_to_string(s.live().join("en/404.html")).unwrap().contains("2031-01-02"));
    assert_eq!(s.fulls, 0);
}

#[test]
fn the_internal_preview_refreshes_the_marks_of_a_redacted_description() {
    // The description is the page's lead and its line in the binder's list and print binder,
    // each with the reviewers' mark and exemption badge.
    let mut s = Served::new("site", Mode::Internal);
    let page = "content/minister-2021/relations.md";
    s.edit(page, |t| {
        t.replace("{% redact(s=\"14\") %}on regionalization", "{% redact(s=\"15(1)\") %}on regionalization")
    });
    s.apply(&[page]).unwrap();
    s.assert_same_as_full("a description's redaction under another exemption");
    let binder = std::fs::read_to_string(s.live().join("en/minister-2021/index.html")).unwrap();
    assert!(binder.contains("data-exemptions=\"15(1)\""), "the binder's list shows the new mark");
    s.edit(page, |t| {
        t.replace("{% redact(s=\"15(1)\") %}on regionalization and asylum{% end %}", "on regionalization")
    });
    s.apply(&[page]).unwrap();
    s.assert_same_as_full("a description's redaction removed");
    assert_eq!(s.fulls, 0, "both on the fast path");
}

#[test]
fn internal_preview_of_the_bundled_site_follows_a_series_of_edits() {
    let mut s = Served::new("site", Mode::Internal);
    let mut pages: Vec<String> = common::list(&s.fixture.root().join("content"))
        .into_iter()
        .filter(|p| p.ends_with(".md") && !p.ends_with("_index.md") && !p.ends_with("_index.fr.md"))
        .map(|p| format!("content/{p}"))
        .collect();
    pages.sort();
    let mut seed: u64 = 7;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    for round in 0..6 {
        let page = pages[next(pages.len())].clone();
        let what = match next(3) {
            0 => {
                s.edit(&page, |t| format!("{t}\nEdit {round}: a new paragraph.\n"));
                "a body edit"
            }
            1 => {
                s.edit(&page, |t| t.replacen("title = \"", &format!("title = \"R{round} "), 1));
                "a title edit"
            }
            _ => {
                let new = copy_name(&page, round);
                let text = std::fs::read_to_string(s.fixture.root().join(&page)).unwrap();
                s.write(&new, &text.replace("slug = \"", &format!("slug = \"c{round}-")));
                s.apply(&[new.as_str()]).unwrap_or_else(|e| panic!("round {round}, a copy of {page}: {e}"));
                s.assert_same_as_full(&format!("round {round}: a copy of {page}"));
                s.remove(&new);
                "a copy removed"
            }
        };
        let changed = if what == "a copy removed" { copy_name(&page, round) } else { page.clone() };
        s.apply(&[changed.as_str()]).unwrap_or_else(|e| panic!("round {round}, {what} of {page}: {e}"));
        s.assert_same_as_full(&format!("round {round}: {what} of {page}"));
    }
    assert_eq!(s.fulls, 0, "every edit takes the fast path");
}

/// `x.md` -> `x-copyN.md`, `x.fr.md` -> `x-copyN.fr.md`.
fn copy_name(page: &str, round: usize) -> String {
    match page.strip_suffix(".fr.md") {
        Some(stem) => format!("{stem}-copy{round}.fr.md"),
        None => page.replace(".md", &format!("-copy{round}.md")),
    }
}

#[test]
fn static_files_are_copied_alone_and_a_template_change_builds_everything() {
    let mut s = Served::new("basic", Mode::Public);
    s.write("static/site.css", "body { color: teal; }\n");
    s.write("static/new.txt", "new\n");
    s.apply(&["static/site.css", "static/new.txt"]).unwrap();
    s.assert_same_as_full("a static file edit");
    assert_eq!(s.fulls, 0);
    s.edit("templates/section.html", |t| t.replace("<h1>", "<h1 class=\"t\">"));
    s.apply(&["templates/section.html"]).unwrap();
    assert_eq!(s.fulls, 1, "templates: the whole site");
    s.assert_same_as_full("a template edit");
    s.edit("content/docs/first.md", |t| t.replace("Intro paragraph.", "Intro."));
    s.apply(&["content/docs/first.md"]).unwrap();
    assert_eq!(s.fulls, 1, "the next content edit takes the fast path again");
    s.assert_same_as_full("an edit after a full rebuild");
    // A marker in a static file is refused at its place, as a build refuses it.
    let before = tree(&s.live());
    s.write("static/notes.txt", "kept\nA {% redact(s=\"15(1)\") %}plan{% end %}.\n");
    let err = s.apply(&["static/notes.txt"]).unwrap_err();
    assert!(err.contains("static/notes.txt:2:3"), "{err}");
    assert_eq!(tree(&s.live()), before, "nothing written");
    s.remove("static/notes.txt");
    s.apply(&["static/notes.txt"]).unwrap();
}

/// A Zola 0.23 site looks pages up from its templates (Tera 2) and from its content (a
/// template too): an edit of the page looked up renders the pages that looked it up again.
#[test]
fn a_zola_023_page_looked_up_from_templates_or_content_renders_its_readers_again() {
    let mut s = Served::new("zola23-plain", Mode::Public);
    s.write(
        "content/blog/links.md",
        "+++\ntitle = \"Links\"\n+++\n{% set p = get_page(path=\"blog/second.md\") %}From content: {{ p.title }}.\n",
    );
    s.edit("templates/page.html", |t| {
        t.replace("</article>", "{% set b = get_section(path=\"blog/_index.md\") %}<p>{{ b.title }}</p></article>")
    });
    s.apply(&["content/blog/links.md", "templates/page.html"]).unwrap();
    s.edit("content/blog/second.md", |t| t.replace("Second post", "Second, renamed"));
    s.apply(&["content/blog/second.md"]).unwrap();
    s.assert_same_as_full("a title edit of a page looked up from content");
    s.edit("content/blog/_index.md", |t| t.replacen("title = \"", "title = \"The ", 1));
    s.apply(&["content/blog/_index.md"]).unwrap();
    s.assert_same_as_full("a title edit of a section looked up from a template");
    assert_eq!(s.fulls, 1, "only the template change builds everything");
    let links = std::fs::read_to_string(s.live().join("blog/links/index.html")).unwrap();
    assert!(links.contains("From content: Second, renamed.") && links.contains("<p>The "), "{links}");
}
