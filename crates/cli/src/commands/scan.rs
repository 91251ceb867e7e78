//! `maturity scan`: collect evidence from AWS into a bundle, reporting progress on standard
//! error (one line per event when it is not a terminal, a progress line when it is).

use std::io::{IsTerminal as _, Write as _};
use std::sync::{Arc, Mutex};

use anyhow::{Context as _, Result};
use maturity_collect::{Event, Progress, RegionSelection, ScanOptions, Timeouts};

use super::{Outcome, write_output};
use crate::args::ScanArgs;

pub(super) fn run(args: &ScanArgs) -> Result<Outcome> {
    let options = ScanOptions {
        profile: args.profile.clone(),
        static_credentials: None,
        region: args.region.clone(),
        regions: regions(&args.regions),
        organization: args.org,
        role_name: args.role.clone(),
        external_id: args.external_id.clone(),
        accounts: args.accounts.clone(),
        endpoint_url: args.endpoint_url.clone(),
        concurrency: usize::from(args.concurrency),
        timeouts: Timeouts::default(),
    };
    let progress = Arc::new(StderrProgress::new());
    let bundle = maturity_collect::scan_blocking(&options, Arc::clone(&progress) as Arc<dyn Progress>)?;
    progress.finish();
    let json = serde_json::to_string_pretty(&bundle).context("serializing the evidence bundle")? + "\n";
    write_output(Some(&args.out), &json)?;
    let coverage = bundle.coverage();
    let calls: u64 = bundle.api_calls.values().sum();
    eprintln!(
        "wrote {}: {} accounts ({} unreachable), {} regions, {} API calls; facts: {} ok, {} denied, {} unavailable, {} failed",
        args.out.display(),
        bundle.accounts.len(),
        coverage.accounts_unreachable,
        bundle.scope.regions.len(),
        calls,
        coverage.ok,
        coverage.denied,
        coverage.unavailable,
        coverage.failed
    );
    Ok(Outcome::Done)
}

fn regions(list: &[String]) -> RegionSelection {
    let named: Vec<String> = list.iter().map(|r| r.trim().to_owned()).filter(|r| !r.is_empty()).collect();
    if named.is_empty() || named.iter().any(|r| r == "all") {
        RegionSelection::Enabled
    } else {
        RegionSelection::List(named)
    }
}

/// Progress on standard error.
struct StderrProgress {
    terminal: bool,
    state: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    accounts: usize,
    accounts_done: usize,
    regions_done: usize,
    problems: usize,
    calls: u64,
}

impl StderrProgress {
    fn new() -> StderrProgress {
        StderrProgress { terminal: std::io::stderr().is_terminal(), state: Mutex::new(Counts::default()) }
    }

    fn finish(&self) {
        if self.terminal {
            eprintln!();
        }
    }
}

impl Progress for StderrProgress {
    fn event(&self, event: Event) {
        let mut counts = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Problems and unreachable accounts are worth a line of their own even on a terminal.
        let lasting = matches!(event, Event::Problem { .. } | Event::AccountUnreachable { .. });
        let line = match event {
            Event::Planned { accounts } => {
                counts.accounts = accounts;
                format!("scan: {accounts} accounts to scan")
            }
            Event::AccountUnreachable { account_id, reason } => {
                counts.accounts_done += 1;
                counts.problems += 1;
                format!("scan: account {account_id} unreachable: {reason}")
            }
            Event::Problem { account_id, region, fact, detail } => {
                counts.problems += 1;
                let region = region.map(|r| format!(" {r}")).unwrap_or_default();
                format!("scan: {account_id}{region} {fact}: {detail}")
            }
            Event::RegionDone { account_id, region } => {
                counts.regions_done += 1;
                format!("scan: {account_id} {region} done")
            }
            Event::AccountDone { account_id, calls_so_far } => {
                counts.accounts_done += 1;
                counts.calls = calls_so_far;
                format!("scan: account {account_id} done ({calls_so_far} API calls so far)")
            }
        };
        let mut stderr = std::io::stderr().lock();
        // Progress output is best effort: a closed standard error must not stop the scan.
        let _ = if self.terminal {
            if lasting {
                let _ = writeln!(stderr, "\r\x1b[2K{line}");
            }
            write!(
                stderr,
                "\r\x1b[2Kaccounts {}/{}, regions done {}, API calls {}, problems {}",
                counts.accounts_done, counts.accounts, counts.regions_done, counts.calls, counts.problems
            )
        } else {
            writeln!(stderr, "{line}")
        };
    }
}
