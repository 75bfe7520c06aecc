//! Redaction around the page body (issue 17): attachments, withheld sections and bundles,
//! translation pairs that withhold on one side, misspelled cahier keys, and the audit of a
//! withheld page's text. Each builds a real fixture site, public and internal.

mod common;

use cahier::build::build;
use cahier::redact::Mode;
use common::Fixture;

const CONFIG: &str = "base_url = \"https://example.org\"\ntitle = \"T\"\ndefault_language = \"en\"\n\
    [languages.fr]\n[redaction]\npublic_attachments = [\"memo/listed.css\"]\n";

/// The `leak` fixture with the built-in theme, two languages and `files` written.
fn site(files: &[(&str, &str)]) -> Fixture {
    let f = Fixture::new("leak");
    std::fs::remove_dir_all(f.root().join("templates")).unwrap();
    std::fs::remove_file(f.root().join("content/memo.md")).unwrap();
    f.write("config.toml", CONFIG);
    for (path, text) in files {
        f.write(path, text);
    }
    f
}

fn internal_files(f: &Fixture) -> Vec<String> {
    common::list(&build(&f.options(Mode::Internal)).unwrap().output_dir)
}

fn has(files: &[String], end: &str) -> bool {
    files.iter().any(|f| f.replace('\\', "/").ends_with(end))
}

const MEMO: &str = "+++\ntitle = \"Memo\"\n+++\nSee ![the chart](chart.png).\n\n\
    The {% redact(s=\"15(1)\") %}[plan](secret-plan.pdf) and ![map](map.png){% end %} are annexed.\n";

/// `cahier build` on `f` exits 2, and its messages never print the secret (`zqhidden`).
fn cli_refuses_without_the_secret(f: &Fixture, file: &str) {
    let out =
        assert_cmd::Command::cargo_bin("cahier").unwrap().arg("--root").arg(f.root()).arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{file}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("zqhidden"));
}

#[test]
fn attachments_are_published_only_when_public_output_references_them_or_the_site_lists_them() {
    let f = site(&[
        ("content/memo/index.md", MEMO),
        ("content/memo/chart.png", "chart"),
        ("content/memo/secret-plan.pdf", "zqplan"),
        ("content/memo/map.png", "zqmap"),
        ("content/memo/orphan.txt", "zqorphan"),
        ("content/memo/listed.css", "body{}"),
    ]);
    let report = f.build_ok();
    let public = f.files();
    assert!(has(&public, "memo/chart.png"), "a file the public text references: {public:?}");
    assert!(has(&public, "memo/listed.css"), "a file the site lists as public");
    for held in ["secret-plan.pdf", "map.png", "orphan.txt"] {
        assert!(!has(&public, held), "{held} is published: {public:?}");
    }
    let held: Vec<String> =
        report.redactions.attachments.iter().map(|a| a.path.to_string_lossy().replace('\\', "/")).collect();
    assert_eq!(held, ["content/memo/map.png", "content/memo/orphan.txt", "content/memo/secret-plan.pdf"]);
    let log = cahier::redact::render(&report.redactions, cahier::redact::Format::Text);
    assert!(log.contains("content/memo/orphan.txt: attachment not published: nothing public references it"), "{log}");
    let internal = internal_files(&f);
    for all in ["chart.png", "secret-plan.pdf", "map.png", "orphan.txt", "listed.css"] {
        assert!(has(&internal, &format!("memo/{all}")), "{all} missing from the internal build");
    }
}

#[test]
fn a_withheld_section_withholds_its_pages_subsections_bundles_and_attachments() {
    let withheld = "+++\ntitle = \"Files\"\n[extra]\nwithheld = \"15(1)\"\n+++\nzqsection text.\n";
    let f = site(&[
        ("content/files/_index.md", withheld),
        ("content/files/_index.fr.md", &withheld.replace("Files", "Dossiers")),
        ("content/files/annex.pdf", "zqannex"),
        ("content/files/a.md", "+++\ntitle = \"Zqalpha\"\n+++\nSee [annex](annex.pdf).\n"),
        ("content/files/deep/_index.md", "+++\ntitle = \"Deep\"\n+++\n"),
        ("content/files/deep/b/index.md", "+++\ntitle = \"Zqbeta\"\n+++\n![x](pic.png)\n"),
        ("content/files/deep/b/pic.png", "zqpic"),
        ("content/open.md", "+++\ntitle = \"Open\"\n+++\nPublic.\n"),
    ]);
    f.build_ok();
    let public = f.files();
    assert!(public.iter().all(|p| !p.contains("files") && !p.contains("dossiers")), "{public:?}");
    assert!(has(&public, "open/index.html"));
    let internal = internal_files(&f);
    for end in ["files/a/index.html", "files/deep/b/index.html", "files/deep/b/pic.png", "files/annex.pdf"] {
        assert!(has(&internal, end), "{end} missing from the internal build: {internal:?}");
    }
}

