//! Security assurance and governance, per region: the critical Security Hub findings still open,
//! and AWS Audit Manager with its active assessments. (AWS Config conformance packs, rules and
//! remediation configurations are in `config_service`.)

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::aws_enum::aws_enum;

/// The most critical findings the collector keeps per region; more are counted as truncated.
pub const MAX_CRITICAL_FINDINGS: usize = 1000;

/// The active critical Security Hub findings of a region that nobody has taken up yet
/// (`securityhub:GetFindings` filtered on `SeverityLabel` = `CRITICAL`, `RecordState` = `ACTIVE`
/// and `WorkflowStatus` = `NEW` or `NOTIFIED`, sorted by first observation, oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriticalFindings {
    /// The findings, oldest first, at most [`MAX_CRITICAL_FINDINGS`].
    #[serde(default)]
    pub findings: Vec<SecurityFinding>,
    /// More findings matched than were kept: the list stops at [`MAX_CRITICAL_FINDINGS`]. As the
    /// list is sorted oldest first, the ones left out are the most recent.
    #[serde(default)]
    pub truncated: bool,
}

/// One Security Hub finding in the AWS Security Finding Format (`securityhub:GetFindings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityFinding {
    /// The finding's id (`Id`, usually an ARN).
    pub id: String,
    /// `Title`.
    pub title: String,
    /// The first resource's id (`Resources[0].Id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    /// The first resource's type (`Resources[0].Type`, e.g. `AwsS3Bucket`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// When the issue was first observed (`FirstObservedAt`, or `CreatedAt` when the product did
    /// not set it); `None` when neither could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_observed_at: Option<DateTime<Utc>>,
    /// `Workflow.Status`: `NEW`, `NOTIFIED`, `SUPPRESSED` or `RESOLVED`.
    pub workflow_status: String,
    /// The product that reported it (`ProductName`, e.g. `GuardDuty`, `Security Hub`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
}

/// AWS Audit Manager in a region (`auditmanager:GetAccountStatus`, and
/// `auditmanager:ListAssessments` with status `ACTIVE` when the account is active).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditManager {
    /// `ACTIVE`, `INACTIVE` or `PENDING_ACTIVATION`.
    pub status: AuditManagerStatus,
    /// The active assessments; empty when Audit Manager is not active.
    #[serde(default)]
    pub assessments: Vec<AuditAssessment>,
}

impl AuditManager {
    /// Whether Audit Manager is enabled in the region.
    #[must_use]
    pub fn is_active(&self) -> bool {
        self.status == AuditManagerStatus::Active
    }
}

/// An active Audit Manager assessment (`auditmanager:ListAssessments`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditAssessment {
    /// The assessment's name.
    pub name: String,
    /// The framework's compliance type (`complianceType`, e.g. `PCI DSS`, `SOC 2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// When it was last updated (`lastUpdated`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<DateTime<Utc>>,
}

aws_enum! {
    /// AWS Audit Manager's account `status`.
    pub enum AuditManagerStatus {
        /// Enabled.
        Active => "ACTIVE",
        /// Not enabled.
        Inactive => "INACTIVE",
        /// Being enabled.
        PendingActivation => "PENDING_ACTIVATION",
    }
}
