//! Writes a synthetic evidence bundle grown from the demo organization (see
//! `maturity_demo::synthetic`), to measure `maturity assess` on large organizations
//! (`scripts/bench-assess.sh`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use maturity_demo::synthetic::{STANDARD_REGIONS, Shape, write_bundle};

/// Write a synthetic evidence bundle: the demo's accounts and copies of its members.
#[derive(Parser)]
struct Args {
    /// Accounts in all, the demo's six included.
    #[arg(long)]
    accounts: usize,
    /// Regions scanned in every account: the demo's three, then other standard regions.
    #[arg(long, default_value_t = STANDARD_REGIONS.len())]
    regions: usize,
    /// The bundle file to write.
    #[arg(long)]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    // The bundle appears whole or not at all, as every file `maturity` writes.
    let written = maturity_input::write_atomically_with(&args.out, |out| {
        write_bundle(out, Shape { accounts: args.accounts, regions: args.regions })
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("synthetic-bundle: {}: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}
