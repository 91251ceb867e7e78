//! Backups of the data stores: every RDS DB instance, DynamoDB table and EFS file system, per resource.

use chrono::{DateTime, Duration, Utc};
use maturity_evidence::{
    Arn, Bundle, DbInstance, EfsFileSystem, EfsLifeCycleState, Missing, ProtectedResource, RegionFacts,
};

use crate::shared::walk;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Every RDS DB instance, every DynamoDB table and every EFS file system of every scanned
    /// region of every account has a recent backup:
    ///
    /// - a DynamoDB table passes when point-in-time recovery is `ENABLED`
    ///   (`dynamodb:DescribeContinuousBackups`), or when AWS Backup lists it among its protected
    ///   resources (`backup:ListProtectedResources`) with a backup from the last 35 days;
    /// - an RDS DB instance passes when its automated backups are on (a backup retention period
    ///   of at least one day, which also gives point-in-time restore), or when AWS Backup lists
    ///   it (an Aurora instance: its cluster, or any Aurora cluster of the region when the scan
    ///   did not record the cluster) with a backup from the last 35 days;
    /// - an EFS file system passes when its automatic backups are on (backup policy `ENABLED`,
    ///   `elasticfilesystem:DescribeBackupPolicy`), or when AWS Backup lists it with a backup from
    ///   the last 35 days. A file system being deleted is not judged.
    ///
    /// It fails when none of these holds: automated backups, point-in-time recovery or the EFS
    /// backup policy off and no backup in AWS Backup, or a last backup older than 35 days ("now"
    /// is when the scan ran). EBS volumes and S3 buckets are not judged here.
    ///
    /// One finding per data store. Not applicable for a region with no RDS instance, DynamoDB
    /// table or EFS file system. Inconclusive for a region whose data stores could not be listed, for a
    /// data store whose only possible proof (the protected resources) could not be read, for an
    /// RDS instance without AWS Backup whose retention the bundle does not record (bundles of
    /// older scans), and for an account the collector could not enter.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Ransomware, a wrong migration script or a deleted table destroy data in minutes. Without a
    /// recent, independent backup the only way back is to rebuild the data from scratch, if it
    /// can be rebuilt at all.
    ///
    /// ## How to fix
    /// Create an AWS Backup plan (daily, with a retention that fits the data) and assign the
    /// databases, tables and file systems to it by tag or resource type; better, deploy it as an
    /// organization backup policy. Turn on point-in-time recovery on DynamoDB tables and automatic
    /// backups on EFS file systems. Keep the backups in a
    /// vault with Vault Lock, ideally copied to another account.
    pub(crate) struct BackupDataStoresProtected {
        id: "backup-data-stores-protected",
        title: "Every RDS DB instance, DynamoDB table and EFS file system has a recent backup",
        scope: Resource,
        reads: ["account.enabled_regions", "region.rds_db_instances", "region.backup_protected_resources", "region.dynamodb_tables", "region.efs_file_systems"],
    }
}

/// A backup older than this does not count.
const MAX_BACKUP_AGE_DAYS: i64 = 35;

impl Check for BackupDataStoresProtected {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let now = bundle.collector.collected_at;
        walk::each_region(bundle, out, "whether the data stores are backed up", |r, out| {
            let (account, region, facts, label) = (r.account, r.name, r.facts, &r.label.to_string());
            let ctx = Region { account_id: &account.account_id, label, region, facts, now };
            let mut stores = 0;
            match facts.rds_db_instances.get() {
                Ok(instances) => {
                    stores += instances.len();
                    for db in instances {
                        ctx.rds_instance(db, out);
                    }
                }
                Err(missing) => out.inconclusive(
                    Location::region(ctx.account_id, region),
                    &format!("whether the RDS DB instances in {region} of {label} are backed up"),
                    &missing,
                ),
            }
            match facts.dynamodb_tables.get() {
                Ok(tables) => {
                    stores += tables.len();
                    for table in tables {
                        ctx.dynamodb_table(table, out);
                    }
                }
                Err(missing) => out.inconclusive(
                    Location::region(ctx.account_id, region),
                    &format!("whether the DynamoDB tables in {region} of {label} are backed up"),
                    &missing,
                ),
            }
            match facts.efs_file_systems.get() {
                Ok(file_systems) => {
                    for fs in file_systems.iter().filter(|fs| !is_going(fs)) {
                        stores += 1;
                        ctx.efs_file_system(fs, out);
                    }
                }
                Err(missing) => out.inconclusive(
                    Location::region(ctx.account_id, region),
                    &format!("whether the EFS file systems in {region} of {label} are backed up"),
                    &missing,
                ),
            }
            if stores == 0
                && facts.rds_db_instances.get().is_ok()
                && facts.dynamodb_tables.get().is_ok()
                && facts.efs_file_systems.get().is_ok()
            {
                out.not_applicable(
                    Location::region(ctx.account_id, region),
                    format_args!(
                        "There are no RDS DB instances, DynamoDB tables or EFS file systems in {region} of {label}."
                    ),
                );
            }
        });
    }
}

