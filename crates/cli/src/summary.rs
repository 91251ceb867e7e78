//! The summary `assess` prints: both models at a glance and the first roadmap items.

use std::fmt::Write as _;

use maturity_assess::{Assessment, Status};
use maturity_model::aws_smm::Phase;

/// Renders the plain-text summary of an assessment.
pub(crate) fn render(assessment: &Assessment, top: usize) -> String {
    let mut out = String::new();
    let evidence = &assessment.evidence;
    let coverage = &evidence.coverage;
    let _ = writeln!(
        out,
        "Evidence of {} ({} accounts, {} regions), collected {}; judged as of {}.",
        evidence.organization_id.as_deref().unwrap_or("a single scan"),
        evidence.accounts,
        evidence.regions.len(),
        evidence.collected_at.format("%Y-%m-%d %H:%M UTC"),
        assessment.as_of
    );
    let _ = writeln!(
        out,
        "Facts read: {} ok, {} denied, {} failed, {} unavailable; {} accounts unreachable.\n",
        coverage.ok, coverage.denied, coverage.failed, coverage.unavailable, coverage.accounts_unreachable
    );

    let smm = &assessment.aws_smm;
    let without = &assessment.without_exceptions;
    let _ = writeln!(
        out,
        "AWS Security Maturity Model v2: organization at phase {} ({}){}",
        smm.organization_phase,
        phase_name(smm.organization_phase),
        if without.organization_phase == smm.organization_phase {
            String::new()
        } else {
            format!(", {} without exceptions", without.organization_phase)
        }
    );
    let counts: Vec<String> = Status::ALL
        .iter()
        .map(|s| format!("{} {}", smm.status_counts.get(s).copied().unwrap_or(0), s.id().replace('_', " ")))
        .collect();
    let _ = writeln!(out, "Controls: {}.", counts.join(", "));
    let _ = writeln!(out, "  {:<34} {:<18} {:>6}  {}", "CAPABILITY", "PHASE", "MET", "NEXT PHASE NEEDS");
    for capability in &smm.capabilities {
        let needs = capability.reasons.len();
        let _ = writeln!(
            out,
            "  {:<34} {:<18} {:>5.0}%  {}",
            capability.name,
            format!("{} {}", capability.phase, phase_name(capability.phase)),
            capability.met_percent,
            if needs == 0 { "—".to_owned() } else { format!("{needs} controls") }
        );
    }

    let csmm = &assessment.csmm;
    let _ = writeln!(out, "\nCloud Security Maturity Model v2: program score {:.1} of 5{}", csmm.program_score, {
        if (without.program_score - csmm.program_score).abs() < f64::EPSILON {
            String::new()
        } else {
            format!(" ({:.1} without exceptions)", without.program_score)
        }
    });
    let domains: Vec<String> = csmm.domains.iter().map(|d| format!("{} {:.1}", d.id, d.score)).collect();
    let _ = writeln!(out, "Domains: {}.", domains.join(", "));
    let _ = writeln!(out, "  {:<40} {:<26} {:>6}", "CATEGORY", "LEVEL", "TARGET");
    for category in &csmm.categories {
        let _ = writeln!(
            out,
            "  {:<40} {:<26} {:>6}{}",
            category.name,
            format!("{} {}", category.level, category.level_name),
            category.target,
            if category.gap > 0 { format!("  (gap {})", category.gap) } else { String::new() }
        );
    }

    let _ = writeln!(out, "\nRoadmap: {} items. First {}:", assessment.roadmap.len(), top.min(assessment.roadmap.len()));
    for (index, item) in assessment.roadmap.iter().take(top).enumerate() {
        let affected = if item.accounts_affected > 0 { format!(", {} accounts", item.accounts_affected) } else { String::new() };
        let _ = writeln!(
            out,
            "  {:>2}. [{} → {}] {} — {} ({}{affected})",
            index + 1,
            item.area_name,
            item.unlocks,
            item.item,
            item.title,
            item.status
        );
    }
    let exceptions = &assessment.exceptions;
    if !exceptions.expired.is_empty() || !exceptions.unused.is_empty() {
        let _ = writeln!(
            out,
            "\nExceptions: {} applied, {} expired, {} unused.",
            exceptions.applied.len(),
            exceptions.expired.len(),
            exceptions.unused.len()
        );
    }
    if !assessment.answers.expired.is_empty() {
        let ids: Vec<&str> = assessment.answers.expired.iter().map(|a| a.id.as_str()).collect();
        let _ = writeln!(out, "Expired answers (counted as unknown): {}.", ids.join(", "));
    }
    out
}

fn phase_name(phase: u8) -> &'static str {
    Phase::new(phase).map_or("none yet", Phase::name)
}
