//! A process killed in the middle of a save (power cut, OOM killer, Ctrl-\) leaves the database
//! consistent: every assessment saved before is intact and loads, the interrupted one is either
//! wholly there or not at all, and the next save works. Run on both backends.
//!
//! The test starts this same test binary again as a child that saves in a loop (the test
//! `child_saving_in_a_loop`, which does nothing unless [`CHILD_DB`] is set), learns from its first
//! saves how long one takes, and kills it with SIGKILL halfway through a later one.

mod support;

use std::io::{BufRead as _, BufReader, Write as _};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use maturity_store::{Location, SaveRequest, Store};
use support::{TestResult, both, raw};

/// Set to the database the child saves into; unset, the child test returns at once.
const CHILD_DB: &str = "MATURITY_STORE_CRASH_CHILD_DB";

/// Saves the child completes before the one it is killed in.
const SAVES_BEFORE: usize = 3;

/// An evidence text large enough that one save takes a while (a large organization's bundle).
fn large_evidence() -> String {
    maturity_demo::EVIDENCE_JSON.repeat(20)
}

/// The child's body; see the module doc.
#[tokio::test]
async fn child_saving_in_a_loop() -> TestResult {
    let Ok(db) = std::env::var(CHILD_DB) else { return Ok(()) };
    let store = Store::connect(&Location::parse(&db)).await?;
    let assessment = maturity_demo::assessment()?;
    let evidence = large_evidence();
    let mut out = std::io::stdout().lock();
    for n in 0.. {
        writeln!(out, "saving {n}")?;
        out.flush()?;
        let id = store.save(&SaveRequest { evidence_json: Some(&evidence), ..SaveRequest::new(&assessment) }).await?;
        writeln!(out, "saved {n} {id}")?;
        out.flush()?;
    }
    Ok(())
}

both!(a_save_killed_halfway_leaves_the_previous_ones_intact);
async fn a_save_killed_halfway_leaves_the_previous_ones_intact(db: Location) -> TestResult {
    // The child connects with its own store; create the schema first so that the kill cannot
    // land in the migration instead.
    Store::connect(&db).await?.close().await;
    let url = match &db {
        Location::Sqlite(path) => path.display().to_string(),
        Location::Postgres(url) => url.clone(),
    };
    let mut child = Command::new(std::env::current_exe()?)
        .args(["child_saving_in_a_loop", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_DB, &url)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let stdout = child.stdout.take().ok_or("the child's output")?;
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send((Instant::now(), line));
        }
    });

    let mut saved = Vec::new();
    let mut started = Instant::now();
    let mut longest = Duration::ZERO;
    let killed_in = loop {
        let (at, line) = received
            .recv_timeout(Duration::from_secs(120))
            .map_err(|e| format!("the child stopped saving after {saved:?} ({e}); its errors are above"))?;
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["saving", n] if saved.len() == SAVES_BEFORE => {
                std::thread::sleep(longest / 2);
                child.kill()?;
                break n.parse::<usize>()?;
            }
            ["saving", _] => started = at,
            ["saved", _, id] => {
                saved.push(id.parse::<i64>()?);
                longest = longest.max(at - started);
            }
            _ => {}
        }
    };
    child.wait()?;
    eprintln!("killed in save {killed_in}, {:?} into it (a save took up to {longest:?})", longest / 2);

    let store = Store::connect(&db).await?;
    let mut ids: Vec<i64> = store.list().await?.iter().map(|s| s.id).collect();
    ids.reverse();
    assert!(ids.starts_with(&saved), "saved {saved:?}, found {ids:?}");
    assert!(ids.len() <= saved.len() + 1, "more than the interrupted save appeared: {ids:?}");
    let assessment = maturity_demo::assessment()?;
    for id in &ids {
        assert_eq!(store.load(*id).await?, assessment, "assessment {id} changed");
    }
    if let Location::Sqlite(_) = db {
        let pool = raw(&db).await?;
        let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&pool).await?;
        assert_eq!(check, "ok");
        pool.close().await;
    }
    let next = store.save(&SaveRequest::new(&assessment)).await?;
    assert!(ids.iter().all(|id| *id < next));
    assert_eq!(store.list().await?.len(), ids.len() + 1);
    Ok(())
}