/// One region of one account, for the per-resource verdicts.
struct Region<'a> {
    account_id: &'a str,
    label: &'a str,
    region: &'a str,
    facts: &'a RegionFacts,
    now: DateTime<Utc>,
}

/// What AWS Backup says about one resource.
enum Backup<'a> {
    Recent(DateTime<Utc>),
    Stale(DateTime<Utc>),
    /// Listed without a backup time.
    Listed,
    None,
    Unknown(Missing<'a>),
}

impl<'a> Region<'a> {
    /// The AWS Backup record matching `matches`, judged by age.
    fn backup(&self, matches: impl Fn(&ProtectedResource) -> bool) -> Backup<'a> {
        let resources = match self.facts.backup_protected_resources.get() {
            Ok(resources) => resources,
            Err(missing) => return Backup::Unknown(missing),
        };
        let latest = resources.iter().filter(|r| matches(r)).map(|r| r.last_backup_time).max();
        match latest {
            None => Backup::None,
            Some(None) => Backup::Listed,
            Some(Some(time)) if self.now - time <= Duration::days(MAX_BACKUP_AGE_DAYS) => Backup::Recent(time),
            Some(Some(time)) => Backup::Stale(time),
        }
    }

    fn rds_instance(&self, db: &DbInstance, out: &mut Findings) {
        let (account, region, label) = (self.account_id, self.region, self.label);
        let (id, arn, engine) = (db.db_instance_identifier.as_str(), db.arn.as_deref(), db.engine.as_str());
        let location = Location::resource(account, Some(region), id);
        let what = format!("{engine} RDS DB instance {id} in {region} of {label}");
        if let Some(days) = db.backup_retention_days.filter(|days| *days > 0) {
            let plural = if days == 1 { "" } else { "s" };
            out.pass(
                location,
                format_args!("The {what} keeps automated backups for {days} day{plural}, with point-in-time restore."),
            );
            return;
        }
        let aurora = engine.starts_with("aurora");
        let cluster = db.db_cluster_identifier.as_deref();
        let backup = self.backup(|r| {
            if aurora {
                match cluster {
                    Some(cluster) => r.resource_arn.ends_with(&format!(":cluster:{cluster}")),
                    None => r.resource_type.eq_ignore_ascii_case("Aurora") || r.resource_arn.contains(":cluster:"),
                }
            } else {
                arn.is_some_and(|a| a == r.resource_arn)
                    || arn_names(&r.resource_arn, "rds", region, account, &format!("db:{id}"))
            }
        });
        let by = match (aurora, cluster) {
            (true, Some(cluster)) => format!(" through its Aurora cluster {cluster}"),
            (true, None) => " through an Aurora cluster of the region".to_owned(),
            (false, _) => String::new(),
        };
        match backup {
            Backup::Recent(time) => out.pass(
                location,
                format_args!("The {what} is backed up by AWS Backup{by} (last backup {}).", day(time)),
            ),
            Backup::Listed => out.pass(location, format_args!("The {what} is a protected resource of AWS Backup{by}.")),
            Backup::Stale(time) => out.fail(
                location,
                format_args!(
                    "The {what} was last backed up by AWS Backup{by} on {}, more than {MAX_BACKUP_AGE_DAYS} days before the scan.",
                    day(time)
                ),
            ),
            Backup::None if db.backup_retention_days.is_none() => out.add(
                FindingStatus::Inconclusive,
                location,
                format_args!(
                    "Cannot tell whether the {what} is backed up: it has no backup in AWS Backup, and the bundle does not record its automated backup retention."
                ),
            ),
            Backup::None => {
                out.fail(location, format_args!("The {what} has automated backups off and no backup in AWS Backup."));
            }
            Backup::Unknown(missing) => {
                out.inconclusive(location, &format!("whether the {what} is backed up"), &missing);
            }
        }
    }

    fn dynamodb_table(&self, table: &maturity_evidence::DynamoDbTable, out: &mut Findings) {
        let (account, region, label) = (self.account_id, self.region, self.label);
        let location = Location::resource(account, Some(region), &table.name);
        let what = format!("DynamoDB table {} in {region} of {label}", table.name);
        if table.pitr_enabled() {
            out.pass(location, format_args!("The {what} has point-in-time recovery enabled."));
            return;
        }
        let resource = format!("table/{}", table.name);
        let backup = self.backup(|r| {
            table.arn.as_deref().is_some_and(|a| a == r.resource_arn)
                || arn_names(&r.resource_arn, "dynamodb", region, account, &resource)
        });
        judge_by_aws_backup(location, &what, "has point-in-time recovery disabled", backup, out);
    }

    fn efs_file_system(&self, fs: &EfsFileSystem, out: &mut Findings) {
        let (account, region, label) = (self.account_id, self.region, self.label);
        let id = fs.file_system_id.as_str();
        let location = Location::resource(account, Some(region), id);
        let what = match fs.name.as_deref() {
            Some(name) => format!("EFS file system {id} ({name}) in {region} of {label}"),
            None => format!("EFS file system {id} in {region} of {label}"),
        };
        if fs.automatic_backups() {
            out.pass(location, format_args!("The {what} has automatic backups enabled."));
            return;
        }
        let resource = format!("file-system/{id}");
        let backup = self.backup(|r| {
            fs.arn.as_deref().is_some_and(|a| a == r.resource_arn)
                || arn_names(&r.resource_arn, "elasticfilesystem", region, account, &resource)
        });
        let own_off = format!("has automatic backups {}", fs.backup_policy.as_str().to_ascii_lowercase());
        judge_by_aws_backup(location, &what, &own_off, backup, out);
    }
}

