//! The README's table of automated controls matches what `maturity catalog aws-smm --format json`
//! prints. `cargo xtask readme` generates the table from the catalog; this checks it against the
//! binary's own output, another path to the same data.

use std::process::Command;

use serde_json::Value;

const START: &str = "<!-- BEGIN automation-table";
const END: &str = "<!-- END automation-table -->";

#[test]
fn readme_automation_table_matches_the_catalog() {
    let output = Command::new(env!("CARGO_BIN_EXE_maturity"))
        .args(["catalog", "aws-smm", "--format", "json"])
        .output()
        .expect("run maturity");
    let controls: Vec<Value> = serde_json::from_slice(&output.stdout).expect("catalog JSON");
    let mut expected =
        vec!["| control | phase | capability | evidence | checks |".to_owned(), "|---|---|---|---|---|".to_owned()];
    for c in &controls {
        let checks: Vec<String> =
            c["checks"].as_array().into_iter().flatten().filter_map(Value::as_str).map(|k| format!("`{k}`")).collect();
        let evidence = match (checks.is_empty(), c["checks_cannot_see"].as_str()) {
            (true, _) => "attested".to_owned(),
            (false, Some(rest)) => format!("partly automated: people attest {rest}"),
            (false, None) => "automated".to_owned(),
        };
        expected.push(format!(
            "| [{}]({}) | {} | {} | {evidence} | {} |",
            c["name"].as_str().unwrap_or_default(),
            c["url"].as_str().unwrap_or_default(),
            c["phase"],
            c["capability"].as_str().unwrap_or_default(),
            checks.join(", ")
        ));
    }
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).expect("README");
    let start = readme.find(START).expect("table start marker");
    let end = readme.find(END).expect("table end marker");
    let actual: Vec<&str> = readme[start..end].lines().skip(1).collect();
    assert_eq!(actual, expected, "the README's automation table is stale: run `cargo xtask readme`");
}
