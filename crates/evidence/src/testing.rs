//! Evidence bundles for tests, from fixtures that state only what their test is about
//! (feature `testing`).
//!
//! A check's fixture used to spell out a whole bundle: the collector, the scope, and every fact of
//! every family the check walks, most of them "collected, nothing there". Adding a fact to a
//! family then meant editing the fixtures of every check that walks it. Here a fixture is partial
//! JSON, and [`complete`] fills in what it leaves out:
//!
//! - `schema_version` and `collector`: this build's version and a fixed fixture collector;
//! - `scope`: the bundle's accounts, and every region any of them was scanned in;
//! - an account's `enabled_regions`: the regions it was scanned in, but those the collector marked
//!   not enabled (every fact written for the region is unavailable);
//! - every fact named in `testing_defaults.json`: a list fact is collected and empty
//!   (`{"ok": []}`), an optional setting collected and not configured (`{"ok": null}`); in a region
//!   whose written facts are all unavailable (not enabled), nothing is filled in.
//!
//! Every other fact left out (a flag, a status, a summary) stays not collected. A fixture about a
//! fact the collector did not gather says so: `"lambda_functions": "not_collected"`.
//! `scripts/strip-fixture-defaults.py` removes from fixtures what equals these defaults.

use std::path::Path;

use maturity_input::InputError;
use serde_json::{Map, Value, json};

use crate::{Bundle, SCHEMA_VERSION};

/// The defaults of facts left out, shared with `scripts/strip-fixture-defaults.py`.
const DEFAULTS: &str = include_str!("testing_defaults.json");

/// The bundle a fixture file describes, completed by [`complete`].
///
/// # Errors
/// The file cannot be read, is not JSON, or its completion is not a valid bundle. A JSON syntax
/// error names the fixture's line; an error in the completed bundle names the field, at a line of
/// the completed text.
pub fn bundle_from_fixture(path: &Path) -> Result<Bundle, InputError> {
    let file = path.display().to_string();
    let text = maturity_input::read_to_string(path)?;
    let partial: Value = maturity_input::from_json_str(&file, &text)?;
    let completed = serde_json::to_string_pretty(&complete(partial)).unwrap_or_default();
    Bundle::from_json(&file, &completed)
}

/// The fixture with every part it leaves out filled in (see the module documentation). A value
/// that is not a JSON object is returned as it is, for the parser to reject.
#[must_use]
pub fn complete(mut fixture: Value) -> Value {
    let defaults: Value = serde_json::from_str(DEFAULTS).unwrap_or_default();
    let Some(bundle) = fixture.as_object_mut() else {
        return fixture;
    };
    bundle.entry("schema_version").or_insert_with(|| json!(SCHEMA_VERSION));
    bundle.entry("collector").or_insert_with(default_collector);
    if let Some(accounts) = bundle.get_mut("accounts").and_then(Value::as_array_mut) {
        for account in accounts.iter_mut().filter_map(Value::as_object_mut) {
            complete_account(account, &defaults);
        }
    }
    if !bundle.contains_key("scope") {
        let scope = default_scope(bundle.get("accounts"));
        bundle.insert("scope".to_owned(), scope);
    }
    bundle.entry("accounts").or_insert_with(|| json!([]));
    fixture
}

/// The collector every fixture is read as written by, unless it says otherwise.
fn default_collector() -> Value {
    json!({"tool": "maturity", "version": "fixture", "collected_at": "2026-11-01T00:00:00Z"})
}

/// The scope of a bundle with these accounts: their ids, and every region any was scanned in.
fn default_scope(accounts: Option<&Value>) -> Value {
    let accounts = accounts.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let ids: Vec<&Value> = accounts.iter().filter_map(|a| a.get("account_id")).collect();
    let mut regions: Vec<&String> =
        accounts.iter().filter_map(|a| a.get("regions")?.as_object()).flat_map(Map::keys).collect();
    regions.sort();
    regions.dedup();
    json!({"accounts": ids, "regions": regions})
}

fn complete_account(account: &mut Map<String, Value>, defaults: &Value) {
    let mut enabled = Vec::new();
    if let Some(regions) = account.get_mut("regions").and_then(Value::as_object_mut) {
        for (name, facts) in regions.iter_mut() {
            let Some(facts) = facts.as_object_mut() else { continue };
            if !is_not_enabled(facts) {
                enabled.push(Value::String(name.clone()));
                fill(facts, &defaults["region"]);
            }
        }
    }
    enabled.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    let global = account.entry("global").or_insert_with(|| json!({}));
    if let Some(global) = global.as_object_mut() {
        global.entry("enabled_regions").or_insert_with(|| json!({"ok": enabled}));
        fill(global, &defaults["global"]);
    }
}

