//! `cahier parity`: the translators' FR/EN parity report (see [`crate::parity`]).
//!
//! Exit statuses: 0 no active error (and no warning with `--fail-on warning`), 1 findings,
//! 2 usage, config or content errors.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::config::{Config, Overrides};
use crate::parity::{self, Options, Severity, output};

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Csv,
    Html,
}

/// The least serious finding that fails the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
}

/// Options of `cahier parity`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Report format.
    #[arg(short, long, value_enum, default_value = "text")]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Exit with status 1 on warnings too.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
    /// Mark a page pair as in sync (its key, `international/x.md`, or either file's path) in the
    /// baseline; repeatable.
    #[arg(long, value_name = "PAGE", conflicts_with = "accept_all")]
    pub accept: Vec<String>,
    /// Mark every complete pair as in sync.
    #[arg(long)]
    pub accept_all: bool,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

fn fail(e: &anyhow::Error) -> u8 {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "error: {e}");
    for cause in e.chain().skip(1) {
        let _ = writeln!(err, "  caused by: {cause}");
    }
    super::ERRORS
}

fn content_errors(diags: crate::diag::Diagnostics) -> u8 {
    let mut err = std::io::stderr().lock();
    let n = diags.error_count();
    for d in diags.sorted() {
        let _ = writeln!(err, "{d}");
    }
    let _ = writeln!(err, "error: parity stopped with {n} error{} in the site", if n == 1 { "" } else { "s" });
    super::ERRORS
}

/// Runs the report (or the acceptance) and prints it.
pub fn run(root: &Path, args: Args) -> u8 {
    let config = match Config::load(root, &Overrides::default()) {
        Ok(c) => c,
        Err(f) => match f.into_content() {
            Ok(d) => return content_errors(d),
            Err(e) => return fail(&e),
        },
    };
    if args.accept_all || !args.accept.is_empty() {
        let keys = if args.accept_all { None } else { Some(args.accept.as_slice()) };
        return match parity::baseline::accept(&config, keys, args.drafts) {
            Ok(Ok(keys)) => {
                let _ = writeln!(std::io::stderr(), "Marked {} pair(s) as in sync in the baseline", keys.len());
                super::SUCCESS
            }
            Ok(Err(d)) => content_errors(d),
            Err(e) => fail(&e),
        };
    }
    let report = match parity::report(&config, &Options { drafts: args.drafts }) {
        Ok(Ok(r)) => r,
        Ok(Err(d)) => return content_errors(d),
        Err(e) => return fail(&e),
    };
    let colour = args.output.is_none() && std::io::stdout().is_terminal();
    let text = match args.format {
        Format::Text => output::text(&report, colour),
        Format::Json => output::json(&report),
        Format::Csv => match output::csv(&report) {
            Ok(t) => t,
            Err(e) => return fail(&e),
        },
        Format::Html => parity::render_html(&report),
    };
    let written = match &args.output {
        Some(path) => std::fs::write(path, &text).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display())),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => r.map_err(anyhow::Error::from),
            }
        }
    };
    if let Err(e) = written {
        return fail(&e);
    }
    let worst = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    if report.count_at_least(worst) > 0 { super::FINDINGS } else { super::SUCCESS }
}
