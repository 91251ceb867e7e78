//! Walking every S3 bucket of every account the collector could enter, for checks that judge
//! each bucket on its own; what cannot be walked gets its finding here.

use maturity_evidence::{AccountEvidence, Bucket, Bundle};

use crate::shared::accounts;
use crate::{Findings, Location};

/// Calls `judge` for every bucket of every reachable account. An account whose buckets could
/// not be listed gets one inconclusive finding (`question` turns the account's label into what
/// could not be told); an account without buckets gets one not-applicable finding.
pub(crate) fn each_bucket(
    bundle: &Bundle,
    out: &mut Findings,
    question: impl Fn(&str) -> String,
    mut judge: impl FnMut(&AccountEvidence, &str, &Bucket, &mut Findings),
) {
    for account in accounts::reachable(bundle, out) {
        let label = account.label().to_string();
        let buckets = match account.global.s3_buckets.get() {
            Ok(buckets) => buckets,
            Err(missing) => {
                out.inconclusive(Location::account(&account.account_id), &question(&label), &missing);
                continue;
            }
        };
        if buckets.is_empty() {
            out.not_applicable(
                Location::account(&account.account_id),
                format_args!("Account {label} has no S3 buckets."),
            );
            continue;
        }
        for bucket in buckets {
            judge(account, &label, bucket, out);
        }
    }
}
