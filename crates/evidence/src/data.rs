//! Data stores and keys, per region: RDS instances and KMS keys.

use serde::{Deserialize, Serialize};

use crate::Fact;

/// An RDS DB instance (`rds:DescribeDBInstances`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DbInstance {
    /// The instance identifier.
    pub db_instance_identifier: String,
    /// The instance's ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The engine, e.g. `postgres`.
    pub engine: String,
    /// Storage is encrypted.
    pub storage_encrypted: bool,
    /// Deployed across two Availability Zones.
    pub multi_az: bool,
    /// Reachable from the internet.
    #[serde(default)]
    pub publicly_accessible: bool,
    /// Days of automated backups kept (`BackupRetentionPeriod`); 0 turns automated backups and
    /// point-in-time restore off. For Aurora the cluster's setting applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_retention_days: Option<i32>,
    /// The Aurora cluster the instance belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_cluster_identifier: Option<String>,
    /// The ARN of the KMS key that encrypts the storage (`KmsKeyId`), when encrypted. `None` in
    /// bundles written before it was collected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// The logs exported to CloudWatch Logs (`EnabledCloudwatchLogsExports`): `audit`, `error`,
    /// `general`, `slowquery`, `postgresql`, `agent`, `alert`, `listener`, `trace` … `None` in
    /// bundles written before it was collected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudwatch_logs_exports: Option<Vec<String>>,
    /// The Database Activity Stream's status (`ActivityStreamStatus`): `stopped`, `starting`,
    /// `started` or `stopping`; `None` when the engine has none or in older bundles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_stream_status: Option<String>,
}

/// A KMS key (`kms:ListKeys`, `kms:DescribeKey`, `kms:GetKeyRotationStatus`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KmsKey {
    /// The key's id.
    pub key_id: String,
    /// The key's ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// `CUSTOMER` or `AWS`.
    pub key_manager: String,
    /// `Enabled`, `Disabled`, `PendingDeletion`, …
    pub key_state: String,
    /// `SYMMETRIC_DEFAULT`, `RSA_2048`, …
    pub key_spec: String,
    /// `AWS_KMS`, `EXTERNAL`, `AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`.
    #[serde(default = "default_origin")]
    pub origin: String,
    /// Automatic rotation is on (only asked for customer-managed symmetric keys).
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub rotation_enabled: Fact<bool>,
}

fn default_origin() -> String {
    "AWS_KMS".to_owned()
}

impl KmsKey {
    /// Whether `reference` (a key id, a key ARN) names this key.
    #[must_use]
    pub fn is_named_by(&self, reference: &str) -> bool {
        reference == self.key_id || self.arn.as_deref() == Some(reference)
    }

    /// A customer-managed, enabled, symmetric key with AWS-generated material: the kind of key
    /// whose rotation the customer controls.
    #[must_use]
    pub fn is_rotatable_customer_key(&self) -> bool {
        self.key_manager == "CUSTOMER"
            && self.key_state == "Enabled"
            && self.key_spec == "SYMMETRIC_DEFAULT"
            && self.origin == "AWS_KMS"
    }
}
