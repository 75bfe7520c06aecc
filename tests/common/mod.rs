//! The integration tests' fixtures: the crate's own fixture builder ([`cahier::testing`]),
//! shared with the unit tests.
#![allow(dead_code, unused_imports)]

pub use cahier::testing::{Fixture, SiteBuilder, copy_dir, list};

/// Starts `cahier serve` on `root` on a free loopback port, with `extra` arguments; its
/// stderr comes line by line through the receiver.
pub fn spawn_serve(root: &std::path::Path, extra: &[&str]) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_cahier"))
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", "0"])
        .args(extra)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, lines) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, lines)
}
