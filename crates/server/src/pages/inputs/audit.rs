//! `/audit`: the audit trail, newest first: every change made on the dashboard and every token
//! made, with who, when, the value before and after, and the assessment it saved.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use crate::error::PageError;
use crate::layout;
use crate::state::AppState;

/// The newest entries shown.
const SHOWN: u32 = 500;

/// `GET /audit`.
pub(crate) async fn page(State(state): State<AppState>) -> Result<Response, PageError> {
    let trail = state.store.audit(None, SHOWN).await?;
    let body = html! {
        section.card {
            h2 { "Audit trail" }
            p.lead { "Every change made on the dashboard and every access token made, newest first (the last " (SHOWN) ")." }
            @if trail.is_empty() { p.muted #no-entries { "Nothing has been changed yet." } }
            @else {
                table.audit {
                    thead { tr { th { "#" } th { "When (UTC)" } th { "Who" } th { "What" } th { "Subject" } th { "Before" } th { "After" } th { "Assessment" } } }
                    tbody {
                        @for record in &trail {
                            tr data-action=(record.entry.action) data-subject=(record.entry.subject) {
                                td { (record.id) }
                                td { (record.at.format("%Y-%m-%d %H:%M:%S")) }
                                td { (record.entry.actor) }
                                td { (record.entry.action) }
                                td { (record.entry.subject) }
                                td { @if let Some(before) = &record.entry.before { pre { (before) } } }
                                td { @if let Some(after) = &record.entry.after { pre { (after) } } }
                                td { @if let Some(id) = record.assessment_id { a href=(format!("/assessments/{id}")) { (id) } } }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::respond(
        StatusCode::OK,
        layout::page("Audit trail", &[("Overview", "/".to_owned())], body, state.access),
    ))
}
