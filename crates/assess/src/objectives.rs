//! From findings, control statuses and answers to the status of each CSMM objective.
//!
//! An objective is judged **per unit, then quantified**. Its unit is accounts unless its words
//! name another ([`Unit`]). In each unit the objective's evidence expression is evaluated from
//! all its evidence there: a check or control leaf from the findings of its checks in that unit
//! (exceptions applied), combined with `all` and `any` (three-valued: unknown stays unknown). A
//! unit *holds* when every finding that matters passes, and the capability is *in use* there when
//! some pass. The quantifier then counts units: "initial" needs at least `initial_accounts`
//! units where the capability is in use; "most", "extensive" and "consistent" need their share of
//! the in-scope units to hold.
//!
//! What counts for every unit: findings about the organization as a whole (an organization policy,
//! an organization trail) count for every account, because that is what they describe; a control
//! decided by an answer, by an exception, or that has no check is an organization-wide statement
//! and counts for every unit too. A control run for the whole organization from one account
//! (coverage `any-account`, such as chaos engineering) is judged per account like every other:
//! one account running experiments does not make them "consistent"; only an objective whose unit
//! is the organization as a whole lets one account stand for all of them.
//!
//! Not applicable is not met: when nothing anywhere is in scope for the evidence, the objective is
//! `unknown` until answered. Evidence comes first for `either` objectives: an answer decides only
//! what the checks cannot see (their evidence is unknown); an answer that disagrees with decided
//! evidence is shown as a conflict and does not change the status. An `automated` objective falls
//! back to an answer only when its evidence is unknown; an `attested` one needs an answer. An
//! `n-a` answer needs a reason in its `evidence` note, or it is not used.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use maturity_model::aws_smm::AwsSmm;
use maturity_model::csmm::{EvidenceExpr, EvidenceKind, Objective, Quantifier, Unit};
use serde::{Deserialize, Serialize};
use units::{Judgement, Prepared, Tri, UnitKey, UnitSet};

use crate::answers::{Answer, AnswerValue, Answers};
use crate::config::Thresholds;
use crate::controls::{ControlResult, answer_status, describe_answer};
use crate::scored::ScoredFindings;
use crate::status::{Source, Status};

mod units;

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
    /// What the quantifier counted, when the evidence was judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<UnitCount>,
    /// Nothing anywhere was in scope for its evidence (so it is unknown unless answered).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nothing_in_scope: bool,
    /// The attested answer given for it (used, or shown beside the evidence that decided).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    /// An answer that disagrees with the automated evidence, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<String>,
    /// Why it has this status.
    pub reasons: Vec<String>,
}

/// How many units an objective was judged in, and how many counted for its quantifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnitCount {
    /// The unit (`accounts`, `organization`, `data-stores`, `workloads`, `identities`).
    pub unit: String,
    /// Units where it holds.
    pub holding: u32,
    /// Units where it is in use at all (some evidence passes); what "initial" counts.
    pub in_use: u32,
    /// Units whose evidence could not be read well enough to decide.
    pub unknown: u32,
    /// Units where something is in scope.
    pub in_scope: u32,
}

/// The evidence objectives are judged from, for one scoring pass.
pub(crate) struct Evidence<'a> {
    /// The findings, check by check.
    pub(crate) findings: &'a ScoredFindings,
    /// Whether exceptions are applied to findings.
    pub(crate) with_exceptions: bool,
    /// Control results of this pass.
    pub(crate) controls: &'a BTreeMap<&'a str, &'a ControlResult>,
    /// The AWS SMM catalog (controls' checks and coverage).
    pub(crate) catalog: &'a AwsSmm,
}

/// Decides one objective.
pub(crate) fn evaluate(
    objective: &Objective,
    evidence: &Evidence<'_>,
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
        units: None,
        nothing_in_scope: false,
        answer: None,
        conflict: None,
        reasons: Vec::new(),
    };
    let given = answers.by_id.get(&objective.id);
    let mut usable = None;
    if let Some(answer) = given {
        if answer.is_expired(as_of) {
            result.reasons.push(format!("The answer given on {} expired on {}.", answer.date, answer.expires));
        } else if answer.answer == AnswerValue::NotApplicable && !has_reason(answer) {
            result
                .reasons
                .push("The `n-a` answer gives no reason (its `evidence` note is empty), so it is not used.".to_owned());
        } else {
            usable = Some(answer);
        }
    }
    if objective.evidence != EvidenceKind::Attested
        && let Some(expr) = &objective.expression
    {
        judge(objective, expr, evidence, thresholds, &mut result);
    }
    match (objective.evidence, usable) {
        (EvidenceKind::Attested, Some(answer)) => apply_answer(&mut result, answer),
        (EvidenceKind::Attested, None) if given.is_none() => {
            result.reasons.push("Only a person can attest it, and nobody has answered.".to_owned());
        }
        (_, Some(answer)) if result.status == Status::Unknown => {
            result.reasons.insert(0, "The checks cannot decide it, so the answer does.".to_owned());
            apply_answer(&mut result, answer);
        }
        (_, Some(answer)) => {
            let answered = answer_status(answer.answer);
            result.answer = Some(answer.clone());
            let note = describe_answer(answer);
            if answered == result.status {
                result.reasons.push(format!("{note} It agrees with the automated evidence, which decides."));
            } else {
                let conflict = format!(
                    "Answered `{}`, but the automated evidence shows {}; the evidence decides (fix the finding or the answer).",
                    answer.answer.id(),
                    result.status
                );
                result.reasons.insert(0, conflict.clone());
                result.reasons.push(note);
                result.conflict = Some(conflict);
            }
        }
        _ => {}
    }
    result
}

