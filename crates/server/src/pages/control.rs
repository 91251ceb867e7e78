//! `/assessments/{id}/controls/{control}`: one AWS SMM control in one saved assessment: its
//! status and what decided it, its findings filtered by account, region and verdict (a page at a
//! time), and its status in every saved assessment.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use maturity_assess::{AssessedFinding, ControlResult, Status};
use maturity_model::aws_smm::Control;
use maturity_report::html::{badge, external_or_text, prose};
use maud::{Markup, html};

use super::filters::{self, Filter, PAGE_SIZE};
use super::history::{self, Kind};
use super::{Prefixes, saved_id, scope};
use crate::error::PageError;
use crate::layout;
use crate::state::AppState;

/// `GET /assessments/{id}/controls/{control}`.
pub(crate) async fn page(
    State(state): State<AppState>,
    Path((id, control_id)): Path<(String, String)>,
    filter: Result<Query<Filter>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let id = saved_id(&id)?;
    let Query(filter) = filter.map_err(|e| PageError::BadRequest(format!("The filters cannot be read: {e}.")))?;
    let assessment = state.assessments.get(id).await?;
    let control = state
        .catalogs
        .aws_smm
        .control(&control_id)
        .ok_or_else(|| PageError::NotFound(format!("The AWS SMM has no control `{control_id}`.")))?;
    let result = assessment.aws_smm.controls.iter().find(|r| r.id == control.id);
    let findings: Vec<&AssessedFinding> =
        assessment.findings.iter().filter(|f| control.checks.iter().any(|c| *c == f.finding.check)).collect();
    let history = history::table(&state, Kind::Control, &control.id, id).await?;
    let prefixes = Prefixes::new(id);
    let body = html! {
        h2 #control-title data-control=(control.id) {
            (control.name) " " (badge(result.map_or(Status::Unknown, |r| r.status)))
        }
        p.muted { "Assessment " (id) " · " (scope(&assessment)) }
        (facts(control, result))
        @if !control.checks.is_empty() { (findings_section(&findings, &filter)) }
        (history)
    };
    let name = format!("Assessment {id}");
    let crumbs = [("Overview", "/".to_owned()), (name.as_str(), prefixes.assessment.clone())];
    Ok(layout::respond(StatusCode::OK, layout::page(&control.name, &crumbs, body, state.access)))
}

fn facts(control: &Control, result: Option<&ControlResult>) -> Markup {
    html! {
        section.card #control-status {
            p { (control.summary) }
            dl.facts {
                dt { "Capability" } dd { (control.capability.name()) }
                dt { "Phase" } dd { (control.phase.number()) " · " (control.phase.name()) }
                dt { "Checks" }
                dd {
                    @if control.checks.is_empty() { "none: a person attests it" }
                    @else { @for check in &control.checks { code { (check) } " " } }
                }
                dt { "Official page" } dd { (external_or_text(&control.url, &control.url)) }
                @if let Some(result) = result {
                    @if let Some(coverage) = result.coverage {
                        dt { "Coverage" }
                        dd { "holds in " (coverage.holding) " of " (coverage.in_scope) " accounts in scope" }
                    }
                    @if let Some(answer) = &result.answer {
                        dt { "Answer" }
                        dd {
                            (answer.answer.id()) " · given " (answer.date) ", valid until " (answer.expires)
                            @if let Some(owner) = &answer.owner { " · " (owner) }
                        }
                    }
                    @if !result.exceptions.is_empty() {
                        dt { "Exceptions applied" }
                        dd { @for number in &result.exceptions { "#" (number) " " } }
                    }
                }
            }
            @match result {
                None => p { "This assessment has no result for this control (it was made with another catalog)." },
                Some(result) => {
                    h3 { "Why this status" }
                    ul #reasons { @for reason in &result.reasons { li { (prose(reason)) } } }
                },
            }
        }
    }
}

fn findings_section(findings: &[&AssessedFinding], filter: &Filter) -> Markup {
    let kept: Vec<&AssessedFinding> = findings.iter().copied().filter(|f| filter.keeps(f)).collect();
    let pages = kept.len().div_ceil(PAGE_SIZE).max(1);
    let page = filter.page.min(pages - 1);
    let shown = kept.iter().skip(page * PAGE_SIZE).take(PAGE_SIZE);
    html! {
        section.card #findings {
            h3 { "Findings" }
            (filter.form(findings))
            p #finding-count data-kept=(kept.len()) data-total=(findings.len()) {
                (kept.len()) " of " (findings.len()) " findings match"
                @if pages > 1 { "; page " (page + 1) " of " (pages) }
                "."
            }
            @if !kept.is_empty() {
                table.data #finding-table {
                    thead { tr {
                        th { "Account" } th { "Region" } th { "Resource" } th { "Check" } th { "Status" } th { "Message" }
                    } }
                    tbody {
                        @for finding in shown {
                            @let location = &finding.finding.location;
                            tr.finding data-account=(location.account_id.as_deref().unwrap_or("organization"))
                                data-region=(location.region.as_deref().unwrap_or("global"))
                                data-status=(filters::verdict(finding)) {
                                td.nw { (location.account_id.as_deref().unwrap_or("organization")) }
                                td.nw { (location.region.as_deref().unwrap_or("global")) }
                                td { code { (location.resource.as_deref().unwrap_or("—")) } }
                                td { code { (finding.finding.check) } }
                                td.nw { (filters::verdict(finding)) }
                                td { (prose(&finding.finding.message)) }
                            }
                        }
                    }
                }
                @if pages > 1 {
                    p.pager {
                        @if page > 0 { a href=(filter.query(page - 1)) { "‹ previous" } " " }
                        @if page + 1 < pages { a href=(filter.query(page + 1)) { "next ›" } }
                    }
                }
            }
        }
    }
}
