//! `/`: where the organization stands now (the newest saved assessment's AWS SMM phase, controls
//! by status and CSMM program score), how those moved over every saved assessment, and the list
//! of saved assessments. Read from the store's headline columns only: no assessment is loaded,
//! however large.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maturity_assess::Status;
use maturity_report::html::badge;
use maturity_store::Summary;
use maud::{Markup, html};

use super::phase_label;
use crate::error::PageError;
use crate::layout;
use crate::state::AppState;
use crate::trend::{Chart, Point};

/// `GET /`.
pub(crate) async fn page(State(state): State<AppState>) -> Result<Response, PageError> {
    let summaries = state.store.list().await?;
    let body = match summaries.first() {
        None => html! {
            section.card #empty {
                h2 { "No saved assessments yet" }
                p.lead {
                    "Save one with " code { "maturity assess … --save" } ", or try the demo: "
                    code { "maturity demo --out northwind --save" } "."
                }
            }
        },
        Some(latest) => html! {
            (headline(latest))
            (trends(&summaries))
            (list(&summaries))
        },
    };
    Ok(layout::respond(StatusCode::OK, layout::page("Overview", &[], body, state.access)))
}

fn headline(latest: &Summary) -> Markup {
    let counts = [
        (Status::Met, latest.controls_met),
        (Status::Partial, latest.controls_partial),
        (Status::NotMet, latest.controls_not_met),
        (Status::NotApplicable, latest.controls_not_applicable),
        (Status::Unknown, latest.controls_unknown),
    ];
    html! {
        section.card #latest data-id=(latest.id) {
            h2 {
                "Latest assessment: " a href={ "/assessments/" (latest.id) } { "#" (latest.id) }
            }
            p.lead {
                (latest.organization_id.as_deref().unwrap_or("single-account scan")) ", " (latest.accounts) " accounts, "
                "judged as of " (latest.as_of) ", saved " (latest.saved_at.format("%Y-%m-%d %H:%M UTC")) "."
            }
            div.kpis {
                div.kpi #kpi-phase {
                    div.label { "AWS SMM phase" }
                    div.value { (latest.aws_smm_phase) " " small { "of 4" } }
                    div.detail { (phase_label(latest.aws_smm_phase)) }
                    div.detail { "Without exceptions: " (phase_label(latest.aws_smm_phase_without_exceptions)) }
                }
                div.kpi #kpi-controls {
                    div.label { "Controls by status" }
                    ul {
                        @for (status, count) in counts {
                            li data-status=(status.id()) { span { (badge(status)) } span { (count) } }
                        }
                    }
                }
                div.kpi #kpi-csmm {
                    div.label { "CSMM program score" }
                    div.value { (format_args!("{:.1}", latest.csmm_score)) " " small { "of 5" } }
                    div.detail { "Without exceptions: " (format_args!("{:.1}", latest.csmm_score_without_exceptions)) }
                }
            }
            p {
                a href={ "/assessments/" (latest.id) } { "Grid and chart" } " · "
                a href={ "/assessments/" (latest.id) "/roadmap" } { "Roadmap" } " · "
                a href="/diff" { "What changed since the one before" }
            }
        }
    }
}

/// The three trend charts, oldest assessment first.
fn trends(summaries: &[Summary]) -> Markup {
    let oldest_first: Vec<&Summary> = summaries.iter().rev().collect();
    let points = |value: &dyn Fn(&Summary) -> f64| -> Vec<Point> {
        oldest_first.iter().map(|s| Point { id: s.id, saved_at: s.saved_at, value: value(s) }).collect()
    };
    let controls = summaries.first().map_or(0, |s| {
        s.controls_met + s.controls_partial + s.controls_not_met + s.controls_not_applicable + s.controls_unknown
    });
    let controls = f64::from(controls.max(1));
    let charts = [
        Chart {
            id: "phase",
            title: "AWS SMM phase",
            max: 4.0,
            ticks: vec![0.0, 1.0, 2.0, 3.0, 4.0],
            decimals: 0,
            points: points(&|s| f64::from(s.aws_smm_phase)),
        },
        Chart {
            id: "met",
            title: "AWS SMM controls met",
            max: controls,
            ticks: vec![0.0, (controls / 2.0).round(), controls],
            decimals: 0,
            points: points(&|s| f64::from(s.controls_met)),
        },
        Chart {
            id: "csmm",
            title: "CSMM program score",
            max: 5.0,
            ticks: vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
            decimals: 1,
            points: points(&|s| s.csmm_score),
        },
    ];
    html! {
        section.card #trend {
            h2 { "Trend" }
            p.lead { "Every saved assessment, placed by the time it was saved. Hover over a point for its value." }
            div.trends { @for chart in &charts { (chart.render()) } }
        }
    }
}

fn list(summaries: &[Summary]) -> Markup {
    html! {
        section.card #saved {
            h2 { "Saved assessments (" (summaries.len()) ")" }
            table.data {
                thead { tr {
                    th.num { "#" } th { "Saved" } th { "As of" } th.num { "Accounts" } th { "AWS SMM phase" }
                    th.num { "Met" } th.num { "Partial" } th.num { "Not met" } th.num { "CSMM" } th { "" }
                } }
                tbody {
                    @for (i, s) in summaries.iter().enumerate() {
                        tr data-id=(s.id) {
                            td.num { a href={ "/assessments/" (s.id) } { (s.id) } }
                            td.nw { (s.saved_at.format("%Y-%m-%d %H:%M")) }
                            td.nw { (s.as_of) }
                            td.num { (s.accounts) }
                            td.nw { (phase_label(s.aws_smm_phase)) }
                            td.num { (s.controls_met) }
                            td.num { (s.controls_partial) }
                            td.num { (s.controls_not_met) }
                            td.num { (format_args!("{:.1}", s.csmm_score)) }
                            td.nw {
                                a href={ "/assessments/" (s.id) "/roadmap" } { "roadmap" }
                                @if let Some(before) = summaries.get(i + 1) {
                                    " · " a href={ "/diff?old=" (before.id) "&new=" (s.id) } { "changes" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
