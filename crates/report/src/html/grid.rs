//! The AWS SMM grid as the official site draws it: capabilities as rows, phases 1 to 4 as
//! columns, each of the 74 controls a cell. A cell shows its status by colour, icon and (for
//! screen readers and print) word, and links to the control's detail.

use std::fmt::{self, Write as _};

use maturity_assess::{Assessment, Status};
use maturity_model::Catalogs;
use maturity_model::aws_smm::{Capability, Phase};

use super::markup::{esc, status_class};
use crate::view::{self, Index};

pub(super) fn render(out: &mut String, assessment: &Assessment, catalogs: &Catalogs, index: &Index<'_>) -> fmt::Result {
    let smm = &assessment.aws_smm;
    write!(
        out,
        r#"<section class="card" id="aws-smm"><h2>AWS Security Maturity Model v2</h2><p class="lead">Each cell is one control, in the row of its capability and the column of its phase. A capability reaches a phase when every control of that phase and the ones before is met or not applicable; the organization stands at its lowest capability: phase {} ({}). Select a control for its detail.</p>"#,
        smm.organization_phase,
        view::phase_name(smm.organization_phase)
    )?;
    legend(out)?;
    out.push_str(r#"<table class="grid"><thead><tr><th scope="col">Capability</th>"#);
    for phase in Phase::ALL {
        write!(out, r#"<th scope="col">{} · {}</th>"#, phase.number(), phase.name())?;
    }
    out.push_str("</tr></thead><tbody>");
    for capability in Capability::ALL {
        let score = smm.capabilities.iter().find(|c| c.id == capability.id());
        let reached = score.map_or(0, |s| s.phase);
        write!(out, r#"<tr data-capability="{}"><th scope="row">{}"#, capability.id(), esc(capability.name()))?;
        if let Some(score) = score {
            write!(out, r#"<span class="cap-phase">Phase {} · {:.0} % met</span>"#, score.phase, score.met_percent)?;
        }
        out.push_str("</th>");
        for phase in Phase::ALL {
            let class = if phase.number() <= reached { " reached" } else { "" };
            write!(out, r#"<td class="phase-cell{class}">"#)?;
            for control in catalogs.aws_smm.capability_controls(capability).filter(|c| c.phase == phase) {
                cell(out, &control.id, &control.name, index.status(&control.id))?;
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></section>\n");
    Ok(())
}

fn cell(out: &mut String, id: &str, name: &str, status: Status) -> fmt::Result {
    let label = view::status_label(status);
    write!(
        out,
        r##"<a class="cell {class}" data-control="{id}" data-status="{status}" href="#control-{id}" title="{name}: {label}"><span class="icon" aria-hidden="true">{icon}</span><span class="name">{name}</span><span class="sr"> ({label})</span></a>"##,
        class = status_class(status),
        id = esc(id),
        status = status.id(),
        name = esc(name),
        icon = view::status_icon(status),
    )
}

/// The key to the grid's colours and icons.
pub(super) fn legend(out: &mut String) -> fmt::Result {
    out.push_str(r#"<div class="legend" aria-label="Legend">"#);
    for status in Status::ALL {
        super::markup::badge(out, status)?;
    }
    out.push_str(r#"<span><span class="swatch-reached"></span> phase reached by the capability</span></div>"#);
    Ok(())
}
