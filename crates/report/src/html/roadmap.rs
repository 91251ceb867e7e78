//! The roadmap: the next steps in the order the assessment gives them (the phase or level they
//! unlock, then the accounts they affect), each with why, what to do and the official page.

use maud::{Markup, html};

use maturity_assess::Assessment;
use maturity_assess::roadmap::{ModelId, RoadmapItem};

use super::markup::{badge, prose};
use super::{Links, link};

pub(super) fn render(assessment: &Assessment, links: Links<'_>) -> Markup {
    html! {
        section.card #roadmap {
            h2 { "Roadmap" }
            p.lead {
                (assessment.roadmap.len())
                " steps that block the next AWS SMM phase of a capability or the target level of a CSMM category, in \
                 order: lowest phase or level first, then the most accounts affected."
            }
            @if assessment.roadmap.is_empty() {
                p { "Nothing blocks the next phase or a target level." }
            } @else {
                table.data.roadmap {
                    thead { tr {
                        th.num { "#" } th { "Next step" } th { "Unlocks" } th { "Status" } th.num { "Accounts" }
                        th { "Why" }
                    } }
                    tbody {
                        @for (number, item) in (1..).zip(&assessment.roadmap) { (row(number, item, links)) }
                    }
                }
            }
        }
    }
}

fn row(number: usize, item: &RoadmapItem, links: Links<'_>) -> Markup {
    let (model, unlocks) = match item.model {
        ModelId::AwsSmm => ("AWS SMM", format!("phase {}", item.unlocks)),
        ModelId::Csmm => ("CSMM", format!("level {}", item.unlocks)),
    };
    html! {
        tr data-roadmap-item=(item.item) {
            td.num { (number) }
            td.step {
                (link::external_or_text(&item.url, &item.title))
                span.item-id {
                    (item.area_name) " · " (model) " · "
                    @if item.model == ModelId::AwsSmm {
                        a href=(links.control(&item.item)) { code { (item.item) } }
                    } @else if let Some(href) = links.objective(&item.item) {
                        a href=(href) { code { (item.item) } }
                    } @else {
                        code { (item.item) }
                    }
                }
            }
            td.nw { (unlocks) }
            td.nw { (badge(item.status)) }
            td.num { (item.accounts_affected) }
            td {
                (prose(&item.why))
                @if !item.what_to_do.is_empty() {
                    details.todo { summary { "What to do" } (prose(&item.what_to_do)) }
                }
            }
        }
    }
}
