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
//!
//! The demo also has a history: the same organization one quarter earlier ([`previous_quarter`],
//! judged on [`previous_as_of`]), so that a store holding both assessments has a trend and a diff
//! to show. Its evidence is derived from today's bundle (see `previous.rs` for what was not fixed
//! yet), its answers are fewer and older, and its exceptions are today's.

mod previous;
pub mod synthetic;

use chrono::{Days, NaiveDate};
use maturity_assess::{Answers, Assessment, Config, Exceptions, Settings, assess};
use maturity_evidence::Bundle;
use maturity_input::InputError;
use maturity_model::Catalogs;

/// The evidence bundle, as `maturity scan` would write it.
pub const EVIDENCE_JSON: &str = include_str!("../data/evidence.json");

/// The attested answers.
pub const ANSWERS_TOML: &str = include_str!("../data/answers.toml");

/// The accepted exceptions.
pub const EXCEPTIONS_TOML: &str = include_str!("../data/exceptions.toml");

/// The attested answers one quarter earlier: fewer of them, none dated after [`previous_as_of`].
pub const PREVIOUS_ANSWERS_TOML: &str = include_str!("../data/previous/answers.toml");

/// The accepted exceptions one quarter earlier: the same two as today, both still running then.
pub const PREVIOUS_EXCEPTIONS_TOML: &str = EXCEPTIONS_TOML;

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

/// The day the previous quarter's answers and exceptions are judged: 91 days before [`as_of`],
/// and as long after the previous scan as [`as_of`] is after today's.
#[must_use]
pub fn previous_as_of() -> NaiveDate {
    AS_OF - Days::new(previous::QUARTER_DAYS.unsigned_abs())
}

/// Assesses the demo organization with the built-in catalogs and the default configuration.
///
/// # Errors
/// A problem in the built-in catalogs or in the demo's files, named `demo/evidence.json`,
/// `demo/answers.toml` or `demo/exceptions.toml`. The crate's tests keep this from happening.
pub fn assessment() -> Result<Assessment, InputError> {
    let bundle = Bundle::from_json("demo/evidence.json", EVIDENCE_JSON)?;
    assess_files(&bundle, ("demo/answers.toml", ANSWERS_TOML), ("demo/exceptions.toml", EXCEPTIONS_TOML), as_of())
}

/// Assesses another bundle (a [`synthetic`] one) with the demo's answers and exceptions, as of
/// [`as_of`].
///
/// # Errors
/// As [`assessment`].
pub fn assess_with_demo_inputs(bundle: &Bundle) -> Result<Assessment, InputError> {
    assess_files(bundle, ("demo/answers.toml", ANSWERS_TOML), ("demo/exceptions.toml", EXCEPTIONS_TOML), as_of())
}

/// The evidence bundle of the scan one quarter earlier, derived from today's.
///
/// # Errors
/// `demo/evidence.json` does not parse; the crate's tests keep this from happening.
pub fn previous_bundle() -> Result<Bundle, InputError> {
    Bundle::from_json("demo/evidence.json", EVIDENCE_JSON).map(previous::quarter_before)
}

/// The evidence bundle one quarter earlier as JSON, as `maturity scan` would have written it, to
/// save with [`previous_quarter`]'s assessment.
///
/// # Panics
/// When the built-in `demo/evidence.json` does not parse, which the crate's tests rule out.
#[must_use]
pub fn previous_evidence_json() -> String {
    let bundle = previous_bundle().unwrap_or_else(|e| panic!("the demo evidence does not parse: {e}"));
    serde_json::to_string_pretty(&bundle).unwrap_or_else(|e| panic!("the demo evidence does not serialize: {e}")) + "\n"
}

/// Assesses the demo organization as it stood one quarter earlier, with its answers of then, as
/// of [`previous_as_of`].
///
/// # Errors
/// A problem in the built-in catalogs or in the demo's files, named `demo/evidence.json`,
/// `demo/previous/answers.toml` or `demo/exceptions.toml`. The crate's tests keep this from
/// happening.
pub fn previous_quarter() -> Result<Assessment, InputError> {
    let bundle = previous_bundle()?;
    assess_files(
        &bundle,
        ("demo/previous/answers.toml", PREVIOUS_ANSWERS_TOML),
        ("demo/exceptions.toml", PREVIOUS_EXCEPTIONS_TOML),
        previous_as_of(),
    )
}

/// Assesses a bundle with answers and exceptions given as (file name, text), the built-in
/// catalogs and the default configuration.
fn assess_files(
    bundle: &Bundle,
    (answers_file, answers_text): (&str, &str),
    (exceptions_file, exceptions_text): (&str, &str),
    as_of: NaiveDate,
) -> Result<Assessment, InputError> {
    let catalogs = Catalogs::builtin().map_err(|problems| {
        problems.first().cloned().unwrap_or_else(|| InputError::whole_file("builtin catalogs", "invalid"))
    })?;
    let config = Config::default();
    // The demo stands on its as-of day: no answer of it is dated later.
    let answers = Answers::parse(answers_file, answers_text, catalogs, config.answer_validity_days, as_of)?;
    let checks = maturity_checks::ids();
    let exceptions = Exceptions::parse(exceptions_file, exceptions_text, catalogs, &checks)?;
    Ok(assess(&Settings { catalogs, answers: &answers, exceptions: &exceptions, config: &config, as_of }, bundle))
}
