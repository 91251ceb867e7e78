//! `/assessments/{id}/objectives/{objective}`: one CSMM objective in one saved assessment: its
//! statement, status and what decided it, the AWS SMM controls that evidence it (linked), and its
//! status in every saved assessment. Read from the assessment's head: an objective's page shows
//! no finding.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maturity_assess::Status;
use maturity_report::html::{badge, prose};
use maud::html;

use super::history::{self, Kind};
use super::{Prefixes, saved_id, scope};
use crate::error::PageError;
use crate::layout;
use crate::state::AppState;

/// `GET /assessments/{id}/objectives/{objective}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    Path((id, objective_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = saved_id(&id)?;
    let head = state.assessments.head(id).await?;
    let assessment = head.without_findings();
    let objective = state
        .catalogs
        .csmm
        .objective(&objective_id)
        .ok_or_else(|| PageError::NotFound(format!("The CSMM has no objective `{objective_id}`.")))?;
    let category = state.catalogs.csmm.category(&objective.category);
    let result = assessment.csmm.objectives.iter().find(|r| r.id == objective.id);
    let history = history::table(&state, Kind::Objective, &objective.id, id).await?;
    let prefixes = Prefixes::new(id);
    let links = prefixes.links();
    let body = html! {
        h2 #objective-title data-objective=(objective.id) {
            code { (objective.id) } " " (badge(result.map_or(Status::Unknown, |r| r.status)))
        }
        p.muted { "Assessment " (id) " · " (scope(assessment)) }
        section.card #objective-status {
            p.lead { (objective.statement) }
            dl.facts {
                dt { "Category" } dd { (category.map_or(objective.category.as_str(), |c| c.name.as_str())) }
                dt { "Level" } dd { (objective.level) " · " (maturity_model::csmm::level_name(objective.level)) }
                dt { "Judged" } dd { (objective.quantifier.id()) " of " (objective.unit.id()) }
                @if !objective.aws_smm.is_empty() {
                    dt { "AWS SMM controls" }
                    dd { @for control in &objective.aws_smm { a href=(links.control(control)) { code { (control) } } " " } }
                }
                @if !objective.checks.is_empty() {
                    dt { "Checks" } dd { @for check in &objective.checks { code { (check) } " " } }
                }
                @if let Some(result) = result {
                    @if let Some(units) = &result.units {
                        dt { "Units" }
                        dd {
                            "holds in " (units.holding) " of " (units.in_scope) " " (units.unit)
                            " (in use in " (units.in_use) ", unknown in " (units.unknown) ")"
                        }
                    }
                    @if let Some(answer) = &result.answer {
                        dt { "Answer" }
                        dd {
                            (answer.answer.id()) " · given " (answer.date) ", valid until " (answer.expires)
                            @if let Some(owner) = &answer.owner { " · " (owner) }
                        }
                    }
                    @if let Some(conflict) = &result.conflict { dt { "Conflict" } dd { (prose(conflict)) } }
                }
            }
            @match result {
                None => p { "This assessment has no result for this objective (it was made with another catalog)." },
                Some(result) => {
                    h3 { "Why this status" }
                    ul #reasons { @for reason in &result.reasons { li { (prose(reason)) } } }
                },
            }
        }
        (history)
    };
    let name = format!("Assessment {id}");
    let crumbs = [("Overview", "/".to_owned()), (name.as_str(), prefixes.assessment.clone())];
    Ok(layout::respond(StatusCode::OK, layout::page(&objective.id, &crumbs, body, state.access)))
}
