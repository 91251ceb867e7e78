//! `maturity report`, `maturity schema` and `assess --report-dir`: reports from a saved
//! assessment, the same bytes whichever way they are made, and one-line errors for files that
//! are not assessments of this version.

mod support;

use std::path::Path;

use serde_json::Value;
use support::{maturity, ok, s};

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

#[test]
fn demo_and_assess_report_dir_write_every_report_and_report_renders_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let demo = tmp.path().join("demo");
    ok(&["demo", "--out", s(&demo)]);
    // Every format's file (their names are held by the report crate's `write_all_writes_every_format`).
    let reports = maturity_report::Format::ALL.map(maturity_report::Format::file_name);
    for name in reports {
        assert!(demo.join(name).is_file(), "demo did not write {name}");
    }

    let assessed = tmp.path().join("assessed");
    ok(&[
        "assess",
        "--evidence",
        s(&demo.join("evidence.json")),
        "--answers",
        s(&demo.join("answers.toml")),
        "--exceptions",
        s(&demo.join("exceptions.toml")),
        "--as-of",
        "2026-11-20",
        "--report-dir",
        s(&assessed),
    ]);
    for name in reports {
        assert_eq!(read(&assessed.join(name)), read(&demo.join(name)), "{name} differs");
    }

    let assessment = demo.join("assessment.json");
    for (format, name) in [
        ("html", "report.html"),
        ("markdown", "report.md"),
        ("csv-controls", "controls.csv"),
        ("csv-findings", "findings.csv"),
        ("json", "assessment.json"),
        ("oscal-ar", "assessment-results.oscal.json"),
        ("junit", "junit.xml"),
        ("ocsf", "findings.ocsf.jsonl"),
        ("asff", "findings.asff.jsonl"),
    ] {
        let out = tmp.path().join(format!("again-{name}"));
        ok(&["report", s(&assessment), "--format", format, "--out", s(&out)]);
        assert_eq!(read(&out), read(&demo.join(name)), "report --format {format}");
    }
    let stdout = ok(&["report", s(&assessment), "--format", "markdown"]).stdout;
    assert_eq!(stdout, read(&demo.join("report.md")));
}

#[test]
fn schema_prints_the_json_schema_of_the_assessment() {
    let output = ok(&["schema"]);
    let schema: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("not JSON: {e}"));
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    for field in ["schema_version", "aws_smm", "csmm", "roadmap", "findings", "exceptions", "answers"] {
        assert!(schema["properties"].get(field).is_some(), "no {field}");
    }
}

#[test]
fn report_refuses_other_versions_and_other_files_in_one_line() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (text, expected) in [
        (
            r#"{"schema_version": 99}"#,
            "assessment.json: schema_version: written by a newer maturity (schema 99); upgrade",
        ),
        (r#"{"schema_version": 0}"#, "assessment schema version 0 is not the one this build"),
        (r#"{"schema_version": 1, "accounts": []}"#, "missing field"),
        ("{}", "not an assessment"),
        ("not json", "assessment.json:1"),
    ] {
        let path = tmp.path().join("assessment.json");
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        let output = maturity(&["report", s(&path), "--format", "html"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{text}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{text}: {stderr}");
        assert!(stderr.contains(expected), "{text}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn report_formats_limits_what_assess_writes_into_the_report_dir() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let demo = tmp.path().join("demo");
    ok(&["demo", "--out", s(&demo)]);
    let assessed = tmp.path().join("assessed");
    ok(&[
        "assess",
        "--evidence",
        s(&demo.join("evidence.json")),
        "--as-of",
        "2026-11-20",
        "--report-dir",
        s(&assessed),
        "--report-formats",
        "html,junit",
    ]);
    let mut written: Vec<String> = std::fs::read_dir(&assessed)
        .unwrap_or_else(|e| panic!("read_dir: {e}"))
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["junit.xml", "report.html"]);
    let refused = maturity(&["assess", "--evidence", s(&demo.join("evidence.json")), "--report-formats", "html"]);
    assert!(!refused.status.success(), "--report-formats without --report-dir is refused");
}
