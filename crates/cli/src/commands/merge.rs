//! `maturity merge`: one bundle of the N shard bundles of a sharded scan. The checks and the
//! merge are `maturity_evidence::shard::merge` (no AWS SDK, so this works in the offline build);
//! this reads the files, writes the result and says what it merged.

use anyhow::{Context as _, Result};
use maturity_evidence::Bundle;

use super::{Outcome, write_output};
use crate::args::MergeArgs;

pub(super) fn run(args: &MergeArgs) -> Result<Outcome> {
    let mut shards = Vec::with_capacity(args.bundles.len());
    for path in &args.bundles {
        shards.push((path.display().to_string(), Bundle::from_path(path)?));
    }
    let scan = shards.first().and_then(|(_, b)| b.shard.as_ref()).map(|s| (s.scan_id.clone(), s.count));
    let merged = maturity_evidence::shard::merge(shards)?;
    let json = serde_json::to_string_pretty(&merged).context("serializing the merged evidence bundle")? + "\n";
    write_output(Some(&args.out), &json)?;
    let (scan_id, count) = scan.unwrap_or_default();
    eprintln!(
        "wrote {}: {count} shards of scan {scan_id}, {} accounts, {} regions, {} API calls",
        args.out.display(),
        merged.accounts.len(),
        merged.scope.regions.len(),
        merged.api_calls.values().sum::<u64>()
    );
    Ok(Outcome::Done)
}
