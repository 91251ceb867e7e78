//! RDS DB instances kept off the internet, per instance.

use maturity_evidence::{Bundle, DbInstance};

use crate::shared::resource_property::{self, ResourceProperty};
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// Every RDS DB instance (`rds:DescribeDBInstances`, any engine, Aurora cluster members
    /// included) of every scanned region of every account: the instance passes when it is not
    /// publicly accessible (`PubliclyAccessible` is false), and fails when it is.
    ///
    /// Not applicable for a region without DB instances. Inconclusive for a region whose DB
    /// instances could not be listed, and for an account the collector could not enter.
    ///
    /// `PubliclyAccessible` gives the instance a DNS name that resolves to a public address;
    /// whether a connection then gets through also depends on its security groups and subnet
    /// routes, which this check does not weigh: a database has no reason to be offered to the
    /// internet at all, so the flag alone fails.
    ///
    /// ## Why it matters
    /// A database reachable from the internet is one security-group change away from exposure,
    /// and engines' login endpoints are scanned and brute-forced within minutes of appearing.
    /// Internal services, databases first, should only be reachable from the tiers that use them.
    ///
    /// ## How to fix
    /// Modify the instance with `PubliclyAccessible` off (`aws rds modify-db-instance
    /// --no-publicly-accessible`), keep it in private subnets, and reach it for administration
    /// through Session Manager port forwarding or a bastion inside the VPC. Deny
    /// `rds:CreateDBInstance` and `rds:ModifyDBInstance` with `rds:PubliclyAccessible` true in an
    /// SCP or the templates that create databases.
    pub(crate) struct RdsNoPublicInstances {
        id: "rds-no-public-instances",
        title: "No RDS DB instance is publicly accessible",
        scope: Resource,
        reads: ["account.enabled_regions", "region.rds_db_instances"],
    }
}

/// RDS DB instances and whether they stay off the internet, as resource_property::evaluate reads
/// them.
const DB_INSTANCES: ResourceProperty<DbInstance> = ResourceProperty {
    plural: "RDS DB instances",
    list: |region| &region.rds_db_instances,
    id: |db| &db.db_instance_identifier,
    describe: |db| format!("{} RDS DB instance {}", db.engine, db.db_instance_identifier),
    holds: |db| Ok(!db.publicly_accessible),
    question: "are kept off the internet",
    held: "is not publicly accessible",
    lacked: "is publicly accessible from the internet",
    tags: |_| None,
};

impl Check for RdsNoPublicInstances {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        resource_property::evaluate(&DB_INSTANCES, bundle, out);
    }
}
