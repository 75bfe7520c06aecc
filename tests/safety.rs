//! Never destroy, never escape, never crash: the real binary on output folders it must not
//! replace, paths that lead out, input nested without end, killed and concurrent builds.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use predicates::prelude::*;

/// A one-page site in `dir/site`, with a file of the user's beside its content.
fn mini(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("config.toml"), "base_url = \"https://x.example\"\ntitle = \"t\"\n").unwrap();
    std::fs::write(root.join("content/_index.md"), "+++\ntitle = \"Home\"\n+++\nhome\n").unwrap();
    std::fs::write(root.join("content/p.md"), "+++\ntitle = \"P\"\n+++\nprecious text\n").unwrap();
    std::fs::write(root.join("NOTES.txt"), "my notes").unwrap();
    root
}

fn cahier(root: &Path) -> Command {
    let mut cmd = Command::cargo_bin("cahier").unwrap();
    cmd.arg("--root").arg(root);
    cmd
}

#[test]
fn output_folders_holding_the_users_files_are_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let root = mini(dir.path());
    for out in [root.clone(), root.join("content"), root.join("content/x"), dir.path().to_path_buf()] {
        cahier(&root)
            .arg("build")
            .arg("--output-dir")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("refusing to write the site into"));
        assert!(root.join("NOTES.txt").is_file() && root.join("content/p.md").is_file(), "{out:?}");
    }
    std::fs::write(root.join("config.toml"), "base_url = \"https://x.example\"\noutput_dir = \"\"\n").unwrap();
    cahier(&root).arg("build").assert().code(2);
    assert!(root.join("content/p.md").is_file());
    std::fs::write(root.join("config.toml"), "base_url = \"https://x.example\"\n").unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "user data").unwrap();
    cahier(&root).arg("build").arg("-o").arg(&notes).arg("--force").assert().code(2);
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "user data");
}

#[test]
fn an_unmarked_folder_is_replaced_only_with_force_a_built_one_always() {
    let dir = tempfile::tempdir().unwrap();
    let root = mini(dir.path());
    let out = dir.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("thesis.txt"), "years of work").unwrap();
    cahier(&root).arg("build").arg("-o").arg(&out).assert().code(2).stderr(predicate::str::contains("--force"));
    assert!(out.join("thesis.txt").is_file());
    cahier(&root).arg("build").arg("-o").arg(&out).arg("--force").assert().success();
    assert!(!out.join("thesis.txt").exists() && out.join(".cahier-output").is_file());
    cahier(&root).arg("build").arg("-o").arg(&out).assert().success();
}

#[test]
fn paths_that_lead_out_of_the_output_are_errors_at_their_key() {
    let dir = tempfile::tempdir().unwrap();
    let root = mini(dir.path());
    std::fs::write(
        root.join("content/p.md"),
        "+++\ntitle = \"P\"\npath = \"../../escaped-by-path\"\naliases = [\"../../escaped.html\"]\n+++\nbody\n",
    )
    .unwrap();
    let out = dir.path().join("o/a/b/public");
    cahier(&root).arg("build").arg("-o").arg(&out).assert().code(2).stderr(predicate::str::contains("content/p.md:3:"));
    std::fs::write(root.join("content/p.md"), "+++\ntitle = \"P\"\n+++\nbody\n").unwrap();
    std::fs::write(
        root.join("config.toml"),
        "base_url = \"https://x.example\"\nfeed_filenames = [\"../../feed.xml\"]\n",
    )
    .unwrap();
    cahier(&root).arg("build").arg("-o").arg(&out).assert().code(2).stderr(predicate::str::contains("config.toml:2:"));
    let escaped: Vec<_> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("escaped") || e.file_name() == "feed.xml")
        .collect();
    assert!(escaped.is_empty(), "{escaped:?}");
}

