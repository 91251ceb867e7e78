//! Scenarios: CSMM levels a security lead can defend (issue 10).
//!
//! Each objective is judged per unit (accounts unless its words say otherwise) from all its
//! evidence, then quantified; "or" in an objective's words is `any`; nothing in scope is not
//! met; evidence comes before answers; one account running chaos experiments is not
//! "consistent"; levels are cumulative, unknown blocks, thresholds hold at their exact edges.

use crate::support::*;

const REGION: &str = "eu-west-1";

fn scope(accounts: &[&str]) -> Value {
    json!({"accounts": accounts, "regions": [REGION]})
}

fn account_id(n: usize) -> String {
    format!("{n}{n}{n}{n}{n}{n}{n}{n}{n}{n}{n}{n}").chars().take(12).collect()
}

/// A region where the collector read everything and found nothing: no instances, functions,
/// databases, load balancers or containers.
fn empty_region() -> Value {
    let mut region = serde_json::Map::new();
    for fact in [
        "ec2_instances",
        "ec2_security_groups",
        "ec2_vpcs",
        "ec2_flow_logs",
        "ec2_volumes",
        "rds_db_instances",
        "kms_keys",
        "ssm_managed_instances",
        "imagebuilder_pipelines",
        "cloudformation_stacks",
        "ecr_repositories",
        "lambda_functions",
        "secretsmanager_secrets",
        "elbv2_load_balancers",
        "autoscaling_groups",
        "wafv2_web_acls",
        "dynamodb_tables",
        "efs_file_systems",
        "backup_protected_resources",
        "backup_plans",
        "backup_vaults",
        "fis_experiment_templates",
        "fis_experiments",
        "apigateway_rest_apis",
        "guardduty_detectors",
    ] {
        region.insert(fact.to_owned(), json!({"ok": []}));
    }
    region.insert(
        "inspector_status".to_owned(),
        json!({"ok": {"state": "DISABLED", "ec2": "DISABLED", "ecr": "DISABLED"}}),
    );
    region.insert("ecr_registry_scanning".to_owned(), json!({"ok": {"scan_type": "BASIC", "rules": []}}));
    Value::Object(region)
}

fn empty_global() -> Value {
    json!({"enabled_regions": {"ok": [REGION]}, "s3_buckets": {"ok": []}, "cloudfront_distributions": {"ok": []}, "wafv2_cloudfront_web_acls": {"ok": []}})
}

/// An account whose region is `region` merged over [`empty_region`] and whose global facts are
/// `global` merged over [`empty_global`].
fn account_with(id: &str, global: Value, region: Value) -> Value {
    let mut base_region = empty_region();
    merge(&mut base_region, region);
    let mut base_global = empty_global();
    merge(&mut base_global, global);
    account(id, base_global, json!({ REGION: base_region }))
}

fn merge(base: &mut Value, extra: Value) {
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        base.extend(extra);
    }
}

fn table(account: &str, name: &str, pitr: bool) -> Value {
    json!({
        "name": name,
        "arn": format!("arn:aws:dynamodb:{REGION}:{account}:table/{name}"),
        "point_in_time_recovery": if pitr { "ENABLED" } else { "DISABLED" },
    })
}

#[track_caller]
fn assert_objective(assessment: &Assessment, id: &str, expected: Status) {
    let result = objective(assessment, id);
    assert_eq!(result.status, expected, "{id}: reasons:\n  {}", result.reasons.join("\n  "));
}

