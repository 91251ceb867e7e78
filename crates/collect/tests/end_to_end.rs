//! End to end: seed an emulated organization, run the `maturity scan` binary against it in
//! organization mode, then `maturity assess` on the bundle it wrote.
//!
//! The binary is the one built beside the tests (`support::binary`).

#![allow(clippy::unwrap_used)]

mod support;

use std::path::PathBuf;

use maturity_evidence::{AccountAccess, Bundle, Fact};
use support::moto::Moto;
use support::seed::{self, MANAGEMENT};

fn maturity(args: &[&str], moto: &Moto) -> std::process::Output {
    support::binary::maturity(args, &moto.endpoint()).output().expect("run maturity")
}

/// The CSMM level every category must get from the seeded organization
/// (`expected-levels.csv`: category, level, why).
const EXPECTED_LEVELS: &str = include_str!("expected-levels.csv");

/// Compares every CSMM category's level with the table.
fn compare_with_expected_levels(assessment: &serde_json::Value) {
    let categories = assessment["csmm"]["categories"].as_array().expect("categories");
    let mut mismatches = Vec::new();
    let mut listed = 0;
    for (number, line) in EXPECTED_LEVELS.lines().enumerate().skip(1) {
        let mut fields = line.splitn(3, ',');
        let (Some(id), Some(level), Some(why)) = (fields.next(), fields.next(), fields.next()) else {
            panic!("expected-levels.csv:{}: want `category,level,why`", number + 1);
        };
        assert!(!why.trim().is_empty(), "expected-levels.csv:{}: say why {id} is at {level}", number + 1);
        listed += 1;
        let category = categories.iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("no category {id}"));
        if category["level"].as_u64().map(|l| l.to_string()).as_deref() != Some(level) {
            mismatches.push(format!("{id}: expected {level}, got {} ({})", category["level"], category["reasons"]));
        }
    }
    assert_eq!(listed, categories.len(), "expected-levels.csv must list every CSMM category");
    assert!(mismatches.is_empty(), "CSMM levels differ from expected-levels.csv:\n{}", mismatches.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scan_an_emulated_organization_then_assess_it() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "us-east-1");
    let (_ou, members, _policy) = seed::seed_organization(&sdk, &["prod", "dev"]).await;
    seed::seed_account(&sdk, "mgmt").await;
    seed::seed_budget(&sdk, MANAGEMENT).await;
    let prod = seed::as_account(&sdk, &members[0], "OrganizationAccountAccessRole").await;
    seed::seed_account(&prod, "prod").await;

    let dir = tempfile::tempdir().expect("temp dir");
    let bundle_path = dir.path().join("b.json");
    let bundle_arg = bundle_path.to_str().expect("utf-8 path");
    let endpoint = moto.endpoint();
    let scan = maturity(
        &[
            "scan",
            "--endpoint-url",
            &endpoint,
            "--org",
            "--role",
            "OrganizationAccountAccessRole",
            "--regions",
            "us-east-1,eu-west-1",
            "--out",
            bundle_arg,
        ],
        &moto,
    );
    let stderr = String::from_utf8_lossy(&scan.stderr);
    assert!(scan.status.success(), "scan failed: {stderr}");
    assert!(stderr.contains("scan: 3 accounts to scan"), "{stderr}");
    assert!(stderr.contains("done"), "progress lines on a non-terminal: {stderr}");

    let bundle = Bundle::from_path(&bundle_path).expect("the bundle parses");
    assert_eq!(bundle.accounts.len(), 3);
    assert!(bundle.accounts.iter().all(|a| a.access == AccountAccess::Granted));
    assert!(bundle.organization.as_ref().is_some_and(|o| matches!(o.organization, Fact::Ok(_))));
    assert_eq!(bundle.scope.regions, vec!["eu-west-1".to_owned(), "us-east-1".to_owned()]);
    assert!(bundle.api_calls.values().sum::<u64>() > 50, "{:?}", bundle.api_calls);
    compare_calls_with_declarations(&bundle);

    let assessment_path = dir.path().join("assessment.json");
    let assess = maturity(
        &[
            "assess",
            "--evidence",
            bundle_arg,
            "--as-of",
            "2026-11-23",
            "--out",
            assessment_path.to_str().expect("utf-8"),
        ],
        &moto,
    );
    assert!(assess.status.success(), "assess failed: {}", String::from_utf8_lossy(&assess.stderr));
    let assessment: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&assessment_path).expect("assessment written")).expect("JSON");
    if let Some(keep) = std::env::var_os("MATURITY_E2E_KEEP") {
        // For people updating the expected tables: keep the bundle and the assessment to read.
        let keep = PathBuf::from(keep);
        std::fs::create_dir_all(&keep).expect("MATURITY_E2E_KEEP directory");
        std::fs::copy(&bundle_path, keep.join("evidence.json")).expect("copy the bundle");
        std::fs::copy(&assessment_path, keep.join("assessment.json")).expect("copy the assessment");
    }
    compare_with_expected_statuses(&assessment);
    compare_with_expected_levels(&assessment);
}

