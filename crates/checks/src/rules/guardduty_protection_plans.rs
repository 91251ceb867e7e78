//! GuardDuty protection plans that match the workloads of each region.

use maturity_evidence::{AccountEvidence, GuardDutyDetector, Missing, RegionFacts};

use crate::shared::prose::and_list;
use crate::shared::{guardduty, walk};
use crate::{Check, Findings, Location, declare_check};

/// RDS engines whose logins GuardDuty RDS Protection watches.
fn rds_protection_covers(engine: &str) -> bool {
    engine.starts_with("aurora") || engine == "postgres"
}

/// Counts one kind of resource in a region of an account, with its name (plural).
type Count = for<'a> fn(&'a AccountEvidence, &str, &'a RegionFacts) -> Result<(usize, &'static str), Missing<'a>>;

/// One kind of resource, the plans that protect it (any one of them is enough) and how to count
/// it in a region.
struct Need {
    plans: &'static [&'static str],
    count: Count,
}

const NEEDS: &[Need] = &[
    Need {
        plans: &["S3_DATA_EVENTS"],
        count: |account, region, _| {
            account
                .global
                .s3_buckets
                .get()
                .map(|buckets| (buckets.iter().filter(|b| b.region.as_deref() == Some(region)).count(), "S3 buckets"))
        },
    },
    Need {
        plans: &["RDS_LOGIN_EVENTS"],
        count: |_, _, facts| {
            facts.rds_db_instances.get().map(|dbs| {
                (dbs.iter().filter(|d| rds_protection_covers(&d.engine)).count(), "Aurora or PostgreSQL DB instances")
            })
        },
    },
    Need {
        plans: &["EBS_MALWARE_PROTECTION", "RUNTIME_MONITORING"],
        count: |_, _, facts| {
            facts.ec2_instances.get().map(|i| (i.iter().filter(|i| i.is_running()).count(), "running EC2 instances"))
        },
    },
];

declare_check! {
    /// ## What it checks
    /// For every scanned region of every account, the GuardDuty protection plans that match the
    /// resources found there are enabled on the region's enabled detector:
    /// - `S3_DATA_EVENTS` (S3 Protection) when the account has S3 buckets in the region;
    /// - `RDS_LOGIN_EVENTS` (RDS Protection) when the region has Aurora or RDS for PostgreSQL DB
    ///   instances (the engines the plan watches);
    /// - `EBS_MALWARE_PROTECTION` or `RUNTIME_MONITORING` when the region has running EC2
    ///   instances. Runtime Monitoring counts for EC2 only when the detector does not report its
    ///   `EC2_AGENT_MANAGEMENT` setting as disabled: without agent management the agent runs on
    ///   no instance unless someone installed it by hand, which the scan cannot see (the same
    ///   rule as `guardduty-malware-runtime-protection`). Where the agent is installed another
    ///   way (a golden image, Systems Manager), state it as an exception for this check, with
    ///   where its coverage is reported.
    ///
    /// `EKS_AUDIT_LOGS` and EKS runtime monitoring are not judged: EKS clusters are not collected.
    ///
    /// One finding per region. Pass when every plan needed is on; fail when one is off, naming
    /// it and the resources it would watch, and fail when the region has such resources but no
    /// enabled detector (no plan can be on; `guardduty-detector-enabled` reports the detector
    /// itself). Not applicable when the region has none of these resources. Inconclusive when
    /// the detectors could not be read, or when a resource list could not be read and the plan
    /// it would need is off.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// A bare GuardDuty detector reads account-level logs only. The protection plans add what
    /// attackers actually touch: data-plane access to buckets, logins to databases, malware on
    /// instance volumes and process-level activity inside hosts. Without them, exfiltration from
    /// a bucket, password spraying against a database or a cryptominer on an instance can go
    /// unnoticed while the detector shows as enabled.
    ///
    /// ## How to fix
    /// In the GuardDuty console (or with `UpdateDetector` / the organization configuration of
    /// the delegated administrator), enable S3 Protection, RDS Protection and Malware Protection
    /// for EC2 or Runtime Monitoring with automated agent configuration for EC2 in every region
    /// that holds those resources, and set them to auto-enable for member accounts.
    pub(crate) struct GuarddutyProtectionPlans {
        id: "guardduty-protection-plans",
        title: "GuardDuty protection plans match the S3, RDS and EC2 resources of every region",
        scope: Region,
        reads: ["account.enabled_regions", "account.s3_buckets", "region.guardduty_detectors", "region.ec2_instances", "region.rds_db_instances"],
    }
}

impl Check for GuarddutyProtectionPlans {
    fn evaluate(&self, bundle: &maturity_evidence::Bundle, out: &mut Findings) {
        let what = "whether GuardDuty protection plans match the resources";
        walk::each_region(bundle, out, what, |r, out| {
            let (account, region, facts) = (r.account, r.name, r.facts);
            evaluate_region(account, region, facts, out);
        });
    }
}

