//! One collapsed detail per control (`id="control-<id>"`, the grid's link target): its status
//! and what decided it, and for automated controls which accounts, regions and resources pass
//! or fail.
//!
//! Sizes stay bounded for organizations with thousands of accounts: counts are always complete,
//! lists show at most [`MAX_ROWS`] entries and point to `findings.csv` for the rest.

use std::collections::BTreeMap;

use maud::{Markup, html};

use maturity_assess::{AssessedFinding, Assessment, ControlResult, Status};
use maturity_checks::FindingStatus;
use maturity_model::Catalogs;
use maturity_model::aws_smm::{Capability, Control};

use super::link::{self, HttpsUrl};
use super::markup::{badge, prose};
use crate::view::{self, Index};

/// The most accounts, resources or findings listed per control and kind.
pub const MAX_ROWS: usize = 25;

pub(super) fn render(assessment: &Assessment, catalogs: &Catalogs, index: &Index<'_>) -> Markup {
    html! {
        section.card #controls {
            h2 { "Controls" }
            p.lead {
                "Every AWS SMM control, by capability and phase: its status, what decided it and where it fails. \
                 Lists stop at " (MAX_ROWS) " entries; " code { "findings.csv" } " has every finding."
            }
            @for capability in Capability::ALL {
                h3 id={ "capability-" (capability.id()) } { (capability.name()) }
                @for control in catalogs.aws_smm.capability_controls(capability) {
                    (detail(assessment, control, index)) "\n"
                }
            }
        }
    }
}

fn detail(assessment: &Assessment, control: &Control, index: &Index<'_>) -> Markup {
    let result = index.result(&control.id);
    let status = result.map_or(Status::Unknown, |r| r.status);
    let checks =
        if control.checks.is_empty() { "none: a person attests it".to_owned() } else { control.checks.join(", ") };
    html! {
        details.control id={ "control-" (control.id) } data-status=(status.id()) {
            summary {
                (badge(status))
                span.ctl-name { (control.name) }
                code { (control.id) }
                span.ctl-meta {
                    "Phase " (control.phase.number()) " · " (control.phase.name())
                    @if let Some(result) = result {
                        " · " (view::source_label(result.source))
                        @if let Some(coverage) = result.coverage {
                            " · holds in " (coverage.holding) " of " (coverage.in_scope)
                        }
                    }
                }
            }
            div.ctl-body {
                p { (control.summary) }
                dl.facts {
                    @if let Some(result) = result {
                        dt { "Decided by" } dd { (view::source_label(result.source)) }
                        @if let Some(coverage) = result.coverage {
                            dt { "Coverage" }
                            dd {
                                "holds in " (coverage.holding) " of " (coverage.in_scope) " accounts in scope ("
                                (format_args!("{:.0}", coverage.percent())) " %)"
                            }
                        }
                    }
                    dt { "Checks" } dd { (checks) }
                    dt { "Official page" } dd { (link::external_or_text(&control.url, &control.url)) }
                }
                @match result {
                    None => p { "This assessment has no result for this control (it was made with another catalog)." },
                    Some(result) => {
                        h4 { "Why this status" }
                        ul { @for reason in &result.reasons { li { (prose(reason)) } } }
                        @if !control.checks.is_empty() { (findings(control, result, index)) }
                        (answer(result))
                        (exceptions(result, assessment))
                    }
                }
                @if control.checks.is_empty() && !control.questions.is_empty() {
                    h4 { "What an assessor asks" }
                    ul { @for question in &control.questions { li { (question) } } }
                }
            }
        }
    }
}

/// The control's findings, split by verdict (exceptions applied), each list sorted by location.
#[derive(Default)]
struct Split<'a> {
    failing: Vec<&'a AssessedFinding>,
    excepted: Vec<&'a AssessedFinding>,
    inconclusive: Vec<&'a AssessedFinding>,
    /// Region (or "global") → (passing, failing) findings.
    regions: BTreeMap<&'a str, (u32, u32)>,
}

impl<'a> Split<'a> {
    fn new(findings: impl Iterator<Item = &'a AssessedFinding>) -> Self {
        let mut split = Self::default();
        for assessed in findings {
            let region = assessed.finding.location.region.as_deref().unwrap_or("global");
            match assessed.effective_status(true) {
                FindingStatus::Fail => {
                    split.failing.push(assessed);
                    split.regions.entry(region).or_default().1 += 1;
                }
                FindingStatus::Pass => {
                    split.regions.entry(region).or_default().0 += 1;
                    if assessed.excepted_by.is_some() {
                        split.excepted.push(assessed);
                    }
                }
                FindingStatus::Inconclusive => split.inconclusive.push(assessed),
                FindingStatus::NotApplicable => {}
            }
        }
        for list in [&mut split.failing, &mut split.excepted, &mut split.inconclusive] {
            list.sort_by(|a, b| a.finding.location.cmp(&b.finding.location));
        }
        split
    }
}

