//! Files of other versions of `maturity`. A version-1 evidence bundle, written before the facts of
//! version 2 were collected (the demo organization as the collector of 2026-11-23 wrote it, commit
//! 91756a8), still assesses: what it lacks reads as not collected, so the controls and objectives
//! that rest on it are unknown, never met or not met. A saved assessment of a newer schema is
//! refused with a message to upgrade.

use std::path::Path;

use chrono::NaiveDate;
use maturity_assess::{ASSESSMENT_SCHEMA_VERSION, Answers, Assessment, Config, Exceptions, Settings, Status, assess};
use maturity_checks::FindingStatus;
use maturity_evidence::Bundle;
use maturity_model::Catalogs;

const VERSION_1: &str = "tests/fixtures/bundle-schema-1.json";

fn catalogs() -> &'static Catalogs {
    Catalogs::builtin().unwrap_or_else(|problems| panic!("{problems:?}"))
}

fn assessed(bundle: &Bundle) -> Assessment {
    let settings = Settings {
        catalogs: catalogs(),
        answers: &Answers::default(),
        exceptions: &Exceptions::default(),
        config: &Config::default(),
        as_of: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default(),
    };
    assess(&settings, bundle)
}

#[test]
fn a_version_1_bundle_assesses_and_what_it_lacks_is_unknown() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(VERSION_1);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for added in ["enabled_regions", "iam_principals", "config_aggregators", "ec2_transit_gateway", "acl_grants"] {
        assert!(!text.contains(added), "the version-1 bundle holds `{added}`, a fact of version 2");
    }
    let bundle = Bundle::from_path(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bundle.schema_version, 1);
    assert!(bundle.accounts.iter().all(|a| a.global.iam_principals.is_not_collected()));

    let assessment = assessed(&bundle);
    assert!(!assessment.findings.is_empty());
    // Each rests on a fact version 1 did not have: the accounts' enabled regions (choose-regions),
    // their users, groups and roles (iam-least-privilege), Config aggregators
    // (multi-account-management), transit gateways (csmm.network.3.2).
    for id in ["choose-regions", "iam-least-privilege", "multi-account-management"] {
        let control = assessment.aws_smm.controls.iter().find(|c| c.id == id);
        assert_eq!(control.map(|c| c.status), Some(Status::Unknown), "{id}: {control:?}");
    }
    let objective = assessment.csmm.objectives.iter().find(|o| o.id == "csmm.network.3.2");
    assert_eq!(objective.map(|o| o.status), Some(Status::Unknown), "{objective:?}");
    // A check that reads only facts of version 2 decides nothing.
    let transit: Vec<_> = assessment.findings.iter().filter(|f| f.finding.check == "transit-gateway-in-use").collect();
    assert!(!transit.is_empty());
    for finding in transit {
        assert_eq!(finding.finding.status, FindingStatus::Inconclusive, "{:?}", finding.finding);
    }
}

#[test]
fn the_demo_evidence_is_of_this_version() {
    let text = include_str!("../../demo/data/evidence.json");
    let bundle = Bundle::from_json("demo/evidence.json", text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bundle.schema_version, maturity_evidence::SCHEMA_VERSION);
}

#[test]
fn a_saved_assessment_of_a_newer_schema_asks_for_an_upgrade() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(VERSION_1);
    let assessment = assessed(&Bundle::from_path(&path).unwrap_or_else(|e| panic!("{e}")));
    let mut json = serde_json::to_value(&assessment).unwrap_or_else(|e| panic!("{e}"));
    let text = json.to_string();
    assert_eq!(
        Assessment::from_json("assessment.json", &text).map(|a| a.schema_version),
        Ok(ASSESSMENT_SCHEMA_VERSION)
    );

    let newer = ASSESSMENT_SCHEMA_VERSION + 1;
    json["schema_version"] = newer.into();
    let err = Assessment::from_json("assessment.json", &json.to_string()).expect_err("newer");
    assert_eq!((err.file.as_str(), err.field.as_str()), ("assessment.json", "schema_version"), "{err}");
    assert!(err.message.starts_with(&format!("written by a newer maturity (schema {newer}); upgrade")), "{err}");
}