fn json_of(result: &ObjectiveResult) -> Value {
    serde_json::to_value(result).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------

/// Every account backs up half of its tables: the capability is in use in every account, so
/// "backups protect at least some data stores" holds, although no account is perfect.
#[test]
fn half_the_tables_backed_up_in_every_account_is_initial() {
    let accounts: Vec<Value> = (1..=2)
        .map(|n| {
            let id = account_id(n);
            account_with(
                &id,
                json!({}),
                json!({"dynamodb_tables": {"ok": [table(&id, "orders", true), table(&id, "sessions", false)]}}),
            )
        })
        .collect();
    let ids: Vec<String> = (1..=2).map(account_id).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let assessment = assess_bundle(&bundle(scope(&ids), Value::Null, Value::Array(accounts)));
    // Every account fails one table, so no account holds: the control is not met (issue 9,
    // defect 16), while the capability is in use in both accounts.
    assert_control(&assessment, "backups", Status::NotMet);
    assert_objective(&assessment, "csmm.resilience.2.1", Status::Met);
    // "all data stores" (data.5.2) is not: half of them are not backed up.
    assert_ne!(objective(&assessment, "csmm.data.5.2").status, Status::Met);
}

fn alb(account: &str, name: &str) -> Value {
    json!({
        "arn": format!("arn:aws:elasticloadbalancing:{REGION}:{account}:loadbalancer/app/{name}/0123456789abcdef"),
        "name": name,
        "load_balancer_type": "application",
        "scheme": "internet-facing",
        "availability_zones": ["eu-west-1a", "eu-west-1b"],
    })
}

fn web_acl(account: &str, protects: &str) -> Value {
    json!({
        "name": "shop-acl",
        "id": "shop-acl-0001",
        "arn": format!("arn:aws:wafv2:{REGION}:{account}:regional/webacl/shop-acl/shop-acl-0001"),
        "rules": [
            {"name": "core", "statement": "managed_rule_group", "vendor": "AWS", "rule_group": "AWSManagedRulesCommonRuleSet", "action": "NONE"},
            {"name": "rate-limit", "statement": "rate_based", "action": "BLOCK"}
        ],
        "associated_resources": [format!("arn:aws:elasticloadbalancing:{REGION}:{account}:loadbalancer/app/{protects}/0123456789abcdef")],
    })
}

/// "WAF or DDoS protection": WAF in front of the application and no Shield Advanced is enough.
#[test]
fn waf_or_ddos_protection_is_any() {
    let id = account_id(1);
    let accounts = json!([account_with(
        &id,
        json!({"shield_advanced": {"ok": {"subscription_state": "INACTIVE", "protected_resources": []}}}),
        json!({"elbv2_load_balancers": {"ok": [alb(&id, "shop")]}, "wafv2_web_acls": {"ok": [web_acl(&id, "shop")]}}),
    )]);
    let assessment = assess_bundle(&bundle(scope(&[&id]), Value::Null, accounts));
    assert_control(&assessment, "waf", Status::Met);
    assert_control(&assessment, "shield-advanced", Status::NotMet);
    assert_objective(&assessment, "csmm.appsec.2.1", Status::Met);
    assert_objective(&assessment, "csmm.appsec.3.1", Status::Met);
}

/// An account with no instances, functions, databases or containers: nothing shows that any
/// workload control is in place, so Workload Security does not reach level 5 (or 2).
#[test]
fn an_empty_account_gets_no_workload_level() {
    let id = account_id(1);
    let accounts = json!([account_with(&id, json!({}), json!({}))]);
    let assessment = assess_bundle(&bundle(scope(&[&id]), Value::Null, accounts));
    assert_eq!(level(&assessment, "workload"), 1, "{:#?}", category(&assessment, "workload"));
    let workload = category(&assessment, "workload");
    let result = objective(&assessment, "csmm.workload.5.2");
    assert_ne!(result.status, Status::Met);
    assert_ne!(result.status, Status::NotApplicable);
    assert_eq!(json_of(result)["nothing_in_scope"], json!(true), "{:?}", result.reasons);
    let text = serde_json::to_value(workload).unwrap_or_default();
    assert_eq!(text["not_applicable"], json!(true), "{text:#}");
    assert!(workload.reasons.iter().any(|r| r.contains("Not applicable")), "{:?}", workload.reasons);
}

fn category<'a>(assessment: &'a Assessment, id: &str) -> &'a maturity_assess::CategoryScore {
    assessment.csmm.categories.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no category {id}"))
}

