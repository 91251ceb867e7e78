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

#[test]
fn every_registered_check_evidences_a_control() {
    let named = catalogs().aws_smm.check_ids();
    for check in CHECKS {
        assert!(named.contains(&check.meta().id), "{} is in no control's `checks`", check.meta().id);
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

/// Every CSMM category has an objective the scan can evidence: one whose evidence is automated
/// (or either) and whose crosswalk names a control with checks. No category is exempt: even the
/// process-heavy ones (governance, risk) have one objective that Security Hub or Config evidence.
#[test]
fn every_csmm_category_has_an_automated_objective() {
    let catalogs = catalogs();
    for category in &catalogs.csmm.categories {
        let automated: Vec<&str> = category
            .objectives()
            .filter(|o| o.evidence != maturity_model::csmm::EvidenceKind::Attested)
            .filter(|o| o.aws_smm.iter().any(|id| catalogs.aws_smm.control(id).is_some_and(|c| !c.checks.is_empty())))
            .map(|o| o.id.as_str())
            .collect();
        assert!(!automated.is_empty(), "CSMM category {} has no objective an automated check evidences", category.id);
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
