//! What can go wrong: starting the server ([`ServeError`], shown to whoever ran `maturity serve`)
//! and answering one request ([`PageError`], shown to a browser as a page of its own).
//!
//! A request never panics and never shows what it should not: a page names the saved assessment,
//! control or objective it could not find, but a database failure is logged on the server's
//! standard error and the browser only learns that the database could not be read.

use std::net::SocketAddr;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maturity_store::StoreError;

use crate::layout;

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A non-loopback address was asked for, and the database holds no access token.
    #[error(
        "refusing to listen on {addr}: other machines could reach it, and the database {db} holds no access token. \
         Create one with `maturity serve --new-token` (it is printed once), or bind 127.0.0.1"
    )]
    NoToken {
        /// The address asked for.
        addr: SocketAddr,
        /// The database, as [`maturity_store::Location`] shows it (no password).
        db: String,
    },
    /// The address cannot be listened on (in use, not this machine's, no permission).
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Serving stopped on an error of the listening socket.
    #[error("serving on {addr} failed")]
    Serve {
        /// The address served.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The operating system has no randomness to give (no token can be made).
    #[error("cannot make a random token: {0}")]
    Random(String),
    /// A token cannot be revoked as asked.
    #[error("{0}")]
    Token(String),
    /// The built-in catalogs are invalid (the model crate's tests keep this from happening).
    #[error("the built-in catalogs are invalid")]
    Catalogs,
}

/// Why a page cannot be shown.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PageError {
    /// Nothing by this name (an id that is not saved, a control that is not in the catalog).
    #[error("{0}")]
    NotFound(String),
    /// A query string the page cannot use.
    #[error("{0}")]
    BadRequest(String),
    /// The database failed.
    #[error("the database could not be read")]
    Store(#[source] StoreError),
    /// Something else failed on the server (a task that stopped); the text is for the operator.
    #[error("the server could not answer")]
    Internal(String),
}

impl From<StoreError> for PageError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound { id, .. } => PageError::NotFound(format!("No saved assessment has id {id}.")),
            other => PageError::Store(other),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, title) = match &self {
            PageError::NotFound(_) => (StatusCode::NOT_FOUND, "Not found"),
            PageError::BadRequest(_) => (StatusCode::BAD_REQUEST, "Bad request"),
            PageError::Store(source) => {
                // The details (with the database named, its password hidden) are for the operator.
                eprintln!("error: {}", chain(source));
                (StatusCode::INTERNAL_SERVER_ERROR, "Database error")
            }
            PageError::Internal(what) => {
                eprintln!("error: {what}");
                (StatusCode::INTERNAL_SERVER_ERROR, "Server error")
            }
        };
        layout::message(status, title, &self.to_string())
    }
}

/// `error` and its sources, joined by `: `.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
