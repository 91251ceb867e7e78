//! Changing an answer or an exception, and re-assessing at once.
//!
//! The dashboard keeps no answers of its own: the answers and exceptions in force are those the
//! newest saved assessment was made with. A change takes them, changes one thing, writes both
//! files again ([`Answers::to_toml`], [`Exceptions::to_toml`]) and reads them back with the same
//! validation as files on disk, scores the newest evidence with them on today's date, and saves
//! the result as a new assessment with the change in the audit trail, in one transaction. The
//! newest assessment is then the new state: a reload shows it, `history` lists it (with its
//! cause), and the export is its files.
//!
//! A form names the assessment it was shown from; when another change has been saved since, it
//! is refused rather than silently undo that change. Changes are made one at a time (a lock in
//! the state); two dashboards on one PostgreSQL database are told apart only by that check.

use chrono::{NaiveDate, Utc};
use maturity_assess::{Answer, Answers, Assessment, Config, Exception, Exceptions, Settings, assess};
use maturity_evidence::Bundle;
use maturity_input::InputError;
use maturity_store::{AuditEntry, SaveRequest, SavedInputs, StoreError, Summary};

use crate::actor::Actor;
use crate::error::PageError;
use crate::state::AppState;

/// One change a person makes.
#[derive(Debug, Clone)]
pub(crate) enum Change {
    /// Give or replace the answer of a control or objective.
    SetAnswer(Answer),
    /// Withdraw the answer of a control or objective.
    WithdrawAnswer(String),
    /// Accept a new risk.
    AddException(Exception),
    /// Replace exception `number` (from 1, in file order).
    EditException(usize, Exception),
    /// Retire exception `number`: it no longer applies, and the trail keeps what it said.
    RetireException(usize),
    /// Replace every answer with an answers file's.
    ImportAnswers(String),
    /// Replace every exception with an exceptions file's.
    ImportExceptions(String),
}

/// Why a change was not made.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ChangeError {
    /// Another change was saved after the form was shown.
    #[error("assessment {newest} was saved after this form was shown (from assessment {base}); reload and try again")]
    Stale { base: i64, newest: i64 },
    /// There is no saved assessment to change.
    #[error("nothing is saved yet: save an assessment with `maturity assess --save` first")]
    NothingSaved,
    /// The answer or exception is not valid (with the file, line and field).
    #[error("{0}")]
    Invalid(String),
    /// No answer or exception with that id or number.
    #[error("{0}")]
    NotFound(String),
    /// The newest assessment was saved without what re-scoring needs.
    #[error("{0}")]
    CannotReassess(String),
    /// The database or the server failed.
    #[error(transparent)]
    Page(#[from] PageError),
}

impl From<StoreError> for ChangeError {
    fn from(error: StoreError) -> Self {
        ChangeError::Page(error.into())
    }
}

/// What a change made: the id of the assessment it saved.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Made(pub(crate) i64);

/// The answers and exceptions in force: those of the newest saved assessment.
#[derive(Debug, Clone, Default)]
pub(crate) struct InForce {
    /// The newest saved assessment, if any.
    pub(crate) newest: Option<Summary>,
    /// Its answers.
    pub(crate) answers: Answers,
    /// Its exceptions.
    pub(crate) exceptions: Exceptions,
    /// Its configuration, and whether it was saved with it (older saves were not).
    pub(crate) config: Config,
    pub(crate) config_known: bool,
}

/// Reads the answers and exceptions in force.
pub(crate) async fn in_force(state: &AppState) -> Result<InForce, PageError> {
    let Some(newest) = state.store.newest(1).await?.into_iter().next() else { return Ok(InForce::default()) };
    let inputs = state.store.inputs(newest.id).await?;
    let files = Files::read(state, newest.id, &inputs, Files::SAVED).map_err(|e| PageError::Internal(e.to_string()))?;
    Ok(InForce {
        newest: Some(newest),
        answers: files.answers,
        exceptions: files.exceptions,
        config: files.config,
        config_known: inputs.config_toml.is_some(),
    })
}

/// The files of a saved assessment, parsed.
struct Files {
    answers: Answers,
    exceptions: Exceptions,
    config: Config,
}