/// Declared calls this scan of the emulator does not make, each with why. Every other declared
/// call must be made: the IAM policy (`maturity iam-policy`, built from the declarations) then
/// holds exactly what the collectors call.
const DECLARED_BUT_NOT_CALLED: &[(&str, &str)] = &[
    ("apigateway:GetStages", "asked per REST API; none is seeded"),
    ("auditmanager:ListAssessments", "asked only once Audit Manager is active; it is not"),
    ("backup:GetBackupPlan", "asked per backup plan; none is seeded"),
    ("cognitoidentityprovider:DescribeUserPool", "asked per user pool; none is seeded"),
    ("configservice:DescribeConfigurationRecorderStatus", "asked only when a recorder exists; none is seeded"),
    ("configservice:DescribeRemediationConfigurations", "asked per batch of Config rules; none is seeded"),
    ("configservice:GetConformancePackComplianceSummary", "asked per batch of conformance packs; none is seeded"),
    ("dynamodb:DescribeContinuousBackups", "asked per table; none is seeded"),
    ("ec2:DescribeVerifiedAccessEndpoints", "asked only when a Verified Access instance exists; the emulator has none"),
    ("efs:DescribeBackupPolicy", "asked per file system; none is seeded"),
    ("elasticloadbalancingv2:DescribeListeners", "asked per load balancer; none is seeded"),
    ("eventbridge:ListTargetsByRule", "asked per rule; none is seeded"),
    ("guardduty:GetThreatIntelSet", "asked per threat intel set; none is seeded"),
    ("iam:GetPolicyVersion", "asked per attached customer managed policy; none is seeded"),
    ("macie2:GetAutomatedDiscoveryConfiguration", "asked only when Macie is enabled; it is not"),
    ("macie2:ListClassificationJobs", "asked only when Macie is enabled; it is not"),
    ("networkfirewall:DescribeFirewall", "asked per firewall; none is seeded"),
    ("organizations:ListDelegatedServicesForAccount", "asked per delegated administrator; none is seeded here"),
    ("securityhub:GetEnabledStandards", "asked only when Security Hub is enabled; it is not"),
    ("securityhub:GetFindings", "asked only when Security Hub is enabled; it is not"),
    ("securitylake:ListLogSources", "asked only when a Security Lake data lake exists; none is seeded"),
    ("securitylake:ListSubscribers", "asked only when a Security Lake data lake exists; none is seeded"),
    ("shield:ListProtections", "asked only with an active Shield Advanced subscription; there is none"),
    ("wafv2:GetWebACL", "asked per web ACL; none is seeded"),
    ("wafv2:GetWebACLForResource", "asked per load balancer; none is seeded"),
    ("wafv2:ListResourcesForWebACL", "asked per regional web ACL; none is seeded"),
];

/// Compares the calls the scan made (the bundle's call counter) with the collectors' declared
/// calls, both ways.
fn compare_calls_with_declarations(bundle: &Bundle) {
    let declared = maturity_collect::policy::declared_operations();
    let undeclared: Vec<_> = bundle.api_calls.keys().filter(|k| !declared.contains(k.as_str())).collect();
    assert!(undeclared.is_empty(), "called but not declared (declare a Call in its service module): {undeclared:?}");
    let not_called: Vec<&str> = declared.iter().copied().filter(|op| !bundle.api_calls.contains_key(*op)).collect();
    let listed: Vec<&str> = DECLARED_BUT_NOT_CALLED.iter().map(|(op, _)| *op).collect();
    assert_eq!(
        not_called, listed,
        "declared calls the emulator scan does not make must be listed in DECLARED_BUT_NOT_CALLED with why, in order"
    );
}

