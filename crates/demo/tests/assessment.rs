//! The demo organization tells the whole story: every status, denied evidence, an expired answer,
//! an applied and an expired exception, and real evidence for every check.

use maturity_assess::{Assessment, Status};
use maturity_checks::{CHECKS, FindingStatus};
use maturity_evidence::Bundle;

fn demo() -> Assessment {
    maturity_demo::assessment().unwrap_or_else(|e| panic!("the demo does not assess: {e}"))
}

#[test]
fn the_demo_files_parse() {
    let bundle = Bundle::from_json("demo/evidence.json", maturity_demo::EVIDENCE_JSON);
    assert!(bundle.is_ok(), "{bundle:?}");
    let assessment = demo();
    assert_eq!(assessment.as_of, maturity_demo::as_of());
    assert_eq!(assessment.evidence.organization_id.as_deref(), Some("o-demo4example"));
    assert_eq!(assessment.evidence.accounts, 6);
}

#[test]
fn every_control_status_appears() {
    let assessment = demo();
    for status in Status::ALL {
        let count = assessment.aws_smm.status_counts.get(&status).copied().unwrap_or(0);
        assert!(count > 0, "no control is {status}: {:?}", assessment.aws_smm.status_counts);
    }
}

#[test]
fn some_evidence_was_denied() {
    let coverage = demo().evidence.coverage;
    assert!(coverage.denied > 0, "{coverage:?}");
    assert!(coverage.ok > coverage.denied, "{coverage:?}");
}

#[test]
fn exactly_one_answer_has_expired() {
    let answers = demo().answers;
    let expired: Vec<&str> = answers.expired.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(expired.len(), 1, "{expired:?}");
    assert!(!answers.used.iter().any(|id| id == expired[0]), "an expired answer was used: {:?}", answers.used);
}

#[test]
fn one_exception_applies_to_a_failed_finding_and_one_has_expired() {
    let assessment = demo();
    let exceptions = &assessment.exceptions;
    assert_eq!(exceptions.applied.len(), 1, "{exceptions:?}");
    assert!(exceptions.applied[0].findings > 0, "{exceptions:?}");
    assert_eq!(exceptions.expired.len(), 1, "{exceptions:?}");
    assert!(exceptions.unused.is_empty(), "{exceptions:?}");
    let excepted: Vec<_> = assessment.findings.iter().filter(|f| f.excepted_by.is_some()).collect();
    assert!(!excepted.is_empty());
    assert!(excepted.iter().all(|f| f.finding.status == FindingStatus::Fail), "{excepted:?}");
}

/// A check the demo has no evidence for would show the reader nothing: it must pass or fail
/// somewhere, or find nothing in scope in an account it read (an account without RDS
/// instances, for example). If this fails for a new check, add the facts it reads
/// to `crates/demo/data/evidence.json`.
#[test]
fn every_check_reads_real_evidence_in_the_demo() {
    let bundle = Bundle::from_json("demo/evidence.json", maturity_demo::EVIDENCE_JSON)
        .unwrap_or_else(|e| panic!("the demo evidence does not parse: {e}"));
    let idle: Vec<&str> = CHECKS
        .iter()
        .filter(|check| {
            !maturity_checks::run(**check, &bundle).iter().any(|f| match f.status {
                FindingStatus::Pass | FindingStatus::Fail => true,
                FindingStatus::NotApplicable => f.location.account_id.is_some(),
                FindingStatus::Inconclusive => false,
            })
        })
        .map(|check| check.meta().id)
        .collect();
    assert!(idle.is_empty(), "checks with nothing to say about the demo: {idle:?}");
}

#[test]
fn the_demo_is_reproducible() {
    assert_eq!(demo(), demo());
}