fn findings(control: &Control, result: &ControlResult, index: &Index<'_>) -> Markup {
    let split = Split::new(index.findings(control));
    html! {
        (check_table(result))
        @if !result.failing_accounts.is_empty() {
            h4 { "Failing accounts (" (result.failing_accounts.len()) ")" }
            ul.chips { @for account in result.failing_accounts.iter().take(MAX_ROWS) { li { (account) } } }
            (more(result.failing_accounts.len(), "accounts"))
        }
        @if split.regions.values().any(|(_, fail)| *fail > 0) {
            h4 { "By region" }
            table.data.compact {
                thead { tr { th { "Region" } th.num { "Passing findings" } th.num { "Failing findings" } } }
                tbody {
                    @for (region, (pass, fail)) in &split.regions {
                        tr { td { (region) } td.num { (pass) } td.num { (fail) } }
                    }
                }
            }
        }
        (finding_table("Failing", &split.failing, false))
        (finding_table("Excepted", &split.excepted, true))
        (finding_table("Inconclusive", &split.inconclusive, false))
    }
}

fn check_table(result: &ControlResult) -> Markup {
    html! {
        @if !result.checks.is_empty() {
            h4 { "Checks" }
            table.data {
                thead { tr {
                    th { "Check" } th.num { "Pass" } th.num { "Fail" } th.num { "Excepted" } th.num { "Inconclusive" }
                    th.num { "Not applicable" }
                } }
                tbody {
                    @for counts in &result.checks {
                        tr {
                            td {
                                code { (counts.check) } " "
                                span.muted { (maturity_checks::check(&counts.check).map_or("", |c| c.meta().title)) }
                            }
                            td.num { (counts.pass) }
                            td.num { (counts.fail) }
                            td.num { (counts.excepted) }
                            td.num { (counts.inconclusive) }
                            td.num { (counts.not_applicable) }
                        }
                    }
                }
            }
        }
    }
}

fn finding_table(title: &str, findings: &[&AssessedFinding], excepted: bool) -> Markup {
    html! {
        @if !findings.is_empty() {
            h4 { (title) " findings (" (findings.len()) ")" }
            table.data {
                thead { tr {
                    th { "Account" } th { "Region" } th { "Resource" } th { "Check" }
                    th { (if excepted { "Exception · message" } else { "Message" }) }
                } }
                tbody { @for assessed in findings.iter().take(MAX_ROWS) { (finding_row(assessed)) } }
            }
            (more(findings.len(), "findings"))
        }
    }
}

fn finding_row(assessed: &AssessedFinding) -> Markup {
    let finding = &assessed.finding;
    let location = &finding.location;
    html! {
        tr {
            td.nw { (location.account_id.as_deref().unwrap_or("organization")) }
            td.nw { (location.region.as_deref().unwrap_or("global")) }
            td { code { (location.resource.as_deref().unwrap_or("—")) } }
            td { code { (finding.check) } }
            td {
                @if let Some(number) = assessed.excepted_by {
                    a href={ "#exception-" (number) } { "#" (number) } " · "
                }
                (prose(&finding.message))
            }
        }
    }
}

/// The note under a list cut at [`MAX_ROWS`].
fn more(total: usize, what: &str) -> Markup {
    html! {
        @if total > MAX_ROWS {
            p.note { "Showing " (MAX_ROWS) " of " (total) " " (what) "; the full list is in " code { "findings.csv" } "." }
        }
    }
}

fn answer(result: &ControlResult) -> Markup {
    let Some(answer) = &result.answer else { return html! {} };
    html! {
        h4 { "Attested answer" }
        dl.facts {
            dt { "Answer" } dd { (answer.answer.id()) }
            @if let Some(owner) = &answer.owner { dt { "Owner" } dd { (owner) } }
            dt { "Given" } dd { (answer.date) }
            dt { "Valid until" } dd { (answer.expires) }
            @if let Some(evidence) = &answer.evidence {
                dt { "Evidence" }
                // An answers file is edited by hand: only a plain web address becomes a link.
                dd {
                    @match HttpsUrl::parse(evidence) {
                        Some(url) => (link::external(url, evidence)),
                        None => (evidence),
                    }
                }
            }
        }
    }
}

fn exceptions(result: &ControlResult, assessment: &Assessment) -> Markup {
    html! {
        @if !result.exceptions.is_empty() {
            h4 { "Exceptions used" }
            ul {
                @for number in &result.exceptions {
                    li {
                        a href={ "#exception-" (number) } { "#" (number) }
                        @if let Some(used) = assessment.exceptions.applied.iter().find(|u| u.exception.number == *number) {
                            @let exception = &used.exception;
                            " " (exception.scope()) ": " (exception.reason) " "
                            span.muted { "(owner " (exception.owner) ", until " (exception.expires) ")" }
                        }
                    }
                }
            }
        }
    }
}
