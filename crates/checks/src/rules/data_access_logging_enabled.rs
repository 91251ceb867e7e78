//! Access to the data stores (S3 buckets, RDS DB instances) is logged, one finding per data store.

use maturity_evidence::{AccountEvidence, ActivityStreamStatus, Bucket, Bundle, DbInstance, Trail};

use crate::shared::accounts;
use crate::shared::walk;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Every data store of every account the collector could enter has its data access logged,
    /// one finding per data store:
    ///
    /// - each S3 bucket passes when a CloudTrail trail the account can see (its own or the
    ///   organization trail; `cloudtrail:DescribeTrails`) is logging (`cloudtrail:GetTrailStatus`),
    ///   records events of the bucket's region, and records the **read** data events of every
    ///   object in the bucket (`cloudtrail:GetEventSelectors`): a basic selector for
    ///   `AWS::S3::Object` on all buckets or on the bucket, or an advanced selector with
    ///   `eventCategory = Data`, `resources.type = AWS::S3::Object` and no `readOnly = false`,
    ///   limited at most by `resources.ARN` prefixes that include the whole bucket. A selector
    ///   that only records writes, or one narrowed by other conditions (event names, callers),
    ///   does not count. S3 server access logs are not read.
    /// - each RDS DB instance passes when its Database Activity Stream is started, or when it
    ///   exports its `audit` log to CloudWatch Logs (MySQL and MariaDB with the MariaDB audit
    ///   plugin, Oracle, SQL Server, Aurora MySQL).
    ///
    /// Fail for a bucket no logging trail records, and for a DB instance with neither. For a
    /// PostgreSQL instance that exports only its `postgresql` log, and for an Aurora cluster
    /// member without instance-level audit logging (Aurora sets log exports and activity streams
    /// on the cluster), the finding is inconclusive: whether pgaudit writes that log, and what the
    /// cluster does, is in parameter groups and cluster settings that are not collected.
    /// Inconclusive also when the trails, their status or selectors, the buckets or the DB
    /// instances could not be read. Not applicable for an account without buckets or DB
    /// instances. Every data store counts: use exceptions (by tag) for the ones that are not
    /// production. DynamoDB and other data stores are not judged here.
    ///
    /// ## Why it matters
    /// Management events say who changed a bucket's policy; only data access logs say who read
    /// which object, or which database user queried which table. Without them, an investigation
    /// cannot tell what data left, and a breach notification has to assume everything did.
    ///
    /// ## How to fix
    /// Add S3 data events to the organization trail with an advanced event selector
    /// (`eventCategory = Data`, `resources.type = AWS::S3::Object`, optionally limited to the
    /// production buckets by ARN prefix), or a dedicated trail or CloudTrail Lake event data store
    /// for them; mind the cost per event. For databases, turn on the audit log and export it to
    /// CloudWatch Logs (option group `MARIADB_AUDIT_PLUGIN` for MySQL and MariaDB, unified
    /// auditing for Oracle, `SQLSERVER_AUDIT` for SQL Server, `server_audit_logging` for Aurora
    /// MySQL, pgaudit for PostgreSQL) or start a Database Activity Stream.
    pub(crate) struct DataAccessLoggingEnabled {
        id: "data-access-logging-enabled",
        title: "Access to every S3 bucket and RDS database is logged",
        scope: Resource,
        reads: ["account.s3_buckets", "account.cloudtrail_trails", "region.rds_db_instances"],
    }
}

impl Check for DataAccessLoggingEnabled {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_account(bundle, out, |account, out| {
            let before = out.as_slice().len();
            buckets(account, out);
            for (region, facts) in accounts::regions(account) {
                match facts.rds_db_instances.get() {
                    Ok(instances) => {
                        for db in instances {
                            db_instance(account, region, db, out);
                        }
                    }
                    Err(missing) => out.inconclusive(
                        Location::region(&account.account_id, region),
                        &format!(
                            "whether access to the RDS DB instances in {region} of account {} is logged",
                            account.label()
                        ),
                        &missing,
                    ),
                }
            }
            if out.as_slice().len() == before {
                out.not_applicable(
                    Location::account(&account.account_id),
                    format_args!(
                        "Account {} has no S3 buckets or RDS DB instances in the scanned regions.",
                        account.label()
                    ),
                );
            }
        });
    }
}

