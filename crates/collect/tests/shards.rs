//! Sharded scans end to end: an emulated organization scanned whole, then by three `maturity
//! scan --shard K/3` processes running at once, merged with `maturity merge`: the merged bundle is
//! the whole scan's, apart from timestamps and call counts. Shards that do not make one scan
//! (one missing, one given twice, one of another organization or run) are refused by name.
//!
//! Like `end_to_end.rs`, this runs the `maturity` binary built beside the tests (`cargo test
//! --workspace`, or `cargo build -p maturity-cli` first).

#![allow(clippy::unwrap_used)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use maturity_evidence::{Bundle, RequestedRegions};
use serde_json::Value;
use support::moto::Moto;
use support::seed::{self, MANAGEMENT};

const ROLE: &str = "OrganizationAccountAccessRole";

/// The `maturity` command with the emulator's credentials and endpoint, nothing from the machine.
fn maturity(args: &[&str], moto: &Moto) -> Command {
    support::binary::maturity(args, &moto.endpoint())
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Starts `scan --org` of the emulated organization in us-east-1 and eu-west-1, with `extra`.
fn start_scan(moto: &Moto, out: &Path, extra: &[&str]) -> Child {
    let mut args = vec!["scan", "--org", "--role", ROLE, "--regions", "us-east-1,eu-west-1", "--out", s(out)];
    args.extend_from_slice(extra);
    maturity(&args, moto).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start maturity scan")
}

fn succeeded(output: &Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{what} failed: {stderr}");
    stderr
}

/// Runs `merge` on the files and returns its error line (it must fail, and write nothing).
fn merge_refused(files: &[&Path], moto: &Moto, dir: &Path) -> String {
    let out = dir.join("refused.json");
    let mut args = vec!["merge"];
    args.extend(files.iter().map(|f| s(f)));
    args.extend(["--out", s(&out)]);
    let output = maturity(&args, moto).output().expect("run maturity merge");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "merge must refuse: {stderr}");
    assert!(!out.exists(), "a refused merge writes nothing");
    stderr
}

