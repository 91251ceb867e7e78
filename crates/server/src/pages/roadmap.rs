//! `/assessments/{id}/roadmap`: the report's roadmap of one saved assessment, each step linking to
//! its control's or objective's page. Read from the assessment's head: a roadmap needs no finding.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::{Prefixes, saved_id, scope};
use crate::error::PageError;
use crate::layout;
use crate::state::AppState;

/// `GET /assessments/{id}/roadmap`.
pub(crate) async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let id = saved_id(&id)?;
    let head = state.assessments.head(id).await?;
    let assessment = head.without_findings();
    let prefixes = Prefixes::new(id);
    let body = html! {
        h2 #assessment-title data-id=(id) { "Roadmap of assessment " (id) " · " (scope(assessment)) }
        (maturity_report::html::roadmap(assessment, prefixes.links()))
    };
    let name = format!("Assessment {id}");
    let crumbs = [("Overview", "/".to_owned()), (name.as_str(), prefixes.assessment.clone())];
    let title = format!("Roadmap of assessment {id}");
    Ok(layout::respond(StatusCode::OK, layout::page(&title, &crumbs, body, state.access)))
}
