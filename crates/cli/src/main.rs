//! `maturity`: measures an organization's cloud security maturity on the AWS Security Maturity
//! Model v2 and the Cloud Security Maturity Model v2, and says what to do next.
//!
//! This binary only parses arguments and reports errors; the work is in the library crates.
//! Exit codes: 0 done, 1 done but a `--fail-below-*` gate was hit, 2 bad input or error.

mod args;
mod commands;
mod inputs;
mod saved;
mod summary;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;

/// mimalloc rather than the system's allocator: an assessment makes and frees millions of small
/// values (findings, parsed facts) on every core, where glibc's malloc spent a third of the time
/// (README, "Scale").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(outcome) => ExitCode::from(outcome as u8),
        Err(error) => {
            // A closed pipe (`maturity catalog aws-smm | head`) is not an error.
            if error.chain().any(|e| {
                e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "error: {error:#}");
            ExitCode::from(2)
        }
    }
}
