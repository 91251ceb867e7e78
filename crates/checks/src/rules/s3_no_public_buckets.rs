//! S3 buckets made public by their bucket policy or their ACL, per bucket.

use maturity_evidence::{AccountEvidence, AclGrant, Bucket, Bundle, Fact, Missing, PublicAccessBlock};

use crate::shared::buckets;
use crate::shared::prose::and_list;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Every S3 bucket of every account (`s3:ListAllMyBuckets`): neither its bucket policy
    /// (`s3:GetBucketPolicyStatus`) nor its access control list (`s3:GetBucketAcl`) makes it
    /// public. One finding per bucket.
    ///
    /// - The policy: a bucket without a policy, or whose policy is not public, is fine. A public
    ///   policy is neutralised when `RestrictPublicBuckets` is on in the account-level Block
    ///   Public Access or in the bucket's own (only AWS services and principals of the bucket's
    ///   account can then use it); otherwise the bucket is public.
    /// - The ACL: a grant to the `AllUsers` group (anyone) or the `AuthenticatedUsers` group
    ///   (anyone with an AWS account) makes the bucket public, unless `IgnorePublicAcls` is on in
    ///   the account-level or the bucket's own Block Public Access: S3 then ignores every public
    ///   grant of the bucket and its objects, whatever the ACL says.
    ///
    /// Pass when neither makes the bucket public; fail when one does (the message names the
    /// policy or the grants). Inconclusive, never pass, for a bucket whose policy status or ACL
    /// could not be read (denied, failed or not collected), and when a public policy or grant
    /// exists and a Block Public Access that might neutralise it could not be read. Not applicable for an account without buckets; inconclusive for an
    /// account whose buckets could not be listed or that the collector could not enter.
    ///
    /// ## Why it matters
    /// A public bucket policy (`"Principal": "*"` without a narrowing condition) or an ACL grant
    /// to everyone lets anyone on the internet read, and sometimes write or delete, the bucket's
    /// objects. Leaked data from public buckets is one of the most common cloud breaches.
    ///
    /// ## How to fix
    /// Remove or narrow the public statements of the bucket policy (name the principals, or add
    /// conditions such as `aws:SourceVpce` or `aws:PrincipalOrgID`), remove ACL grants to
    /// `AllUsers` and `AuthenticatedUsers` (better: set Object Ownership to "bucket owner
    /// enforced", which turns ACLs off), and turn on all four account-level Block Public Access
    /// settings. If content must be public, serve it through CloudFront with origin access
    /// control and keep the bucket private.
    pub(crate) struct S3NoPublicBuckets {
        id: "s3-no-public-buckets",
        title: "No S3 bucket is public through its bucket policy or its ACL",
        scope: Resource,
        reads: ["account.s3_account_public_access_block", "account.s3_buckets"],
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

/// What one way of opening a bucket (its policy, its ACL) shows, as a clause.
enum Exposure {
    /// It does not make the bucket public: why.
    Closed(String),
    /// It makes the bucket public: how.
    Public(String),
    /// It cannot be told: why.
    Unknown(String),
}

/// The account-level and the bucket's own Block Public Access.
type Blocks<'a> = (&'a Fact<Option<PublicAccessBlock>>, &'a Fact<Option<PublicAccessBlock>>);

fn evaluate_bucket(account: &AccountEvidence, label: &str, bucket: &Bucket, out: &mut Findings) {
    let location = Location::resource(&account.account_id, bucket.region.as_deref(), &bucket.name);
    let name = &bucket.name;
    let blocks = (&account.global.s3_account_public_access_block, &bucket.public_access_block);
    let exposures = [policy_exposure(bucket, blocks), acl_exposure(bucket, blocks)];
    let mut public = Vec::new();
    let mut unknown = Vec::new();
    let mut closed = Vec::new();
    for exposure in &exposures {
        match exposure {
            Exposure::Public(how) => public.push(how.as_str()),
            Exposure::Unknown(why) => unknown.push(why.as_str()),
            Exposure::Closed(why) => closed.push(why.as_str()),
        }
    }
    let (status, message) = if !public.is_empty() {
        (FindingStatus::Fail, format!("Bucket {name} of {label} is public: {}.", public.join("; ")))
    } else if !unknown.is_empty() {
        (
            FindingStatus::Inconclusive,
            format!("Cannot tell whether bucket {name} of {label} is public: {}.", unknown.join("; ")),
        )
    } else {
        (FindingStatus::Pass, format!("Bucket {name} of {label} is not public: {}.", closed.join("; ")))
    };
    out.add_tagged(status, location, &bucket.tags, message);
}

fn policy_exposure(bucket: &Bucket, (account, own): Blocks<'_>) -> Exposure {
    match bucket.policy_is_public.get() {
        Err(missing) => Exposure::Unknown(format!("whether its bucket policy is public could not be read ({missing})")),
        Ok(None) => Exposure::Closed("it has no bucket policy".to_owned()),
        Ok(Some(false)) => Exposure::Closed("its bucket policy is not public".to_owned()),
        Ok(Some(true)) => match neutralising_block(account, own, |b| b.restrict_public_buckets) {
            Ok(Some(level)) => Exposure::Closed(format!(
                "its bucket policy is public, but RestrictPublicBuckets in the {} Block Public Access neutralises it (only AWS services and principals of the account can use the bucket)",
                level.words()
            )),
            Ok(None) => Exposure::Public(
                "its bucket policy is public, and neither the account-level nor the bucket's own Block Public Access has RestrictPublicBuckets on".to_owned(),
            ),
            Err(missing) => Exposure::Unknown(format!(
                "its bucket policy is public, and whether Block Public Access neutralises it could not be read ({missing})"
            )),
        },
    }
}

fn acl_exposure(bucket: &Bucket, (account, own): Blocks<'_>) -> Exposure {
    let grants = match bucket.acl_grants.get() {
        Ok(grants) => grants,
        Err(missing) => return Exposure::Unknown(format!("its ACL could not be read ({missing})")),
    };
    let public: Vec<String> = grants.iter().filter(|g| g.is_public()).map(describe_grant).collect();
    if public.is_empty() {
        return Exposure::Closed("its ACL grants nothing to AllUsers or AuthenticatedUsers".to_owned());
    }
    let granted = and_list(&public);
    match neutralising_block(account, own, |b| b.ignore_public_acls) {
        Ok(Some(level)) => Exposure::Closed(format!(
            "its ACL grants {granted}, but IgnorePublicAcls in the {} Block Public Access makes S3 ignore such grants",
            level.words()
        )),
        Ok(None) => Exposure::Public(format!(
            "its ACL grants {granted}, and neither the account-level nor the bucket's own Block Public Access has IgnorePublicAcls on"
        )),
        Err(missing) => Exposure::Unknown(format!(
            "its ACL grants {granted}, and whether Block Public Access ignores that could not be read ({missing})"
        )),
    }
}

/// `READ to AllUsers (anyone)`.
fn describe_grant(grant: &AclGrant) -> String {
    let group = grant.grantee.rsplit('/').next().unwrap_or(grant.grantee.as_str());
    let who = match group {
        "AllUsers" => "AllUsers (anyone)",
        "AuthenticatedUsers" => "AuthenticatedUsers (anyone with an AWS account)",
        other => other,
    };
    format!("{} to {who}", grant.permission)
}

/// Which Block Public Access neutralises a public policy or ACL.
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

/// The Block Public Access that has `setting` on (the account's first), `None` when both were
/// read and neither has, or why it cannot be told when neither is known to have it on and one
/// of them could not be read.
fn neutralising_block<'a>(
    account: &'a Fact<Option<PublicAccessBlock>>,
    bucket: &'a Fact<Option<PublicAccessBlock>>,
    setting: fn(&PublicAccessBlock) -> bool,
) -> Result<Option<Level>, Missing<'a>> {
    let on = |fact: &'a Fact<Option<PublicAccessBlock>>| fact.get().map(|block| block.as_ref().is_some_and(setting));
    match (on(account), on(bucket)) {
        (Ok(true), _) => Ok(Some(Level::Account)),
        (_, Ok(true)) => Ok(Some(Level::Bucket)),
        (Ok(false), Ok(false)) => Ok(None),
        (Err(missing), _) | (_, Err(missing)) => Err(missing),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn restricts<'a>(
        account: &'a Fact<Option<PublicAccessBlock>>,
        bucket: &'a Fact<Option<PublicAccessBlock>>,
    ) -> Result<Option<Level>, Missing<'a>> {
        neutralising_block(account, bucket, |b| b.restrict_public_buckets)
    }

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
        assert_eq!(restricts(&block(true), &Fact::Ok(None)), Ok(Some(Level::Account)));
        assert_eq!(restricts(&Fact::Ok(None), &block(true)), Ok(Some(Level::Bucket)));
        assert_eq!(restricts(&block(true), &block(true)), Ok(Some(Level::Account)));
    }

    #[test]
    fn other_settings_do_not_neutralise_a_public_policy() {
        assert_eq!(restricts(&block(false), &block(false)), Ok(None));
        assert_eq!(restricts(&Fact::Ok(None), &Fact::Ok(None)), Ok(None));
    }

    #[test]
    fn a_known_restriction_wins_over_an_unreadable_block() {
        let denied = Fact::denied("s3:GetAccountPublicAccessBlock");
        assert_eq!(restricts(&denied, &block(true)), Ok(Some(Level::Bucket)));
        let denied = Fact::denied("s3:GetBucketPublicAccessBlock");
        assert_eq!(restricts(&block(true), &denied), Ok(Some(Level::Account)));
    }

    #[test]
    fn an_unreadable_block_without_a_known_restriction_cannot_be_told() {
        let denied = Fact::denied("s3:GetAccountPublicAccessBlock");
        assert_eq!(restricts(&denied, &Fact::Ok(None)), Err(Missing::Denied("s3:GetAccountPublicAccessBlock")));
        let not_collected = Fact::NotCollected;
        assert_eq!(restricts(&block(false), &not_collected), Err(Missing::NotCollected));
    }
}
