//! Sharded scans: an organization's accounts split into N disjoint slices that are scanned apart
//! (N processes, pods of a Kubernetes Indexed Job, children of an AWS Batch array job), and the
//! merge of their bundles back into the one bundle an unsharded scan would have written.
//!
//! This lives with the bundle's types, not in the collector, so that `maturity merge` works in
//! the offline build (no AWS SDK): merging is pure data, done wherever the shards were gathered.
//!
//! The slices are stable: an account's shard is [`shard_of`] its id, a fixed hash (the first 8
//! bytes of the SHA-256 of the id) modulo N. It depends neither on the order in which
//! `organizations:ListAccounts` answers nor on the other accounts, so a retried shard scans the
//! same accounts as its first attempt did.
//!
//! Each shard bundle carries a [`Shard`] record with what [`merge`] needs to check the shards
//! belong together and cover the organization exactly once: its index and the count, a scan id
//! shared by every shard of one run, the regions asked for, and the full list of the
//! organization's in-scope accounts at scan time (in every shard, so each one can be checked
//! against the others). Organization-level facts are in shard 1 only.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::{AccountEvidence, Bundle};

/// Which slice of the organization one scan covers: the `index`-th (from 1) of `count`, as in
/// `--shard 2/4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardSpec {
    index: u32,
    count: u32,
}

impl ShardSpec {
    /// The `index`-th (from 1) of `count` slices.
    ///
    /// # Errors
    /// An index of 0 or above the count, or a count of 0, in words.
    pub fn new(index: u32, count: u32) -> Result<ShardSpec, String> {
        if count == 0 {
            return Err(format!("`{index}/{count}`: the number of shards must be at least 1"));
        }
        if index == 0 {
            return Err(format!(
                "`{index}/{count}`: shards are numbered from 1 (`1/{count}` to `{count}/{count}`); from a 0-based \
                 array index (JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX) pass the index plus one"
            ));
        }
        if index > count {
            return Err(format!("`{index}/{count}`: there is no shard {index} of {count} (1 to {count})"));
        }
        Ok(ShardSpec { index, count })
    }

    /// The shard's number, from 1.
    #[must_use]
    pub fn index(self) -> u32 {
        self.index
    }

    /// How many shards the organization is split into.
    #[must_use]
    pub fn count(self) -> u32 {
        self.count
    }

    /// Whether this shard scans the account.
    #[must_use]
    pub fn holds(self, account_id: &str) -> bool {
        shard_of(account_id, self.count) == self.index
    }
}

impl FromStr for ShardSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<ShardSpec, String> {
        let form = || format!("`{text}` is not a shard: expected K/N, the K-th of N shards, e.g. `1/4`");
        let (index, count) = text.trim().split_once('/').ok_or_else(form)?;
        let number = |part: &str| part.trim().parse::<u32>().map_err(|_| form());
        ShardSpec::new(number(index)?, number(count)?)
    }
}

impl fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The first 8 bytes of the SHA-256 of `bytes`, big-endian: fixed and documented (anyone can
/// recompute it with `sha256sum`), unlike the standard library's hasher, which is randomized per
/// process, and well mixed in its low bits, unlike FNV-1a, whose low bits follow the input's low
/// bits (twelve-digit ids would fall unevenly into a power-of-two number of shards).
fn sha256_prefix(bytes: &[u8]) -> u64 {
    let digest = Sha256::digest(bytes);
    let mut prefix = [0u8; 8];
    prefix.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(prefix)
}

/// The shard (from 1) of `count` that scans the account: the first 8 bytes of the SHA-256 of the
/// account id (its twelve ASCII digits), read as a big-endian number, modulo `count`, plus one.
/// In a shell: `printf %s 111111111111 | sha256sum`, then the first 16 hex digits mod N, plus 1.
/// A `count` of 0 is treated as 1.
#[must_use]
pub fn shard_of(account_id: &str, count: u32) -> u32 {
    let slot = sha256_prefix(account_id.as_bytes()) % u64::from(count.max(1));
    // The remainder is below `count`, a u32.
    u32::try_from(slot).map_or(1, |slot| slot + 1)
}

/// What a shard bundle records so that [`merge`] can check it against the other shards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shard {
    /// This shard's number, from 1.
    pub index: u32,
    /// How many shards the organization was split into.
    pub count: u32,
    /// Shared by every shard of one run (`--scan-id`, or derived from what the shards share), so
    /// that shards of different runs are not merged together.
    pub scan_id: String,
    /// The regions the scan was asked for.
    pub regions: RequestedRegions,
    /// Every in-scope account of the organization at scan time (not only this shard's), in the
    /// order an unsharded scan lists them.
    pub organization_accounts: Vec<String>,
}

