//! No long-lived access keys on IAM users, per user.

use maturity_evidence::{Bundle, CredentialUser};

use crate::shared::access_keys::{self, credential_reports};
use crate::{Check, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Every IAM user of every account, as the IAM credential report lists them
    /// (`iam:GenerateCredentialReport`, `iam:GetCredentialReport`). One finding per user, at the
    /// user's ARN: pass when the user has no active access key, fail when it has one or two,
    /// naming when each was created or last rotated and when it was last used. Inactive keys do
    /// not fail (the passing message counts them). An account without any IAM user passes once,
    /// at the account.
    ///
    /// The root user is not in scope (see `iam-root-account-protected`). Inconclusive for an
    /// account whose credential report could not be read and for an account the collector could
    /// not enter.
    ///
    /// With `iam-access-keys-rotated` this check evidences the control *Use Temporary
    /// Credentials*: no user key at all meets it; keys that are all rotated and used within 90
    /// days make it partial (this check fails, that one passes); stale keys fail both.
    ///
    /// ## Why it matters
    /// An access key is a password that never expires and works from anywhere. Keys leak through
    /// code repositories, CI logs, laptops and chat, outlive the people and projects they were
    /// made for, and are slow to rotate after a compromise. IAM roles give workloads and people
    /// credentials that expire within hours and need no storing.
    ///
    /// ## How to fix
    /// Give each workload a role instead: an EC2 instance profile, a Lambda execution role, an
    /// ECS task role, EKS Pod Identity, GitHub Actions or other CI through OIDC federation, and
    /// IAM Roles Anywhere for servers outside AWS. People sign in through IAM Identity Center and
    /// use `aws sso login`. Then deactivate the key, watch for failures for a while, and delete it.
    pub(crate) struct IamNoUserAccessKeys {
        id: "iam-no-user-access-keys",
        title: "No IAM user has an active access key",
        scope: Resource,
        reads: ["account.iam_credential_report"],
    }
}

impl Check for IamNoUserAccessKeys {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        for (account, report) in credential_reports(bundle, "whether IAM users have active access keys", out) {
            let label = account.label().to_string();
            if report.users.is_empty() {
                out.pass(
                    Location::account(&account.account_id),
                    format_args!("Account {label} has no IAM users, so no IAM user access keys."),
                );
                continue;
            }
            for user in &report.users {
                evaluate_user(&account.account_id, &label, user, out);
            }
        }
    }
}

fn evaluate_user(account_id: &str, label: &str, user: &CredentialUser, out: &mut Findings) {
    let location = Location::resource(account_id, None, &user.arn);
    let active = access_keys::active_keys(user);
    if active.is_empty() {
        let inactive = match access_keys::inactive_count(user) {
            0 => String::new(),
            n => format!(" (it still has {})", access_keys::count(n, "inactive")),
        };
        out.pass(
            location,
            format_args!("IAM user {} of account {label} has no active access key{inactive}.", user.user),
        );
        return;
    }
    out.fail(
        location,
        format_args!(
            "IAM user {} of account {label} has {}: {}.",
            user.user,
            access_keys::count(active.len(), "active"),
            access_keys::describe_all(&active)
        ),
    );
}
