//! Detection and posture services, per region: GuardDuty, Security Hub, CloudWatch alarms.

use serde::{Deserialize, Serialize};

/// A GuardDuty detector (`guardduty:ListDetectors`, `guardduty:GetDetector`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuardDutyDetector {
    /// The detector's id.
    pub detector_id: String,
    /// `ENABLED` or `DISABLED`.
    pub status: String,
    /// Protection plans and their status (`S3_DATA_EVENTS`, `EKS_AUDIT_LOGS`, …).
    #[serde(default)]
    pub features: Vec<DetectorFeature>,
}

impl GuardDutyDetector {
    /// Whether the detector is on.
    #[must_use]
    pub fn is_enabled(&self) -> bool {
        self.status.eq_ignore_ascii_case("ENABLED")
    }
}

/// One GuardDuty protection plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorFeature {
    /// The feature's name.
    pub name: String,
    /// `ENABLED` or `DISABLED`.
    pub status: String,
}

/// Security Hub in a region (`securityhub:DescribeHub`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityHub {
    /// The hub's ARN.
    pub hub_arn: String,
    /// When the account subscribed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscribed_at: Option<String>,
}

/// An enabled Security Hub standard (`securityhub:GetEnabledStandards`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnabledStandard {
    /// The standard's ARN.
    pub standards_arn: String,
    /// `READY`, `PENDING`, `INCOMPLETE`, `DELETING`, `FAILED`.
    pub status: String,
}

/// A CloudWatch metric alarm (`cloudwatch:DescribeAlarms`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricAlarm {
    /// The alarm's name.
    pub alarm_name: String,
    /// The metric's namespace, e.g. `AWS/Billing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The metric, e.g. `EstimatedCharges`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_name: Option<String>,
    /// Actions run when the alarm fires.
    pub actions_enabled: bool,
    /// The alarm's actions (SNS topics …).
    #[serde(default)]
    pub alarm_actions: Vec<String>,
}

/// A budget (`budgets:DescribeBudgets`, `budgets:DescribeNotificationsForBudget`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// The budget's name.
    pub name: String,
    /// `COST`, `USAGE`, …
    pub budget_type: String,
    /// How many notifications are defined on it.
    pub notifications: u32,
}
