//! `--save` and `maturity history`: two demo runs saved in a database of their own are listed,
//! newest first, as a table and as JSON; an empty or missing database lists nothing.

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
fn two_saved_demos_are_two_rows_of_history() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let db = tmp.path().join("data").join("maturity.db");
    // `--db` wins over `MATURITY_DB`, which points elsewhere here.
    let elsewhere = tmp.path().join("elsewhere.db");
    for run in ["one", "two"] {
        let demo = maturity(&["demo", "--out", s(&tmp.path().join(run)), "--save", "--db", s(&db)], &elsewhere);
        let stderr = String::from_utf8_lossy(&demo.stderr);
        assert!(stderr.contains("saved assessment"), "{stderr}");
    }
    assert!(db.is_file(), "the database was not created");
    assert!(!elsewhere.exists(), "--db must win over MATURITY_DB");

    let table = String::from_utf8_lossy(&maturity(&["history", "--db", s(&db)], &elsewhere).stdout).into_owned();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "a header and two rows:\n{table}");
    assert!(lines[0].starts_with("ID"), "{table}");
    assert!(lines[1].starts_with('2') && lines[2].starts_with('1'), "newest first:\n{table}");
    for row in &lines[1..] {
        assert!(row.contains("2026-11-20") && row.contains("phase "), "{table}");
    }

    // The environment variable alone names the database too.
    let json = maturity(&["history", "--format", "json"], &db);
    let rows: Value = serde_json::from_slice(&json.stdout).unwrap_or_else(|e| panic!("history JSON: {e}"));
    let rows = rows.as_array().unwrap_or_else(|| panic!("an array: {rows}"));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], 2);
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
