//! The check registry and the catalog agree: every check evidences a control, every check a
//! control names exists, ids are unique kebab-case, sorted, and every check is documented.

use maturity_checks::CHECKS;
use maturity_model::Catalogs;

fn catalogs() -> &'static Catalogs {
    Catalogs::builtin().unwrap_or_else(|e| panic!("catalogs: {e:?}"))
}

#[test]
fn every_catalog_check_is_registered() {
    let registered: Vec<&str> = CHECKS.iter().map(|c| c.meta().id).collect();
    for control in &catalogs().aws_smm.controls {
        for check in &control.checks {
            assert!(registered.contains(&check.as_str()), "{} names unknown check {check}", control.id);
        }
    }
}

/// Checks a CSMM objective names directly (`check:<id>` leaves of its evidence expression).
fn csmm_check_leaves() -> Vec<(String, String)> {
    catalogs()
        .csmm
        .objectives()
        .flat_map(|o| o.expression.iter().flat_map(|e| e.checks()).map(|check| (o.id.clone(), check)))
        .collect()
}

#[test]
fn every_csmm_check_leaf_is_registered() {
    let registered: Vec<&str> = CHECKS.iter().map(|c| c.meta().id).collect();
    for (objective, check) in csmm_check_leaves() {
        assert!(registered.contains(&check.as_str()), "{objective} names unknown check {check}");
    }
}

/// Every check evidences an AWS SMM control, or a CSMM objective that names it directly (a check
/// whose subject no control asks for, such as data access logging).
#[test]
fn every_registered_check_evidences_a_control_or_an_objective() {
    let named = catalogs().aws_smm.check_ids();
    let leaves = csmm_check_leaves();
    for check in CHECKS {
        let id = check.meta().id;
        assert!(
            named.contains(&id) || leaves.iter().any(|(_, leaf)| leaf == id),
            "{id} is in no control's `checks` and no CSMM objective names it"
        );
    }
}

#[test]
fn ids_are_unique_sorted_kebab_case() {
    let ids: Vec<&str> = CHECKS.iter().map(|c| c.meta().id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "CHECKS must be sorted by id, without duplicates");
    for id in ids {
        assert!(id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{id}");
    }
}

#[test]
fn every_check_documents_what_why_and_how() {
    for check in CHECKS {
        let meta = check.meta();
        let doc = meta.documentation();
        for section in ["## What it checks", "## Why it matters", "## How to fix"] {
            assert!(doc.contains(section), "{} lacks `{section}`", meta.id);
        }
        assert!(!meta.title.starts_with("Ensure"), "{}: state the desired state", meta.id);
        assert!(meta.title.len() <= 100, "{}: title too long", meta.id);
    }
}

/// The categories no API can evidence, each with why: their objectives are attested only.
const ATTESTED_CATEGORIES: [(&str, &str); 1] = [(
    "risk",
    "provider and project risk management is a process: posture data in Security Hub or Config is \
     necessary for csmm.risk.5.2 but does not show that risk profiles are updated from it",
)];

/// Every CSMM category but the listed ones has an objective the scan can evidence: one whose
/// evidence is automated (or either) and whose expression names a control with checks or a check.
/// A listed category must really have none, so the list cannot go stale.
#[test]
fn every_csmm_category_has_an_automated_objective() {
    let catalogs = catalogs();
    for category in &catalogs.csmm.categories {
        let automated: Vec<&str> = category
            .objectives()
            .filter(|o| o.evidence != maturity_model::csmm::EvidenceKind::Attested)
            .filter(|o| {
                o.aws_smm.iter().any(|id| catalogs.aws_smm.control(id).is_some_and(|c| !c.checks.is_empty()))
                    || o.expression.as_ref().is_some_and(|e| !e.checks().is_empty())
            })
            .map(|o| o.id.as_str())
            .collect();
        let exempt = ATTESTED_CATEGORIES.iter().any(|(id, _)| *id == category.id);
        if exempt {
            assert!(
                automated.is_empty(),
                "{} is listed as attested only, but {automated:?} are automated",
                category.id
            );
        } else {
            assert!(
                !automated.is_empty(),
                "CSMM category {} has no objective an automated check evidences",
                category.id
            );
        }
    }
}

/// At least 55 of the 74 AWS SMM controls have an automated check; the others are attested
/// (they are in `maturity questionnaire --template`).
#[test]
fn at_least_55_controls_are_automated() {
    let controls = &catalogs().aws_smm.controls;
    let automated = controls.iter().filter(|c| !c.checks.is_empty()).count();
    assert_eq!(controls.len(), 74);
    assert!(automated >= 55, "only {automated} of 74 controls have checks");
}
