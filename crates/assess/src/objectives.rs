//! From control statuses and answers to the status of each CSMM objective.
//!
//! An objective evidenced through the crosswalk holds when every linked control holds widely
//! enough for the objective's quantifier: met and not-applicable controls always do; partly met
//! automated controls do when the share of accounts where they hold reaches the quantifier's
//! threshold; a partial answer only satisfies "initial". An `either` objective uses a valid
//! answer when one is given (an alternative the checks cannot see), otherwise the crosswalk; an
//! `automated` objective uses the crosswalk and falls back to an answer only when that is
//! unknown; an `attested` objective needs an answer.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use maturity_model::csmm::{EvidenceKind, Objective, Quantifier};
use serde::{Deserialize, Serialize};

use crate::answers::{Answer, Answers};
use crate::config::Thresholds;
use crate::controls::{ControlResult, answer_status, describe_answer};
use crate::status::{Source, Status};

/// The status of one CSMM objective, with what decided it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ObjectiveResult {
    /// The objective's id.
    pub id: String,
    /// Its category.
    pub category: String,
    /// Its level.
    pub level: u8,
    /// Where it stands.
    pub status: Status,
    /// What decided it.
    pub source: Source,
    /// The attested answer used, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    /// Why it has this status.
    pub reasons: Vec<String>,
}

pub(crate) fn evaluate(
    objective: &Objective,
    controls: &BTreeMap<&str, &ControlResult>,
    answers: &Answers,
    thresholds: &Thresholds,
    as_of: NaiveDate,
) -> ObjectiveResult {
    let mut result = ObjectiveResult {
        id: objective.id.clone(),
        category: objective.category.clone(),
        level: objective.level,
        status: Status::Unknown,
        source: Source::None,
        answer: None,
        reasons: Vec::new(),
    };
    let answer = answers.by_id.get(&objective.id);
    let valid_answer = answer.filter(|a| !a.is_expired(as_of));
    if let Some(expired) = answer.filter(|a| a.is_expired(as_of)) {
        result.reasons.push(format!("The answer given on {} expired on {}.", expired.date, expired.expires));
    }
    let use_answer_first = objective.evidence == EvidenceKind::Either || objective.evidence == EvidenceKind::Attested;
    if let (true, Some(answer)) = (use_answer_first, valid_answer) {
        apply_answer(&mut result, answer);
        return result;
    }
    if objective.evidence != EvidenceKind::Attested {
        crosswalk(objective, controls, thresholds, &mut result);
    }
    if result.status == Status::Unknown {
        if let Some(answer) = valid_answer {
            apply_answer(&mut result, answer);
        } else if objective.evidence == EvidenceKind::Attested && answer.is_none() {
            result.reasons.push("Only a person can attest it, and nobody has answered.".to_owned());
        }
    }
    result
}

fn apply_answer(result: &mut ObjectiveResult, answer: &Answer) {
    result.status = answer_status(answer.answer);
    result.source = Source::Attested;
    result.reasons.insert(0, describe_answer(answer));
    result.answer = Some(answer.clone());
}

fn crosswalk(
    objective: &Objective,
    controls: &BTreeMap<&str, &ControlResult>,
    thresholds: &Thresholds,
    result: &mut ObjectiveResult,
) {
    let (mut satisfied, mut unsatisfied, mut unknown) = (0, 0, 0);
    for id in &objective.aws_smm {
        let Some(control) = controls.get(id.as_str()) else { continue };
        let verdict = control_satisfies(control, objective.quantifier, thresholds);
        let reach = control
            .coverage
            .map(|c| {
                format!(", holds in {} of {} account{}", c.holding, c.in_scope, if c.in_scope == 1 { "" } else { "s" })
            })
            .unwrap_or_default();
        let mark = match verdict {
            Some(true) => {
                satisfied += 1;
                "enough"
            }
            Some(false) => {
                unsatisfied += 1;
                "not enough"
            }
            None => {
                unknown += 1;
                "unknown"
            }
        };
        result.reasons.push(format!(
            "Control `{}` is {}{reach} ({} for \"{}\").",
            control.id,
            control.status,
            mark,
            objective.quantifier.id()
        ));
    }
    result.source = Source::Automated;
    result.status = match (satisfied, unsatisfied, unknown) {
        (_, 0, 0) if satisfied > 0 => Status::Met,
        (0, 0, _) => Status::Unknown,
        (0, _, _) => Status::NotMet,
        (_, 0, _) => Status::Unknown,
        _ => Status::Partial,
    };
    if result.status == Status::Unknown {
        result.source = Source::None;
    }
}

/// Whether a control holds widely enough for a quantifier; `None` when unknown.
fn control_satisfies(control: &ControlResult, quantifier: Quantifier, thresholds: &Thresholds) -> Option<bool> {
    match control.status {
        Status::Met | Status::NotApplicable => Some(true),
        Status::Unknown => None,
        Status::Partial | Status::NotMet => match control.coverage {
            Some(coverage) => Some(thresholds.satisfied(quantifier, coverage.holding, coverage.in_scope)),
            None => Some(control.status == Status::Partial && quantifier == Quantifier::Initial),
        },
    }
}
