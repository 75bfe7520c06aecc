//! `cahier build`: build the site (public by default, or `--internal`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::build::{BuildOptions, build};
use crate::redact::Mode;

/// Options of `cahier build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the site (default: the config's `output_dir`, `public/` in the site).
    #[arg(short, long)]
    pub output_dir: Option<PathBuf>,
    /// Use this base URL instead of the config's `base_url`.
    #[arg(short = 'u', long)]
    pub base_url: Option<String>,
    /// Include pages and sections marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Build the internal review site: redacted text shown and highlighted, drafts included,
    /// every page marked. Written to `public-internal/` unless --output-dir says otherwise;
    /// never into the public output folder.
    #[arg(long)]
    pub internal: bool,
    /// Replace the output folder even if it is not empty and no cahier build wrote it (it
    /// has no `.cahier-output` file). The site's own folders are refused even so.
    #[arg(long)]
    pub force: bool,
    /// Print how long each stage of the build took and the memory resident after it.
    #[arg(long)]
    pub timings: bool,
}

/// Says which Zola generation the site is built as, and why, before the build starts. A
/// config that does not load says nothing here: the build reports it.
pub(super) fn print_generation(root: &Path) {
    if let Ok(config) = crate::config::Config::load(root, &crate::config::Overrides::default()) {
        eprintln!("{}", crate::templates::generation::choose(&config));
    }
}

/// Runs the build and prints its outcome.
pub fn run(root: &Path, args: Args) -> u8 {
    let start = Instant::now();
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output_dir: args.output_dir,
        base_url: args.base_url,
        drafts: args.drafts,
        mode: if args.internal { Mode::Internal } else { Mode::Public },
        force: args.force,
    };
    print_generation(root);
    match build(&opts) {
        Ok(report) => {
            let mut err = std::io::stderr().lock();
            for w in &report.warnings {
                let _ = writeln!(err, "{w}");
            }
            let _ = writeln!(
                err,
                "Built {} pages and sections into {} in {} ms{}",
                report.pages,
                report.output_dir.display(),
                start.elapsed().as_millis(),
                if opts.mode == Mode::Internal { " (internal build: not for publication)" } else { "" }
            );
            if args.timings {
                let _ = write!(err, "{}", report.timings);
            }
            super::SUCCESS
        }
        Err(f) => super::report_failure(f),
    }
}
