//! `maturity publish security-hub` against the emulator's Security Hub: what the file says is what
//! each account's Security Hub holds afterwards in each region, read back with `GetFindings`; the
//! demo's findings (`report --format asff`) go to their six accounts through the role, or nowhere
//! without one; a file that cannot be sent whole sends nothing; `--dry-run` sends nothing.
//!
//! The tests run the `maturity` binary built beside them (`support::binary`).

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use aws_sdk_securityhub::types::ComplianceStatus;
use aws_types::SdkConfig;
use serde_json::{Value, json};
use support::moto::Moto;
use support::seed;

/// The emulator's caller account.
const CALLER: &str = "123456789012";

/// `n` findings of `account`, the first third failed, the rest passed; even ones imported in
/// us-east-1, odd ones in eu-west-1 (the region of their product ARN).
fn findings(account: &str, n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let region = if i % 2 == 0 { "us-east-1" } else { "eu-west-1" };
            json!({
                "SchemaVersion": "2018-10-08",
                "Id": format!("maturity/test-{i}/{account}"),
                "ProductArn": format!("arn:aws:securityhub:{region}:{account}:product/{account}/default"),
                "GeneratorId": format!("maturity/check-{}", i % 7),
                "AwsAccountId": account,
                "Types": ["Software and Configuration Checks/AWS Security Best Practices"],
                "CreatedAt": "2026-11-20T00:00:00Z",
                "UpdatedAt": "2026-11-20T00:00:00Z",
                "Severity": {"Label": if i % 3 == 0 { "HIGH" } else { "INFORMATIONAL" }},
                "Title": format!("Control {i}"),
                "Description": "A test finding.",
                "Resources": [{"Type": "AwsAccount", "Id": format!("AWS::::Account:{account}"), "Region": "us-east-1"}],
                "Compliance": {"Status": if i < n / 3 { "FAILED" } else { "PASSED" }},
                "RecordState": "ACTIVE"
            })
        })
        .collect()
}

fn publish(moto: &Moto, file: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["publish", "security-hub", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    support::binary::maturity(&args, &moto.endpoint()).output().unwrap()
}

/// Every finding the caller's Security Hub holds in `region`: id → compliance status.
async fn held(moto: &Moto, region: &str) -> BTreeMap<String, String> {
    held_by(&seed::sdk(&moto.endpoint(), region)).await
}

/// Every finding Security Hub holds for the account and region of `sdk`.
async fn held_by(sdk: &SdkConfig) -> BTreeMap<String, String> {
    let client = aws_sdk_securityhub::Client::new(sdk);
    let mut pages = client.get_findings().max_results(100).into_paginator().send();
    let mut held = BTreeMap::new();
    while let Some(page) = pages.next().await {
        for finding in page.unwrap().findings() {
            let status = finding.compliance().and_then(|c| c.status()).map(ComplianceStatus::as_str).unwrap_or("none");
            held.insert(finding.id().unwrap().to_owned(), status.to_owned());
        }
    }
    held
}

#[tokio::test(flavor = "multi_thread")]
async fn published_findings_are_what_security_hub_holds_in_each_region() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("findings.asff.json");
    let sent = findings(CALLER, 250);
    std::fs::write(&file, serde_json::to_string_pretty(&json!({ "Findings": sent })).unwrap()).unwrap();

    let output = publish(&moto, &file, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("sent 125 findings to Security Hub of 123456789012 in eu-west-1"), "{stderr}");
    assert!(
        stderr.contains("250 findings imported, 0 refused, in 4 BatchImportFindings calls to 2 accounts and regions"),
        "{stderr}"
    );
    for (region, parity) in [("us-east-1", 0), ("eu-west-1", 1)] {
        let expected: BTreeMap<String, String> = sent
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 2 == parity)
            .map(|(_, f)| {
                (f["Id"].as_str().unwrap().to_owned(), f["Compliance"]["Status"].as_str().unwrap().to_owned())
            })
            .collect();
        assert_eq!(held(&moto, region).await, expected, "{region}");
    }

    // Published again (a later assessment): updated in place, not duplicated.
    let output = publish(&moto, &file, &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(held(&moto, "us-east-1").await.len(), 125);
}

