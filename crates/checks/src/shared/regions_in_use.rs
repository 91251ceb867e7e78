//! Whether a region of an account is in use: it runs workloads. Controls such as "Config in every
//! region in use" judge only those regions; a region whose workload facts could not be read is
//! neither in use nor idle, and says why.
//!
//! Each workload fact is one probe in [`PROBES`]; a new kind of workload is one more line.

use std::collections::{BTreeMap, BTreeSet};

use maturity_evidence::{AccountEvidence, BILLING_REGION, KeyManager, Missing, MissingBuf, RegionFacts};

/// What a region's workload facts tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RegionUse<'a> {
    /// It runs workloads: each kind with how many.
    InUse(Vec<(&'static str, usize)>),
    /// Every workload fact was read and none shows a workload.
    Idle,
    /// Nothing read shows a workload, and this fact could not be read.
    Unknown(Missing<'a>),
}

/// Counts one kind of workload in a region.
type Probe = for<'a> fn(&'a RegionFacts) -> Result<usize, Missing<'a>>;

/// Every kind of workload, with how to count it.
const PROBES: &[(&str, Probe)] = &[
    ("EC2 instances", |f| f.ec2_instances.get().map(|v| v.iter().filter(|i| i.is_running()).count())),
    ("EBS volumes", |f| f.ec2_volumes.get().map(Vec::len)),
    ("RDS DB instances", |f| f.rds_db_instances.get().map(Vec::len)),
    ("load balancers", |f| f.elbv2_load_balancers.get().map(Vec::len)),
    ("Lambda functions", |f| f.lambda_functions.get().map(Vec::len)),
    ("DynamoDB tables", |f| f.dynamodb_tables.get().map(Vec::len)),
    ("EFS file systems", |f| f.efs_file_systems.get().map(Vec::len)),
];

/// Counts one kind of resource, beyond workloads, that an account holds in a region: read from
/// the region's facts or from the account's global ones (buckets by their region).
pub(crate) type Holding = for<'a> fn(&'a AccountEvidence, &str, &'a RegionFacts) -> Result<usize, Missing<'a>>;

/// S3 buckets, in the region they are located in (`s3:GetBucketLocation`).
pub(crate) const S3_BUCKETS: (&str, Holding) = ("S3 buckets", |account, region, _| {
    account
        .global
        .s3_buckets
        .get()
        .map(|buckets| buckets.iter().filter(|b| b.region.as_deref() == Some(region)).count())
});

/// Customer-managed KMS keys (their key policies are the customer's to write).
pub(crate) const CUSTOMER_KMS_KEYS: (&str, Holding) = ("customer-managed KMS keys", |_, _, facts| {
    facts.kms_keys.get().map(|keys| keys.iter().filter(|k| k.key_manager == KeyManager::Customer).count())
});

/// Secrets Manager secrets.
pub(crate) const SECRETS: (&str, Holding) =
    ("Secrets Manager secrets", |_, _, facts| facts.secretsmanager_secrets.get().map(Vec::len));

/// ECR repositories.
pub(crate) const ECR_REPOSITORIES: (&str, Holding) =
    ("ECR repositories", |_, _, facts| facts.ecr_repositories.get().map(Vec::len));

/// IAM roles other than service-linked ones. IAM is global: its roles are counted in the billing
/// region (us-east-1, where global services keep their data) and nowhere else, so that an account
/// with roles needs what the check asks for in at least that region.
pub(crate) const IAM_ROLES: (&str, Holding) = ("IAM roles", |account, region, _| {
    if region != BILLING_REGION {
        return Ok(0);
    }
    account.global.iam_roles.get().map(|roles| roles.iter().filter(|r| !r.is_service_linked()).count())
});

/// Whether the region runs workloads.
pub(crate) fn region_use(facts: &RegionFacts) -> RegionUse<'_> {
    let found = Vec::new();
    let unread = None;
    tally(facts, found, unread)
}

/// Whether the account uses the region: it runs workloads there, or holds one of the `holdings`
/// (S3 buckets, KMS keys …) there, for checks whose control governs those resources too.
pub(crate) fn region_holds<'a>(
    account: &'a AccountEvidence,
    region: &str,
    facts: &'a RegionFacts,
    holdings: &[(&'static str, Holding)],
) -> RegionUse<'a> {
    let mut found = Vec::new();
    let mut unread = None;
    for (kind, count) in holdings {
        match count(account, region, facts) {
            Ok(0) => {}
            Ok(count) => found.push((*kind, count)),
            Err(missing) => {
                unread.get_or_insert(missing);
            }
        }
    }
    tally(facts, found, unread)
}

/// Adds the workloads of the region to what was found and what could not be read, and decides.
fn tally<'a>(
    facts: &'a RegionFacts,
    mut found: Vec<(&'static str, usize)>,
    mut unread: Option<Missing<'a>>,
) -> RegionUse<'a> {
    let mut workloads = Vec::new();
    // What the workload facts could not read is said first.
    let mut unread_workload = None;
    for (kind, probe) in PROBES {
        match probe(facts) {
            Ok(0) => {}
            Ok(count) => workloads.push((*kind, count)),
            Err(missing) => {
                unread_workload.get_or_insert(missing);
            }
        }
    }
    let unread = unread_workload.or(unread.take());
    workloads.append(&mut found);
    let found = workloads;
    match (found.is_empty(), unread) {
        (false, _) => RegionUse::InUse(found),
        (true, Some(missing)) => RegionUse::Unknown(missing),
        (true, None) => RegionUse::Idle,
    }
}

/// How each enabled region of one account is used, kept when the account is gone: what checks
/// of organization-wide services run from one account need of every other account (a region
/// any account uses is judged in all of them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RegionsUsed(Vec<(Box<str>, Used)>);

