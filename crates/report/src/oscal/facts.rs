//! The API facts an observation rests on: each check declares the facts of the evidence it
//! reads (`reads` of [`maturity_checks::CheckMeta`], held to what it really reads by the checks'
//! tests). The back matter lists each fact once, with the IAM actions of the calls that gather
//! it; an observation's relevant evidence points there, saying in which account and region the
//! fact was read.

use std::collections::BTreeSet;

use maturity_assess::Assessment;
use maturity_checks::Finding;
use maturity_evidence::{FactLevel, FactPath};

use super::model::{Prop, RelevantEvidence, Resource};
use super::{text, uuid};

/// The back-matter resource of each fact some finding of `assessment` rests on, in the bundle's
/// order of facts.
pub(crate) fn resources(assessment: &Assessment) -> Vec<Resource> {
    let read: BTreeSet<&str> = assessment
        .findings
        .iter()
        .filter_map(|f| maturity_checks::check(&f.finding.check))
        .flat_map(|check| check.meta().reads.iter().copied())
        .collect();
    FactPath::all()
        .filter(|fact| read.contains(fact.to_string().as_str()))
        .map(|fact| {
            let path = fact.to_string();
            let actions = fact.info.actions;
            Resource {
                uuid: resource_uuid(&path),
                title: format!("Evidence fact {path}"),
                description: format!(
                    "What the read-only API calls {} answered, as the evidence bundle holds it (`{path}`). An \
                     observation that rests on it says in which account and region it was read; a denied or \
                     failed call leaves its findings inconclusive.",
                    text::markdown_line(&actions.join(", "))
                ),
                props: Prop::ours("fact", &path)
                    .into_iter()
                    .chain(actions.iter().filter_map(|action| Prop::ours("api-call", action)))
                    .collect(),
                rlinks: Vec::new(),
            }
        })
        .collect()
}

/// The relevant evidence of a check's finding: each fact its check reads, where it was read.
pub(crate) fn evidence(finding: &Finding) -> Vec<RelevantEvidence> {
    let Some(check) = maturity_checks::check(&finding.check) else { return Vec::new() };
    check
        .meta()
        .reads
        .iter()
        .filter_map(|path| FactPath::parse(path))
        .map(|fact| {
            let path = fact.to_string();
            RelevantEvidence {
                href: Some(format!("#{}", resource_uuid(&path))),
                description: format!("`{path}` {}.", text::markdown_line(&read_where(fact.level, finding))),
                // The fact is named by its resource (a `fact` property there): a property on each
                // of thousands of observations would grow the document by a third.
                props: Vec::new(),
            }
        })
        .collect()
}

/// Where the finding's check read a fact of `level`, in words.
fn read_where(level: FactLevel, finding: &Finding) -> String {
    let account = finding.location.account_id.as_deref();
    let region = finding.location.region.as_deref();
    match (level, account, region) {
        (FactLevel::Organization, _, _) => "of the organization".to_owned(),
        (FactLevel::Account, Some(account), _) => format!("of account {account}"),
        (FactLevel::Account, None, _) => "of every account scanned".to_owned(),
        (FactLevel::Region, Some(account), Some(region)) => format!("of account {account} in {region}"),
        (FactLevel::Region, Some(account), None) => format!("of account {account} in every region scanned"),
        (FactLevel::Region, None, _) => "of every account and region scanned".to_owned(),
    }
}

/// The UUID of a fact's back-matter resource: the same in every document.
fn resource_uuid(path: &str) -> String {
    uuid::stable(&format!("fact/{path}/resource"))
}

#[cfg(test)]
mod tests {
    use maturity_checks::{FindingStatus, Location};

    use super::*;

    fn finding(check: &str, location: Location) -> Finding {
        Finding {
            check: check.to_owned().into(),
            status: FindingStatus::Pass,
            location,
            message: "m".to_owned(),
            tags: Default::default(),
        }
    }

    #[test]
    fn a_regional_finding_rests_on_its_checks_facts_where_it_was_read() {
        let location =
            Location { account_id: Some("111111111111".into()), region: Some("eu-west-1".into()), resource: None };
        let evidence = evidence(&finding("guardduty-detector-enabled", location));
        let described: Vec<&str> = evidence.iter().map(|e| e.description.as_str()).collect();
        assert_eq!(
            described,
            [
                "`account.enabled_regions` of account 111111111111.",
                "`region.guardduty_detectors` of account 111111111111 in eu-west-1."
            ]
        );
        assert_eq!(evidence[1].href, Some(format!("#{}", resource_uuid("region.guardduty_detectors"))));
    }

    #[test]
    fn an_unknown_check_rests_on_nothing_named() {
        assert!(evidence(&finding("no-such-check", Location::default())).is_empty());
    }
}