#[test]
fn a_withheld_bundle_withholds_the_bundles_nested_in_it() {
    let f = site(&[
        ("content/w/index.md", "+++\ntitle = \"W\"\n[extra]\nwithheld = \"15(1)\"\n+++\n![d](data.csv)\n"),
        ("content/w/data.csv", "zqdata"),
        ("content/w/n/index.md", "+++\ntitle = \"N\"\n+++\n![p](pic.png)\n"),
        ("content/w/n/pic.png", "zqpic"),
    ]);
    let report = f.build_ok();
    assert!(f.files().iter().all(|p| !p.starts_with("w")), "{:?}", f.files());
    assert_eq!(report.redactions.withheld.len(), 2, "the nested bundle is withheld too");
}

#[test]
fn withholding_one_language_only_is_an_error_naming_both_unless_the_other_is_cleared() {
    let en = "+++\ntitle = \"Zqbrief\"\n[extra]\nwithheld = \"15(1)\"\n+++\nzqbrief text.\n";
    let f = site(&[("content/brief.md", en), ("content/brief.fr.md", "+++\ntitle = \"Note\"\n+++\nTexte.\n")]);
    let err = f.build_err();
    assert!(err.contains("content/brief.fr.md:1:1: error: its translation content/brief.md is withheld"), "{err}");
    assert!(!err.contains("zqbrief"), "{err}");
    let out =
        assert_cmd::Command::cargo_bin("cahier").unwrap().arg("--root").arg(f.root()).arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    // Inherited from a section withheld in English only.
    let g = site(&[
        ("content/s/_index.md", "+++\ntitle = \"S\"\n[extra]\nwithheld = \"15(1)\"\n+++\n"),
        ("content/s/_index.fr.md", "+++\ntitle = \"S\"\n+++\n"),
        ("content/s/p.md", "+++\ntitle = \"P\"\n+++\n"),
        ("content/s/p.fr.md", "+++\ntitle = \"P\"\n+++\n"),
    ]);
    let err = g.build_err();
    assert!(err.contains("content/s/p.fr.md:1:1: error: its translation content/s/p.md is withheld (by `[extra] withheld` in content/s/_index.md)"), "{err}");
    // Cleared: the French is published, the English is not.
    f.write("content/brief.fr.md", "+++\ntitle = \"Note\"\n[extra]\ncleared = true\n+++\nTexte.\n");
    f.build_ok();
    let public = f.files();
    assert!(has(&public, "fr/brief/index.html") && !public.contains(&"brief/index.html".to_string()), "{public:?}");
}

#[test]
fn a_misspelled_cahier_key_is_an_error_suggesting_the_right_spelling() {
    for (key, right) in [("witheld", "withheld"), ("withold", "withheld"), ("Withheld", "withheld")] {
        let page = format!("+++\ntitle = \"Brief\"\n[extra]\n{key} = \"15(1)\"\n+++\nText.\n");
        let err = site(&[("content/brief.md", &page)]).build_err();
        assert!(
            err.contains(&format!("content/brief.md:4:1: error: unknown key `extra.{key}`: did you mean `{right}`?")),
            "{err}"
        );
    }
}

