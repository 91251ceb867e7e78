//! The findings as security data lakes and hubs take them (OCSF, ASFF): which are sent, their
//! stable keys, what they evidence in both models, and a severity.
//!
//! Kept in one place so that an OCSF event and an ASFF finding about the same resource carry the
//! same id, severity and requirements.
//!
//! - **Which.** Passing, failing and inconclusive findings. A passing one tells the receiver that
//!   an earlier failure is fixed (Security Hub resolves it); not-applicable findings say only
//!   that nothing is there, and are left out.
//! - **Key.** `check/account/region/resource` (`organization` for no account, `global` for no
//!   region, no last part for no resource), with `#2`, `#3` … after it when a check says more
//!   than one thing about the same place. Derived from the assessment alone, so the same
//!   assessment gives the same keys, and the next scan's finding about the same resource the same
//!   one: the receiver updates it rather than adding another.
//! - **Severity.** The models rank by phase, not by severity, so it is read from the earliest
//!   AWS SMM phase among the controls the check evidences: Quick Wins high, Foundational medium,
//!   Efficient and Optimized low; low too for a check that evidences CSMM objectives only. A
//!   passing finding is informational.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use maturity_assess::{AssessedFinding, Assessment};
use maturity_checks::FindingStatus;
use maturity_model::Catalogs;
use maturity_model::aws_smm::Control;
use sha2::{Digest as _, Sha256};

/// The AWS SMM v2's name, as the findings cite it.
pub(crate) const AWS_SMM: &str = "AWS Security Maturity Model v2";
/// The CSMM v2's name, as the findings cite it.
pub(crate) const CSMM: &str = "Cloud Security Maturity Model v2";

/// How urgent a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Severity {
    Informational,
    Low,
    Medium,
    High,
}

/// One finding as it is sent.
pub(crate) struct Exported<'a> {
    /// The stable key (see the module documentation).
    pub(crate) key: String,
    /// The finding.
    pub(crate) assessed: &'a AssessedFinding,
    /// What its check wants to hold (the check's title), or its id for a check this build lacks.
    pub(crate) title: &'a str,
    /// The AWS SMM controls its check evidences, in catalog order.
    pub(crate) controls: Vec<&'a Control>,
    /// The CSMM objectives that cite its check or one of those controls, in catalog order.
    pub(crate) objectives: Vec<&'a str>,
    /// How urgent it is.
    pub(crate) severity: Severity,
}

impl Exported<'_> {
    /// `aws-smm-v2:<control>` for each control, then `csmm-v2:<objective>` for each objective.
    pub(crate) fn requirements(&self) -> Vec<String> {
        let controls = self.controls.iter().map(|c| format!("aws-smm-v2:{}", c.id));
        controls.chain(self.objectives.iter().map(|o| format!("csmm-v2:{o}"))).collect()
    }

    /// The status of the finding.
    pub(crate) fn status(&self) -> FindingStatus {
        self.assessed.finding.status
    }
}

/// The findings sent, in the assessment's order, made one at a time.
pub(crate) fn findings<'a>(
    assessment: &'a Assessment,
    catalogs: &'a Catalogs,
) -> impl Iterator<Item = Exported<'a>> + 'a {
    let mut cited: HashMap<&str, (Vec<&Control>, Vec<&str>)> = HashMap::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    assessment.findings.iter().filter(|f| f.finding.status != FindingStatus::NotApplicable).map(move |assessed| {
        let finding = &assessed.finding;
        let (controls, objectives) =
            cited.entry(&*finding.check).or_insert_with(|| cited_by(&finding.check, catalogs)).clone();
        let base = key(finding);
        let count = seen.entry(base.clone()).or_default();
        *count += 1;
        let key = if *count == 1 { base } else { format!("{base}#{count}") };
        let severity = severity(finding.status, &controls);
        let title = maturity_checks::check(&finding.check).map_or(&*finding.check, |c| c.meta().title);
        Exported { key, assessed, title, controls, objectives, severity }
    })
}

/// The controls that name a check, and the objectives that cite the check or those controls.
fn cited_by<'a>(check: &str, catalogs: &'a Catalogs) -> (Vec<&'a Control>, Vec<&'a str>) {
    let controls: Vec<&Control> =
        catalogs.aws_smm.controls.iter().filter(|c| c.checks.iter().any(|k| k == check)).collect();
    let ids: BTreeSet<&str> = controls.iter().map(|c| c.id.as_str()).collect();
    let objectives = catalogs
        .csmm
        .objectives()
        .filter(|o| o.checks.iter().any(|k| k == check) || o.aws_smm.iter().any(|c| ids.contains(c.as_str())))
        .map(|o| o.id.as_str())
        .collect();
    (controls, objectives)
}

fn key(finding: &maturity_checks::Finding) -> String {
    let location = &finding.location;
    let mut key = format!(
        "{}/{}/{}",
        finding.check,
        location.account_id.as_deref().unwrap_or("organization"),
        location.region.as_deref().unwrap_or("global")
    );
    if let Some(resource) = &location.resource {
        key.push('/');
        key.push_str(resource);
    }
    key
}

fn severity(status: FindingStatus, controls: &[&Control]) -> Severity {
    if status == FindingStatus::Pass {
        return Severity::Informational;
    }
    match controls.iter().map(|c| c.phase.number()).min() {
        Some(1) => Severity::High,
        Some(2) => Severity::Medium,
        _ => Severity::Low,
    }
}

/// `text` if it has at most `max` bytes; otherwise as much of it as fits before `~` and the
/// SHA-256 of all of it in hex, so that ids stay within a receiver's limit and stay distinct.
pub(crate) fn bounded(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
    }
    let mut end = max.saturating_sub(hex.len() + 1);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}~{hex}", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_and_long_text_ends_with_its_digest() {
        assert_eq!(bounded("abc", 10), "abc");
        let long = "é".repeat(400);
        let short = bounded(&long, 512);
        assert!(short.len() <= 512, "{}", short.len());
        assert!(short.starts_with("éé"));
        assert_ne!(bounded(&format!("{long}x"), 512), short);
    }
}
