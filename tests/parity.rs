//! `cahier parity`: one planted defect per check in the `parity-checks` fixture, a clean
//! pair that must give no finding at all, the bundled site, and the CLI's exit codes and
//! formats.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use cahier::config::{Config, Overrides};
use cahier::parity::{self, Options, Report};
use common::Fixture;
use predicates::prelude::*;

fn report(root: &Path) -> Report {
    let config = Config::load(root, &Overrides::default()).unwrap();
    parity::report(&config, &Options::default()).unwrap_or_else(|f| panic!("{f}"))
}

/// The active finding checks of a page, as `check:severity`.
fn checks(r: &Report, key: &str) -> BTreeSet<String> {
    let pair = r.pairs.iter().find(|p| p.key == key).unwrap_or_else(|| panic!("no pair {key}"));
    pair.findings
        .iter()
        .filter(|f| f.dismissed.is_none())
        .map(|f| format!("{}:{}", f.check, f.severity.name()))
        .collect()
}

fn all_messages(r: &Report, key: &str) -> String {
    let pair = r.pairs.iter().find(|p| p.key == key).unwrap();
    pair.findings.iter().map(|f| format!("{} {}\n", f.check, f.message)).collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(ToString::to_string).collect()
}

#[test]
fn the_clean_pair_gives_no_finding_at_all() {
    let f = Fixture::new("parity-checks");
    let r = report(&f.root());
    assert_eq!(checks(&r, "p/clean.md"), set(&[]), "{}", all_messages(&r, "p/clean.md"));
}

#[test]
fn each_planted_defect_is_found_by_its_check_and_only_it() {
    let f = Fixture::new("parity-checks");
    let r = report(&f.root());
    let cases: &[(&str, &[&str])] = &[
        ("p/missing.md", &["coverage:error"]),
        ("p/orphan.md", &["coverage:warning"]),
        ("p/front.md", &["front-matter:error"]),
        ("p/headings.md", &["headings:error"]),
        ("p/structure.md", &["structure:error"]),
        ("p/tables.md", &["tables:error"]),
        ("p/links.md", &["links:error"]),
        ("p/code.md", &["code:error"]),
        ("p/numbers.md", &["numbers:error", "numbers:warning"]),
        ("p/language.md", &["language:error"]),
        ("p/redactions.md", &["redactions:error"]),
        ("p/terminology.md", &["terminology:error", "terminology:warning"]),
        ("p/length.md", &["length:warning"]),
        ("p/typography.md", &["typography:info"]),
        ("p/dismissed.md", &[]),
        ("p/comment.md", &["dismissal:warning"]),
        ("p/localized.md", &[]),
        ("p/broken.md", &["markdown:error"]),
    ];
    for (key, want) in cases {
        assert_eq!(checks(&r, key), set(want), "{key}:\n{}", all_messages(&r, key));
    }
    let msgs = all_messages(&r, "p/numbers.md");
    assert!(msgs.contains("`300,000` in en not found in fr") && msgs.contains("`350 000` in fr"), "{msgs}");
    let msgs = all_messages(&r, "p/headings.md");
    assert!(msgs.contains("level 3 in en but 2 in fr") && msgs.contains("`{#context}`"), "{msgs}");
    let dismissed = r.pairs.iter().find(|p| p.key == "p/dismissed.md").unwrap();
    assert_eq!(dismissed.findings[0].dismissed.as_deref(), Some("the French budget was revised"));
    assert_eq!(r.totals.source_only, 1);
    assert_eq!(r.totals.target_only, 1);
}

#[test]
fn a_link_broken_by_a_space_is_named_as_markdown_syntax() {
    let f = Fixture::new("parity-checks");
    let r = report(&f.root());
    let msgs = all_messages(&r, "p/broken.md");
    assert!(
        msgs.contains("`[norme d’accessibilité] (https://www.canada.ca/fr/accessibilite.html)` is not a link in fr"),
        "{msgs}"
    );
}