/// The verdict of AWS Backup on a data store whose own backups are off (`own_off` says how,
/// e.g. "has point-in-time recovery disabled").
fn judge_by_aws_backup(location: Location, what: &str, own_off: &str, backup: Backup<'_>, out: &mut Findings) {
    match backup {
        Backup::Recent(time) => {
            out.pass(location, format_args!("The {what} is backed up by AWS Backup (last backup {}).", day(time)));
        }
        Backup::Listed => out.pass(location, format_args!("The {what} is a protected resource of AWS Backup.")),
        Backup::Stale(time) => out.fail(
            location,
            format_args!(
                "The {what} {own_off} and its last AWS Backup backup is from {}, more than {MAX_BACKUP_AGE_DAYS} days before the scan.",
                day(time)
            ),
        ),
        Backup::None => out.fail(location, format_args!("The {what} {own_off} and no backup in AWS Backup.")),
        Backup::Unknown(missing) => {
            out.inconclusive(location, &format!("whether the {what}, which {own_off}, is backed up"), &missing);
        }
    }
}

/// A file system being deleted or already gone holds no data to protect.
fn is_going(fs: &EfsFileSystem) -> bool {
    matches!(fs.life_cycle_state, EfsLifeCycleState::Deleting | EfsLifeCycleState::Deleted)
}

/// Whether an ARN (any partition) names this service, region, account and resource.
fn arn_names(arn: &str, service: &str, region: &str, account: &str, resource: &str) -> bool {
    Arn::parse(arn).is_ok_and(|arn| {
        arn.service == service && arn.region == region && arn.account == account && arn.resource == resource
    })
}

fn day(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_are_matched_part_by_part() {
        let arn = "arn:aws:rds:eu-west-1:111111111111:db:orders";
        assert!(arn_names(arn, "rds", "eu-west-1", "111111111111", "db:orders"));
        assert!(!arn_names(arn, "rds", "eu-west-1", "111111111111", "db:order"));
        assert!(!arn_names(arn, "rds", "us-east-1", "111111111111", "db:orders"));
        assert!(arn_names("arn:aws-cn:dynamodb:cn-north-1:1:table/t", "dynamodb", "cn-north-1", "1", "table/t"));
        let efs = "arn:aws:elasticfilesystem:eu-west-1:111111111111:file-system/fs-0a1";
        assert!(arn_names(efs, "elasticfilesystem", "eu-west-1", "111111111111", "file-system/fs-0a1"));
        assert!(!arn_names(efs, "elasticfilesystem", "eu-west-1", "111111111111", "file-system/fs-0a"));
    }
}