fn has_reason(answer: &Answer) -> bool {
    answer.evidence.as_deref().is_some_and(|e| !e.trim().is_empty())
}

fn apply_answer(result: &mut ObjectiveResult, answer: &Answer) {
    result.status = answer_status(answer.answer);
    result.source = Source::Attested;
    result.reasons.insert(0, describe_answer(answer));
    result.answer = Some(answer.clone());
}

fn judge(
    objective: &Objective,
    expr: &EvidenceExpr,
    evidence: &Evidence<'_>,
    thresholds: &Thresholds,
    result: &mut ObjectiveResult,
) {
    let unit = objective.unit;
    let prepared = Prepared::new(expr, unit, evidence);
    let mut named = UnitSet::new(evidence.findings.account_count());
    prepared.units(&mut named);
    let mut keys = named.into_keys();
    if unit == Unit::Organization || keys.is_empty() {
        keys = vec![units::ORGANIZATION];
    }
    let judged: Vec<(UnitKey<'_>, Judgement)> =
        keys.into_iter().filter_map(|k| prepared.in_unit(&k).map(|j| (k, j))).collect();
    result.reasons.push(format!("Evidence: {expr}, judged per {}.", unit.noun(1)));
    for control in expr.controls() {
        if let Some(c) = evidence.controls.get(control.as_str()) {
            let reach = c
                .coverage
                .map(|v| format!(" (holds in {} of {} account{})", v.holding, v.in_scope, plural(v.in_scope)))
                .unwrap_or_default();
            result.reasons.push(format!("Control `{control}` is {}{reach}.", c.status));
        }
    }
    let count =
        |f: &dyn Fn(&Judgement) -> bool| u32::try_from(judged.iter().filter(|(_, j)| f(j)).count()).unwrap_or(0);
    let in_scope = count(&|_| true);
    let holding = count(&|j| j.holds == Tri::Yes);
    let in_use = count(&|j| j.in_use == Tri::Yes);
    let (counted, unknown) = if objective.quantifier == Quantifier::Initial {
        (in_use, count(&|j| j.in_use == Tri::Unknown))
    } else {
        (holding, count(&|j| j.holds == Tri::Unknown))
    };
    result.units = Some(UnitCount { unit: unit.id().to_owned(), holding, in_use, unknown, in_scope });
    if in_scope == 0 {
        result.nothing_in_scope = true;
        result.reasons.insert(
            0,
            "Nothing in the organization is in scope for its evidence, so nothing shows it in place: unknown until answered (answer `n-a` with a reason if it does not apply)."
                .to_owned(),
        );
        return;
    }
    result.source = Source::Automated;
    let noun = unit.noun(in_scope);
    // The first five failing units by name.
    let mut failing: Vec<String> =
        judged.iter().filter(|(_, j)| j.holds == Tri::No).map(|(k, _)| evidence.findings.place_of(*k)).collect();
    failing.sort_unstable();
    failing.truncate(5);
    let what = if objective.quantifier == Quantifier::Initial { "in use" } else { "holds" };
    let needs = match objective.quantifier {
        Quantifier::Initial => {
            let count = thresholds.initial_count(in_scope);
            format!("at least {count} {}", unit.noun(count))
        }
        Quantifier::Most => format!("{}%", thresholds.most),
        Quantifier::Extensive => format!("{}%", thresholds.extensive),
        Quantifier::Consistent => format!("{}%", thresholds.consistent),
    };
    result.status = if thresholds.satisfied(objective.quantifier, counted, in_scope) {
        Status::Met
    } else if thresholds.satisfied(objective.quantifier, counted + unknown, in_scope) {
        Status::Unknown
    } else if in_use > 0 {
        Status::Partial
    } else {
        Status::NotMet
    };
    let mut line = format!(
        "{} in {counted} of {in_scope} {noun} (holds in {holding}, in use in {in_use}, unknown in {unknown}); \"{}\" needs {needs}: {}.",
        if what == "holds" { "Holds" } else { "In use" },
        objective.quantifier.id(),
        result.status
    );
    if !failing.is_empty() && objective.quantifier != Quantifier::Initial {
        line.push_str(&format!(" Does not hold in {}.", failing.join(", ")));
    }
    result.reasons.insert(0, line);
    if result.status == Status::Unknown {
        result.source = Source::None;
    }
}

fn plural(count: u32) -> &'static str {
    if count == 1 { "" } else { "s" }
}
