//! `/exceptions`: the accepted risks in force, a form for a new one; `/exceptions/{n}`: one of
//! them, to edit or retire. Every exception needs a reason, an owner and an expiry, as in the
//! file; at least one of check, control, account, region, resource or tag says what it covers.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use maturity_assess::Exception;
use maud::{Markup, html};
use serde::Deserialize;

use super::{MadeQuery, after, date_field, hidden, newest_id, outcome, refusal, text_field, with_error};
use crate::actor::Actor;
use crate::change::{self, Change, ChangeError, InForce};
use crate::csrf::FormToken;
use crate::error::PageError;
use crate::layout;
use crate::state::AppState;

/// The fields of the create and edit forms.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ExceptionForm {
    base: i64,
    #[serde(default)]
    check: String,
    #[serde(default)]
    control: String,
    #[serde(default)]
    account: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    resource: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    expires: String,
}

impl ExceptionForm {
    fn of(exception: &Exception, base: i64) -> ExceptionForm {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        ExceptionForm {
            base,
            check: text(&exception.check),
            control: text(&exception.control),
            account: text(&exception.account),
            region: text(&exception.region),
            resource: text(&exception.resource),
            tag: exception.tag.as_ref().map(|(k, v)| format!("{k}={v}")).unwrap_or_default(),
            reason: exception.reason.clone(),
            owner: exception.owner.clone(),
            expires: exception.expires.to_string(),
        }
    }

    /// The form as an exception; what the file also checks (known check, known control, a
    /// scope) is checked when the written file is read back.
    fn to_exception(&self) -> Result<Exception, String> {
        let tag = match text_field(&self.tag) {
            None => None,
            Some(tag) => match tag.split_once('=') {
                Some((k, v)) if !k.trim().is_empty() => Some((k.trim().to_owned(), v.trim().to_owned())),
                _ => return Err(format!("tag: `{tag}` is not KEY=VALUE")),
            },
        };
        Ok(Exception {
            number: 0,
            check: text_field(&self.check),
            control: text_field(&self.control),
            account: text_field(&self.account),
            region: text_field(&self.region),
            resource: text_field(&self.resource),
            tag,
            reason: text_field(&self.reason).ok_or("reason: say why the risk is accepted")?,
            owner: text_field(&self.owner).ok_or("owner: say who accepts it")?,
            expires: date_field("expires", &self.expires)?.ok_or("expires: give the last day it applies")?,
        })
    }
}

/// The retire form's fields.
#[derive(Debug, Deserialize)]
pub(crate) struct RetireForm {
    base: i64,
}

/// `GET /exceptions`.
pub(crate) async fn list(
    State(state): State<AppState>,
    token: FormToken,
    made: Result<Query<MadeQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let made = made.map(|q| q.0.made).unwrap_or_default();
    let in_force = change::in_force(&state).await?;
    let body = html! {
        @if let Some(banner) = outcome(&state, made).await? { (banner) }
        (list_body(&state, &in_force, &token, None)?)
    };
    Ok(layout::respond(StatusCode::OK, layout::page("Exceptions", &crumbs(), body, state.access)))
}

