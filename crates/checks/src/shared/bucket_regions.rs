//! The regions where an account keeps S3 buckets: the scope of checks about Amazon Macie, which
//! looks at buckets only in its own region.

use std::collections::BTreeMap;

use maturity_evidence::{AccountEvidence, RegionFacts};

use crate::{FindingStatus, Findings, Location};

/// One region with buckets.
pub(crate) struct BucketRegion<'a> {
    /// The region's name.
    pub(crate) region: &'a str,
    /// How many buckets the account has there, in words: `1 S3 bucket`, `2 S3 buckets`.
    pub(crate) buckets: String,
    /// The region's facts.
    pub(crate) facts: &'a RegionFacts,
}

/// The scanned regions where the account has buckets. Adds the findings for what is left: not
/// applicable for an account without buckets, inconclusive when the buckets could not be listed
/// and for a region with buckets that was not scanned. `what` names the question ("whether Macie
/// is enabled").
pub(crate) fn with_buckets<'a>(account: &'a AccountEvidence, what: &str, out: &mut Findings) -> Vec<BucketRegion<'a>> {
    let label = account.label();
    let buckets = match account.global.s3_buckets.get() {
        Ok(buckets) => buckets,
        Err(missing) => {
            out.inconclusive(
                Location::account(&account.account_id),
                &format!("{what} where account {label} keeps S3 buckets, as its buckets could not be listed"),
                &missing,
            );
            return Vec::new();
        }
    };
    if buckets.is_empty() {
        out.not_applicable(Location::account(&account.account_id), format_args!("Account {label} has no S3 buckets."));
        return Vec::new();
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut unlocated = 0;
    for bucket in buckets {
        match bucket.region.as_deref() {
            Some(region) => *counts.entry(region).or_default() += 1,
            None => unlocated += 1,
        }
    }
    if unlocated > 0 {
        out.add(
            FindingStatus::Inconclusive,
            Location::account(&account.account_id),
            format_args!(
                "Cannot tell {what} for {} of account {label}: their region is not known.",
                bucket_count(unlocated)
            ),
        );
    }
    let mut found = Vec::new();
    for (region, count) in counts {
        match account.regions.get(region) {
            Some(facts) => found.push(BucketRegion { region, buckets: bucket_count(count), facts }),
            None => out.add(
                FindingStatus::Inconclusive,
                Location::region(&account.account_id, region),
                format_args!(
                    "Cannot tell {what} in {region} of account {label}, where it keeps {}: the region was not scanned.",
                    bucket_count(count)
                ),
            ),
        }
    }
    found
}

/// `1 S3 bucket`, `2 S3 buckets`.
fn bucket_count(count: usize) -> String {
    if count == 1 { "1 S3 bucket".to_owned() } else { format!("{count} S3 buckets") }
}
