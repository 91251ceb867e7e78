//! Forms another site cannot post for the user (cross-site request forgery).
//!
//! Every form that changes something carries a hidden `csrf` field: an HMAC-SHA256, under a key
//! drawn at random when the server starts, of the session the browser holds (its login cookie,
//! or nothing on a loopback dashboard). A page of another site cannot read our pages, so it cannot
//! learn the value; a restart makes open forms stale (they say so, and a reload mends them).
//!
//! [`check`] runs before every handler of a method other than GET or HEAD, so no route can forget
//! it. It refuses a request whose `Origin` names another site or whose `Sec-Fetch-Site` says it
//! came from one; then, except for the login and logout forms (which change no data and have no
//! session to bind to yet), a form without the right `csrf` field. A request that authenticates
//! with an `Authorization` header is a program's, which no other site's page can forge, and
//! needs no field.

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use subtle::ConstantTimeEq as _;

use crate::auth;
use crate::layout;
use crate::state::AppState;

/// The largest form accepted: an imported answers or exceptions file fits many times over.
pub(crate) const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// The form field that carries the token.
pub(crate) const FIELD: &str = "csrf";

/// The server's key for form tokens.
pub(crate) struct Key([u8; 32]);

impl Key {
    /// A new random key.
    pub(crate) fn random() -> Result<Key, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        Ok(Key(bytes))
    }

    /// The token for the session in `headers`.
    fn token(&self, headers: &HeaderMap) -> String {
        // Keyed with 32 bytes: HMAC takes a key of any length, so this cannot fail.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else { return String::new() };
        mac.update(b"maturity form v1\0");
        mac.update(auth::cookie(headers).unwrap_or_default().as_bytes());
        mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The token a page puts in its forms.
pub(crate) struct FormToken(pub(crate) String);

impl FromRequestParts<AppState> for FormToken {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<FormToken, Self::Rejection> {
        Ok(FormToken(state.csrf.token(&parts.headers)))
    }
}

/// Refuses forged requests; see the module's text.
pub(crate) async fn check(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    if let Some(why) = foreign(&parts.headers) {
        return refuse(why);
    }
    let exempt = matches!(parts.uri.path(), "/login" | "/logout") || parts.headers.contains_key(header::AUTHORIZATION);
    let Ok(bytes) = to_bytes(body, FORM_LIMIT).await else {
        return layout::message(StatusCode::PAYLOAD_TOO_LARGE, "Too large", "This form is larger than 2 MiB.");
    };
    if !exempt {
        let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        let presented = fields.iter().find(|(name, _)| name == FIELD).map(|(_, value)| value.as_str());
        let expected = state.csrf.token(&parts.headers);
        let valid =
            presented.is_some_and(|p| !expected.is_empty() && bool::from(p.as_bytes().ct_eq(expected.as_bytes())));
        if !valid {
            return refuse(
                "This form was not sent from one of this dashboard's pages, or the page is older than the server's last \
                 start. Reload the page and send it again.",
            );
        }
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// Why a request's own headers say it came from another site, if they do.
fn foreign(headers: &HeaderMap) -> Option<&'static str> {
    let value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = value("sec-fetch-site")
        && !matches!(site, "same-origin" | "none")
    {
        return Some("This form was sent from another site's page.");
    }
    let origin = value(header::ORIGIN.as_str())?;
    let host = value(header::HOST.as_str()).unwrap_or_default();
    let own = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
    (own != Some(host)).then_some("This form was sent from another site's page.")
}

fn refuse(why: &str) -> Response {
    layout::message(StatusCode::FORBIDDEN, "Refused", why)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn requests_from_another_site_are_foreign() {
        let host = ("host", "127.0.0.1:8480");
        assert_eq!(foreign(&headers(&[host])), None, "no Origin: a form of an old browser, or a program");
        assert_eq!(foreign(&headers(&[host, ("origin", "http://127.0.0.1:8480")])), None);
        assert_eq!(foreign(&headers(&[host, ("sec-fetch-site", "same-origin")])), None);
        assert!(foreign(&headers(&[host, ("origin", "http://evil.example")])).is_some());
        assert!(foreign(&headers(&[host, ("origin", "null")])).is_some());
        assert!(foreign(&headers(&[host, ("origin", "http://127.0.0.1:9999")])).is_some());
        assert!(foreign(&headers(&[host, ("sec-fetch-site", "cross-site")])).is_some());
        assert!(foreign(&headers(&[host, ("sec-fetch-site", "same-site")])).is_some());
    }

    #[test]
    fn tokens_differ_by_session_and_by_key() -> Result<(), getrandom::Error> {
        let (key, other) = (Key::random()?, Key::random()?);
        let alice = headers(&[("cookie", "maturity_token=aaaa")]);
        let bob = headers(&[("cookie", "maturity_token=bbbb")]);
        assert_eq!(key.token(&alice), key.token(&alice));
        assert_ne!(key.token(&alice), key.token(&bob));
        assert_ne!(key.token(&alice), other.token(&alice));
        assert_eq!(key.token(&alice).len(), 64);
        Ok(())
    }
}
