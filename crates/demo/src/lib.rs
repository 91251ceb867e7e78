//! Northwind Analytics: a fictional AWS Organization built into `maturity`, so that anyone can see
//! a full assessment, and the files it is made from, without an AWS account.
//!
//! The demo exists for three readers. Someone evaluating the tool runs `maturity demo` and gets the
//! reports a security lead would hand to leadership, for an organization that looks like theirs.
//! Someone adopting it copies the demo's answers and exceptions files as a start for their own. And
//! the project uses it as an end-to-end example that exercises every check and every status.
//!
//! The organization (`o-demo4example`) has six accounts: management, security tooling and log
//! archive (Security OU), production (Workloads/Prod), staging (Workloads/NonProd) and a sandbox
//! (Sandbox OU), scanned in eu-west-1, eu-central-1 and us-east-1. Its posture is mixed on
//! purpose: GuardDuty, the organization trail, billing alerts and root protection hold everywhere;
//! the region-deny SCP is not attached to the sandbox; staging still answers IMDSv1, has a public
//! bucket and unencrypted volumes; no VPC has flow logs; and the sandbox's audit role cannot read
//! Security Hub, so that control is unknown. One answer and one exception have expired.
//!
//! Everything is fixed, including the day answers and exceptions are judged ([`as_of`]), so the
//! demo gives the same assessment on any day.

use chrono::NaiveDate;
use maturity_assess::{Answers, Assessment, Config, Exceptions, Inputs, assess};
use maturity_evidence::Bundle;
use maturity_input::InputError;
use maturity_model::Catalogs;

/// The evidence bundle, as `maturity scan` would write it.
pub const EVIDENCE_JSON: &str = include_str!("../data/evidence.json");

/// The attested answers.
pub const ANSWERS_TOML: &str = include_str!("../data/answers.toml");

/// The accepted exceptions.
pub const EXCEPTIONS_TOML: &str = include_str!("../data/exceptions.toml");

/// The demo's input files: the name each is written under and its text.
pub const FILES: [(&str, &str); 3] =
    [("evidence.json", EVIDENCE_JSON), ("answers.toml", ANSWERS_TOML), ("exceptions.toml", EXCEPTIONS_TOML)];

const AS_OF: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 20) {
    Some(day) => day,
    None => panic!("the demo's as-of day is a valid date"),
};

/// The day the demo's answers and exceptions are judged: 18 days after the evidence was collected.
#[must_use]
pub fn as_of() -> NaiveDate {
    AS_OF
}

/// Assesses the demo organization with the built-in catalogs and the default configuration.
///
/// # Errors
/// A problem in the built-in catalogs or in the demo's files, named `demo/evidence.json`,
/// `demo/answers.toml` or `demo/exceptions.toml`. The crate's tests keep this from happening.
pub fn assessment() -> Result<Assessment, InputError> {
    let catalogs = Catalogs::builtin().map_err(|problems| {
        problems.first().cloned().unwrap_or_else(|| InputError::whole_file("builtin catalogs", "invalid"))
    })?;
    let config = Config::default();
    let bundle = Bundle::from_json("demo/evidence.json", EVIDENCE_JSON)?;
    let answers = Answers::parse("demo/answers.toml", ANSWERS_TOML, catalogs, config.answer_validity_days)?;
    let checks: Vec<&str> = maturity_checks::CHECKS.iter().map(|c| c.meta().id).collect();
    let exceptions = Exceptions::parse("demo/exceptions.toml", EXCEPTIONS_TOML, catalogs, &checks)?;
    Ok(assess(&Inputs {
        catalogs,
        bundle: &bundle,
        answers: &answers,
        exceptions: &exceptions,
        config: &config,
        as_of: as_of(),
    }))
}
