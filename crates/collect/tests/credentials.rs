//! Credentials: a scan never writes them anywhere, and says plainly when there are none.
//!
//! Both tests run the `maturity` binary built beside the tests (`support::binary`).

#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::process::Output;

use support::faults::{Fault, FaultProxy, Rule};
use support::moto::Moto;
use support::seed;

/// Credentials no output may contain: an access key id of AWS's shape, a secret and a session
/// token.
const KEY_ID: &str = "AKIAMATURITYLEAKTEST";
const SECRET: &str = "maturityLeakTestSecret0f3c9a7d1e2b4c6d8e0f1a2b";
const SESSION_TOKEN: &str = "maturityLeakTestSessionToken5b8e2c4a6f9d0e1f";

/// Runs `maturity ARGS` with the test's credentials, off the async runtime (the fault proxy
/// serves on it meanwhile).
async fn run(args: Vec<String>, endpoint: String) -> Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        support::binary::maturity(&args, &endpoint)
            .env("AWS_ACCESS_KEY_ID", KEY_ID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_SESSION_TOKEN", SESSION_TOKEN)
            .output()
            .expect("run maturity")
    })
    .await
    .unwrap()
}

/// Every file under `dir`, as text.
fn files(dir: &Path, found: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, found);
        } else {
            found.push((
                path.display().to_string(),
                String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned(),
            ));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_credential_leaves_the_process() {
    let moto = Moto::start();
    seed::seed_account(&seed::sdk(&moto.endpoint(), "us-east-1"), "solo").await;
    // Errors are written too: denied IAM calls, and KMS refusals quoting the signed request.
    let rules = vec![
        Rule { api: Some("iam:"), ..Rule::all(Fault::Deny) },
        Rule { api: Some("kms:"), ..Rule::all(Fault::QuoteRequest) },
    ];
    let proxy = FaultProxy::start(&moto.endpoint(), rules).await;
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).display().to_string();
    let scan = run(
        ["scan", "--regions", "us-east-1", "--endpoint-url", &proxy.endpoint(), "--out", &out("evidence.json")]
            .map(String::from)
            .to_vec(),
        proxy.endpoint(),
    )
    .await;
    assert!(scan.status.success(), "scan: {}", String::from_utf8_lossy(&scan.stderr));
    let assess = run(
        [
            "assess",
            "--evidence",
            &out("evidence.json"),
            "--out",
            &out("assessment.json"),
            "--report-dir",
            &out("reports"),
        ]
        .map(String::from)
        .to_vec(),
        proxy.endpoint(),
    )
    .await;
    assert!(assess.status.success(), "assess: {}", String::from_utf8_lossy(&assess.stderr));

    let mut outputs = Vec::new();
    files(dir.path(), &mut outputs);
    assert!(outputs.len() >= 6, "the bundle, the assessment and the reports: {:?}", outputs.iter().map(|o| &o.0));
    for (name, output) in [("scan", &scan), ("assess", &assess)] {
        outputs.push((format!("{name}'s standard output"), String::from_utf8_lossy(&output.stdout).into_owned()));
        outputs.push((format!("{name}'s standard error"), String::from_utf8_lossy(&output.stderr).into_owned()));
    }
    let bundle = &outputs.iter().find(|(name, _)| name.ends_with("evidence.json")).unwrap().1;
    assert!(bundle.contains("IncompleteSignature"), "the quoting refusals were recorded");
    assert!(bundle.contains("Signature=[redacted]"), "and scrubbed where they quoted the signature");
    let leaks: Vec<String> = outputs
        .iter()
        .flat_map(|(name, text)| {
            [KEY_ID, SECRET, SESSION_TOKEN, "aws4_request", "X-Amz-Security-Token: maturity"]
                .into_iter()
                .filter(|secret| text.contains(secret))
                .map(move |secret| format!("{name} contains {secret}"))
        })
        .collect();
    assert!(leaks.is_empty(), "{leaks:#?}");
}

#[test]
fn a_scan_without_credentials_says_so_in_one_line() {
    let home = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(support::binary::maturity_binary())
        .args(["scan", "--regions", "us-east-1", "--out", &home.path().join("b.json").display().to_string()])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        // The instance metadata service, asked last, on a closed loopback port: it refuses at
        // once, as on a machine that is not an EC2 instance (nothing leaves this machine).
        .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no AWS credentials found"), "{stderr}");
    assert!(stderr.contains("--profile NAME") && stderr.contains("AWS_ACCESS_KEY_ID"), "{stderr}");
    assert!(!stderr.contains("IMDS"), "{stderr}");
    assert!(!home.path().join("b.json").exists());
}