#[test]
fn one_word_of_many_numbers_is_compared_whole() {
    // `1-2-3-…` over 60,000 characters was compared number against number (quadratic):
    // bench/parity-scale.py times it; here, the one number that differs is still named.
    let f = Fixture::new("parity-checks");
    let word: Vec<String> = (0..12_000).map(|i| i.to_string()).collect();
    let en = word.join("-");
    let fr = en.replacen("-7777-", "-7778-", 1);
    f.write("content/p/long.md", &format!("+++\ntitle = \"Long\"\n+++\n\n{en}\n"));
    f.write("content/p/long.fr.md", &format!("+++\ntitle = \"Long\"\n+++\n\n{fr}\n"));
    let r = report(&f.root());
    assert_eq!(checks(&r, "p/long.md"), set(&["numbers:error"]));
    assert!(
        all_messages(&r, "p/long.md").contains("`7777` in en not found in fr"),
        "{}",
        all_messages(&r, "p/long.md")
    );
}

#[test]
fn findings_carry_both_places_and_stable_fingerprints() {
    let f = Fixture::new("parity-checks");
    let r = report(&f.root());
    let pair = r.pairs.iter().find(|p| p.key == "p/code.md").unwrap();
    let finding = &pair.findings[0];
    assert_eq!(finding.source.as_ref().unwrap().path, "content/p/code.md");
    assert_eq!(finding.source.as_ref().unwrap().line, 5);
    assert_eq!(finding.target.as_ref().unwrap().path, "content/p/code.fr.md");
    assert_eq!(
        report(&f.root()).pairs.iter().find(|p| p.key == "p/code.md").unwrap().findings[0].fingerprint,
        finding.fingerprint
    );
}

#[test]
fn a_source_edit_makes_the_pair_stale_with_its_diff_and_whitespace_does_not() {
    let f = Fixture::new("parity-checks");
    cahier(&f).args(["parity", "--accept", "p/clean.md"]).assert().success();
    let base = std::fs::read_to_string(f.root().join("parity-baseline.toml")).unwrap();
    assert!(base.contains("[pairs.\"p/clean.md\"]"), "{base}");
    let en = std::fs::read_to_string(f.root().join("content/p/clean.md")).unwrap();
    f.write("content/p/clean.md", &en.replace("in the spring.", "in   the\nspring."));
    assert_eq!(checks(&report(&f.root()), "p/clean.md"), set(&[]));
    f.write("content/p/clean.md", &en.replace("shared responsibility", "common responsibility"));
    let r = report(&f.root());
    assert_eq!(checks(&r, "p/clean.md"), set(&["stale:warning"]));
    let pair = r.pairs.iter().find(|p| p.key == "p/clean.md").unwrap();
    assert!(pair.stale);
    let diff: Vec<String> =
        pair.findings[0].diff.iter().map(|d| format!("{} {}", d.op, parity::diff::plain(d))).collect();
    assert_eq!(diff, ["~ Migration is a [-shared-]{+common+} responsibility of every country in the region."]);
    cahier(&f).args(["parity", "--accept-all"]).assert().success();
    assert_eq!(checks(&report(&f.root()), "p/clean.md"), set(&[]));
}

#[test]
fn a_dismissal_file_dismisses_by_fingerprint_and_keeps_the_finding_listed() {
    let f = Fixture::new("parity-checks");
    let r = report(&f.root());
    let fp = r.pairs.iter().find(|p| p.key == "p/tables.md").unwrap().findings[0].fingerprint.clone();
    f.write("parity-dismissed.toml", &format!("[[dismiss]]\nfingerprint = \"{fp}\"\nreason = \"planted\"\n"));
    let r = report(&f.root());
    let pair = r.pairs.iter().find(|p| p.key == "p/tables.md").unwrap();
    assert_eq!(pair.findings[0].dismissed.as_deref(), Some("planted"));
}

