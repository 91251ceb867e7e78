//! The pages that change what an assessment is made from: the questionnaire (answers), the
//! exceptions, the import and export of both files, and the audit trail of every change.
//!
//! Each change is a form posted back here; [`crate::change::make`] makes it and saves the
//! re-assessment, and the browser is sent (POST, redirect, GET) to a page that shows what moved.

pub(crate) mod audit;
pub(crate) mod exceptions;
pub(crate) mod files;
pub(crate) mod questionnaire;

use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Redirect, Response};
use chrono::NaiveDate;
use maturity_store::Summary;
use maud::{Markup, html};
use serde::Deserialize;

use super::phase_label;
use crate::change::{ChangeError, Made};
use crate::csrf::{FIELD, FormToken};
use crate::error::PageError;
use crate::layout;
use crate::state::AppState;

/// `?made=N` on the page a change redirects to: the assessment it saved.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct MadeQuery {
    #[serde(default)]
    pub(crate) made: Option<i64>,
}

/// The hidden fields every change form carries: its token and the assessment it was shown from.
pub(crate) fn hidden(token: &FormToken, base: i64) -> Markup {
    html! {
        input type="hidden" name=(FIELD) value=(token.0);
        input type="hidden" name="base" value=(base);
    }
}

/// After a change: back to `to` with the new assessment named, so that a reload shows the page,
/// not the form again.
pub(crate) fn after(made: &Made, to: &str) -> Response {
    let separator = if to.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{to}{separator}made={}", made.0)).into_response()
}

/// What a saved change moved, from the assessment before it to `made`: phase, CSMM score.
pub(crate) async fn outcome(state: &AppState, made: Option<i64>) -> Result<Option<Markup>, PageError> {
    let Some(made) = made else { return Ok(None) };
    let list = state.store.list().await?;
    let Some(position) = list.iter().position(|s| s.id == made) else { return Ok(None) };
    let (after, before) = (&list[position], list.get(position + 1));
    Ok(Some(html! {
        section.card.outcome #outcome role="status" data-made=(after.id) {
            h2 { "Saved as assessment " a href=(format!("/assessments/{}", after.id)) { (after.id) } }
            @if let Some(cause) = &after.cause { p.muted { (cause) } }
            dl.facts {
                dt { "AWS SMM phase" }
                dd #outcome-phase data-phase=(after.aws_smm_phase) { (moved(before.map(|b| phase_label(b.aws_smm_phase)), &phase_label(after.aws_smm_phase))) }
                dt { "CSMM program score" }
                dd #outcome-csmm data-score=(format!("{:.2}", after.csmm_score)) {
                    (moved(before.map(|b| format!("{:.2}", b.csmm_score)), &format!("{:.2}", after.csmm_score)))
                }
                dt { "Controls met / partial / not met / unknown" }
                dd { (counts(after)) @if let Some(before) = before { " (was " (counts(before)) ")" } }
            }
            @if let Some(before) = before { (moves(state, before.id, after.id).await?) }
        }
    }))
}

/// The capabilities whose phase and the categories whose level moved from `before` to `after`.
async fn moves(state: &AppState, before: i64, after: i64) -> Result<Markup, PageError> {
    // Heads: scores and statuses, without the findings a large organization's pages need not read.
    let (old, new) = (state.assessments.head(before).await?, state.assessments.head(after).await?);
    let (old, new) = (old.without_findings(), new.without_findings());
    let phases: Vec<(&str, u8, u8)> = new
        .aws_smm
        .capabilities
        .iter()
        .filter_map(|c| {
            let was = old.aws_smm.capabilities.iter().find(|o| o.id == c.id)?.phase;
            (was != c.phase).then_some((c.name.as_str(), was, c.phase))
        })
        .collect();
    let levels: Vec<(&str, u8, u8)> = new
        .csmm
        .categories
        .iter()
        .filter_map(|c| {
            let was = old.csmm.categories.iter().find(|o| o.id == c.id)?.level;
            (was != c.level).then_some((c.name.as_str(), was, c.level))
        })
        .collect();
    Ok(html! {
        @if phases.is_empty() && levels.is_empty() { p.muted #no-moves { "No capability phase and no category level moved." } }
        ul #moves {
            @for (name, was, now) in &phases {
                li.phase-move data-capability=(name) data-phase=(now) { (name) ": phase " (was) " → " strong { (now) } }
            }
            @for (name, was, now) in &levels {
                li.level-move data-category=(name) data-level=(now) { "CSMM " (name) ": level " (was) " → " strong { (now) } }
            }
        }
    })
}

fn moved(before: Option<String>, after: &str) -> Markup {
    html! {
        @match before {
            Some(before) if before != after => { (before) " → " strong { (after) } }
            _ => { strong { (after) } " (unchanged)" }
        }
    }
}

fn counts(summary: &Summary) -> String {
    format!(
        "{} / {} / {} / {}",
        summary.controls_met, summary.controls_partial, summary.controls_not_met, summary.controls_unknown
    )
}

/// A change that was refused, for the form's own page to show above the form: its status and
/// why. A failure of the database or the server is not the form's fault: it is the error page
/// (logged for the operator, the details kept from the browser).
pub(crate) fn refusal(error: ChangeError) -> Result<(StatusCode, String), PageError> {
    let text = error.to_string();
    let status = match error {
        ChangeError::Page(page) => return Err(page),
        ChangeError::Stale { .. } | ChangeError::NothingSaved | ChangeError::CannotReassess(_) => StatusCode::CONFLICT,
        ChangeError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        ChangeError::NotFound(_) => StatusCode::NOT_FOUND,
    };
    Ok((status, text))
}

/// A date field of a form (`2026-03-01`), or what is wrong with it.
pub(crate) fn date_field(name: &str, value: &str) -> Result<Option<NaiveDate>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("{name}: `{value}` is not a date like 2026-03-01"))
}

/// A text field, `None` when blank.
pub(crate) fn text_field(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// The newest saved assessment's id, or a page saying there is none.
pub(crate) fn newest_id(newest: Option<&Summary>) -> Result<i64, PageError> {
    newest.map(|s| s.id).ok_or_else(|| {
        PageError::NotFound("Nothing is saved yet: save an assessment with `maturity assess --save` first.".to_owned())
    })
}

/// Renders a change's error where the form is, with `status`.
pub(crate) fn with_error(status: StatusCode, title: &str, error: &str, body: Markup, state: &AppState) -> Response {
    let body = html! {
        p.error #change-error role="alert" data-status=(status.as_u16()) { (error) }
        (body)
    };
    layout::respond(status, layout::page(title, &[("Overview", "/".to_owned())], body, state.access))
}