impl Files {
    /// The latest answer day for files read back from the database: they were checked when they
    /// were saved, and an answer dated ahead by an older build must not lock the dashboard out
    /// of the answers that would replace it.
    const SAVED: NaiveDate = NaiveDate::MAX;

    /// The files of `inputs`; no answer may be dated after `latest_answer_day`.
    fn read(
        state: &AppState,
        id: i64,
        inputs: &SavedInputs,
        latest_answer_day: NaiveDate,
    ) -> Result<Files, InputError> {
        let config = match &inputs.config_toml {
            Some(text) => Config::parse(&format!("configuration of assessment {id}"), text, state.catalogs)?,
            None => Config::default(),
        };
        let answers = match &inputs.answers_toml {
            Some(text) => Answers::parse(
                &format!("answers of assessment {id}"),
                text,
                state.catalogs,
                config.answer_validity_days,
                latest_answer_day,
            )?,
            None => Answers::default(),
        };
        let exceptions = match &inputs.exceptions_toml {
            Some(text) => Exceptions::parse(
                &format!("exceptions of assessment {id}"),
                text,
                state.catalogs,
                &maturity_checks::ids(),
            )?,
            None => Exceptions::default(),
        };
        Ok(Files { answers, exceptions, config })
    }
}

/// Makes `change` on the newest assessment, which must be `base`, and saves the re-assessment.
pub(crate) async fn make(state: &AppState, base: i64, change: Change, actor: &Actor) -> Result<Made, ChangeError> {
    let _one_at_a_time = state.changing.lock().await;
    let before = state.store.newest(1).await?.into_iter().next().ok_or(ChangeError::NothingSaved)?;
    if before.id != base {
        return Err(ChangeError::Stale { base, newest: before.id });
    }
    let inputs = state.store.inputs(base).await?;
    let evidence = match inputs.evidence_of {
        Some(holder) => state.store.evidence(holder).await?.map(|json| (json, holder)),
        None => None,
    };
    let Some((evidence, evidence_of)) = evidence else {
        return Err(ChangeError::CannotReassess(format!(
            "assessment {base} was saved without its evidence, so it cannot be scored again; save one with \
             `maturity assess --evidence FILE --save` (it keeps the evidence) and change it then"
        )));
    };
    let files =
        Files::read(state, base, &inputs, Files::SAVED).map_err(|e| ChangeError::CannotReassess(e.to_string()))?;
    let (answers, exceptions, entries) = apply(state, files.answers, files.exceptions, &files.config, change, actor)?;
    let answers_toml = answers.to_toml();
    let exceptions_toml = exceptions.to_toml();
    // What is saved is what a file on disk would be read as: read it back the same way.
    let checked = Files::read(
        state,
        base,
        &SavedInputs {
            answers_toml: Some(answers_toml.clone()),
            exceptions_toml: Some(exceptions_toml.clone()),
            config_toml: inputs.config_toml.clone(),
            ..SavedInputs::default()
        },
        state.latest_answer_day(),
    )
    .map_err(|e| ChangeError::Invalid(e.to_string()))?;
    let assessment = rescore(state, evidence, base, &checked).await?;
    let config_toml = inputs.config_toml.clone().unwrap_or_else(|| files.config.to_toml());
    let cause = entries.iter().map(|e| format!("{} {}", e.action, e.subject)).collect::<Vec<_>>().join(", ");
    let cause = format!("{cause} by {}", actor.0);
    let id = state
        .store
        .save_with_audit(
            &SaveRequest {
                evidence_from: Some(evidence_of),
                answers_toml: Some(&answers_toml),
                exceptions_toml: Some(&exceptions_toml),
                config_toml: Some(&config_toml),
                cause: Some(&cause),
                saved_at: Utc::now(),
                ..SaveRequest::new(&assessment)
            },
            &entries,
        )
        .await?;
    Ok(Made(id))
}

