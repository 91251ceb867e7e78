//! The people and teams an assessment names: who attested each answer, who owns each exception.
//! They become parties of the metadata, which observations and risks name as their origin.

use std::collections::BTreeMap;

use maturity_assess::Assessment;

use super::model::Party;
use super::observations;
use super::{text, uuid};

/// The parties, by the owner string as the answers and exceptions files write it.
pub(crate) struct Parties {
    by_owner: BTreeMap<String, Party>,
}

impl Parties {
    /// Every owner of an answer or an exception of `assessment`.
    pub(crate) fn of(assessment: &Assessment) -> Self {
        let answers = observations::answers(assessment);
        let answer_owners = answers.values().filter_map(|a| a.owner.as_deref());
        let report = &assessment.exceptions;
        let exception_owners = report
            .applied
            .iter()
            .map(|u| &u.exception)
            .chain(&report.expired)
            .chain(&report.unused)
            .map(|e| e.owner.as_str());
        let mut by_owner = BTreeMap::new();
        for owner in answer_owners.chain(exception_owners) {
            let name = text::single_line(owner);
            if name.is_empty() || by_owner.contains_key(owner) {
                continue;
            }
            // An owner is written as a name or a mail address; the file does not say whether a
            // person or a team, and OSCAL has no type for "either", so each is a person.
            let email = (name.contains('@') && !name.contains(' ')).then(|| name.clone());
            by_owner.insert(
                owner.to_owned(),
                Party {
                    uuid: uuid::stable(&format!("party/{name}")),
                    kind: "person",
                    name,
                    email_addresses: email.into_iter().collect(),
                },
            );
        }
        Self { by_owner }
    }

    /// The party's UUID for an owner.
    pub(crate) fn uuid(&self, owner: &str) -> Option<String> {
        self.by_owner.get(owner).map(|p| p.uuid.clone())
    }

    /// The parties, ordered by owner.
    pub(crate) fn list(&self) -> Vec<Party> {
        self.by_owner.values().cloned().collect()
    }
}
