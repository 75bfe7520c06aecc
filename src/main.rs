//! The `cahier` command: parse the command line, run the command, exit with its status.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: a build holds a large heap of small values
/// (template data, highlighting states) allocated and freed on every thread at once, where
/// glibc's allocator spends its time consolidating free lists (a third of the CPU at
/// 2 × 10,000 pages, and growing faster than the site).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: its place in `mi_option_t` (mimalloc.h), the same in
/// mimalloc 2 and 3; libmimalloc-sys does not name it.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory for reuse instead of handing it back to the system a second later.
/// A build frees and reallocates hundreds of MB between stages; returned memory comes back
/// as fresh pages the kernel must zero again, which cost a build at 2 × 10,000 pages up to
/// a second of system time. The process's footprint stays at its peak, as with glibc.
#[allow(unsafe_code)]
fn keep_freed_memory() {
    // SAFETY: `mi_option_set` takes any option and value; it runs before any other thread.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = match cahier::cmd::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { cahier::cmd::ERRORS } else { cahier::cmd::SUCCESS });
        }
    };
    ExitCode::from(cahier::cmd::run(cli))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `PURGE_DELAY` names mimalloc's purge delay: its value is mimalloc 3's default (1000 ms)
    /// or the environment's, until `keep_freed_memory` sets it to never.
    #[test]
    #[allow(unsafe_code)]
    fn the_purge_delay_option_is_the_one_set() {
        let expected = std::env::var("MIMALLOC_PURGE_DELAY").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
        // SAFETY: reading an option has no precondition.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, expected);
        keep_freed_memory();
        // SAFETY: as above.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, -1);
    }
}
