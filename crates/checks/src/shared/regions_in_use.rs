//! Whether a region of an account is in use: it runs workloads. Controls such as "Config in every
//! region in use" judge only those regions; a region whose workload facts could not be read is
//! neither in use nor idle, and says why.
//!
//! Each workload fact is one probe in [`PROBES`]; a new kind of workload is one more line.

use maturity_evidence::{Missing, RegionFacts};

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
    ("running EC2 instances", |f| f.ec2_instances.get().map(|v| v.iter().filter(|i| i.is_running()).count())),
    ("EBS volumes", |f| f.ec2_volumes.get().map(Vec::len)),
    ("RDS DB instances", |f| f.rds_db_instances.get().map(Vec::len)),
];

/// Whether the region runs workloads.
pub(crate) fn region_use(facts: &RegionFacts) -> RegionUse<'_> {
    let mut found = Vec::new();
    let mut unread = None;
    for (kind, probe) in PROBES {
        match probe(facts) {
            Ok(0) => {}
            Ok(count) => found.push((*kind, count)),
            Err(missing) => {
                unread.get_or_insert(missing);
            }
        }
    }
    match (found.is_empty(), unread) {
        (false, _) => RegionUse::InUse(found),
        (true, Some(missing)) => RegionUse::Unknown(missing),
        (true, None) => RegionUse::Idle,
    }
}

/// "3 running EC2 instances and 2 EBS volumes".
pub(crate) fn describe(workloads: &[(&'static str, usize)]) -> String {
    let parts: Vec<String> = workloads.iter().map(|(kind, count)| format!("{count} {kind}")).collect();
    super::prose::and_list(&parts)
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
            ..RegionFacts::default()
        };
        assert_eq!(region_use(&facts), RegionUse::Idle);
    }
}
