//! The gate in front of every page ([`guard`]), and the small login form that lets a browser,
//! which cannot add an `Authorization` header by itself, present a token once and keep it in a
//! cookie.
//!
//! The cookie holds the token itself, `HttpOnly` (no script can read it) and `SameSite=Strict`
//! (no other site's page can make the browser send it, so a form posted from elsewhere arrives
//! without it: the base the questionnaire's POST routes will need). Tokens travel in clear over
//! plain HTTP: on a network, put the dashboard behind a TLS proxy.

use axum::Form;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::state::AppState;
use crate::{Access, access, layout, token};

/// The cookie the login form sets.
pub(crate) const COOKIE: &str = "maturity_token";

/// Lets a request through when the access rule allows it; otherwise answers 401 (with the login
/// form, for a browser) or, for a loopback server asked for a foreign host, 403.
pub(crate) async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let allowed = match state.access {
        Access::Loopback => {
            let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
            if !access::is_loopback_host(host) {
                return layout::message(
                    StatusCode::FORBIDDEN,
                    "Forbidden",
                    "This dashboard listens on a loopback address and answers only requests for localhost or a \
                     loopback address.",
                );
            }
            true
        }
        Access::Token => is_public(request.uri().path()) || presents_token(&state, request.headers()).await,
    };
    if allowed {
        let mut response = next.run(request).await;
        layout::harden(&mut response);
        return response;
    }
    let next_path = request.uri().path_and_query().map_or("/", |p| p.as_str()).to_owned();
    let mut response = layout::respond(StatusCode::UNAUTHORIZED, login_page(&next_path, None));
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"maturity\""));
    response
}

/// The paths anyone may ask for: the login form and the stylesheets.
fn is_public(path: &str) -> bool {
    path == "/login" || path.starts_with("/assets/")
}

/// Whether the request carries a valid token, as a bearer token or in the login cookie.
async fn presents_token(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(presented) = presented(headers) else { return false };
    valid(state, &presented).await
}

/// Whether `presented` is one of the database's tokens. A database that cannot be read lets no
/// one in (and says why on the server's standard error).
async fn valid(state: &AppState, presented: &str) -> bool {
    match state.store.token_hashes().await {
        Ok(known) => token::matches(presented, &known),
        Err(error) => {
            eprintln!("error: cannot check an access token: {error}");
            false
        }
    }
}

/// The token a request carries, as a bearer token or in the login cookie.
pub(crate) fn presented(headers: &HeaderMap) -> Option<String> {
    bearer(headers).or_else(|| cookie(headers))
}

/// The token of an `Authorization: Bearer …` header.
fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned())
}

/// The token of the login cookie.
pub(crate) fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE).then(|| value.to_owned())
        })
}

/// The login form's fields.
#[derive(Debug, Deserialize)]
pub(crate) struct Login {
    token: String,
    #[serde(default)]
    next: String,
}

/// Where the form was asked for from, as `?next=`.
#[derive(Debug, Deserialize)]
pub(crate) struct LoginQuery {
    #[serde(default)]
    next: String,
}

/// `GET /login`.
pub(crate) async fn login_form(
    query: Result<axum::extract::Query<LoginQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let next = query.map(|q| q.0.next).unwrap_or_default();
    layout::respond(StatusCode::OK, login_page(&next, None))
}

/// `POST /login`: a valid token sets the cookie and goes back where the user was going.
pub(crate) async fn login(State(state): State<AppState>, Form(form): Form<Login>) -> Response {
    let presented = form.token.trim();
    if presented.is_empty() || !valid(&state, presented).await {
        return layout::respond(StatusCode::UNAUTHORIZED, login_page(&form.next, Some("That token is not valid.")));
    }
    let mut response = Redirect::to(&local_path(&form.next)).into_response();
    let cookie = format!("{COOKIE}={presented}; Path=/; HttpOnly; SameSite=Strict");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// `POST /logout`: forgets the cookie.
pub(crate) async fn logout() -> Response {
    let mut response = Redirect::to("/login").into_response();
    let expired = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    if let Ok(value) = HeaderValue::from_str(&expired) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// `next` if it is a path of this site, `/` otherwise: the form must not send anyone elsewhere.
fn local_path(next: &str) -> String {
    let local = next.starts_with('/') && !next.starts_with("//") && !next.contains(['\\', '\r', '\n']);
    if local { next.to_owned() } else { "/".to_owned() }
}

fn login_page(next: &str, error: Option<&str>) -> Markup {
    let body = html! {
        section.card #login {
            h2 { "Sign in" }
            p.lead {
                "This dashboard asks for an access token. Whoever runs it makes one with "
                code { "maturity serve --new-token" } "; it is shown once."
            }
            @if let Some(error) = error { p.error role="alert" { (error) } }
            form.login method="post" action="/login" {
                label for="token" { "Access token" }
                input #token type="password" name="token" autocomplete="current-password" required;
                input type="hidden" name="next" value=(local_path(next));
                button type="submit" { "Sign in" }
            }
            p.muted { "Programs send the token as " code { "Authorization: Bearer <token>" } "." }
        }
    };
    layout::page("Sign in", &[], body, Access::Loopback)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_form_only_sends_people_back_into_the_site() {
        assert_eq!(local_path("/assessments/2"), "/assessments/2");
        for elsewhere in ["https://evil.example/", "//evil.example/", "/\\evil.example", "", "javascript:x"] {
            assert_eq!(local_path(elsewhere), "/", "{elsewhere}");
        }
    }

    #[test]
    fn reads_bearer_tokens_and_the_cookie() -> Result<(), axum::http::header::InvalidHeaderValue> {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str("Bearer abc")?);
        assert_eq!(bearer(&headers).as_deref(), Some("abc"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str("Basic abc")?);
        assert_eq!(bearer(&headers), None);
        headers.insert(header::COOKIE, HeaderValue::from_str("a=b; maturity_token=xyz; c=d")?);
        assert_eq!(cookie(&headers).as_deref(), Some("xyz"));
        Ok(())
    }
}
