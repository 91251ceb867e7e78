//! `junit.xml` read by junitparser (PyPI), a JUnit reader we did not write: the demo's report
//! parses, its counts agree with its cases, and the cases that fail are exactly the controls and
//! objectives whose status the options fail on. A broken file is rejected, so the check cannot
//! pass by accident.

mod support;

use std::collections::BTreeSet;

use maturity_assess::Status;
use maturity_report::junit::{self, Options};
use support::python::{accepts, rejects};
use support::{catalogs, demo};

/// Writes `text` to a temporary file and runs the JUnit validator on it.
fn read_back(text: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("junit.xml");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    let summary = accepts("junit.py", &[&path.to_string_lossy()]);
    serde_json::from_str(&summary).unwrap_or_else(|e| panic!("junit.py printed {summary:?}: {e}"))
}

/// How many controls and objectives of the demo have a status in `statuses`.
fn count(statuses: &BTreeSet<Status>) -> u64 {
    let assessment = demo();
    let controls = assessment.aws_smm.controls.iter().filter(|c| statuses.contains(&c.status)).count();
    let objectives = assessment.csmm.objectives.iter().filter(|o| statuses.contains(&o.status)).count();
    u64::try_from(controls + objectives).unwrap_or(u64::MAX)
}

#[test]
fn junitparser_reads_the_demo_with_one_case_per_control_and_objective() {
    let assessment = demo();
    let options = Options::default();
    let summary = read_back(&junit::render(&assessment, catalogs(), &options));
    let objectives = catalogs().csmm.objectives().count() as u64;
    assert_eq!(summary["tests"], 74 + objectives);
    assert_eq!(summary["suites"], 10 + 12);
    assert_eq!(summary["errors"], 0);
    assert_eq!(summary["failures"], count(&BTreeSet::from([Status::NotMet])));
    assert_eq!(summary["skipped"], count(&BTreeSet::from([Status::NotApplicable, Status::Unknown])));
    let failed: Vec<&str> = summary["failed"].as_array().into_iter().flatten().filter_map(|v| v.as_str()).collect();
    let not_met: Vec<String> =
        assessment.aws_smm.controls.iter().filter(|c| c.status == Status::NotMet).map(|c| c.id.clone()).collect();
    for id in &not_met {
        assert!(failed.iter().any(|name| name.starts_with(&format!("{id}: "))), "{id} does not fail");
    }
}

#[test]
fn partial_and_unknown_fail_when_asked() {
    let fail_on = BTreeSet::from([Status::NotMet, Status::Partial, Status::Unknown]);
    let options = Options { fail_on: fail_on.clone() };
    let summary = read_back(&junit::render(&demo(), catalogs(), &options));
    assert_eq!(summary["failures"], count(&fail_on));
    assert_eq!(summary["skipped"], count(&BTreeSet::from([Status::NotApplicable])));
}

#[test]
fn names_from_aws_cannot_break_the_xml() {
    let mut assessment = demo();
    let hostile = "</failure><testcase name=\"x\"/>&\u{1}\"'";
    for control in &mut assessment.aws_smm.controls {
        control.reasons.insert(0, hostile.to_owned());
    }
    for finding in &mut assessment.findings {
        finding.finding.location.resource = Some(hostile.to_owned());
    }
    let summary = read_back(&junit::render(&assessment, catalogs(), &Options::default()));
    assert_eq!(summary["failures"], count(&BTreeSet::from([Status::NotMet])));
}

#[test]
fn the_validator_rejects_broken_junit() {
    let good = junit::render(&demo(), catalogs(), &Options::default());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let cases = [
        ("cut short", good[..good.len() / 2].to_owned()),
        ("a suite's count is wrong", good.replacen(" failures=\"1\"", " failures=\"2\"", 2)),
        ("not JUnit", "<?xml version=\"1.0\"?><report/>".to_owned()),
    ];
    for (what, text) in cases {
        assert_ne!(text, good, "{what}: the document was not broken");
        let path = dir.path().join("broken.xml");
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        let why = rejects("junit.py", &[&path.to_string_lossy()]);
        assert!(!why.is_empty(), "{what}: rejected without saying why");
    }
}
