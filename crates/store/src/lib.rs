//! Saved assessments, so progress can be followed over time (issue 12, "History").
//!
//! A [`Store`] is one database file holding every assessment a team chose to keep
//! (`maturity assess --save`), each with what it was made from: the evidence bundle (compressed),
//! the answers and exceptions files, the tool version and the time. Only the headline scores are
//! kept as columns, so listing history never decompresses anything; the assessment itself is the
//! JSON the rest of the tool already reads, so an old row loads with the same validation as a file.
//!
//! SQLite is the only backend today. The SQL is kept portable (no SQLite-only syntax beyond
//! `INTEGER PRIMARY KEY`, timestamps as RFC 3339 text) and every query goes through [`Store`], so a
//! PostgreSQL pool can be added behind the same type later without touching callers.

mod compress;
mod error;
mod migrations;
mod store;
mod summary;

pub use error::StoreError;
pub use store::{SaveRequest, Store};
pub use summary::Summary;
