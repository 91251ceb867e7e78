//! The built-in catalogs load without a single problem and match the published models.

use std::collections::BTreeMap;

use maturity_model::Catalogs;
use maturity_model::aws_smm::{Capability, Phase};
use maturity_model::csmm::Domain;

fn catalogs() -> &'static Catalogs {
    match Catalogs::builtin() {
        Ok(catalogs) => catalogs,
        Err(errors) => {
            let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
            panic!("built-in catalogs are invalid:\n{}", shown.join("\n"));
        }
    }
}

#[test]
fn aws_smm_has_74_controls_16_20_20_18() {
    let mut per_phase = BTreeMap::new();
    for control in &catalogs().aws_smm.controls {
        *per_phase.entry(control.phase.number()).or_insert(0) += 1;
    }
    assert_eq!(per_phase, BTreeMap::from([(1, 16), (2, 20), (3, 20), (4, 18)]));
}

#[test]
fn every_capability_has_controls() {
    for capability in Capability::ALL {
        assert!(catalogs().aws_smm.capability_controls(capability).count() > 0, "{capability}");
    }
}

/// The phase and grid name of every control as the reference table gives them (the phase is the
/// official URL folder), kept as facts in `reference-phases.csv`.
#[test]
fn phases_and_names_match_the_reference_table() {
    let reference = include_str!("reference-phases.csv");
    let mut expected = BTreeMap::new();
    for line in reference.lines().filter(|l| !l.starts_with('#')) {
        let mut cells = line.splitn(3, ',');
        let (Some(slug), Some(phase), Some(name)) = (cells.next(), cells.next(), cells.next()) else {
            panic!("bad reference line: {line}");
        };
        expected.insert(slug.to_owned(), (phase.parse::<u8>().unwrap_or(0), name.to_owned()));
    }
    assert_eq!(expected.len(), 74, "reference table rows");
    let actual: BTreeMap<String, (u8, String)> =
        catalogs().aws_smm.controls.iter().map(|c| (c.id.clone(), (c.phase.number(), c.name.clone()))).collect();
    assert_eq!(actual, expected);
}

#[test]
fn three_controls_record_an_alternative_phase() {
    let mut with_alternative: Vec<&str> =
        catalogs().aws_smm.controls.iter().filter(|c| c.alternative_phase.is_some()).map(|c| c.id.as_str()).collect();
    with_alternative.sort_unstable();
    assert_eq!(with_alternative, ["acm", "identify-sensitive-data", "zero-trust"]);
}

#[test]
fn csmm_has_3_domains_12_categories_and_48_to_144_objectives() {
    let csmm = &catalogs().csmm;
    assert_eq!(csmm.categories.len(), 12);
    for domain in Domain::ALL {
        assert_eq!(csmm.domain_categories(domain).count(), 4, "{domain}");
    }
    let objectives = csmm.objectives().count();
    assert!((48..=144).contains(&objectives), "{objectives} objectives");
    for category in &csmm.categories {
        assert_eq!(category.levels.len(), 5, "{}", category.id);
        assert!(category.levels[0].objectives.is_empty(), "{} level 1", category.id);
        for level in &category.levels[1..] {
            assert!((1..=3).contains(&level.objectives.len()), "{} level {}", category.id, level.level);
        }
        assert!(category.objectives().any(|o| !o.aws_smm.is_empty()), "{} has no crosswalk", category.id);
    }
}

#[test]
fn every_crosswalk_link_names_a_control() {
    let catalogs = catalogs();
    for objective in catalogs.csmm.objectives() {
        for control in &objective.aws_smm {
            assert!(catalogs.aws_smm.control(control).is_some(), "{} → {control}", objective.id);
        }
    }
}

#[test]
fn ids_are_unique_across_both_models() {
    let catalogs = catalogs();
    let mut ids: Vec<&str> = catalogs.aws_smm.controls.iter().map(|c| c.id.as_str()).collect();
    ids.extend(catalogs.csmm.objectives().map(|o| o.id.as_str()));
    ids.extend(catalogs.csmm.categories.iter().map(|c| c.id.as_str()));
    let total = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), total);
}

#[test]
fn phase_and_capability_names_are_the_models() {
    assert_eq!(Phase::QUICK_WINS.name(), "Quick Wins");
    assert_eq!(Phase::OPTIMIZED.url_folder(), "4.-optimized");
    assert_eq!(Capability::Resiliency.id(), "resiliency");
}
