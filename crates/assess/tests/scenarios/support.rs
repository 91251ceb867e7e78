//! Building scenario bundles and reading the assessment of them.

#![allow(dead_code, reason = "each scenario module uses the part it needs")]

use chrono::NaiveDate;
use maturity_assess::{Answers, Exceptions, Settings, assess};
#[allow(unused_imports, reason = "re-exported for the scenario modules")]
pub(crate) use maturity_assess::{Assessment, Config, ControlResult, ObjectiveResult, Source, Status};
use maturity_checks::CHECKS;
use maturity_evidence::Bundle;
use maturity_model::Catalogs;
#[allow(unused_imports, reason = "re-exported for the scenario modules")]
pub(crate) use serde_json::{Value, json};

/// The built-in catalogs.
pub(crate) fn catalogs() -> &'static Catalogs {
    Catalogs::builtin().unwrap_or_else(|e| panic!("catalogs: {e:?}"))
}

/// The day every scenario is judged on.
pub(crate) fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
}

/// A bundle from the parts a scenario cares about: `scope` (accounts, regions, organization ids),
/// `accounts` (the `accounts` array as the collector writes it) and `organization` (or `null`).
/// The schema version and collector are filled in; the bundle goes through the same parser as a
/// file, so a value the format does not allow fails the scenario.
pub(crate) fn bundle(scope: Value, organization: Value, accounts: Value) -> Bundle {
    let mut text = json!({
        "schema_version": 1,
        "collector": {"tool": "maturity", "version": "scenario", "collected_at": "2026-11-19T08:00:00Z"},
        "scope": scope,
        "accounts": accounts,
    });
    if !organization.is_null() {
        text["organization"] = organization;
    }
    confirm_scanned_regions(&mut text);
    Bundle::from_json("scenario.json", &text.to_string()).unwrap_or_else(|e| panic!("scenario bundle: {e}"))
}

/// A healthy scan records each account's enabled regions (`ec2:DescribeRegions`). An account
/// whose `global` has no `enabled_regions` gets the regions it was scanned in (or, with none, the
/// scope's regions), so a scenario states only what it is about; scenarios about an unreadable
/// region list set the fact themselves (denied, failed).
fn confirm_scanned_regions(text: &mut Value) {
    let scope_regions = text["scope"]["regions"].clone();
    let Some(accounts) = text["accounts"].as_array_mut() else { return };
    for account in accounts {
        let scanned: Vec<Value> = account["regions"]
            .as_object()
            .map(|regions| regions.keys().map(|r| Value::String(r.clone())).collect())
            .unwrap_or_default();
        let enabled = if scanned.is_empty() { scope_regions.clone() } else { Value::Array(scanned) };
        if account.get("global").is_none_or(Value::is_null) {
            account["global"] = json!({});
        }
        if let Some(global) = account["global"].as_object_mut() {
            global.entry("enabled_regions").or_insert_with(|| json!({"ok": enabled}));
        }
    }
}

/// Assesses a bundle with answers and exceptions (TOML text, empty for none) and a config.
pub(crate) fn assess_with(bundle: &Bundle, answers: &str, exceptions: &str, config: &Config) -> Assessment {
    let catalogs = catalogs();
    let answers = Answers::parse("answers.toml", answers, catalogs, 365, as_of()).unwrap_or_else(|e| panic!("{e}"));
    let checks: Vec<&str> = CHECKS.iter().map(|c| c.meta().id).collect();
    let exceptions =
        Exceptions::parse("exceptions.toml", exceptions, catalogs, &checks).unwrap_or_else(|e| panic!("{e}"));
    assess(&Settings { catalogs, answers: &answers, exceptions: &exceptions, config, as_of: as_of() }, bundle)
}

/// Assesses a bundle without answers or exceptions, with the default config.
pub(crate) fn assess_bundle(bundle: &Bundle) -> Assessment {
    assess_with(bundle, "", "", &Config::default())
}

/// The result of one AWS SMM control.
pub(crate) fn control<'a>(assessment: &'a Assessment, id: &str) -> &'a ControlResult {
    assessment.aws_smm.controls.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no control {id}"))
}

/// The result of one CSMM objective.
pub(crate) fn objective<'a>(assessment: &'a Assessment, id: &str) -> &'a ObjectiveResult {
    assessment.csmm.objectives.iter().find(|o| o.id == id).unwrap_or_else(|| panic!("no objective {id}"))
}

/// The level of one CSMM category.
pub(crate) fn level(assessment: &Assessment, category: &str) -> u8 {
    assessment
        .csmm
        .categories
        .iter()
        .find(|c| c.id == category)
        .map_or_else(|| panic!("no category {category}"), |c| c.level)
}

/// The findings of one check as `(status, location, message)` lines, for assertion messages.
pub(crate) fn findings_of(assessment: &Assessment, check: &str) -> Vec<String> {
    assessment
        .findings
        .iter()
        .filter(|f| f.finding.check == check)
        .map(|f| format!("{} {} {}", f.finding.status, f.finding.location, f.finding.message))
        .collect()
}

/// Asserts a control's status, showing its reasons and its checks' findings when it differs.
#[track_caller]
pub(crate) fn assert_control(assessment: &Assessment, id: &str, expected: Status) {
    let result = control(assessment, id);
    if result.status != expected {
        let findings: Vec<String> = result.checks.iter().flat_map(|c| findings_of(assessment, &c.check)).collect();
        panic!(
            "control {id} is {}, expected {expected}\nreasons:\n  {}\nfindings:\n  {}",
            result.status,
            result.reasons.join("\n  "),
            findings.join("\n  ")
        );
    }
}

/// The `global` facts of an account that are always read on a healthy scan, plus `extra`.
pub(crate) fn account(id: &str, global: Value, regions: Value) -> Value {
    json!({"account_id": id, "global": global, "regions": regions})
}

/// The facts the collector writes for a region the account has not enabled: every one
/// unavailable for that reason.
pub(crate) fn region_not_enabled() -> Value {
    serde_json::to_value(maturity_evidence::RegionFacts::all_unavailable("the region is not enabled for this account"))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Every workload list of a region read and empty (instances, volumes, databases, load balancers,
/// functions, tables, file systems), for scenarios that need an idle region; `extra` adds facts.
pub(crate) fn idle_region(extra: Value) -> Value {
    let mut region = json!({
        "ec2_instances": {"ok": []}, "ec2_volumes": {"ok": []}, "rds_db_instances": {"ok": []},
        "elbv2_load_balancers": {"ok": []}, "lambda_functions": {"ok": []},
        "dynamodb_tables": {"ok": []}, "efs_file_systems": {"ok": []}
    });
    if let (Some(map), Some(more)) = (region.as_object_mut(), extra.as_object()) {
        map.extend(more.clone());
    }
    region
}
