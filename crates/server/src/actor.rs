//! Who makes a change, as the audit trail names them.
//!
//! The dashboard has no accounts: on a loopback address its users are this machine's, and
//! elsewhere each holds an access token. A change is put to the token's fingerprint (the first
//! twelve hex digits of its SHA-256, which reveal nothing of the token and match what
//! `maturity serve --new-token` prints beside it), or to the local user running the server.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::state::AppState;
use crate::{auth, token};

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Actor(pub(crate) String);

impl Actor {
    /// The name of the holder of `presented`.
    pub(crate) fn of_token(presented: &str) -> Actor {
        Actor(format!("token {}", token::fingerprint(presented)))
    }

    /// The user running the server, for a loopback dashboard.
    pub(crate) fn local() -> Actor {
        let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_default();
        if user.is_empty() { Actor("local user".to_owned()) } else { Actor(format!("local user {user}")) }
    }
}

impl FromRequestParts<AppState> for Actor {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Actor, Self::Rejection> {
        // The guard has let the request in: a token it carries is valid.
        Ok(auth::presented(&parts.headers).map_or_else(Actor::local, |t| Actor::of_token(&t)))
    }
}