#[test]
fn the_bundled_site_reports_the_missing_english_page_and_the_english_paragraph() {
    let f = Fixture::new("site");
    let r = report(&f.root());
    assert_eq!(checks(&r, "international/program-4-3.md"), set(&["coverage:warning"]));
    let poster = all_messages(&r, "international/engagement-poster.md");
    assert!(poster.contains("Later this year, Canada will be co-chairing"), "{poster}");
    for p in r.pairs.iter().filter(|p| !p.key.starts_with("international/")) {
        assert_eq!(checks(&r, &p.key), set(&[]), "{}:\n{}", p.key, all_messages(&r, &p.key));
    }
}

fn cahier(f: &Fixture) -> Command {
    let mut cmd = Command::cargo_bin("cahier").unwrap();
    cmd.arg("--root").arg(f.root());
    cmd
}

#[test]
fn exit_codes_follow_errors_and_fail_on() {
    let f = Fixture::new("parity-checks");
    cahier(&f).arg("parity").assert().code(1).stdout(predicate::str::contains("p/numbers.md"));
    for p in std::fs::read_dir(f.root().join("content/p")).unwrap() {
        let p = p.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("clean") && !name.starts_with("typography") {
            std::fs::remove_file(p).unwrap();
        }
    }
    cahier(&f).arg("parity").assert().code(0);
    cahier(&f).args(["parity", "--fail-on", "warning"]).assert().code(0);
    std::fs::remove_file(f.root().join("content/p/clean.fr.md")).unwrap();
    cahier(&f).args(["parity", "--fail-on", "warning"]).assert().code(1);
}

#[test]
fn usage_and_config_errors_exit_2() {
    let f = Fixture::new("parity-checks");
    cahier(&f).args(["parity", "--format", "yaml"]).assert().code(2);
    cahier(&f)
        .args(["parity", "--accept", "p/nowhere.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`p/nowhere.md` is not a page"));
    // A dismissal file in Windows-1252 was read as no file: every dismissed finding came back.
    std::fs::write(f.root().join("parity-dismissed.toml"), b"[[dismiss]]\nreason = \"r\xE9vis\xE9\"\n").unwrap();
    cahier(&f)
        .arg("parity")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("parity-dismissed.toml:2:12: error: the file is not UTF-8 (byte 0xE9)"));
    std::fs::remove_file(f.root().join("parity-dismissed.toml")).unwrap();
    let config = std::fs::read_to_string(f.root().join("config.toml")).unwrap();
    f.write("config.toml", &config.replace("keep = ", "kept = "));
    cahier(&f).arg("parity").assert().code(2).stderr(predicate::str::contains("unknown field `kept`"));
}