/// An account's IAM evidence: whether its console user has MFA, whether its root is protected.
fn iam_account(id: &str, user_mfa: bool, root_protected: bool) -> Value {
    account_with(
        id,
        json!({
            "iam_account_summary": {"ok": {"root_mfa_enabled": root_protected, "root_access_keys_present": false}},
            "iam_credential_report": {"ok": {
                "generated_at": "2026-11-01T00:00:00Z",
                "root": {"user": "<root_account>", "arn": format!("arn:aws:iam::{id}:root"), "password_enabled": true, "mfa_active": root_protected},
                "users": [{"user": "alice", "arn": format!("arn:aws:iam::{id}:user/alice"), "password_enabled": true, "mfa_active": user_mfa, "password_last_used": "2026-10-30T09:00:00Z"}]
            }}
        }),
        json!({}),
    )
}

/// Accounts 1..=n where `mfa(i)` and `root(i)` say what holds in account i.
fn iam_org(n: usize, mfa: impl Fn(usize) -> bool, root: impl Fn(usize) -> bool) -> maturity_evidence::Bundle {
    let ids: Vec<String> = (1..=n).map(account_id).collect();
    let accounts: Vec<Value> = (1..=n).map(|i| iam_account(&ids[i - 1], mfa(i), root(i))).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    bundle(scope(&ids), Value::Null, Value::Array(accounts))
}

/// MFA holds in accounts {1,2,3}, root protection in {2,3,4}: each control holds in 75 % of
/// the accounts, but only 2 of 4 accounts have both, so "most accounts" is not met.
#[test]
fn quantifiers_count_accounts_where_the_whole_objective_holds() {
    let bundle = iam_org(4, |i| i <= 3, |i| i >= 2);
    let assessment = assess_bundle(&bundle);
    let mfa = control(&assessment, "mfa").coverage.map(|c| (c.holding, c.in_scope));
    let root = control(&assessment, "root-protection").coverage.map(|c| (c.holding, c.in_scope));
    assert_eq!((mfa, root), (Some((3, 4)), Some((3, 4))));
    let result = objective(&assessment, "csmm.iam.2.2");
    assert_eq!(result.status, Status::Partial, "{:?}", result.reasons);
    assert_eq!(json_of(result)["units"]["holding"], json!(2), "{:?}", result.reasons);
    assert_eq!(level(&assessment, "iam"), 1);
}

/// 3 of 4 accounts is 75 %: "most" at 75 holds, at 76 it does not; 74 of 100 is below 75.
#[test]
fn thresholds_hold_at_their_exact_edges() {
    let bundle = iam_org(4, |i| i <= 3, |i| i <= 3);
    let at_75 = assess_bundle(&bundle);
    assert_objective(&at_75, "csmm.iam.2.2", Status::Met);
    let strict = Config {
        thresholds: maturity_assess::config::Thresholds { most: 76.0, ..Default::default() },
        ..Config::default()
    };
    let at_76 = assess_with(&bundle, "", "", &strict);
    assert_objective(&at_76, "csmm.iam.2.2", Status::Partial);
    let thresholds = maturity_assess::config::Thresholds::default();
    use maturity_model::csmm::Quantifier;
    assert!(!thresholds.satisfied(Quantifier::Most, 74, 100));
    assert!(thresholds.satisfied(Quantifier::Most, 75, 100));
    assert!(!thresholds.satisfied(Quantifier::Consistent, 99, 100));
    assert!(!thresholds.satisfied(Quantifier::Initial, 0, 3));
    assert!(!thresholds.satisfied(Quantifier::Initial, 0, 0), "nothing in scope is not met");
}

/// `initial_accounts = 0` would make "initial" hold with nothing in use: rejected, located.
#[test]
fn initial_accounts_must_be_at_least_one() {
    let text = "[thresholds]\nmost = 75\ninitial_accounts = 0\n";
    let error = Config::parse("maturity.toml", text, catalogs()).expect_err("0 must be rejected");
    assert!(error.line >= 1 && error.field.contains("initial_accounts"), "{error}");
    assert!(Config::parse("maturity.toml", "[thresholds]\ninitial_accounts = 1\n", catalogs()).is_ok());
}

