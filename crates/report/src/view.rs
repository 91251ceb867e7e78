//! What every format needs from an assessment: the catalog joined to the results, findings by
//! control, and the words used for statuses, sources and phases.
//!
//! Kept in one place so that the HTML, Markdown and CSV outputs name things the same way, and so
//! that the findings are indexed once however large the organization.

use std::collections::HashMap;

use maturity_assess::{AssessedFinding, Assessment, ControlResult, Source, Status};
use maturity_model::Catalogs;
use maturity_model::aws_smm::{Control, Phase};

/// The assessment indexed for rendering.
pub(crate) struct Index<'a> {
    results: HashMap<&'a str, &'a ControlResult>,
    findings_by_check: HashMap<&'a str, Vec<&'a AssessedFinding>>,
    controls_by_check: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Index<'a> {
    pub(crate) fn new(assessment: &'a Assessment, catalogs: &'a Catalogs) -> Self {
        let results = assessment.aws_smm.controls.iter().map(|c| (c.id.as_str(), c)).collect();
        let mut findings_by_check: HashMap<&str, Vec<&AssessedFinding>> = HashMap::new();
        for finding in &assessment.findings {
            findings_by_check.entry(&*finding.finding.check).or_default().push(finding);
        }
        let mut controls_by_check: HashMap<&str, Vec<&str>> = HashMap::new();
        for control in &catalogs.aws_smm.controls {
            for check in &control.checks {
                controls_by_check.entry(check.as_str()).or_default().push(control.id.as_str());
            }
        }
        Self { results, findings_by_check, controls_by_check }
    }

    /// Only the control results, for pieces that show statuses and no findings (the grid): cheap
    /// however many findings the assessment has.
    pub(crate) fn statuses(assessment: &'a Assessment) -> Self {
        let results = assessment.aws_smm.controls.iter().map(|c| (c.id.as_str(), c)).collect();
        Self { results, findings_by_check: HashMap::new(), controls_by_check: HashMap::new() }
    }

    /// The result of a control; `None` when the assessment was made with another catalog.
    pub(crate) fn result(&self, control_id: &str) -> Option<&'a ControlResult> {
        self.results.get(control_id).copied()
    }

    /// A control's status, unknown when the assessment has no result for it.
    pub(crate) fn status(&self, control_id: &str) -> Status {
        self.result(control_id).map_or(Status::Unknown, |r| r.status)
    }

    /// The findings of a control's checks, check by check.
    pub(crate) fn findings(&self, control: &'a Control) -> impl Iterator<Item = &'a AssessedFinding> + '_ {
        control
            .checks
            .iter()
            .flat_map(|check| self.findings_by_check.get(check.as_str()).into_iter().flatten().copied())
    }

    /// The controls a check evidences.
    pub(crate) fn controls_of_check(&self, check: &str) -> &[&'a str] {
        self.controls_by_check.get(check).map_or(&[], Vec::as_slice)
    }
}

/// A status for people: "Not met".
pub(crate) fn status_label(status: Status) -> &'static str {
    match status {
        Status::Met => "Met",
        Status::Partial => "Partial",
        Status::NotMet => "Not met",
        Status::NotApplicable => "Not applicable",
        Status::Unknown => "Unknown",
    }
}

/// A symbol per status, so that no reader depends on colour alone.
pub(crate) fn status_icon(status: Status) -> &'static str {
    match status {
        Status::Met => "✓",
        Status::Partial => "◐",
        Status::NotMet => "✗",
        Status::NotApplicable => "–",
        Status::Unknown => "?",
    }
}

/// A source for people.
pub(crate) fn source_label(source: Source) -> &'static str {
    match source {
        Source::Automated => "automated checks",
        Source::Attested => "attested answer",
        Source::Exception => "exception",
        Source::None => "no evidence",
    }
}

/// The id a source serializes to (`automated`), for CSV.
pub(crate) fn source_id(source: Source) -> &'static str {
    match source {
        Source::Automated => "automated",
        Source::Attested => "attested",
        Source::Exception => "exception",
        Source::None => "none",
    }
}

/// "2 Foundational", or "0 none yet" below Quick Wins.
pub(crate) fn phase_label(phase: u8) -> String {
    format!("{phase} {}", phase_name(phase))
}

/// "Foundational", or "none yet" below Quick Wins.
pub(crate) fn phase_name(phase: u8) -> &'static str {
    Phase::new(phase).map_or("none yet", Phase::name)
}

/// A share as a whole percent: "87 %".
pub(crate) fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".to_owned();
    }
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    let share = part as f64 * 100.0 / whole as f64;
    format!("{share:.0} %")
}
