//! `/diff?old=A&new=B`: what changed between two saved assessments, as
//! `maturity_assess::diff` computes it and the report crate renders it; by default the two newest,
//! and with only `new`, that one against the assessment saved before it.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use maturity_store::Summary;
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::{Prefixes, saved_id};
use crate::error::PageError;
use crate::layout;
use crate::state::AppState;

/// The query string.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Pair {
    #[serde(default)]
    old: String,
    #[serde(default)]
    new: String,
}

/// `GET /diff`.
pub(crate) async fn page(
    State(state): State<AppState>,
    pair: Result<Query<Pair>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let Query(pair) = pair.map_err(|e| PageError::BadRequest(format!("The query cannot be read: {e}.")))?;
    let summaries = state.store.list().await?;
    let Some((old, new)) = choose(&summaries, &pair)? else {
        let body = html! {
            section.card #message {
                h2 { "Nothing to compare yet" }
                p.lead { "A diff needs two saved assessments; " (summaries.len()) " saved so far." }
            }
        };
        return Ok(layout::respond(
            StatusCode::OK,
            layout::page("Changes", &[("Overview", "/".to_owned())], body, state.access),
        ));
    };
    let (before, after) = (state.assessments.get(old).await?, state.assessments.get(new).await?);
    let changes = state.assessments.diff((old, new), || {
        let diff = maturity_assess::diff(&before, &after);
        maturity_report::diff::html::render(&diff, Prefixes::new(new).links()).into_string()
    });
    let body = html! {
        h2 #diff-title data-old=(old) data-new=(new) {
            "Changes from assessment " a href={ "/assessments/" (old) } { (old) }
            " to " a href={ "/assessments/" (new) } { (new) }
        }
        (picker(&summaries, old, new))
        // Rendered by maud above (every value escaped), kept as text in the cache.
        (PreEscaped(&*changes))
    };
    let title = format!("Changes from {old} to {new}");
    Ok(layout::respond(StatusCode::OK, layout::page(&title, &[("Overview", "/".to_owned())], body, state.access)))
}

/// The pair to compare: as asked, or the newest with the one saved before it. `None` when fewer
/// than two are saved and none were asked for.
fn choose(summaries: &[Summary], pair: &Pair) -> Result<Option<(i64, i64)>, PageError> {
    let id = |text: &str| if text.is_empty() { Ok(None) } else { saved_id(text).map(Some) };
    let (old, new) = (id(&pair.old)?, id(&pair.new)?);
    let new = match new {
        Some(new) => new,
        None => match summaries.first() {
            Some(newest) => newest.id,
            None => return Ok(None),
        },
    };
    let old = match old {
        Some(old) => old,
        // The one saved before `new` (ids grow with time; the list is newest first).
        None => match summaries.iter().find(|s| s.id < new) {
            Some(before) => before.id,
            None if pair.new.is_empty() => return Ok(None),
            None => return Err(PageError::NotFound(format!("No assessment was saved before assessment {new}."))),
        },
    };
    Ok(Some((old, new)))
}

/// A form to pick another pair.
fn picker(summaries: &[Summary], old: i64, new: i64) -> Markup {
    let options = |chosen: i64| {
        html! {
            @for s in summaries {
                option value=(s.id) selected[s.id == chosen] { "#" (s.id) " · " (s.as_of) }
            }
        }
    };
    html! {
        form.filters method="get" action="/diff" {
            label { "From" select name="old" { (options(old)) } }
            label { "To" select name="new" { (options(new)) } }
            button type="submit" { "Compare" }
        }
    }
}
