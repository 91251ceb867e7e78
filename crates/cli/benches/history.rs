//! How long `maturity history` takes over 100 saved assessments, against the limit of issue 12
//! (under 100 ms): the whole command, process start and database open included, as a user runs it.
//!
//! `cargo bench -p maturity-cli --bench history [-- SAVED]`. The database is an SQLite file filled
//! with the demo's assessment and evidence, each saved a week after the last. A plain timing loop:
//! the question is "far below the limit or not".

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{TimeZone as _, Utc};
use maturity_store::{SaveRequest, Store};

const LIMIT_SECONDS: f64 = 0.1;
const RUNS: usize = 11;

async fn fill(path: &Path, saved: usize) -> Result<(), Box<dyn std::error::Error>> {
    let assessment = maturity_demo::assessment()?;
    let store = Store::open(path).await?;
    let first = Utc.with_ymd_and_hms(2025, 1, 6, 9, 0, 0).single().ok_or("a valid date")?;
    for week in 0..saved {
        let request = SaveRequest {
            evidence_json: Some(maturity_demo::EVIDENCE_JSON),
            answers_toml: Some(maturity_demo::ANSWERS_TOML),
            exceptions_toml: Some(maturity_demo::EXCEPTIONS_TOML),
            saved_at: first + chrono::Days::new(7 * u64::try_from(week)?),
            ..SaveRequest::new(&assessment)
        };
        store.save(&request).await?;
    }
    store.close().await;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let saved = std::env::args().skip(1).find_map(|a| a.parse::<usize>().ok()).unwrap_or(100);
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("maturity.db");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let started = Instant::now();
    runtime.block_on(fill(&db, saved))?;
    #[expect(clippy::cast_precision_loss, reason = "sizes far below 2^52")]
    let megabytes = std::fs::metadata(&db)?.len() as f64 / 1024.0 / 1024.0;
    println!("{saved} saved assessments in {:.2} s, database {megabytes:.1} MB", started.elapsed().as_secs_f64());

    let mut times = Vec::with_capacity(RUNS);
    let mut rows = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_maturity")).args(["history", "--db"]).arg(&db).output()?;
        times.push(started.elapsed());
        if !output.status.success() {
            return Err(format!("maturity history failed: {}", String::from_utf8_lossy(&output.stderr)).into());
        }
        rows = output.stdout.iter().filter(|b| **b == b'\n').count().saturating_sub(1);
    }
    times.sort();
    let median = times.get(RUNS / 2).copied().unwrap_or(Duration::ZERO).as_secs_f64();
    println!(
        "maturity history: {rows} rows, median {:.1} ms ({:.1} % of the 100 ms limit), fastest {:.1} ms",
        median * 1000.0,
        median * 100.0 / LIMIT_SECONDS,
        times.first().copied().unwrap_or(Duration::ZERO).as_secs_f64() * 1000.0
    );
    Ok(())
}
