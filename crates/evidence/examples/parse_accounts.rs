//! How long reading a bundle and parsing its accounts take, and nothing else: the floor under
//! `maturity assess` (README, "How `assess` grows"). Reads the bundle twice with the scanner
//! `maturity assess` uses: once dropping each account's text, then handing the texts to a thread
//! per core (as many as `assess` starts) that parse them into the evidence types, 64 accounts at
//! a time, and drop them. It allocates with mimalloc, as the `maturity` binary does.
//!
//! `cargo run --release -p maturity-evidence --example parse_accounts -- bundle.json`

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use maturity_evidence::read::{AccountSink, read_accounts};
use maturity_evidence::{AccountEvidence, Bundle};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How many accounts a parsing thread takes at a time (`maturity assess`'s batch).
const BATCH: usize = 64;

/// Where the scanner puts the accounts' texts: counted, and sent on in batches when `queue`.
struct Texts {
    queue: Option<SyncSender<Vec<String>>>,
    filling: Vec<String>,
    accounts: usize,
    bytes: usize,
}

impl Texts {
    fn flush(&mut self) {
        let batch = std::mem::take(&mut self.filling);
        if let (Some(queue), false) = (&self.queue, batch.is_empty()) {
            // Fails only once every parser stopped; the parser that stopped says why.
            let _ = queue.send(batch);
        }
    }
}

impl AccountSink for Texts {
    fn head(&mut self, _: &Bundle) {}

    fn account(&mut self, _: usize, json: String) {
        self.accounts += 1;
        self.bytes += json.len();
        if self.queue.is_some() {
            self.filling.push(json);
            if self.filling.len() == BATCH {
                self.flush();
            }
        }
    }
}

/// Parses the batches of `queue` until it closes; an account that is not one (said with
/// serde_json's error) stops the parsing.
fn parse(queue: &Mutex<Receiver<Vec<String>>>, regions: &AtomicUsize, broken: &AtomicBool) {
    loop {
        let batch = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        let Ok(batch) = batch else { return };
        for text in batch {
            match serde_json::from_str::<AccountEvidence>(&text) {
                Ok(account) => {
                    regions.fetch_add(account.regions.len(), Ordering::Relaxed);
                }
                Err(error) => {
                    eprintln!("an account is not one: {error}");
                    broken.store(true, Ordering::Relaxed);
                    return;
                }
            }
        }
    }
}

/// Reads the bundle at `path`, parsing its accounts on `threads` threads (none: only read);
/// returns the time taken, the accounts, their bytes and their regions, or why it could not.
fn read(path: &Path, threads: usize) -> Result<(Duration, usize, usize, usize), String> {
    let start = Instant::now();
    let (regions, broken) = (AtomicUsize::new(0), AtomicBool::new(false));
    let (queue, batches) = mpsc::sync_channel::<Vec<String>>(threads);
    let batches = Arc::new(Mutex::new(batches));
    let mut texts = Texts { queue: (threads > 0).then_some(queue), filling: Vec::new(), accounts: 0, bytes: 0 };
    let read = std::thread::scope(|scope| {
        for _ in 0..threads {
            let (batches, regions, broken) = (Arc::clone(&batches), &regions, &broken);
            scope.spawn(move || parse(&batches, regions, broken));
        }
        drop(batches);
        let read = read_accounts(path, &mut texts);
        texts.flush();
        // The last sender: the parsers stop once the queue is empty.
        texts.queue = None;
        read
    });
    read.map_err(|e| e.to_string())?;
    if broken.load(Ordering::Relaxed) {
        return Err(format!("{}: an account is not one", path.display()));
    }
    Ok((start.elapsed(), texts.accounts, texts.bytes, regions.load(Ordering::Relaxed)))
}

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: parse_accounts BUNDLE.json");
        return ExitCode::FAILURE;
    };
    // As many threads as `maturity assess` starts.
    let threads = std::thread::available_parallelism().map_or(2, usize::from).clamp(1, 8);
    let measured = read(&path, 0).and_then(|scanned| Ok((scanned, read(&path, threads)?)));
    let ((scanned, accounts, bytes, _), (parsed, _, _, regions)) = match measured {
        Ok(measured) => measured,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let megabytes = bytes as f64 / 1e6;
    println!(
        "{accounts} accounts, {regions} regions, {megabytes:.0} MB: read alone in {:.2} s; read and parsed on {threads} thread{} in {:.2} s ({:.0} MB/s)",
        scanned.as_secs_f64(),
        if threads == 1 { "" } else { "s" },
        parsed.as_secs_f64(),
        megabytes / parsed.as_secs_f64().max(1e-9)
    );
    ExitCode::SUCCESS
}
