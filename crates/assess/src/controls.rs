//! From findings, answers and exceptions to the status of each AWS SMM control.
//!
//! A control with checks is decided by its findings, grouped per account (findings about the
//! organization as a whole form one group): met when every group passes, partial when some
//! findings pass and some fail, not met when none pass, not applicable when nothing is in scope,
//! and unknown when nothing fails but some evidence could not be read. An unknown automated
//! result, and every control without checks, is decided by a valid attested answer if there is
//! one. An exception naming only the control lifts it to met, shown as such.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use maturity_checks::{Finding, FindingStatus};
use maturity_model::aws_smm::{Control, Coverage as AccountCoverage};
use serde::{Deserialize, Serialize};

use crate::answers::{Answer, AnswerValue, Answers};
use crate::exceptions::Exception;
use crate::status::{Coverage, Source, Status};

/// How many messages of one kind a control's reasons quote.
const QUOTED_MESSAGES: usize = 3;

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
    /// Accounts where it holds, for automated controls.
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
    fn new(id: &str) -> Self {
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
    pub(crate) findings: &'a [&'a AssessedFinding],
    pub(crate) answers: &'a Answers,
    pub(crate) control_exception: Option<&'a Exception>,
    pub(crate) as_of: NaiveDate,
    pub(crate) with_exceptions: bool,
}

/// Decides one control.
pub(crate) fn evaluate(control: &Control, inputs: &ControlInputs<'_>) -> ControlResult {
    let mut result = ControlResult::new(&control.id);
    if !control.checks.is_empty() {
        decide_automated(control, inputs, &mut result);
    }
    if result.status == Status::Unknown {
        decide_attested(control, inputs, &mut result);
    }
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

fn decide_automated(control: &Control, inputs: &ControlInputs<'_>, result: &mut ControlResult) {
    let with_exceptions = inputs.with_exceptions;
    let mut per_unit: BTreeMap<&str, Vec<FindingStatus>> = BTreeMap::new();
    let mut counts: BTreeMap<&str, CheckCounts> = control
        .checks
        .iter()
        .map(|c| (c.as_str(), CheckCounts { check: c.clone(), ..CheckCounts::default() }))
        .collect();
    let mut fail_messages = Vec::new();
    let mut inconclusive_messages = Vec::new();
    let mut any_pass = false;
    for assessed in inputs.findings {
        let finding = &assessed.finding;
        let status = assessed.effective_status(with_exceptions);
        let unit = finding.location.account_id.as_deref().unwrap_or("organization");
        per_unit.entry(unit).or_default().push(status);
        let entry = counts.entry(finding.check.as_str()).or_default();
        match (finding.status, status) {
            (FindingStatus::Fail, FindingStatus::Pass) => {
                entry.excepted += 1;
                if let Some(number) = assessed.excepted_by
                    && !result.exceptions.contains(&number)
                {
                    result.exceptions.push(number);
                }
            }
            (_, FindingStatus::Pass) => entry.pass += 1,
            (_, FindingStatus::Fail) => {
                entry.fail += 1;
                fail_messages.push(&finding.message);
            }
            (_, FindingStatus::NotApplicable) => entry.not_applicable += 1,
            (_, FindingStatus::Inconclusive) => {
                entry.inconclusive += 1;
                inconclusive_messages.push(&finding.message);
            }
        }
        any_pass |= status == FindingStatus::Pass;
    }
    result.checks = counts.into_values().collect();
    if inputs.findings.is_empty() {
        result.reasons.push("Its checks produced no findings.".to_owned());
        return;
    }
    let mut holding = 0u32;
    let mut in_scope = 0u32;
    let mut inconclusive_units = 0u32;
    for (unit, statuses) in &per_unit {
        match FindingStatus::combine(statuses.iter().copied()) {
            FindingStatus::NotApplicable => {}
            FindingStatus::Pass => {
                holding += 1;
                in_scope += 1;
            }
            FindingStatus::Fail => {
                in_scope += 1;
                result.failing_accounts.push((*unit).to_owned());
            }
            FindingStatus::Inconclusive => {
                in_scope += 1;
                inconclusive_units += 1;
            }
        }
    }
    result.source = Source::Automated;
    if in_scope == 0 {
        result.status = Status::NotApplicable;
        result.reasons.push("Nothing in scope for its checks.".to_owned());
        return;
    }
    result.coverage = Some(Coverage { holding, in_scope });
    let failing = u32::try_from(result.failing_accounts.len()).unwrap_or(u32::MAX);
    if control.coverage == AccountCoverage::AnyAccount && holding > 0 && holding < in_scope {
        result.status = Status::Met;
        result.reasons.push(format!(
            "Holds in {holding} of {in_scope} accounts; one is enough, as this is run for the whole organization from one account."
        ));
        return;
    }
    result.status = match (failing, inconclusive_units) {
        (0, 0) => Status::Met,
        (0, _) => Status::Unknown,
        _ if any_pass => Status::Partial,
        _ => Status::NotMet,
    };
    let scope_word = if in_scope == 1 { "account" } else { "accounts" };
    match result.status {
        Status::Met => result.reasons.push(format!("Holds in all {in_scope} {scope_word} in scope.")),
        Status::Unknown => result.reasons.push(format!(
            "Nothing fails, but the evidence could not be read in {inconclusive_units} of {in_scope} {scope_word}."
        )),
        _ => result.reasons.push(format!(
            "Holds in {holding} of {in_scope} {scope_word}; fails in {}.",
            result.failing_accounts.join(", ")
        )),
    }
    result.reasons.extend(fail_messages.iter().take(QUOTED_MESSAGES).map(|m| (*m).clone()));
    if fail_messages.len() > QUOTED_MESSAGES {
        result.reasons.push(format!("… and {} more failed findings.", fail_messages.len() - QUOTED_MESSAGES));
    }
    result.reasons.extend(inconclusive_messages.iter().take(QUOTED_MESSAGES).map(|m| (*m).clone()));
}

fn decide_attested(control: &Control, inputs: &ControlInputs<'_>, result: &mut ControlResult) {
    let Some(answer) = inputs.answers.by_id.get(&control.id) else {
        if control.checks.is_empty() {
            result.reasons.push(
                "No check can evidence it and nobody has answered for it (see `maturity questionnaire --template`)."
                    .to_owned(),
            );
        }
        return;
    };
    if answer.is_expired(inputs.as_of) {
        result
            .reasons
            .push(format!("The answer given on {} expired on {}; answer again.", answer.date, answer.expires));
        return;
    }
    if result.source == Source::Automated {
        result.reasons.push("The automated evidence is incomplete, so the attested answer decides.".to_owned());
    }
    result.status = answer_status(answer.answer);
    result.source = Source::Attested;
    result.reasons.insert(0, describe_answer(answer));
    result.answer = Some(answer.clone());
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
    let evidence = answer.evidence.as_deref().map(|e| format!(": {e}")).unwrap_or_default();
    format!("Answered `{}`{owner} on {} (valid until {}){evidence}.", answer.answer.id(), answer.date, answer.expires)
}
