//! The AWS SMM grid as the official site draws it: capabilities as rows, phases 1 to 4 as
//! columns, each of the 74 controls a cell. A cell shows its status by colour, icon and (for
//! screen readers and print) word, and links to the control's detail.

use maud::{Markup, html};

use maturity_assess::{Assessment, Status};
use maturity_model::Catalogs;
use maturity_model::aws_smm::{Capability, Control, Phase};

use super::Links;
use super::markup::{badge, status_class};
use crate::view::{self, Index};

pub(super) fn render(assessment: &Assessment, catalogs: &Catalogs, index: &Index<'_>, links: Links<'_>) -> Markup {
    let smm = &assessment.aws_smm;
    html! {
        section.card #aws-smm {
            h2 { "AWS Security Maturity Model v2" }
            p.lead {
                "Each cell is one control, in the row of its capability and the column of its phase. A capability \
                 reaches a phase when every control of that phase and the ones before is met or not applicable; the \
                 organization stands at its lowest capability: phase "
                (smm.organization_phase) " (" (view::phase_name(smm.organization_phase)) "). Select a control for its detail."
            }
            (legend())
            table.grid {
                thead { tr {
                    th scope="col" { "Capability" }
                    @for phase in Phase::ALL { th scope="col" { (phase.number()) " · " (phase.name()) } }
                } }
                tbody {
                    @for capability in Capability::ALL {
                        @let score = smm.capabilities.iter().find(|c| c.id == capability.id());
                        @let reached = score.map_or(0, |s| s.phase);
                        tr data-capability=(capability.id()) {
                            th scope="row" {
                                (capability.name())
                                @if let Some(score) = score {
                                    span.cap-phase { "Phase " (score.phase) " · " (format_args!("{:.0}", score.met_percent)) " % met" }
                                }
                            }
                            @for phase in Phase::ALL {
                                td.phase-cell.reached[phase.number() <= reached] {
                                    @for control in catalogs.aws_smm.capability_controls(capability).filter(|c| c.phase == phase) {
                                        (cell(control, index.status(&control.id), links))
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

fn cell(control: &Control, status: Status, links: Links<'_>) -> Markup {
    let label = view::status_label(status);
    html! {
        a.cell.(status_class(status)) data-control=(control.id) data-status=(status.id())
            href=(links.control(&control.id)) title={ (control.name) ": " (label) } {
            span.icon aria-hidden="true" { (view::status_icon(status)) }
            span.name { (control.name) }
            span.sr { " (" (label) ")" }
        }
    }
}

/// The key to the grid's colours and icons.
fn legend() -> Markup {
    html! {
        div.legend aria-label="Legend" {
            @for status in Status::ALL { (badge(status)) }
            span { span.swatch-reached {} " phase reached by the capability" }
        }
    }
}
