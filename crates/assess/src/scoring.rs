//! Phases of the AWS SMM capabilities and levels of the CSMM categories, each with the reasons
//! that hold it where it is.
//!
//! A capability is in phase P when every control of phases 1..P is met or not applicable; the
//! organization's phase is the lowest over the capabilities. A category is at level L when every
//! objective of levels 2..L is met or answered not applicable (level 1 is the floor); an
//! objective without a result blocks its level like an unknown one. A category where nothing in
//! the whole organization is in scope for any objective's evidence, and nobody answered, is shown
//! as not applicable: level 1 with that said, no gap, and left out of the domain and program
//! means (which are means of the other categories' levels, to one decimal).

use maturity_model::Catalogs;
use maturity_model::aws_smm::{Capability, Phase};
use maturity_model::csmm::{Domain, level_description, level_name};
use serde::{Deserialize, Serialize};

use crate::controls::ControlResult;
use crate::objectives::ObjectiveResult;
use crate::status::Status;

/// Progress of one capability within one phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PhaseProgress {
    /// The phase, 1 to 4.
    pub phase: u8,
    /// Controls of the phase.
    pub total: u32,
    /// Met controls.
    pub met: u32,
    /// Not-applicable controls.
    pub not_applicable: u32,
    /// Met controls as a percent of the applicable ones (100 when none applies).
    pub met_percent: f64,
}

/// Where one capability stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CapabilityScore {
    /// The capability's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The phase reached, 0 (not even Quick Wins) to 4.
    pub phase: u8,
    /// Met controls as a percent of the applicable ones, all phases.
    pub met_percent: f64,
    /// Per phase progress.
    pub phases: Vec<PhaseProgress>,
    /// Why it is not in the next phase.
    pub reasons: Vec<String>,
}

/// Where one CSMM category stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CategoryScore {
    /// The category's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its domain.
    pub domain: Domain,
    /// The level reached, 1 to 5.
    pub level: u8,
    /// The level's name as the chart gives it (empty for level 1, which it does not name).
    pub level_name: String,
    /// The chart's description of the level, in our own words.
    #[serde(default)]
    pub level_description: String,
    /// Nothing in the organization is in scope for this category and nobody answered for it:
    /// its level says nothing and it is left out of the means.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_applicable: bool,
    /// The target level.
    pub target: u8,
    /// Target minus level, never below zero.
    pub gap: u8,
    /// Why it is not at the next level.
    pub reasons: Vec<String>,
    /// The objectives of the next level that are not yet done, with their status.
    #[serde(default)]
    pub held_back_by: Vec<HeldBackBy>,
}

/// An objective that keeps a category below the next level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HeldBackBy {
    /// The objective's id.
    pub objective: String,
    /// Its status.
    pub status: Status,
}

/// Mean level of one domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DomainScore {
    /// The domain's id.
    pub id: Domain,
    /// Mean of its categories' levels, one decimal.
    pub score: f64,
}

fn percent(met: u32, applicable: u32) -> f64 {
    if applicable == 0 { 100.0 } else { round1(f64::from(met) * 100.0 / f64::from(applicable)) }
}

/// Rounds to one decimal.
pub(crate) fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

pub(crate) fn capabilities(catalogs: &Catalogs, controls: &[ControlResult]) -> Vec<CapabilityScore> {
    let status_of = |id: &str| controls.iter().find(|c| c.id == id).map_or(Status::Unknown, |c| c.status);
    Capability::ALL
        .into_iter()
        .map(|capability| {
            let members: Vec<_> = catalogs.aws_smm.capability_controls(capability).collect();
            let mut phase_reached = 0u8;
            let mut blocked = false;
            let mut reasons = Vec::new();
            let mut phases = Vec::new();
            for phase in Phase::ALL {
                let in_phase: Vec<_> = members.iter().filter(|c| c.phase == phase).collect();
                let count = |s: Status| {
                    u32::try_from(in_phase.iter().filter(|c| status_of(&c.id) == s).count()).unwrap_or(u32::MAX)
                };
                let (met, na) = (count(Status::Met), count(Status::NotApplicable));
                let total = u32::try_from(in_phase.len()).unwrap_or(u32::MAX);
                phases.push(PhaseProgress {
                    phase: phase.number(),
                    total,
                    met,
                    not_applicable: na,
                    met_percent: percent(met, total - na),
                });
                if blocked {
                    continue;
                }
                let open: Vec<_> = in_phase.iter().filter(|c| !status_of(&c.id).is_done()).collect();
                if open.is_empty() {
                    phase_reached = phase.number();
                } else {
                    blocked = true;
                    for control in open {
                        reasons.push(format!(
                            "Phase {} needs `{}` ({}), which is {}.",
                            phase.number(),
                            control.id,
                            control.name,
                            status_of(&control.id)
                        ));
                    }
                }
            }
            let met: u32 = phases.iter().map(|p| p.met).sum();
            let applicable: u32 = phases.iter().map(|p| p.total - p.not_applicable).sum();
            CapabilityScore {
                id: capability.id().to_owned(),
                name: capability.name().to_owned(),
                phase: phase_reached,
                met_percent: percent(met, applicable),
                phases,
                reasons,
            }
        })
        .collect()
}

