//! Copies of the data in a second region, per account with data stores.

use std::collections::BTreeMap;

use maturity_evidence::{AccountEvidence, Arn, Bundle, ReplicationRuleStatus};

use crate::shared::accounts;
use crate::shared::walk;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account that holds data stores (RDS DB instances or DynamoDB tables in a
    /// scanned region): the account keeps a copy of data in a second region. It passes when
    /// either
    ///
    /// - a rule of an AWS Backup plan (`backup:GetBackupPlan`) of any scanned region has a copy
    ///   action whose destination vault ARN names another region than the plan's, or
    /// - an S3 bucket of the account has an `Enabled` replication rule whose destination bucket
    ///   is a bucket of the bundle (any scanned account) located in another region than the
    ///   source bucket.
    ///
    /// It fails when every backup plan and every bucket's replication was read and none of them
    /// copies to another region. It is inconclusive when nothing passed and some of that evidence
    /// could not be read, or when a bucket replicates to a bucket outside the bundle, whose region
    /// cannot be told from its ARN. Not applicable for an account without RDS DB instances and
    /// DynamoDB tables in the scanned regions.
    ///
    /// This is a signal that a disaster recovery copy exists, not proof that every data store is
    /// covered, nor that recovery in the second region was ever rehearsed: the Disaster Recovery
    /// Plan control also needs a documented and tested plan (attest it).
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), a verdict that rests on finding
    /// nothing in the scanned regions (a fail, or nothing in scope) is inconclusive instead: what
    /// is looked for may sit in a region that was not scanned.
    ///
    /// ## Why it matters
    /// A regional outage, or an attacker who destroys everything in the primary region, takes
    /// the backups kept in that same region with it. A copy in a second region is the minimum for
    /// restoring the business elsewhere within the recovery objectives.
    ///
    /// ## How to fix
    /// Add a copy action to the backup plan rules that cover the databases, to a vault in a
    /// second region (ideally in a separate backup account, with Vault Lock). Replicate critical
    /// S3 buckets with Cross-Region Replication. Write down the recovery time and point
    /// objectives and rehearse a restore in the second region.
    pub(crate) struct BackupCrossRegionCopies {
        id: "backup-cross-region-copies",
        title: "Accounts with data stores keep a backup or replica in a second region",
        scope: Account,
        reads: ["account.enabled_regions", "account.s3_buckets", "region.rds_db_instances", "region.backup_plans", "region.dynamodb_tables"],
        alternative: "a copy in another region or outside AWS made by a third-party backup tool, or replication the check does not read (Aurora global databases, DynamoDB global tables)",
    }
}

impl Check for BackupCrossRegionCopies {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let bucket_regions = bucket_regions(bundle);
        walk::each_account(bundle, out, |account, out| {
            let location = Location::account(&account.account_id);
            let label = account.label();
            match data_stores(account) {
                Stores::Some(count) => {
                    let count = stores(count);
                    let mut doubts = Vec::new();
                    match cross_region_copy(account, &bucket_regions, &mut doubts) {
                        Some(copy) => out.pass(
                            location,
                            format_args!("Account {label} holds {count} and {copy}."),
                        ),
                        None if doubts.is_empty() => accounts::fail_unless_unconfirmed(
                            out,
                            account,
                            location,
                            format!(
                                "Account {label} holds {count}, and no backup plan copies to another region and no S3 bucket replicates to another region."
                            ),
                        ),
                        None => out.add(
                            FindingStatus::Inconclusive,
                            location,
                            format_args!(
                                "Cannot tell whether account {label}, which holds {count}, keeps a copy in another region: {}.",
                                doubts.join("; ")
                            ),
                        ),
                    }
                }
                Stores::None => accounts::not_applicable_unless_unconfirmed(
                    out,
                    account,
                    location,
                    format!("Account {label} has no RDS DB instances or DynamoDB tables in the scanned regions."),
                ),
                Stores::Unknown(why) => out.add(
                    FindingStatus::Inconclusive,
                    location,
                    format_args!("Cannot tell whether account {label} holds data stores: {why}."),
                ),
            }
        });
    }
}

