//! The observations of the assessment results: one per finding of a check, one per attested
//! answer.
//!
//! - A check's finding is a `TEST` observation of type `control-objective` (and `discovery` when
//!   it fails), collected when the evidence was: its description is the check's sentence about the
//!   resource and the value it observed; the check, its verdict, the account, region, resource
//!   and tags are properties; its relevant evidence is each API fact its check reads, where it
//!   was read, pointing to the fact's back-matter resource with its API calls ([`facts`]).
//! - An attested answer is an `INTERVIEW` observation of type `attestation` (OSCAL lets a document
//!   add its own types), with the person as its origin, the answer, owner and dates as
//!   properties, the evidence note or link as its relevant evidence, and `expires` from the
//!   answer's expiry. Answers that expired or were not used are there too, marked so.

use std::collections::{BTreeMap, HashMap};

use maturity_assess::{Answer, AssessedFinding, Assessment};
use maturity_checks::{Finding as CheckFinding, FindingStatus};

use super::model::{Actor, Observation, Origin, Prop, RelevantEvidence};
use super::parties::Parties;
use super::{facts, text, time, uuid};

/// The observations, and where to find the one of each finding and each answer.
pub(crate) struct Observations<'a> {
    /// In document order: findings in the assessment's order, then answers by id.
    pub(crate) list: ObservationList<'a>,
    /// Observation UUIDs of each check's findings, in the findings' order.
    pub(crate) by_check: HashMap<String, Vec<String>>,
    /// Observation UUIDs of the findings each exception covers, by exception number.
    pub(crate) by_exception: BTreeMap<usize, Vec<String>>,
    /// The observation UUID of each answer, by the id it answers.
    pub(crate) by_answer: BTreeMap<String, String>,
}

/// The observations of an assessment, made one at a time as they are serialized: an
/// organization's findings make gigabytes of observations, which are never all in memory.
pub(crate) struct ObservationList<'a> {
    assessment: &'a Assessment,
    run: &'a str,
    parties: &'a Parties,
    collected: String,
}

impl ObservationList<'_> {
    /// Whether there is no observation: no finding and no answer.
    pub(crate) fn is_empty(&self) -> bool {
        self.assessment.findings.is_empty() && answers(self.assessment).is_empty()
    }

    fn iter(&self) -> impl Iterator<Item = Observation> + '_ {
        let assessment = self.assessment;
        let of_findings = finding_uuids(assessment, self.run)
            .zip(&assessment.findings)
            .map(|(uuid, assessed)| of_finding(assessed, uuid, &self.collected));
        let of_answers = answers(assessment).into_values().map(|answer| {
            let used = assessment.answers.used.contains(&answer.id);
            let expired = answer.is_expired(assessment.as_of);
            of_answer(answer, answer_uuid(self.run, answer), used, expired, self.parties)
        });
        of_findings.chain(of_answers)
    }
}

impl serde::Serialize for ObservationList<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// The UUID of each finding's observation, in the findings' order. Two findings of one check
/// about one place are told apart by their order.
fn finding_uuids<'a>(assessment: &'a Assessment, run: &'a str) -> impl Iterator<Item = String> + 'a {
    let mut seen: HashMap<String, u32> = HashMap::new();
    assessment.findings.iter().map(move |assessed| {
        let finding = &assessed.finding;
        let key = format!("{}/{}", finding.check, finding.location);
        let n = seen.entry(key.clone()).or_default();
        *n += 1;
        uuid::stable(&format!("{run}/observation/{key}/{n}"))
    })
}

fn answer_uuid(run: &str, answer: &Answer) -> String {
    uuid::stable(&format!("{run}/attestation/{}", answer.id))
}

/// Where to find the observation of each finding and answer of `assessment`, and the list that
/// makes them; `run` names the assessment in UUIDs.
pub(crate) fn build<'a>(assessment: &'a Assessment, run: &'a str, parties: &'a Parties) -> Observations<'a> {
    let collected = time::instant(assessment.evidence.collected_at);
    let mut observations = Observations {
        list: ObservationList { assessment, run, parties, collected },
        by_check: HashMap::new(),
        by_exception: BTreeMap::new(),
        by_answer: BTreeMap::new(),
    };
    for (uuid, assessed) in finding_uuids(assessment, run).zip(&assessment.findings) {
        let check: &str = &assessed.finding.check;
        if let Some(number) = assessed.excepted_by {
            observations.by_exception.entry(number).or_default().push(uuid.clone());
        }
        match observations.by_check.get_mut(check) {
            Some(uuids) => uuids.push(uuid),
            None => {
                observations.by_check.insert(check.to_owned(), vec![uuid]);
            }
        }
    }
    for answer in answers(assessment).into_values() {
        observations.by_answer.insert(answer.id.clone(), answer_uuid(run, answer));
    }
    observations
}