#[test]
fn formats_json_csv_and_html() {
    let f = Fixture::new("parity-checks");
    let out = cahier(&f).args(["parity", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], 1);
    assert_eq!(v["source_lang"], "en");
    let pairs = v["pairs"].as_array().unwrap();
    let code = pairs.iter().find(|p| p["key"] == "p/code.md").unwrap();
    assert_eq!(code["findings"][0]["check"], "code");
    assert_eq!(code["findings"][0]["target"]["path"], "content/p/code.fr.md");
    let out = cahier(&f).args(["parity", "--format", "csv"]).output().unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with(
        "page,check,severity,dismissed,source_path,source_line,target_path,target_line,message,fingerprint,diff\n"
    ));
    assert!(csv.contains("p/tables.md,tables,error,,content/p/tables.md,5,content/p/tables.fr.md,5,"), "{csv}");
    let html = f.root().join("report.html");
    cahier(&f).args(["parity", "--format", "html", "--output"]).arg(&html).assert().code(1).stdout("");
    let html = std::fs::read_to_string(html).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<td lang=\"fr\">"));
    // The target language is French: so is the interface.
    assert!(html.contains("<html lang=\"fr\">") && html.contains("<h2>Couverture</h2>"), "{html}");
    assert!(
        html.contains("Confidentiel — ne pas publier")
            && html.contains("<span lang=\"en\">Confidential — not for publication"),
        "{html}"
    );
    // Lists and tables keep their structure; redacted text is marked as in the internal build.
    assert!(html.contains("<li>Membership fees for key international forums.</li>"), "{html}");
    assert!(html.contains("<td>2\u{a0}750,50\u{a0}$</td>"), "{html}");
    assert!(
        html.contains("<mark class=\"redaction\" data-exemptions=\"21(1)(a)\"><span class=\"redaction-badge\">21(1)(a)</span> après une longue"),
        "{html}"
    );
    assert!(!html.contains("<script"));
    // A work queue: filters by severity, check and section, and one body per order.
    for id in ["sev-error", "check-links", "sec-0", "sort-reading", "sort-severity", "sort-check", "sort-section"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    let body = |class: &str| {
        let from = html.find(&format!("<tbody class=\"{class}\">")).unwrap_or_else(|| panic!("{class}"));
        let rest = &html[from..];
        rest[..rest.find("</tbody>").unwrap()].to_string()
    };
    let severities = |b: &str| -> Vec<String> {
        b.split("data-severity=\"").skip(1).map(|r| r[..r.find('"').unwrap()].to_string()).collect()
    };
    let by_severity = severities(&body("sorted by-severity"));
    let mut sorted = by_severity.clone();
    sorted.sort_by_key(|s| ["error", "warning", "info"].iter().position(|x| x == s));
    assert_eq!(by_severity, sorted);
    assert_eq!(by_severity.len(), severities(&body("by-reading")).len());
    assert!(html.contains("body:has(#sort-check:checked) #queue-table tbody.by-check{display:table-row-group}"));
}

/// Regression: `cahier parity` exited 1 with no error where `cahier build` refused the site.
#[test]
fn what_the_build_refuses_parity_refuses_with_the_same_errors() {
    let errors = |out: &std::process::Output| -> Vec<String> {
        String::from_utf8_lossy(&out.stderr).lines().filter(|l| l.contains(": error: ")).map(str::to_string).collect()
    };
    for (body, message) in [
        ("A {% redact(s=\"99(9)\") %}x{% end %} b.", "unknown exemption `99(9)`"),
        (
            "A {% redact(s=\"15(1)\") %}x {% redact(s=\"15(1)\") %}y{% end %}{% end %} b.",
            "a redaction inside a redaction",
        ),
        ("A {{ nope() }} b.", "unknown shortcode `nope`"),
    ] {
        let f = Fixture::new("parity-checks");
        for file in ["content/p/clean.md", "content/p/clean.fr.md"] {
            let text = std::fs::read_to_string(f.root().join(file)).unwrap();
            f.write(file, &format!("{text}\n{body}\n"));
        }
        let built = cahier(&f).args(["build", "--output-dir"]).arg(f.root().join("out")).output().unwrap();
        let parity = cahier(&f).arg("parity").output().unwrap();
        assert_eq!((built.status.code(), parity.status.code()), (Some(2), Some(2)), "{body}");
        let (built, parity) = (errors(&built), errors(&parity));
        assert!(!parity.is_empty() && parity[0].contains(message), "{parity:?}");
        assert_eq!(parity, built, "{body}");
    }
}

/// Runs git in a test's own repository (no user configuration needed).
fn git(dir: &Path, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(ok.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&ok.stderr));
}

