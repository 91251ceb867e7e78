//! Resilience and response automation, per region: AWS Resilience Hub applications, AWS Fault
//! Injection Service templates and experiments, AWS Elastic Disaster Recovery source servers and
//! the EventBridge rules of the default event bus with their targets.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::aws_enum::aws_enum;

/// A Resilience Hub application (`resiliencehub:ListApps`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResilienceHubApp {
    /// The application's ARN.
    pub arn: String,
    /// The application's name.
    pub name: String,
    /// `PolicyMet`, `PolicyBreached`, `NotAssessed`, `ChangesDetected`, `NotApplicable` or
    /// `MissingPolicy`; absent when AWS gave none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compliance_status: Option<AppComplianceStatus>,
    /// When the application was last assessed against its resiliency policy
    /// (`lastAppComplianceEvaluationTime`); absent when it never was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_assessed_at: Option<DateTime<Utc>>,
    /// The resiliency score of the last assessment, from 0 to 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resiliency_score: Option<f64>,
    /// `Daily` or `Disabled` (`assessmentSchedule`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment_schedule: Option<String>,
}

impl ResilienceHubApp {
    /// Whether the application's last assessment breached its resiliency policy.
    #[must_use]
    pub fn policy_breached(&self) -> bool {
        self.compliance_status == Some(AppComplianceStatus::PolicyBreached)
    }
}

/// An AWS FIS experiment template (`fis:ListExperimentTemplates`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FisExperimentTemplate {
    /// The template's id.
    pub id: String,
    /// What the template does, as its author described it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An AWS FIS experiment (`fis:ListExperiments`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FisExperiment {
    /// The experiment's id.
    pub id: String,
    /// The template it ran from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_id: Option<String>,
    /// `pending`, `initiating`, `running`, `completed`, `stopping`, `stopped`, `failed` or
    /// `cancelled`.
    pub status: ExperimentStatus,
    /// When the experiment was started (`creationTime`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
}

impl FisExperiment {
    /// Whether the experiment ran to its end.
    #[must_use]
    pub fn is_completed(&self) -> bool {
        self.status == ExperimentStatus::Completed
    }
}

/// An AWS Elastic Disaster Recovery source server (`drs:DescribeSourceServers`), as seen from
/// its recovery region (the region that holds it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrsSourceServer {
    /// The source server's id (`s-…`).
    pub source_server_id: String,
    /// The source machine's host name, when reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// `dataReplicationInfo.dataReplicationState`: `CONTINUOUS` when healthy; `STALLED`,
    /// `DISCONNECTED`, `PAUSED`, `INITIAL_SYNC`, `BACKLOG`, … otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replication_state: Option<ReplicationState>,
    /// `lastLaunchResult`: `NOT_STARTED`, `PENDING`, `SUCCEEDED` or `FAILED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_launch_result: Option<LaunchResult>,
    /// `lifeCycle.lastLaunch.initiated.type`: `RECOVERY` or `DRILL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_launch_type: Option<String>,
    /// `lifeCycle.lastLaunch.initiated.apiCallDateTime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_launch_at: Option<DateTime<Utc>>,
    /// `sourceCloudProperties.originRegion`: the AWS region the source runs in (absent for
    /// on-premises and other clouds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_region: Option<String>,
}

impl DrsSourceServer {
    /// Whether data replicates continuously (the healthy state).
    #[must_use]
    pub fn replicates_continuously(&self) -> bool {
        self.replication_state == Some(ReplicationState::Continuous)
    }
}

/// An EventBridge rule of the default event bus (`events:ListRules`) with its targets
/// (`events:ListTargetsByRule`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRule {
    /// The rule's name.
    pub name: String,
    /// The rule's ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// `ENABLED`, `DISABLED` or `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.
    pub state: EventRuleState,
    /// The event pattern, as the raw JSON text AWS returned; absent for scheduled rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_pattern: Option<String>,
    /// The service that manages the rule, for rules that AWS services create.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<String>,
    /// The ARNs of the rule's targets.
    #[serde(default)]
    pub targets: Vec<String>,
}

impl EventRule {
    /// Whether the rule delivers events (`ENABLED`, with or without all management events).
    #[must_use]
    pub fn is_enabled(&self) -> bool {
        matches!(self.state, EventRuleState::Enabled | EventRuleState::EnabledWithAllCloudtrailManagementEvents)
    }
}

aws_enum! {
    /// An Elastic Disaster Recovery source server's `dataReplicationState`.
    pub enum ReplicationState {
        /// Healthy.
        Continuous => "CONTINUOUS",
        /// Stopped making progress.
        Stalled => "STALLED",
        /// Lost its agent.
        Disconnected => "DISCONNECTED",
        /// Paused.
        Paused => "PAUSED",
        /// Copying the disks for the first time.
        InitialSync => "INITIAL_SYNC",
        /// Catching up.
        Backlog => "BACKLOG",
        /// Stopped.
        Stopped => "STOPPED",
        /// Re-reading the disks.
        Rescan => "RESCAN",
        /// Starting.
        Initiating => "INITIATING",
        /// Being set up.
        Creating => "CREATING",
    }
}

aws_enum! {
    /// The result of an Elastic Disaster Recovery source server's last launch (`lastLaunchResult`).
    pub enum LaunchResult {
        /// Never launched.
        NotStarted => "NOT_STARTED",
        /// Launching.
        Pending => "PENDING",
        /// Launched.
        Succeeded => "SUCCEEDED",
        /// The launch failed.
        Failed => "FAILED",
    }
}

aws_enum! {
    /// A Resilience Hub application's `complianceStatus`.
    pub enum AppComplianceStatus {
        /// The last assessment met the policy.
        PolicyMet => "PolicyMet",
        /// The last assessment breached the policy.
        PolicyBreached => "PolicyBreached",
        /// Never assessed.
        NotAssessed => "NotAssessed",
        /// Changed since the last assessment.
        ChangesDetected => "ChangesDetected",
        /// No policy applies.
        NotApplicable => "NotApplicable",
        /// No policy attached.
        MissingPolicy => "MissingPolicy",
    }
}

aws_enum! {
    /// An AWS FIS experiment's `state.status`.
    pub enum ExperimentStatus {
        /// Waiting to start.
        Pending => "pending",
        /// Starting.
        Initiating => "initiating",
        /// Running.
        Running => "running",
        /// Ran to its end.
        Completed => "completed",
        /// Being stopped.
        Stopping => "stopping",
        /// Stopped before its end.
        Stopped => "stopped",
        /// Failed.
        Failed => "failed",
        /// Cancelled before it started.
        Cancelled => "cancelled",
    }
}

aws_enum! {
    /// An EventBridge rule's `State`.
    pub enum EventRuleState {
        /// Delivers events.
        Enabled => "ENABLED",
        /// Delivers nothing.
        Disabled => "DISABLED",
        /// Delivers events, read-only management events included.
        EnabledWithAllCloudtrailManagementEvents => "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
    }
}
