//! The summary `assess` prints: both models at a glance and the first roadmap items.
//!
//! Statuses are coloured only when standard output is a terminal and `NO_COLOR` is not set
//! (<https://no-color.org>), so pipes, files and CI logs get plain text.

use std::fmt::Write as _;
use std::io::IsTerminal as _;

use maturity_assess::{Assessment, Status};
use maturity_model::aws_smm::Phase;

/// Renders the summary of an assessment for standard output, in colour on a terminal.
pub(crate) fn render(assessment: &Assessment, top: usize) -> String {
    render_with(assessment, top, Paint::for_stdout())
}

/// Whether statuses get ANSI colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paint {
    /// Plain text.
    Plain,
    /// ANSI colours.
    Ansi,
}

impl Paint {
    /// Colour when standard output is a terminal and `NO_COLOR` is unset or empty.
    pub(crate) fn for_stdout() -> Paint {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if !no_color && std::io::stdout().is_terminal() { Paint::Ansi } else { Paint::Plain }
    }

    /// `text` in the colour of `status`.
    fn status(self, status: Status, text: &str) -> String {
        let code = match status {
            Status::Met => "32",
            Status::Partial => "33",
            Status::NotMet => "31",
            Status::NotApplicable => "2",
            Status::Unknown => "35",
        };
        self.wrap(code, text)
    }

    /// `text` in bold.
    fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }

    fn wrap(self, code: &str, text: &str) -> String {
        match self {
            Paint::Plain => text.to_owned(),
            Paint::Ansi => format!("\x1b[{code}m{text}\x1b[0m"),
        }
    }
}

/// Renders the summary of an assessment.
pub(crate) fn render_with(assessment: &Assessment, top: usize, paint: Paint) -> String {
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
        "{}: organization at phase {} ({}){}",
        paint.bold("AWS Security Maturity Model v2"),
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
        .map(|s| {
            paint
                .status(*s, &format!("{} {}", smm.status_counts.get(s).copied().unwrap_or(0), s.id().replace('_', " ")))
        })
        .collect();
    let _ = writeln!(out, "Controls: {}.", counts.join(", "));
    let _ = writeln!(out, "  {:<34} {:<18} {:>6}  NEXT PHASE NEEDS", "CAPABILITY", "PHASE", "MET");
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
    let _ = writeln!(
        out,
        "\n{}: program score {:.1} of 5{}",
        paint.bold("Cloud Security Maturity Model v2"),
        csmm.program_score,
        {
            if (without.program_score - csmm.program_score).abs() < f64::EPSILON {
                String::new()
            } else {
                format!(" ({:.1} without exceptions)", without.program_score)
            }
        }
    );
    let domains: Vec<String> = csmm.domains.iter().map(|d| format!("{} {:.1}", d.id, d.score)).collect();
    let _ = writeln!(out, "Domains: {}.", domains.join(", "));
    let _ = writeln!(out, "  {:<40} {:<26} {:>6}", "CATEGORY", "LEVEL", "TARGET");
    for category in &csmm.categories {
        let _ = writeln!(
            out,
            "  {:<40} {:<26} {:>6}{}",
            category.name,
            if category.not_applicable {
                format!("{} (not applicable)", category.level)
            } else if category.level_name.is_empty() {
                category.level.to_string()
            } else {
                format!("{} {}", category.level, category.level_name)
            },
            category.target,
            if category.gap > 0 { format!("  (gap {})", category.gap) } else { String::new() }
        );
        if !category.held_back_by.is_empty() {
            let blockers: Vec<String> = category
                .held_back_by
                .iter()
                .map(|b| format!("{} {}", b.objective, paint.status(b.status, &b.status.id().replace('_', " "))))
                .collect();
            let _ = writeln!(out, "      held back by {}", blockers.join(", "));
        }
    }

    let _ = writeln!(
        out,
        "\n{}: {} items. First {}:",
        paint.bold("Roadmap"),
        assessment.roadmap.len(),
        top.min(assessment.roadmap.len())
    );
    for (index, item) in assessment.roadmap.iter().take(top).enumerate() {
        let affected = match item.accounts_affected {
            0 => String::new(),
            1 => ", 1 account".to_owned(),
            n => format!(", {n} accounts"),
        };
        let _ = writeln!(
            out,
            "  {:>2}. [{} → {}] {} — {} ({}{affected})",
            index + 1,
            item.area_name,
            item.unlocks,
            item.item,
            item.title,
            paint.status(item.status, item.status.id())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Assessment {
        maturity_demo::assessment().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn plain_summary_has_no_escape_codes() {
        let text = render_with(&demo(), 5, Paint::Plain);
        assert!(!text.contains('\x1b'), "{text}");
        assert!(text.contains("met"), "{text}");
    }

    #[test]
    fn terminal_summary_colours_statuses() {
        let text = render_with(&demo(), 5, Paint::Ansi);
        assert!(text.contains("\x1b[32m"), "met is green: {text}");
        assert!(text.contains("\x1b[35m"), "unknown is magenta: {text}");
        assert_eq!(text.matches("\x1b[").count() % 2, 0, "every colour is reset: {text}");
    }
}