#[test]
fn with_no_baseline_git_history_shows_what_changed_in_the_source_since_the_target_was_committed() {
    let f = Fixture::new("parity-checks");
    let root = f.root();
    git(&root, &["init", "-q"]);
    git(&root, &["add", "."]);
    git(&root, &["commit", "-q", "-m", "First version"]);
    assert_eq!(checks(&report(&root), "p/clean.md"), set(&[]), "no change since: not stale");
    let en = std::fs::read_to_string(root.join("content/p/clean.md")).unwrap();
    f.write("content/p/clean.md", &en.replace("shared responsibility", "common responsibility"));
    git(&root, &["commit", "-q", "-am", "Say common"]);
    let r = report(&root);
    assert_eq!(checks(&r, "p/clean.md"), set(&["stale:warning"]));
    let pair = r.pairs.iter().find(|p| p.key == "p/clean.md").unwrap();
    assert!(pair.stale);
    let stale = pair.findings.iter().find(|f| f.check == "stale").unwrap();
    assert!(stale.message.contains("1 commit(s)") && stale.message.contains("“Say common”"), "{}", stale.message);
    let diff: Vec<String> = stale.diff.iter().map(|d| format!("{} {}", d.op, parity::diff::plain(d))).collect();
    assert_eq!(diff, ["~ Migration is a [-shared-]{+common+} responsibility of every country in the region."]);
    // The text report shows the diff whole, never cut.
    cahier(&f).args(["parity"]).assert().stdout(predicate::str::contains(
        "~ Migration is a [-shared-]{+common+} responsibility of every country in the region.",
    ));
    // Once the target is committed after the source, the pair is in sync again.
    let fr = std::fs::read_to_string(root.join("content/p/clean.fr.md")).unwrap();
    f.write("content/p/clean.fr.md", &format!("{fr}\n"));
    git(&root, &["commit", "-q", "-am", "Update the French page"]);
    assert_eq!(checks(&report(&root), "p/clean.md"), set(&[]));
    // An accepted baseline takes over from history.
    f.write("content/p/clean.md", &en);
    git(&root, &["commit", "-q", "-am", "Back to shared"]);
    assert_eq!(checks(&report(&root), "p/clean.md"), set(&["stale:warning"]));
    cahier(&f).args(["parity", "--accept-all"]).assert().success();
    assert_eq!(checks(&report(&root), "p/clean.md"), set(&[]));
}

#[test]
fn xliff_export_and_import_round_trip_and_redacted_text_never_leaves_in_clear() {
    let f = Fixture::new("parity-checks");
    let root = f.root();
    let out = f.dir.path().join("xliff");
    let tmx = f.dir.path().join("site.tmx");
    cahier(&f).args(["parity", "--xliff"]).arg(&out).arg("--tmx").arg(&tmx).assert().success();
    let xlf = out.join("p__clean.xlf");
    let x = std::fs::read_to_string(&xlf).unwrap();
    assert!(x.contains(
        "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"en\" trgLang=\"fr\">"
    ));
    assert!(x.contains("<source xml:space=\"preserve\">IRCC funds capacity building"), "{x}");
    assert!(
        x.contains("<ph id=\"rs1\" disp=\"[21(1)(a)]\"/>") && x.contains("<ph id=\"rt1\" disp=\"[21(1)(a)]\"/>"),
        "{x}"
    );
    // Findings travel as notes.
    let numbers = std::fs::read_to_string(out.join("p__numbers.xlf")).unwrap();
    assert!(numbers.contains("<note category=\"parity\">numbers (error)"), "{numbers}");
    let memory = std::fs::read_to_string(&tmx).unwrap();
    assert!(
        memory.contains("<tmx version=\"1.4\">") && memory.contains("<tuv xml:lang=\"fr\"><seg>IRCC finance"),
        "{memory}"
    );
    for text in
        std::fs::read_dir(&out).unwrap().map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).chain([memory])
    {
        for secret in ["difficile discussion", "difficult discussion", "is secret", "est secret", "so is this"] {
            assert!(!text.contains(secret), "{secret} exported in clear");
        }
    }
    // Imported as it is, the page is unchanged, byte for byte.
    let page = root.join("content/p/clean.fr.md");
    let before = std::fs::read_to_string(&page).unwrap();
    cahier(&f).args(["parity", "--import-xliff"]).arg(&xlf).assert().success();
    assert_eq!(std::fs::read_to_string(&page).unwrap(), before);
    // A translated segment goes into its block; front matter, redactions and the rest stay.
    let edited = x.replace(
        "IRCC finance le renforcement des capacités avec des",
        "IRCC soutient le renforcement des capacités avec des",
    );
    std::fs::write(&xlf, &edited).unwrap();
    cahier(&f).args(["parity", "--import-xliff"]).arg(&xlf).assert().success();
    let after = std::fs::read_to_string(&page).unwrap();
    assert_eq!(
        after,
        before.replace(
            "IRCC finance le renforcement des capacités avec des",
            "IRCC soutient le renforcement des capacités avec des"
        )
    );
    // The page changed since the export: the XLIFF is refused (exit 2), the page untouched.
    cahier(&f)
        .args(["parity", "--import-xliff"])
        .arg(&xlf)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("changed since the XLIFF was exported"));
    assert_eq!(std::fs::read_to_string(&page).unwrap(), after);
}