fn of_finding(assessed: &AssessedFinding, uuid: String, collected: &str) -> Observation {
    let finding: &CheckFinding = &assessed.finding;
    let location = &finding.location;
    let mut props: Vec<Prop> = [
        Prop::ours("check", &finding.check),
        Prop::ours("finding-status", finding.status.id()),
        location.account_id.as_ref().and_then(|a| Prop::ours("account", a)),
        location.region.as_ref().and_then(|r| Prop::ours("region", r)),
        location.resource.as_ref().and_then(|r| Prop::ours("resource", r)),
        assessed.excepted_by.and_then(|n| Prop::ours("excepted-by", format!("exception {n}"))),
    ]
    .into_iter()
    .flatten()
    .collect();
    props.extend(finding.tags.iter().filter_map(|(k, v)| Prop::ours("tag", format!("{k}={v}"))));
    let mut types = vec!["control-objective"];
    if finding.status == FindingStatus::Fail {
        types.push("discovery");
    }
    Observation {
        uuid,
        title: text::markdown_line(&format!("{} ({}): {}", finding.check, finding.status, location)),
        description: text::markdown(&finding.message),
        props,
        methods: vec!["TEST"],
        types,
        origins: Vec::new(),
        relevant_evidence: facts::evidence(finding),
        collected: collected.to_owned(),
        expires: None,
    }
}

fn of_answer(answer: &Answer, uuid: String, used: bool, expired: bool, parties: &Parties) -> Observation {
    let who = answer.owner.as_deref().map_or_else(|| "Someone".to_owned(), text::markdown_line);
    let mut description = format!("{who} attested `{}` for `{}` on {}.", answer.answer.id(), answer.id, answer.date);
    if expired {
        description.push_str(&format!(" The answer expired on {}: it counts as no answer.", answer.expires));
    } else if !used {
        description.push_str(" Automated evidence decided instead: the answer is shown, not used.");
    }
    let props = [
        Prop::ours("attestation", "answer"),
        Prop::ours("answers", &answer.id),
        Prop::ours("answer", answer.answer.id()),
        answer.owner.as_ref().and_then(|o| Prop::ours("owner", o)),
        Prop::ours("date", answer.date.to_string()),
        Prop::ours("expires", answer.expires.to_string()),
        Prop::ours("used", if used { "yes" } else { "no" }),
        expired.then(|| Prop::ours("expired", "yes")).flatten(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let evidence = answer.evidence.as_deref().map(str::trim).filter(|e| !e.is_empty());
    Observation {
        uuid,
        title: text::markdown_line(&format!("Attested answer for {}: {}", answer.id, answer.answer.id())),
        description,
        props,
        methods: vec!["INTERVIEW"],
        types: vec!["attestation"],
        origins: answer
            .owner
            .as_deref()
            .and_then(|owner| parties.uuid(owner))
            .map(|actor_uuid| Origin { actors: vec![Actor { kind: "party", actor_uuid }] })
            .into_iter()
            .collect(),
        relevant_evidence: evidence
            .map(|note| RelevantEvidence {
                href: web_address(note).then(|| note.to_owned()),
                description: text::markdown(note),
                props: Vec::new(),
            })
            .into_iter()
            .collect(),
        collected: time::start_of_day(answer.date).unwrap_or_else(|| time::instant(chrono::DateTime::UNIX_EPOCH)),
        expires: time::end_of_day(answer.expires),
    }
}

/// Every answer the assessment holds, once each, by the id it answers: those the controls and
/// objectives were given, the expired ones and the `n-a` ones.
pub(crate) fn answers(assessment: &Assessment) -> BTreeMap<String, &Answer> {
    let mut by_id = BTreeMap::new();
    let given = assessment.aws_smm.controls.iter().filter_map(|c| c.answer.as_ref());
    let objectives = assessment.csmm.objectives.iter().filter_map(|o| o.answer.as_ref());
    let listed = assessment.answers.expired.iter().chain(&assessment.answers.not_applicable);
    for answer in given.chain(objectives).chain(listed) {
        by_id.entry(answer.id.clone()).or_insert(answer);
    }
    by_id
}

/// An `http(s)` address with nothing else in it, which OSCAL can hold as a link.
fn web_address(note: &str) -> bool {
    (note.starts_with("https://") || note.starts_with("http://")) && !note.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_bare_web_address_becomes_a_link() {
        assert!(web_address("https://wiki.example.com/ir"));
        assert!(!web_address("see https://wiki.example.com/ir"));
        assert!(!web_address("javascript:alert(1)"));
    }
}
