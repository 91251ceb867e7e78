//! Root user protection, per account.

use chrono::Duration;
use maturity_evidence::{AccountEvidence, Bundle};

use crate::shared::walk;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

/// How recently a root password sign-in counts as "in use".
const ROOT_USE_WINDOW_DAYS: i64 = 90;

declare_check! {
    /// ## What it checks
    /// For every account, from the IAM account summary (`iam:GetAccountSummary`) and the root
    /// row of the credential report (`iam:GetCredentialReport`):
    ///
    /// - the root user has no access keys (fail otherwise);
    /// - its password was not used to sign in during the 90 days before the scan (fail
    ///   otherwise, with or without MFA, and whether or not root credentials are managed
    ///   centrally: a recent sign-in shows the root user has a password and is in use);
    /// - it has an MFA device, with one exception below (fail otherwise).
    ///
    /// The credential report never says whether the root user has a password: AWS writes
    /// `not_supported` in the root row's `password_enabled` (and `password_last_changed`), so
    /// the scan never infers "no root password" from it. The one sign of a root password the
    /// scan can see is the root row's `password_last_used`.
    ///
    /// The exception: a member account of an organization that manages root credentials
    /// centrally (the IAM feature `RootCredentialsManagement`), whose root user has no access
    /// keys and has never signed in with a password (`password_last_used` is `N/A`), passes
    /// without MFA: accounts created by AWS Organizations start without a root password, and
    /// the organization can keep it that way. When such a member's root user signed in with a
    /// password before the 90 days and has no MFA, the finding is inconclusive: the scan cannot
    /// see whether that password was removed since (check it under IAM > Root access
    /// management in the management account).
    ///
    /// Inconclusive also when the IAM account summary or the credential report could not be
    /// read, or when the report has no root row (the last sign-in cannot be told).
    ///
    /// ## Why it matters
    /// The root user can do anything in the account, including closing it, and is not bound by
    /// service control policies in the management account. A phished root password without MFA,
    /// or a leaked root access key, is a full compromise with little accountability.
    ///
    /// ## How to fix
    /// Enable MFA on root (a hardware key for the management account), delete root access keys,
    /// and sign in as root only for the few tasks that need it. In an organization, enable
    /// centralized root access for member accounts and delete their root passwords, access keys
    /// and MFA devices from the management account, so that nobody can sign in as a member's
    /// root user without a privileged root session.
    pub(crate) struct IamRootAccountProtected {
        id: "iam-root-account-protected",
        title: "The root user of every account has MFA, no access keys and no recent use",
        scope: Account,
        reads: ["organization.organization", "organization.iam_features", "account.iam_account_summary", "account.iam_credential_report"],
    }
}

impl Check for IamRootAccountProtected {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let centrally_managed = bundle
            .organization
            .as_ref()
            .and_then(|org| org.iam_features.get().ok())
            .is_some_and(|features| features.iter().any(|f| f == "RootCredentialsManagement"));
        let management_account = bundle
            .organization
            .as_ref()
            .and_then(|org| org.organization.get().ok())
            .map(|o| o.management_account_id.as_str());
        walk::each_account(bundle, out, |account, out| {
            let member_with_central_root =
                centrally_managed && management_account.is_some_and(|m| m != account.account_id);
            evaluate_account(bundle, account, member_with_central_root, out);
        });
    }
}

fn evaluate_account(bundle: &Bundle, account: &AccountEvidence, central_root: bool, out: &mut Findings) {
    let location = Location::account(&account.account_id);
    let label = account.label();
    let summary = match account.global.iam_account_summary.get() {
        Ok(summary) => summary,
        Err(missing) => {
            out.inconclusive(location, &format!("how the root user of {label} is protected"), &missing);
            return;
        }
    };
    if summary.root_access_keys_present {
        out.fail(location, format_args!("The root user of {label} has access keys."));
        return;
    }
    let root = match account.global.iam_credential_report.get().map(|report| report.root.as_ref()) {
        Ok(Some(root)) => root,
        Ok(None) if !summary.root_mfa_enabled && !central_root => {
            out.fail(location, format_args!("The root user of {label} has no MFA device."));
            return;
        }
        Ok(None) => {
            out.add(
                FindingStatus::Inconclusive,
                location,
                format_args!(
                    "Cannot tell when the root user of {label} last signed in: the credential report has no root row."
                ),
            );
            return;
        }
        Err(_) if !summary.root_mfa_enabled && !central_root => {
            out.fail(location, format_args!("The root user of {label} has no MFA device."));
            return;
        }
        Err(missing) => {
            out.inconclusive(location, &format!("when the root user of {label} last signed in"), &missing);
            return;
        }
    };
    let window_start = bundle.collector.collected_at - Duration::days(ROOT_USE_WINDOW_DAYS);
    let mfa = if summary.root_mfa_enabled { "it has MFA" } else { "it has no MFA device" };
    match root.password_last_used {
        Some(used) if used >= window_start => out.fail(
            location,
            format_args!(
                "The root user of {label} signed in with its password on {}, within {ROOT_USE_WINDOW_DAYS} days of the scan ({mfa}){}.",
                used.format("%Y-%m-%d"),
                if central_root {
                    "; root credentials are managed centrally, yet this root user has a password and uses it"
                } else {
                    ""
                }
            ),
        ),
        _ if summary.root_mfa_enabled => out.pass(
            location,
            format_args!("The root user of {label} has MFA, no access keys, and no password sign-in in the last {ROOT_USE_WINDOW_DAYS} days."),
        ),
        None if central_root => out.pass(
            location,
            format_args!(
                "The root user of {label} has no access keys and has never signed in with a password; root credentials are managed centrally."
            ),
        ),
        Some(used) if central_root => out.add(
            FindingStatus::Inconclusive,
            location,
            format_args!(
                "Cannot tell whether the root user of {label} still has a password: it has no MFA device and last signed in with a password on {}; root credentials are managed centrally, but the credential report does not say whether that password was removed since.",
                used.format("%Y-%m-%d")
            ),
        ),
        _ => out.fail(location, format_args!("The root user of {label} has no MFA device.")),
    }
}