/// The regions a scan was asked for (`--regions`), as opposed to those it found (`scope.regions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestedRegions {
    /// Every region enabled for each account (`--regions all`).
    Enabled,
    /// These regions, sorted.
    List(Vec<String>),
}

impl fmt::Display for RequestedRegions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestedRegions::Enabled => f.write_str("all enabled regions"),
            RequestedRegions::List(regions) => f.write_str(&regions.join(",")),
        }
    }
}

/// The scan id shards get without `--scan-id`: `derived-` and 16 hex digits of SHA-256 over what
/// every shard of one run knows alike (the organization, the shard count, the regions asked for,
/// the in-scope accounts). Two runs with the same inputs get the same id, so only an explicit
/// `--scan-id` (a job's name or uid) keeps their shards apart.
#[must_use]
pub fn derived_scan_id(
    organization_id: Option<&str>,
    count: u32,
    regions: &RequestedRegions,
    accounts: &[String],
) -> String {
    let mut text = format!("maturity-shards\n{}\n{count}\n", organization_id.unwrap_or("-"));
    match regions {
        RequestedRegions::Enabled => text.push_str("regions:enabled\n"),
        RequestedRegions::List(list) => text.push_str(&format!("regions:{}\n", list.join(","))),
    }
    for account in accounts {
        text.push_str(account);
        text.push('\n');
    }
    format!("derived-{:016x}", sha256_prefix(text.as_bytes()))
}

/// Why shard bundles could not be merged. Every variant names the files concerned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// No bundle was given.
    #[error("no shard bundles to merge")]
    Nothing,
    /// A bundle without a `shard` record: an unsharded scan, or already merged.
    #[error(
        "{file}: not a shard bundle (it has no `shard` field): only bundles of `maturity scan --org --shard K/N` are merged"
    )]
    NotAShard {
        /// The file.
        file: String,
    },
    /// Two shards disagree on something every shard of one scan shares.
    #[error("{0}")]
    Differ(Box<Difference>),
    /// A shard index outside 1..=count (a hand-edited file).
    #[error("{file}: shard.index is {index}, outside 1 to {count}")]
    IndexOutOfRange {
        /// The file.
        file: String,
        /// Its index.
        index: u32,
        /// The shard count.
        count: u32,
    },
    /// Two files are the same shard.
    #[error("shard {index}/{count} is given twice: {first_file} and {file}")]
    Duplicate {
        /// The shard's index.
        index: u32,
        /// The shard count.
        count: u32,
        /// The first file that is this shard.
        first_file: String,
        /// The second one.
        file: String,
    },
    /// Shards of the scan that no file given is.
    #[error("{}", missing_message(.missing, *.count, .scan_id))]
    Missing {
        /// The missing indexes.
        missing: Vec<u32>,
        /// The shard count.
        count: u32,
        /// The scan.
        scan_id: String,
    },
    /// An account's evidence is in two shards.
    #[error("account {account} is in two shards: {first_file} and {file}")]
    AccountTwice {
        /// The account.
        account: String,
        /// The first file that holds it.
        first_file: String,
        /// The second one.
        file: String,
    },
    /// A shard holds an account that is not among the organization's in-scope accounts.
    #[error("{file}: accounts holds {account}, which is not in shard.organization_accounts")]
    AccountOutOfScope {
        /// The file.
        file: String,
        /// The account.
        account: String,
    },
    /// A shard's `scope.accounts` does not list exactly the accounts it holds evidence of.
    #[error("{file}: scope.accounts does not list exactly the accounts whose evidence the shard holds")]
    ScopeMismatch {
        /// The file.
        file: String,
    },
    /// In-scope accounts that no shard holds.
    #[error("in-scope accounts in no shard: {}", .accounts.join(", "))]
    AccountsInNoShard {
        /// The accounts.
        accounts: Vec<String>,
    },
    /// Organization facts in a shard other than the first.
    #[error("{file}: organization is set in shard {index}; only shard 1 carries organization facts")]
    OrganizationOutsideShardOne {
        /// The file.
        file: String,
        /// Its index.
        index: u32,
    },
    /// Shard 1 without organization facts.
    #[error("{file}: shard 1 has no organization facts (organization); it is not a shard of `scan --org`")]
    NoOrganization {
        /// The file.
        file: String,
    },
}