const YES_OVER_FAILING: &str = r#"
[[answer]]
id = "csmm.iam.2.2"
answer = "yes"
evidence = "Okta enforces MFA for everyone"
owner = "iam-team"
date = 2026-10-01
"#;

/// A "yes" over failing checks: the evidence decides and the conflict is shown.
#[test]
fn a_yes_answer_over_failing_checks_is_a_visible_conflict() {
    let bundle = iam_org(2, |_| false, |_| false);
    let assessment = assess_with(&bundle, YES_OVER_FAILING, "", &Config::default());
    let result = objective(&assessment, "csmm.iam.2.2");
    assert_eq!(result.status, Status::NotMet, "{:?}", result.reasons);
    assert_eq!(result.source, Source::Automated);
    assert!(json_of(result)["conflict"].is_string(), "{:?}", result.reasons);
    assert!(result.reasons.iter().any(|r| r.contains("Answered `yes`")), "{:?}", result.reasons);
    let answers = serde_json::to_value(&assessment.answers).unwrap_or_default();
    assert_eq!(answers["conflicts"], json!(["csmm.iam.2.2"]), "{answers:#}");
    assert!(!assessment.answers.used.contains(&"csmm.iam.2.2".to_owned()), "the answer did not decide");
}

/// An answer decides what the checks cannot see: the same "yes" where the evidence is unknown.
#[test]
fn an_answer_decides_what_the_checks_cannot_see() {
    let id = account_id(1);
    let accounts = json!([account_with(
        &id,
        json!({"iam_credential_report": {"denied": {"action": "iam:GetCredentialReport"}},
               "iam_account_summary": {"denied": {"action": "iam:GetAccountSummary"}}}),
        json!({}),
    )]);
    let bundle = bundle(scope(&[&id]), Value::Null, accounts);
    let assessment = assess_with(&bundle, YES_OVER_FAILING, "", &Config::default());
    let result = objective(&assessment, "csmm.iam.2.2");
    assert_eq!((result.status, result.source), (Status::Met, Source::Attested), "{:?}", result.reasons);
}

const NOT_APPLICABLE: &str = r#"
[[answer]]
id = "csmm.risk.2.1"
answer = "n-a"
evidence = "One provider only, chosen by the board; no business unit picks providers"
owner = "ciso"
date = 2026-10-01

[[answer]]
id = "csmm.risk.2.2"
answer = "n-a"
owner = "ciso"
date = 2026-10-01
"#;

/// An `n-a` answer with a reason counts and is listed; one without a reason is not used.
#[test]
fn not_applicable_answers_need_a_reason_and_are_listed() {
    let id = account_id(1);
    let bundle = bundle(scope(&[&id]), Value::Null, json!([account_with(&id, json!({}), json!({}))]));
    let assessment = assess_with(&bundle, NOT_APPLICABLE, "", &Config::default());
    assert_objective(&assessment, "csmm.risk.2.1", Status::NotApplicable);
    let without_reason = objective(&assessment, "csmm.risk.2.2");
    assert_eq!(without_reason.status, Status::Unknown, "{:?}", without_reason.reasons);
    assert!(without_reason.reasons.iter().any(|r| r.contains("no reason")), "{:?}", without_reason.reasons);
    let answers = serde_json::to_value(&assessment.answers).unwrap_or_default();
    let listed: Vec<&str> =
        answers["not_applicable"].as_array().into_iter().flatten().filter_map(|a| a["id"].as_str()).collect();
    assert!(listed.contains(&"csmm.risk.2.1"), "{answers:#}");
}

