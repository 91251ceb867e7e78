//! Active IAM user access keys rotated and in use within 90 days, per user.

use chrono::{DateTime, Duration, Utc};
use maturity_evidence::{AccessKey, Bundle, CredentialUser};

use crate::shared::access_keys::{self, credential_reports};
use crate::{Check, FindingStatus, Findings, Location, declare_check};

/// How old (since creation or last rotation) and how idle an active key may be.
const MAX_DAYS: i64 = 90;

declare_check! {
    /// ## What it checks
    /// Every IAM user with at least one active access key, as the IAM credential report lists
    /// them (`iam:GenerateCredentialReport`, `iam:GetCredentialReport`). One finding per such
    /// user, at the user's ARN: pass when every active key was created or last rotated within
    /// the 90 days before the scan (`collected_at`) and used within those 90 days; fail when one
    /// is older or idle for longer, naming each stale key and why. A key never used counts as
    /// idle since it was created, so a new key that is not used yet passes until it is 90 days
    /// old. Inactive keys are not judged.
    ///
    /// Not applicable for an account where no IAM user has an active access key (see
    /// `iam-no-user-access-keys`, which passes them). Inconclusive for a user whose active key
    /// has no rotation date in the report (unless another key already fails), for an account
    /// whose credential report could not be read, and for an account the collector could not
    /// enter. The root user is not in scope (see `iam-root-account-protected`).
    ///
    /// With `iam-no-user-access-keys` this check evidences the control *Use Temporary
    /// Credentials*: keys that remain but are all fresh make the control partial rather than
    /// not met.
    ///
    /// ## Why it matters
    /// A key that is never rotated stays valid for years wherever it was copied: old laptops,
    /// build logs, former employees' notes. A key nobody has used for months is a credential
    /// nobody watches, and its first use in a long time is often by someone else. Regular
    /// rotation bounds how long a leaked key works, and idle keys are the cheapest to remove.
    ///
    /// ## How to fix
    /// Delete the keys that are not used. For the others, create a second key, switch the
    /// application to it, deactivate and then delete the old one, at least every 90 days, or
    /// better, replace the key by an IAM role (see `iam-no-user-access-keys`). IAM Access
    /// Analyzer's unused access findings list idle keys across the organization.
    pub(crate) struct IamAccessKeysRotated {
        id: "iam-access-keys-rotated",
        title: "Every active IAM user access key was rotated and used within 90 days",
        scope: Resource,
        reads: ["account.iam_credential_report"],
    }
}

impl Check for IamAccessKeysRotated {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let now = bundle.collector.collected_at;
        for (account, report) in credential_reports(bundle, "how old the IAM user access keys are", out) {
            let label = account.label();
            let with_keys: Vec<&CredentialUser> =
                report.users.iter().filter(|user| !access_keys::active_keys(user).is_empty()).collect();
            if with_keys.is_empty() {
                out.not_applicable(
                    Location::account(&account.account_id),
                    format_args!("No IAM user of account {label} has an active access key."),
                );
                continue;
            }
            for user in with_keys {
                let (status, message) = judge_user(user, now);
                out.add(
                    status,
                    Location::resource(&account.account_id, None, &user.arn),
                    format_args!("IAM user {} of account {label} {message}", user.user),
                );
            }
        }
    }
}

/// What one active key's dates say.
#[derive(Debug, Clone, PartialEq, Eq)]
enum KeyAge {
    /// Rotated and used within [`MAX_DAYS`].
    Fresh,
    /// Why the key is stale: `not rotated for 300 days`, `never used`…
    Stale(Vec<String>),
    /// The report gives no rotation date.
    Unknown,
}

fn key_age(key: &AccessKey, now: DateTime<Utc>) -> KeyAge {
    let Some(rotated) = key.last_rotated else {
        return KeyAge::Unknown;
    };
    let window_start = now - Duration::days(MAX_DAYS);
    let mut reasons = Vec::new();
    if rotated < window_start {
        reasons.push(format!("not rotated for {} days", (now - rotated).num_days()));
    }
    match key.last_used {
        Some(used) if used < window_start => reasons.push(format!("not used for {} days", (now - used).num_days())),
        Some(_) => {}
        // Never used: idle since it was created, so stale exactly when the rotation is.
        None if rotated < window_start => {
            reasons.clear();
            reasons.push(format!("not rotated for {} days and never used in that time", (now - rotated).num_days()));
        }
        None => {}
    }
    if reasons.is_empty() { KeyAge::Fresh } else { KeyAge::Stale(reasons) }
}

