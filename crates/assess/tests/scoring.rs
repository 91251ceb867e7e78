//! Scoring edge cases on small bundles: unknown is never met, not applicable counts as met,
//! expired answers are unknown, exceptions lift a control in one score and not the other.

use chrono::NaiveDate;
use maturity_assess::{Answers, Assessment, Config, Exceptions, Settings, Source, Status, assess};
use maturity_checks::CHECKS;
use maturity_evidence::Bundle;
use maturity_model::Catalogs;
use serde_json::{Value, json};

fn catalogs() -> &'static Catalogs {
    Catalogs::builtin().unwrap_or_else(|e| panic!("catalogs: {e:?}"))
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
}

/// A bundle with one account per entry of `summaries` (the IAM account summary fact of each).
fn bundle(summaries: &[Value]) -> Bundle {
    let accounts: Vec<Value> = summaries
        .iter()
        .enumerate()
        .map(|(i, summary)| {
            json!({
                "account_id": format!("{:012}", 111_111_111_111_u64 * (i as u64 + 1)),
                "global": {
                    "enabled_regions": {"ok": ["eu-west-1"]},
                    "iam_account_summary": summary,
                    "iam_credential_report": {"ok": {"generated_at": "2026-11-01T00:00:00Z", "users": [],
                        "root": {"user": "<root_account>", "arn": "arn:aws:iam::1:root", "password_enabled": false, "mfa_active": true}}}
                },
                "regions": {"eu-west-1": {"ec2_instances": {"ok": []}}}
            })
        })
        .collect();
    let text = json!({
        "schema_version": 1,
        "collector": {"tool": "maturity", "version": "test", "collected_at": "2026-11-01T00:00:00Z"},
        "scope": {"accounts": [], "regions": ["eu-west-1"]},
        "accounts": accounts,
    })
    .to_string();
    Bundle::from_json("test.json", &text).unwrap_or_else(|e| panic!("{e}"))
}

fn protected() -> Value {
    json!({"ok": {"root_mfa_enabled": true, "root_access_keys_present": false}})
}

fn with_keys() -> Value {
    json!({"ok": {"root_mfa_enabled": true, "root_access_keys_present": true}})
}

fn run(bundle: &Bundle, answers: &str, exceptions: &str) -> Assessment {
    let catalogs = catalogs();
    let answers = Answers::parse("answers.toml", answers, catalogs, 365, as_of()).unwrap_or_else(|e| panic!("{e}"));
    let checks: Vec<&str> = CHECKS.iter().map(|c| c.meta().id).collect();
    let exceptions =
        Exceptions::parse("exceptions.toml", exceptions, catalogs, &checks).unwrap_or_else(|e| panic!("{e}"));
    let settings =
        Settings { catalogs, answers: &answers, exceptions: &exceptions, config: &Config::default(), as_of: as_of() };
    assess(&settings, bundle)
}

fn control<'a>(assessment: &'a Assessment, id: &str) -> &'a maturity_assess::ControlResult {
    assessment.aws_smm.controls.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no control {id}"))
}

fn capability_phase(assessment: &Assessment, id: &str) -> u8 {
    assessment.aws_smm.capabilities.iter().find(|c| c.id == id).map_or(99, |c| c.phase)
}

const IAM_PHASE_1_ANSWERED_NA: &str = r#"
[[answer]]
id = "iam-access-analyzer"
answer = "n-a"
date = 2026-10-01
[[answer]]
id = "identity-federation-and-sso"
answer = "n-a"
date = 2026-10-01
[[answer]]
id = "mfa"
answer = "n-a"
date = 2026-10-01
"#;

#[test]
fn unknown_never_counts_as_met() {
    let denied = json!({"denied": {"action": "iam:GetAccountSummary"}});
    let assessment = run(&bundle(&[denied]), IAM_PHASE_1_ANSWERED_NA, "");
    let root = control(&assessment, "root-protection");
    assert_eq!((root.status, root.source), (Status::Unknown, Source::Automated));
    assert_eq!(capability_phase(&assessment, "identity-and-access-management"), 0);
    assert!(assessment.roadmap.iter().any(|i| i.item == "root-protection" && i.status == Status::Unknown));
}

#[test]
fn not_applicable_counts_as_met() {
    let assessment = run(&bundle(&[protected()]), IAM_PHASE_1_ANSWERED_NA, "");
    assert_eq!(control(&assessment, "root-protection").status, Status::Met);
    assert_eq!(control(&assessment, "mfa").status, Status::NotApplicable);
    assert_eq!(capability_phase(&assessment, "identity-and-access-management"), 1);
    // No instances anywhere: IMDSv2 has nothing in scope.
    assert_eq!(control(&assessment, "imdsv2").status, Status::NotApplicable);
}

#[test]
fn one_failing_account_of_two_is_partial_with_coverage() {
    let assessment = run(&bundle(&[protected(), with_keys()]), "", "");
    let root = control(&assessment, "root-protection");
    assert_eq!(root.status, Status::Partial);
    let coverage = root.coverage.unwrap_or_else(|| panic!("coverage"));
    assert_eq!((coverage.holding, coverage.in_scope), (1, 2));
    assert_eq!(root.failing_accounts, ["222222222222"]);
}

#[test]
fn every_account_failing_is_not_met() {
    let assessment = run(&bundle(&[with_keys(), with_keys()]), "", "");
    assert_eq!(control(&assessment, "root-protection").status, Status::NotMet);
}