/// The bundle as JSON without what differs between two scans of the same organization: when each
/// scan ran (`collected_at`, the credential report's generation time) and how many calls it made.
fn comparable(bundle: &Bundle) -> Value {
    let mut json = serde_json::to_value(bundle).expect("bundle as JSON");
    json["collector"]["collected_at"] = Value::Null;
    json["api_calls"] = Value::Null;
    for account in json["accounts"].as_array_mut().into_iter().flatten() {
        if let Some(report) = account.pointer_mut("/global/iam_credential_report/ok") {
            report["generated_at"] = Value::Null;
        }
    }
    json
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_shard_scans_merge_into_the_unsharded_bundle() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "us-east-1");
    let (_ou, members, _policy) = seed::seed_organization(&sdk, &["prod", "dev", "stage", "sandbox"]).await;
    let prod = seed::as_account(&sdk, &members[0], ROLE).await;
    seed::seed_account(&prod, "prod").await;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = |name: &str| dir.path().join(name);

    let whole = start_scan(&moto, &path("whole.json"), &[]).wait_with_output().expect("whole scan");
    succeeded(&whole, "the unsharded scan");
    let whole = Bundle::from_path(&path("whole.json")).expect("the whole bundle parses");
    assert_eq!(whole.accounts.len(), 5, "the management account and four members");

    // The three shards run at once, as the pods of an array job would.
    let shards: Vec<PathBuf> = (1..=3).map(|k| path(&format!("shard-{k}.json"))).collect();
    let running: Vec<Child> = shards
        .iter()
        .enumerate()
        .map(|(i, out)| start_scan(&moto, out, &["--shard", &format!("{}/3", i + 1), "--scan-id", "run-1"]))
        .collect();
    for (k, child) in (1..=3).zip(running) {
        let stderr = succeeded(&child.wait_with_output().expect("shard scan"), &format!("shard {k}/3"));
        assert!(stderr.contains(&format!("shard {k}/3 of scan run-1: ")), "{stderr}");
    }

    // Each shard: its accounts only, the full in-scope list, organization facts in shard 1 only.
    let mut held: Vec<String> = Vec::new();
    for (k, file) in (1..=3).zip(&shards) {
        let bundle = Bundle::from_path(file).expect("a shard bundle parses");
        let shard = bundle.shard.as_ref().expect("a shard record");
        assert_eq!((shard.index, shard.count, shard.scan_id.as_str()), (k, 3, "run-1"));
        assert_eq!(shard.organization_accounts, whole.scope.accounts, "every shard lists every account, in order");
        assert_eq!(shard.regions, RequestedRegions::List(vec!["eu-west-1".into(), "us-east-1".into()]));
        assert_eq!(bundle.scope.organization_id, whole.scope.organization_id);
        assert_eq!(bundle.organization.is_some(), k == 1, "organization facts in shard 1 only");
        for account in &bundle.accounts {
            assert_eq!(maturity_evidence::shard::shard_of(&account.account_id, 3), k, "{}", account.account_id);
        }
        held.extend(bundle.accounts.iter().map(|a| a.account_id.clone()));
    }
    held.sort();
    let mut all = whole.scope.accounts.clone();
    all.sort();
    assert_eq!(held, all, "the shards cover the organization exactly once");

    // Merged (in any order), the shards are the whole scan.
    let merged_path = path("merged.json");
    let merge = maturity(&["merge", s(&shards[2]), s(&shards[0]), s(&shards[1]), "--out", s(&merged_path)], &moto)
        .output()
        .expect("run maturity merge");
    let stderr = succeeded(&merge, "merge");
    assert!(stderr.contains("3 shards of scan run-1, 5 accounts"), "{stderr}");
    let merged = Bundle::from_path(&merged_path).expect("the merged bundle parses");
    assert!(merged.shard.is_none(), "an ordinary bundle");
    assert_eq!(
        merged.accounts.iter().map(|a| &a.account_id).collect::<Vec<_>>(),
        whole.scope.accounts.iter().collect::<Vec<_>>()
    );
    assert_eq!(comparable(&merged), comparable(&whole), "the merged shards differ from the unsharded scan");
    // Each shard listed the organization itself: more Organizations calls, the same scan calls.
    assert_eq!(merged.api_calls.get("organizations:ListAccounts"), Some(&3));
    assert_eq!(merged.api_calls.get("sts:AssumeRole"), whole.api_calls.get("sts:AssumeRole"));
    assert_eq!(merged.api_calls.get("ec2:DescribeVpcs"), whole.api_calls.get("ec2:DescribeVpcs"));
    let assess = maturity(&["assess", "--evidence", s(&merged_path), "--as-of", "2026-12-03"], &moto)
        .output()
        .expect("run maturity assess");
    succeeded(&assess, "assess of the merged bundle");

    // A missing shard, a shard given twice, a shard of another run.
    let err = merge_refused(&[&shards[0], &shards[2]], &moto, dir.path());
    assert_eq!(err, "error: shard 2/3 of scan run-1 is missing: no file given is that shard\n");
    let err = merge_refused(&[&shards[0], &shards[1], &shards[2], &shards[1]], &moto, dir.path());
    assert!(err.starts_with("error: shard 2/3 is given twice: ") && err.contains("shard-2.json and "), "{err}");
    let rerun = path("rerun-3.json");
    let output =
        start_scan(&moto, &rerun, &["--shard", "3/3", "--scan-id", "run-2"]).wait_with_output().expect("rerun");
    succeeded(&output, "shard 3/3 of another run");
    let err = merge_refused(&[&shards[0], &shards[1], &rerun], &moto, dir.path());
    assert!(err.contains("rerun-3.json: shard.scan_id is `run-2`") && err.contains("(scan id differs)"), "{err}");
    let err = merge_refused(&[&path("whole.json"), &shards[1], &shards[2]], &moto, dir.path());
    assert!(err.contains("whole.json: not a shard bundle"), "{err}");
    let err = maturity(&["assess", "--evidence", s(&shards[1])], &moto).output().expect("run maturity assess");
    assert!(String::from_utf8_lossy(&err.stderr).contains("merge the 3 shards first"), "a shard is not assessed");

    // A shard of another organization (another emulator), with the same scan id.
    let other = Moto::start();
    seed::seed_organization(&seed::sdk(&other.endpoint(), "us-east-1"), &["elsewhere"]).await;
    let foreign = path("foreign-3.json");
    let output =
        start_scan(&other, &foreign, &["--shard", "3/3", "--scan-id", "run-1"]).wait_with_output().expect("foreign");
    succeeded(&output, "a shard of another organization");
    let err = merge_refused(&[&shards[0], &shards[1], &foreign], &moto, dir.path());
    assert!(
        err.contains("foreign-3.json: scope.organization_id is `o-") && err.contains("(organization differs)"),
        "{err}"
    );
    assert_eq!(MANAGEMENT, whole.scope.management_account_id.as_deref().unwrap_or_default());
}
