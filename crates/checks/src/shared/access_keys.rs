//! IAM user access keys as the IAM credential report lists them: the report of every reachable
//! account, the active keys of a user, and each key's rotation and last use for people.
//!
//! The report has two key slots per user; the evidence keeps the keys that exist (active, or
//! inactive with a rotation date), not their slot number, so keys are described by their dates.

use chrono::{DateTime, Utc};
use maturity_evidence::{AccessKey, AccountEvidence, Bundle, CredentialReport, CredentialUser};

use crate::shared::accounts;
use crate::{Findings, Location};

/// The credential report of every reachable account. For each account whose report could not be
/// read adds one inconclusive finding, `Cannot tell {what} in account {label}: {why}.` (and
/// [`accounts::reachable`] adds one for each account the collector could not enter).
pub(crate) fn credential_reports<'a>(
    bundle: &'a Bundle,
    what: &str,
    out: &mut Findings,
) -> Vec<(&'a AccountEvidence, &'a CredentialReport)> {
    accounts::reachable(bundle, out)
        .into_iter()
        .filter_map(|account| match account.global.iam_credential_report.get() {
            Ok(report) => Some((account, report)),
            Err(missing) => {
                out.inconclusive(
                    Location::account(&account.account_id),
                    &format!("{what} in account {}", account.label()),
                    &missing,
                );
                None
            }
        })
        .collect()
}

/// The user's active access keys.
pub(crate) fn active_keys(user: &CredentialUser) -> Vec<&AccessKey> {
    user.access_keys.iter().filter(|key| key.active).collect()
}

/// The user's inactive access keys still in place.
pub(crate) fn inactive_count(user: &CredentialUser) -> usize {
    user.access_keys.iter().filter(|key| !key.active).count()
}

/// `rotated 2026-01-05 and last used 2026-10-30`, `rotated 2026-01-05 and never used`; the
/// rotation date is when the key was created or last rotated.
pub(crate) fn describe(key: &AccessKey) -> String {
    let rotated = match key.last_rotated {
        Some(at) => format!("rotated {}", day(at)),
        None => "with no rotation date".to_owned(),
    };
    let used = match key.last_used {
        Some(at) => format!("last used {}", day(at)),
        None => "never used".to_owned(),
    };
    format!("{rotated} and {used}")
}

/// Several keys described: `rotated … and last used …` for one, `one rotated …, the other
/// rotated …` for two (the report has at most two per user).
pub(crate) fn describe_all(keys: &[&AccessKey]) -> String {
    match keys {
        [one] => describe(one),
        [first, second] => format!("one {}, the other {}", describe(first), describe(second)),
        _ => keys.iter().map(|key| describe(key)).collect::<Vec<_>>().join("; "),
    }
}

/// `1 active access key` / `2 active access keys`.
pub(crate) fn count(n: usize, what: &str) -> String {
    format!("{n} {what} access key{}", if n == 1 { "" } else { "s" })
}

/// A date for people: `2026-10-30`.
pub(crate) fn day(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}