fn fis_account(id: &str, ran: bool) -> Value {
    let experiments = if ran {
        json!([{"id": "EXPnew2", "template_id": "EXTa1b2c3d4", "status": "completed", "started_at": "2026-10-20T10:00:00Z"}])
    } else {
        json!([])
    };
    account_with(
        id,
        json!({}),
        json!({
            "ec2_instances": {"ok": [{"instance_id": "i-0a1b2c3d4e5f60718", "state": "running"}]},
            "fis_experiment_templates": {"ok": [{"id": "EXTa1b2c3d4", "description": "Stop half of the web tier"}]},
            "fis_experiments": {"ok": experiments},
        }),
    )
}

/// Chaos engineering needs one account to hold for the AWS SMM control, but "consistent"
/// chaos experiments (resilience.5.3) are judged per account: 1 of 2 is not consistent.
#[test]
fn an_any_account_control_does_not_make_an_objective_consistent() {
    let (one, two) = (account_id(1), account_id(2));
    let accounts = json!([fis_account(&one, true), fis_account(&two, false)]);
    let assessment = assess_bundle(&bundle(scope(&[&one, &two]), Value::Null, accounts));
    assert_control(&assessment, "chaos-engineering", Status::Met);
    assert_objective(&assessment, "csmm.resilience.5.3", Status::Partial);
}

/// Every risk objective but one is attested, so answers drive the category.
fn risk_answers(ids: &[&str], expires: &str) -> String {
    ids.iter()
        .map(|id| {
            format!(
                "[[answer]]\nid = \"csmm.risk.{id}\"\nanswer = \"yes\"\nevidence = \"risk register\"\ndate = 2026-01-10\nexpires = {expires}\n\n"
            )
        })
        .collect()
}

fn empty_org() -> maturity_evidence::Bundle {
    let id = account_id(1);
    bundle(scope(&[&id]), Value::Null, json!([account_with(&id, json!({}), json!({}))]))
}

/// Levels are cumulative: level 3 done does not count while level 2 is open.
#[test]
fn levels_are_cumulative() {
    let bundle = empty_org();
    let answers = risk_answers(&["3.1", "3.2", "4.1", "4.2"], "2027-01-10");
    assert_eq!(level(&assess_with(&bundle, &answers, "", &Config::default()), "risk"), 1);
    let answers = risk_answers(&["2.1", "2.2", "3.1", "3.2", "4.1", "4.2"], "2027-01-10");
    assert_eq!(level(&assess_with(&bundle, &answers, "", &Config::default()), "risk"), 4);
}

/// An unanswered (unknown) objective blocks its level and is named.
#[test]
fn unknown_blocks_its_level() {
    let bundle = empty_org();
    let answers = risk_answers(&["2.1", "3.1", "3.2"], "2027-01-10");
    let assessment = assess_with(&bundle, &answers, "", &Config::default());
    let risk = category(&assessment, "risk");
    assert_eq!(risk.level, 1);
    assert_eq!(risk.held_back_by.len(), 1);
    assert_eq!(
        (risk.held_back_by[0].objective.as_str(), risk.held_back_by[0].status),
        ("csmm.risk.2.2", Status::Unknown)
    );
    assert!(risk.reasons.iter().any(|r| r.contains("csmm.risk.2.2")), "{:?}", risk.reasons);
}

/// Answers count through their expiry day and not after; an expired one is listed.
#[test]
fn answers_expire() {
    let bundle = empty_org();
    let on_the_day = risk_answers(&["2.1", "2.2"], "2026-11-20");
    assert_eq!(level(&assess_with(&bundle, &on_the_day, "", &Config::default()), "risk"), 2);
    let day_before = risk_answers(&["2.1", "2.2"], "2026-11-19");
    let assessment = assess_with(&bundle, &day_before, "", &Config::default());
    assert_eq!(level(&assessment, "risk"), 1);
    assert_objective(&assessment, "csmm.risk.2.1", Status::Unknown);
    assert_eq!(assessment.answers.expired.len(), 2);
}

