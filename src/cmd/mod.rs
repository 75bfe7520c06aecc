//! The subcommands, one file each; each `run` returns the process exit status.
//!
//! Exit statuses: 0 success, 1 findings (parity errors, an audit hit), 2 usage, config or
//! content errors.

pub mod build;
pub mod serve;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::build::Failure;

/// cahier: a static site generator for bilingual (French/English) publishing.
#[derive(Debug, Parser)]
#[command(name = "cahier", version, about, long_about = None)]
pub struct Cli {
    /// The site's folder (holding config.toml).
    #[arg(short, long, global = true, default_value = "site")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder.
    Build(build::Args),
    /// Preview the site with live reload (internal build by default; loopback only unless --auth).
    Serve(serve::Args),
}

/// Exit statuses.
pub const SUCCESS: u8 = 0;
pub const FINDINGS: u8 = 1;
pub const ERRORS: u8 = 2;

/// Runs the command line.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Build(args) => build::run(&cli.root, args),
        Command::Serve(args) => serve::run(&cli.root, args),
    }
}

/// Prints a failed build's problems to stderr and gives its exit status.
pub fn report_failure(failure: Failure) -> u8 {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    match failure {
        Failure::Content(diags) => {
            let n = diags.error_count();
            for d in diags.sorted() {
                let _ = writeln!(err, "{d}");
            }
            let _ = writeln!(
                err,
                "error: the build failed with {n} error{}; the previous output was left as it was",
                if n == 1 { "" } else { "s" }
            );
            ERRORS
        }
        Failure::Io(e) => {
            let _ = writeln!(err, "error: {e}");
            for cause in e.chain().skip(1) {
                let _ = writeln!(err, "  caused by: {cause}");
            }
            ERRORS
        }
    }
}