fn buckets(account: &AccountEvidence, out: &mut Findings) {
    let label = account.label().to_string();
    let buckets = match account.global.s3_buckets.get() {
        Ok(buckets) => buckets,
        Err(missing) => {
            out.inconclusive(
                Location::account(&account.account_id),
                &format!("whether access to the S3 buckets of account {label} is logged"),
                &missing,
            );
            return;
        }
    };
    if buckets.is_empty() {
        return;
    }
    let trails = match account.global.cloudtrail_trails.get() {
        Ok(trails) => trails,
        Err(missing) => {
            out.inconclusive(
                Location::account(&account.account_id),
                &format!("whether CloudTrail records data events for the S3 buckets of account {label}"),
                &missing,
            );
            return;
        }
    };
    for bucket in buckets {
        bucket_finding(account, &label, trails, bucket, out);
    }
}

fn bucket_finding(account: &AccountEvidence, label: &str, trails: &[Trail], bucket: &Bucket, out: &mut Findings) {
    let location = Location::resource(&account.account_id, bucket.region.as_deref(), &bucket.name);
    let objects = format!("arn:aws:s3:::{}/", bucket.name);
    let mut unread = Vec::new();
    for trail in trails {
        if bucket.region.as_deref().is_some_and(|region| !trail.covers_region(region)) {
            continue;
        }
        let selectors = match (trail.is_logging.get(), trail.data_events.get()) {
            (Ok(false), _) => continue,
            (Ok(true), Ok(selectors)) => selectors,
            (Err(missing), _) | (_, Err(missing)) => {
                unread.push(format!("trail {}: {missing}", trail.name));
                continue;
            }
        };
        if selectors.iter().any(|s| s.reads_all_of("AWS::S3::Object", &objects)) {
            out.add_tagged(
                FindingStatus::Pass,
                location,
                &bucket.tags,
                format_args!(
                    "Trail {} records the read data events of every object in S3 bucket {} of account {label}.",
                    trail.name, bucket.name
                ),
            );
            return;
        }
    }
    let (status, message) = if unread.is_empty() {
        (
            FindingStatus::Fail,
            format!(
                "No logging CloudTrail trail records the read data events of S3 bucket {} of account {label}.",
                bucket.name
            ),
        )
    } else {
        (
            FindingStatus::Inconclusive,
            format!(
                "Cannot tell whether CloudTrail records the data events of S3 bucket {} of account {label}: {}.",
                bucket.name,
                unread.join("; ")
            ),
        )
    };
    out.add_tagged(status, location, &bucket.tags, message);
}

/// Whether the engine is PostgreSQL (RDS or Aurora), whose audit records go to the `postgresql` log.
fn is_postgres(engine: &str) -> bool {
    engine.contains("postgres")
}

fn db_instance(account: &AccountEvidence, region: &str, db: &DbInstance, out: &mut Findings) {
    let location = Location::resource(&account.account_id, Some(region), &db.db_instance_identifier);
    let store = format!(
        "{} RDS DB instance {} in {region} of account {}",
        db.engine,
        db.db_instance_identifier,
        account.label()
    );
    if db.activity_stream_status == Some(ActivityStreamStatus::Started) {
        out.pass(location, format_args!("{store} sends its activity to a Database Activity Stream."));
        return;
    }
    let Some(exports) = &db.cloudwatch_logs_exports else {
        out.add(
            FindingStatus::Inconclusive,
            location,
            format_args!("Cannot tell whether {store} logs data access: its log exports were not recorded (the bundle predates their collection)."),
        );
        return;
    };
    let exports_log = |name: &str| exports.iter().any(|e| e == name);
    let (status, message) = if exports_log("audit") {
        (FindingStatus::Pass, format!("{store} exports its audit log to CloudWatch Logs."))
    } else if is_postgres(&db.engine) && exports_log("postgresql") {
        (
            FindingStatus::Inconclusive,
            format!(
                "Cannot tell whether {store} logs data access: it exports its postgresql log, but whether pgaudit writes to it is set in its parameter group, which is not collected."
            ),
        )
    } else if db.db_cluster_identifier.is_some() {
        (
            FindingStatus::Inconclusive,
            format!(
                "Cannot tell whether {store} logs data access: it exports no audit log itself, and the audit settings of its Aurora cluster {} are not collected.",
                db.db_cluster_identifier.as_deref().unwrap_or_default()
            ),
        )
    } else {
        (
            FindingStatus::Fail,
            format!("{store} neither exports an audit log to CloudWatch Logs nor runs a Database Activity Stream."),
        )
    };
    out.add(status, location, message);
}