pub(crate) fn categories(
    catalogs: &Catalogs,
    objectives: &[ObjectiveResult],
    target: impl Fn(&str) -> u8,
) -> Vec<CategoryScore> {
    catalogs
        .csmm
        .categories
        .iter()
        .map(|category| {
            let mut level = 1u8;
            let mut reasons = Vec::new();
            let mut held_back_by = Vec::new();
            let result_of = |id: &str| objectives.iter().find(|r| r.id == id);
            for catalog_level in category.levels.iter().filter(|l| l.level >= 2) {
                // An objective without a result is unknown: it blocks its level, never skipped.
                let open: Vec<(&str, &str, Status)> = catalog_level
                    .objectives
                    .iter()
                    .map(|o| (o.id.as_str(), o.statement.as_str(), result_of(&o.id).map_or(Status::Unknown, |r| r.status)))
                    .filter(|(_, _, status)| !status.is_done())
                    .collect();
                if open.is_empty() {
                    level = catalog_level.level;
                    continue;
                }
                for (id, statement, status) in open {
                    let missing = if result_of(id).is_none() { " (no result)" } else { "" };
                    reasons.push(format!("Level {} needs `{id}` ({statement}), which is {status}{missing}.", catalog_level.level));
                    held_back_by.push(HeldBackBy { objective: id.to_owned(), status });
                }
                break;
            }
            let not_applicable = category.objectives().next().is_some()
                && category.objectives().all(|o| {
                    result_of(&o.id).is_some_and(|r| r.nothing_in_scope && r.source != crate::status::Source::Attested)
                });
            if not_applicable {
                reasons.insert(
                    0,
                    "Not applicable: nothing in the organization is in scope for any of this category's evidence and nobody has answered for it, so its level says nothing (shown as 1, no gap, left out of the means). Answer its objectives if the organization does use what it covers elsewhere.".to_owned(),
                );
            }
            let target_level = target(&category.id);
            CategoryScore {
                id: category.id.clone(),
                name: category.name.clone(),
                domain: category.domain,
                level,
                level_name: level_name(level).to_owned(),
                level_description: level_description(level).to_owned(),
                not_applicable,
                target: target_level,
                gap: if not_applicable { 0 } else { target_level.saturating_sub(level) },
                reasons,
                held_back_by,
            }
        })
        .collect()
}

pub(crate) fn domains(categories: &[CategoryScore]) -> Vec<DomainScore> {
    Domain::ALL
        .into_iter()
        .map(|domain| {
            let levels: Vec<f64> = categories
                .iter()
                .filter(|c| c.domain == domain && !c.not_applicable)
                .map(|c| f64::from(c.level))
                .collect();
            DomainScore { id: domain, score: mean(&levels) }
        })
        .collect()
}

/// The program score: the mean level of the categories that apply.
pub(crate) fn program(categories: &[CategoryScore]) -> f64 {
    let levels: Vec<f64> = categories.iter().filter(|c| !c.not_applicable).map(|c| f64::from(c.level)).collect();
    mean(&levels)
}

pub(crate) fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    #[expect(clippy::cast_precision_loss, reason = "a handful of categories")]
    let count = values.len() as f64;
    round1(values.iter().sum::<f64>() / count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::Source;

    fn result(id: &str, category: &str, level: u8, status: Status) -> ObjectiveResult {
        ObjectiveResult {
            id: id.to_owned(),
            category: category.to_owned(),
            level,
            status,
            source: Source::Attested,
            units: None,
            nothing_in_scope: false,
            answer: None,
            conflict: None,
            reasons: Vec::new(),
        }
    }

    /// Every risk objective met except one that has no result at all: it blocks its level.
    #[test]
    fn an_objective_without_a_result_blocks_its_level() {
        let catalogs = Catalogs::builtin().unwrap_or_else(|e| panic!("{e:?}"));
        let risk = catalogs.csmm.category("risk").unwrap_or_else(|| panic!("risk"));
        let missing = "csmm.risk.3.1";
        let results: Vec<ObjectiveResult> = risk
            .objectives()
            .filter(|o| o.id != missing)
            .map(|o| result(&o.id, "risk", o.level, Status::Met))
            .collect();
        let scores = categories(catalogs, &results, |_| 3);
        let score = scores.iter().find(|c| c.id == "risk").unwrap_or_else(|| panic!("risk score"));
        assert_eq!(score.level, 2, "{:?}", score.reasons);
        assert_eq!(
            score.held_back_by.first().map(|h| (h.objective.as_str(), h.status)),
            Some((missing, Status::Unknown))
        );
        assert!(score.reasons.iter().any(|r| r.contains("no result")), "{:?}", score.reasons);
        assert_eq!(score.level_name, "Repeatable");
    }
}
