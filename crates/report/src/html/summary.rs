//! The executive summary: both headline scores with and without exceptions, controls by status,
//! how much of the evidence could be read, and what the assessment covers.

use maud::{Markup, html};

use maturity_assess::{Assessment, Status};

use super::markup::status_class;
use crate::view;

/// `findings` is how many findings the assessment has: its own `findings.len()`, or the count
/// kept beside an assessment held without them.
pub(super) fn render(assessment: &Assessment, findings: usize) -> Markup {
    let smm = &assessment.aws_smm;
    html! {
        section.card #summary {
            h2 { "Executive summary" }
            p.lead {
                "The organization is at "
                strong { "AWS SMM phase " (smm.organization_phase) " (" (view::phase_name(smm.organization_phase)) ")" }
                " and scores " strong { (format_args!("{:.1}", assessment.csmm.program_score)) " of 5" }
                " on the CSMM. " (assessment.roadmap.len()) " next steps are listed in the roadmap."
            }
            div.kpis {
                (phase(assessment))
                (csmm(assessment))
                (controls(assessment))
                (evidence(assessment))
            }
            (scope(assessment, findings))
        }
    }
}

/// The organization's phase is its weakest capability's: show how the others spread.
fn phase(assessment: &Assessment) -> Markup {
    let smm = &assessment.aws_smm;
    let phase = smm.organization_phase;
    html! {
        div.kpi #kpi-phase {
            div.label { "AWS SMM phase" }
            div.value { (phase) " " small { "of 4" } }
            div.detail { (view::phase_name(phase)) }
            div.detail { "Without exceptions: " (view::phase_label(assessment.without_exceptions.organization_phase)) }
            ul {
                @for phase in 0..=4u8 {
                    @let count = smm.capabilities.iter().filter(|c| c.phase == phase).count();
                    @if count > 0 {
                        li {
                            span {
                                @if phase == 0 { "Below phase 1" } @else { "Phase " (phase) " · " (view::phase_name(phase)) }
                            }
                            span { (count) " " (if count == 1 { "capability" } else { "capabilities" }) }
                        }
                    }
                }
            }
        }
    }
}

fn csmm(assessment: &Assessment) -> Markup {
    let csmm = &assessment.csmm;
    html! {
        div.kpi #kpi-csmm {
            div.label { "CSMM program score" }
            div.value { (format_args!("{:.1}", csmm.program_score)) " " small { "of 5" } }
            div.detail { "Without exceptions: " (format_args!("{:.1}", assessment.without_exceptions.program_score)) }
            ul {
                @for domain in &csmm.domains {
                    li { span { (domain.id.name()) } span { (format_args!("{:.1}", domain.score)) } }
                }
            }
        }
    }
}

fn controls(assessment: &Assessment) -> Markup {
    let counts = &assessment.aws_smm.status_counts;
    let count = |s: Status| u64::from(counts.get(&s).copied().unwrap_or(0));
    let total = u64::from(counts.values().sum::<u32>());
    let segments: Vec<Segment> = Status::ALL
        .iter()
        .map(|s| Segment { class: format!("seg-{}", s.id()), count: count(*s), label: view::status_label(*s) })
        .collect();
    html! {
        div.kpi #kpi-controls {
            div.label { "Controls by status" }
            div.value { (total) " " small { "controls" } }
            (stack(&segments, total))
            ul {
                @for status in Status::ALL {
                    li {
                        span {
                            span.badge.(status_class(status)) {
                                span aria-hidden="true" { (view::status_icon(status)) }
                                " " (view::status_label(status))
                            }
                        }
                        span { (count(status)) }
                    }
                }
            }
        }
    }
}

fn evidence(assessment: &Assessment) -> Markup {
    let coverage = &assessment.evidence.coverage;
    let facts = coverage.ok + coverage.denied + coverage.failed + coverage.unavailable;
    let kinds = [
        ("f-ok", coverage.ok, "ok"),
        ("f-denied", coverage.denied, "denied"),
        ("f-failed", coverage.failed, "failed"),
        ("f-unavailable", coverage.unavailable, "unavailable"),
    ];
    let segments: Vec<Segment> =
        kinds.iter().map(|&(class, count, label)| Segment { class: class.to_owned(), count, label }).collect();
    html! {
        div.kpi #kpi-evidence {
            div.label { "Evidence coverage" }
            div.value { (view::percent(coverage.ok, facts)) }
            div.detail { "of " (facts) " facts read" }
            (stack(&segments, facts))
            ul {
                @for (_, count, label) in kinds {
                    li { span { (label) } span { (count) " · " (view::percent(count, facts)) } }
                }
                li { span { "accounts unreachable" } span { (coverage.accounts_unreachable) } }
            }
        }
    }
}

/// One part of a [`stack`].
struct Segment {
    class: String,
    count: u64,
    label: &'static str,
}

impl Segment {
    fn percent_of(&self, total: u64) -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
        let share = self.count as f64 * 100.0 / total.max(1) as f64;
        share
    }
}

/// A horizontal bar split by share, each part titled with its label and count.
fn stack(segments: &[Segment], total: u64) -> Markup {
    html! {
        div.stack role="img" aria-label="distribution" {
            @for segment in segments.iter().filter(|s| s.count > 0) {
                span class=(segment.class) style={ "width:" (format_args!("{:.2}", segment.percent_of(total))) "%" }
                    title={ (segment.label) ": " (segment.count) } {}
            }
        }
    }
}

fn scope(assessment: &Assessment, findings: usize) -> Markup {
    let evidence = &assessment.evidence;
    html! {
        dl.scope {
            dt { "Organization" } dd { (evidence.organization_id.as_deref().unwrap_or("single-account scan")) }
            dt { "Accounts" } dd { (evidence.accounts) }
            dt { "Judged as of" } dd { (assessment.as_of) }
            dt { "Evidence collected" } dd { (evidence.collected_at.format("%Y-%m-%d %H:%M UTC")) }
            dt { "Regions (" (evidence.regions.len()) ")" } dd { (evidence.regions.join(", ")) }
            dt { "API calls" } dd { (evidence.api_calls) }
            dt { "Findings" } dd { (findings) }
            dt { "Made by" } dd { (assessment.tool.name) " " (assessment.tool.version) }
        }
    }
}
