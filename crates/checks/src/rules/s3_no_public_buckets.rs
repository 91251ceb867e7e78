//! S3 buckets made public by their bucket policy, per bucket.

use maturity_evidence::{AccountEvidence, Bucket, Bundle, Fact, Missing, PublicAccessBlock};

use crate::shared::buckets;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Every S3 bucket of every account (`s3:ListAllMyBuckets`): no bucket policy makes a bucket
    /// public (`s3:GetBucketPolicyStatus`).
    ///
    /// - A bucket without a policy, or whose policy is not public, passes.
    /// - A bucket whose policy is public passes when `RestrictPublicBuckets` is on in the
    ///   account-level Block Public Access or in the bucket's own Block Public Access: that
    ///   setting neutralises the public policy (only AWS services and principals of the bucket's
    ///   account can then use it). Otherwise it fails.
    ///
    /// Not applicable for an account without buckets. Inconclusive for an account whose buckets
    /// could not be listed or that the collector could not enter; for a bucket whose policy status
    /// could not be read; and for a bucket with a public policy when neither Block Public Access
    /// is known to restrict it and one of them could not be read.
    ///
    /// Only bucket policies are looked at: a bucket opened by its ACLs is not seen by this check
    /// (the account-level Block Public Access check covers ACLs).
    ///
    /// ## Why it matters
    /// A public bucket policy (`"Principal": "*"` without a narrowing condition) lets anyone on
    /// the internet read, and sometimes write or delete, the bucket's objects. Leaked data from
    /// public buckets is one of the most common cloud breaches.
    ///
    /// ## How to fix
    /// Remove or narrow the public statements of the bucket policy (name the principals, or add
    /// conditions such as `aws:SourceVpce` or `aws:PrincipalOrgID`), and turn on all four
    /// account-level Block Public Access settings. If content must be public, serve it through
    /// CloudFront with origin access control and keep the bucket private.
    pub(crate) struct S3NoPublicBuckets {
        id: "s3-no-public-buckets",
        title: "No S3 bucket is public through its bucket policy",
        scope: Resource,
    }
}

impl Check for S3NoPublicBuckets {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        buckets::each_bucket(
            bundle,
            out,
            |label| format!("whether any S3 bucket of {label} is public"),
            evaluate_bucket,
        );
    }
}

fn evaluate_bucket(account: &AccountEvidence, label: &str, bucket: &Bucket, out: &mut Findings) {
    let location = Location::resource(&account.account_id, bucket.region.as_deref(), &bucket.name);
    let name = &bucket.name;
    let (status, message) = match bucket.policy_is_public.get() {
        Err(missing) => (
            FindingStatus::Inconclusive,
            format!("Cannot tell whether the policy of bucket {name} of {label} makes it public: {missing}."),
        ),
        Ok(None) => (
            FindingStatus::Pass,
            format!("Bucket {name} of {label} has no bucket policy, so no policy makes it public."),
        ),
        Ok(Some(false)) => {
            (FindingStatus::Pass, format!("The bucket policy of bucket {name} of {label} does not make it public."))
        }
        Ok(Some(true)) => {
            match restricting_block(&account.global.s3_account_public_access_block, &bucket.public_access_block) {
                Ok(Some(level)) => (
                    FindingStatus::Pass,
                    format!(
                        "Bucket {name} of {label} has a public bucket policy, but RestrictPublicBuckets in the {} Block Public Access neutralises it: only AWS services and principals of the account can use the bucket.",
                        level.words()
                    ),
                ),
                Ok(None) => (
                    FindingStatus::Fail,
                    format!(
                        "Bucket {name} of {label} is public through its bucket policy, and neither the account-level nor the bucket's own Block Public Access has RestrictPublicBuckets on."
                    ),
                ),
                Err(missing) => (
                    FindingStatus::Inconclusive,
                    format!(
                        "Cannot tell whether Block Public Access neutralises the public bucket policy of bucket {name} of {label}: {missing}."
                    ),
                ),
            }
        }
    };
    out.add_tagged(status, location, &bucket.tags, message);
}

/// Which Block Public Access neutralises a public bucket policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Account,
    Bucket,
}

impl Level {
    fn words(self) -> &'static str {
        match self {
            Level::Account => "account-level",
            Level::Bucket => "bucket's own",
        }
    }
}

/// The Block Public Access that has `RestrictPublicBuckets` on (the account's first), `None`
/// when both were read and neither has, or why it cannot be told when neither is known to
/// restrict and one of them could not be read.
fn restricting_block<'a>(
    account: &'a Fact<Option<PublicAccessBlock>>,
    bucket: &'a Fact<Option<PublicAccessBlock>>,
) -> Result<Option<Level>, Missing<'a>> {
    let restricts = |fact: &'a Fact<Option<PublicAccessBlock>>| {
        fact.get().map(|block| block.is_some_and(|b| b.restrict_public_buckets))
    };
    match (restricts(account), restricts(bucket)) {
        (Ok(true), _) => Ok(Some(Level::Account)),
        (_, Ok(true)) => Ok(Some(Level::Bucket)),
        (Ok(false), Ok(false)) => Ok(None),
        (Err(missing), _) | (_, Err(missing)) => Err(missing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(restrict_public_buckets: bool) -> Fact<Option<PublicAccessBlock>> {
        Fact::Ok(Some(PublicAccessBlock {
            block_public_acls: true,
            ignore_public_acls: true,
            block_public_policy: true,
            restrict_public_buckets,
        }))
    }

    #[test]
    fn restrict_public_buckets_at_either_level_neutralises() {
        assert_eq!(restricting_block(&block(true), &Fact::Ok(None)), Ok(Some(Level::Account)));
        assert_eq!(restricting_block(&Fact::Ok(None), &block(true)), Ok(Some(Level::Bucket)));
        assert_eq!(restricting_block(&block(true), &block(true)), Ok(Some(Level::Account)));
    }

    #[test]
    fn other_settings_do_not_neutralise_a_public_policy() {
        assert_eq!(restricting_block(&block(false), &block(false)), Ok(None));
        assert_eq!(restricting_block(&Fact::Ok(None), &Fact::Ok(None)), Ok(None));
    }

    #[test]
    fn a_known_restriction_wins_over_an_unreadable_block() {
        let denied = Fact::denied("s3:GetAccountPublicAccessBlock");
        assert_eq!(restricting_block(&denied, &block(true)), Ok(Some(Level::Bucket)));
        let denied = Fact::denied("s3:GetBucketPublicAccessBlock");
        assert_eq!(restricting_block(&block(true), &denied), Ok(Some(Level::Account)));
    }

    #[test]
    fn an_unreadable_block_without_a_known_restriction_cannot_be_told() {
        let denied = Fact::denied("s3:GetAccountPublicAccessBlock");
        assert_eq!(restricting_block(&denied, &Fact::Ok(None)), Err(Missing::Denied("s3:GetAccountPublicAccessBlock")));
        let not_collected = Fact::NotCollected;
        assert_eq!(restricting_block(&block(false), &not_collected), Err(Missing::NotCollected));
    }
}
