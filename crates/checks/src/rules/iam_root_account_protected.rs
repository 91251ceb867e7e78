//! Root user protection, per account.

use chrono::Duration;
use maturity_evidence::{AccountEvidence, Bundle};

use crate::shared::accounts;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

/// How recently a root password sign-in counts as "in use".
const ROOT_USE_WINDOW_DAYS: i64 = 90;

declare_check! {
    /// ## What it checks
    /// For every account: the root user has an MFA device, has no access keys, and its password
    /// was not used to sign in during the 90 days before the scan.
    ///
    /// A member account of an organization that manages root credentials centrally (the IAM
    /// feature `RootCredentialsManagement`) passes when its root user has no password and no
    /// access keys: there is nothing left to protect.
    ///
    /// Inconclusive when the IAM account summary or the credential report could not be read, or
    /// when the report has no root row (the last sign-in cannot be told).
    ///
    /// ## Why it matters
    /// The root user can do anything in the account, including closing it, and is not bound by
    /// service control policies in the management account. A phished root password without MFA,
    /// or a leaked root access key, is a full compromise with little accountability.
    ///
    /// ## How to fix
    /// Enable MFA on root (a hardware key for the management account), delete root access keys,
    /// and sign in as root only for the few tasks that need it. In an organization, enable
    /// centralized root access for member accounts and remove their root credentials.
    pub(crate) struct IamRootAccountProtected {
        id: "iam-root-account-protected",
        title: "The root user of every account has MFA, no access keys and no recent use",
        scope: Account,
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
        for account in accounts::reachable(bundle, out) {
            let member_with_central_root =
                centrally_managed && management_account.is_some_and(|m| m != account.account_id);
            evaluate_account(bundle, account, member_with_central_root, out);
        }
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
    let root_row = account.global.iam_credential_report.get().map(|report| report.root.as_ref());

    if summary.root_access_keys_present {
        out.fail(location, format!("The root user of {label} has access keys."));
        return;
    }
    if central_root
        && let Ok(Some(root)) = &root_row
        && !root.password_enabled
    {
        out.pass(
            location,
            format!("The root user of {label} has no password or access keys; root credentials are managed centrally."),
        );
        return;
    }
    if !summary.root_mfa_enabled {
        out.fail(location, format!("The root user of {label} has no MFA device."));
        return;
    }
    let root = match root_row {
        Ok(Some(root)) => root,
        Ok(None) => {
            out.add(
                FindingStatus::Inconclusive,
                location,
                format!(
                    "Cannot tell when the root user of {label} last signed in: the credential report has no root row."
                ),
            );
            return;
        }
        Err(missing) => {
            out.inconclusive(location, &format!("when the root user of {label} last signed in"), &missing);
            return;
        }
    };
    let window_start = bundle.collector.collected_at - Duration::days(ROOT_USE_WINDOW_DAYS);
    match root.password_last_used {
        Some(used) if used >= window_start => out.fail(
            location,
            format!(
                "The root user of {label} signed in with its password on {}, within {ROOT_USE_WINDOW_DAYS} days of the scan.",
                used.format("%Y-%m-%d")
            ),
        ),
        _ => out.pass(
            location,
            format!("The root user of {label} has MFA, no access keys, and no password sign-in in the last {ROOT_USE_WINDOW_DAYS} days."),
        ),
    }
}
