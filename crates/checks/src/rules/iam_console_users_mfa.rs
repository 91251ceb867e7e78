//! MFA on IAM users who can sign in to the console, per user.

use maturity_evidence::{AccountEvidence, Bundle, CredentialReport, CredentialUser};

use crate::shared::walk;
use crate::{Check, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every IAM user of every account that has a console password (`password_enabled` in
    /// the IAM credential report): the user has an MFA device (`mfa_active`). One finding per
    /// such user, at the user's ARN: pass with an MFA device, fail without one.
    ///
    /// Users without a console password (access keys only, or no credentials) are not in scope,
    /// and neither is the root user (see `iam-root-account-protected`). An account with no
    /// console user is not applicable. Inconclusive when the credential report could not be read.
    ///
    /// ## Why it matters
    /// Passwords are guessed, phished, reused and logged by keyloggers. A console password
    /// without a second factor is one leak away from an interactive session in the account,
    /// with whatever the user's policies allow.
    ///
    /// ## How to fix
    /// Assign an MFA device to each listed user (a FIDO2 security key or passkey where possible)
    /// and enforce it with a policy that denies everything but MFA setup without
    /// `aws:MultiFactorAuthPresent`. Better still, move people to IAM Identity Center with an
    /// identity provider that requires MFA, and remove the console passwords of IAM users.
    pub(crate) struct IamConsoleUsersMfa {
        id: "iam-console-users-mfa",
        title: "Every IAM user with a console password has an MFA device",
        scope: Resource,
        reads: ["account.iam_credential_report"],
    }
}

impl Check for IamConsoleUsersMfa {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_account_fact(
            bundle,
            out,
            |facts| &facts.iam_credential_report,
            |account| format!("whether the console users of account {} have MFA", account.label()),
            evaluate_account,
        );
    }
}

fn evaluate_account(account: &AccountEvidence, report: &CredentialReport, out: &mut Findings) {
    let label = account.label();
    let console_users: Vec<&CredentialUser> = report.users.iter().filter(|u| u.password_enabled).collect();
    if console_users.is_empty() {
        out.not_applicable(
            Location::account(&account.account_id),
            format_args!("No IAM user of account {label} has a console password."),
        );
        return;
    }
    for user in console_users {
        let location = Location::resource(&account.account_id, None, &user.arn);
        if user.mfa_active {
            out.pass(
                location,
                format_args!("IAM user {} of account {label} has a console password and an MFA device.", user.user),
            );
        } else {
            out.fail(
                location,
                format_args!(
                    "IAM user {} of account {label} has a console password and no MFA device ({}).",
                    user.user,
                    last_sign_in(user)
                ),
            );
        }
    }
}

/// When the user last signed in with the password, for people.
fn last_sign_in(user: &CredentialUser) -> String {
    match user.password_last_used {
        Some(used) => format!("last console sign-in {}", used.format("%Y-%m-%d")),
        None => "no console sign-in recorded".to_owned(),
    }
}