/// What two shards disagree on: [`MergeError::Differ`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{file}: {field} is {value}, but {first_file} has {first_value}: these are not shards of one scan ({what} differs)"
)]
pub struct Difference {
    /// The file that disagrees with the first one.
    pub file: String,
    /// The field, e.g. `shard.scan_id`.
    pub field: &'static str,
    /// What differs, in words: `organization`, `scan id` …
    pub what: &'static str,
    /// Its value there.
    pub value: String,
    /// The first file given.
    pub first_file: String,
    /// The first file's value.
    pub first_value: String,
}

fn missing_message(missing: &[u32], count: u32, scan_id: &str) -> String {
    let names: Vec<String> = missing.iter().map(|index| format!("{index}/{count}")).collect();
    let (noun, verb) = if missing.len() == 1 { ("shard", "is") } else { ("shards", "are") };
    format!("{noun} {} of scan {scan_id} {verb} missing: no file given is that shard", names.join(", "))
}

/// Merges the shard bundles of one scan (each with the file it came from, for errors) into the
/// bundle an unsharded scan would have written.
///
/// The shards must be of one organization, scan id, shard count, region selection, schema version
/// and collector version, and agree on the organization's in-scope accounts; each index from 1 to
/// the count must be given exactly once, and each in-scope account be in exactly one shard. The
/// result has no `shard` record; its accounts are in the order of the in-scope list (as an
/// unsharded scan orders them), `scope.regions` is the union of the shards', `api_calls` their
/// sum, `collector.collected_at` the earliest start and `collector.principal` shard 1's.
///
/// # Errors
/// The first problem found, as a [`MergeError`] naming the file(s).
pub fn merge(shards: Vec<(String, Bundle)>) -> Result<Bundle, MergeError> {
    let mut records = Vec::with_capacity(shards.len());
    for (file, bundle) in shards {
        let Some(shard) = bundle.shard.clone() else { return Err(MergeError::NotAShard { file }) };
        records.push((file, shard, bundle));
    }
    let Some((first_file, first, first_bundle)) = records.first() else { return Err(MergeError::Nothing) };
    for (file, shard, bundle) in &records[1..] {
        let differ = |field, what, value: String, first_value: String| {
            (value != first_value).then(|| {
                MergeError::Differ(Box::new(Difference {
                    file: file.clone(),
                    field,
                    what,
                    value,
                    first_file: first_file.clone(),
                    first_value,
                }))
            })
        };
        let quoted = |value: Option<&String>| value.map_or_else(|| "none".to_owned(), |v| format!("`{v}`"));
        let checks = [
            differ(
                "schema_version",
                "schema version",
                bundle.schema_version.to_string(),
                first_bundle.schema_version.to_string(),
            ),
            differ(
                "collector",
                "collector",
                format!("`{} {}`", bundle.collector.tool, bundle.collector.version),
                format!("`{} {}`", first_bundle.collector.tool, first_bundle.collector.version),
            ),
            differ(
                "scope.organization_id",
                "organization",
                quoted(bundle.scope.organization_id.as_ref()),
                quoted(first_bundle.scope.organization_id.as_ref()),
            ),
            differ(
                "scope.management_account_id",
                "organization",
                quoted(bundle.scope.management_account_id.as_ref()),
                quoted(first_bundle.scope.management_account_id.as_ref()),
            ),
            differ("shard.scan_id", "scan id", format!("`{}`", shard.scan_id), format!("`{}`", first.scan_id)),
            differ("shard.count", "shard count", shard.count.to_string(), first.count.to_string()),
            differ("shard.regions", "region selection", format!("`{}`", shard.regions), format!("`{}`", first.regions)),
        ];
        if let Some(error) = checks.into_iter().flatten().next() {
            return Err(error);
        }
        if shard.organization_accounts != first.organization_accounts {
            return Err(accounts_differ(file, &shard.organization_accounts, first_file, &first.organization_accounts));
        }
    }
    let (count, scan_id) = (first.count, first.scan_id.clone());

    // Each index once.
    let mut by_index: BTreeMap<u32, usize> = BTreeMap::new();
    for (position, (file, shard, _)) in records.iter().enumerate() {
        if shard.index == 0 || shard.index > count {
            return Err(MergeError::IndexOutOfRange { file: file.clone(), index: shard.index, count });
        }
        if let Some(&earlier) = by_index.get(&shard.index) {
            return Err(MergeError::Duplicate {
                index: shard.index,
                count,
                first_file: records[earlier].0.clone(),
                file: file.clone(),
            });
        }
        by_index.insert(shard.index, position);
    }
    let missing: Vec<u32> = (1..=count).filter(|index| !by_index.contains_key(index)).collect();
    if !missing.is_empty() {
        return Err(MergeError::Missing { missing, count, scan_id });
    }

    // Organization facts in shard 1 only.
    for (file, shard, bundle) in &records {
        match (shard.index, bundle.organization.is_some()) {
            (1, false) => return Err(MergeError::NoOrganization { file: file.clone() }),
            (index, true) if index != 1 => {
                return Err(MergeError::OrganizationOutsideShardOne { file: file.clone(), index });
            }
            _ => {}
        }
    }

    // Each in-scope account in exactly one shard.
    let in_scope: BTreeSet<&str> = first.organization_accounts.iter().map(String::as_str).collect();
    let mut holder: BTreeMap<String, &str> = BTreeMap::new();
    for (file, _, bundle) in &records {
        let held: BTreeSet<&str> = bundle.accounts.iter().map(|a| a.account_id.as_str()).collect();
        let listed: BTreeSet<&str> = bundle.scope.accounts.iter().map(String::as_str).collect();
        if held != listed || held.len() != bundle.accounts.len() {
            return Err(MergeError::ScopeMismatch { file: file.clone() });
        }
        for account in held {
            if !in_scope.contains(account) {
                return Err(MergeError::AccountOutOfScope { file: file.clone(), account: account.to_owned() });
            }
            if let Some(first_file) = holder.insert(account.to_owned(), file) {
                return Err(MergeError::AccountTwice {
                    account: account.to_owned(),
                    first_file: first_file.to_owned(),
                    file: file.clone(),
                });
            }
        }
    }
    let unheld: Vec<String> =
        first.organization_accounts.iter().filter(|account| !holder.contains_key(*account)).cloned().collect();
    if !unheld.is_empty() {
        return Err(MergeError::AccountsInNoShard { accounts: unheld });
    }

    let order = first.organization_accounts.clone();
    let mut bundles: Vec<(u32, Bundle)> = records.into_iter().map(|(_, shard, bundle)| (shard.index, bundle)).collect();
    bundles.sort_by_key(|(index, _)| *index);
    let mut bundles = bundles.into_iter().map(|(_, bundle)| bundle);
    let Some(head) = bundles.next() else { return Err(MergeError::Nothing) };
    Ok(assemble(head, bundles.collect(), order))
}

