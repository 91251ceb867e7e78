//! The OCSF events validated against the OCSF schema of the version they declare, as generated
//! by ocsf-json-schema (PyPI) and checked by jsonschema (PyPI): every attribute defined by the
//! Compliance Finding class, of the right type and value, nothing it does not define. Broken
//! events are rejected, so the check cannot pass by accident.

mod support;

use maturity_report::ocsf::{self, OCSF_VERSION};
use serde_json::Value;
use support::python::{accepts, rejects};
use support::{catalogs, demo};

/// A way to break an event, and what it breaks.
type Break = (&'static str, fn(&mut Value));

fn write_lines(dir: &tempfile::TempDir, events: &[Value]) -> String {
    let path = dir.path().join("findings.ocsf.jsonl");
    let text: String = events.iter().map(|e| format!("{e}\n")).collect();
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path.to_string_lossy().into_owned()
}

#[test]
fn the_demo_events_follow_the_ocsf_schema_they_declare() {
    let assessment = demo();
    let events = ocsf::events(&assessment, catalogs());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let summary = accepts("ocsf.py", &[&write_lines(&dir, &events), OCSF_VERSION]);
    let summary: Value = serde_json::from_str(&summary).unwrap_or_else(|e| panic!("ocsf.py printed {summary:?}: {e}"));
    assert_eq!(summary["events"], events.len());
    assert_eq!(summary["classes"]["2003"], events.len(), "every event is a Compliance Finding");
    assert_eq!(summary["uids"], events.len(), "finding uids are unique");
    let failing = assessment.findings.iter().filter(|f| f.finding.status.id() == "fail").count();
    assert!(summary["statuses"]["Fail"].as_u64().unwrap_or(0) >= failing as u64, "{summary}");
    assert!(summary["statuses"]["Warning"].as_u64().unwrap_or(0) > 0, "{summary}");
}

#[test]
fn the_same_assessment_gives_the_same_events() {
    let first = ocsf::render(&demo(), catalogs()).unwrap_or_else(|e| panic!("{e}"));
    let second = ocsf::render(&demo(), catalogs()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first, second);
}

#[test]
fn the_validator_rejects_broken_events() {
    let events = ocsf::events(&demo(), catalogs());
    let first = events.first().cloned().unwrap_or_else(|| panic!("no events"));
    let breaks: [Break; 5] = [
        ("an attribute the class does not define", |e| e["maturity_score"] = 3.into()),
        ("a severity_id outside its enumeration", |e| e["severity_id"] = 7.into()),
        ("no compliance object", |e| {
            e.as_object_mut().map(|o| o.remove("compliance"));
        }),
        ("a compliance status of the wrong type", |e| e["compliance"]["status_id"] = "Fail".into()),
        ("another OCSF version declared", |e| e["metadata"]["version"] = "1.1.0".into()),
    ];
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (what, broken) in breaks {
        let mut event = first.clone();
        broken(&mut event);
        assert_ne!(event, first, "{what}: the event was not broken");
        let why = rejects("ocsf.py", &[&write_lines(&dir, &[event]), OCSF_VERSION]);
        assert!(why.contains("line 1"), "{what}: {why}");
    }
}
