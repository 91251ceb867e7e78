//! RDS DB instances deployed across Availability Zones, per instance.

use maturity_evidence::{Bundle, DbInstance};

use crate::shared::resource_property::{self, ResourceProperty};
use crate::{Check, Findings, declare_check};

/// Engine name prefixes of DB instances that belong to a DB cluster, whose availability across
/// zones is set by the cluster (its instances report `MultiAZ` false whatever the cluster does).
const CLUSTER_ENGINES: &[&str] = &["aurora", "docdb", "neptune"];

declare_check! {
    /// ## What it checks
    /// Every RDS DB instance (`rds:DescribeDBInstances`) of every scanned region of every
    /// account: the instance passes when it is a Multi-AZ deployment (`MultiAZ`: a synchronous
    /// standby, or readable standbys, in another Availability Zone), and fails when it runs in a
    /// single zone. Read replicas are judged like any other instance.
    ///
    /// Inconclusive for Aurora, DocumentDB and Neptune instances (engine `aurora…`, `docdb`,
    /// `neptune`): their cluster, not the instance, spreads them over zones, and DB clusters
    /// (`rds:DescribeDBClusters`) are not in the evidence yet; the AWS Config rule
    /// `rds-multi-az-support` leaves them out for the same reason. Not applicable for a region
    /// without DB instances.
    /// Inconclusive for a region whose DB instances could not be listed, and for an account the
    /// collector could not enter.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// A Single-AZ database is down for as long as its zone, its host or its storage has a
    /// problem, and recovering it means restoring a backup and losing the writes since. With
    /// Multi-AZ, RDS fails over to the standby in another, physically separate zone in a minute
    /// or two, without data loss, and patches and scales with less downtime.
    ///
    /// ## How to fix
    /// Modify the instance to be a Multi-AZ deployment (`aws rds modify-db-instance
    /// --multi-az --apply-immediately`, or in the next maintenance window); RDS creates the
    /// standby from a snapshot without downtime. Set Multi-AZ in the templates that create
    /// production databases, and test a failover (`reboot-db-instance --force-failover`).
    /// For Aurora, keep at least one replica in another zone.
    pub(crate) struct RdsMultiAz {
        id: "rds-multi-az",
        title: "Every RDS DB instance is a Multi-AZ deployment",
        scope: Resource,
        reads: ["account.enabled_regions", "region.rds_db_instances"],
    }
}

/// RDS DB instances and their Multi-AZ setting, as resource_property::evaluate reads them.
const DB_INSTANCES: ResourceProperty<DbInstance> = ResourceProperty {
    plural: "RDS DB instances",
    list: |region| &region.rds_db_instances,
    id: |db| &db.db_instance_identifier,
    describe: |db| format!("{} RDS DB instance {}", db.engine, db.db_instance_identifier),
    holds: multi_az,
    question: "are Multi-AZ deployments",
    held: "is a Multi-AZ deployment",
    lacked: "runs in a single Availability Zone (not Multi-AZ)",
    tags: |_| None,
};

fn multi_az(db: &DbInstance) -> Result<bool, &'static str> {
    let engine = db.engine.to_ascii_lowercase();
    if CLUSTER_ENGINES.iter().any(|prefix| engine.starts_with(prefix)) {
        return Err(
            "its DB cluster sets how it spreads over Availability Zones, and this scan does not collect DB clusters (rds:DescribeDBClusters)",
        );
    }
    Ok(db.multi_az)
}

impl Check for RdsMultiAz {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        resource_property::evaluate(&DB_INSTANCES, bundle, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(engine: &str, multi_az_flag: bool) -> DbInstance {
        let json = serde_json::json!({
            "db_instance_identifier": "db", "engine": engine, "storage_encrypted": true, "multi_az": multi_az_flag
        });
        serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn cluster_engines_cannot_be_judged_by_their_instances() {
        for engine in ["aurora-postgresql", "aurora-mysql", "aurora", "docdb", "neptune", "Aurora-MySQL"] {
            assert!(multi_az(&db(engine, false)).is_err(), "{engine}");
        }
        assert_eq!(multi_az(&db("postgres", true)), Ok(true));
        assert_eq!(multi_az(&db("sqlserver-se", false)), Ok(false));
    }
}
