//! `maturity scan`: collect evidence from AWS into a bundle, reporting progress on standard
//! error (`progress`: a progress bar on a terminal, one line per event elsewhere).

mod progress;

use std::sync::Arc;

use anyhow::Result;
use maturity_collect::{Progress, RegionSelection, Retries, ScanOptions, Timeouts};

use super::Outcome;
use crate::args::ScanArgs;
use progress::StderrProgress;

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
        per_account: usize::from(args.per_account),
        timeouts: Timeouts::default(),
        retries: Retries::default(),
        shard: args.shard,
        scan_id: args.scan_id.clone(),
    };
    let progress = Arc::new(StderrProgress::new());
    let scanning = maturity_collect::scan_to_file(&options, Arc::clone(&progress) as Arc<dyn Progress>, &args.out);
    let written = maturity_collect::blocking(scanning)?;
    progress.finish();
    if let Some(shard) = &written.shard {
        eprintln!(
            "shard {}/{} of scan {}: {} of the organization's {} in-scope accounts; join the {} shards with `maturity merge`",
            shard.index,
            shard.count,
            shard.scan_id,
            written.accounts,
            shard.organization_accounts.len(),
            shard.count
        );
    }
    let coverage = &written.coverage;
    eprintln!(
        "wrote {}: {} accounts ({} unreachable), {} regions, {} API calls ({} retries, {} throttled); facts: {} ok, {} denied, {} unavailable, {} failed",
        args.out.display(),
        written.accounts,
        coverage.accounts_unreachable,
        written.regions,
        written.api_calls,
        written.attempts.retries,
        written.attempts.throttled,
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