/// A theme's own `[extra]` keys near `cleared` (Zola's docs' `created`) are its own: a
/// misspelled `cleared` clears nothing, so the pair it was meant for still fails closed.
#[test]
fn a_themes_extra_key_near_cleared_is_left_to_the_theme() {
    let page = "+++\ntitle = \"Theme\"\n[extra]\ncreated = 2024-01-02\n+++\nText.\n";
    site(&[("content/theme.md", page)]).build_ok();
    let secret = "+++\ntitle = \"Brief\"\n[extra]\nwithheld = \"15(1)\"\n+++\nText.\n";
    let misspelled = "+++\ntitle = \"Note\"\n[extra]\ncleard = true\n+++\nTexte.\n";
    let err = site(&[("content/brief.md", secret), ("content/brief.fr.md", misspelled)]).build_err();
    assert!(err.contains("content/brief.fr.md:1:1: error: its translation content/brief.md is withheld"), "{err}");
}

#[test]
fn the_text_of_a_withheld_page_is_audited() {
    let secret = "+++\ntitle = \"Zqbriefing on the merger\"\n[extra]\nwithheld = \"15(1)\"\n+++\n\
        The merger closes in March with zqacme.\n\nShort.\n";
    let cleared = "+++\ntitle = \"Note\"\n[extra]\ncleared = true\n+++\nTexte.\n";
    for public_text in ["Quote: the merger closes in March with zqacme.", "Read the zqbriefing-on-the-merger notes."] {
        let f = site(&[
            ("content/brief.md", secret),
            ("content/brief.fr.md", cleared),
            ("content/open.md", &format!("+++\ntitle = \"Open\"\n+++\n{public_text}\n")),
        ]);
        let err = f.build_err();
        assert!(
            err.contains("open/index.html: error: the public output contains redacted text from content/brief.md:"),
            "{public_text}: {err}"
        );
    }
    // A common short paragraph (`Short.`) is audited by context, not alone.
    let f = site(&[
        ("content/brief.md", secret),
        ("content/brief.fr.md", cleared),
        ("content/open.md", "+++\ntitle = \"Open\"\n+++\nShort.\n"),
    ]);
    f.build_ok();
}

#[test]
fn link_targets_and_image_sources_inside_a_redacted_span_are_audited() {
    for (redacted, public) in [
        ("[the memo](https://files.example/zq-merger-memo.pdf)", "Download https://files.example/zq-merger-memo.pdf"),
        ("![map](https://maps.example/zq/site-7.png)", "<img src=\"https://maps.example/zq/site-7.png\">"),
        ("<a href=\"/archive/zq-bid-2024/\">bid</a>", "[old link](/archive/zq-bid-2024/)"),
    ] {
        let f = site(&[
            (
                "content/memo.md",
                &format!("+++\ntitle = \"Memo\"\n+++\nSee {{% redact(s=\"15(1)\") %}}{redacted}{{% end %}}.\n"),
            ),
            ("content/open.md", &format!("+++\ntitle = \"Open\"\n+++\n{public}\n")),
        ]);
        let err = f.build_err();
        assert!(
            err.contains("open/index.html: error: the public output contains redacted text from content/memo.md:4"),
            "{redacted}: {err}"
        );
        let internal = build(&f.options(Mode::Internal)).unwrap();
        let page = std::fs::read_to_string(internal.output_dir.join("memo/index.html")).unwrap();
        assert!(page.contains("zq"), "the internal build shows the link");
    }
}

#[test]
fn a_custom_id_on_a_heading_that_holds_a_redaction_is_refused() {
    let page = "+++\ntitle = \"Memo\"\n+++\nIntro.\n\n## Talks {% redact(s=\"15(1)\") %}with Zqland{% end %} {#talks-zqland}\n";
    let err = site(&[("content/memo.md", page)]).build_err();
    assert!(
        err.contains("content/memo.md:6:54: error: a heading that holds a redaction cannot have a custom id"),
        "{err}"
    );
    assert!(!err.contains("Zqland") && !err.contains("zqland"), "{err}");
    // Without the id, the public id comes from the placeholder.
    let f = site(&[("content/memo.md", &page.replace(" {#talks-zqland}", ""))]);
    f.build_ok();
    assert!(!f.read("memo/index.html").to_lowercase().contains("zqland"));
}