/// The gap is target minus level, never below zero; targets come from the configuration.
#[test]
fn targets_and_gap() {
    let bundle = empty_org();
    let answers = risk_answers(&["2.1", "2.2", "3.1", "3.2"], "2027-01-10");
    let mut config = Config::default();
    config.targets.insert("risk".to_owned(), 5);
    config.targets.insert("governance".to_owned(), 1);
    let assessment = assess_with(&bundle, &answers, "", &config);
    let risk = category(&assessment, "risk");
    assert_eq!((risk.level, risk.target, risk.gap), (3, 5, 2));
    let governance = category(&assessment, "governance");
    assert_eq!((governance.level, governance.target, governance.gap), (1, 1, 0));
    assert_eq!(category(&assessment, "iam").target, 3, "the default target");
}

/// Domain scores are means of their categories' levels, the program score the mean of all,
/// each to one decimal; a not-applicable category is left out of both.
#[test]
fn domain_and_program_means() {
    let bundle = empty_org();
    let answers = risk_answers(&["2.1", "2.2", "3.1", "3.2"], "2027-01-10");
    let assessment = assess_with(&bundle, &answers, "", &Config::default());
    let applicable: Vec<&maturity_assess::CategoryScore> = assessment
        .csmm
        .categories
        .iter()
        .filter(|c| serde_json::to_value(c).unwrap_or_default()["not_applicable"] != json!(true))
        .collect();
    assert!(applicable.len() < 12, "the empty account leaves some category not applicable");
    let mean = |levels: Vec<u8>| {
        let sum: f64 = levels.iter().map(|l| f64::from(*l)).sum();
        #[allow(clippy::cast_precision_loss)]
        let n = levels.len() as f64;
        (sum / n * 10.0).round() / 10.0
    };
    let program = mean(applicable.iter().map(|c| c.level).collect());
    assert!((assessment.csmm.program_score - program).abs() < 1e-9, "{} vs {program}", assessment.csmm.program_score);
    for domain in &assessment.csmm.domains {
        let expected = mean(applicable.iter().filter(|c| c.domain == domain.id).map(|c| c.level).collect());
        assert!((domain.score - expected).abs() < 1e-9, "{:?}: {} vs {expected}", domain.id, domain.score);
    }
    let procedural = assessment.csmm.domains.iter().find(|d| d.id == maturity_model::csmm::Domain::Procedural);
    assert!(procedural.is_some_and(|d| d.score > 1.0), "risk at level 3 lifts the procedural mean");
}

/// Serverless functions scanned by Inspector but not watched at run time: "code assessment **and**
/// real-time threat defenses" (workload.5.2) is not met on the scan half alone; with GuardDuty
/// Lambda Protection on as well, it is.
#[test]
fn serverless_needs_code_assessment_and_runtime_defense() {
    let id = account_id(1);
    let function = json!({"name": "orders", "arn": format!("arn:aws:lambda:{REGION}:{id}:function:orders"),
        "runtime": "python3.12", "package_type": "Zip", "env_var_names": [], "secret_like_env_vars": []});
    let detector = |lambda: &str| {
        json!({"ok": [{"detector_id": "d1", "status": "ENABLED", "threat_intel_sets": {"ok": []},
            "features": [{"name": "LAMBDA_NETWORK_LOGS", "status": lambda}]}]})
    };
    let with = |lambda: &str| {
        let region = json!({
            "lambda_functions": {"ok": [function.clone()]},
            "inspector_status": {"ok": {"state": "ENABLED", "ec2": "ENABLED", "ecr": "ENABLED",
                "lambda": "ENABLED", "lambda_code": "ENABLED"}},
            "guardduty_detectors": detector(lambda),
        });
        assess_bundle(&bundle(scope(&[&id]), Value::Null, json!([account_with(&id, json!({}), region)])))
    };
    let scanned_only = with("DISABLED");
    assert_ne!(objective(&scanned_only, "csmm.workload.5.2").status, Status::Met);
    assert_objective(&with("ENABLED"), "csmm.workload.5.2", Status::Met);
}
