//! CloudTrail facts: the trails an account can see, each once.

use serde::{Deserialize, Serialize};

use crate::Fact;

/// A trail (`cloudtrail:DescribeTrails`, deduplicated by ARN across regions), with its status and
/// selectors read from its home region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trail {
    /// The trail's name.
    pub name: String,
    /// The trail's ARN.
    pub arn: String,
    /// The region where it was created.
    pub home_region: String,
    /// Logs every region.
    pub is_multi_region: bool,
    /// Created in the management account for every account of the organization.
    pub is_organization_trail: bool,
    /// Writes digest files so log integrity can be validated.
    pub log_file_validation_enabled: bool,
    /// The destination bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_bucket_name: Option<String>,
    /// Logs are encrypted with this KMS key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// `cloudtrail:GetTrailStatus`: whether it is logging.
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub is_logging: Fact<bool>,
    /// `cloudtrail:GetEventSelectors`: which management events it records.
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub management_events: Fact<ManagementEvents>,
}

/// Management events a trail records, from its basic or advanced event selectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ManagementEvents {
    /// Read and write management events.
    All,
    /// Only read-only events.
    ReadOnly,
    /// Only write events.
    WriteOnly,
    /// No management events.
    None,
}
