//! `scan --org --shard K/N`: scan one of N disjoint, stable slices of the organization's accounts,
//! so that N processes (pods of a Kubernetes Indexed Job, children of an AWS Batch array job)
//! share a large organization, and `maturity merge` makes one bundle of their N bundles.
//!
//! Kept out of `scan.rs` on purpose: the scan calls [`validate`], [`slice`] and
//! [`organization_facts`] and knows nothing else about shards. Which account goes to which shard,
//! and what the merge checks, are in `maturity_evidence::shard`, so that the merge works in the
//! offline build.
//!
//! Every shard lists the organization's accounts itself (`organizations:ListAccounts`), so each
//! records the full in-scope list it saw: the merge refuses shards that saw different lists (an
//! account created or closed while the shards ran) rather than silently missing an account.

use maturity_evidence::shard::derived_scan_id;
use maturity_evidence::{Fact, OrganizationFacts, RequestedRegions, Shard};

use crate::error::CollectError;
use crate::options::{RegionSelection, ScanOptions};

/// The longest `--scan-id` accepted.
const MAX_SCAN_ID: usize = 128;

/// Refuses shard options that cannot work, before any call.
pub(crate) fn validate(options: &ScanOptions) -> Result<(), CollectError> {
    if options.shard.is_some() && !options.organization {
        return Err(CollectError::Options(
            "--shard splits an organization's accounts: it needs --org (and --role)".to_owned(),
        ));
    }
    if let Some(scan_id) = &options.scan_id {
        if options.shard.is_none() {
            return Err(CollectError::Options(
                "--scan-id names the run of a sharded scan: it needs --shard".to_owned(),
            ));
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':');
        if scan_id.is_empty() || scan_id.len() > MAX_SCAN_ID || !scan_id.chars().all(allowed) {
            return Err(CollectError::Options(format!(
                "--scan-id `{}` must be 1 to {MAX_SCAN_ID} letters, digits, `-`, `_`, `.` or `:` (a job's name or uid)",
                scan_id.escape_default()
            )));
        }
    }
    Ok(())
}

/// This shard's accounts among `targets` (the in-scope accounts in scan order, order kept), and
/// the record the bundle carries; all of `targets` and no record when the scan is not sharded.
pub(crate) fn slice<T>(
    options: &ScanOptions,
    organization: Option<&OrganizationFacts>,
    targets: Vec<(String, T)>,
) -> (Vec<(String, T)>, Option<Shard>) {
    let Some(spec) = options.shard else { return (targets, None) };
    let regions = match &options.regions {
        RegionSelection::Enabled => RequestedRegions::Enabled,
        RegionSelection::List(list) => {
            let mut list: Vec<String> = list.clone();
            list.sort();
            list.dedup();
            RequestedRegions::List(list)
        }
    };
    let organization_accounts: Vec<String> = targets.iter().map(|(id, _)| id.clone()).collect();
    let organization_id = organization.and_then(|facts| match &facts.organization {
        Fact::Ok(org) => Some(org.id.as_str()),
        _ => None,
    });
    let scan_id = options
        .scan_id
        .clone()
        .unwrap_or_else(|| derived_scan_id(organization_id, spec.count(), &regions, &organization_accounts));
    let mine = targets.into_iter().filter(|(id, _)| spec.holds(id)).collect();
    let record = Shard { index: spec.index(), count: spec.count(), scan_id, regions, organization_accounts };
    (mine, Some(record))
}

/// Whether this scan keeps the organization's facts, and so must read them all: unsharded, or
/// the first shard. The other shards read only the account list (`organizations::Depth`).
pub(crate) fn keeps_organization_facts(options: &ScanOptions) -> bool {
    options.shard.is_none_or(|spec| spec.index() == 1)
}

/// The organization facts the bundle keeps: all of them unsharded and in shard 1, none in the
/// other shards (organization-level facts are gathered once per scan, not once per shard).
pub(crate) fn organization_facts(shard: Option<&Shard>, facts: Option<OrganizationFacts>) -> Option<OrganizationFacts> {
    match shard {
        Some(shard) if shard.index != 1 => None,
        _ => facts,
    }
}

#[cfg(test)]
mod tests {
    use maturity_evidence::{Organization, ShardSpec};

    use super::*;

    const ACCOUNTS: [&str; 6] =
        ["123456789012", "111111111111", "222222222222", "333333333333", "444444444444", "555555555555"];

    fn targets(order: &[&str]) -> Vec<(String, ())> {
        order.iter().map(|id| ((*id).to_owned(), ())).collect()
    }

    fn sharded(index: u32, count: u32) -> ScanOptions {
        ScanOptions {
            organization: true,
            role_name: Some("Auditor".to_owned()),
            shard: ShardSpec::new(index, count).ok(),
            regions: RegionSelection::List(vec!["us-east-1".into(), "eu-west-1".into(), "us-east-1".into()]),
            ..ScanOptions::default()
        }
    }