#[test]
fn a_marker_outside_the_pages_is_refused_at_its_place_and_never_printed() {
    let marker = "{% redact(s=\"15(1)\") %}zqhidden{% end %}";
    let page = "+++\ntitle = \"Memo\"\n+++\nSee [the annex](annex.txt).\n";
    for (file, text, at) in [
        ("config.toml", format!("{CONFIG}[extra]\nfooter = '{marker}'\n"), "config.toml:8:11"),
        ("i18n/en.toml", format!("# {marker}\nfooter = 'Note {marker}'\n"), "i18n/en.toml:2:16"),
        (
            "static/notes.txt",
            "Line one.\nSee &#123;% redact(s=\"15(1)\") %}zqhidden{% end %}\n".to_string(),
            "static/notes.txt:2:5",
        ),
        ("content/memo/annex.txt", format!("Annex: {marker}\n"), "content/memo/annex.txt:1:8"),
    ] {
        let f = site(&[("content/memo/index.md", page)]);
        f.write(file, &text);
        let err = f.build_err();
        assert!(
            err.contains(&format!("{at}: error: a redaction marker outside a page cannot be honoured")),
            "{file}: {err}"
        );
        assert!(!err.contains("zqhidden"), "{err}");
        cli_refuses_without_the_secret(&f, file);
    }
}

#[test]
fn a_passage_redacted_in_one_language_and_plain_in_the_other_is_refused_unless_dismissed() {
    let en = "+++\ntitle = \"Memo\"\n+++\nThe budget rose this year.\n\n\
              {% redact(s=\"15(1)\") %}\nThe talks with Zqland start in May.\n{% end %}\n\nWe will report.\n";
    let fr = "+++\ntitle = \"Note\"\n+++\nLe budget a augmenté cette année.\n\n\
              Les pourparlers avec Zqland commencent en mai.\n\nNous ferons rapport.\n";
    let f = site(&[("content/memo.md", en), ("content/memo.fr.md", fr)]);
    let err = f.build_err();
    assert!(
        err.contains("content/memo.fr.md:6: error: the public output contains redacted text from content/memo.md:7"),
        "{err}"
    );
    assert!(!err.to_lowercase().contains("zqland"), "{err}");
    let out =
        assert_cmd::Command::cargo_bin("cahier").unwrap().arg("--root").arg(f.root()).arg("build").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    // Each side redacts, but different passages with the same exemption: both are findings.
    let fr2 = "+++\ntitle = \"Note\"\n+++\n{% redact(s=\"15(1)\") %}Le budget a augmenté cette année.{% end %}\n\n\
               Les pourparlers avec Zqland commencent en mai.\n\nNous ferons rapport.\n";
    f.write("content/memo.fr.md", fr2);
    let err = f.build_err();
    assert!(
        err.contains("content/memo.fr.md:6: error: the public output contains redacted text from content/memo.md:7"),
        "{err}"
    );
    assert!(
        err.contains("content/memo.md:4: error: the public output contains redacted text from content/memo.fr.md:4"),
        "{err}"
    );
    // Dismissed with a reason: published; without one: an error.
    f.write("content/memo.fr.md", fr);
    f.write(
        "redactions-dismissed.toml",
        "[[dismiss]]\nredacted = \"content/memo.md:7\"\npublished = \"content/memo.fr.md:6\"\nreason = \"released in 2019\"\n",
    );
    f.build_ok();
    f.write(
        "redactions-dismissed.toml",
        "[[dismiss]]\nredacted = \"content/memo.md:7\"\npublished = \"content/memo.fr.md:6\"\n",
    );
    assert!(f.build_err().contains("a dismissal needs a `reason`"));
}

