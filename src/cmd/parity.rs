//! `cahier parity`: the translators' FR/EN parity report (see [`crate::parity`]).
//!
//! Exit statuses: 0 no active error (and no warning with `--fail-on warning`), 1 findings,
//! 2 usage, config or content errors.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::config::{Config, Overrides};
use crate::content::SourcePage;
use crate::diag::{Diagnostics, Failure};
use crate::parity::{self, Severity, output};
use crate::redact::{self, Mode};

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
    /// Write each complete pair's aligned segments as XLIFF 2.1 into this folder, one file per
    /// page (findings as notes, redacted text as placeholders), instead of the report.
    #[arg(long, value_name = "DIR")]
    pub xliff: Option<PathBuf>,
    /// Write the site's translations as a TMX 1.4 translation memory to this file, instead of
    /// the report.
    #[arg(long, value_name = "FILE")]
    pub tmx: Option<PathBuf>,
    /// Write a translated XLIFF (from `--xliff`) back into its target page.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["xliff", "tmx", "accept", "accept_all"])]
    pub import_xliff: Option<PathBuf>,
}

fn fail(e: &anyhow::Error) -> u8 {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "error: {e}");
    for cause in e.chain().skip(1) {
        let _ = writeln!(err, "  caused by: {cause}");
    }
    super::ERRORS
}

/// Prints a failure of the report (the site's problems, or the environment's) and gives the
/// exit status.
fn failed(f: crate::diag::Failure) -> u8 {
    match f.into_content() {
        Ok(d) => content_errors(d),
        Err(e) => fail(&e),
    }
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
        Err(f) => return failed(f),
    };
    let pages = match checked_pages(&config, args.drafts) {
        Ok(pages) => pages,
        Err(f) => return failed(f),
    };
    if let Some(file) = &args.import_xliff {
        return match super::parity_cat::import(&config, &pages, file) {
            Ok(()) => super::SUCCESS,
            Err(e) => fail(&e),
        };
    }
    if args.accept_all || !args.accept.is_empty() {
        let keys = if args.accept_all { None } else { Some(args.accept.as_slice()) };
        return match parity::baseline::accept(&config, keys, args.drafts) {
            Ok(keys) => {
                let _ = writeln!(std::io::stderr(), "Marked {} pair(s) as in sync in the baseline", keys.len());
                super::SUCCESS
            }
            Err(f) => failed(f),
        };
    }
    let exports = args.xliff.is_some() || args.tmx.is_some();
    let kept = if exports { pages.clone() } else { Vec::new() };
    let report = match parity::report_of(&config, pages) {
        Ok(r) => r,
        Err(f) => return failed(f),
    };
    if exports {
        return match super::parity_cat::export(&config, &kept, &report, args.xliff.as_deref(), args.tmx.as_deref()) {
            Ok(()) => super::SUCCESS,
            Err(e) => fail(&e),
        };
    }
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

/// The site's pages, once they pass what a build checks before it renders: the redaction
/// stage (unknown exemptions, nested or unterminated redactions, stray markers) and the
/// shortcodes the templates have. A site that `cahier build` refuses gets the same errors
/// here, and exit status 2, instead of a report made of what it would not publish.
fn checked_pages(config: &Config, drafts: bool) -> Result<Vec<SourcePage>, Failure> {
    let pages = crate::content::load(config, drafts)?.pages;
    let i18n = crate::i18n::I18n::load(config)?;
    let settings = crate::build::redaction_settings(config, &i18n, Mode::Public)?;
    let redacted = redact::run(pages.clone(), &settings)?;
    let templates = crate::templates::Templates::load(config)?;
    let known = |name: &str| {
        templates.has(&format!("shortcodes/{name}.html")) || templates.has(&format!("shortcodes/{name}.md"))
    };
    let unknown: Diagnostics =
        redacted.pages.iter().flat_map(|p| crate::markdown::unknown_shortcodes(p, &known)).collect();
    if unknown.has_errors() {
        return Err(unknown.into());
    }
    Ok(pages)
}
