//! Account-level S3 Block Public Access, per account.

use maturity_evidence::Bundle;

use crate::shared::walk;
use crate::{Check, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account: the account-level S3 Block Public Access
    /// (`s3:GetAccountPublicAccessBlock`) has all four settings on: `BlockPublicAcls`,
    /// `IgnorePublicAcls`, `BlockPublicPolicy` and `RestrictPublicBuckets`.
    ///
    /// Fails when the account has no account-level configuration at all, or when any of the four
    /// settings is off (the finding names them). Inconclusive when the configuration could not be
    /// read, and for an account the collector could not enter.
    ///
    /// ## Why it matters
    /// A bucket made public by mistake (an ACL granted to everyone, a policy with
    /// `"Principal": "*"`) exposes its data to the whole internet. With all four settings on at
    /// the account level, no bucket of the account can be made public, whatever its own settings,
    /// ACLs or policy say.
    ///
    /// ## How to fix
    /// Turn on all four settings in the S3 console under "Block Public Access settings for this
    /// account" (or `aws s3control put-public-access-block`) in every account, and deny
    /// `s3:PutAccountPublicAccessBlock` with an SCP so that they stay on. Serve public content
    /// through CloudFront with origin access control rather than from a public bucket.
    pub(crate) struct S3AccountPublicAccessBlock {
        id: "s3-account-public-access-block",
        title: "Every account blocks public access to S3 at the account level",
        scope: Account,
        reads: ["account.s3_account_public_access_block"],
    }
}

impl Check for S3AccountPublicAccessBlock {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_account_fact(
            bundle,
            out,
            |facts| &facts.s3_account_public_access_block,
            |account| format!("whether {} blocks public access to S3 at the account level", account.label()),
            |account, block, out| {
                let location = Location::account(&account.account_id);
                let label = account.label();
                match block {
                    None => out.fail(
                        location,
                        format_args!("Account {label} has no account-level S3 Block Public Access configuration."),
                    ),
                    Some(block) if block.fully_on() => out.pass(
                        location,
                        format_args!("Account {label} has all four account-level S3 Block Public Access settings on."),
                    ),
                    Some(block) => out.fail(
                        location,
                        format_args!(
                            "Account {label} has account-level S3 Block Public Access settings off: {}.",
                            block.settings_off().join(", ")
                        ),
                    ),
                }
            },
        );
    }
}