/// One pair per class of defect and of false alarm met on real Government of Canada pages
/// (bench/parity-corpus): the active findings each must give, as `check:severity`. The pages
/// are our own writing.
#[test]
fn each_class_met_on_real_pages_gives_its_findings_and_no_other() {
    const PARA: &str = "This paragraph explains what the service does and who may use it, in a few words.";
    const PARA_FR: &str = "Ce paragraphe explique ce que fait le service et qui peut l’utiliser, en quelques mots.";
    type Case<'a> = (&'a str, String, String, &'a [&'a str]);
    let cases: Vec<Case> = vec![
        // False alarms: nothing to report.
        (
            "html-cut-by-blank-lines",
            "<div class=\"grid\">\n<div>\n  <h3>Primary button</h3>\n  <p>Use it once per page for the main action.</p>\n</div>\n\n<div>\n  <h3>Secondary button</h3>\n  <p>Use it for the other actions.</p>\n</div>\n</div>".into(),
            "<div class=\"grid\">\n<div>\n  <h3>Bouton principal</h3>\n  <p>Utilisez-le une fois par page pour l’action principale.</p>\n</div>\n<div>\n  <h3>Bouton secondaire</h3>\n  <p>Utilisez-le pour les autres actions.</p>\n</div>\n</div>".into(),
            &[],
        ),
        (
            "tag-over-lines",
            "<gcds-notice\n  notice-title=\"Applications are closed\"\n  notice-role=\"info\"\n>\n  <gcds-text>Thank you for your interest in the program.</gcds-text>\n</gcds-notice>".into(),
            "<gcds-notice notice-title=\"Les candidatures sont fermées\" notice-role=\"info\">\n  <gcds-text>Merci de votre intérêt pour le programme.</gcds-text>\n</gcds-notice>".into(),
            &[],
        ),
        ("empty-html", format!("{PARA}\n\n## Next\n\n{PARA}"), format!("{PARA_FR}\n\n<hr/>\n\n## Suite\n\n{PARA_FR}"), &[]),
        (
            "times",
            "We answer from 9am to 5pm, and at 15:00 on Fridays.".into(),
            "Nous répondons de 9 h à 17 h, et à 15 h 00 le vendredi.".into(),
            &[],
        ),
        (
            "spelled",
            "Select one or more options among fifty choices.".into(),
            "Sélectionnez une ou plusieurs options parmi 50 choix.".into(),
            &[],
        ),
        (
            "identifiers",
            "Follow EN 301 549 and ITSG-38, and use levels H2–6.".into(),
            "Suivez la norme EN 301 549 et l’ITSG-38, et utilisez les niveaux H2 à H6.".into(),
            &[],
        ),
        (
            "gc-domains",
            "See the [licence](https://open.canada.ca/en/open-government-licence-canada).".into(),
            "Voir la [licence](https://ouvert.canada.ca/fr/licence-du-gouvernement-ouvert-canada).".into(),
            &[],
        ),
        (
            "image-folder",
            "![Shortcuts to the tools](/images/en/home/shortcuts.jpg)".into(),
            "![Raccourcis vers les outils](/images/fr/accueil/shortcuts.jpg)".into(),
            &[],
        ),
        (
            "code-aliases",
            "```js\nconst links = { “1st link label”: “href” };\n```".into(),
            "```javascript\nconst links = { “Étiquette du 1er lien”: “href” };\n```".into(),
            &[],
        ),
        (
            "code-paragraph",
            "{ 'id'!: '', 'label'!: '', 'value'!: '', 'required'?: '', 'disabled'?: '' }".into(),
            "{ 'id'!: '', 'label'!: '', 'value'!: '', 'required'?: '', 'disabled'?: '' }".into(),
            &[],
        ),
        (
            "citation",
            "**([Involving Users in Web Projects for Better, Easier Accessibility](https://www.w3.org/WAI/users/involving))**".into(),
            "**([Involving Users in Web Projects for Better, Easier Accessibility](https://www.w3.org/WAI/users/involving))**".into(),
            &[],
        ),
        (
            "split",
            format!("{PARA} It also says how to reach the team when something goes wrong with a request."),
            format!("{PARA_FR}\n\nIl dit aussi comment joindre l’équipe en cas de problème avec une demande."),
            &[],
        ),
        // Real differences: one finding each.
        (
            "moved",
            format!("## One\n\n{PARA}\n\nWe may also use tools to analyze the feedback that people send us.\n\n## Two\n\nShort text here.\n\nAnother text there."),
            format!("## Un\n\n{PARA_FR}\n\n## Deux\n\nUn texte court.\n\nUn autre texte.\n\nNous pouvons aussi utiliser des outils pour analyser les commentaires reçus."),
            &["structure:error"],
        ),
        (
            "paragraph-to-list",
            format!("## Search input\n\nTo collect search queries.\n\n## URL\n\n{PARA}"),
            format!("## Recherche\n\n- Pour recueillir des requêtes.\n\n## URL\n\n{PARA_FR}"),
            &["structure:error"],
        ),
        (
            "heading-to-bold",
            format!("{PARA}\n\n## Scope of the policy\n\n{PARA}"),
            format!("{PARA_FR}\n\n**Portée de la politique**\n\n{PARA_FR}"),
            &["headings:error"],
        ),
        (
            "number",
            "**Formerly guideline 9.3**".into(),
            "**Anciennement la ligne directrice 9.2**".into(),
            &["numbers:error"],
        ),
        (
            "slips",
            "Only 14% of users, then 15%, then 30% of them.".into(),
            "Seulement 14% des personnes, puis 15%, puis 30% d’entre elles.".into(),
            &["numbers:warning"],
        ),
        (
            "timestamps",
            "Same day.".into(),
            "Même jour.".into(),
            &[],
        ),
    ];
    let mut site = common::SiteBuilder::new().config(
        "base_url = \"https://example.org\"\ntitle = \"t\"\ndefault_language = \"en\"\n[languages.fr]\ntitle = \"t\"\n[parity]\ntypography = false\n",
    );
    for (name, en, fr, _) in &cases {
        let (de, df) = if *name == "timestamps" {
            ("2024-05-01T09:00:00-04:00", "2024-05-01T17:30:00-04:00")
        } else {
            ("2024-05-01", "2024-05-01")
        };
        site = site
            .page(&format!("{name}.md"), &format!("+++\ntitle = \"{name}\"\ndate = {de}\n+++\n{en}\n"))
            .page(&format!("{name}.fr.md"), &format!("+++\ntitle = \"{name} (fr)\"\ndate = {df}\n+++\n{fr}\n"));
    }
    let f = site.write();
    let r = report(&f.root());
    for (name, _, _, want) in &cases {
        let key = format!("{name}.md");
        assert_eq!(checks(&r, &key), set(want), "{name}:\n{}", all_messages(&r, &key));
        let active =
            r.pairs.iter().find(|p| p.key == key).unwrap().findings.iter().filter(|f| f.dismissed.is_none()).count();
        assert_eq!(active, want.len(), "{name}: one finding per difference\n{}", all_messages(&r, &key));
    }
}