fn accounts_differ(file: &str, accounts: &[String], first_file: &str, first_accounts: &[String]) -> MergeError {
    let only_here: Vec<&str> = accounts.iter().filter(|a| !first_accounts.contains(a)).map(String::as_str).collect();
    let only_there: Vec<&str> = first_accounts.iter().filter(|a| !accounts.contains(a)).map(String::as_str).collect();
    let describe = |ids: &[&str]| if ids.is_empty() { "none".to_owned() } else { ids.join(", ") };
    let value = if only_here.is_empty() && only_there.is_empty() {
        "the same accounts in another order".to_owned()
    } else {
        format!("{} account(s) the other lacks ({})", only_here.len(), describe(&only_here))
    };
    MergeError::Differ(Box::new(Difference {
        file: file.to_owned(),
        field: "shard.organization_accounts",
        what: "the in-scope account list",
        value,
        first_file: first_file.to_owned(),
        first_value: format!("{} account(s) this one lacks ({})", only_there.len(), describe(&only_there)),
    }))
}

/// The merged bundle, from shards already checked: shard 1 (`head`) with every shard's accounts
/// in the in-scope order, the union of their regions, the sum of their calls and the earliest
/// start.
fn assemble(mut head: Bundle, others: Vec<Bundle>, order: Vec<String>) -> Bundle {
    let mut evidence: BTreeMap<String, AccountEvidence> = BTreeMap::new();
    let mut regions: BTreeSet<String> = BTreeSet::new();
    let mut api_calls: BTreeMap<String, u64> = BTreeMap::new();
    let mut collected_at = head.collector.collected_at;
    let mut absorb = |bundle: &mut Bundle| {
        regions.extend(std::mem::take(&mut bundle.scope.regions));
        for (operation, calls) in std::mem::take(&mut bundle.api_calls) {
            *api_calls.entry(operation).or_default() += calls;
        }
        collected_at = collected_at.min(bundle.collector.collected_at);
        for account in std::mem::take(&mut bundle.accounts) {
            evidence.insert(account.account_id.clone(), account);
        }
    };
    absorb(&mut head);
    for mut bundle in others {
        absorb(&mut bundle);
    }
    head.collector.collected_at = collected_at;
    head.accounts = order.iter().filter_map(|id| evidence.remove(id)).collect();
    head.scope.accounts = order;
    head.scope.regions = regions.into_iter().collect();
    head.api_calls = api_calls;
    head.shard = None;
    head
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone as _, Utc};

    use super::*;
    use crate::{AccountAccess, Collector, Fact, GlobalFacts, Organization, OrganizationFacts, SCHEMA_VERSION, Scope};

    const ORG: [&str; 6] =
        ["123456789012", "111111111111", "222222222222", "333333333333", "444444444444", "555555555555"];

    fn account(id: &str) -> AccountEvidence {
        AccountEvidence {
            account_id: id.to_owned(),
            name: Some(format!("n{id}")),
            access: AccountAccess::Granted,
            global: GlobalFacts { enabled_regions: Fact::Ok(vec!["eu-west-1".to_owned()]), ..GlobalFacts::default() },
            regions: BTreeMap::new(),
        }
    }

    fn organization(id: &str) -> OrganizationFacts {
        OrganizationFacts {
            organization: Fact::Ok(Organization {
                id: id.to_owned(),
                management_account_id: ORG[0].to_owned(),
                feature_set: "ALL".into(),
                root_id: "r-1".to_owned(),
            }),
            ..OrganizationFacts::default()
        }
    }

    /// The bundle an unsharded scan of [`ORG`] writes.
    fn whole() -> Bundle {
        Bundle {
            schema_version: SCHEMA_VERSION,
            collector: Collector {
                tool: "maturity".to_owned(),
                version: "0.1.0".to_owned(),
                collected_at: Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).single().unwrap_or_default(),
                principal: Some("arn:aws:iam::123456789012:user/scanner".to_owned()),
            },
            scope: Scope {
                organization_id: Some("o-aaa".to_owned()),
                management_account_id: Some(ORG[0].to_owned()),
                accounts: ORG.iter().map(|a| (*a).to_owned()).collect(),
                regions: vec!["eu-west-1".to_owned(), "us-east-1".to_owned()],
            },
            organization: Some(organization("o-aaa")),
            accounts: ORG.iter().map(|a| account(a)).collect(),
            api_calls: BTreeMap::from([("ec2:DescribeVpcs".to_owned(), 12)]),
            shard: None,
        }
    }

    /// The shards of [`whole`] as the collector writes them: each with its accounts, the first
    /// with the organization facts, each a minute later than the one before, with 2 calls each.
    fn shards(count: u32) -> Vec<(String, Bundle)> {
        let base = whole();
        (1..=count)
            .map(|index| {
                let spec = ShardSpec::new(index, count).unwrap_or_else(|e| panic!("{e}"));
                let mut bundle = base.clone();
                bundle.accounts.retain(|a| spec.holds(&a.account_id));
                bundle.scope.accounts = bundle.accounts.iter().map(|a| a.account_id.clone()).collect();
                if index != 1 {
                    bundle.organization = None;
                }
                bundle.collector.collected_at += chrono::Duration::minutes(i64::from(4 - index));
                bundle.api_calls = BTreeMap::from([("ec2:DescribeVpcs".to_owned(), 4)]);
                bundle.shard = Some(Shard {
                    index,
                    count,
                    scan_id: "run-7".to_owned(),
                    regions: RequestedRegions::List(vec!["eu-west-1".to_owned(), "us-east-1".to_owned()]),
                    organization_accounts: base.scope.accounts.clone(),
                });
                (format!("b{index}.json"), bundle)
            })
            .collect()
    }

    fn refused(shards: Vec<(String, Bundle)>) -> String {
        match merge(shards) {
            Ok(bundle) => panic!("merged: {bundle:?}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn the_shard_of_an_account_is_the_documented_sha256_slice() {
        // `printf %s 111111111111 | sha256sum` starts with the digits these come from.
        assert_eq!(sha256_prefix(b""), 0xe3b0_c442_98fc_1c14);
        assert_eq!(
            ORG.iter().map(|a| shard_of(a, 3)).collect::<Vec<_>>(),
            [2, 2, 3, 3, 2, 2],
            "pinned: a change would move accounts between the shards of runs already under way"
        );
        assert_eq!(ORG.iter().map(|a| shard_of(a, 4)).collect::<Vec<_>>(), [3, 3, 4, 1, 2, 4]);
        assert!(ORG.iter().all(|a| shard_of(a, 1) == 1 && shard_of(a, 0) == 1));
    }

    #[test]
    fn every_account_is_in_exactly_one_shard_and_the_slices_are_even() {
        let ids: Vec<String> = (0..4000u64).map(|i| format!("{:012}", 100_000_000_000 + i * 7919)).collect();
        for count in [2, 3, 4, 8, 16] {
            let mut sizes = vec![0usize; usize::try_from(count).unwrap_or_default()];
            for id in &ids {
                let holders: Vec<u32> =
                    (1..=count).filter(|k| ShardSpec::new(*k, count).is_ok_and(|s| s.holds(id))).collect();
                assert_eq!(holders.len(), 1, "{id} in {holders:?} of {count}");
                sizes[usize::try_from(holders[0] - 1).unwrap_or_default()] += 1;
            }
            let even = ids.len() / sizes.len();
            assert!(sizes.iter().all(|s| s.abs_diff(even) * 5 < even), "uneven slices of {count}: {sizes:?}");
        }
    }

    #[test]
    fn shard_specs_are_k_of_n_from_one() {
        assert_eq!("2/4".parse::<ShardSpec>().map(|s| (s.index(), s.count(), s.to_string())), Ok((2, 4, "2/4".into())));
        assert_eq!("1/1".parse::<ShardSpec>().map(|s| s.to_string()), Ok("1/1".to_owned()));
        let error = |text: &str| text.parse::<ShardSpec>().err().unwrap_or_default();
        assert!(error("0/3").contains("numbered from 1"), "{}", error("0/3"));
        assert!(error("0/3").contains("index plus one"), "0-based array indexes are named: {}", error("0/3"));
        assert!(error("4/3").contains("no shard 4 of 3"), "{}", error("4/3"));
        assert!(error("1/0").contains("at least 1"), "{}", error("1/0"));
        for bad in ["x/y", "3", "1/", "/3", "-1/3", "1/3/5", ""] {
            assert!(error(bad).contains("expected K/N"), "{bad}: {}", error(bad));
        }
    }

    #[test]
    fn merged_shards_are_the_unsharded_bundle() {
        let merged = merge(shards(3)).unwrap_or_else(|e| panic!("{e}"));
        let mut expected = whole();
        // The sum of the shards' calls, and the earliest shard's start (shard 3 here).
        expected.api_calls = BTreeMap::from([("ec2:DescribeVpcs".to_owned(), 12)]);
        expected.collector.collected_at += chrono::Duration::minutes(1);
        assert_eq!(merged, expected);

        // Given in any order; one shard alone is the whole organization.
        let mut reversed = shards(3);
        reversed.reverse();
        assert_eq!(merge(reversed).ok(), Some(expected));
        let single = merge(shards(1)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((single.accounts, single.shard), (whole().accounts, None));
    }

    #[test]
    fn the_regions_of_the_merged_bundle_are_the_union_of_the_shards() {
        let mut given = shards(2);
        given[0].1.scope.regions = vec!["eu-west-1".to_owned()];
        given[1].1.scope.regions = vec!["us-east-1".to_owned(), "ap-south-1".to_owned()];
        let merged = merge(given).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(merged.scope.regions, ["ap-south-1", "eu-west-1", "us-east-1"]);
    }

    #[test]
    fn a_missing_or_doubled_shard_is_refused_by_name() {
        let mut given = shards(3);
        given.remove(1);
        assert_eq!(refused(given), "shard 2/3 of scan run-7 is missing: no file given is that shard");
        let mut given = shards(4);
        given.truncate(1);
        assert_eq!(refused(given), "shards 2/4, 3/4, 4/4 of scan run-7 are missing: no file given is that shard");

        let mut given = shards(3);
        let again = (String::from("copy-of-b2.json"), given[1].1.clone());
        given.push(again);
        assert_eq!(refused(given), "shard 2/3 is given twice: b2.json and copy-of-b2.json");
    }

    #[test]
    fn shards_of_another_organization_or_run_are_refused() {
        let mut given = shards(3);
        given[2].1.scope.organization_id = Some("o-bbb".to_owned());
        assert_eq!(
            refused(given),
            "b3.json: scope.organization_id is `o-bbb`, but b1.json has `o-aaa`: these are not shards of one scan \
             (organization differs)"
        );
        type Change = fn(&mut Bundle);
        let cases: [(&str, Change); 6] = [
            ("shard.scan_id", |b| b.shard.iter_mut().for_each(|s| s.scan_id = "run-8".to_owned())),
            ("shard.count", |b| b.shard.iter_mut().for_each(|s| s.count = 4)),
            ("shard.regions", |b| b.shard.iter_mut().for_each(|s| s.regions = RequestedRegions::Enabled)),
            ("schema_version", |b| b.schema_version = 0),
            ("collector", |b| b.collector.version = "0.2.0".to_owned()),
            ("scope.management_account_id", |b| b.scope.management_account_id = None),
        ];
        for (field, change) in cases {
            let mut given = shards(3);
            change(&mut given[1].1);
            let error = refused(given);
            assert!(error.starts_with(&format!("b2.json: {field} is ")), "{field}: {error}");
            assert!(error.contains("but b1.json has"), "{error}");
        }
    }

    #[test]
    fn shards_that_saw_different_organization_accounts_are_refused() {
        let mut given = shards(2);
        given[1].1.shard.iter_mut().for_each(|s| s.organization_accounts.push("666666666666".to_owned()));
        let error = refused(given);
        assert_eq!(
            error,
            "b2.json: shard.organization_accounts is 1 account(s) the other lacks (666666666666), but b1.json has 0 \
             account(s) this one lacks (none): these are not shards of one scan (the in-scope account list \
             differs)"
        );
    }

    #[test]
    fn an_account_in_two_shards_or_in_none_is_refused() {
        let mut given = shards(3);
        // Shard 1 of 3 is empty here: no account of ORG hashes to it.
        assert!(given[0].1.accounts.is_empty());
        let stray = given[1].1.accounts[0].clone();
        given[2].1.scope.accounts.push(stray.account_id.clone());
        given[2].1.accounts.push(stray);
        assert_eq!(refused(given), "account 123456789012 is in two shards: b2.json and b3.json");

        let mut given = shards(3);
        given[2].1.accounts.pop();
        given[2].1.scope.accounts.pop();
        assert_eq!(refused(given), "in-scope accounts in no shard: 333333333333");

        let mut given = shards(3);
        given[2].1.accounts.push(account("999999999999"));
        given[2].1.scope.accounts.push("999999999999".to_owned());
        assert_eq!(refused(given), "b3.json: accounts holds 999999999999, which is not in shard.organization_accounts");

        let mut given = shards(3);
        given[2].1.scope.accounts.pop();
        assert!(refused(given).starts_with("b3.json: scope.accounts does not list exactly"));
    }

    #[test]
    fn organization_facts_belong_to_shard_one_only() {
        let mut given = shards(3);
        given[1].1.organization = Some(organization("o-aaa"));
        assert_eq!(refused(given), "b2.json: organization is set in shard 2; only shard 1 carries organization facts");
        let mut given = shards(3);
        given[0].1.organization = None;
        assert!(refused(given).starts_with("b1.json: shard 1 has no organization facts"));
    }

    #[test]
    fn a_bundle_that_is_not_a_shard_is_refused() {
        let mut given = shards(2);
        given.push(("whole.json".to_owned(), whole()));
        assert!(refused(given).starts_with("whole.json: not a shard bundle"));
        assert_eq!(refused(Vec::new()), "no shard bundles to merge");
    }

    #[test]
    fn the_scan_id_derived_without_one_is_shared_by_the_shards_of_one_scan() {
        let accounts: Vec<String> = ORG.iter().map(|a| (*a).to_owned()).collect();
        let id = derived_scan_id(Some("o-aaa"), 3, &RequestedRegions::Enabled, &accounts);
        assert!(id.starts_with("derived-") && id.len() == 24, "{id}");
        assert_eq!(id, derived_scan_id(Some("o-aaa"), 3, &RequestedRegions::Enabled, &accounts));
        assert_ne!(id, derived_scan_id(Some("o-aaa"), 4, &RequestedRegions::Enabled, &accounts));
        assert_ne!(id, derived_scan_id(Some("o-bbb"), 3, &RequestedRegions::Enabled, &accounts));
        assert_ne!(id, derived_scan_id(Some("o-aaa"), 3, &RequestedRegions::List(vec!["eu-west-1".into()]), &accounts));
        assert_ne!(id, derived_scan_id(Some("o-aaa"), 3, &RequestedRegions::Enabled, &accounts[1..]));
    }

    #[test]
    fn a_shard_bundle_round_trips_and_older_bundles_still_load() {
        let (_, bundle) = shards(3).remove(1);
        let json = serde_json::to_string(&bundle).unwrap_or_default();
        assert!(json.contains(r#""shard":{"index":2,"count":3,"scan_id":"run-7","regions":{"list":["#), "{json}");
        assert_eq!(Bundle::from_json("b2.json", &json), Ok(bundle));
        let unsharded = serde_json::to_string(&whole()).unwrap_or_default();
        assert!(!unsharded.contains("shard"), "{unsharded}");
    }
}
