//! CLI tests: run the real binary on broken sites and check exit codes and messages.

mod common;

use assert_cmd::Command;
use common::Fixture;
use predicates::prelude::*;

fn cahier(f: &Fixture) -> Command {
    let mut cmd = Command::cargo_bin("cahier").unwrap();
    cmd.arg("--root").arg(f.root());
    cmd
}

#[test]
fn a_good_build_exits_0_and_says_what_it_built() {
    let f = Fixture::new("basic");
    cahier(&f)
        .arg("build")
        .assert()
        .success()
        .stderr(predicate::str::contains("Built ").and(predicate::str::contains("pages and sections into")));
}

#[test]
fn timings_name_each_stage_with_its_time_and_memory() {
    let f = Fixture::new("basic");
    let out = cahier(&f).args(["build", "--timings"]).assert().success().get_output().stderr.clone();
    let out = String::from_utf8(out).unwrap();
    for stage in ["load", "markdown", "emit", "audit", "commit"] {
        let line =
            out.lines().find(|l| l.starts_with(&format!("timings: {stage} "))).unwrap_or_else(|| panic!("{out}"));
        assert!(line.contains(" ms") && line.ends_with(" MiB resident"), "{line}");
    }
}

#[test]
fn an_unknown_config_key_names_the_line_and_the_expected_keys() {
    let f = Fixture::new("basic");
    let config = std::fs::read_to_string(f.root().join("config.toml")).unwrap();
    f.write(
        "config.toml",
        &config.replace("generate_feeds = true\ntaxonomies", "generate_feed = true\nminify = true\ntaxonomies"),
    );
    cahier(&f)
        .arg("build")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("config.toml:6:1: error: unknown field `minify`, expected one of"))
        .stderr(predicate::str::contains("`minify_html`"));
}

#[test]
fn bad_front_matter_is_reported_with_its_place() {
    let f = Fixture::new("basic");
    f.write("content/docs/second.md", "+++\ntitle = \"Second\"\nweight = \"heavy\"\n+++\n");
    f.write("content/docs/third.md", "+++\ntitle = \"Third\"\n");
    cahier(&f)
        .arg("build")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("content/docs/second.md:3:10: error: invalid front matter"))
        .stderr(predicate::str::contains("content/docs/third.md:1:1: error: unterminated front matter"))
        .stderr(predicate::str::contains("the build failed with 2 errors"));
}

#[test]
fn a_broken_internal_link_names_the_link() {
    let f = Fixture::new("basic");
    f.write("content/docs/third.md", "+++\ntitle = \"Third\"\n+++\n\nSee [nowhere](@/docs/missing.md).\n");
    cahier(&f).arg("build").assert().code(2).stderr(predicate::str::contains(
        "content/docs/third.md:5:5: error: broken internal link `@/docs/missing.md`: there is no such page",
    ));
}

#[test]
fn a_missing_anchor_lists_the_anchors_there_are() {
    let f = Fixture::new("basic");
    f.write("content/docs/third.md", "+++\ntitle = \"Third\"\n+++\nSee [x](@/docs/second.md#nope).\n");
    cahier(&f).arg("build").assert().code(2).stderr(predicate::str::contains(
        "content/docs/third.md:4:5: error: `@/docs/second.md` has no anchor `#nope` (its anchors: #part-two)",
    ));
}

#[test]
fn an_unterminated_shortcode_is_an_error() {
    let f = Fixture::new("basic");
    f.write("content/docs/third.md", "+++\ntitle = \"Third\"\n+++\nText.\n\n{% note(kind=\"tip\") %}\nnever closed\n");
    cahier(&f)
        .arg("build")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("content/docs/third.md:6:1: error:"))
        .stderr(predicate::str::contains("is never closed"));
}

#[test]
fn a_page_saved_in_windows_1252_is_an_error_at_its_first_accent() {
    let f = Fixture::new("basic");
    std::fs::write(f.root().join("content/docs/third.md"), b"+++\ntitle = \"Third\"\n+++\nCaf\xE9 au lait.\n").unwrap();
    cahier(&f)
        .arg("build")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("content/docs/third.md:4:4: error: the file is not UTF-8 (byte 0xE9)"))
        .stderr(predicate::str::contains("save it as UTF-8"));
}

#[test]
fn usage_errors_exit_2() {
    Command::cargo_bin("cahier").unwrap().arg("build").arg("--no-such-flag").assert().code(2);
    Command::cargo_bin("cahier")
        .unwrap()
        .args(["--root", "/nonexistent/site", "build"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read the site configuration"));
}
