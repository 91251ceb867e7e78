//! Resilience and response automation, per region: AWS Resilience Hub applications, AWS Fault
//! Injection Service templates and experiments, AWS Elastic Disaster Recovery source servers and
//! the EventBridge rules of the default event bus with their targets.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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
    pub compliance_status: Option<String>,
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
        self.compliance_status.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("PolicyBreached"))
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
    pub status: String,
    /// When the experiment was started (`creationTime`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
}

impl FisExperiment {
    /// Whether the experiment ran to its end.
    #[must_use]
    pub fn is_completed(&self) -> bool {
        self.status.eq_ignore_ascii_case("completed")
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
    pub replication_state: Option<String>,
    /// `lastLaunchResult`: `NOT_STARTED`, `PENDING`, `SUCCEEDED` or `FAILED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_launch_result: Option<String>,
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
        self.replication_state.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("CONTINUOUS"))
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
    pub state: String,
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
        self.state.to_ascii_uppercase().starts_with("ENABLED")
    }
}
