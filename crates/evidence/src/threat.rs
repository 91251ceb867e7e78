//! Threat detection and investigation, per region: GuardDuty threat intelligence sets, Amazon
//! Detective behaviour graphs and Amazon Security Lake.

use serde::{Deserialize, Serialize};

use crate::Fact;
use crate::aws_enum::aws_enum;

/// A GuardDuty threat intelligence set of one detector (`guardduty:ListThreatIntelSets`,
/// `guardduty:GetThreatIntelSet`). The list's location (an S3 URL) is not kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreatIntelSet {
    /// The set's id.
    pub threat_intel_set_id: String,
    /// The set's name (`GetThreatIntelSet` `Name`).
    pub name: String,
    /// `INACTIVE`, `ACTIVATING`, `ACTIVE`, `DEACTIVATING`, `ERROR`, `DELETE_PENDING`, `DELETED`.
    pub status: ThreatIntelSetStatus,
    /// `TXT`, `STIX`, `OTX_CSV`, `ALIEN_VAULT`, `PROOF_POINT`, `FIRE_EYE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
}

impl ThreatIntelSet {
    /// Whether GuardDuty uses the set.
    #[must_use]
    pub fn is_active(&self) -> bool {
        self.status == ThreatIntelSetStatus::Active
    }
}

/// An Amazon Detective behaviour graph the account administers (`detective:ListGraphs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectiveGraph {
    /// The graph's ARN.
    pub graph_arn: String,
    /// When it was created (`CreatedTime`, RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<String>,
}

/// The account's membership in another account's behaviour graph (`detective:ListInvitations`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectiveMembership {
    /// The graph's ARN.
    pub graph_arn: String,
    /// The graph's administrator account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub administrator_id: Option<String>,
    /// `INVITED`, `VERIFICATION_IN_PROGRESS`, `VERIFICATION_FAILED`, `ENABLED`,
    /// `ACCEPTED_BUT_DISABLED`.
    pub status: MemberStatus,
}

impl DetectiveMembership {
    /// Whether the account's data flows into the graph.
    #[must_use]
    pub fn is_enabled(&self) -> bool {
        self.status == MemberStatus::Enabled
    }
}

/// The Security Lake data lake of a region (`securitylake:ListDataLakes` for that region), with
/// its sources and subscribers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityLakeDataLake {
    /// The data lake's ARN.
    pub data_lake_arn: String,
    /// `INITIALIZED`, `PENDING`, `COMPLETED` or `FAILED` (`createStatus`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_status: Option<DataLakeStatus>,
    /// The last update's status (`updateStatus.status`), same values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_status: Option<DataLakeStatus>,
    /// `securitylake:ListLogSources` for the region: the AWS sources collected.
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub log_sources: Fact<Vec<SecurityLakeLogSource>>,
    /// `securitylake:ListSubscribers`: how many subscribers read the lake.
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub subscribers: Fact<u32>,
}

impl SecurityLakeDataLake {
    /// Whether the lake was created (`COMPLETED`) and its last update did not fail.
    #[must_use]
    pub fn is_active(&self) -> bool {
        self.create_status == Some(DataLakeStatus::Completed) && self.update_status != Some(DataLakeStatus::Failed)
    }
}

/// One AWS log source a Security Lake collects in a region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityLakeLogSource {
    /// `CLOUD_TRAIL_MGMT`, `VPC_FLOW`, `SH_FINDINGS`, `ROUTE53`, `LAMBDA_EXECUTION`, `S3_DATA`,
    /// `EKS_AUDIT`, `WAF`.
    pub source_name: String,
    /// The source version, e.g. `2.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_version: Option<String>,
    /// The accounts it is collected from (`LogSource.account`).
    #[serde(default)]
    pub accounts: Vec<String>,
}

aws_enum! {
    /// A GuardDuty threat intelligence set's `Status`.
    pub enum ThreatIntelSetStatus {
        /// Not used.
        Inactive => "INACTIVE",
        /// Being turned on.
        Activating => "ACTIVATING",
        /// Used.
        Active => "ACTIVE",
        /// Being turned off.
        Deactivating => "DEACTIVATING",
        /// Could not be read.
        Error => "ERROR",
        /// Being deleted.
        DeletePending => "DELETE_PENDING",
        /// Deleted.
        Deleted => "DELETED",
    }
}

aws_enum! {
    /// A Detective graph member's `Status`.
    pub enum MemberStatus {
        /// Invited, not yet accepted.
        Invited => "INVITED",
        /// Being verified.
        VerificationInProgress => "VERIFICATION_IN_PROGRESS",
        /// Could not be verified.
        VerificationFailed => "VERIFICATION_FAILED",
        /// Its data flows into the graph.
        Enabled => "ENABLED",
        /// Accepted, but its data does not flow (graph too large).
        AcceptedButDisabled => "ACCEPTED_BUT_DISABLED",
    }
}

aws_enum! {
    /// A Security Lake data lake's `createStatus` or `updateStatus.status`.
    pub enum DataLakeStatus {
        /// Started.
        Initialized => "INITIALIZED",
        /// In progress.
        Pending => "PENDING",
        /// Done.
        Completed => "COMPLETED",
        /// Failed.
        Failed => "FAILED",
    }
}
