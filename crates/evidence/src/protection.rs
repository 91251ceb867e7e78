//! Data protection, per region: AWS Backup plans, vaults and protected resources, DynamoDB
//! tables with point-in-time recovery, EFS file systems with their backup policy, Amazon Macie,
//! and Amazon Bedrock guardrails and logging.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::aws_enum::aws_enum;

/// An AWS Backup plan (`backup:ListBackupPlans`, `backup:GetBackupPlan`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupPlan {
    /// The plan's id (`BackupPlanId`).
    pub plan_id: String,
    /// The plan's name (`BackupPlanName`).
    pub name: String,
    /// The plan's ARN (`BackupPlanArn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The plan's rules (`GetBackupPlan` → `BackupPlan.Rules`).
    #[serde(default)]
    pub rules: Vec<BackupRule>,
}

/// One rule of a backup plan (`backup:GetBackupPlan`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupRule {
    /// The rule's name (`RuleName`).
    pub name: String,
    /// The schedule as a cron expression (`ScheduleExpression`), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// The vault the backups go to (`TargetBackupVaultName`).
    pub target_vault: String,
    /// The vaults each backup is copied to (`CopyActions[].DestinationBackupVaultArn`); the ARN
    /// names the destination's region and account.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copy_destinations: Vec<String>,
}

/// An AWS Backup vault (`backup:ListBackupVaults`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackupVault {
    /// The vault's name (`BackupVaultName`).
    pub name: String,
    /// The vault's ARN (`BackupVaultArn`).
    pub arn: String,
    /// AWS Backup Vault Lock is on (`Locked`).
    #[serde(default)]
    pub locked: bool,
}

/// A resource AWS Backup has backed up (`backup:ListProtectedResources`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProtectedResource {
    /// The resource's ARN (`ResourceArn`).
    pub resource_arn: String,
    /// The resource type as AWS Backup names it: `RDS`, `Aurora`, `DynamoDB`, `EBS`, … (`ResourceType`).
    pub resource_type: String,
    /// When its most recent backup was made (`LastBackupTime`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_backup_time: Option<DateTime<Utc>>,
}

/// A DynamoDB table (`dynamodb:ListTables`, `dynamodb:DescribeContinuousBackups`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DynamoDbTable {
    /// The table's name.
    pub name: String,
    /// The table's ARN (built from the account, the region and the name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// Point-in-time recovery: `ENABLED` or `DISABLED`
    /// (`ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus`).
    pub point_in_time_recovery: PitrStatus,
}

impl DynamoDbTable {
    /// Point-in-time recovery is on.
    #[must_use]
    pub fn pitr_enabled(&self) -> bool {
        self.point_in_time_recovery == PitrStatus::Enabled
    }
}

/// An Amazon EFS file system (`elasticfilesystem:DescribeFileSystems`,
/// `elasticfilesystem:DescribeBackupPolicy`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EfsFileSystem {
    /// The file system's id (`FileSystemId`), `fs-…`.
    pub file_system_id: String,
    /// The file system's ARN (`FileSystemArn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The value of its `Name` tag (`Name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `creating`, `available`, `updating`, `deleting`, `deleted` or `error` (`LifeCycleState`).
    pub life_cycle_state: EfsLifeCycleState,
    /// Automatic backups (`DescribeBackupPolicy` → `BackupPolicy.Status`): `ENABLED`, `ENABLING`,
    /// `DISABLED` or `DISABLING`; `DISABLED` when the file system has no backup policy
    /// (`PolicyNotFound`).
    pub backup_policy: EfsBackupPolicyStatus,
}

impl EfsFileSystem {
    /// Automatic backups are on.
    #[must_use]
    pub fn automatic_backups(&self) -> bool {
        self.backup_policy == EfsBackupPolicyStatus::Enabled
    }
}

/// Amazon Macie in a region (`macie2:GetMacieSession`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MacieSession {
    /// `ENABLED` or `PAUSED` (`status`).
    pub status: MacieStatus,
    /// When Macie was enabled (`createdAt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
}

impl MacieSession {
    /// Macie is running (not paused).
    #[must_use]
    pub fn is_enabled(&self) -> bool {
        self.status == MacieStatus::Enabled
    }
}

