//! `/questionnaire`: every control and objective people must answer, with the answer in force,
//! its owner and expiry, filtered by what needs attention; `/questionnaire/{id}`: one of them,
//! its questions, its answer's history, and the form that gives, changes or withdraws it.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Days, NaiveDate};
use maturity_assess::{Answer, AnswerValue, Status};
use maturity_model::questionnaire::{Question, Section, questions};
use maturity_report::html::badge;
use maud::{Markup, html};
use serde::Deserialize;

use super::{MadeQuery, after, date_field, hidden, newest_id, outcome, refusal, text_field, with_error};
use crate::actor::Actor;
use crate::change::{self, Change, InForce};
use crate::csrf::FormToken;
use crate::error::PageError;
use crate::layout;
use crate::state::AppState;

/// How far ahead "expiring soon" looks.
const SOON_DAYS: u64 = 30;

/// The list's filters.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    /// `all` (default), `unanswered` (no answer in force) or `expiring` (within 30 days).
    #[serde(default)]
    show: String,
    /// Only answers owned by this owner.
    #[serde(default)]
    owner: String,
    #[serde(default)]
    made: Option<i64>,
}

/// Where an answer stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    Unanswered,
    Expired,
    ExpiringSoon,
    Valid,
}

fn standing(answer: Option<&Answer>, today: NaiveDate) -> Standing {
    match answer {
        None => Standing::Unanswered,
        Some(a) if a.is_expired(today) => Standing::Expired,
        Some(a) if today.checked_add_days(Days::new(SOON_DAYS)).is_some_and(|soon| a.expires <= soon) => {
            Standing::ExpiringSoon
        }
        Some(_) => Standing::Valid,
    }
}

