//! `--save`, `maturity history` and `maturity diff` on saved assessments: the demo's two quarters
//! saved in a database of their own are listed newest first, as a table and as JSON, and diffed by
//! id and by default; an empty or missing database lists nothing and is not created.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn maturity(args: &[&str], db: &Path) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_maturity"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("MATURITY_DB", db)
        .output()
        .unwrap_or_else(|e| panic!("cannot run maturity: {e}"));
    assert!(
        output.status.success(),
        "maturity {args:?} failed\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap_or_default()
}

#[test]
fn the_saved_demo_is_two_quarters_of_history() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let db = tmp.path().join("data").join("maturity.db");
    // `--db` wins over `MATURITY_DB`, which points elsewhere here.
    let elsewhere = tmp.path().join("elsewhere.db");
    let demo = maturity(&["demo", "--out", s(&tmp.path().join("demo")), "--save", "--db", s(&db)], &elsewhere);
    let stderr = String::from_utf8_lossy(&demo.stderr);
    assert!(stderr.contains("saved assessment 1") && stderr.contains("saved assessment 2"), "{stderr}");
    assert!(db.is_file(), "the database was not created");
    assert!(!elsewhere.exists(), "--db must win over MATURITY_DB");

    let table = String::from_utf8_lossy(&maturity(&["history", "--db", s(&db)], &elsewhere).stdout).into_owned();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "a header and two rows:\n{table}");
    assert!(lines[0].starts_with("ID"), "{table}");
    // Newest first, each dated when its evidence was collected and judged on its own day.
    assert!(
        lines[1].starts_with("2 ") && lines[1].contains("2026-11-02") && lines[1].contains("2026-11-20"),
        "{table}"
    );
    assert!(
        lines[2].starts_with("1 ") && lines[2].contains("2026-08-03") && lines[2].contains("2026-08-21"),
        "{table}"
    );
    assert!(lines[1].contains("14 met") && lines[2].contains("10 met"), "a quarter of progress:\n{table}");

    // The environment variable alone names the database too.
    let json = maturity(&["history", "--format", "json"], &db);
    let rows: Value = serde_json::from_slice(&json.stdout).unwrap_or_else(|e| panic!("history JSON: {e}"));
    let rows = rows.as_array().unwrap_or_else(|| panic!("an array: {rows}"));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], 2);
    assert_eq!(rows[0]["controls_met"], 14);
    assert_eq!(rows[1]["controls_met"], 10);
    assert_eq!(rows[1]["accounts"], 6);
    assert_eq!(rows[1]["organization_id"], "o-demo4example");
}

#[test]
fn history_of_a_missing_database_is_empty_and_creates_nothing() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let db = tmp.path().join("none.db");
    let table = maturity(&["history"], &db);
    assert!(String::from_utf8_lossy(&table.stdout).contains("No saved assessments"));
    let json = maturity(&["history", "--format", "json"], &db);
    assert_eq!(String::from_utf8_lossy(&json.stdout).trim(), "[]");
    assert!(!db.exists());
}

#[test]
fn a_file_that_is_not_a_database_is_an_error() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let db = tmp.path().join("notes.txt");
    std::fs::write(&db, "not a database\n".repeat(100)).unwrap_or_else(|e| panic!("write: {e}"));
    let output = Command::new(env!("CARGO_BIN_EXE_maturity"))
        .args(["history", "--db", s(&db)])
        .output()
        .unwrap_or_else(|e| panic!("cannot run maturity: {e}"));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot open the database") && stderr.contains("notes.txt"), "{stderr}");
}

#[test]
fn diff_compares_saved_assessments_by_id_and_the_two_newest_by_default() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let db = tmp.path().join("maturity.db");

    let none = Command::new(env!("CARGO_BIN_EXE_maturity"))
        .args(["diff", "--db", s(&db)])
        .output()
        .unwrap_or_else(|e| panic!("cannot run maturity: {e}"));
    assert_eq!(none.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&none.stderr);
    assert!(stderr.contains("holds 0 saved assessment") && stderr.contains("maturity.db"), "{stderr}");
    assert!(!db.exists(), "diff must not create a database");

    maturity(&["demo", "--out", s(&tmp.path().join("demo")), "--save"], &db);
    let demo_file = tmp.path().join("demo").join("assessment.json");
    let saved_ids: Vec<i64> = serde_json::from_slice::<Value>(&maturity(&["history", "--format", "json"], &db).stdout)
        .unwrap_or_else(|e| panic!("history JSON: {e}"))
        .as_array()
        .map(|rows| rows.iter().filter_map(|r| r["id"].as_i64()).collect())
        .unwrap_or_default();
    assert!(saved_ids.len() >= 2, "the demo saves two quarters: {saved_ids:?}");
    let (latest, previous) = (saved_ids[0], saved_ids[1]);

    let by_default = String::from_utf8_lossy(&maturity(&["diff", "--format", "json"], &db).stdout).into_owned();
    let by_id = maturity(&["diff", &previous.to_string(), &latest.to_string(), "--format", "json"], &db);
    assert_eq!(by_default, String::from_utf8_lossy(&by_id.stdout), "the default is the two newest");
    let changes: Value = serde_json::from_str(&by_default).unwrap_or_else(|e| panic!("diff JSON: {e}"));
    let controls = changes["controls"].as_array().map_or(0, Vec::len);
    assert!(controls > 0, "a quarter apart, some controls moved:\n{by_default}");

    // The newest saved assessment is the demo's current one: against its own file, no change.
    let same = maturity(&["diff", s(&demo_file)], &db);
    assert!(String::from_utf8_lossy(&same.stdout).contains("No change"), "{}", String::from_utf8_lossy(&same.stdout));

    let missing = Command::new(env!("CARGO_BIN_EXE_maturity"))
        .args(["diff", "999", &latest.to_string(), "--db", s(&db)])
        .output()
        .unwrap_or_else(|e| panic!("cannot run maturity: {e}"));
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains("no saved assessment has id 999"), "{stderr}");
}
