//! Detection and posture services, per region: GuardDuty, Security Hub, CloudWatch alarms.

use serde::{Deserialize, Serialize};

use crate::aws_enum::aws_enum;
use crate::{Fact, ThreatIntelSet};

/// A GuardDuty detector (`guardduty:ListDetectors`, `guardduty:GetDetector`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuardDutyDetector {
    /// The detector's id.
    pub detector_id: String,
    /// `ENABLED` or `DISABLED`.
    pub status: FeatureStatus,
    /// Protection plans and their status (`S3_DATA_EVENTS`, `EKS_AUDIT_LOGS`, …).
    #[serde(default)]
    pub features: Vec<DetectorFeature>,
    /// The detector's threat intelligence sets (`guardduty:ListThreatIntelSets`,
    /// `guardduty:GetThreatIntelSet`).
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub threat_intel_sets: Fact<Vec<ThreatIntelSet>>,
}

impl GuardDutyDetector {
    /// Whether the detector is on.
    #[must_use]
    pub fn is_enabled(&self) -> bool {
        self.status == FeatureStatus::Enabled
    }

    /// The protection plan of this name, when the detector reports it.
    #[must_use]
    pub fn feature(&self, name: &str) -> Option<&DetectorFeature> {
        self.features.iter().find(|f| f.name.eq_ignore_ascii_case(name))
    }
}

/// One GuardDuty protection plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorFeature {
    /// The feature's name.
    pub name: String,
    /// `ENABLED` or `DISABLED`.
    pub status: FeatureStatus,
    /// The feature's sub-settings, e.g. `EC2_AGENT_MANAGEMENT` of `RUNTIME_MONITORING`
    /// (`AdditionalConfiguration` of `guardduty:GetDetector`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_configuration: Vec<FeatureConfiguration>,
}

impl DetectorFeature {
    /// Whether the plan is on.
    #[must_use]
    pub fn is_enabled(&self) -> bool {
        self.status == FeatureStatus::Enabled
    }
}

/// A sub-setting of a GuardDuty protection plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureConfiguration {
    /// The setting's name, e.g. `EC2_AGENT_MANAGEMENT`.
    pub name: String,
    /// `ENABLED` or `DISABLED`.
    pub status: FeatureStatus,
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
    pub status: StandardStatus,
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
    pub budget_type: BudgetType,
    /// How many notifications are defined on it.
    pub notifications: u32,
}

aws_enum! {
    /// The `Status` of a GuardDuty detector, protection plan or plan setting.
    pub enum FeatureStatus {
        /// On.
        Enabled => "ENABLED",
        /// Off.
        Disabled => "DISABLED",
    }
}

aws_enum! {
    /// A Security Hub standard subscription's `StandardsStatus`.
    pub enum StandardStatus {
        /// Running its controls.
        Ready => "READY",
        /// Being enabled.
        Pending => "PENDING",
        /// Some controls could not be enabled.
        Incomplete => "INCOMPLETE",
        /// Being disabled.
        Deleting => "DELETING",
        /// Could not be enabled.
        Failed => "FAILED",
    }
}

aws_enum! {
    /// An AWS Budgets `BudgetType`.
    pub enum BudgetType {
        /// Spend in money.
        Cost => "COST",
        /// Usage of a service.
        Usage => "USAGE",
        /// Reserved instance utilization.
        RiUtilization => "RI_UTILIZATION",
        /// Reserved instance coverage.
        RiCoverage => "RI_COVERAGE",
        /// Savings Plans utilization.
        SavingsPlansUtilization => "SAVINGS_PLANS_UTILIZATION",
        /// Savings Plans coverage.
        SavingsPlansCoverage => "SAVINGS_PLANS_COVERAGE",
    }
}
