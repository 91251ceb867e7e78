//! Amazon Macie turned on where the buckets are, per region.

use maturity_evidence::Bundle;

use crate::shared::{bucket_regions, walk};
use crate::{Check, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account with S3 buckets, in every region where it keeps buckets (the bucket's
    /// location from `s3:GetBucketLocation`): Amazon Macie is enabled there
    /// (`macie2:GetMacieSession` answers status `ENABLED`). One finding per region: pass when
    /// enabled, fail when Macie was never enabled or is `PAUSED` (a paused Macie evaluates
    /// nothing).
    ///
    /// Not applicable for an account without buckets. Inconclusive when the buckets could not be
    /// listed, when a region with buckets was not scanned or its Macie session could not be read,
    /// and for an account the collector could not enter. Regions without buckets are not judged:
    /// Macie only looks at buckets in its own region.
    ///
    /// ## Why it matters
    /// Macie keeps an inventory of the buckets and tells, continuously and at no cost for this
    /// part, which ones are public, shared with other accounts, unencrypted or replicated
    /// outside the organization. Without it, a bucket that drifted to public or shared access is
    /// found by whoever looks for it first.
    ///
    /// ## How to fix
    /// Make the security account Macie's delegated administrator in the organization and enable
    /// Macie for all member accounts (auto-enable new ones) in every region where the
    /// organization keeps buckets. Resume it where it is paused, and route its policy findings to
    /// Security Hub or to a team that acts on them.
    pub(crate) struct MacieEnabled {
        id: "macie-enabled",
        title: "Amazon Macie is enabled in every region where an account keeps S3 buckets",
        scope: Region,
        reads: ["account.s3_buckets", "region.macie_session"],
        alternative: "another data security posture tool that inventories the buckets and their exposure",
    }
}

impl Check for MacieEnabled {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_account(bundle, out, |account, out| {
            let label = account.label();
            for found in bucket_regions::with_buckets(account, "whether Macie is enabled", out) {
                let (region, count) = (found.region, &found.buckets);
                let location = Location::region(&account.account_id, region);
                match found.facts.macie_session.get() {
                    Ok(Some(session)) if session.is_enabled() => out.pass(
                        location,
                        format_args!("Macie is enabled in {region} of account {label}, which keeps {count} there."),
                    ),
                    Ok(Some(session)) => out.fail(
                        location,
                        format_args!(
                            "Macie is {} in {region} of account {label}, which keeps {count} there.",
                            session.status
                        ),
                    ),
                    Ok(None) => out.fail(
                        location,
                        format_args!("Macie is not enabled in {region} of account {label}, which keeps {count} there."),
                    ),
                    Err(missing) => out.inconclusive(
                        location,
                        &format!("whether Macie is enabled in {region} of account {label}"),
                        &missing,
                    ),
                }
            }
        });
    }
}
