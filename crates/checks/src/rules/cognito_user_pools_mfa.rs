//! Multi-factor authentication offered or required by every Cognito user pool.

use maturity_evidence::{AccountEvidence, AdvancedSecurityMode, Bundle, CognitoUserPool};

use crate::across::{Summarize, summarized_check};
use crate::shared::prose::and_list;
use crate::shared::{accounts, walk};
use crate::{FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every Amazon Cognito user pool in every scanned region of every account: its MFA
    /// setting (`MfaConfiguration`) is `ON` (every user must use a second factor) or `OPTIONAL`
    /// (every user can turn one on). One finding per pool: pass for `ON` or `OPTIONAL`, fail for
    /// `OFF`. Each message also says whether threat protection (advanced security) is
    /// `ENFORCED`, only auditing, or off, which is worth knowing but does not decide the verdict.
    ///
    /// When every scanned region of an account was read and none has a user pool, one finding
    /// for the account: not applicable when another account of the scan keeps the customer
    /// identities in Cognito (the message names it); otherwise inconclusive, because the absence
    /// of Cognito was seen but customer identities may live in an identity provider outside AWS,
    /// which only an attested answer can tell (the control stays unknown until then).
    /// Inconclusive for a region whose user pools could not be listed or described, and for an
    /// account with no region collected.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Customer accounts are attacked with stolen and reused passwords at scale. A second factor
    /// stops most of those takeovers, and customers who hold valuable data or money with you
    /// expect to be offered one. A pool with MFA `OFF` offers it to nobody, and requiring it
    /// (`ON`) later is harder than offering it from the start.
    ///
    /// ## How to fix
    /// Set MFA to `OPTIONAL` (let customers enrol TOTP apps or SMS, and prompt them to) or `ON`
    /// for pools whose users handle sensitive actions, preferring authenticator apps or passkeys
    /// over SMS. Turn on threat protection in `ENFORCED` mode (Plus feature plan) so that
    /// compromised credentials and risky sign-ins are blocked or challenged, and consider AWS
    /// WAF account takeover prevention on the sign-in page.
    pub(crate) struct CognitoUserPoolsMfa {
        id: "cognito-user-pools-mfa",
        title: "Every Cognito user pool offers or requires MFA",
        scope: Resource,
        reads: ["account.enabled_regions", "region.cognito_user_pools"],
        across_accounts: "an account without user pools is out of scope when another account of the scan keeps the customer identities",
    }
}

summarized_check!(CognitoUserPoolsMfa);

impl Summarize for CognitoUserPoolsMfa {
    /// The account's label when it keeps customer identities in Cognito (a user pool in an
    /// enabled region).
    type Summary = Option<String>;
    /// The accounts of the scan that keep customer identities in Cognito.
    type Context = Vec<String>;

    fn summarize(&self, _head: &Bundle, account: &AccountEvidence) -> Option<String> {
        let holds = account.access_problem().is_none()
            && accounts::regions(account).any(|(_, f)| f.cognito_user_pools.get().is_ok_and(|p| !p.is_empty()));
        holds.then(|| account.label().to_string())
    }

    fn context(&self, _head: &Bundle, summaries: Vec<Option<String>>) -> Vec<String> {
        summaries.into_iter().flatten().collect()
    }

    fn judge(&self, holders: &Vec<String>, bundle: &Bundle, out: &mut Findings) {
        let what = "whether Cognito user pools offer MFA";
        walk::every_region(bundle, out, what, |account, regions, out| {
            let label = account.label();
            let mut judged = 0;
            let mut any_pool_or_gap = false;
            for &(region, facts) in regions {
                let pools = match facts.cognito_user_pools.get() {
                    Ok(pools) => pools,
                    // A region the account has not enabled holds no user pool.
                    Err(maturity_evidence::Missing::Unavailable(_)) => continue,
                    Err(missing) => {
                        any_pool_or_gap = true;
                        out.inconclusive(
                            Location::region(&account.account_id, region),
                            &format!("{what} in {region} of account {label}"),
                            &missing,
                        );
                        continue;
                    }
                };
                judged += 1;
                for pool in pools {
                    any_pool_or_gap = true;
                    let location = Location::resource(&account.account_id, Some(region), &pool.id);
                    let message = format!(
                        "Cognito user pool {} ({}) in {region} of account {label} has MFA {}; threat protection {}.",
                        pool.name,
                        pool.id,
                        pool.mfa_configuration,
                        threat_protection(pool)
                    );
                    let status = if pool.mfa_available() { FindingStatus::Pass } else { FindingStatus::Fail };
                    out.add(status, location, message);
                }
            }
            if !any_pool_or_gap && !regions.is_empty() {
                let location = Location::account(&account.account_id);
                if judged == 0 {
                    out.add(
                        FindingStatus::Inconclusive,
                        location,
                        format_args!(
                            "Cannot tell {what} in account {label}: none of its scanned regions could be read."
                        ),
                    );
                } else if !holders.is_empty() {
                    out.not_applicable(
                        location,
                        format_args!(
                            "Account {label} has no Cognito user pool in the {judged} scanned region{}; the scan's customer identities live in the user pools of {}.",
                            if judged == 1 { "" } else { "s" },
                            and_list(holders)
                        ),
                    );
                } else {
                    out.add(
                        FindingStatus::Inconclusive,
                        location,
                        format_args!(
                            "Account {label} has no Cognito user pool in the {judged} scanned region{}, and no account of the scan has one. That absence was seen in AWS, but customer identities may live in an identity provider outside AWS, which only an attested answer can tell.",
                            if judged == 1 { "" } else { "s" }
                        ),
                    );
                }
            }
        });
    }
}

/// `is enforced`, `only audits`, `is off`, `is not reported`.
fn threat_protection(pool: &CognitoUserPool) -> &'static str {
    match pool.advanced_security_mode {
        Some(AdvancedSecurityMode::Enforced) => "is enforced",
        Some(AdvancedSecurityMode::Audit) => "only audits",
        Some(AdvancedSecurityMode::Off) => "is off",
        Some(AdvancedSecurityMode::Other(_)) | None => "is not reported",
    }
}
