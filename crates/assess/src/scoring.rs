//! Phases of the AWS SMM capabilities and levels of the CSMM categories, each with the reasons
//! that hold it where it is.
//!
//! A capability is in phase P when every control of phases 1..P is met or not applicable; the
//! organization's phase is the lowest over the capabilities. A category is at level L when every
//! objective of levels 2..L is met or not applicable (level 1 is the floor); domain and program
//! scores are means of category levels, to one decimal.

use maturity_model::Catalogs;
use maturity_model::aws_smm::{Capability, Phase};
use maturity_model::csmm::{Domain, level_name};
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
    /// The level's name.
    pub level_name: String,
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
            for catalog_level in category.levels.iter().filter(|l| l.level >= 2) {
                let open: Vec<&ObjectiveResult> = catalog_level
                    .objectives
                    .iter()
                    .filter_map(|o| objectives.iter().find(|r| r.id == o.id))
                    .filter(|r| !r.status.is_done())
                    .collect();
                if open.is_empty() {
                    level = catalog_level.level;
                    continue;
                }
                for result in open {
                    let statement = category
                        .objectives()
                        .find(|o| o.id == result.id)
                        .map(|o| o.statement.as_str())
                        .unwrap_or_default();
                    reasons.push(format!(
                        "Level {} needs `{}` ({statement}), which is {}.",
                        catalog_level.level, result.id, result.status
                    ));
                    held_back_by.push(HeldBackBy { objective: result.id.clone(), status: result.status });
                }
                break;
            }
            let target_level = target(&category.id);
            CategoryScore {
                id: category.id.clone(),
                name: category.name.clone(),
                domain: category.domain,
                level,
                level_name: level_name(level).to_owned(),
                target: target_level,
                gap: target_level.saturating_sub(level),
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
            let levels: Vec<f64> =
                categories.iter().filter(|c| c.domain == domain).map(|c| f64::from(c.level)).collect();
            DomainScore { id: domain, score: mean(&levels) }
        })
        .collect()
}

pub(crate) fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    #[expect(clippy::cast_precision_loss, reason = "a handful of categories")]
    let count = values.len() as f64;
    round1(values.iter().sum::<f64>() / count)
}
