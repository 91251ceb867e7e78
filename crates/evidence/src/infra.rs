//! Infrastructure protection and delivery, per region: Systems Manager managed instances, egress
//! inspection (AWS Network Firewall, Route 53 Resolver DNS Firewall), AWS Verified Access, EC2
//! Image Builder pipelines and CloudFormation stacks.

use serde::{Deserialize, Serialize};

use crate::aws_enum::aws_enum;

/// An instance that Systems Manager manages (`ssm:DescribeInstanceInformation`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsmManagedInstance {
    /// `i-…` for EC2 instances, `mi-…` for hybrid (on-premises) machines.
    pub instance_id: String,
    /// `Online`, `ConnectionLost` or `Inactive`: whether the SSM Agent is checking in.
    pub ping_status: PingStatus,
    /// `Linux`, `Windows` or `MacOS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_type: Option<String>,
    /// The SSM Agent's version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_version: Option<String>,
}

impl SsmManagedInstance {
    /// Whether the agent is checking in.
    #[must_use]
    pub fn is_online(&self) -> bool {
        self.ping_status == PingStatus::Online
    }
}

/// An AWS Network Firewall (`network-firewall:ListFirewalls`, `network-firewall:DescribeFirewall`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkFirewall {
    /// The firewall's name.
    pub firewall_name: String,
    /// The firewall's ARN.
    pub firewall_arn: String,
    /// The VPC whose subnets hold its endpoints (absent for a firewall attached to a transit gateway).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// The subnets of its endpoints (`SubnetMappings`).
    #[serde(default)]
    pub subnet_ids: Vec<String>,
}

/// A DNS Firewall rule group associated with a VPC (`route53resolver:ListFirewallRuleGroupAssociations`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DnsFirewallAssociation {
    /// The association's id.
    pub association_id: String,
    /// The VPC the rule group filters DNS queries of.
    pub vpc_id: String,
    /// The rule group.
    pub firewall_rule_group_id: String,
    /// `COMPLETE`, `UPDATING` or `DELETING`.
    pub status: FirewallAssociationStatus,
}

impl DnsFirewallAssociation {
    /// Whether the association is in force.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.status == FirewallAssociationStatus::Complete
    }
}

/// An AWS Verified Access instance (`ec2:DescribeVerifiedAccessInstances`) with the number of its
/// endpoints (`ec2:DescribeVerifiedAccessEndpoints`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifiedAccessInstance {
    /// `vai-…`.
    pub verified_access_instance_id: String,
    /// The trust providers attached to it.
    #[serde(default)]
    pub trust_providers: Vec<VerifiedAccessTrustProvider>,
    /// How many Verified Access endpoints (applications) it serves.
    #[serde(default)]
    pub endpoints: u32,
}

/// A trust provider attached to a Verified Access instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifiedAccessTrustProvider {
    /// `vatp-…`.
    pub verified_access_trust_provider_id: String,
    /// `user` or `device`.
    pub trust_provider_type: String,
    /// The identity or device provider (`iam-identity-center`, `oidc`, `jamf`, `crowdstrike` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
}

/// An EC2 Image Builder pipeline (`imagebuilder:ListImagePipelines`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImagePipeline {
    /// The pipeline's name.
    pub name: String,
    /// The pipeline's ARN.
    pub arn: String,
    /// `ENABLED` or `DISABLED`.
    pub status: PipelineStatus,
    /// The cron or rate expression that starts it; absent for a pipeline run by hand only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_expression: Option<String>,
    /// When it last ran, as AWS reports it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_last_run: Option<String>,
}

impl ImagePipeline {
    /// Whether the pipeline is enabled and starts on a schedule.
    #[must_use]
    pub fn is_scheduled(&self) -> bool {
        self.status == PipelineStatus::Enabled && self.schedule_expression.as_deref().is_some_and(|s| !s.is_empty())
    }
}

/// A CloudFormation stack that has not been deleted (`cloudformation:ListStacks`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudFormationStack {
    /// The stack's name.
    pub stack_name: String,
    /// `CREATE_COMPLETE`, `UPDATE_COMPLETE`, `ROLLBACK_COMPLETE` …
    pub stack_status: StackStatus,
}

