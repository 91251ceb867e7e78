//! Building scenario bundles and reading the assessment of them.

#![allow(dead_code, reason = "each scenario module uses the part it needs")]

use chrono::NaiveDate;
use maturity_assess::{Answers, Exceptions, Inputs, assess};
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
    Bundle::from_json("scenario.json", &text.to_string()).unwrap_or_else(|e| panic!("scenario bundle: {e}"))
}

/// Assesses a bundle with answers and exceptions (TOML text, empty for none) and a config.
pub(crate) fn assess_with(bundle: &Bundle, answers: &str, exceptions: &str, config: &Config) -> Assessment {
    let catalogs = catalogs();
    let answers = Answers::parse("answers.toml", answers, catalogs, 365).unwrap_or_else(|e| panic!("{e}"));
    let checks: Vec<&str> = CHECKS.iter().map(|c| c.meta().id).collect();
    let exceptions =
        Exceptions::parse("exceptions.toml", exceptions, catalogs, &checks).unwrap_or_else(|e| panic!("{e}"));
    assess(&Inputs { catalogs, bundle, answers: &answers, exceptions: &exceptions, config, as_of: as_of() })
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