#[test]
fn endless_nesting_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let root = mini(dir.path());
    std::fs::create_dir_all(root.join("templates/shortcodes")).unwrap();
    std::fs::write(root.join("templates/shortcodes/a.html"), "{{ body }}").unwrap();
    let deep = format!("+++\ntitle = \"N\"\n+++\n{}x{}\n", "{% a() %}".repeat(3000), "{% end %}".repeat(3000));
    std::fs::write(root.join("content/p.md"), &deep).unwrap();
    cahier(&root).arg("build").assert().code(2).stderr(predicate::str::contains("nested more than"));
    let redactions =
        format!("+++\ntitle = \"N\"\n+++\n{}x{}\n", "{% redact(s=\"14\") %}".repeat(3000), "{% end %}".repeat(3000));
    std::fs::write(root.join("content/p.md"), &redactions).unwrap();
    cahier(&root).arg("build").assert().code(2);
    std::fs::write(root.join("content/p.md"), "+++\ntitle = \"P\"\n+++\n{{ a() }}\n").unwrap();
    std::fs::write(root.join("templates/shortcodes/a.html"), "{% include \"shortcodes/a.html\" %}").unwrap();
    cahier(&root).arg("build").assert().code(2).stderr(predicate::str::contains("templates/shortcodes/a.html"));
    std::fs::remove_dir_all(root.join("templates/shortcodes")).unwrap();
    std::fs::write(root.join("templates/page.html"), "{% include \"page.html\" %}").unwrap();
    cahier(&root).arg("build").assert().code(2).stderr(predicate::str::contains("templates/page.html"));
    std::fs::write(
        root.join("templates/page.html"),
        "{% import \"page.html\" as m %}{% macro f() %}{{ m::f() }}{% endmacro f %}{{ m::f() }}",
    )
    .unwrap();
    cahier(&root).arg("build").assert().code(2).stderr(predicate::str::contains("calls itself"));
    // Recursion inside an `if` may end, so it loads; it is stopped while rendering, with its
    // place, before the stack runs out: a huge argument, then a condition that stays true.
    std::fs::write(root.join("content/p.md"), "+++\ntitle = \"P\"\n+++\ntext\n").unwrap();
    let macros = "{% macro f(n) %}{% if n > 0 %}{{ self::f(n=n-1) }}{% endif %}{% endmacro f %}\
                  {% macro g() %}{% if true %}{{ self::g() }}{% endif %}{% endmacro g %}";
    std::fs::write(root.join("templates/macros.html"), macros).unwrap();
    for call in ["{{ m::f(n=100000000) }}", "{{ m::g() }}"] {
        std::fs::write(root.join("templates/page.html"), format!("{{% import \"macros.html\" as m %}}{call}")).unwrap();
        cahier(&root).arg("build").assert().code(2).stderr(
            predicate::str::contains("content/p.md")
                .and(predicate::str::contains("of templates/macros.html calls macros too deeply")),
        );
    }
    // A template that imports itself overflowed Tera's stack at the first render, whatever
    // its macros did.
    std::fs::write(
        root.join("templates/page.html"),
        "{% import \"page.html\" as m %}{% macro f() %}x{% endmacro f %}{{ m::f() }}",
    )
    .unwrap();
    cahier(&root).arg("build").assert().code(2).stderr(predicate::str::contains("import each other in a loop"));
}

#[test]
fn leftovers_of_killed_builds_are_removed_only_when_their_process_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let root = mini(dir.path());
    cahier(&root).arg("build").assert().success();
    let dead = {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    };
    let live = std::process::id();
    for name in [".public.old".to_string(), format!(".public.staging-{dead}"), format!(".public.staging-{live}")] {
        std::fs::create_dir_all(root.join(&name)).unwrap();
        std::fs::write(root.join(&name).join("leftover"), "x").unwrap();
    }
    cahier(&root).arg("build").assert().success();
    assert!(!root.join(".public.old").exists());
    assert!(!root.join(format!(".public.staging-{dead}")).exists());
    assert!(root.join(format!(".public.staging-{live}/leftover")).is_file(), "a live process's folder is kept");
}

/// A site of `n` pages.
fn big(dir: &Path, n: usize) -> PathBuf {
    let root = mini(dir);
    for i in 0..n {
        let text = format!("+++\ntitle = \"Page {i}\"\n+++\nThe text of page {i}, with *some* words.\n");
        std::fs::write(root.join(format!("content/p{i}.md")), text).unwrap();
    }
    root
}

fn files_in(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()).count()
}

fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".out."))
        .collect()
}

#[test]
fn concurrent_builds_into_one_folder_all_succeed_one_after_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let root = big(dir.path(), 200);
    let out = dir.path().join("out");
    let children: Vec<_> = (0..4).map(|_| spawn_build(&root, &out)).collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    assert!(out.join("p199/index.html").is_file());
    assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_output_whole() {
    let dir = tempfile::tempdir().unwrap();
    let root = big(dir.path(), 2000);
    let out = dir.path().join("out");
    cahier(&root).arg("build").arg("-o").arg(&out).assert().success();
    let whole = files_in(&out);
    // Kill moments spread over a build (a fixed sequence: the test gives the same result every run).
    for (i, millis) in [5u64, 40, 90, 160, 250, 400, 650, 1000].into_iter().enumerate() {
        std::fs::write(root.join("content/p0.md"), format!("+++\ntitle = \"Run {i}\"\n+++\nrun {i}\n")).unwrap();
        let mut child = spawn_build(&root, &out);
        std::thread::sleep(std::time::Duration::from_millis(millis));
        let _ = child.kill();
        child.wait().unwrap();
        assert_eq!(files_in(&out), whole, "after a kill at {millis} ms the output is one whole build");
        assert!(out.join(".cahier-output").is_file());
    }
    cahier(&root).arg("build").arg("-o").arg(&out).assert().success();
    assert!(std::fs::read_to_string(out.join("p0/index.html")).unwrap().contains("run 7"));
    assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
}

