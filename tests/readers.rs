//! What each reader sees, in the HTML of the bundled site's public and internal builds: the
//! reviewers' marks (front matter redactions, pages withheld in full, titles), the public
//! frame (bilingual root 404, term toggles, print notice and dates, department, favicon) and
//! passages marked with their language. The browser tests check the same pages as a person
//! sees them; these pin the markup.

mod common;

use cahier::build::build;
use cahier::redact::Mode;
use common::Fixture;

/// The bundled site built in `mode` into its own folder.
fn built(mode: Mode) -> (Fixture, std::path::PathBuf) {
    let f = Fixture::new("site");
    let out = f.dir.path().join(if mode == Mode::Public { "pub" } else { "int" });
    let mut opts = f.options(mode);
    opts.output_dir = Some(out.clone());
    if let Err(e) = build(&opts) {
        panic!("the bundled site does not build: {e:?}");
    }
    (f, out)
}

fn read(out: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

const MARKED_DESCRIPTION: &str =
    "<mark class=\"redaction\" data-exemptions=\"14\"><span class=\"redaction-badge\">s. 14 — ";

#[test]
fn the_internal_build_marks_everything_withheld() {
    let (_f, out) = built(Mode::Internal);
    // A description redaction: as the page's lead, in the binder's list, in the print binder.
    for rel in
        ["en/minister-2021/relations/index.html", "en/minister-2021/index.html", "en/minister-2021/print/index.html"]
    {
        let html = read(&out, rel);
        let body = &html[html.find("<body").unwrap()..];
        assert!(body.contains(MARKED_DESCRIPTION), "{rel}: the description redaction is not marked");
        assert!(!body.contains("territories on regionalization"), "{rel}: the secret shows unmarked in the page");
    }
    // The page withheld in full: its banner, in its language.
    let en = read(&out, "en/minister-2021/briefing-fpt-ministers-meeting/index.html");
    assert!(en.contains("<strong>Withheld in full — s. 21(1)(b)</strong>"), "{en}");
    let fr = read(&out, "fr/ministre-2021/note-information-reunion-ministres-fpt/index.html");
    assert!(fr.contains("<strong>Retenu en entier — al. 21(1)b)</strong>"));
    // …and its marker wherever it is listed.
    let marker = "<span class=\"withheld-marker\" data-redacted><span class=\"redaction-badge\">Withheld in full — s. 21(1)(b)</span></span>";
    for rel in
        ["en/minister-2021/index.html", "en/minister-2021/relations/index.html", "en/minister-2021/print/index.html"]
    {
        assert_eq!(read(&out, rel).matches(marker).count(), 1, "{rel}");
    }
    // Every title says it is internal.
    for rel in
        ["index.html", "en/index.html", "fr/404.html", "en/search/index.html", "fr/ministre-2021/imprimer/index.html"]
    {
        let html = read(&out, rel);
        assert!(html.contains("<title>[INTERNAL] ") || html.contains("<title>[INTERNE] "), "{rel}");
    }
}

#[test]
fn the_public_build_has_no_reviewers_marks() {
    let (_f, out) = built(Mode::Public);
    let html = read(&out, "en/minister-2021/index.html");
    assert!(!html.contains("withheld-marker") && !html.contains("mark class=\"redaction\""));
    assert!(!html.contains("[INTERNAL]"));
    assert!(html.contains("How IRCC works with provinces and territories [Redacted] and with"));
}

#[test]
fn the_public_frame_is_complete() {
    let (_f, out) = built(Mode::Public);
    let root404 = read(&out, "404.html");
    assert!(root404.contains("<section lang=\"en\"") && root404.contains("<section lang=\"fr\""), "{root404}");
    assert!(!read(&out, "fr/404.html").contains("<section lang=\"en\""), "a language's own 404 is in its language");

    let term = read(&out, "en/topics/fpt-relations/index.html");
    assert!(
        term.contains("href=\"&#x2F;fr&#x2F;sujets&#x2F;relations-fpt&#x2F;\""),
        "the toggle leads to the matching term"
    );

    let print = read(&out, "en/minister-2021/print/index.html");
    assert!(print.contains("<p class=\"redaction-notice\">[Redacted] appears where"), "the print binder's notice");
    assert!(print.contains("<dd><time datetime=\"2022-02-18\">2022-02-18</time></dd>"), "a chapter's date modified");

    let section = read(&out, "en/minister-2021/index.html");
    assert!(section.contains("<p class=\"site-department\">Immigration, Refugees and Citizenship Canada</p>"));
    assert!(section.contains("Immigration, Refugees and Citizenship Canada — Government of Canada"));
    assert!(section.contains(
        "<a href=\"https:&#x2F;&#x2F;www.canada.ca&#x2F;en&#x2F;transparency&#x2F;privacy.html\">Privacy</a>"
    ));
    assert!(section.contains("<dd><time datetime=\"2022-02-18\">2022-02-18</time></dd>"), "a section's date modified");
    assert!(section.contains("favicon.svg\" type=\"image/svg+xml\">"));
    assert!(out.join("favicon.svg").is_file() && out.join("favicon.ico").is_file());
    let fr = read(&out, "fr/ministre-2021/index.html");
    assert!(fr.contains("<p class=\"site-department\">Immigration, Réfugiés et Citoyenneté Canada</p>"));
}

/// The ISO date a page shows as "Date modified" (none if it shows none).
fn dates_modified(html: &str) -> Vec<String> {
    let Some(at) = html.find("class=\"date-modified\"") else { return Vec::new() };
    let list = &html[at..html[at..].find("</dl>").map_or(html.len(), |e| at + e)];
    let label = list.rfind("<time datetime=\"").map(|i| &list[i + 16..]).unwrap_or_default();
    label.split('"').next().map(str::to_string).into_iter().collect()
}

#[test]
fn pages_without_content_of_their_own_show_the_latest_date_of_what_they_stand_for() {
    let (_f, out) = built(Mode::Public);
    let latest = dates_modified(&read(&out, "en/index.html"));
    assert_eq!(latest.len(), 1, "the home section shows its latest page's date");
    for rel in ["404.html", "en/404.html", "fr/404.html", "en/search/index.html", "fr/recherche/index.html"] {
        assert_eq!(dates_modified(&read(&out, rel)), latest, "{rel}");
    }
    let term = read(&out, "en/topics/fpt-relations/index.html");
    let listed = ["en/minister-2019/relations/", "en/minister-2021/relations/"];
    let mut dates: Vec<String> = listed
        .iter()
        .inspect(|p| assert!(term.contains(&p.replace('/', "&#x2F;")), "the term lists {p}"))
        .flat_map(|p| dates_modified(&read(&out, &format!("{p}index.html"))))
        .collect();
    dates.sort();
    assert_eq!(dates.len(), 2);
    assert_ne!(dates[0], dates[1], "the fixture's two pages differ in date");
    assert_eq!(dates_modified(&term), dates[1..], "a term: its newest page's date");
    assert_eq!(dates_modified(&read(&out, "en/topics/index.html")).len(), 1, "the topics list");
}

#[test]
fn a_passage_marked_with_its_language_carries_lang_and_stays_out_of_search() {
    let f = Fixture::new("site");
    f.write(
        "content/international/span.fr.md",
        "+++\ntitle = \"Un passage\"\n+++\n\nLe Forum ({% lang(code=\"en\") %}Global Forum on *Migration*{% end %}) se réunit.\n",
    );
    let out = f.dir.path().join("pub");
    let mut opts = f.options(Mode::Public);
    opts.output_dir = Some(out.clone());
    build(&opts).unwrap_or_else(|e| panic!("{e:?}"));
    let span = read(&out, "fr/mobilisation-internationale/span/index.html");
    assert!(
        span.contains(
            "Le Forum (<span lang=\"en\" data-pagefind-ignore>Global Forum on <em>Migration</em></span>) se réunit."
        ),
        "{span}"
    );
    let poster = read(&out, "fr/mobilisation-internationale/affiche-mobilisation-internationale/index.html");
    let at = poster.find("<div lang=\"en\" class=\"other-language\" data-pagefind-ignore>").expect("the block form");
    let passage = &poster[at..];
    assert!(passage.find("Global Forum on Migration") < passage.find("</div>"), "the heading is inside the passage");
}

/// The parity check's findings of `check` on the pair `key`, as messages.
fn parity_messages(root: &std::path::Path, key: &str, check: &str) -> Vec<String> {
    use cahier::config::{Config, Overrides};
    let config = Config::load(root, &Overrides::default()).unwrap();
    let report = cahier::parity::report(&config, &cahier::parity::Options::default()).unwrap_or_else(|f| panic!("{f}"));
    let pair = report.pairs.iter().find(|p| p.key == key).unwrap_or_else(|| panic!("no pair {key}"));
    pair.findings.iter().filter(|f| f.check == check && f.dismissed.is_none()).map(|f| f.message.clone()).collect()
}

#[test]
fn parity_does_not_call_a_passage_marked_with_its_language_the_wrong_language() {
    let f = Fixture::new("site");
    let key = "international/engagement-poster.md";
    let gfmd = |messages: Vec<String>| {
        messages
            .into_iter()
            .filter(|m| m.contains("Later this year") || m.contains("Global Forum on Migration"))
            .count()
    };
    assert_eq!(gfmd(parity_messages(&f.root(), key, "language")), 0, "the marked passage");
    // Without the mark, the same English passage of the French page is reported.
    let path = "content/international/engagement-poster.fr.md";
    let text = std::fs::read_to_string(f.root().join(path)).unwrap();
    let unmarked = text.replace("{% lang(code=\"en\") %}\n", "").replacen("{% end %}\n", "", 1);
    assert!(unmarked.len() < text.len());
    f.write(path, &unmarked);
    assert!(gfmd(parity_messages(&f.root(), key, "language")) > 0, "the unmarked passage is reported");
}
