//! The risks of the assessment results: one per exception, the deviation people accepted.
//!
//! An exception in use (or active but matching nothing) is a risk with status
//! `deviation-approved`; an expired one is `open` again, since it no longer covers anything. The
//! reason is the risk's statement, the owner its origin, the expiry its `deadline` (the end of the
//! expiry day, through which the exception holds), and its selectors, owner, expiry and use are
//! properties. A risk links the observations of the failed findings it covers.

use maturity_assess::{Assessment, Exception};

use super::model::{Actor, Origin, Prop, RelatedObservation, Risk};
use super::observations::Observations;
use super::parties::Parties;
use super::{text, time, uuid};

/// What became of an exception in this assessment.
#[derive(Clone, Copy)]
enum Use<'a> {
    /// It covered failed findings or lifted controls.
    Applied { findings: u32, controls: &'a [String] },
    /// It is past its expiry.
    Expired,
    /// It is active and matched nothing.
    Unused,
}

/// The UUID of the risk of exception `number`.
pub(crate) fn risk_uuid(run: &str, number: usize) -> String {
    uuid::stable(&format!("{run}/risk/exception-{number}"))
}

/// One risk per exception, by exception number.
pub(crate) fn build(assessment: &Assessment, run: &str, observations: &Observations, parties: &Parties) -> Vec<Risk> {
    let report = &assessment.exceptions;
    let mut all: Vec<(&Exception, Use<'_>)> = report
        .applied
        .iter()
        .map(|u| (&u.exception, Use::Applied { findings: u.findings, controls: &u.controls }))
        .chain(report.expired.iter().map(|e| (e, Use::Expired)))
        .chain(report.unused.iter().map(|e| (e, Use::Unused)))
        .collect();
    all.sort_by_key(|(e, _)| e.number);
    all.into_iter().map(|(exception, used)| risk(exception, used, run, observations, parties)).collect()
}

fn risk(exception: &Exception, used: Use<'_>, run: &str, observations: &Observations, parties: &Parties) -> Risk {
    let n = exception.number;
    let scope = exception.scope();
    let (state, status, what) = match used {
        Use::Applied { findings, controls } => {
            let mut what = format!("It covers {findings} failed finding(s)");
            if !controls.is_empty() {
                what.push_str(&format!(" and lifts the control(s) {} to met", controls.join(", ")));
            }
            ("applied", "deviation-approved", what + ".")
        }
        Use::Expired => (
            "expired",
            "open",
            format!("It expired on {}: it covers nothing, and what it covered counts again.", exception.expires),
        ),
        Use::Unused => ("unused", "deviation-approved", "It matched nothing in this assessment.".to_owned()),
    };
    let mut props: Vec<Prop> = [
        Prop::ours("exception", n.to_string()),
        Prop::ours("exception-state", state),
        Prop::ours("owner", &exception.owner),
        Prop::ours("expires", exception.expires.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let selectors = [
        ("check", &exception.check),
        ("control", &exception.control),
        ("account", &exception.account),
        ("region", &exception.region),
        ("resource", &exception.resource),
    ];
    props.extend(selectors.into_iter().filter_map(|(name, value)| value.as_ref().and_then(|v| Prop::ours(name, v))));
    if let Some((key, value)) = &exception.tag {
        props.extend(Prop::ours("tag", format!("{key}={value}")));
    }
    if let Use::Applied { findings, controls } = used {
        props.extend(Prop::ours("covered-findings", findings.to_string()));
        props.extend(controls.iter().filter_map(|c| Prop::ours("lifted-control", c)));
    }
    Risk {
        uuid: risk_uuid(run, n),
        title: text::markdown_line(&format!("Exception {n}: {scope}")),
        description: format!(
            "Exception {n} of the exceptions file accepts the failed findings it matches ({}), owned by {} until {}. {what}",
            text::markdown_line(&scope),
            text::markdown_line(&exception.owner),
            exception.expires
        ),
        statement: text::markdown(&exception.reason),
        props,
        status,
        origins: parties
            .uuid(&exception.owner)
            .map(|actor_uuid| Origin { actors: vec![Actor { kind: "party", actor_uuid }] })
            .into_iter()
            .collect(),
        deadline: time::end_of_day(exception.expires),
        related_observations: observations
            .by_exception
            .get(&n)
            .into_iter()
            .flatten()
            .map(|uuid| RelatedObservation { observation_uuid: uuid.clone() })
            .collect(),
    }
}
