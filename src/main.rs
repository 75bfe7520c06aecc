//! The `cahier` command: parse the command line, run the command, exit with its status.

use std::process::ExitCode;

use clap::Parser;

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