/// Whether the collector marked the region not enabled: it wrote facts, all unavailable.
fn is_not_enabled(facts: &Map<String, Value>) -> bool {
    !facts.is_empty() && facts.values().all(|fact| fact.get("unavailable").is_some())
}

fn fill(facts: &mut Map<String, Value>, defaults: &Value) {
    let Some(defaults) = defaults.as_object() else { return };
    for (name, value) in defaults {
        facts.entry(name.as_str()).or_insert_with(|| value.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{GlobalFacts, RegionFacts};

    fn defaults() -> Value {
        serde_json::from_str(DEFAULTS).unwrap_or_else(|e| panic!("testing_defaults.json: {e}"))
    }

    #[test]
    fn every_default_names_a_fact_and_parses_as_it() {
        let defaults = defaults();
        let global: Vec<&str> = GlobalFacts::default().fact_states().into_iter().map(|(name, _)| name).collect();
        let region: Vec<&str> = RegionFacts::default().fact_states().into_iter().map(|(name, _)| name).collect();
        for (part, known) in [("global", &global), ("region", &region)] {
            for name in defaults[part].as_object().map(Map::keys).into_iter().flatten() {
                assert!(known.contains(&name.as_str()), "{part} default {name} names no fact");
            }
        }
        let global: Result<GlobalFacts, _> = serde_json::from_value(defaults["global"].clone());
        let region: Result<RegionFacts, _> = serde_json::from_value(defaults["region"].clone());
        assert!(global.is_ok() && region.is_ok(), "{global:?} {region:?}");
    }

    #[test]
    fn a_one_account_fixture_becomes_a_whole_bundle() {
        let partial = json!({"accounts": [{"account_id": "111111111111", "regions": {"eu-west-1": {}}}]});
        let text = complete(partial).to_string();
        let bundle = Bundle::from_json("fixture.json", &text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(bundle.scope.accounts, ["111111111111"]);
        assert_eq!(bundle.scope.regions, ["eu-west-1"]);
        let account = &bundle.accounts[0];
        assert_eq!(account.global.enabled_regions.get().ok(), Some(&vec!["eu-west-1".to_owned()]));
        assert_eq!(account.global.s3_buckets.get().map(Vec::len).ok(), Some(0));
        let region = &account.regions["eu-west-1"];
        assert_eq!(region.lambda_functions.get().map(Vec::len).ok(), Some(0));
        assert!(region.securityhub_hub.get().is_ok_and(Option::is_none));
        assert!(region.ec2_ebs_encryption_by_default.is_not_collected(), "a flag has no default");
    }

    #[test]
    fn what_a_fixture_states_wins_over_a_default() {
        let partial = json!({"accounts": [{"account_id": "111111111111", "regions": {"eu-west-1": {
            "lambda_functions": "not_collected",
            "kms_keys": {"denied": {"action": "kms:ListKeys"}},
        }}}]});
        let bundle =
            Bundle::from_json("fixture.json", &complete(partial).to_string()).unwrap_or_else(|e| panic!("{e}"));
        let region = &bundle.accounts[0].regions["eu-west-1"];
        assert!(region.lambda_functions.is_not_collected());
        assert!(region.kms_keys.get().is_err());
        assert!(region.ec2_instances.get().is_ok());
    }

    #[test]
    fn a_region_not_enabled_gets_no_default_and_is_not_listed_as_enabled() {
        let off = json!({"unavailable": {"why": "the region is not enabled for this account"}});
        let partial = json!({"accounts": [{"account_id": "111111111111", "regions": {
            "ap-east-1": {"ec2_instances": off, "kms_keys": off},
            "eu-west-1": {},
        }}]});
        let bundle =
            Bundle::from_json("fixture.json", &complete(partial).to_string()).unwrap_or_else(|e| panic!("{e}"));
        let account = &bundle.accounts[0];
        assert_eq!(account.global.enabled_regions.get().ok(), Some(&vec!["eu-west-1".to_owned()]));
        assert!(account.regions["ap-east-1"].lambda_functions.is_not_collected());
        assert_eq!(bundle.scope.regions, ["ap-east-1", "eu-west-1"]);
    }
}
