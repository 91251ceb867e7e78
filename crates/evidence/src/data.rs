//! Data stores and keys, per region: RDS instances and KMS keys.

use serde::{Deserialize, Serialize};

use crate::Fact;
use crate::aws_enum::aws_enum;

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
    pub activity_stream_status: Option<ActivityStreamStatus>,
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
    pub key_manager: KeyManager,
    /// `Enabled`, `Disabled`, `PendingDeletion`, …
    pub key_state: KeyState,
    /// `SYMMETRIC_DEFAULT`, `RSA_2048`, …
    pub key_spec: KeySpec,
    /// `AWS_KMS`, `EXTERNAL`, `AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`.
    #[serde(default = "default_origin")]
    pub origin: KeyOrigin,
    /// Automatic rotation is on (only asked for customer-managed symmetric keys).
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub rotation_enabled: Fact<bool>,
}

fn default_origin() -> KeyOrigin {
    KeyOrigin::AwsKms
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
        self.key_manager == KeyManager::Customer
            && self.key_state == KeyState::Enabled
            && self.key_spec == KeySpec::SymmetricDefault
            && self.origin == KeyOrigin::AwsKms
    }
}

aws_enum! {
    /// An RDS Database Activity Stream's `ActivityStreamStatus`.
    pub enum ActivityStreamStatus {
        /// Off.
        Stopped => "stopped",
        /// Being turned on.
        Starting => "starting",
        /// On.
        Started => "started",
        /// Being turned off.
        Stopping => "stopping",
    }
}

aws_enum! {
    /// Who manages a KMS key (`KeyManager`).
    pub enum KeyManager {
        /// A customer managed key.
        Customer => "CUSTOMER",
        /// An AWS managed key.
        Aws => "AWS",
    }
}

aws_enum! {
    /// A KMS key's `KeyState`.
    pub enum KeyState {
        /// Usable.
        Enabled => "Enabled",
        /// Turned off.
        Disabled => "Disabled",
        /// Scheduled for deletion.
        PendingDeletion => "PendingDeletion",
        /// Waiting for imported key material.
        PendingImport => "PendingImport",
        /// A multi-Region replica being deleted.
        PendingReplicaDeletion => "PendingReplicaDeletion",
        /// Its custom key store is disconnected.
        Unavailable => "Unavailable",
        /// Being created.
        Creating => "Creating",
        /// Its primary Region is changing.
        Updating => "Updating",
    }
}

aws_enum! {
    /// A KMS key's `KeySpec`.
    pub enum KeySpec {
        /// A 256-bit AES-GCM key for encryption.
        SymmetricDefault => "SYMMETRIC_DEFAULT",
        /// RSA 2048.
        Rsa2048 => "RSA_2048",
        /// RSA 3072.
        Rsa3072 => "RSA_3072",
        /// RSA 4096.
        Rsa4096 => "RSA_4096",
        /// ECC P-256.
        EccNistP256 => "ECC_NIST_P256",
        /// ECC P-384.
        EccNistP384 => "ECC_NIST_P384",
        /// ECC P-521.
        EccNistP521 => "ECC_NIST_P521",
        /// ECC secp256k1.
        EccSecgP256k1 => "ECC_SECG_P256K1",
        /// HMAC 224.
        Hmac224 => "HMAC_224",
        /// HMAC 256.
        Hmac256 => "HMAC_256",
        /// HMAC 384.
        Hmac384 => "HMAC_384",
        /// HMAC 512.
        Hmac512 => "HMAC_512",
        /// SM2 (China Regions).
        Sm2 => "SM2",
    }
}

aws_enum! {
    /// Where a KMS key's material comes from (`Origin`).
    pub enum KeyOrigin {
        /// Made by KMS.
        AwsKms => "AWS_KMS",
        /// Imported.
        External => "EXTERNAL",
        /// A CloudHSM custom key store.
        AwsCloudHsm => "AWS_CLOUDHSM",
        /// An external key store.
        ExternalKeyStore => "EXTERNAL_KEY_STORE",
    }
}
