//! Encryption at rest of RDS DB instances, per instance.

use maturity_evidence::{Bundle, DbInstance};

use crate::shared::resource_property::{self, ResourceProperty};
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// Every RDS DB instance (`rds:DescribeDBInstances`, any engine, Aurora cluster members
    /// included) of every scanned region of every account: the instance passes when its storage
    /// is encrypted (`StorageEncrypted`), and fails when it is not.
    ///
    /// Not applicable for a region without DB instances. Inconclusive for a region whose DB
    /// instances could not be listed, and for an account the collector could not enter.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// An unencrypted database keeps its data, logs, automated backups, read replicas and
    /// snapshots in clear: a shared or leaked snapshot is readable by whoever holds it, with no
    /// KMS key policy to stop them and no record of key use.
    ///
    /// ## How to fix
    /// Encryption can only be chosen when an instance is created: take a snapshot, copy it with
    /// encryption on (preferably with a customer-managed KMS key), restore a new instance from the
    /// encrypted copy and switch the application to it. Make encryption mandatory in the
    /// templates (or an SCP on `rds:CreateDBInstance` with `rds:StorageEncrypted`) that create
    /// databases.
    pub(crate) struct RdsStorageEncrypted {
        id: "rds-storage-encrypted",
        title: "Every RDS DB instance has encrypted storage",
        scope: Resource,
        reads: ["account.enabled_regions", "region.rds_db_instances"],
    }
}

/// RDS DB instances and their storage encryption, as resource_property::evaluate reads them.
const DB_INSTANCES: ResourceProperty<DbInstance> = ResourceProperty {
    plural: "RDS DB instances",
    list: |region| &region.rds_db_instances,
    id: |db| &db.db_instance_identifier,
    describe: |db| format!("{} RDS DB instance {}", db.engine, db.db_instance_identifier),
    holds: |db| Ok(db.storage_encrypted),
    question: "are encrypted",
    held: "is encrypted at rest",
    lacked: "is not encrypted at rest",
    tags: |_| None,
};

impl Check for RdsStorageEncrypted {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        resource_property::evaluate(&DB_INSTANCES, bundle, out);
    }
}
