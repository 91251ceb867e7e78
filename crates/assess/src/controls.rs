//! From findings, answers and exceptions to the status of each AWS SMM control.
//!
//! A control with checks is first decided by its findings ([`crate::rollup`]): per account, then
//! over the accounts, with the organization-level findings on the side. Then a valid attested
//! answer is weighed:
//!
//! - it decides a control without checks, and one whose automated result is unknown;
//! - it decides a control whose failing (or inconclusive) findings all come from checks that
//!   accept an alternative outside AWS (Terraform for CloudFormation, a SIEM for Security Lake):
//!   the answer stands in for what the checks found missing, and both are in the reasons;
//! - on a partly automated control (the checks cannot see part of it) it decides when the checks
//!   find nothing in scope, and it lowers a met control when it says `partial` or `no`, since it
//!   speaks for the part the checks cannot see;
//! - it never overrides a failing finding of a check without an alternative (an open port, a
//!   public bucket): the checks decide, and the answer and the conflict are shown.
//!
//! An exception naming only the control lifts it to met, shown as such.

use chrono::NaiveDate;
use maturity_checks::{Finding, FindingStatus};
use maturity_model::aws_smm::Control;
use serde::{Deserialize, Serialize};

use crate::answers::{Answer, AnswerValue, Answers};
use crate::exceptions::Exception;
use crate::rollup::{self, Automated};
use crate::scored::ScoredFindings;
use crate::status::{Coverage, Source, Status};

/// A finding with the exception that covers it, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AssessedFinding {
    /// The finding.
    #[serde(flatten)]
    pub finding: Finding,
    /// The number of the exception that covers this failed finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excepted_by: Option<usize>,
}

impl AssessedFinding {
    /// The status once exceptions are (or are not) applied.
    #[must_use]
    pub fn effective_status(&self, with_exceptions: bool) -> FindingStatus {
        if with_exceptions && self.excepted_by.is_some() { FindingStatus::Pass } else { self.finding.status }
    }
}

/// Counts of one check's findings within a control.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CheckCounts {
    /// The check's id.
    pub check: String,
    /// Passing findings.
    pub pass: u32,
    /// Failing findings (excepted ones not included).
    pub fail: u32,
    /// Not-applicable findings.
    pub not_applicable: u32,
    /// Inconclusive findings.
    pub inconclusive: u32,
    /// Failing findings covered by an exception.
    pub excepted: u32,
}

/// The status of one AWS SMM control, with what decided it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ControlResult {
    /// The control's id.
    pub id: String,
    /// Where it stands.
    pub status: Status,
    /// What decided it.
    pub source: Source,
    /// Accounts where it holds, when its checks decide it and judge accounts. None when only
    /// organization-level findings are in scope, when the organization-level evidence fails
    /// (account figures would overstate it), and when an answer decides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Coverage>,
    /// Accounts with at least one failed finding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failing_accounts: Vec<String>,
    /// Per check counts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<CheckCounts>,
    /// The attested answer used, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    /// Numbers of the exceptions applied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<usize>,
    /// Why it has this status, in sentences.
    pub reasons: Vec<String>,
}

impl ControlResult {
    pub(crate) fn new(id: &str) -> Self {
        Self {
            id: id.to_owned(),
            status: Status::Unknown,
            source: Source::None,
            coverage: None,
            failing_accounts: Vec::new(),
            checks: Vec::new(),
            answer: None,
            exceptions: Vec::new(),
            reasons: Vec::new(),
        }
    }
}

/// Everything a control's status depends on.
pub(crate) struct ControlInputs<'a> {
    pub(crate) findings: &'a ScoredFindings,
    /// The control's checks, as positions in [`maturity_checks::CHECKS`].
    pub(crate) checks: &'a [usize],
    pub(crate) answers: &'a Answers,
    pub(crate) control_exception: Option<&'a Exception>,
    pub(crate) as_of: NaiveDate,
    pub(crate) with_exceptions: bool,
}

/// Decides one control.
pub(crate) fn evaluate(control: &Control, inputs: &ControlInputs<'_>) -> ControlResult {
    let mut result = ControlResult::new(&control.id);
    let automated = if control.checks.is_empty() {
        Automated::default()
    } else {
        rollup::decide(control, inputs.findings, inputs.checks, inputs.with_exceptions, &mut result)
    };
    weigh_answer(control, inputs, &automated, &mut result);
    if inputs.with_exceptions
        && !result.status.is_done()
        && let Some(exception) = inputs.control_exception
    {
        result.reasons.insert(
            0,
            format!(
                "Accepted as met by exception #{} ({}, owner {}, until {}); without it: {}.",
                exception.number, exception.reason, exception.owner, exception.expires, result.status
            ),
        );
        result.status = Status::Met;
        result.source = Source::Exception;
        result.exceptions.push(exception.number);
    }
    result
}

/// What a valid answer may do to a control, given what its checks found.
enum Weight<'a> {
    /// The answer decides, for this reason (`None`: no reason to add).
    Decides(Option<String>),
    /// The checks decide; the answer is shown with this remark.
    Shown(String),
    /// Failing findings of these checks, which accept no alternative, keep the checks' status.
    Blocked(Vec<&'a str>),
}

