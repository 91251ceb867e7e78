//! S3 facts: the account's public access block and the buckets.

use serde::{Deserialize, Serialize};

use crate::Fact;
use crate::aws_enum::aws_enum;
use crate::ec2::Tags;

/// The four Block Public Access settings (account or bucket level).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicAccessBlock {
    /// `BlockPublicAcls`.
    pub block_public_acls: bool,
    /// `IgnorePublicAcls`.
    pub ignore_public_acls: bool,
    /// `BlockPublicPolicy`.
    pub block_public_policy: bool,
    /// `RestrictPublicBuckets`.
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlock {
    /// All four settings are on.
    #[must_use]
    pub fn fully_on(&self) -> bool {
        self.block_public_acls && self.ignore_public_acls && self.block_public_policy && self.restrict_public_buckets
    }

    /// The names of the settings that are off.
    #[must_use]
    pub fn settings_off(&self) -> Vec<&'static str> {
        [
            (self.block_public_acls, "BlockPublicAcls"),
            (self.ignore_public_acls, "IgnorePublicAcls"),
            (self.block_public_policy, "BlockPublicPolicy"),
            (self.restrict_public_buckets, "RestrictPublicBuckets"),
        ]
        .into_iter()
        .filter_map(|(on, name)| (!on).then_some(name))
        .collect()
    }
}

/// A bucket and the per-bucket facts about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bucket {
    /// The bucket's name.
    pub name: String,
    /// The bucket's region (`s3:GetBucketLocation`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The bucket's own public access block; `None` when not configured.
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub public_access_block: Fact<Option<PublicAccessBlock>>,
    /// `s3:GetBucketPolicyStatus`: whether the policy makes it public; `None` without a policy.
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub policy_is_public: Fact<Option<bool>>,
    /// Default encryption; `None` when not configured.
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub encryption: Fact<Option<BucketEncryption>>,
    /// `s3:GetBucketPolicy`: the policy document; `None` when the bucket has no policy.
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub policy: Fact<Option<serde_json::Value>>,
    /// `s3:GetBucketReplication`: the replication rules; `None` when replication is not configured.
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub replication: Fact<Option<Vec<ReplicationRule>>>,
    /// `s3:GetBucketVersioning`: `None` when versioning was never enabled. Evidence for the
    /// `backups` control (no check reads it yet).
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub versioning: Fact<Option<BucketVersioning>>,
    /// `s3:GetBucketAcl`: the grants of the bucket's access control list (owner's included).
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub acl_grants: Fact<Vec<AclGrant>>,
    /// The bucket's tags.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

/// One grant of a bucket ACL (`s3:GetBucketAcl`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AclGrant {
    /// `CanonicalUser`, `Group` or `AmazonCustomerByEmail`.
    pub grantee_type: GranteeType,
    /// The grantee: a canonical user id, a group URI
    /// (`http://acs.amazonaws.com/groups/global/AllUsers`) or an e-mail address.
    pub grantee: String,
    /// `FULL_CONTROL`, `READ`, `WRITE`, `READ_ACP` or `WRITE_ACP`.
    pub permission: String,
}

impl AclGrant {
    /// Whether the grant is to everyone (`AllUsers`) or to every AWS account
    /// (`AuthenticatedUsers`): either makes the bucket public.
    #[must_use]
    pub fn is_public(&self) -> bool {
        self.grantee_type == GranteeType::Group
            && (self.grantee.ends_with("/groups/global/AllUsers")
                || self.grantee.ends_with("/groups/global/AuthenticatedUsers"))
    }
}

/// One replication rule of a bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicationRule {
    /// The rule's id, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Enabled` or `Disabled`.
    pub status: ReplicationRuleStatus,
    /// The destination bucket's ARN.
    pub destination_bucket: String,
}

/// A bucket's default encryption rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BucketEncryption {
    /// `AES256`, `aws:kms` or `aws:kms:dsse`.
    pub sse_algorithm: String,
    /// The KMS key for `aws:kms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
}

/// A bucket's versioning state (`s3:GetBucketVersioning`), once versioning was ever enabled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BucketVersioning {
    /// `Enabled` or `Suspended`.
    pub status: String,
    /// `MFADelete`: `Enabled` or `Disabled`; absent when never configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_delete: Option<String>,
}

aws_enum! {
    /// An S3 replication rule's `Status`.
    pub enum ReplicationRuleStatus {
        /// Replicating.
        Enabled => "Enabled",
        /// Off.
        Disabled => "Disabled",
    }
}

aws_enum! {
    /// An S3 ACL grantee's `Type`.
    pub enum GranteeType {
        /// An AWS account by canonical id.
        CanonicalUser => "CanonicalUser",
        /// A predefined group (`AllUsers`, `AuthenticatedUsers`, `LogDelivery`).
        Group => "Group",
        /// An AWS account by e-mail.
        AmazonCustomerByEmail => "AmazonCustomerByEmail",
    }
}