    fn ids<T>(targets: &[(String, T)]) -> Vec<&str> {
        targets.iter().map(|(id, _)| id.as_str()).collect()
    }

    #[test]
    fn the_shards_cover_the_accounts_once_in_scan_order_whatever_the_listing_order() {
        let mut reversed = ACCOUNTS;
        reversed.reverse();
        for order in [ACCOUNTS, reversed] {
            let mut seen = Vec::new();
            for index in 1..=3 {
                let (mine, record) = slice(&sharded(index, 3), None, targets(&order));
                let record = record.unwrap_or_else(|| panic!("no shard record"));
                assert_eq!(record.organization_accounts, order, "every shard lists every account, in order");
                let expected: Vec<&str> =
                    order.iter().copied().filter(|id| maturity_evidence::shard::shard_of(id, 3) == index).collect();
                assert_eq!(ids(&mine), expected, "shard {index}: its accounts, in scan order");
                seen.extend(ids(&mine).into_iter().map(str::to_owned));
            }
            seen.sort();
            let mut all = ACCOUNTS.map(str::to_owned).to_vec();
            all.sort();
            assert_eq!(seen, all);
        }
    }

    #[test]
    fn the_shard_record_says_what_merge_checks() {
        let facts = OrganizationFacts {
            organization: Fact::Ok(Organization {
                id: "o-aaa".to_owned(),
                management_account_id: ACCOUNTS[0].to_owned(),
                feature_set: "ALL".into(),
                root_id: "r-1".to_owned(),
            }),
            ..OrganizationFacts::default()
        };
        let (_, record) = slice(&sharded(2, 3), Some(&facts), targets(&ACCOUNTS));
        let record = record.unwrap_or_else(|| panic!("no shard record"));
        assert_eq!((record.index, record.count), (2, 3));
        assert_eq!(record.regions, RequestedRegions::List(vec!["eu-west-1".into(), "us-east-1".into()]));
        let (_, first) = slice(&sharded(1, 3), Some(&facts), targets(&ACCOUNTS));
        assert_eq!(first.map(|r| r.scan_id), Some(record.scan_id.clone()), "shards derive one scan id");
        let (_, other_org) = slice(&sharded(1, 3), None, targets(&ACCOUNTS));
        assert_ne!(other_org.map(|r| r.scan_id), Some(record.scan_id.clone()));
        let named = ScanOptions { scan_id: Some("job-7".to_owned()), ..sharded(2, 3) };
        assert_eq!(slice(&named, Some(&facts), targets(&ACCOUNTS)).1.map(|r| r.scan_id).as_deref(), Some("job-7"));

        assert!(organization_facts(Some(&record), Some(facts.clone())).is_none(), "shard 2 carries none");
        let (_, first) = slice(&sharded(1, 3), Some(&facts), targets(&ACCOUNTS));
        assert!(organization_facts(first.as_ref(), Some(facts.clone())).is_some(), "shard 1 carries them");
        assert!(organization_facts(None, Some(facts)).is_some(), "an unsharded scan carries them");
    }

    #[test]
    fn without_a_shard_everything_is_scanned_and_nothing_recorded() {
        let options = ScanOptions { organization: true, ..ScanOptions::default() };
        let (mine, record) = slice(&options, None, targets(&ACCOUNTS));
        assert_eq!((ids(&mine), record), (ACCOUNTS.to_vec(), None));
    }

    #[test]
    fn shard_options_that_cannot_work_are_refused() {
        let invalid = |options: ScanOptions| validate(&options).err().map(|e| e.to_string()).unwrap_or_default();
        let no_org = ScanOptions { organization: false, ..sharded(1, 3) };
        assert!(invalid(no_org).contains("--shard splits an organization's accounts: it needs --org"));
        let unsharded_id = ScanOptions { scan_id: Some("x".to_owned()), ..ScanOptions::default() };
        assert!(invalid(unsharded_id).contains("--scan-id names the run of a sharded scan: it needs --shard"));
        for bad in ["", "has space", "new\nline", &"x".repeat(129)] {
            let options = ScanOptions { scan_id: Some(bad.to_owned()), ..sharded(1, 3) };
            assert!(invalid(options).contains("--scan-id"), "{bad:?}");
        }
        let uid = ScanOptions { scan_id: Some("2f1c9a0e-77aa-4c1e-9e52-0b7e0c1d2e3f".to_owned()), ..sharded(1, 3) };
        assert!(validate(&uid).is_ok());
        let batch = ScanOptions { scan_id: Some("maturity-scan:2f1c9a0e".to_owned()), ..sharded(3, 3) };
        assert!(validate(&batch).is_ok());
    }
}