/// The demo's findings, as `report --format asff` writes them (a request a line), belong to its six
/// accounts: refused whole without a role, each imported into its own account with one.
#[tokio::test(flavor = "multi_thread")]
async fn the_demo_findings_go_to_each_account_through_the_role() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let output = support::binary::maturity(args, &moto.endpoint()).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    };
    let demo = dir.path().join("demo");
    run(&["demo", "--out", demo.to_str().unwrap()]);
    let file = dir.path().join("findings.asff.jsonl");
    let assessment = demo.join("assessment.json");
    run(&["report", assessment.to_str().unwrap(), "--format", "asff", "--out", file.to_str().unwrap()]);

    // What the file asks for: account → region → finding ids.
    let mut expected: BTreeMap<(String, String), BTreeMap<String, String>> = BTreeMap::new();
    for line in std::fs::read_to_string(&file).unwrap().lines() {
        let request: Value = serde_json::from_str(line).unwrap();
        for finding in request["Findings"].as_array().unwrap() {
            let region = finding["ProductArn"].as_str().unwrap().split(':').nth(3).unwrap().to_owned();
            expected.entry((finding["AwsAccountId"].as_str().unwrap().to_owned(), region)).or_default().insert(
                finding["Id"].as_str().unwrap().to_owned(),
                finding["Compliance"]["Status"].as_str().unwrap().to_owned(),
            );
        }
    }
    let accounts: std::collections::BTreeSet<&String> = expected.keys().map(|(account, _)| account).collect();
    assert!(accounts.len() >= 5 && !accounts.contains(&CALLER.to_owned()), "{accounts:?}");

    let output = publish(&moto, &file, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("not the caller's (123456789012): Security Hub imports a finding only from its own account, so give --role NAME"), "{stderr}");
    let ((account, region), _) = expected.iter().next().unwrap();
    let inside = seed::as_account(&seed::sdk(&moto.endpoint(), region), account, "OrganizationAccountAccessRole").await;
    assert!(held_by(&inside).await.is_empty(), "nothing may be sent without the role");

    let output = publish(&moto, &file, &["--role", "OrganizationAccountAccessRole"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let total: usize = expected.values().map(BTreeMap::len).sum();
    assert!(stderr.contains(&format!("{total} findings imported, 0 refused")), "{stderr}");
    for ((account, region), ids) in &expected {
        let inside =
            seed::as_account(&seed::sdk(&moto.endpoint(), region), account, "OrganizationAccountAccessRole").await;
        assert_eq!(&held_by(&inside).await, ids, "{account} {region}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_that_cannot_be_sent_whole_sends_nothing_and_dry_run_sends_nothing() {
    let moto = Moto::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("findings.asff.json");
    let mut sent = findings("123456789012", 120);
    // The last finding carries a member `publish` does not send: the whole file is refused.
    sent[119]["Compliance"]["Statuss"] = json!("PASSED");
    std::fs::write(&file, serde_json::to_string(&sent).unwrap()).unwrap();
    let output = publish(&moto, &file, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("finding 120 (maturity/test-119/123456789012): `Compliance.Statuss` is not a member `maturity publish` can send"),
        "{stderr}"
    );
    assert!(held(&moto, "us-east-1").await.is_empty());

    sent[119]["Compliance"].as_object_mut().unwrap().remove("Statuss");
    std::fs::write(&file, serde_json::to_string(&sent).unwrap()).unwrap();
    let output = publish(&moto, &file, &["--dry-run"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "120 findings of 1 accounts, ready to send (100 a call, each from its account); nothing sent (--dry-run)"
        ),
        "{stderr}"
    );
    assert!(held(&moto, "us-east-1").await.is_empty());
    assert!(held(&moto, "eu-west-1").await.is_empty());
}

#[test]
fn the_publish_policy_is_printed_apart_from_the_scan_policy() {
    let policy = |args: &[&str]| -> Value {
        let output = support::binary::maturity(args, "http://127.0.0.1:9").output().unwrap();
        assert!(output.status.success());
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let publish = policy(&["iam-policy", "--publish"]);
    assert_eq!(publish["Statement"][0]["Action"], json!(["securityhub:BatchImportFindings"]));
    let scan = policy(&["iam-policy"]);
    let actions = scan["Statement"][0]["Action"].as_array().unwrap();
    assert!(!actions.contains(&json!("securityhub:BatchImportFindings")));
    assert!(actions.contains(&json!("securityhub:GetFindings")));
}