#[test]
fn errors_of_independent_files_come_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = mini(dir.path());
    std::fs::write(root.join("content/a.md"), "+++\ntitle = \"unterminated\n+++\nbody\n").unwrap();
    std::fs::write(root.join("content/b.md"), "+++\ntitle = \"B\"\n+++\n{% redact(s=\"14\") %}never closed\n").unwrap();
    std::fs::write(root.join("content/c.md"), "+++\ntitle = \"C\"\n+++\n[broken](@/nope.md)\n").unwrap();
    // A marker outside the pages stopped the run before the pages' own problems were seen.
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/notes.txt"), "ok\n{% redact(s=\"14\") %}x{% end %}\n").unwrap();
    cahier(&root)
        .arg("build")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("content/a.md:2:"))
        .stderr(predicate::str::contains("content/b.md:4:"))
        .stderr(predicate::str::contains("content/c.md:4:"))
        .stderr(predicate::str::contains("static/notes.txt:2:1: error: a redaction marker outside a page"));
}

#[test]
fn a_symbolic_link_out_of_the_site_is_an_error_one_inside_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = mini(dir.path());
    std::fs::write(dir.path().join("elsewhere.md"), "+++\ntitle = \"Out\"\n+++\nnot the site's\n").unwrap();
    std::fs::write(root.join("NOTES.md"), "+++\ntitle = \"Linked\"\n+++\nlinked text\n").unwrap();
    std::os::unix::fs::symlink(root.join("NOTES.md"), root.join("content/linked.md")).unwrap();
    cahier(&root).arg("build").assert().success();
    assert!(std::fs::read_to_string(root.join("public/linked/index.html")).unwrap().contains("linked text"));
    std::os::unix::fs::symlink(dir.path().join("elsewhere.md"), root.join("content/out.md")).unwrap();
    cahier(&root)
        .arg("build")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("outside the site").and(predicate::str::contains("out.md")));
}

/// `cahier build` of `root` into `out`, started and left running.
fn spawn_build(root: &std::path::Path, out: &std::path::Path) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("cahier"))
        .arg("--root")
        .arg(root)
        .arg("build")
        .arg("-o")
        .arg(out)
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Runs the binary as `nobody` when the tests run as root (root writes through any mode, and
/// CI runs as root), so that a folder's mode stops it as it stops a user.
fn unprivileged(root: &Path) -> std::process::Command {
    let uid = std::process::Command::new("id").arg("-u").output().unwrap();
    let mut cmd = if String::from_utf8_lossy(&uid.stdout).trim() == "0" {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_cahier")]);
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_cahier"))
    };
    cmd.arg("--root").arg(root);
    cmd
}

/// A read-only parent: the build fails, says so and where, and the previous output stays. A
/// read-only output folder: the new output goes in, the old one is removed, and later builds
/// work (they stopped at the old one, left read-only, and said the next build would remove it).
#[test]
fn read_only_folders_get_a_truthful_report_and_the_previous_output_stays() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    mode(dir.path(), 0o755);
    let root = mini(dir.path());
    let parent = dir.path().join("out");
    std::fs::create_dir(&parent).unwrap();
    mode(&parent, 0o777);
    let out = parent.join("public");
    let build = || unprivileged(&root).arg("build").arg("--output-dir").arg(&out).output().unwrap();
    let page = || std::fs::read_to_string(out.join("p/index.html")).unwrap();
    assert!(build().status.success());
    let edit = |text: &str| {
        std::fs::write(root.join("content/p.md"), format!("+++\ntitle = \"P\"\n+++\n{text}\n")).unwrap();
    };

    mode(&parent, 0o555);
    edit("second text");
    let failed = build();
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("cannot create {}", parent.display())), "{stderr}");
    assert!(stderr.contains("Permission denied"), "{stderr}");
    assert!(page().contains("precious text") && !page().contains("second text"));
    assert_eq!(std::fs::read_dir(&parent).unwrap().count(), 1, "nothing left beside the output");

    mode(&parent, 0o777);
    mode(&out, 0o555);
    let swapped = build();
    assert!(swapped.status.success(), "{}", String::from_utf8_lossy(&swapped.stderr));
    assert!(page().contains("second text"));
    edit("third text");
    let next = build();
    assert!(next.status.success(), "{}", String::from_utf8_lossy(&next.stderr));
    assert!(page().contains("third text"));
    let names: Vec<_> = std::fs::read_dir(&parent).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["public"], "no leftover beside the output");
}