/// A Macie sensitive data discovery job (`macie2:ListClassificationJobs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassificationJob {
    /// The job's id (`jobId`).
    pub job_id: String,
    /// The job's name (`name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `ONE_TIME` or `SCHEDULED` (`jobType`).
    pub job_type: MacieJobType,
    /// `RUNNING`, `IDLE`, `PAUSED`, `USER_PAUSED`, `COMPLETE` or `CANCELLED` (`jobStatus`).
    pub status: MacieJobStatus,
    /// When the job was created (`createdAt`); a one-time job runs when it is created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
}

/// An Amazon Bedrock guardrail (`bedrock:ListGuardrails`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guardrail {
    /// The guardrail's id (`id`).
    pub id: String,
    /// The guardrail's name (`name`).
    pub name: String,
    /// `CREATING`, `UPDATING`, `VERSIONING`, `READY`, `FAILED` or `DELETING` (`status`).
    pub status: GuardrailStatus,
}

impl Guardrail {
    /// The guardrail can be used.
    #[must_use]
    pub fn is_ready(&self) -> bool {
        self.status == GuardrailStatus::Ready
    }
}

/// Where Bedrock writes model invocation logs (`bedrock:GetModelInvocationLoggingConfiguration`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvocationLogging {
    /// The CloudWatch Logs group (`loggingConfig.cloudWatchConfig.logGroupName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudwatch_log_group: Option<String>,
    /// The S3 bucket (`loggingConfig.s3Config.bucketName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_bucket: Option<String>,
    /// Text prompts and answers are logged (`loggingConfig.textDataDeliveryEnabled`).
    #[serde(default)]
    pub text_data: bool,
}

impl InvocationLogging {
    /// Logs go somewhere.
    #[must_use]
    pub fn has_destination(&self) -> bool {
        self.cloudwatch_log_group.is_some() || self.s3_bucket.is_some()
    }
}

aws_enum! {
    /// An EFS file system's `LifeCycleState`.
    pub enum EfsLifeCycleState {
        /// Being created.
        Creating => "creating",
        /// Usable.
        Available => "available",
        /// Being changed.
        Updating => "updating",
        /// Being deleted.
        Deleting => "deleting",
        /// Deleted.
        Deleted => "deleted",
        /// Failed.
        Error => "error",
    }
}

aws_enum! {
    /// A Macie session's `status`.
    pub enum MacieStatus {
        /// Running.
        Enabled => "ENABLED",
        /// Suspended.
        Paused => "PAUSED",
    }
}

aws_enum! {
    /// A Macie classification job's `jobType`.
    pub enum MacieJobType {
        /// Runs once, when created.
        OneTime => "ONE_TIME",
        /// Runs on a schedule.
        Scheduled => "SCHEDULED",
    }
}

aws_enum! {
    /// A Macie classification job's `jobStatus`.
    pub enum MacieJobStatus {
        /// Running now.
        Running => "RUNNING",
        /// A scheduled job between runs.
        Idle => "IDLE",
        /// Paused by Macie (quota).
        Paused => "PAUSED",
        /// Paused by a user.
        UserPaused => "USER_PAUSED",
        /// A one-time job that finished.
        Complete => "COMPLETE",
        /// Cancelled.
        Cancelled => "CANCELLED",
    }
}

aws_enum! {
    /// A Bedrock guardrail's `status`.
    pub enum GuardrailStatus {
        /// Being created.
        Creating => "CREATING",
        /// Being changed.
        Updating => "UPDATING",
        /// A version is being made.
        Versioning => "VERSIONING",
        /// Usable.
        Ready => "READY",
        /// Could not be made.
        Failed => "FAILED",
        /// Being deleted.
        Deleting => "DELETING",
    }
}

aws_enum! {
    /// Macie automated sensitive data discovery's `status`.
    pub enum AutomatedDiscoveryStatus {
        /// Running.
        Enabled => "ENABLED",
        /// Off (also when Macie itself is off).
        Disabled => "DISABLED",
    }
}

aws_enum! {
    /// A DynamoDB table's `PointInTimeRecoveryStatus`.
    pub enum PitrStatus {
        /// On.
        Enabled => "ENABLED",
        /// Off.
        Disabled => "DISABLED",
    }
}

aws_enum! {
    /// An EFS file system's `BackupPolicy.Status`.
    pub enum EfsBackupPolicyStatus {
        /// Automatic backups on.
        Enabled => "ENABLED",
        /// Being turned on.
        Enabling => "ENABLING",
        /// Off, or no backup policy.
        Disabled => "DISABLED",
        /// Being turned off.
        Disabling => "DISABLING",
    }
}