#[test]
fn a_marker_from_a_template_a_shortcode_or_a_data_file_is_refused_at_its_source() {
    let page = |call: &str| format!("+++\ntitle = \"Memo\"\n+++\nIntro.\n\n{call}\n");
    let refused = [
        // Written in a template (a shortcode's here), inside `raw` so that Tera prints it.
        (
            "templates/shortcodes/note.html",
            "<aside>\n{% raw %}{% redact(s=\"15(1)\") %}zqhidden{% end %}{% endraw %}</aside>\n",
            "{{ note() }}",
            "templates/shortcodes/note.html:2:10: error: a redaction marker outside a page cannot be honoured",
        ),
        // In a data file that a shortcode loads.
        (
            "data/figures.toml",
            "total = 3\nnote = \"{% redact(s='15(1)') %}zqhidden{% end %}\"\n",
            "{{ fig() }}",
            "data/figures.toml:2:9: a redaction marker outside a page cannot be honoured",
        ),
        // Built by a shortcode at render time: no marker in any file, one in its output.
        (
            "templates/shortcodes/mk.html",
            "{{ '{' ~ '% redact(s=\"15(1)\") %' ~ '}' }}zqhidden{{ '{' ~ '% end %' ~ '}' }}\n",
            "{{ mk() }}",
            "content/memo.md:6:1: error: shortcode `mk`: its output holds a redaction marker",
        ),
    ];
    for (file, text, call, expected) in refused {
        let f = site(&[("content/memo.md", &page(call))]);
        f.write("templates/shortcodes/fig.html", "{% set d = load_data(path=\"data/figures.toml\") %}{{ d.note }}\n");
        f.write("data/figures.toml", "total = 3\nnote = \"plain\"\n");
        f.write(file, text);
        let err = f.build_err();
        assert!(err.contains(expected), "{file}: {err}");
        assert!(!err.contains("zqhidden"), "{err}");
        assert!(!f.out().join("memo/index.html").exists(), "{file}: nothing is published");
        cli_refuses_without_the_secret(&f, file);
    }
    // A marker escaped in a shortcode's body prints literally, as the author asked: allowed.
    let f = site(&[("content/memo.md", &page("{% box() %}Write {%/* redact(s=\"15(1)\") */%} here.{% end %}"))]);
    f.write("templates/shortcodes/box.html", "<div class=\"box\">{{ body }}</div>\n");
    f.build_ok();
    assert!(
        f.read("memo/index.html").contains("Write {% redact(s=&quot;15(1)&quot;) %} here."),
        "{}",
        f.read("memo/index.html")
    );
}

#[test]
fn the_redaction_log_reports_translations_block_by_block() {
    // The same count under the same exemption on each side, but not the same passages.
    let en = "+++\ntitle = \"Memo\"\n+++\n{% redact(s=\"15(1)\") %}The budget rose this year.{% end %}\n\n\
              {% redact(s=\"15(1)\") %}\nThe talks with Zqland start in May.\n{% end %}\n\nWe will report.\n";
    let fr = "+++\ntitle = \"Note\"\n+++\n{% redact(s=\"15(1)\") %}Le budget a augmenté cette année.{% end %}\n\n\
              Les pourparlers avec Zqland commencent en mai.\n\n{% redact(s=\"15(1)\") %}Nous ferons rapport.{% end %}\n";
    let f = site(&[("content/memo.md", en), ("content/memo.fr.md", fr)]);
    let log = |format: &str| {
        let out = assert_cmd::Command::cargo_bin("cahier")
            .unwrap()
            .arg("--root")
            .arg(f.root())
            .args(["redactions", "--format", format])
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(!stdout.to_lowercase().contains("zqland"), "{stdout}");
        (out.status.code(), stdout)
    };
    let (code, text) = log("text");
    assert_eq!(code, Some(1), "{text}");
    assert!(!text.contains("parity:"), "the counts agree: {text}");
    for line in [
        "block: content/memo.md:4 (redacted) ↔ content/memo.fr.md:4 (redacted): both redact",
        "block: content/memo.md:7 (redacted) ↔ content/memo.fr.md:6 (published): refused: redact the published block",
        "block: content/memo.md:10 (published) ↔ content/memo.fr.md:8 (redacted): refused",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    let (_, json) = log("json");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["blocks"][1]["status"], "refused", "{json}");
    assert_eq!(json["blocks"][1]["b"]["path"], "content/memo.fr.md", "{json}");
    assert!(log("csv").1.contains("block,,,content/memo.md,7,,,paired with content/memo.fr.md:6,refused"));
    // Both findings dismissed: the log says why, and exits 0.
    f.write(
        "redactions-dismissed.toml",
        "[[dismiss]]\nredacted = \"content/memo.md:7\"\npublished = \"content/memo.fr.md:6\"\nreason = \"released in 2019\"\n\
         [[dismiss]]\nredacted = \"content/memo.fr.md:8\"\npublished = \"content/memo.md:10\"\nreason = \"a courtesy\"\n",
    );
    let (code, text) = log("text");
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("content/memo.fr.md:6 (published): dismissed: released in 2019"), "{text}");
    assert!(text.contains("content/memo.fr.md:8 (redacted): dismissed: a courtesy"), "{text}");
}
