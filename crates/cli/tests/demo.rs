//! `maturity demo`: it writes the demo's inputs and assessment, and `maturity assess` on the
//! written inputs gives the same assessment and the same summary.

mod support;

use support::{json, ok, s};

#[test]
fn demo_writes_inputs_that_assess_to_the_same_assessment() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let dir = tmp.path().join("northwind");
    let demo = ok(&["demo", "--out", s(&dir)]);
    for name in ["evidence.json", "answers.toml", "exceptions.toml", "assessment.json"] {
        assert!(dir.join(name).is_file(), "{name} was not written");
    }
    let summary = String::from_utf8_lossy(&demo.stdout);
    assert!(summary.contains("Evidence of o-demo4example (6 accounts, 3 regions)"), "{summary}");

    let again = tmp.path().join("again.json");
    let assess = ok(&[
        "assess",
        "--evidence",
        s(&dir.join("evidence.json")),
        "--answers",
        s(&dir.join("answers.toml")),
        "--exceptions",
        s(&dir.join("exceptions.toml")),
        "--as-of",
        "2026-11-20",
        "--out",
        s(&again),
    ]);
    assert!(json(&again) == json(&dir.join("assessment.json")), "the assessments differ");
    assert_eq!(String::from_utf8_lossy(&assess.stdout), summary);
}

#[test]
fn demo_creates_nested_directories_and_replaces_its_own_files() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let dir = tmp.path().join("a/b");
    ok(&["demo", "--out", s(&dir)]);
    std::fs::write(dir.join("answers.toml"), "edited").unwrap_or_else(|e| panic!("write: {e}"));
    ok(&["demo", "--out", s(&dir)]);
    let answers = std::fs::read_to_string(dir.join("answers.toml")).unwrap_or_default();
    assert!(answers.contains("[[answer]]"), "{answers}");
}
