//! What can go wrong with the database; every error names the database (a file, or a server's URL
//! without its password), since a user may keep several (`--db`).

use std::path::PathBuf;

use crate::Location;

/// An error of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The directory of the database cannot be created.
    #[error("cannot create the directory of the database {}", path.display())]
    CreateDir {
        /// The database file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The database cannot be opened (missing permission, not an SQLite file, a server that does
    /// not answer or refuses the login, ...).
    #[error("cannot open the database {db}")]
    Open {
        /// The database.
        db: Location,
        /// Why.
        #[source]
        source: sqlx::Error,
    },
    /// The database was written by a newer build with a schema this build does not know.
    #[error(
        "the database {db} has schema version {found}, newer than this build of maturity knows ({known}); use a newer maturity"
    )]
    TooNew {
        /// The database.
        db: Location,
        /// Its schema version.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// A statement failed.
    #[error("database {db}: {action}")]
    Query {
        /// The database.
        db: Location,
        /// What was being done.
        action: &'static str,
        /// Why it failed.
        #[source]
        source: sqlx::Error,
    },
    /// No saved assessment has this id.
    #[error("database {db}: no saved assessment has id {id} (see `maturity history`)")]
    NotFound {
        /// The database.
        db: Location,
        /// The id asked for.
        id: i64,
    },
    /// A saved assessment cannot be read back.
    #[error("database {db}: saved assessment {id} cannot be read: {message}")]
    Corrupt {
        /// The database.
        db: Location,
        /// The assessment's id.
        id: i64,
        /// What is wrong with it.
        message: String,
    },
    /// A re-assessment named an assessment saved without its evidence.
    #[error("database {db}: saved assessment {id} was saved without its evidence, so it cannot be re-assessed")]
    NoEvidence {
        /// The database.
        db: Location,
        /// The assessment.
        id: i64,
    },
    /// The location cannot be turned into a connection URL (a path that is not UTF-8, say).
    #[error("cannot use {db} as a database: {why}")]
    Location {
        /// The database.
        db: Location,
        /// Why.
        why: &'static str,
    },
    /// The assessment cannot be encoded for saving.
    #[error("database {db}: cannot encode the assessment")]
    Encode {
        /// The database.
        db: Location,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}
