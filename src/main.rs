//! The `cahier` command: parse the command line, run the command, exit with its status.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: a build holds a large heap of small values
/// (template data, highlighting states) allocated and freed on every thread at once, where
/// glibc's allocator spends its time consolidating free lists (a third of the CPU at
/// 2 × 10,000 pages, and growing faster than the site).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match cahier::cmd::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { cahier::cmd::ERRORS } else { cahier::cmd::SUCCESS });
        }
    };
    ExitCode::from(cahier::cmd::run(cli))
}