/// The status every automated control must get from the seeded organization, kept as data
/// next to this test (`expected-statuses.csv`: control, status, why).
const EXPECTED_STATUSES: &str = include_str!("expected-statuses.csv");

/// Compares every automated control's status with the table, and the table with the catalog.
fn compare_with_expected_statuses(assessment: &serde_json::Value) {
    let catalogs = maturity_model::Catalogs::builtin().expect("catalogs");
    let mut expected = std::collections::BTreeMap::new();
    for (number, line) in EXPECTED_STATUSES.lines().enumerate().skip(1) {
        let mut fields = line.splitn(3, ',');
        let (Some(control), Some(status), Some(why)) = (fields.next(), fields.next(), fields.next()) else {
            panic!("expected-statuses.csv:{}: want `control,status,why`", number + 1);
        };
        assert!(!why.trim().is_empty(), "expected-statuses.csv:{}: say why {control} is {status}", number + 1);
        assert!(
            expected.insert(control.to_owned(), status.to_owned()).is_none(),
            "expected-statuses.csv:{}: {control} twice",
            number + 1
        );
    }
    let automated: Vec<&str> =
        catalogs.aws_smm.controls.iter().filter(|c| !c.checks.is_empty()).map(|c| c.id.as_str()).collect();
    let unlisted: Vec<&&str> = automated.iter().filter(|id| !expected.contains_key(**id)).collect();
    assert!(unlisted.is_empty(), "automated controls missing from expected-statuses.csv: {unlisted:?}");
    let stale: Vec<&String> = expected.keys().filter(|id| !automated.contains(&id.as_str())).collect();
    assert!(stale.is_empty(), "expected-statuses.csv lists controls without checks: {stale:?}");

    let controls = assessment["aws_smm"]["controls"].as_array().expect("controls");
    let mut mismatches = Vec::new();
    for control in controls {
        let id = control["id"].as_str().unwrap_or_default();
        let Some(want) = expected.get(id) else { continue };
        let got = control["status"].as_str().unwrap_or_default();
        if got != want {
            mismatches.push(format!("{id}: expected {want}, got {got} ({})", control["reasons"]));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} controls differ from expected-statuses.csv:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organization_mode_scans_only_the_accounts_asked_for() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "us-east-1");
    let (_ou, members, _policy) = seed::seed_organization(&sdk, &["prod", "dev"]).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let bundle_path = dir.path().join("b.json");
    let endpoint = moto.endpoint();
    let wanted = format!("{},{}", members[1], "999999999999");
    let scan = maturity(
        &[
            "scan",
            "--endpoint-url",
            &endpoint,
            "--org",
            "--role",
            "OrganizationAccountAccessRole",
            "--accounts",
            &wanted,
            "--regions",
            "us-east-1",
            "--out",
            bundle_path.to_str().expect("utf-8 path"),
        ],
        &moto,
    );
    let stderr = String::from_utf8_lossy(&scan.stderr);
    assert!(!scan.status.success(), "an account outside the organization must be refused: {stderr}");
    assert!(stderr.contains("999999999999"), "the error names the unknown account: {stderr}");

    let scan = maturity(
        &[
            "scan",
            "--endpoint-url",
            &endpoint,
            "--org",
            "--role",
            "OrganizationAccountAccessRole",
            "--accounts",
            &members[1],
            "--regions",
            "us-east-1",
            "--out",
            bundle_path.to_str().expect("utf-8 path"),
        ],
        &moto,
    );
    assert!(scan.status.success(), "scan failed: {}", String::from_utf8_lossy(&scan.stderr));
    let bundle = Bundle::from_path(&bundle_path).expect("the bundle parses");
    let scanned: Vec<&str> = bundle.accounts.iter().map(|a| a.account_id.as_str()).collect();
    assert_eq!(scanned, vec![members[1].as_str()]);
    assert!(bundle.organization.is_some(), "organization facts are still collected once");
    assert_eq!(bundle.accounts[0].access, AccountAccess::Granted);
}
