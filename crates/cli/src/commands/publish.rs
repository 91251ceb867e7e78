//! `maturity publish security-hub`: the tool's one write. The findings file is read and checked
//! whole first (`maturity_collect::publish::read_findings`), so a file that cannot be sent as it
//! is sends nothing; `--dry-run` stops there.

use std::collections::BTreeSet;

use anyhow::{Context as _, Result, bail};
use maturity_collect::ScanOptions;
use maturity_collect::publish::{FINDINGS_PER_CALL, PublishOptions};

use super::Outcome;
use crate::args::PublishArgs;

pub(super) fn security_hub(args: &PublishArgs) -> Result<Outcome> {
    let file = args.findings.display().to_string();
    let text = std::fs::read_to_string(&args.findings).with_context(|| format!("cannot read {file}"))?;
    let findings = maturity_collect::publish::read_findings(&file, &text)?;
    if args.dry_run {
        let accounts: BTreeSet<&str> = findings.iter().filter_map(|f| f.aws_account_id()).collect();
        eprintln!(
            "{file}: {} findings of {} accounts, ready to send ({FINDINGS_PER_CALL} a call, each from its account); \
             nothing sent (--dry-run)",
            findings.len(),
            accounts.len()
        );
        return Ok(Outcome::Done);
    }
    let options = PublishOptions {
        connection: ScanOptions {
            profile: args.profile.clone(),
            region: args.region.clone(),
            role_name: args.role.clone(),
            external_id: args.external_id.clone(),
            endpoint_url: args.endpoint_url.clone(),
            ..ScanOptions::default()
        },
    };
    let published = maturity_collect::publish::security_hub_blocking(&options, findings)?;
    for (id, code, message) in &published.refused {
        eprintln!("refused by Security Hub: {id}: {code}: {message}");
    }
    for (account, region, count) in &published.destinations {
        eprintln!("sent {count} findings to Security Hub of {account} in {region}");
    }
    eprintln!(
        "Security Hub: {} findings imported, {} refused, in {} BatchImportFindings calls to {} accounts and regions",
        published.imported,
        published.refused.len(),
        published.calls,
        published.destinations.len()
    );
    if !published.refused.is_empty() {
        bail!("Security Hub refused {} of the findings (listed above)", published.refused.len());
    }
    Ok(Outcome::Done)
}