impl CloudFormationStack {
    /// Whether the stack holds deployed resources: not deleted, and not a creation that failed
    /// and rolled back (`ROLLBACK_COMPLETE`, `ROLLBACK_FAILED`, `CREATE_FAILED`).
    #[must_use]
    pub fn is_live(&self) -> bool {
        !matches!(
            self.stack_status,
            StackStatus::DeleteComplete
                | StackStatus::DeleteInProgress
                | StackStatus::RollbackComplete
                | StackStatus::RollbackFailed
                | StackStatus::CreateFailed
        )
    }
}

aws_enum! {
    /// An SSM managed node's `PingStatus`.
    pub enum PingStatus {
        /// The agent checks in.
        Online => "Online",
        /// The agent stopped checking in.
        ConnectionLost => "ConnectionLost",
        /// The node is gone or deregistered.
        Inactive => "Inactive",
    }
}

aws_enum! {
    /// A Route 53 Resolver DNS Firewall association's `Status`.
    pub enum FirewallAssociationStatus {
        /// In force.
        Complete => "COMPLETE",
        /// Being made.
        Creating => "CREATING",
        /// Being changed.
        Updating => "UPDATING",
        /// Being removed.
        Deleting => "DELETING",
    }
}

aws_enum! {
    /// An EC2 Image Builder pipeline's `status`.
    pub enum PipelineStatus {
        /// Runs on its schedule.
        Enabled => "ENABLED",
        /// Does not run.
        Disabled => "DISABLED",
    }
}

aws_enum! {
    /// A CloudFormation stack's `StackStatus`.
    pub enum StackStatus {
        /// Being created.
        CreateInProgress => "CREATE_IN_PROGRESS",
        /// Creation failed.
        CreateFailed => "CREATE_FAILED",
        /// Created.
        CreateComplete => "CREATE_COMPLETE",
        /// A failed creation being rolled back.
        RollbackInProgress => "ROLLBACK_IN_PROGRESS",
        /// Rolling back a failed creation failed.
        RollbackFailed => "ROLLBACK_FAILED",
        /// A failed creation rolled back: nothing deployed.
        RollbackComplete => "ROLLBACK_COMPLETE",
        /// Being deleted.
        DeleteInProgress => "DELETE_IN_PROGRESS",
        /// Deletion failed.
        DeleteFailed => "DELETE_FAILED",
        /// Deleted.
        DeleteComplete => "DELETE_COMPLETE",
        /// Being updated.
        UpdateInProgress => "UPDATE_IN_PROGRESS",
        /// Updated, old resources being removed.
        UpdateCompleteCleanupInProgress => "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
        /// Updated.
        UpdateComplete => "UPDATE_COMPLETE",
        /// An update failed.
        UpdateFailed => "UPDATE_FAILED",
        /// A failed update being rolled back.
        UpdateRollbackInProgress => "UPDATE_ROLLBACK_IN_PROGRESS",
        /// Rolling back an update failed.
        UpdateRollbackFailed => "UPDATE_ROLLBACK_FAILED",
        /// An update rolled back, new resources being removed.
        UpdateRollbackCompleteCleanupInProgress => "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
        /// A failed update rolled back: the previous version stands.
        UpdateRollbackComplete => "UPDATE_ROLLBACK_COMPLETE",
        /// A change set awaiting review.
        ReviewInProgress => "REVIEW_IN_PROGRESS",
        /// Resources being imported.
        ImportInProgress => "IMPORT_IN_PROGRESS",
        /// Resources imported.
        ImportComplete => "IMPORT_COMPLETE",
        /// A failed import being rolled back.
        ImportRollbackInProgress => "IMPORT_ROLLBACK_IN_PROGRESS",
        /// Rolling back an import failed.
        ImportRollbackFailed => "IMPORT_ROLLBACK_FAILED",
        /// An import rolled back.
        ImportRollbackComplete => "IMPORT_ROLLBACK_COMPLETE",
    }
}
