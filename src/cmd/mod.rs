//! The subcommands, one file each; each `run` returns the process exit status.
//!
//! Exit statuses: 0 success, 1 findings (parity errors, an audit hit), 2 usage, config or
//! content errors.

pub mod build;
pub mod parity;
pub mod parity_cat;
pub mod redactions;
pub mod serve;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::build::Failure;
use crate::build::STACK_BYTES;

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
    /// Print the redaction log: every redacted passage, withheld page and FR/EN mismatch.
    Redactions(redactions::Args),
    /// Report FR/EN parity for translators: missing, stale and differing pages.
    Parity(parity::Args),
    /// Preview the site with live reload (internal build by default; loopback only unless --auth).
    Serve(serve::Args),
}

/// Exit statuses.
pub const SUCCESS: u8 = 0;
pub const FINDINGS: u8 = 1;
pub const ERRORS: u8 = 2;

/// Runs the pipeline's parallel work on threads with [`STACK_BYTES`] of stack.
fn big_stacks() {
    // Fails only if the pool was already built (a second call): it then has these stacks.
    let _ = rayon::ThreadPoolBuilder::new().stack_size(STACK_BYTES).build_global();
}

/// Runs the command line.
pub fn run(cli: Cli) -> u8 {
    big_stacks();
    match cli.command {
        Command::Build(args) => build::run(&cli.root, args),
        Command::Redactions(args) => redactions::run(&cli.root, args),
        Command::Parity(args) => parity::run(&cli.root, args),
        Command::Serve(args) => serve::run(&cli.root, args),
    }
}

/// Prints a failed build's problems to stderr, then what happened to the output, and gives
/// its exit status.
pub fn report_failure(failure: Failure) -> u8 {
    let summary = match &failure {
        Failure::Content(diags) => {
            let n = diags.error_count();
            let s = if n == 1 { "" } else { "s" };
            Some((format!("error: the build failed with {n} error{s}; the previous output was left as it was"), ERRORS))
        }
        Failure::Leaks(leaks) => {
            let s = if leaks.len() == 1 { "" } else { "s" };
            let line = format!(
                "error: the audit found {} leak{s} of redacted text; nothing was published and the previous output was left as it was",
                leaks.len()
            );
            Some((line, FINDINGS))
        }
        Failure::Io(_) => None,
    };
    let mut err = std::io::stderr().lock();
    let text = failure.to_string();
    if !text.is_empty() {
        let _ = writeln!(err, "{text}");
    }
    match summary {
        Some((line, status)) => {
            let _ = writeln!(err, "{line}");
            status
        }
        None => ERRORS,
    }
}
