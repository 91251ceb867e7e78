//! No IAM user with a console password, per user.

use maturity_evidence::{Bundle, CredentialUser};

use crate::shared::access_keys;
use crate::{Check, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every IAM user of every account: the user has no console password
    /// (`password_enabled` in the IAM credential report). One fail finding per IAM user with a
    /// console password, at the user's ARN, whether or not the user has MFA (see
    /// `iam-console-users-mfa` for that). An account whose IAM users have no console password
    /// (or that has no IAM user) passes, with one finding for the account.
    ///
    /// The root user is not in scope (see `iam-root-account-protected`). Inconclusive when the
    /// credential report could not be read, and for every account the collector could not
    /// enter. A bundle with no account is not applicable.
    ///
    /// ## Why it matters
    /// People should sign in through federation (IAM Identity Center or an identity provider)
    /// with short-lived credentials, so that their access follows the central directory and
    /// ends when they leave. An IAM user's password lives outside that process: it is forgotten
    /// at offboarding, shared, reused elsewhere and phished.
    ///
    /// ## How to fix
    /// Give each listed person access through IAM Identity Center (permission sets) or a federated
    /// role, then delete the user's login profile (`aws iam delete-login-profile --user-name …`),
    /// and the user itself once nothing else uses it. Keep break-glass access in a documented,
    /// monitored procedure rather than in everyday IAM users.
    pub(crate) struct IamNoConsoleUsers {
        id: "iam-no-console-users",
        title: "No IAM user has a console password",
        scope: Resource,
        reads: ["account.iam_credential_report"],
    }
}

impl Check for IamNoConsoleUsers {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        for (account, report) in
            access_keys::credential_reports(bundle, "whether IAM users have console passwords", out)
        {
            let label = account.label();
            let console_users: Vec<&CredentialUser> = report.users.iter().filter(|u| u.password_enabled).collect();
            if console_users.is_empty() {
                let users = match report.users.len() {
                    0 => "it has no IAM user".to_owned(),
                    1 => "its 1 IAM user has none".to_owned(),
                    n => format!("none of its {n} IAM users has one"),
                };
                out.pass(
                    Location::account(&account.account_id),
                    format_args!("No IAM user of account {label} has a console password: {users}."),
                );
                continue;
            }
            for user in console_users {
                out.fail(
                    Location::resource(&account.account_id, None, &user.arn),
                    format_args!(
                        "IAM user {} of account {label} has a console password ({}, {}).",
                        user.user,
                        if user.mfa_active { "with an MFA device" } else { "without an MFA device" },
                        last_sign_in(user)
                    ),
                );
            }
        }
    }
}

/// When the user last signed in with the password, for people.
fn last_sign_in(user: &CredentialUser) -> String {
    match user.password_last_used {
        Some(used) => format!("last console sign-in {}", access_keys::day(used)),
        None => "no console sign-in recorded".to_owned(),
    }
}