fn crumbs() -> [(&'static str, String); 1] {
    [("Overview", "/".to_owned())]
}

fn list_body(
    state: &AppState,
    in_force: &InForce,
    token: &FormToken,
    entered: Option<&ExceptionForm>,
) -> Result<Markup, PageError> {
    let newest = newest_id(in_force.newest.as_ref())?;
    let today = state.today();
    let blank = ExceptionForm { base: newest, ..ExceptionForm::default() };
    Ok(html! {
        section.card {
            h2 { "Exceptions" }
            p.lead {
                "Accepted risks in force in assessment " a href=(format!("/assessments/{newest}")) { (newest) } ". "
                "A change here re-scores its evidence at once and is saved as a new assessment; the scores "
                "without exceptions stay in every report."
            }
            @if in_force.exceptions.list.is_empty() { p.muted #no-exceptions { "No exception is in force." } }
            @else {
                table.exceptions {
                    thead { tr { th { "#" } th { "Covers" } th { "Reason" } th { "Owner" } th { "Expires" } } }
                    tbody {
                        @for exception in &in_force.exceptions.list {
                            tr data-exception=(exception.number) {
                                td { a href=(format!("/exceptions/{}", exception.number)) { (exception.number) } }
                                td { (exception.scope()) }
                                td { (exception.reason) }
                                td { (exception.owner) }
                                td { (exception.expires) @if exception.is_expired(today) { " " span.error { "expired" } } }
                            }
                        }
                    }
                }
            }
        }
        section.card #new-exception {
            h3 { "Accept a risk" }
            (fields(state, token, "/exceptions", entered.unwrap_or(&blank), "Save the exception and re-assess"))
        }
    })
}

fn fields(state: &AppState, token: &FormToken, action: &str, form: &ExceptionForm, submit: &str) -> Markup {
    html! {
        form.exception method="post" action=(action) {
            (hidden(token, form.base))
            p.muted { "Covers (at least one; all given must match):" }
            label { "Check" input type="text" name="check" list="checks" value=(form.check); }
            label { "Control (alone: the whole control)" input type="text" name="control" list="controls" value=(form.control); }
            label { "Account" input type="text" name="account" value=(form.account); }
            label { "Region" input type="text" name="region" value=(form.region); }
            label { "Resource (id or ARN)" input type="text" name="resource" value=(form.resource); }
            label { "Tag (KEY=VALUE)" input type="text" name="tag" value=(form.tag); }
            label { "Reason" textarea name="reason" required rows="3" { (form.reason) } }
            label { "Owner" input type="text" name="owner" required value=(form.owner); }
            label { "Expires" input type="date" name="expires" required value=(form.expires); }
            button type="submit" { (submit) }
            datalist #checks { @for id in maturity_checks::ids() { option value=(id) {} } }
            datalist #controls { @for control in &state.catalogs.aws_smm.controls { option value=(control.id) {} } }
        }
    }
}

/// `POST /exceptions`: accepts a new risk.
pub(crate) async fn create(
    State(state): State<AppState>,
    actor: Actor,
    token: FormToken,
    Form(form): Form<ExceptionForm>,
) -> Result<Response, PageError> {
    let result = match form.to_exception() {
        Ok(exception) => change::make(&state, form.base, Change::AddException(exception), &actor).await,
        Err(why) => Err(ChangeError::Invalid(why)),
    };
    match result {
        Ok(made) => Ok(after(&made, "/exceptions")),
        Err(error) => {
            let (status, text) = refusal(error)?;
            let in_force = change::in_force(&state).await?;
            let body = list_body(&state, &in_force, &token, Some(&form))?;
            Ok(with_error(status, "Exceptions", &text, body, &state))
        }
    }
}

fn number(text: &str) -> Result<usize, PageError> {
    text.parse().map_err(|_| PageError::NotFound(format!("There is no exception {text}.")))
}

/// `GET /exceptions/{n}`.
pub(crate) async fn item(
    State(state): State<AppState>,
    Path(n): Path<String>,
    token: FormToken,
) -> Result<Response, PageError> {
    let n = number(&n)?;
    let in_force = change::in_force(&state).await?;
    let body = item_body(&state, &in_force, n, &token, None).await?;
    Ok(layout::respond(StatusCode::OK, layout::page(&format!("Exception {n}"), &crumbs(), body, state.access)))
}

async fn item_body(
    state: &AppState,
    in_force: &InForce,
    n: usize,
    token: &FormToken,
    entered: Option<&ExceptionForm>,
) -> Result<Markup, PageError> {
    let newest = newest_id(in_force.newest.as_ref())?;
    let exception = n
        .checked_sub(1)
        .and_then(|i| in_force.exceptions.list.get(i))
        .ok_or_else(|| PageError::NotFound(format!("There is no exception {n} in force.")))?;
    let current = ExceptionForm::of(exception, newest);
    let history = state.store.audit(Some(&format!("exception {n}")), 20).await?;
    Ok(html! {
        h2 #exception-title data-exception=(n) { "Exception " (n) ": " (exception.scope()) }
        section.card {
            h3 { "Edit" }
            (fields(state, token, &format!("/exceptions/{n}"), entered.unwrap_or(&current), "Save the changes and re-assess"))
        }
        section.card {
            h3 { "Retire" }
            p { "It stops applying at once; the audit trail keeps what it said." }
            form.retire method="post" action=(format!("/exceptions/{n}/retire")) {
                (hidden(token, newest))
                button type="submit" { "Retire exception " (n) }
            }
        }
        section.card {
            h3 { "Changes to exception " (n) }
            p.muted { "Numbers follow the file's order: retiring one renumbers those after it." }
            @if history.is_empty() { p.muted { "None made on the dashboard." } }
            @else {
                ul { @for record in &history {
                    li { (record.at.format("%Y-%m-%d %H:%M UTC")) " · " (record.entry.actor) " · " (record.entry.action) }
                } }
            }
        }
    })
}

/// `POST /exceptions/{n}`: edits one.
pub(crate) async fn edit(
    State(state): State<AppState>,
    Path(n): Path<String>,
    actor: Actor,
    token: FormToken,
    Form(form): Form<ExceptionForm>,
) -> Result<Response, PageError> {
    let n = number(&n)?;
    let result = match form.to_exception() {
        Ok(exception) => change::make(&state, form.base, Change::EditException(n, exception), &actor).await,
        Err(why) => Err(ChangeError::Invalid(why)),
    };
    match result {
        Ok(made) => Ok(after(&made, "/exceptions")),
        Err(error) => {
            let (status, text) = refusal(error)?;
            let in_force = change::in_force(&state).await?;
            let body = item_body(&state, &in_force, n, &token, Some(&form)).await?;
            Ok(with_error(status, &format!("Exception {n}"), &text, body, &state))
        }
    }
}

/// `POST /exceptions/{n}/retire`.
pub(crate) async fn retire(
    State(state): State<AppState>,
    Path(n): Path<String>,
    actor: Actor,
    token: FormToken,
    Form(form): Form<RetireForm>,
) -> Result<Response, PageError> {
    let n = number(&n)?;
    match change::make(&state, form.base, Change::RetireException(n), &actor).await {
        Ok(made) => Ok(after(&made, "/exceptions")),
        Err(error) => {
            let (status, text) = refusal(error)?;
            let in_force = change::in_force(&state).await?;
            let body = list_body(&state, &in_force, &token, None)?;
            Ok(with_error(status, "Exceptions", &text, body, &state))
        }
    }
}
