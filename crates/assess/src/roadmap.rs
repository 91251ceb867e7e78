//! The roadmap: what blocks each capability's next phase and each category's target level, in
//! the order to do it.
//!
//! Items are ordered by the phase or level they unlock (lowest first), then by how many accounts
//! they affect (most first), then by id, so the list reads as "next, then after that".

use maturity_model::Catalogs;
use maturity_model::aws_smm::Phase;
use serde::{Deserialize, Serialize};

use crate::controls::ControlResult;
use crate::objectives::ObjectiveResult;
use crate::scoring::{CapabilityScore, CategoryScore};
use crate::status::Status;

/// The official home of the CSMM, for objectives (which have no page of their own).
pub const CSMM_URL: &str = "https://www.iansresearch.com/resources/cloud-security-maturity-model";

/// Which model a roadmap item advances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ModelId {
    /// AWS Security Maturity Model v2.
    AwsSmm,
    /// Cloud Security Maturity Model v2.
    Csmm,
}

/// One next step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RoadmapItem {
    /// The model it advances.
    pub model: ModelId,
    /// The capability or category id.
    pub area: String,
    /// The capability or category name.
    pub area_name: String,
    /// The phase or level it unlocks.
    pub unlocks: u8,
    /// The control or objective id.
    pub item: String,
    /// The control's name or the objective's statement.
    pub title: String,
    /// Its status now.
    pub status: Status,
    /// Accounts where it fails (0 for attested items).
    pub accounts_affected: u32,
    /// What to do, in our words.
    pub what_to_do: String,
    /// Why it is on the list.
    pub why: String,
    /// The official page.
    pub url: String,
}

pub(crate) fn build(
    catalogs: &Catalogs,
    capabilities: &[CapabilityScore],
    categories: &[CategoryScore],
    controls: &[ControlResult],
    objectives: &[ObjectiveResult],
) -> Vec<RoadmapItem> {
    let mut items = Vec::new();
    for capability in capabilities {
        let Some(next) = Phase::new(capability.phase + 1) else { continue };
        for control in
            catalogs.aws_smm.controls.iter().filter(|c| c.capability.id() == capability.id && c.phase == next)
        {
            let Some(result) = controls.iter().find(|r| r.id == control.id) else { continue };
            if result.status.is_done() {
                continue;
            }
            items.push(RoadmapItem {
                model: ModelId::AwsSmm,
                area: capability.id.clone(),
                area_name: capability.name.clone(),
                unlocks: next.number(),
                item: control.id.clone(),
                title: control.name.clone(),
                status: result.status,
                accounts_affected: u32::try_from(result.failing_accounts.len()).unwrap_or(u32::MAX),
                what_to_do: control.summary.clone(),
                why: result.reasons.first().cloned().unwrap_or_default(),
                url: control.url.clone(),
            });
        }
    }
    for category_score in categories.iter().filter(|c| c.level < c.target) {
        let Some(category) = catalogs.csmm.category(&category_score.id) else { continue };
        for level in
            category.levels.iter().filter(|l| l.level > category_score.level && l.level <= category_score.target)
        {
            for objective in &level.objectives {
                let Some(result) = objectives.iter().find(|r| r.id == objective.id) else { continue };
                if result.status.is_done() {
                    continue;
                }
                let affected = objective
                    .aws_smm
                    .iter()
                    .filter_map(|id| controls.iter().find(|c| &c.id == id))
                    .map(|c| c.failing_accounts.len())
                    .max()
                    .unwrap_or(0);
                let via = if objective.aws_smm.is_empty() {
                    String::new()
                } else {
                    format!(" Evidenced by: {}.", objective.aws_smm.join(", "))
                };
                items.push(RoadmapItem {
                    model: ModelId::Csmm,
                    area: category.id.clone(),
                    area_name: category.name.clone(),
                    unlocks: level.level,
                    item: objective.id.clone(),
                    title: objective.statement.clone(),
                    status: result.status,
                    accounts_affected: u32::try_from(affected).unwrap_or(u32::MAX),
                    what_to_do: format!("Make this hold ({} coverage).{via}", objective.quantifier.id()),
                    why: result.reasons.first().cloned().unwrap_or_default(),
                    url: CSMM_URL.to_owned(),
                });
            }
        }
    }
    items.sort_by(|a, b| {
        (a.unlocks, std::cmp::Reverse(a.accounts_affected), a.model, &a.item).cmp(&(
            b.unlocks,
            std::cmp::Reverse(b.accounts_affected),
            b.model,
            &b.item,
        ))
    });
    items
}
