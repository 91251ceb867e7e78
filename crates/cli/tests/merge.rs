//! `maturity merge`: the shards of one sharded scan become one bundle; shards that do not make
//! one scan exactly are refused with one line naming the file. The emulator test
//! (crates/collect/tests/shards.rs) merges real shard scans; these use small hand-made shards.

mod support;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use support::{maturity, s, stderr};

const ACCOUNTS: [&str; 3] = ["123456789012", "111111111111", "222222222222"];

/// Shard `index` of 2 of one scan of organization `o-aaa`: accounts 0 and 2 in shard 1 (with the
/// organization facts), account 1 in shard 2.
fn shard(index: u32) -> Value {
    let held: Vec<&str> = if index == 1 { vec![ACCOUNTS[0], ACCOUNTS[2]] } else { vec![ACCOUNTS[1]] };
    let mut bundle = json!({
        "schema_version": 2,
        "collector": {"tool": "maturity", "version": "0.1.0", "collected_at": format!("2026-12-01T10:0{index}:00Z")},
        "scope": {
            "organization_id": "o-aaa",
            "management_account_id": ACCOUNTS[0],
            "accounts": held,
            "regions": [if index == 1 { "eu-west-1" } else { "us-east-1" }]
        },
        "accounts": held.iter().map(|id| json!({"account_id": id, "regions": {}})).collect::<Vec<_>>(),
        "api_calls": {"ec2:DescribeVpcs": 2},
        "shard": {
            "index": index,
            "count": 2,
            "scan_id": "run-7",
            "regions": "enabled",
            "organization_accounts": ACCOUNTS
        }
    });
    if index == 1 {
        bundle["organization"] = json!({"organization": {"ok": {
            "id": "o-aaa", "management_account_id": ACCOUNTS[0], "feature_set": "ALL", "root_id": "r-1"
        }}});
    }
    bundle
}

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Self {
        Self(tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}")))
    }

    fn write(&self, name: &str, bundle: &Value) -> PathBuf {
        let path = self.0.path().join(name);
        std::fs::write(&path, bundle.to_string()).unwrap_or_else(|e| panic!("write {name}: {e}"));
        path
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }
}

/// Runs `merge` on these files and returns its one error line.
fn merge_error(files: &[&Path], dir: &Dir) -> String {
    let out = dir.path("merged.json");
    let mut args = vec!["merge"];
    args.extend(files.iter().map(|f| s(f)));
    args.extend(["--out", s(&out)]);
    let output = maturity(&args);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(!out.exists(), "nothing is written when the shards do not merge");
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err
}

#[test]
fn the_shards_of_one_scan_merge_into_an_unsharded_bundle_that_assess_reads() {
    let dir = Dir::new();
    let (one, two) = (dir.write("b1.json", &shard(1)), dir.write("b2.json", &shard(2)));
    let out = dir.path("bundle.json");
    let output = maturity(&["merge", s(&two), s(&one), "--out", s(&out)]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("2 shards of scan run-7, 3 accounts, 2 regions, 4 API calls"),
        "{}",
        stderr(&output)
    );

    let merged: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(merged.get("shard").is_none(), "an ordinary bundle: {merged}");
    let ids: Vec<&str> =
        merged["accounts"].as_array().into_iter().flatten().filter_map(|a| a["account_id"].as_str()).collect();
    assert_eq!(ids, ACCOUNTS, "in the organization's order, as an unsharded scan lists them");
    assert_eq!(merged["scope"]["accounts"], json!(ACCOUNTS));
    assert_eq!(merged["scope"]["regions"], json!(["eu-west-1", "us-east-1"]));
    assert_eq!(merged["api_calls"]["ec2:DescribeVpcs"], 4);
    assert_eq!(merged["collector"]["collected_at"], "2026-12-01T10:01:00Z", "the earliest start");
    assert_eq!(merged["organization"]["organization"]["ok"]["id"], "o-aaa");

    let assess = maturity(&["assess", "--evidence", s(&out), "--as-of", "2026-12-02"]);
    assert!(assess.status.success(), "{}", stderr(&assess));
}

#[test]
fn a_missing_or_doubled_shard_is_refused() {
    let dir = Dir::new();
    let (one, two) = (dir.write("b1.json", &shard(1)), dir.write("b2.json", &shard(2)));
    assert_eq!(merge_error(&[&one], &dir), "error: shard 2/2 of scan run-7 is missing: no file given is that shard\n");
    let again = dir.write("again.json", &shard(2));
    let err = merge_error(&[&one, &two, &again], &dir);
    assert!(err.starts_with("error: shard 2/2 is given twice: ") && err.contains("b2.json and "), "{err}");
}

#[test]
fn a_shard_of_another_organization_or_run_is_refused_naming_the_file() {
    let dir = Dir::new();
    let one = dir.write("b1.json", &shard(1));
    let mut foreign = shard(2);
    foreign["scope"]["organization_id"] = json!("o-bbb");
    let foreign = dir.write("foreign.json", &foreign);
    let err = merge_error(&[&one, &foreign], &dir);
    assert!(
        err.contains("foreign.json: scope.organization_id is `o-bbb`, but ")
            && err.contains("b1.json has `o-aaa`: these are not shards of one scan (organization differs)"),
        "{err}"
    );
    let mut later = shard(2);
    later["shard"]["scan_id"] = json!("run-8");
    let later = dir.write("later.json", &later);
    let err = merge_error(&[&one, &later], &dir);
    assert!(err.contains("later.json: shard.scan_id is `run-8`") && err.contains("(scan id differs)"), "{err}");
}

#[test]
fn an_unsharded_bundle_is_not_merged_and_a_shard_is_not_assessed() {
    let dir = Dir::new();
    let one = dir.write("b1.json", &shard(1));
    let mut whole = shard(1);
    whole.as_object_mut().map(|o| o.remove("shard"));
    let whole = dir.write("whole.json", &whole);
    let err = merge_error(&[&one, &whole], &dir);
    assert!(err.contains("whole.json: not a shard bundle"), "{err}");

    let assess = maturity(&["assess", "--evidence", s(&one), "--as-of", "2026-12-02"]);
    assert_eq!(assess.status.code(), Some(2), "{}", stderr(&assess));
    let err = stderr(&assess);
    assert!(
        err.contains("b1.json: shard 1/2 of scan run-7 holds 2 of the organization's 3 in-scope accounts; merge the 2 shards first"),
        "{err}"
    );
}

#[test]
fn a_malformed_shard_file_is_named() {
    let dir = Dir::new();
    let one = dir.write("b1.json", &shard(1));
    let mut bad = shard(2);
    bad["shard"]["index"] = json!("two");
    let bad = dir.write("bad.json", &bad);
    let err = merge_error(&[&one, &bad], &dir);
    assert!(err.contains("bad.json:") && err.contains("shard.index"), "{err}");
}