/// `GET /questionnaire`.
pub(crate) async fn list(
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let Query(query) = query.map_err(|e| PageError::BadRequest(format!("The filters cannot be read: {e}.")))?;
    let in_force = change::in_force(&state).await?;
    let newest = newest_id(in_force.newest.as_ref())?;
    let statuses = state.assessments.statuses(newest).await?;
    let today = state.today();
    let all = questions(state.catalogs);
    let mut owners: Vec<&str> = in_force.answers.by_id.values().filter_map(|a| a.owner.as_deref()).collect();
    owners.sort_unstable();
    owners.dedup();
    let shown: Vec<&Question<'_>> = all
        .iter()
        .filter(|q| {
            let answer = in_force.answers.by_id.get(q.id());
            let standing = standing(answer, today);
            let wanted = match query.show.as_str() {
                "unanswered" => matches!(standing, Standing::Unanswered | Standing::Expired),
                "expiring" => standing == Standing::ExpiringSoon,
                _ => true,
            };
            wanted && (query.owner.is_empty() || answer.and_then(|a| a.owner.as_deref()) == Some(query.owner.as_str()))
        })
        .collect();
    let status_of = |question: &Question<'_>| {
        let map = match question.section() {
            Section::Objectives => &statuses.objectives,
            _ => &statuses.controls,
        };
        map.get(question.id()).copied().unwrap_or(Status::Unknown)
    };
    let unanswered = all
        .iter()
        .filter(|q| {
            matches!(standing(in_force.answers.by_id.get(q.id()), today), Standing::Unanswered | Standing::Expired)
        })
        .count();
    let body = html! {
        @if let Some(banner) = outcome(&state, query.made).await? { (banner) }
        section.card {
            h2 { "Questionnaire" }
            p.lead {
                "What no API can show: " (all.len()) " controls and objectives that people answer. "
                (unanswered) " have no answer in force. Answers are judged as of " (today)
                "; an answer changed here re-scores assessment " a href=(format!("/assessments/{newest}")) { (newest) }
                "'s evidence at once and is saved as a new assessment."
            }
            @if !in_force.config_known {
                p.muted #config-unknown {
                    "Assessment " (newest) " was saved without its settings: re-assessments use the default settings."
                }
            }
            form.filters method="get" action="/questionnaire" {
                label { "Show"
                    select name="show" {
                        @for (value, text) in [("all", "all"), ("unanswered", "unanswered or expired"), ("expiring", "expiring within 30 days")] {
                            option value=(value) selected[query.show == value] { (text) }
                        }
                    }
                }
                label { "Owner"
                    select name="owner" {
                        option value="" { "anyone" }
                        @for owner in &owners { option value=(owner) selected[query.owner == *owner] { (owner) } }
                    }
                }
                button type="submit" { "Filter" }
            }
            p.muted #shown-count data-count=(shown.len()) { (shown.len()) " shown." }
        }
        @for section in Section::ALL {
            @let items: Vec<&&Question<'_>> = shown.iter().filter(|q| q.section() == section).collect();
            @if !items.is_empty() {
                section.card {
                    h3 { (section.title()) " (" (items.len()) ")" }
                    table.questionnaire {
                        thead { tr { th { "Item" } th { "Status now" } th { "Answer" } th { "Owner" } th { "Expires" } } }
                        tbody {
                            @for question in items {
                                @let answer = in_force.answers.by_id.get(question.id());
                                tr data-item=(question.id()) {
                                    td { a href=(format!("/questionnaire/{}", question.id())) { (title(question)) } br; code.muted { (question.id()) } }
                                    td { (badge(status_of(question))) }
                                    td { @match answer { Some(a) => { (a.answer.id()) }, None => { span.muted { "none" } } } }
                                    td { (answer.and_then(|a| a.owner.as_deref()).unwrap_or("")) }
                                    td { (expiry(answer, today)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::respond(
        StatusCode::OK,
        layout::page("Questionnaire", &[("Overview", "/".to_owned())], body, state.access),
    ))
}

fn title(question: &Question<'_>) -> String {
    match question {
        Question::Control(control) => control.name.clone(),
        Question::Objective(category, objective) => {
            format!("{} · level {}: {}", category.name, objective.level, objective.statement)
        }
    }
}

fn expiry(answer: Option<&Answer>, today: NaiveDate) -> Markup {
    html! {
        @if let Some(answer) = answer {
            (answer.expires)
            @match standing(Some(answer), today) {
                Standing::Expired => { " " span.error { "expired" } }
                Standing::ExpiringSoon => { " " span.dir-worse { "soon" } }
                _ => {}
            }
        }
    }
}

/// The answer form's fields.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct AnswerForm {
    base: i64,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    expires: String,
}

/// The withdraw form's fields.
#[derive(Debug, Deserialize)]
pub(crate) struct WithdrawForm {
    base: i64,
}

fn question<'a>(state: &'a AppState, id: &str) -> Result<Question<'a>, PageError> {
    questions(state.catalogs).into_iter().find(|q| q.id() == id).ok_or_else(|| {
        PageError::NotFound(format!("`{id}` is not in the questionnaire: its checks decide it, or it does not exist."))
    })
}

/// `GET /questionnaire/{id}`.
pub(crate) async fn item(
    State(state): State<AppState>,
    Path(id): Path<String>,
    token: FormToken,
    made: Result<Query<MadeQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let made = made.map(|q| q.0.made).unwrap_or_default();
    let question = question(&state, &id)?;
    let in_force = change::in_force(&state).await?;
    let banner = outcome(&state, made).await?;
    let body = item_body(&state, &question, &in_force, &token, None).await?;
    let body = html! { @if let Some(banner) = banner { (banner) } (body) };
    Ok(layout::respond(StatusCode::OK, layout::page(&title(&question), &crumbs(), body, state.access)))
}

fn crumbs() -> [(&'static str, String); 2] {
    [("Overview", "/".to_owned()), ("Questionnaire", "/questionnaire".to_owned())]
}

async fn item_body(
    state: &AppState,
    question: &Question<'_>,
    in_force: &InForce,
    token: &FormToken,
    entered: Option<&AnswerForm>,
) -> Result<Markup, PageError> {
    let newest = newest_id(in_force.newest.as_ref())?;
    let statuses = state.assessments.statuses(newest).await?;
    let (status, link) = match question {
        Question::Control(c) => (statuses.controls.get(&c.id), format!("/assessments/{newest}/controls/{}", c.id)),
        Question::Objective(_, o) => {
            (statuses.objectives.get(&o.id), format!("/assessments/{newest}/objectives/{}", o.id))
        }
    };
    let answer = in_force.answers.by_id.get(question.id());
    let today = state.today();
    // What the person typed, when the form comes back with an error; the answer in force otherwise.
    let value = |field: fn(&AnswerForm) -> &str, current: Option<String>| {
        entered.map(|f| field(f).to_owned()).or(current).unwrap_or_default()
    };
    let chosen =
        entered.map_or_else(|| answer.map(|a| a.answer.id().to_owned()).unwrap_or_default(), |f| f.answer.clone());
    let history = state.store.audit(Some(question.id()), 50).await?;
    Ok(html! {
        h2 #item-title data-item=(question.id()) { (title(question)) " " (badge(status.copied().unwrap_or(Status::Unknown))) }
        section.card {
            p.muted { (question.section().title()) " · " code { (question.id()) } }
            @if let Question::Control(control) = question {
                p { (control.summary) }
                @if let Some(cannot_see) = &control.checks_cannot_see { p { "The checks cannot see " (cannot_see) "." } }
                p { a href=(control.url) rel="noreferrer" { "The control in the AWS SMM" } }
            }
            h3 { "Questions" }
            ul.prompts { @for prompt in question.prompts() { li { (prompt) } } }
            p { "Status in assessment " (newest) ": " a href=(link) { "what decided it" } }
        }
        section.card #answer {
            h3 { "Answer" }
            @match answer {
                Some(a) => p #current-answer data-answer=(a.answer.id()) {
                    "In force: " strong { (a.answer.id()) } ", given " (a.date)
                    @if let Some(owner) = &a.owner { " by " (owner) } ", expires " (expiry(Some(a), today)) "."
                },
                None => p #current-answer data-answer="" { "No answer is in force." },
            }
            form.answer method="post" action=(format!("/questionnaire/{}", question.id())) {
                (hidden(token, newest))
                label { "Answer"
                    select name="answer" required {
                        option value="" { "choose" }
                        @for value in [AnswerValue::Yes, AnswerValue::Partial, AnswerValue::No, AnswerValue::NotApplicable] {
                            option value=(value.id()) selected[chosen == value.id()] { (value.id()) }
                        }
                    }
                }
                label { "Evidence (a link or a note)"
                    input type="text" name="evidence" value=(value(|f| &f.evidence, answer.and_then(|a| a.evidence.clone())));
                }
                label { "Owner"
                    input type="text" name="owner" required value=(value(|f| &f.owner, answer.and_then(|a| a.owner.clone())));
                }
                label { "Date"
                    input type="date" name="date" required value=(value(|f| &f.date, Some(today.to_string())));
                }
                label { "Expires (blank: " (in_force.config.answer_validity_days) " days after the date)"
                    input type="date" name="expires" value=(value(|f| &f.expires, None));
                }
                button type="submit" { "Save the answer and re-assess" }
            }
            @if answer.is_some() {
                form.withdraw method="post" action=(format!("/questionnaire/{}/withdraw", question.id())) {
                    (hidden(token, newest))
                    button type="submit" { "Withdraw the answer" }
                }
            }
        }
        section.card #answer-history {
            h3 { "Changes" }
            @if history.is_empty() { p.muted { "No change made on the dashboard yet." } }
            @else {
                table {
                    thead { tr { th { "When" } th { "Who" } th { "What" } th { "Answer after" } th { "Assessment" } } }
                    tbody {
                        @for record in &history {
                            tr {
                                td { (record.at.format("%Y-%m-%d %H:%M UTC")) }
                                td { (record.entry.actor) }
                                td { (record.entry.action) }
                                td { pre { (record.entry.after.as_deref().unwrap_or("(none)")) } }
                                td { @if let Some(id) = record.assessment_id { a href=(format!("/assessments/{id}")) { (id) } } }
                            }
                        }
                    }
                }
            }
        }
    })
}

/// `POST /questionnaire/{id}`: gives or changes the answer.
pub(crate) async fn answer(
    State(state): State<AppState>,
    Path(id): Path<String>,
    actor: Actor,
    token: FormToken,
    Form(form): Form<AnswerForm>,
) -> Result<Response, PageError> {
    let question = question(&state, &id)?;
    let to = format!("/questionnaire/{}", question.id());
    let validity = change::in_force(&state).await?.config.answer_validity_days;
    let result = match to_answer(question.id(), &form, validity, state.latest_answer_day()) {
        Ok(answer) => change::make(&state, form.base, Change::SetAnswer(answer), &actor).await,
        Err(why) => Err(change::ChangeError::Invalid(why)),
    };
    match result {
        Ok(made) => Ok(after(&made, &to)),
        Err(error) => {
            let (status, text) = refusal(error)?;
            let in_force = change::in_force(&state).await?;
            let body = item_body(&state, &question, &in_force, &token, Some(&form)).await?;
            Ok(with_error(status, &title(&question), &text, body, &state))
        }
    }
}

/// `POST /questionnaire/{id}/withdraw`.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    Path(id): Path<String>,
    actor: Actor,
    token: FormToken,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, PageError> {
    let question = question(&state, &id)?;
    let to = format!("/questionnaire/{}", question.id());
    match change::make(&state, form.base, Change::WithdrawAnswer(question.id().to_owned()), &actor).await {
        Ok(made) => Ok(after(&made, &to)),
        Err(error) => {
            let (status, text) = refusal(error)?;
            let in_force = change::in_force(&state).await?;
            let body = item_body(&state, &question, &in_force, &token, None).await?;
            Ok(with_error(status, &title(&question), &text, body, &state))
        }
    }
}

/// The form as an answer, its expiry `validity_days` after its date when none is given (as in the
/// file), dated `today` at the latest; the file's other rules are checked again when the written
/// file is read back.
fn to_answer(id: &str, form: &AnswerForm, validity_days: u64, today: NaiveDate) -> Result<Answer, String> {
    let answer = match form.answer.as_str() {
        "yes" => AnswerValue::Yes,
        "partial" => AnswerValue::Partial,
        "no" => AnswerValue::No,
        "n-a" => AnswerValue::NotApplicable,
        other => return Err(format!("answer: `{other}` is not one of yes, partial, no, n-a")),
    };
    let owner = text_field(&form.owner).ok_or("owner: say who answers for it")?;
    let date = date_field("date", &form.date)?.ok_or("date: give the day of the answer")?;
    if date > today {
        return Err(format!("date: {date} is after today ({today}): date an answer on the day it is given"));
    }
    let expires = match date_field("expires", &form.expires)? {
        Some(expires) => expires,
        None => date.checked_add_days(Days::new(validity_days)).unwrap_or(NaiveDate::MAX),
    };
    if expires < date {
        return Err(format!("expires: {expires} is before the answer's date {date}"));
    }
    Ok(Answer { id: id.to_owned(), answer, evidence: text_field(&form.evidence), owner: Some(owner), date, expires })
}