fn weigh_answer(control: &Control, inputs: &ControlInputs<'_>, automated: &Automated<'_>, result: &mut ControlResult) {
    let Some(answer) = inputs.answers.by_id.get(&control.id) else {
        if control.checks.is_empty() {
            result.reasons.push(
                "No check can evidence it and nobody has answered for it (see `maturity questionnaire --template`)."
                    .to_owned(),
            );
        } else if let Some(hint) = alternatives_hint(automated, result.status) {
            result.reasons.push(hint);
        }
        return;
    };
    if answer.is_expired(inputs.as_of) {
        result
            .reasons
            .push(format!("The answer given on {} expired on {}; answer again.", answer.date, answer.expires));
        return;
    }
    match weight(control, automated, answer.answer, result) {
        Weight::Decides(why) => {
            result.status = answer_status(answer.answer);
            result.source = Source::Attested;
            // The account figures describe the checks, not the answer that now decides.
            result.coverage = None;
            if let Some(why) = why {
                result.reasons.insert(0, why);
            }
            result.reasons.insert(0, describe_answer(answer));
            result.answer = Some(answer.clone());
        }
        Weight::Shown(remark) => result.reasons.push(format!("{} {remark}", describe_answer(answer))),
        Weight::Blocked(checks) => {
            let checks = checks.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
            let remark = if answer.answer == AnswerValue::No {
                format!("It agrees with the failing findings of {checks}.")
            } else {
                format!(
                    "This answer is in conflict with the failing findings of {checks}, which no answer can override (no tool outside AWS stands in for what they check), so the checks decide."
                )
            };
            result.reasons.push(format!("{} {remark}", describe_answer(answer)));
        }
    }
}

fn weight<'a>(control: &Control, automated: &Automated<'a>, answer: AnswerValue, result: &ControlResult) -> Weight<'a> {
    if control.checks.is_empty() {
        return Weight::Decides(None);
    }
    let blocking: Vec<&str> =
        automated.failing_checks.iter().copied().filter(|c| alternative_of(c).is_none()).collect();
    if !blocking.is_empty() {
        return Weight::Blocked(blocking);
    }
    let cannot_see = control.checks_cannot_see.as_deref();
    match result.status {
        Status::Unknown if result.source == Source::Automated => {
            Weight::Decides(Some("The automated evidence is incomplete, so the attested answer decides.".to_owned()))
        }
        Status::Unknown => Weight::Decides(None),
        Status::Partial | Status::NotMet => {
            let stand_ins: Vec<String> = automated
                .failing_checks
                .iter()
                .filter_map(|c| alternative_of(c).map(|alternative| format!("`{c}`: {alternative}")))
                .collect();
            Weight::Decides(Some(format!(
                "The checks found missing what can also be done outside AWS ({}), so the answer decides.",
                stand_ins.join("; ")
            )))
        }
        Status::Met => match (cannot_see, answer) {
            (Some(rest), AnswerValue::Partial | AnswerValue::No) => Weight::Decides(Some(format!(
                "The checks pass, but they cannot see {rest}; the answer speaks for that part, so it decides."
            ))),
            (_, AnswerValue::Yes) => Weight::Shown("It agrees with the checks, which decide.".to_owned()),
            _ => Weight::Shown("This answer is in conflict with the passing checks, which decide.".to_owned()),
        },
        Status::NotApplicable => match cannot_see {
            Some(rest) => Weight::Decides(Some(format!(
                "Nothing is in scope for the checks, but they cannot see {rest}, so the answer decides."
            ))),
            None if answer == AnswerValue::NotApplicable => {
                Weight::Shown("It agrees with the checks, which decide.".to_owned())
            }
            None => Weight::Shown(
                "This answer is in conflict with the checks, which find nothing in scope and decide.".to_owned(),
            ),
        },
    }
}

/// Without an answer: when every failing check accepts an alternative outside AWS, say that an
/// answer may stand in for them.
fn alternatives_hint(automated: &Automated<'_>, status: Status) -> Option<String> {
    if !matches!(status, Status::Partial | Status::NotMet) {
        return None;
    }
    let mut alternatives: Vec<&str> =
        automated.failing_checks.iter().map(|c| alternative_of(c)).collect::<Option<Vec<_>>>()?;
    alternatives.dedup();
    if alternatives.is_empty() {
        return None;
    }
    Some(format!(
        "What the checks found missing can also be done outside AWS: {}. If it is, an attested answer for the control decides it in their place.",
        alternatives.join("; ")
    ))
}

/// The alternative a check accepts, if any.
fn alternative_of(check: &str) -> Option<&'static str> {
    maturity_checks::check(check).and_then(|c| c.meta().alternative)
}

/// The status an answer gives.
pub(crate) fn answer_status(answer: AnswerValue) -> Status {
    match answer {
        AnswerValue::Yes => Status::Met,
        AnswerValue::Partial => Status::Partial,
        AnswerValue::No => Status::NotMet,
        AnswerValue::NotApplicable => Status::NotApplicable,
    }
}

/// "Answered `yes` by alice on 2026-03-01 (valid until 2027-03-01): note."
pub(crate) fn describe_answer(answer: &Answer) -> String {
    let owner = answer.owner.as_deref().map(|o| format!(" by {o}")).unwrap_or_default();
    let evidence = answer.evidence.as_deref().map(|e| format!(": {}", e.trim_end())).unwrap_or_default();
    let stop = if evidence.ends_with(['.', '!', '?']) { "" } else { "." };
    format!(
        "Answered `{}`{owner} on {} (valid until {}){evidence}{stop}",
        answer.answer.id(),
        answer.date,
        answer.expires
    )
}