/// Scores the evidence again, off the threads that answer requests (a large organization's
/// evidence takes seconds to read and score).
async fn rescore(state: &AppState, evidence: String, base: i64, files: &Files) -> Result<Assessment, ChangeError> {
    let (catalogs, as_of) = (state.catalogs, state.today());
    let (answers, exceptions, config) = (files.answers.clone(), files.exceptions.clone(), files.config.clone());
    tokio::task::spawn_blocking(move || {
        let bundle = Bundle::from_json(&format!("evidence of assessment {base}"), &evidence)
            .map_err(|e| ChangeError::CannotReassess(e.to_string()))?;
        Ok(assess(&Settings { catalogs, answers: &answers, exceptions: &exceptions, config: &config, as_of }, &bundle))
    })
    .await
    .map_err(|e| PageError::Internal(format!("re-assessing stopped: {e}")))?
}

/// The answers and exceptions after `change`, and its audit entries.
fn apply(
    state: &AppState,
    mut answers: Answers,
    mut exceptions: Exceptions,
    config: &Config,
    change: Change,
    actor: &Actor,
) -> Result<(Answers, Exceptions, Vec<AuditEntry>), ChangeError> {
    let entry = |action: &str, subject: String, before: Option<String>, after: Option<String>| AuditEntry {
        actor: actor.0.clone(),
        action: action.to_owned(),
        subject,
        before,
        after,
    };
    let entries = match change {
        Change::SetAnswer(answer) => {
            let id = answer.id.clone();
            let before = answers.by_id.insert(id.clone(), answer.clone()).map(|a| answer_text(&a));
            vec![entry("answer.set", id, before, Some(answer_text(&answer)))]
        }
        Change::WithdrawAnswer(id) => {
            let before = answers
                .by_id
                .remove(&id)
                .ok_or_else(|| ChangeError::NotFound(format!("`{id}` has no answer to withdraw")))?;
            vec![entry("answer.withdraw", id, Some(answer_text(&before)), None)]
        }
        Change::AddException(exception) => {
            let number = exceptions.list.len() + 1;
            let after = exception_text(&exception);
            exceptions.list.push(Exception { number, ..exception });
            vec![entry("exception.create", format!("exception {number}"), None, Some(after))]
        }
        Change::EditException(number, exception) => {
            let slot = exception_slot(&mut exceptions, number)?;
            let before = exception_text(slot);
            *slot = Exception { number, ..exception };
            let after = exception_text(slot);
            vec![entry("exception.edit", format!("exception {number}"), Some(before), Some(after))]
        }
        Change::RetireException(number) => {
            let before = exception_text(exception_slot(&mut exceptions, number)?);
            exceptions.list.remove(number - 1);
            for (index, exception) in exceptions.list.iter_mut().enumerate() {
                exception.number = index + 1;
            }
            vec![entry("exception.retire", format!("exception {number}"), Some(before), None)]
        }
        Change::ImportAnswers(text) => {
            let imported = Answers::parse(
                "the imported answers file",
                &text,
                state.catalogs,
                config.answer_validity_days,
                state.latest_answer_day(),
            )
            .map_err(|e| ChangeError::Invalid(e.to_string()))?;
            let entry =
                entry("answers.import", "answers file".to_owned(), Some(answers.to_toml()), Some(imported.to_toml()));
            answers = imported;
            vec![entry]
        }
        Change::ImportExceptions(text) => {
            let imported =
                Exceptions::parse("the imported exceptions file", &text, state.catalogs, &maturity_checks::ids())
                    .map_err(|e| ChangeError::Invalid(e.to_string()))?;
            let entry = entry(
                "exceptions.import",
                "exceptions file".to_owned(),
                Some(exceptions.to_toml()),
                Some(imported.to_toml()),
            );
            exceptions = imported;
            vec![entry]
        }
    };
    Ok((answers, exceptions, entries))
}

fn exception_slot(exceptions: &mut Exceptions, number: usize) -> Result<&mut Exception, ChangeError> {
    number
        .checked_sub(1)
        .and_then(|index| exceptions.list.get_mut(index))
        .ok_or_else(|| ChangeError::NotFound(format!("there is no exception {number}")))
}

/// One answer as its entry in an answers file.
fn answer_text(answer: &Answer) -> String {
    let mut one = Answers::default();
    one.by_id.insert(answer.id.clone(), answer.clone());
    one.to_toml()
}

/// One exception as its entry in an exceptions file.
fn exception_text(exception: &Exception) -> String {
    Exceptions { list: vec![exception.clone()] }.to_toml()
}
