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
    /// `cloudtrail:GetEventSelectors` (the same answer): the data events it records, one entry
    /// per basic or advanced selector that selects data events.
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub data_events: Fact<Vec<DataEventSelector>>,
}

impl Trail {
    /// Whether the trail records events in `region`: a multi-region trail everywhere, another one
    /// in its home region.
    #[must_use]
    pub fn covers_region(&self, region: &str) -> bool {
        self.is_multi_region || self.home_region == region
    }
}

/// One selection of data events by a trail (a basic event selector's data resources of one type,
/// or an advanced event selector with `eventCategory = Data`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataEventSelector {
    /// The resource type, e.g. `AWS::S3::Object`, `AWS::DynamoDB::Table`, `AWS::Lambda::Function`.
    pub resource_type: String,
    /// Read events (`GetObject` …) are recorded.
    pub read: bool,
    /// Write events (`PutObject`, `DeleteObject` …) are recorded.
    pub write: bool,
    /// ARN prefixes the selection is limited to; empty means every resource of the type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arn_prefixes: Vec<String>,
    /// ARN prefixes excluded (`NotStartsWith`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded_arn_prefixes: Vec<String>,
    /// Other conditions narrow the selection (event names, callers, exact ARNs …) in ways not
    /// modelled here, so it cannot be taken to cover a whole resource.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub narrowed: bool,
}

impl DataEventSelector {
    /// Whether the selection records the read events of every object (or item) under `arn`
    /// (for a bucket, `arn:aws:s3:::NAME/`).
    #[must_use]
    pub fn reads_all_of(&self, resource_type: &str, arn: &str) -> bool {
        self.resource_type == resource_type
            && self.read
            && !self.narrowed
            && (self.arn_prefixes.is_empty() || self.arn_prefixes.iter().any(|p| arn.starts_with(p.as_str())))
            && !self.excluded_arn_prefixes.iter().any(|p| arn.starts_with(p.as_str()) || p.starts_with(arn))
    }
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
