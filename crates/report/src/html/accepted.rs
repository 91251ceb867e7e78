//! Accepted risks and attested answers: which exceptions lifted what, which expired or matched
//! nothing, and which answers expired, so that neither rots unseen.

use maud::{Markup, html};

use maturity_assess::{Assessment, Exception};

pub(super) fn render(assessment: &Assessment) -> Markup {
    let exceptions = &assessment.exceptions;
    let answers = &assessment.answers;
    html! {
        section.card #accepted {
            h2 { "Exceptions and answers" }
            p.lead {
                "Scores are shown with and without exceptions. Expired exceptions cover nothing; expired answers count \
                 as unknown."
            }
            h3 { "Exceptions applied (" (exceptions.applied.len()) ")" }
            @if exceptions.applied.is_empty() {
                p.muted { "None." }
            } @else {
                (table(&["#", "Covers", "Reason", "Owner", "Expires", "Findings", "Controls lifted"], html! {
                    @for used in &exceptions.applied {
                        tr id={ "exception-" (used.exception.number) } {
                            (exception_cells(&used.exception))
                            td.num { (used.findings) }
                            td { (used.controls.join(", ")) }
                        }
                    }
                }))
            }
            @for (title, list) in [("Expired exceptions", &exceptions.expired), ("Unused exceptions", &exceptions.unused)] {
                h3 { (title) " (" (list.len()) ")" }
                @if list.is_empty() {
                    p.muted { "None." }
                } @else {
                    (table(&["#", "Covers", "Reason", "Owner", "Expires"], html! {
                        @for exception in list {
                            tr id={ "exception-" (exception.number) } { (exception_cells(exception)) }
                        }
                    }))
                }
            }
            h3 { "Answers" }
            p {
                (answers.given) " answers given; " (answers.used.len()) " decided a control or objective; "
                (answers.expired.len()) " expired; " (answers.not_applicable.len()) " declared not applicable; "
                (answers.conflicts.len()) " disagree with the automated evidence."
            }
            @if !answers.not_applicable.is_empty() {
                h4 { "Declared not applicable" }
                (table(&["Control or objective", "Reason", "Owner", "Given", "Valid until"], html! {
                    @for answer in &answers.not_applicable {
                        tr {
                            td { code { (answer.id) } }
                            td { (answer.evidence.as_deref().unwrap_or("(no reason given: not used for an objective)")) }
                            td { (answer.owner.as_deref().unwrap_or("—")) }
                            td.nw { (answer.date) }
                            td.nw { (answer.expires) }
                        }
                    }
                }))
            }
            @if !answers.conflicts.is_empty() {
                h4 { "Answers the evidence contradicts" }
                p { "The automated evidence decided these objectives; see each one's reasons." }
                ul { @for id in &answers.conflicts { li { code { (id) } } } }
            }
            @if !answers.expired.is_empty() {
                (table(&["Control or objective", "Answer", "Owner", "Given", "Expired"], html! {
                    @for answer in &answers.expired {
                        tr {
                            td { code { (answer.id) } }
                            td { (answer.answer.id()) }
                            td { (answer.owner.as_deref().unwrap_or("—")) }
                            td.nw { (answer.date) }
                            td.nw { (answer.expires) }
                        }
                    }
                }))
            }
        }
    }
}

/// A data table with these column headings around `rows`.
fn table(columns: &[&str], rows: Markup) -> Markup {
    html! {
        table.data {
            thead { tr { @for column in columns { th { (column) } } } }
            tbody { (rows) }
        }
    }
}

/// The cells every list of exceptions starts with.
fn exception_cells(exception: &Exception) -> Markup {
    html! {
        td.num { (exception.number) }
        td { (exception.scope()) }
        td { (exception.reason) }
        td { (exception.owner) }
        td.nw { (exception.expires) }
    }
}
