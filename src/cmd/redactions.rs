//! `cahier redactions`: the redaction log of the public build, like a release package's
//! schedule: every redacted passage (page, language, `path:line`, exemptions, length), the
//! pages withheld whole, and the translation pairs whose versions do not withhold under the
//! same exemptions the same number of times, and block by block, each redacted block of a
//! translation with its counterpart (both redact, refused, or dismissed by a reviewer in
//! `redactions-dismissed.toml`). Exit 1 when there are such pairs or a refused block.

use std::io::Write;
use std::path::Path;

use crate::build::{BuildOptions, Failure, config_for, redaction_settings};
use crate::i18n::I18n;
use crate::redact::log::{BlockEntry, BlockStatus};
use crate::redact::{self, Format, Mode};

/// Options of `cahier redactions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// text, json or csv.
    #[arg(long, default_value = "text", value_parser = ["text", "json", "csv"])]
    pub format: String,
    /// Include draft pages.
    #[arg(long)]
    pub drafts: bool,
}

/// Prints the log.
pub fn run(root: &Path, args: Args) -> u8 {
    match log(root, &args) {
        Ok((text, mismatches)) => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            if mismatches > 0 { super::FINDINGS } else { super::SUCCESS }
        }
        Err(f) => super::report_failure(f),
    }
}

fn log(root: &Path, args: &Args) -> Result<(String, usize), Failure> {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output_dir: None,
        base_url: None,
        drafts: args.drafts,
        mode: Mode::Public,
        // Nothing is written: an output folder of the user's own is no concern here.
        force: true,
    };
    let config = config_for(&opts)?;
    let i18n = I18n::load(&config)?;
    let loaded = crate::content::load(&config, args.drafts)?;
    let blocks: Vec<BlockEntry> = redact::pairs::review(&config.root, &loaded.pages)?
        .into_iter()
        .map(|(pair, dismissed)| BlockEntry::new(pair, dismissed))
        .collect();
    let mut redacted = redact::run(loaded.pages, &redaction_settings(&config, &i18n, Mode::Public)?)?;
    redacted.log.blocks = blocks;
    let format = match args.format.as_str() {
        "json" => Format::Json,
        "csv" => Format::Csv,
        _ => Format::Text,
    };
    let refused = redacted.log.blocks.iter().filter(|b| b.status == BlockStatus::Refused).count();
    Ok((redact::render(&redacted.log, format), redacted.log.parity.len() + refused))
}
