//! `/assessments/{id}`: one saved assessment as the report shows it (summary, AWS SMM grid, CSMM
//! chart, all the report's own markup), each control's cell linking to its page; and the CSMM
//! objectives by category and level, each linking to its page, since the chart shows levels only.
//! Rendered from the assessment's head (no findings but their count), so that a large
//! organization's page never waits for its findings to be parsed.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maturity_assess::{Assessment, Status};
use maturity_model::Catalogs;
use maturity_model::csmm::Domain;
use maturity_report::html::{self, badge};
use maturity_store::Head;
use maud::{Markup, html};

use super::{Prefixes, saved_id, scope};
use crate::error::PageError;
use crate::layout;
use crate::state::AppState;

/// `GET /assessments/{id}`.
pub(crate) async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, PageError> {
    let id = saved_id(&id)?;
    let head = state.assessments.head(id).await?;
    let prefixes = Prefixes::new(id);
    let body = render(id, &head, state.catalogs, &prefixes);
    let title = format!("Assessment {id}");
    Ok(layout::respond(StatusCode::OK, layout::page(&title, &[("Overview", "/".to_owned())], body, state.access)))
}

/// The page's body.
fn render(id: i64, head: &Head, catalogs: &Catalogs, prefixes: &Prefixes) -> Markup {
    let assessment = head.without_findings();
    html! {
        h2 #assessment-title data-id=(id) { "Assessment " (id) " · " (scope(assessment)) }
        p {
            a href={ (prefixes.assessment) "/roadmap" } { "Roadmap" } " · "
            a href={ "/diff?new=" (id) } { "What changed since the assessment before" }
        }
        (html::summary_counting(assessment, head.findings()))
        (html::grid(assessment, catalogs, prefixes.links()))
        (html::csmm_chart(assessment))
        (objectives(assessment, catalogs, prefixes))
    }
}

/// The CSMM objectives as a grid: categories by domain, levels 2 to 5.
fn objectives(assessment: &Assessment, catalogs: &Catalogs, prefixes: &Prefixes) -> Markup {
    let statuses: HashMap<&str, Status> =
        assessment.csmm.objectives.iter().map(|o| (o.id.as_str(), o.status)).collect();
    let levels: HashMap<&str, u8> = assessment.csmm.categories.iter().map(|c| (c.id.as_str(), c.level)).collect();
    let links = prefixes.links();
    html! {
        section.card #csmm-objectives {
            h2 { "CSMM objectives" }
            p.lead {
                "Each category's objectives by level; a category is at level L when every objective of levels 2 to L \
                 is met. Select an objective for what decided it."
            }
            table.grid.objectives {
                thead { tr {
                    th scope="col" { "Category" }
                    @for level in 2..=5u8 { th scope="col" { "Level " (level) } }
                } }
                tbody {
                    @for domain in Domain::ALL {
                        tr { th colspan="5" scope="rowgroup" { (domain.name()) } }
                        @for category in catalogs.csmm.domain_categories(domain) {
                            @let reached = levels.get(category.id.as_str()).copied().unwrap_or(1);
                            tr data-category=(category.id) {
                                th scope="row" { (category.name) span.cap-phase { "Level " (reached) } }
                                @for level in 2..=5u8 {
                                    td.phase-cell.reached[level <= reached] {
                                        @for objective in category.objectives().filter(|o| o.level == level) {
                                            @let status = statuses.get(objective.id.as_str()).copied().unwrap_or(Status::Unknown);
                                            @let href = links.objective(&objective.id).unwrap_or_default();
                                            a.chip-link href=(href) data-objective=(objective.id) data-status=(status.id())
                                                title=(objective.statement) {
                                                (badge(status)) " " code { (objective.id) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
