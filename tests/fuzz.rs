//! A fuzzing harness on stable Rust over the whole pipeline: each run copies a fixture site,
//! splices pieces of every stage's syntax (`tests/fuzz/tokens.txt`, the corpus) into its
//! pages, templates and config, and runs the real binary on it. Expected: no crash and no
//! hang, exit status 0 or 2, and every error with its place (`path:line:col` or the file).
//!
//! A short run by default (CI); `CAHIER_FUZZ_RUNS=N` runs longer, `CAHIER_FUZZ_SEED=S` starts
//! elsewhere. A failure names the seed and run, which rebuild the same site.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::Fixture;

/// xorshift64*: a small deterministic generator, so that a seed rebuilds the same site.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn tokens() -> Vec<String> {
    let text = include_str!("fuzz/tokens.txt");
    text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(|l| l.replace("\\n", "\n")).collect()
}

/// A char boundary of `text` near `at`.
fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Applies 1 to 4 random edits to `text`.
fn mutate(text: &str, rng: &mut Rng, tokens: &[String]) -> String {
    let mut text = text.to_string();
    for _ in 0..1 + rng.below(4) {
        let at = boundary(&text, rng.below(text.len() + 1));
        match rng.below(4) {
            0 | 1 => {
                let t = &tokens[rng.below(tokens.len())];
                let times = if rng.below(8) == 0 { 1 + rng.below(200) } else { 1 };
                text.insert_str(at, &t.repeat(times));
            }
            2 => {
                let end = boundary(&text, at + rng.below(40));
                text.replace_range(at..end, "");
            }
            _ => {
                let end = boundary(&text, at + rng.below(60));
                let piece = text[at..end].to_string();
                text.insert_str(end, &piece);
            }
        }
    }
    text
}

/// The files a run may change: pages, templates and the config.
fn targets(root: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "html" || e == "toml"))
        .collect();
    files.sort();
    files
}

/// Whether every error line names a place: `file: error: …` or `file:line:col: error: …`,
/// the closing summary `error: the build failed …` aside.
fn unplaced_errors(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains("error:"))
        .filter(|l| !l.starts_with("error: the build failed") && !l.starts_with("error: the audit found"))
        .filter(|l| {
            let place = l.split(": error:").next().unwrap_or("");
            place == *l || place.is_empty() || !(place.contains('.') || place.contains('/'))
        })
        .collect()
}

#[test]
fn mutated_sites_never_crash_hang_or_give_an_error_without_its_place() {
    let runs: u64 = std::env::var("CAHIER_FUZZ_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(30);
    let seed: u64 = std::env::var("CAHIER_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x00c0_ffee);
    let tokens = tokens();
    let out_dir = tempfile::tempdir().unwrap();
    for run in 0..runs {
        let mut rng = Rng(seed.wrapping_add(run).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let f = Fixture::new("basic");
        let files = targets(&f.root());
        for _ in 0..1 + rng.below(3) {
            let file = &files[rng.below(files.len())];
            let text = std::fs::read_to_string(file).unwrap();
            std::fs::write(file, mutate(&text, &mut rng, &tokens)).unwrap();
        }
        let out = out_dir.path().join(format!("run-{run}"));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cahier"))
            .arg("--root")
            .arg(f.root())
            .args(["build", "--output-dir"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let reader = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
        let deadline = Instant::now() + Duration::from_secs(120);
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("seed {seed} run {run}: the build hangs (killed after 120 s)");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let stderr = reader.join().unwrap();
        let code = status.code();
        assert!(matches!(code, Some(0) | Some(2)), "seed {seed} run {run}: exit {status:?}\n{stderr}");
        let unplaced = unplaced_errors(&stderr);
        assert!(unplaced.is_empty(), "seed {seed} run {run}: errors without a place: {unplaced:?}\n{stderr}");
        if code == Some(0) {
            assert!(out.join("index.html").is_file(), "seed {seed} run {run}: exit 0 without output");
        }
    }
}

#[test]
fn the_check_of_places_sees_an_error_without_one() {
    assert!(unplaced_errors("content/a.md:2:3: error: x\nerror: the build failed with 1 error").is_empty());
    assert_eq!(unplaced_errors("error: cannot write x"), vec!["error: cannot write x"]);
}
