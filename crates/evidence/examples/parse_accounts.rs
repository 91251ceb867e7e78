//! How long reading a bundle and parsing its accounts take, and nothing else: the floor under
//! `maturity assess` (README, "How `assess` grows"). Reads the bundle with the scanner
//! `maturity assess` uses, then parses every account into the evidence types on one thread.
//!
//! `cargo run --release -p maturity-evidence --example parse_accounts -- bundle.json`

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use maturity_evidence::read::{AccountSink, read_accounts};
use maturity_evidence::{AccountEvidence, Bundle};

/// The accounts' texts, as the scanner hands them on.
#[derive(Default)]
struct Texts(Vec<String>);

impl AccountSink for Texts {
    fn head(&mut self, _: &Bundle) {}

    fn account(&mut self, _: usize, json: String) {
        self.0.push(json);
    }
}

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: parse_accounts BUNDLE.json");
        return ExitCode::FAILURE;
    };
    let start = Instant::now();
    let mut texts = Texts::default();
    if let Err(error) = read_accounts(&path, &mut texts) {
        eprintln!("{error}");
        return ExitCode::FAILURE;
    }
    let scanned = start.elapsed();
    let bytes: usize = texts.0.iter().map(String::len).sum();
    let start = Instant::now();
    for (index, text) in texts.0.iter().enumerate() {
        if let Err(error) = serde_json::from_str::<AccountEvidence>(text) {
            eprintln!("account {index}: {error}");
            return ExitCode::FAILURE;
        }
    }
    let parsed = start.elapsed();
    let megabytes = bytes as f64 / 1e6;
    println!(
        "{} accounts, {megabytes:.0} MB: scanned in {:.2} s, parsed in {:.2} s on one thread ({:.0} MB/s)",
        texts.0.len(),
        scanned.as_secs_f64(),
        parsed.as_secs_f64(),
        megabytes / parsed.as_secs_f64().max(1e-9)
    );
    ExitCode::SUCCESS
}
