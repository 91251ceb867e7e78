//! The Markdown report: the headline scores, both model tables and the roadmap, short enough
//! for a wiki page or a pull-request comment (the per-control detail is in the HTML and CSV).

use std::fmt::Write as _;

use maturity_assess::{Assessment, Status};

use crate::ReportError;
use crate::view;

/// Renders the Markdown report.
///
/// # Errors
/// Only if formatting fails, which it does not when writing to a string.
pub fn render(assessment: &Assessment) -> Result<String, ReportError> {
    let mut out = String::new();
    summary(&mut out, assessment)?;
    aws_smm(&mut out, assessment)?;
    csmm(&mut out, assessment)?;
    roadmap(&mut out, assessment)?;
    Ok(out)
}

fn summary(out: &mut String, assessment: &Assessment) -> Result<(), ReportError> {
    let evidence = &assessment.evidence;
    let without = &assessment.without_exceptions;
    let scope = evidence.organization_id.as_deref().unwrap_or("single-account scan");
    writeln!(out, "# Security maturity: {}\n", cell(scope))?;
    writeln!(
        out,
        "Judged as of {} on evidence collected {}; {} accounts, {} regions ({}).\n",
        assessment.as_of,
        evidence.collected_at.format("%Y-%m-%d %H:%M UTC"),
        evidence.accounts,
        evidence.regions.len(),
        cell(&evidence.regions.join(", "))
    )?;
    writeln!(out, "| Score | With exceptions | Without exceptions |")?;
    writeln!(out, "| --- | --- | --- |")?;
    writeln!(
        out,
        "| AWS SMM phase | {} | {} |",
        view::phase_label(assessment.aws_smm.organization_phase),
        view::phase_label(without.organization_phase)
    )?;
    writeln!(
        out,
        "| CSMM program score | {:.1} of 5 | {:.1} of 5 |\n",
        assessment.csmm.program_score, without.program_score
    )?;
    let domains: Vec<String> =
        assessment.csmm.domains.iter().map(|d| format!("{} {:.1}", d.id.name(), d.score)).collect();
    writeln!(out, "CSMM domains: {}.\n", domains.join(", "))?;
    let counts: Vec<String> = Status::ALL
        .iter()
        .map(|s| {
            let count = assessment.aws_smm.status_counts.get(s).copied().unwrap_or(0);
            format!("{count} {}", view::status_label(*s).to_lowercase())
        })
        .collect();
    writeln!(out, "AWS SMM controls: {}.\n", counts.join(", "))?;
    let coverage = &evidence.coverage;
    let total = coverage.ok + coverage.denied + coverage.failed + coverage.unavailable;
    writeln!(
        out,
        "Evidence: {} of {total} facts read ({}); {} denied, {} failed, {} unavailable; {} accounts unreachable.\n",
        coverage.ok,
        view::percent(coverage.ok, total),
        coverage.denied,
        coverage.failed,
        coverage.unavailable,
        coverage.accounts_unreachable
    )?;
    Ok(())
}

fn aws_smm(out: &mut String, assessment: &Assessment) -> Result<(), ReportError> {
    writeln!(out, "## AWS Security Maturity Model v2\n")?;
    writeln!(out, "| Capability | Phase | Met | Quick Wins | Foundational | Efficient | Optimized |")?;
    writeln!(out, "| --- | --- | ---: | ---: | ---: | ---: | ---: |")?;
    for capability in &assessment.aws_smm.capabilities {
        let phases: Vec<String> =
            capability.phases.iter().map(|p| format!("{}/{}", p.met, p.total - p.not_applicable)).collect();
        writeln!(
            out,
            "| {} | {} | {:.0} % | {} |",
            cell(&capability.name),
            view::phase_label(capability.phase),
            capability.met_percent,
            phases.join(" | ")
        )?;
    }
    writeln!(
        out,
        "\nPer phase: met controls of the applicable ones. Unknown controls (no usable evidence) are never counted as met."
    )?;
    writeln!(out)?;
    Ok(())
}

fn csmm(out: &mut String, assessment: &Assessment) -> Result<(), ReportError> {
    writeln!(out, "## Cloud Security Maturity Model v2\n")?;
    writeln!(out, "| Category | Domain | Level | Target | Gap |")?;
    writeln!(out, "| --- | --- | --- | ---: | ---: |")?;
    for category in &assessment.csmm.categories {
        writeln!(
            out,
            "| {} | {} | {}{}{} | {} | {} |",
            cell(&category.name),
            category.domain.name(),
            category.level,
            if category.level_name.is_empty() { String::new() } else { format!(" {}", cell(&category.level_name)) },
            if category.not_applicable { " (not applicable)" } else { "" },
            category.target,
            category.gap
        )?;
    }
    writeln!(out)?;
    let answers = &assessment.answers;
    if !answers.not_applicable.is_empty() {
        writeln!(out, "Declared not applicable by an answer:\n")?;
        for answer in &answers.not_applicable {
            let reason = answer.evidence.as_deref().unwrap_or("no reason given, so not used for an objective");
            let owner = answer.owner.as_deref().map(|o| format!(", {o}")).unwrap_or_default();
            writeln!(out, "- `{}`: {} ({}{owner}, until {})", answer.id, cell(reason), answer.date, answer.expires)?;
        }
        writeln!(out)?;
    }
    if !answers.conflicts.is_empty() {
        let ids: Vec<String> = answers.conflicts.iter().map(|id| format!("`{id}`")).collect();
        writeln!(out, "Answers the automated evidence contradicts (the evidence decided): {}.\n", ids.join(", "))?;
    }
    Ok(())
}

fn roadmap(out: &mut String, assessment: &Assessment) -> Result<(), ReportError> {
    writeln!(out, "## Roadmap\n")?;
    if assessment.roadmap.is_empty() {
        writeln!(out, "Nothing blocks the next phase or a target level.")?;
        return Ok(());
    }
    writeln!(out, "| # | Area | Unlocks | Next step | Status | Accounts | Why |")?;
    writeln!(out, "| ---: | --- | --- | --- | --- | ---: | --- |")?;
    for (number, item) in assessment.roadmap.iter().enumerate() {
        let unlocks = match item.model {
            maturity_assess::roadmap::ModelId::AwsSmm => format!("phase {}", item.unlocks),
            maturity_assess::roadmap::ModelId::Csmm => format!("level {}", item.unlocks),
        };
        writeln!(
            out,
            "| {} | {} | {unlocks} | [{}]({}) (`{}`) | {} | {} | {} |",
            number + 1,
            cell(&item.area_name),
            cell(&item.title),
            item.url,
            item.item,
            view::status_label(item.status),
            item.accounts_affected,
            cell(&item.why)
        )?;
    }
    Ok(())
}

/// Text made safe for one table cell: no line breaks, no column separators, no raw HTML.
pub(crate) fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_lose_pipes_newlines_and_tags() {
        assert_eq!(cell("a|b\n<script>"), "a\\|b &lt;script&gt;");
    }
}