#[test]
fn expired_answer_is_unknown() {
    let answers = r#"
[[answer]]
id = "training-plan"
answer = "yes"
owner = "ciso@example.com"
date = 2025-01-10
expires = 2025-12-31
"#;
    let assessment = run(&bundle(&[protected()]), answers, "");
    let training = control(&assessment, "training-plan");
    assert_eq!(training.status, Status::Unknown);
    assert!(training.reasons.iter().any(|r| r.contains("expired on 2025-12-31")), "{:?}", training.reasons);
    assert_eq!(assessment.answers.expired.len(), 1);
    assert!(assessment.answers.used.is_empty());
}

#[test]
fn valid_answer_decides_an_attested_control() {
    let answers = "[[answer]]\nid = \"training-plan\"\nanswer = \"partial\"\ndate = 2026-06-01\n";
    let assessment = run(&bundle(&[protected()]), answers, "");
    let training = control(&assessment, "training-plan");
    assert_eq!((training.status, training.source), (Status::Partial, Source::Attested));
    assert_eq!(assessment.answers.used, ["training-plan"]);
}

#[test]
fn exception_lifts_a_control_and_shows_in_both_scores() {
    let exceptions = r#"
[[exception]]
check = "iam-root-account-protected"
account = "111111111111"
reason = "Break-glass key in a sealed vault; removal scheduled."
owner = "ciso@example.com"
expires = 2027-01-31
"#;
    let assessment = run(&bundle(&[with_keys()]), IAM_PHASE_1_ANSWERED_NA, exceptions);
    let root = control(&assessment, "root-protection");
    assert_eq!(root.status, Status::Met);
    assert_eq!(root.exceptions, [1]);
    assert_eq!(capability_phase(&assessment, "identity-and-access-management"), 1);
    let without = &assessment.without_exceptions;
    assert_eq!(without.control_statuses.get("root-protection"), Some(&Status::NotMet));
    assert_eq!(without.capability_phases.get("identity-and-access-management"), Some(&0));
    assert_eq!(assessment.exceptions.applied.len(), 1);
    assert_eq!(assessment.exceptions.applied[0].findings, 1);
    assert!(assessment.findings.iter().any(|f| f.excepted_by == Some(1)));
}

#[test]
fn control_wide_exception_lifts_an_attested_control() {
    let exceptions = r#"
[[exception]]
control = "red-team"
reason = "Red team contracted for 2027; accepted until then."
owner = "ciso@example.com"
expires = 2027-06-30
"#;
    let assessment = run(&bundle(&[protected()]), "", exceptions);
    let red_team = control(&assessment, "red-team");
    assert_eq!((red_team.status, red_team.source), (Status::Met, Source::Exception));
    assert_eq!(assessment.without_exceptions.control_statuses.get("red-team"), Some(&Status::Unknown));
    assert_eq!(assessment.exceptions.applied[0].controls, ["red-team"]);
}

#[test]
fn expired_and_unused_exceptions_are_listed_and_apply_to_nothing() {
    let exceptions = r#"
[[exception]]
check = "iam-root-account-protected"
reason = "Expired acceptance."
owner = "ciso@example.com"
expires = 2026-01-31
[[exception]]
resource = "sg-does-not-exist"
reason = "Nothing matches this."
owner = "ciso@example.com"
expires = 2027-01-31
"#;
    let assessment = run(&bundle(&[with_keys()]), "", exceptions);
    assert_eq!(control(&assessment, "root-protection").status, Status::NotMet);
    assert_eq!(assessment.exceptions.expired.len(), 1);
    assert_eq!(assessment.exceptions.unused.len(), 1);
    assert!(assessment.exceptions.applied.is_empty());
}

#[test]
fn roadmap_is_ordered_by_what_it_unlocks() {
    let assessment = run(&bundle(&[with_keys()]), "", "");
    let unlocks: Vec<u8> = assessment.roadmap.iter().map(|i| i.unlocks).collect();
    let mut sorted = unlocks.clone();
    sorted.sort_unstable();
    assert_eq!(unlocks, sorted);
    assert!(!assessment.roadmap.is_empty());
}

#[test]
fn csmm_objective_uses_the_quantifier_threshold() {
    // csmm.iam.2.2 ("most" console users and root have MFA) links mfa and root-protection.
    let three_of_four = [protected(), protected(), protected(), with_keys()];
    let answers = "[[answer]]\nid = \"mfa\"\nanswer = \"yes\"\ndate = 2026-10-01\n";
    let assessment = run(&bundle(&three_of_four), answers, "");
    let objective = assessment.csmm.objectives.iter().find(|o| o.id == "csmm.iam.2.2");
    let objective = objective.unwrap_or_else(|| panic!("csmm.iam.2.2"));
    assert_eq!(control(&assessment, "root-protection").status, Status::Partial);
    assert_eq!(objective.status, Status::Met, "{:?}", objective.reasons);

    let two_of_four = [protected(), protected(), with_keys(), with_keys()];
    let assessment = run(&bundle(&two_of_four), answers, "");
    let objective = assessment.csmm.objectives.iter().find(|o| o.id == "csmm.iam.2.2");
    assert_eq!(objective.map(|o| o.status), Some(Status::Partial));
}

#[test]
fn assessment_round_trips_through_json() {
    let assessment = run(&bundle(&[protected(), with_keys()]), IAM_PHASE_1_ANSWERED_NA, "");
    let json = serde_json::to_string(&assessment).unwrap_or_default();
    let back: Assessment = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, assessment);
}
