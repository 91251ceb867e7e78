//! `/inputs`: the answers and exceptions in force as the TOML files `maturity assess` reads
//! (download, to keep working with files), and the import of such files (upload as text), which
//! replaces what is in force and re-assesses, as any other change.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::{MadeQuery, after, hidden, newest_id, outcome, refusal, with_error};
use crate::actor::Actor;
use crate::change::{self, Change};
use crate::csrf::FormToken;
use crate::error::PageError;
use crate::layout;
use crate::state::AppState;

/// Which file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Answers,
    Exceptions,
}

impl Kind {
    fn of(name: &str) -> Result<Kind, PageError> {
        match name {
            "answers.toml" | "answers" => Ok(Kind::Answers),
            "exceptions.toml" | "exceptions" => Ok(Kind::Exceptions),
            _ => Err(PageError::NotFound(format!("There is no file `{name}`: answers.toml or exceptions.toml."))),
        }
    }

    fn file(self) -> &'static str {
        match self {
            Kind::Answers => "answers.toml",
            Kind::Exceptions => "exceptions.toml",
        }
    }
}

/// The import form's fields.
#[derive(Debug, Deserialize)]
pub(crate) struct ImportForm {
    base: i64,
    #[serde(default)]
    toml: String,
}

/// `GET /inputs`.
pub(crate) async fn page(
    State(state): State<AppState>,
    token: FormToken,
    made: Result<Query<MadeQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let made = made.map(|q| q.0.made).unwrap_or_default();
    let body = html! {
        @if let Some(banner) = outcome(&state, made).await? { (banner) }
        (body(&state, &token, None).await?)
    };
    Ok(layout::respond(StatusCode::OK, layout::page("Files", &[("Overview", "/".to_owned())], body, state.access)))
}

async fn body(state: &AppState, token: &FormToken, entered: Option<(Kind, &str)>) -> Result<Markup, PageError> {
    let in_force = change::in_force(state).await?;
    let newest = newest_id(in_force.newest.as_ref())?;
    Ok(html! {
        section.card {
            h2 { "Answers and exceptions as files" }
            p.lead {
                "The files in force in assessment " a href=(format!("/assessments/{newest}")) { (newest) }
                ", for " code { "maturity assess --answers … --exceptions …" } ". An imported file replaces every answer "
                "(or exception) in force, is checked as " code { "maturity assess" } " checks it, and re-assesses at once."
            }
            ul {
                li { a #export-answers href="/inputs/answers.toml" download { "answers.toml" } " · " (in_force.answers.by_id.len()) " answers" }
                li { a #export-exceptions href="/inputs/exceptions.toml" download { "exceptions.toml" } " · " (in_force.exceptions.list.len()) " exceptions" }
            }
        }
        @for kind in [Kind::Answers, Kind::Exceptions] {
            section.card {
                h3 { "Import " (kind.file()) }
                form.import method="post" action=(format!("/inputs/{}", kind.file())) {
                    (hidden(token, newest))
                    label { "The file's text"
                        textarea name="toml" rows="12" cols="90" required {
                            @if let Some((entered_kind, text)) = entered { @if entered_kind == kind { (text) } }
                        }
                    }
                    button type="submit" { "Import and re-assess" }
                }
            }
        }
    })
}

/// `GET /inputs/{file}`: the file in force, to download.
pub(crate) async fn export(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, PageError> {
    let kind = Kind::of(&file)?;
    let in_force = change::in_force(&state).await?;
    let newest = newest_id(in_force.newest.as_ref())?;
    let text = match kind {
        Kind::Answers => in_force.answers.to_toml(),
        Kind::Exceptions => in_force.exceptions.to_toml(),
    };
    let text = format!(
        "# The {} in force in saved assessment {newest}, exported by the maturity dashboard.\n{text}",
        match kind {
            Kind::Answers => "answers",
            Kind::Exceptions => "exceptions",
        }
    );
    let mut response = ([(header::CONTENT_TYPE, "application/toml; charset=utf-8")], text).into_response();
    let disposition = format!("attachment; filename=\"{}\"", kind.file());
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, value);
    }
    layout::harden(&mut response);
    Ok(response)
}

/// `POST /inputs/{file}`: replaces what is in force with the file's contents.
pub(crate) async fn import(
    State(state): State<AppState>,
    Path(file): Path<String>,
    actor: Actor,
    token: FormToken,
    Form(form): Form<ImportForm>,
) -> Result<Response, PageError> {
    let kind = Kind::of(&file)?;
    let change = match kind {
        Kind::Answers => Change::ImportAnswers(form.toml.clone()),
        Kind::Exceptions => Change::ImportExceptions(form.toml.clone()),
    };
    match change::make(&state, form.base, change, &actor).await {
        Ok(made) => Ok(after(&made, "/inputs")),
        Err(error) => {
            let (status, text) = refusal(error)?;
            let body = body(&state, &token, Some((kind, &form.toml))).await?;
            Ok(with_error(status, "Files", &text, body, &state))
        }
    }
}
