//! The status of one control or objective in every saved assessment, newest first: the table on
//! both kinds of page. Statuses come from the cache's per-assessment status maps, made from each
//! assessment's head (never its findings), so a head is read once for this, however often the
//! page is asked for.

use maturity_assess::Status;
use maturity_report::html::badge;
use maud::{Markup, html};

use crate::cache::Statuses;
use crate::error::PageError;
use crate::state::AppState;

/// Which kind of item.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    Control,
    Objective,
}

impl Kind {
    fn status(self, statuses: &Statuses, id: &str) -> Option<Status> {
        match self {
            Kind::Control => statuses.controls.get(id).copied(),
            Kind::Objective => statuses.objectives.get(id).copied(),
        }
    }

    fn path(self) -> &'static str {
        match self {
            Kind::Control => "controls",
            Kind::Objective => "objectives",
        }
    }
}

/// The history table of item `id`, marking the assessment `current`.
pub(crate) async fn table(state: &AppState, kind: Kind, id: &str, current: i64) -> Result<Markup, PageError> {
    let summaries = state.store.list().await?;
    let mut rows = Vec::with_capacity(summaries.len());
    for summary in &summaries {
        let statuses = state.assessments.statuses(summary.id).await?;
        rows.push((summary, kind.status(&statuses, id)));
    }
    Ok(html! {
        section.card #history {
            h2 { "History" }
            p.lead { "Its status in every saved assessment, newest first." }
            table.data {
                thead { tr { th.num { "#" } th { "Saved" } th { "As of" } th { "Status" } } }
                tbody {
                    @for (summary, status) in rows {
                        tr data-id=(summary.id) data-status=(status.map_or("absent", Status::id)) {
                            td.num {
                                a href={ "/assessments/" (summary.id) "/" (kind.path()) "/" (id) } { (summary.id) }
                                @if summary.id == current { " (this one)" }
                            }
                            td.nw { (summary.saved_at.format("%Y-%m-%d %H:%M")) }
                            td.nw { (summary.as_of) }
                            td {
                                @match status {
                                    Some(status) => (badge(status)),
                                    None => span.muted { "not assessed" },
                                }
                            }
                        }
                    }
                }
            }
        }
    })
}