fn evaluate_region(account: &AccountEvidence, region: &str, facts: &RegionFacts, out: &mut Findings) {
    let label = account.label();
    let location = Location::region(&account.account_id, region);
    let mut needed = Vec::new();
    let mut unknown = Vec::new();
    for need in NEEDS {
        match (need.count)(account, region, facts) {
            Ok((0, _)) => {}
            Ok((count, kind)) => needed.push((need, counted(count, kind))),
            Err(missing) => unknown.push((need, missing)),
        }
    }
    if needed.is_empty() && unknown.is_empty() {
        out.not_applicable(
            location,
            format_args!(
                "Region {region} of account {label} has no S3 buckets, Aurora or PostgreSQL DB instances or running EC2 instances for GuardDuty protection plans to watch."
            ),
        );
        return;
    }
    let detectors = match guardduty::enabled_detectors(facts) {
        Ok(detectors) => detectors,
        Err(missing) => {
            let what = format!("which GuardDuty protection plans are enabled in {region} of account {label}");
            out.inconclusive(location, &what, &missing);
            return;
        }
    };
    if detectors.is_empty() {
        if needed.is_empty() {
            if let Some((_, missing)) = unknown.first() {
                let what = format!("which resources need GuardDuty protection plans in {region} of account {label}");
                out.inconclusive(location, &what, missing);
            }
            return;
        }
        let resources: Vec<&str> = needed.iter().map(|(_, what)| what.as_str()).collect();
        out.fail(
            location,
            format_args!(
                "Region {region} of account {label} has {} but {}, so no GuardDuty protection plan watches them.",
                and_list(&resources),
                guardduty::why_not_enabled(facts)
            ),
        );
        return;
    }
    let on = |need: &Need| need.plans.iter().any(|plan| plan_on(&detectors, plan));
    let off: Vec<String> = needed
        .iter()
        .filter(|(need, _)| !on(need))
        .map(|(need, what)| {
            let agentless = need.plans.contains(&guardduty::RUNTIME)
                && guardduty::plan_enabled(&detectors, guardduty::RUNTIME);
            if agentless {
                let others: Vec<&str> =
                    need.plans.iter().copied().filter(|plan| *plan != guardduty::RUNTIME).collect();
                format!(
                    "{} is off and {} has its EC2 agent management disabled though the region has {what}, so no agent runs on them unless installed by hand",
                    others.join(" or "),
                    guardduty::RUNTIME
                )
            } else {
                format!("{} is off though the region has {what}", need.plans.join(" or "))
            }
        })
        .collect();
    if !off.is_empty() {
        out.fail(location, format_args!("In {region} of account {label}, GuardDuty {}.", and_list(&off)));
        return;
    }
    if let Some((need, missing)) = unknown.iter().find(|(need, _)| !on(need)) {
        let what = format!("whether GuardDuty needs {} in {region} of account {label}", need.plans.join(" or "));
        out.inconclusive(location, &what, missing);
        return;
    }
    let covered: Vec<String> = needed
        .iter()
        .map(|(need, what)| {
            let plans: Vec<&str> = need.plans.iter().copied().filter(|p| plan_on(&detectors, p)).collect();
            format!("{} for its {what}", plans.join(" and "))
        })
        .collect();
    if covered.is_empty() {
        out.pass(
            location,
            format_args!("Every GuardDuty protection plan needed in {region} of account {label} is enabled."),
        );
    } else {
        out.pass(
            location,
            format_args!("In {region} of account {label}, GuardDuty has {} enabled.", and_list(&covered)),
        );
    }
}

/// Whether the plan is on and does its job: Runtime Monitoring counts for EC2 instances only
/// with its EC2 agent management (see [`guardduty::runtime_covers_ec2`]).
fn plan_on(detectors: &[&GuardDutyDetector], plan: &str) -> bool {
    if plan == guardduty::RUNTIME {
        detectors.iter().any(|d| guardduty::runtime_covers_ec2(d))
    } else {
        guardduty::plan_enabled(detectors, plan)
    }
}

/// "1 S3 bucket", "3 S3 buckets".
fn counted(count: usize, plural: &str) -> String {
    match (count, plural.strip_suffix('s')) {
        (1, Some(singular)) => format!("1 {singular}"),
        _ => format!("{count} {plural}"),
    }
}

#[cfg(test)]
mod tests {
    use super::{counted, rds_protection_covers};

    #[test]
    fn rds_protection_watches_aurora_and_postgres_only() {
        assert!(rds_protection_covers("aurora-mysql"));
        assert!(rds_protection_covers("aurora-postgresql"));
        assert!(rds_protection_covers("postgres"));
        assert!(!rds_protection_covers("mysql"));
        assert!(!rds_protection_covers("oracle-ee"));
    }

    #[test]
    fn one_resource_is_singular() {
        assert_eq!(counted(1, "S3 buckets"), "1 S3 bucket");
        assert_eq!(counted(2, "S3 buckets"), "2 S3 buckets");
    }
}