/// The finding for a user with at least one active key, as a status and the rest of the sentence
/// after `IAM user NAME of account LABEL`.
fn judge_user(user: &CredentialUser, now: DateTime<Utc>) -> (FindingStatus, String) {
    let active = access_keys::active_keys(user);
    let ages: Vec<(&AccessKey, KeyAge)> = active.iter().map(|key| (*key, key_age(key, now))).collect();
    let keys = access_keys::count(active.len(), "active");
    let stale: Vec<String> = ages
        .iter()
        .filter_map(|(key, age)| match age {
            KeyAge::Stale(reasons) => Some(format!("{} ({})", access_keys::describe(key), reasons.join(", "))),
            _ => None,
        })
        .collect();
    if !stale.is_empty() {
        let which = if stale.len() == active.len() {
            if active.len() == 1 { "it is stale" } else { "both are stale" }
        } else {
            "one is stale"
        };
        return (FindingStatus::Fail, format!("has {keys} and {which}: {}.", stale.join("; ")));
    }
    if ages.iter().any(|(_, age)| *age == KeyAge::Unknown) {
        return (
            FindingStatus::Inconclusive,
            if active.len() == 1 {
                format!("has {keys}; cannot tell how old it is: the credential report gives no rotation date for it.")
            } else {
                format!(
                    "has {keys}; cannot tell how old they are: the credential report gives no rotation date for one of them."
                )
            },
        );
    }
    let each = if active.len() == 1 { "" } else { "each " };
    (
        FindingStatus::Pass,
        format!(
            "has {keys}, {each}rotated within {MAX_DAYS} days and not idle for longer ({}).",
            access_keys::describe_all(&active).replace("never used", "not used yet")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).unwrap_or_else(|e| panic!("{e}"))
    }

    fn key(rotated: Option<&str>, used: Option<&str>) -> AccessKey {
        let json = serde_json::json!({"active": true, "last_rotated": rotated, "last_used": used});
        serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"))
    }

    fn user(keys: Vec<AccessKey>) -> CredentialUser {
        let json = serde_json::json!({
            "user": "u", "arn": "arn:aws:iam::111111111111:user/u", "password_enabled": false, "mfa_active": false
        });
        let user: CredentialUser = serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"));
        CredentialUser { access_keys: keys, ..user }
    }

    const NOW: &str = "2026-11-01T00:00:00Z";

    #[test]
    fn window_is_ninety_days_inclusive() {
        let now = at(NOW);
        // 2026-08-03 is exactly 90 days before 2026-11-01.
        assert_eq!(key_age(&key(Some("2026-08-03T00:00:00Z"), Some("2026-08-03T00:00:00Z")), now), KeyAge::Fresh);
        assert_eq!(
            key_age(&key(Some("2026-08-02T23:59:59Z"), Some("2026-10-31T00:00:00Z")), now),
            KeyAge::Stale(vec!["not rotated for 90 days".into()])
        );
        assert_eq!(
            key_age(&key(Some("2026-10-01T00:00:00Z"), Some("2026-07-01T00:00:00Z")), now),
            KeyAge::Stale(vec!["not used for 123 days".into()])
        );
    }

    #[test]
    fn never_used_key_is_idle_since_creation() {
        let now = at(NOW);
        assert_eq!(key_age(&key(Some("2026-10-25T00:00:00Z"), None), now), KeyAge::Fresh);
        assert_eq!(
            key_age(&key(Some("2026-01-01T00:00:00Z"), None), now),
            KeyAge::Stale(vec!["not rotated for 304 days and never used in that time".into()])
        );
        assert_eq!(key_age(&key(None, Some("2026-10-31T00:00:00Z")), now), KeyAge::Unknown);
    }

    #[test]
    fn one_stale_key_fails_the_user_even_when_another_is_unknown() {
        let now = at(NOW);
        let mixed = user(vec![key(None, None), key(Some("2025-01-01T00:00:00Z"), Some("2026-10-31T00:00:00Z"))]);
        let (status, message) = judge_user(&mixed, now);
        assert_eq!(status, FindingStatus::Fail);
        assert!(message.starts_with("has 2 active access keys and one is stale: rotated 2025-01-01"), "{message}");
        let unknown = user(vec![key(None, None), key(Some("2026-10-01T00:00:00Z"), Some("2026-10-31T00:00:00Z"))]);
        assert_eq!(judge_user(&unknown, now).0, FindingStatus::Inconclusive);
    }

    #[test]
    fn inactive_keys_are_not_judged() {
        let now = at(NOW);
        let mut old = key(Some("2020-01-01T00:00:00Z"), None);
        old.active = false;
        let (status, message) = judge_user(&user(vec![old, key(Some("2026-10-25T00:00:00Z"), None)]), now);
        assert_eq!(status, FindingStatus::Pass);
        assert_eq!(
            message,
            "has 1 active access key, rotated within 90 days and not idle for longer (rotated 2026-10-25 and not used yet)."
        );
    }
}
