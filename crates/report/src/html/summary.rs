//! The executive summary: both headline scores with and without exceptions, controls by status,
//! how much of the evidence could be read, and what the assessment covers.

use std::fmt::{self, Write as _};

use maturity_assess::{Assessment, Status};

use super::markup::{esc, status_class};
use crate::view;

pub(super) fn render(out: &mut String, assessment: &Assessment) -> fmt::Result {
    let smm = &assessment.aws_smm;
    let csmm = &assessment.csmm;
    let without = &assessment.without_exceptions;
    out.push_str(r#"<section class="card" id="summary"><h2>Executive summary</h2>"#);
    write!(
        out,
        r#"<p class="lead">The organization is at <strong>AWS SMM phase {} ({})</strong> and scores <strong>{:.1} of 5</strong> on the CSMM. {} next steps are listed in the roadmap.</p>"#,
        smm.organization_phase,
        view::phase_name(smm.organization_phase),
        csmm.program_score,
        assessment.roadmap.len()
    )?;
    out.push_str(r#"<div class="kpis">"#);

    write!(
        out,
        r#"<div class="kpi" id="kpi-phase"><div class="label">AWS SMM phase</div><div class="value">{} <small>of 4</small></div><div class="detail">{}</div><div class="detail">Without exceptions: {}</div><ul>"#,
        smm.organization_phase,
        view::phase_name(smm.organization_phase),
        esc(&view::phase_label(without.organization_phase))
    )?;
    // The organization's phase is its weakest capability's: show how the others spread.
    for phase in 0..=4u8 {
        let count = smm.capabilities.iter().filter(|c| c.phase == phase).count();
        if count > 0 {
            let label = if phase == 0 {
                "Below phase 1".to_owned()
            } else {
                format!("Phase {phase} · {}", view::phase_name(phase))
            };
            let noun = if count == 1 { "capability" } else { "capabilities" };
            write!(out, "<li><span>{label}</span><span>{count} {noun}</span></li>")?;
        }
    }
    out.push_str("</ul></div>");

    write!(
        out,
        r#"<div class="kpi" id="kpi-csmm"><div class="label">CSMM program score</div><div class="value">{:.1} <small>of 5</small></div><div class="detail">Without exceptions: {:.1}</div><ul>"#,
        csmm.program_score, without.program_score
    )?;
    for domain in &csmm.domains {
        write!(out, "<li><span>{}</span><span>{:.1}</span></li>", domain.id.name(), domain.score)?;
    }
    out.push_str("</ul></div>");

    let total: u32 = smm.status_counts.values().sum();
    write!(
        out,
        r#"<div class="kpi" id="kpi-controls"><div class="label">Controls by status</div><div class="value">{total} <small>controls</small></div>"#
    )?;
    let count = |s: Status| smm.status_counts.get(&s).copied().unwrap_or(0);
    let segments: Vec<(String, u64, String)> = Status::ALL
        .iter()
        .map(|s| (format!("seg-{}", s.id()), u64::from(count(*s)), view::status_label(*s).to_owned()))
        .collect();
    stack(out, &segments, u64::from(total))?;
    out.push_str("<ul>");
    for status in Status::ALL {
        write!(
            out,
            r#"<li><span><span class="badge {}"><span aria-hidden="true">{}</span> {}</span></span><span>{}</span></li>"#,
            status_class(status),
            view::status_icon(status),
            view::status_label(status),
            count(status)
        )?;
    }
    out.push_str("</ul></div>");

    let coverage = &assessment.evidence.coverage;
    let facts = coverage.ok + coverage.denied + coverage.failed + coverage.unavailable;
    write!(
        out,
        r#"<div class="kpi" id="kpi-evidence"><div class="label">Evidence coverage</div><div class="value">{}</div><div class="detail">of {facts} facts read</div>"#,
        view::percent(coverage.ok, facts)
    )?;
    let kinds = [
        ("f-ok", coverage.ok, "ok"),
        ("f-denied", coverage.denied, "denied"),
        ("f-failed", coverage.failed, "failed"),
        ("f-unavailable", coverage.unavailable, "unavailable"),
    ];
    let segments: Vec<(String, u64, String)> =
        kinds.iter().map(|(class, n, label)| ((*class).to_owned(), *n, (*label).to_owned())).collect();
    stack(out, &segments, facts)?;
    out.push_str("<ul>");
    for (_, n, label) in kinds {
        write!(out, "<li><span>{label}</span><span>{n} · {}</span></li>", view::percent(n, facts))?;
    }
    write!(out, "<li><span>accounts unreachable</span><span>{}</span></li></ul></div>", coverage.accounts_unreachable)?;
    out.push_str("</div>");

    scope(out, assessment)?;
    out.push_str("</section>\n");
    Ok(())
}

/// A horizontal bar split by share, each part titled with its label and count.
fn stack(out: &mut String, segments: &[(String, u64, String)], total: u64) -> fmt::Result {
    out.push_str(r#"<div class="stack" role="img" aria-label="distribution">"#);
    for (class, count, label) in segments.iter().filter(|(_, n, _)| *n > 0) {
        #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
        let width = *count as f64 * 100.0 / total.max(1) as f64;
        write!(out, r#"<span class="{class}" style="width:{width:.2}%" title="{}: {count}"></span>"#, esc(label))?;
    }
    out.push_str("</div>");
    Ok(())
}

fn scope(out: &mut String, assessment: &Assessment) -> fmt::Result {
    let evidence = &assessment.evidence;
    out.push_str(r#"<dl class="scope">"#);
    let organization = evidence.organization_id.as_deref().unwrap_or("single-account scan");
    write!(out, "<dt>Organization</dt><dd>{}</dd>", esc(organization))?;
    write!(out, "<dt>Accounts</dt><dd>{}</dd>", evidence.accounts)?;
    write!(out, "<dt>Judged as of</dt><dd>{}</dd>", assessment.as_of)?;
    write!(out, "<dt>Evidence collected</dt><dd>{}</dd>", evidence.collected_at.format("%Y-%m-%d %H:%M UTC"))?;
    write!(out, "<dt>Regions ({})</dt><dd>{}</dd>", evidence.regions.len(), esc(&evidence.regions.join(", ")))?;
    write!(out, "<dt>API calls</dt><dd>{}</dd>", evidence.api_calls)?;
    write!(out, "<dt>Findings</dt><dd>{}</dd>", assessment.findings.len())?;
    write!(out, "<dt>Made by</dt><dd>{} {}</dd>", esc(&assessment.tool.name), esc(&assessment.tool.version))?;
    out.push_str("</dl>");
    Ok(())
}