/// "1 data store", "3 data stores".
fn stores(count: usize) -> String {
    if count == 1 { "1 data store".to_owned() } else { format!("{count} data stores") }
}

enum Stores {
    Some(usize),
    None,
    Unknown(String),
}

/// How many RDS DB instances and DynamoDB tables the account has.
fn data_stores(account: &AccountEvidence) -> Stores {
    let mut count = 0;
    let mut unknown = None;
    for (region, facts) in accounts::regions(account) {
        for (kind, listed) in [
            ("RDS DB instances", facts.rds_db_instances.get().map(Vec::len)),
            ("DynamoDB tables", facts.dynamodb_tables.get().map(Vec::len)),
        ] {
            match listed {
                Ok(n) => count += n,
                Err(missing) => {
                    unknown.get_or_insert_with(|| format!("the {kind} in {region} could not be listed ({missing})"));
                }
            }
        }
    }
    match (count, unknown) {
        (0, Some(why)) => Stores::Unknown(why),
        (0, None) => Stores::None,
        (n, _) => Stores::Some(n),
    }
}

/// The region of every bucket of the bundle whose region is known, by name.
fn bucket_regions(bundle: &Bundle) -> BTreeMap<&str, &str> {
    bundle
        .accounts
        .iter()
        .filter_map(|a| a.global.s3_buckets.get().ok())
        .flatten()
        .filter_map(|b| Some((b.name.as_str(), b.region.as_deref()?)))
        .collect()
}

/// The region named by an ARN (`arn:aws:backup:eu-west-1:…`).
fn arn_region(arn: &str) -> Option<&str> {
    Arn::parse(arn).ok()?.region()
}

/// The first copy to another region, described; otherwise `doubts` says what could not be read.
fn cross_region_copy(
    account: &AccountEvidence,
    bucket_regions: &BTreeMap<&str, &str>,
    doubts: &mut Vec<String>,
) -> Option<String> {
    for (region, facts) in accounts::regions(account) {
        match facts.backup_plans.get() {
            Ok(plans) => {
                for plan in plans {
                    for rule in &plan.rules {
                        let other = rule.copy_destinations.iter().find(|d| arn_region(d).is_some_and(|r| r != region));
                        if let Some(destination) = other {
                            return Some(format!(
                                "rule {} of backup plan {} in {region} copies backups to vault {destination}",
                                rule.name, plan.name
                            ));
                        }
                    }
                }
            }
            Err(missing) => doubts.push(format!("the backup plans in {region} could not be read ({missing})")),
        }
    }
    let buckets = match account.global.s3_buckets.get() {
        Ok(buckets) => buckets,
        Err(missing) => {
            doubts.push(format!("the S3 buckets could not be listed ({missing})"));
            return None;
        }
    };
    for bucket in buckets {
        let rules = match bucket.replication.get() {
            Ok(Some(rules)) => rules,
            Ok(None) => continue,
            Err(missing) => {
                doubts.push(format!("the replication of bucket {} could not be read ({missing})", bucket.name));
                continue;
            }
        };
        for rule in rules.iter().filter(|r| r.status == ReplicationRuleStatus::Enabled) {
            let name =
                Arn::parse(&rule.destination_bucket).map_or(rule.destination_bucket.as_str(), |arn| arn.resource);
            match (bucket.region.as_deref(), bucket_regions.get(name)) {
                (Some(from), Some(to)) if from != *to => {
                    return Some(format!("S3 bucket {} in {from} replicates to bucket {name} in {to}", bucket.name));
                }
                (Some(_), Some(_)) => {}
                _ => doubts.push(format!(
                    "bucket {} replicates to bucket {name}, whose region is not known from this scan",
                    bucket.name
                )),
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vault_arns_name_their_region() {
        assert_eq!(arn_region("arn:aws:backup:eu-central-1:111111111111:backup-vault:dr"), Some("eu-central-1"));
        assert_eq!(arn_region("arn:aws:s3:::bucket"), None);
    }
}
