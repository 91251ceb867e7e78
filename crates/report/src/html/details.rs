//! One collapsed detail per control (`id="control-<id>"`, the grid's link target): its status
//! and what decided it, and for automated controls which accounts, regions and resources pass
//! or fail.
//!
//! Sizes stay bounded for organizations with thousands of accounts: counts are always complete,
//! lists show at most [`MAX_ROWS`] entries and point to `findings.csv` for the rest.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use maturity_assess::{AssessedFinding, Assessment, ControlResult, Status};
use maturity_checks::FindingStatus;
use maturity_model::Catalogs;
use maturity_model::aws_smm::{Capability, Control};

use super::markup::{badge, esc, external_link, prose};
use crate::view::{self, Index};

/// The most accounts, resources or findings listed per control and kind.
pub const MAX_ROWS: usize = 25;

pub(super) fn render(out: &mut String, assessment: &Assessment, catalogs: &Catalogs, index: &Index<'_>) -> fmt::Result {
    out.push_str(r#"<section class="card" id="controls"><h2>Controls</h2><p class="lead">Every AWS SMM control, by capability and phase: its status, what decided it and where it fails. Lists stop at "#);
    write!(out, "{MAX_ROWS} entries; <code>findings.csv</code> has every finding.</p>")?;
    for capability in Capability::ALL {
        write!(out, r#"<h3 id="capability-{}">{}</h3>"#, capability.id(), esc(capability.name()))?;
        for control in catalogs.aws_smm.capability_controls(capability) {
            detail(out, assessment, control, index)?;
        }
    }
    out.push_str("</section>\n");
    Ok(())
}

fn detail(out: &mut String, assessment: &Assessment, control: &Control, index: &Index<'_>) -> fmt::Result {
    let result = index.result(&control.id);
    let status = result.map_or(Status::Unknown, |r| r.status);
    write!(
        out,
        r#"<details class="control" id="control-{0}" data-status="{1}"><summary>"#,
        esc(&control.id),
        status.id()
    )?;
    badge(out, status)?;
    write!(
        out,
        r#"<span class="ctl-name">{}</span><code>{}</code><span class="ctl-meta">Phase {} · {}"#,
        esc(&control.name),
        esc(&control.id),
        control.phase.number(),
        control.phase.name()
    )?;
    if let Some(result) = result {
        write!(out, " · {}", view::source_label(result.source))?;
        if let Some(coverage) = result.coverage {
            write!(out, " · holds in {} of {}", coverage.holding, coverage.in_scope)?;
        }
    }
    out.push_str(r#"</span></summary><div class="ctl-body">"#);
    write!(out, "<p>{}</p>", esc(&control.summary))?;
    out.push_str(r#"<dl class="facts">"#);
    if let Some(result) = result {
        write!(out, "<dt>Decided by</dt><dd>{}</dd>", view::source_label(result.source))?;
        if let Some(coverage) = result.coverage {
            write!(
                out,
                "<dt>Coverage</dt><dd>holds in {} of {} accounts in scope ({:.0} %)</dd>",
                coverage.holding,
                coverage.in_scope,
                coverage.percent()
            )?;
        }
    }
    let checks =
        if control.checks.is_empty() { "none: a person attests it".to_owned() } else { control.checks.join(", ") };
    write!(out, "<dt>Checks</dt><dd>{}</dd><dt>Official page</dt><dd>", esc(&checks))?;
    external_link(out, &control.url, &control.url)?;
    out.push_str("</dd></dl>");
    match result {
        None => {
            out.push_str("<p>This assessment has no result for this control (it was made with another catalog).</p>")
        }
        Some(result) => {
            out.push_str("<h4>Why this status</h4><ul>");
            for reason in &result.reasons {
                out.push_str("<li>");
                prose(out, reason)?;
                out.push_str("</li>");
            }
            out.push_str("</ul>");
            if !control.checks.is_empty() {
                findings(out, control, result, index)?;
            }
            answer(out, result)?;
            exceptions(out, result, assessment)?;
        }
    }
    if control.checks.is_empty() && !control.questions.is_empty() {
        out.push_str("<h4>What an assessor asks</h4><ul>");
        for question in &control.questions {
            write!(out, "<li>{}</li>", esc(question))?;
        }
        out.push_str("</ul>");
    }
    out.push_str("</div></details>\n");
    Ok(())
}

/// The control's findings, split by verdict (exceptions applied).
#[derive(Default)]
struct Split<'a> {
    failing: Vec<&'a AssessedFinding>,
    excepted: Vec<&'a AssessedFinding>,
    inconclusive: Vec<&'a AssessedFinding>,
    /// Region (or "global") → (passing, failing) findings.
    regions: BTreeMap<&'a str, (u32, u32)>,
}

fn findings(out: &mut String, control: &Control, result: &ControlResult, index: &Index<'_>) -> fmt::Result {
    let mut split = Split::default();
    for assessed in index.findings(control) {
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
    check_table(out, result)?;
    if !result.failing_accounts.is_empty() {
        write!(out, "<h4>Failing accounts ({})</h4><ul class=\"chips\">", result.failing_accounts.len())?;
        for account in result.failing_accounts.iter().take(MAX_ROWS) {
            write!(out, "<li>{}</li>", esc(account))?;
        }
        out.push_str("</ul>");
        more(out, result.failing_accounts.len(), "accounts")?;
    }
    if split.regions.values().any(|(_, fail)| *fail > 0) {
        out.push_str(r#"<h4>By region</h4><table class="data compact"><thead><tr><th>Region</th><th class="num">Passing findings</th><th class="num">Failing findings</th></tr></thead><tbody>"#);
        for (region, (pass, fail)) in &split.regions {
            write!(out, r#"<tr><td>{}</td><td class="num">{pass}</td><td class="num">{fail}</td></tr>"#, esc(region))?;
        }
        out.push_str("</tbody></table>");
    }
    finding_table(out, "Failing", &mut split.failing, false)?;
    finding_table(out, "Excepted", &mut split.excepted, true)?;
    finding_table(out, "Inconclusive", &mut split.inconclusive, false)
}

fn check_table(out: &mut String, result: &ControlResult) -> fmt::Result {
    if result.checks.is_empty() {
        return Ok(());
    }
    out.push_str(r#"<h4>Checks</h4><table class="data"><thead><tr><th>Check</th><th class="num">Pass</th><th class="num">Fail</th><th class="num">Excepted</th><th class="num">Inconclusive</th><th class="num">Not applicable</th></tr></thead><tbody>"#);
    for counts in &result.checks {
        let title = maturity_checks::check(&counts.check).map_or("", |c| c.meta().title);
        write!(
            out,
            r#"<tr><td><code>{}</code> <span class="muted">{}</span></td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            esc(&counts.check),
            esc(title),
            counts.pass,
            counts.fail,
            counts.excepted,
            counts.inconclusive,
            counts.not_applicable
        )?;
    }
    out.push_str("</tbody></table>");
    Ok(())
}

fn finding_table(out: &mut String, title: &str, findings: &mut [&AssessedFinding], excepted: bool) -> fmt::Result {
    if findings.is_empty() {
        return Ok(());
    }
    findings.sort_by(|a, b| a.finding.location.cmp(&b.finding.location));
    write!(
        out,
        r#"<h4>{title} findings ({})</h4><table class="data"><thead><tr><th>Account</th><th>Region</th><th>Resource</th><th>Check</th><th>{}</th></tr></thead><tbody>"#,
        findings.len(),
        if excepted { "Exception · message" } else { "Message" }
    )?;
    for assessed in findings.iter().take(MAX_ROWS) {
        let finding = &assessed.finding;
        let location = &finding.location;
        write!(
            out,
            r#"<tr><td class="nw">{}</td><td class="nw">{}</td><td><code>{}</code></td><td><code>{}</code></td><td>"#,
            esc(location.account_id.as_deref().unwrap_or("organization")),
            esc(location.region.as_deref().unwrap_or("global")),
            esc(location.resource.as_deref().unwrap_or("—")),
            esc(&finding.check)
        )?;
        if let Some(number) = assessed.excepted_by {
            write!(out, r##"<a href="#exception-{number}">#{number}</a> · "##)?;
        }
        prose(out, &finding.message)?;
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table>");
    more(out, findings.len(), "findings")
}

/// The note under a list cut at [`MAX_ROWS`].
fn more(out: &mut String, total: usize, what: &str) -> fmt::Result {
    if total > MAX_ROWS {
        write!(
            out,
            r#"<p class="note">Showing {MAX_ROWS} of {total} {what}; the full list is in <code>findings.csv</code>.</p>"#
        )?;
    }
    Ok(())
}

fn answer(out: &mut String, result: &ControlResult) -> fmt::Result {
    let Some(answer) = &result.answer else { return Ok(()) };
    write!(out, r#"<h4>Attested answer</h4><dl class="facts"><dt>Answer</dt><dd>{}</dd>"#, answer.answer.id())?;
    if let Some(owner) = &answer.owner {
        write!(out, "<dt>Owner</dt><dd>{}</dd>", esc(owner))?;
    }
    write!(out, "<dt>Given</dt><dd>{}</dd><dt>Valid until</dt><dd>{}</dd>", answer.date, answer.expires)?;
    if let Some(evidence) = &answer.evidence {
        out.push_str("<dt>Evidence</dt><dd>");
        // Only plain web links become links: an answers file is edited by hand.
        if evidence.starts_with("https://") && !evidence.contains(char::is_whitespace) {
            external_link(out, evidence, evidence)?;
        } else {
            write!(out, "{}", esc(evidence))?;
        }
        out.push_str("</dd>");
    }
    out.push_str("</dl>");
    Ok(())
}

fn exceptions(out: &mut String, result: &ControlResult, assessment: &Assessment) -> fmt::Result {
    if result.exceptions.is_empty() {
        return Ok(());
    }
    out.push_str("<h4>Exceptions used</h4><ul>");
    for number in &result.exceptions {
        write!(out, r##"<li><a href="#exception-{number}">#{number}</a>"##)?;
        let used = assessment.exceptions.applied.iter().find(|u| u.exception.number == *number);
        if let Some(used) = used {
            let exception = &used.exception;
            write!(
                out,
                " {}: {} <span class=\"muted\">(owner {}, until {})</span>",
                esc(&exception.scope()),
                esc(&exception.reason),
                esc(&exception.owner),
                exception.expires
            )?;
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    Ok(())
}