/// [`RegionUse`] without what runs there.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Used {
    InUse,
    Idle,
    Unknown(MissingBuf),
}

impl RegionsUsed {
    /// The use of every region the account has enabled, in name order.
    pub(crate) fn of(account: &AccountEvidence) -> Self {
        let used = super::accounts::regions(account).map(|(region, facts)| {
            let used = match region_use(facts) {
                RegionUse::InUse(_) => Used::InUse,
                RegionUse::Idle => Used::Idle,
                RegionUse::Unknown(missing) => Used::Unknown(missing.to_buf()),
            };
            (Box::from(region), used)
        });
        Self(used.collect())
    }
}

/// The regions any account of the scan uses, and those whose use is unknown: what checks of
/// organization-wide services judge each account's regions against.
#[derive(Debug, Clone, Default)]
pub(crate) struct UsedByAny {
    /// The regions where at least one account runs workloads.
    pub(crate) in_use: BTreeSet<Box<str>>,
    /// The regions whose use could not be read in some account and that no account is known to
    /// use, each with the first reason in the accounts' order. A check that judges only the
    /// regions in use must not treat these as idle.
    pub(crate) unknown: BTreeMap<Box<str>, MissingBuf>,
}

impl UsedByAny {
    /// What the accounts' regions tell, from each account's (in the scan's order).
    pub(crate) fn of(accounts: Vec<RegionsUsed>) -> Self {
        let regions = || accounts.iter().flat_map(|a| &a.0);
        let in_use: BTreeSet<Box<str>> =
            regions().filter(|(_, used)| *used == Used::InUse).map(|(region, _)| region.clone()).collect();
        let mut unknown = BTreeMap::new();
        for (region, used) in regions() {
            if let Used::Unknown(missing) = used
                && !in_use.contains(region)
            {
                unknown.entry(region.clone()).or_insert_with(|| missing.clone());
            }
        }
        Self { in_use, unknown }
    }
}

/// What an account's scanned regions tell about its workloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AccountUse<'a> {
    /// It runs workloads: each region in use with what runs there.
    InUse(Vec<(&'a str, Vec<(&'static str, usize)>)>),
    /// Every region was read and none runs a workload (also when no region was scanned).
    Idle,
    /// No region read shows a workload, and this region's facts could not be read.
    Unknown(&'a str, Missing<'a>),
}

/// Whether the account runs workloads in any scanned region.
pub(crate) fn account_use(account: &AccountEvidence) -> AccountUse<'_> {
    let mut in_use = Vec::new();
    let mut unknown = None;
    for (region, facts) in super::accounts::regions(account) {
        match region_use(facts) {
            RegionUse::InUse(workloads) => in_use.push((region, workloads)),
            RegionUse::Idle => {}
            RegionUse::Unknown(missing) => {
                unknown.get_or_insert((region, missing));
            }
        }
    }
    match (in_use.is_empty(), unknown) {
        (false, _) => AccountUse::InUse(in_use),
        (true, Some((region, missing))) => AccountUse::Unknown(region, missing),
        (true, None) => AccountUse::Idle,
    }
}

/// "3 running EC2 instances in eu-west-1 and 1 RDS DB instances in us-east-1".
pub(crate) fn describe_account(in_use: &[(&str, Vec<(&'static str, usize)>)]) -> String {
    let parts: Vec<String> =
        in_use.iter().map(|(region, workloads)| format!("{} in {region}", describe(workloads))).collect();
    super::prose::and_list(&parts).to_string()
}

/// "3 running EC2 instances and 2 EBS volumes".
pub(crate) fn describe(workloads: &[(&'static str, usize)]) -> String {
    // Every kind is a plural ending in "s" ("ies" for "repositories").
    let parts: Vec<String> = workloads
        .iter()
        .map(|(kind, count)| match count {
            1 => match kind.strip_suffix("ies") {
                Some(stem) => format!("1 {stem}y"),
                None => format!("1 {}", kind.strip_suffix('s').unwrap_or(kind)),
            },
            _ => format!("{count} {kind}"),
        })
        .collect();
    super::prose::and_list(&parts).to_string()
}

#[cfg(test)]
mod tests {
    use maturity_evidence::{Fact, Volume};

    use super::*;

    fn volume() -> Volume {
        serde_json::from_value(serde_json::json!({"volume_id": "vol-1", "state": "in-use", "encrypted": true}))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_workload_makes_the_region_in_use_even_when_another_fact_is_missing() {
        let facts = RegionFacts {
            ec2_volumes: Fact::Ok(vec![volume()]),
            ec2_instances: Fact::denied("ec2:DescribeInstances"),
            ..RegionFacts::default()
        };
        assert_eq!(region_use(&facts), RegionUse::InUse(vec![("EBS volumes", 1)]));
    }

    #[test]
    fn nothing_read_and_nothing_found_is_unknown_not_idle() {
        let facts = RegionFacts { ec2_volumes: Fact::Ok(Vec::new()), ..RegionFacts::default() };
        assert!(matches!(region_use(&facts), RegionUse::Unknown(_)));
    }

    #[test]
    fn all_read_and_empty_is_idle() {
        let facts = RegionFacts {
            ec2_instances: Fact::Ok(Vec::new()),
            ec2_volumes: Fact::Ok(Vec::new()),
            rds_db_instances: Fact::Ok(Vec::new()),
            elbv2_load_balancers: Fact::Ok(Vec::new()),
            lambda_functions: Fact::Ok(Vec::new()),
            dynamodb_tables: Fact::Ok(Vec::new()),
            efs_file_systems: Fact::Ok(Vec::new()),
            ..RegionFacts::default()
        };
        assert_eq!(region_use(&facts), RegionUse::Idle);
    }
}
