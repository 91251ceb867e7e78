//! Saved assessments, so progress can be followed over time (issue 12, "History").
//!
//! A [`Store`] is one database file holding every assessment a team chose to keep
//! (`maturity assess --save`), each with what it was made from: the evidence bundle (compressed),
//! the answers and exceptions files, the tool version and the time. Only the headline scores are
//! kept as columns, so listing history never decompresses anything; the assessment itself is the
//! JSON the rest of the tool already reads, so an old row loads with the same validation as a file.
//!
//! Two backends, one code path: an SQLite file by default (embedded, nothing to run) and a
//! PostgreSQL server for a team (`--db postgres://…`). Both go through sqlx's `Any` driver with the
//! same statements: `$1` placeholders (which both accept), timestamps as RFC 3339 text, numbers as
//! 64-bit integers and doubles; the schema differs only in three words ([`migrations`]).
//!
//! The dashboard re-scores the newest evidence when people change an answer or an exception: each
//! re-assessment is saved like any other, naming the row whose evidence it used
//! ([`SavedInputs`]), with the change in the audit trail ([`AuditEntry`]) in the same transaction.
//!
//! Each assessment is also kept without its findings ([`Head`]), which is what a page of scores and
//! statuses needs: a large organization's findings are most of its size and of its parsing time.
//!
//! The database also keeps the dashboard's access tokens, as SHA-256 hashes only ([`TokenHash`]):
//! the store never sees a token itself.

mod audit;
mod compress;
mod error;
mod head;
mod inputs;
mod location;
mod migrations;
mod store;
mod summary;
mod tokens;

pub use audit::{AuditEntry, AuditRecord};
pub use error::StoreError;
pub use head::Head;
pub use inputs::SavedInputs;
pub use location::{Backend, Location};
pub use store::{SaveRequest, Store};
pub use summary::Summary;
pub use tokens::{TokenHash, TokenRecord};

/// The schema version this build writes: the number of its migrations.
pub const SCHEMA_VERSION: i64 = migrations::LATEST;
