//! The diff as HTML: the same sections in the same order as the text and Markdown forms, each
//! move marked better or worse by word as well as colour. Two uses: the dashboard's diff page
//! ([`render`], every control and objective that moved linking to its page in the newer
//! assessment) and `maturity diff --format html` ([`page`], one self-contained file like the
//! report: the report's stylesheet inline, no script, nothing loaded from elsewhere).

use maud::{Markup, html};

use maturity_assess::diff::{AssessmentDiff, Direction};

use super::{
    Moved, NO_CHANGE, arrow, coverage_lists, direction_word, finding_move, listed_findings, location, sections,
};
use crate::html::{Links, document};

/// The most findings listed; the counts above the list are always complete.
pub const MAX_FINDINGS: usize = 200;

/// Renders the diff; controls and objectives link where `links` says (the newer assessment).
#[must_use]
pub fn render(diff: &AssessmentDiff, links: Links<'_>) -> Markup {
    sections_of(diff, Some(links))
}

/// The diff as one self-contained HTML page, ending with a newline: the report's stylesheet
/// inline, no script. Nothing is linked, since the assessments' pages are not in the file.
#[must_use]
pub fn page(diff: &AssessmentDiff) -> String {
    let (before, after) = (&diff.as_of.before, &diff.as_of.after);
    let title = format!("What changed · {before} → {after}");
    let generator = format!("maturity {}", env!("CARGO_PKG_VERSION"));
    let markup = document(
        &title,
        &generator,
        html! {
            header.top { div.page {
                h1 { "What changed" }
                p.sub { "Assessment judged as of " (after) " compared with " (before)
                    " · AWS Security Maturity Model v2 and Cloud Security Maturity Model v2" }
            } } "\n"
            main.page { "\n" (sections_of(diff, None)) "\n" } "\n"
        },
    );
    markup.into_string()
}

/// The diff's sections; with `links`, controls and objectives link to their pages.
fn sections_of(diff: &AssessmentDiff, links: Option<Links<'_>>) -> Markup {
    let phase = &diff.organization_phase;
    let score = &diff.program_score;
    html! {
        section.card #diff-headline {
            h2 { "Assessment of " (diff.as_of.after) " compared with " (diff.as_of.before) }
            table.data.compact {
                tbody {
                    tr { th { "AWS SMM phase" } td.nw { (phase.before) " → " (phase.after) } td { (word(phase.direction)) } }
                    tr {
                        th { "CSMM program score" }
                        td.nw { (format_args!("{:.1} → {:.1}", score.before, score.after)) }
                        td { (word(score.direction)) }
                    }
                }
            }
            @if diff.is_empty() { p.lead #no-change { (NO_CHANGE) } }
        }
        @if !diff.is_empty() {
            @for (number, (title, rows)) in sections(diff).into_iter().enumerate() {
                @if !rows.is_empty() {
                    section.card.moved data-section=(number) {
                        h2 { (title) }
                        (moves(&rows, |id| match (number, links) {
                            (1, Some(links)) => Some(links.control(id)),
                            (3, Some(links)) => links.objective(id),
                            _ => None,
                        }))
                    }
                }
            }
            (findings(diff))
            (coverage(diff))
            (records(diff))
        }
    }
}

/// "better" or "worse" as a coloured word, nothing when neither.
fn word(direction: Direction) -> Markup {
    let text = direction_word(direction);
    html! { @if !text.is_empty() { span class={ "dir dir-" (text) } { (text) } } }
}

fn moves(rows: &[Moved<'_>], link: impl Fn(&str) -> Option<String>) -> Markup {
    html! {
        table.data {
            thead { tr { th { "Item" } th { "Before → after" } th { "Direction" } } }
            tbody {
                @for row in rows {
                    tr data-moved=(row.id) {
                        td {
                            @match link(row.id) {
                                Some(href) => a href=(href) { code { (row.id) } },
                                None => code { (row.id) },
                            }
                        }
                        td.nw { (row.change) }
                        td { (word(row.direction)) }
                    }
                }
            }
        }
    }
}

fn findings(diff: &AssessmentDiff) -> Markup {
    let f = &diff.findings;
    let (listed, gone) = listed_findings(diff);
    html! {
        section.card #diff-findings {
            h2 { "Findings" }
            p.lead {
                (f.new.len()) " new, " (f.fixed.len()) " fixed, " (f.regressed.len()) " regressed, "
                (f.still_failing.len()) " still failing."
            }
            @if !listed.is_empty() {
                table.data {
                    thead { tr { th { "Change" } th { "Check" } th { "Where" } th { "Status" } th { "Message" } } }
                    tbody {
                        @for (label, change) in listed.iter().take(MAX_FINDINGS) {
                            tr {
                                td.nw { (label) }
                                td { code { (change.check) } }
                                td { (location(change)) }
                                td.nw { (finding_move(change)) }
                                td { (crate::html::prose(&change.message)) }
                            }
                        }
                    }
                }
                @if listed.len() > MAX_FINDINGS {
                    p.note { "Showing " (MAX_FINDINGS) " of " (listed.len()) " changed findings; " code { "maturity diff --format json" } " lists them all." }
                }
            }
            @if !gone.is_empty() {
                ul {
                    @for ((resolution, place), count) in &gone {
                        li { (count) " findings fixed in " (place) " (" (resolution) ")" }
                    }
                }
            }
        }
    }
}

fn coverage(diff: &AssessmentDiff) -> Markup {
    let c = &diff.coverage;
    html! {
        @if !c.is_empty() {
            section.card #diff-coverage {
                h2 { "Coverage" }
                dl.facts {
                    @if let Some(count) = c.account_count {
                        dt { "Accounts in the evidence" } dd { (arrow(Some(count.before), Some(count.after))) }
                    }
                    @for (label, list) in coverage_lists(c) {
                        @if !list.is_empty() { dt { (label) } dd { (list.join(", ")) } }
                    }
                }
            }
        }
    }
}

fn records(diff: &AssessmentDiff) -> Markup {
    let value = |a: &Option<maturity_assess::Answer>| a.as_ref().map(|a| a.answer.id());
    html! {
        @if !diff.answers.is_empty() {
            section.card #diff-answers {
                h2 { "Answers" }
                table.data {
                    thead { tr { th { "Change" } th { "Control or objective" } th { "Answer" } } }
                    tbody {
                        @for change in &diff.answers {
                            tr {
                                td.nw { (change.change.id()) }
                                td { code { (change.id) } }
                                td.nw { (arrow(value(&change.before), value(&change.after))) }
                            }
                        }
                    }
                }
            }
        }
        @if !diff.exceptions.is_empty() {
            section.card #diff-exceptions {
                h2 { "Exceptions" }
                table.data {
                    thead { tr { th { "Change" } th { "Covers" } } }
                    tbody {
                        @for change in &diff.exceptions {
                            tr { td.nw { (change.change.id()) } td { (change.scope) } }
                        }
                    }
                }
            }
        }
    }
}
