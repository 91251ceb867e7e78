//! How long the HTML report of a 1,000-account organization takes to render, and how large it
//! is, against the limits of issue #3 (under 5 s, under 10 MB).
//!
//! `cargo bench -p maturity-report --bench render [-- ACCOUNTS]`. A plain timing loop rather than
//! criterion: the question is "far below the limit or not", not a 2 % regression.

#[path = "../tests/support/synthetic.rs"]
mod synthetic;

use std::time::{Duration, Instant};

use maturity_model::Catalogs;
use maturity_report::Format;

const LIMIT_SECONDS: f64 = 5.0;
const LIMIT_BYTES: f64 = 10.0 * 1024.0 * 1024.0;
const RUNS: usize = 5;

fn main() {
    let accounts = std::env::args().skip(1).find_map(|a| a.parse::<usize>().ok()).unwrap_or(1000);
    let catalogs = Catalogs::builtin().unwrap_or_else(|e| panic!("catalogs: {e:?}"));
    let base = maturity_demo::assessment().unwrap_or_else(|e| panic!("demo: {e}"));
    let started = Instant::now();
    let assessment = synthetic::grow(base, catalogs, accounts);
    println!(
        "synthetic organization: {accounts} accounts, {} findings (built in {:.2} s)",
        assessment.findings.len(),
        started.elapsed().as_secs_f64()
    );
    for format in [Format::Html, Format::Markdown, Format::CsvControls, Format::CsvFindings, Format::Json] {
        let mut times = Vec::with_capacity(RUNS);
        let mut size = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            let bytes = maturity_report::render(format, &assessment, catalogs).unwrap_or_else(|e| panic!("{e}"));
            times.push(started.elapsed());
            size = bytes.len();
        }
        times.sort();
        let median = times.get(RUNS / 2).copied().unwrap_or(Duration::ZERO).as_secs_f64();
        #[expect(clippy::cast_precision_loss, reason = "sizes far below 2^52")]
        let bytes = size as f64;
        if format == Format::Html {
            println!(
                "{:<14} median {median:>7.3} s ({:>5.1} % of the 5 s limit), {:>6.2} MB ({:>5.1} % of the 10 MB limit)",
                format.file_name(),
                median * 100.0 / LIMIT_SECONDS,
                bytes / 1024.0 / 1024.0,
                bytes * 100.0 / LIMIT_BYTES
            );
        } else {
            println!("{:<14} median {median:>7.3} s, {:>6.2} MB", format.file_name(), bytes / 1024.0 / 1024.0);
        }
    }
}
