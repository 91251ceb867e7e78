//! Every kind of fact a bundle can hold, named by a path: `organization.policies`,
//! `account.iam_roles`, `region.ec2_vpcs`.
//!
//! Checks declare the facts they read by these paths (`maturity explain` and the OSCAL
//! observations show them with their API calls), and the checks' tests deny each fact in turn
//! ([`Bundle::deny_values`]) to hold those declarations to what the checks really read.

use std::fmt;

use crate::{AccountEvidence, Bundle, FactInfo, GlobalFacts, OrganizationFacts, RegionFacts};

/// Where in a bundle a fact lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FactLevel {
    /// Once per scan: [`OrganizationFacts`].
    Organization,
    /// Once per account: [`GlobalFacts`].
    Account,
    /// Once per account and region: [`RegionFacts`].
    Region,
}

impl FactLevel {
    /// Every level, outermost first.
    pub const ALL: [FactLevel; 3] = [FactLevel::Organization, FactLevel::Account, FactLevel::Region];

    /// The first part of a path: `organization`, `account` or `region`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            FactLevel::Organization => "organization",
            FactLevel::Account => "account",
            FactLevel::Region => "region",
        }
    }

    /// The facts of this level, in declaration order.
    #[must_use]
    pub fn facts(self) -> &'static [FactInfo] {
        match self {
            FactLevel::Organization => OrganizationFacts::FACTS,
            FactLevel::Account => GlobalFacts::FACTS,
            FactLevel::Region => RegionFacts::FACTS,
        }
    }
}

/// One kind of fact and its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactPath {
    /// Where it lives.
    pub level: FactLevel,
    /// Its name and API calls.
    pub info: &'static FactInfo,
}

impl FactPath {
    /// The fact at `path` (`region.ec2_vpcs`), if there is one.
    #[must_use]
    pub fn parse(path: &str) -> Option<FactPath> {
        let (level, name) = path.split_once('.')?;
        let level = FactLevel::ALL.into_iter().find(|l| l.id() == level)?;
        level.facts().iter().find(|f| f.name == name).map(|info| FactPath { level, info })
    }

    /// Every kind of fact, level by level in declaration order.
    pub fn all() -> impl Iterator<Item = FactPath> {
        FactLevel::ALL.into_iter().flat_map(|level| level.facts().iter().map(move |info| FactPath { level, info }))
    }
}

impl fmt::Display for FactPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.level.id(), self.info.name)
    }
}

impl Bundle {
    /// Makes the fact at `path` denied wherever it holds a value (in the organization, in every
    /// account, or in every region of every account), naming `action` as the denied one; `false`
    /// when no fact has that path. Facts already missing stay as they are.
    pub fn deny_values(&mut self, path: &str, action: &str) -> bool {
        let Some(fact) = FactPath::parse(path) else { return false };
        let name = fact.info.name;
        match fact.level {
            FactLevel::Organization => {
                if let Some(organization) = &mut self.organization {
                    organization.deny_value(name, action);
                }
            }
            FactLevel::Account => {
                for account in &mut self.accounts {
                    account.global.deny_value(name, action);
                }
            }
            FactLevel::Region => {
                for region in self.accounts.iter_mut().flat_map(|a| a.regions.values_mut()) {
                    region.deny_value(name, action);
                }
            }
        }
        true
    }
}

impl AccountEvidence {
    /// Keeps only the account's facts at `paths` (the others become not collected): an account
    /// as the checks that read those facts need it, and no more. Organization-level paths are
    /// not the account's and keep nothing here.
    pub fn retain_facts(&mut self, paths: &[FactPath]) {
        // Which facts are kept, decided once for every region.
        let keeps = |level: FactLevel, facts: &[FactInfo]| -> Vec<bool> {
            facts.iter().map(|fact| paths.iter().any(|p| p.level == level && p.info.name == fact.name)).collect()
        };
        self.global.retain_facts(&keeps(FactLevel::Account, GlobalFacts::FACTS));
        let in_regions = keeps(FactLevel::Region, RegionFacts::FACTS);
        for region in self.regions.values_mut() {
            region.retain_facts(&in_regions);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_one_fact_each() {
        let all: Vec<String> = FactPath::all().map(|f| f.to_string()).collect();
        assert!(all.len() > 80, "{}", all.len());
        for path in &all {
            assert_eq!(FactPath::parse(path).map(|f| f.to_string()).as_deref(), Some(path.as_str()));
        }
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), all.len());
        assert_eq!(FactPath::parse("region.nothing"), None);
        assert_eq!(FactPath::parse("ec2_vpcs"), None);
        assert_eq!(FactPath::parse("region.ec2_vpcs").map(|f| f.info.actions), Some(&["ec2:DescribeVpcs"][..]));
    }

    #[test]
    fn every_fact_names_read_only_actions() {
        for fact in FactPath::all() {
            for action in fact.info.actions {
                let (service, name) = action.split_once(':').unwrap_or_default();
                assert!(
                    !service.is_empty() && name.starts_with(char::is_uppercase) || *action == "apigateway:GET",
                    "{fact}: {action}"
                );
            }
        }
    }

    #[test]
    fn an_account_keeps_the_facts_at_the_paths_in_every_region_and_no_other() {
        let json = r#"{"account_id": "111111111111",
            "global": {"budgets": {"ok": []}, "s3_buckets": {"denied": {"action": "s3:ListAllMyBuckets"}}},
            "regions": {
                "eu-west-1": {"ec2_vpcs": {"ok": []}, "kms_keys": {"ok": []}},
                "us-east-1": {"ec2_vpcs": {"failed": {"error": "x"}}, "ec2_volumes": {"ok": []}}}}"#;
        let mut account: AccountEvidence = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
        let paths: Vec<FactPath> = ["account.s3_buckets", "region.ec2_vpcs", "organization.accounts"]
            .iter()
            .filter_map(|p| FactPath::parse(p))
            .collect();
        account.retain_facts(&paths);
        let kept = |facts: Vec<(&'static str, crate::FactState)>| -> Vec<&str> {
            facts.into_iter().filter(|(_, state)| *state != crate::FactState::NotCollected).map(|(n, _)| n).collect()
        };
        assert_eq!(kept(account.global.fact_states()), ["s3_buckets"]);
        for (name, region) in &account.regions {
            assert_eq!(kept(region.fact_states()), ["ec2_vpcs"], "{name}");
        }
    }
}
