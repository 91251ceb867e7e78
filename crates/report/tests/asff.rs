//! The ASFF import requests checked by botocore (its parameter validator and the Security Hub
//! service model it ships), against the limits the ASFF documentation states, and imported into
//! moto's Security Hub with boto3, then read back with GetFindings. Broken requests are
//! rejected, so the check cannot pass by accident.

mod support;

use maturity_report::asff::{self, BATCH_LIMIT, Options};
use serde_json::{Value, json};
use support::moto::Moto;
use support::python::{accepts, rejects};
use support::{catalogs, demo};

fn write(dir: &tempfile::TempDir, bytes: &[u8]) -> String {
    let path = dir.path().join("findings.asff.jsonl");
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    path.to_string_lossy().into_owned()
}

fn summary(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("asff.py printed {text:?}: {e}"))
}

#[test]
fn moto_imports_every_demo_finding_and_gives_them_back() {
    let assessment = demo();
    let options = Options { organization_account: Some("210987654321".to_owned()), ..Options::default() };
    let findings = asff::findings(&assessment, catalogs(), &options);
    let bytes = asff::render(&assessment, catalogs(), &options).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let moto = Moto::start();
    let summary = summary(&accepts("asff.py", &[&write(&dir, &bytes), &moto.endpoint()]));
    assert_eq!(summary["findings"], findings.len());
    assert_eq!(summary["imported"], findings.len());
    assert_eq!(summary["read_back"], findings.len());
    let failing = assessment.findings.iter().filter(|f| f.finding.status.id() == "fail").count();
    assert_eq!(summary["statuses"]["FAILED"], failing);
    assert!(summary["statuses"]["PASSED"].as_u64().unwrap_or(0) > 0, "{summary}");
}

#[test]
fn organization_findings_need_an_account() {
    let assessment = demo();
    let without = asff::findings(&assessment, catalogs(), &Options::default());
    let options = Options { organization_account: Some("210987654321".to_owned()), ..Options::default() };
    let with = asff::findings(&assessment, catalogs(), &options);
    let organization = assessment
        .findings
        .iter()
        .filter(|f| f.finding.location.account_id.is_none() && f.finding.status.id() != "not_applicable")
        .count();
    assert!(organization > 0);
    assert_eq!(with.len(), without.len() + organization);
}

#[test]
fn a_custom_product_and_long_texts_stay_within_security_hubs_limits() {
    let mut assessment = demo();
    for finding in &mut assessment.findings {
        finding.finding.message = format!("{} {}", finding.finding.message, "long ".repeat(400));
        if let Some(resource) = &mut finding.finding.location.resource {
            resource.push_str(&"/deeper".repeat(100));
        }
    }
    let options = Options {
        product_arn: Some("arn:aws:securityhub:eu-west-1:318273645501:product/318273645501/default".to_owned()),
        ..Options::default()
    };
    let findings = asff::findings(&assessment, catalogs(), &options);
    assert!(findings.iter().all(|f| f.product_arn == options.product_arn.as_deref().unwrap_or_default()));
    assert!(findings.iter().all(|f| f.description.chars().count() <= 1024 && f.id.len() <= 512));
    // Under another account's default product, the validator refuses them, as Security Hub would.
    let bytes = asff::render(&assessment, catalogs(), &options).unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let why = rejects("asff.py", &[&write(&dir, &bytes)]);
    assert!(why.contains("default product of another account"), "{why}");
    let bytes = asff::render(&assessment, catalogs(), &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    accepts("asff.py", &[&write(&dir, &bytes)]);
}

#[test]
fn batches_hold_one_account_and_region_and_at_most_the_limit() {
    let findings = asff::findings(&demo(), catalogs(), &Options::default());
    let first = findings.first().cloned().unwrap_or_else(|| panic!("no findings"));
    let many: Vec<asff::Finding> = (0..250).map(|n| asff::Finding { id: format!("x{n}"), ..first.clone() }).collect();
    let sizes: Vec<usize> = asff::batches(&many).iter().map(Vec::len).collect();
    assert_eq!(sizes, [BATCH_LIMIT, BATCH_LIMIT, 50]);
    for batch in asff::batches(&findings) {
        assert!(batch.len() <= BATCH_LIMIT);
        assert!(batch.iter().all(|f| f.aws_account_id == batch[0].aws_account_id && f.region == batch[0].region));
    }
}

#[test]
fn the_validator_rejects_broken_requests() {
    let findings = asff::findings(&demo(), catalogs(), &Options::default());
    let first = serde_json::to_value(&findings[0]).unwrap_or_else(|e| panic!("{e}"));
    let broken: Vec<(&str, Value)> = vec![
        ("no Title", {
            let mut f = first.clone();
            f.as_object_mut().map(|o| o.remove("Title"));
            json!({ "Findings": [f] })
        }),
        ("a compliance status Security Hub does not know", {
            let mut f = first.clone();
            f["Compliance"]["Status"] = "OK".into();
            json!({ "Findings": [f] })
        }),
        ("a title of 300 characters", {
            let mut f = first.clone();
            f["Title"] = "t".repeat(300).into();
            json!({ "Findings": [f] })
        }),
        ("a type in no ASFF namespace", {
            let mut f = first.clone();
            f["Types"] = json!(["Maturity/Controls"]);
            json!({ "Findings": [f] })
        }),
        ("101 findings in one request", {
            let many: Vec<Value> = (0..101)
                .map(|n| {
                    let mut f = first.clone();
                    f["Id"] = format!("x{n}").into();
                    f
                })
                .collect();
            json!({ "Findings": many })
        }),
    ];
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (what, request) in broken {
        let why = rejects("asff.py", &[&write(&dir, format!("{request}\n").as_bytes())]);
        assert!(why.contains("line 1"), "{what}: {why}");
    }
}

#[test]
fn the_written_requests_are_the_batches_of_the_findings() {
    let assessment = demo();
    for options in
        [Options::default(), Options { organization_account: Some("210987654321".to_owned()), ..Options::default() }]
    {
        let findings = asff::findings(&assessment, catalogs(), &options);
        let mut expected = String::new();
        for batch in asff::batches(&findings) {
            expected.push_str(&json!({ "Findings": batch }).to_string());
            expected.push('\n');
        }
        let written = asff::render(&assessment, catalogs(), &options).unwrap_or_else(|e| panic!("{e}"));
        let lines =
            |text: &str| -> Vec<Value> { text.lines().map(|l| serde_json::from_str(l).unwrap_or_default()).collect() };
        assert_eq!(lines(&String::from_utf8_lossy(&written)), lines(&expected));
        assert!(!findings.is_empty());
    }
}
