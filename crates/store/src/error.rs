//! What can go wrong with the database; every error names the database file, since a user may
//! keep several (`--db`).

use std::path::PathBuf;

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
    /// The file cannot be opened as a database (missing permission, not an SQLite file, ...).
    #[error("cannot open the database {} (is it a maturity database?)", path.display())]
    Open {
        /// The database file.
        path: PathBuf,
        /// Why.
        #[source]
        source: sqlx::Error,
    },
    /// The database was written by a newer build with a schema this build does not know.
    #[error(
        "the database {} has schema version {found}, newer than this build of maturity knows ({known}); use a newer maturity",
        path.display()
    )]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// A statement failed.
    #[error("database {}: {action}", path.display())]
    Query {
        /// The database file.
        path: PathBuf,
        /// What was being done.
        action: &'static str,
        /// Why it failed.
        #[source]
        source: sqlx::Error,
    },
    /// No saved assessment has this id.
    #[error("database {}: no saved assessment has id {id} (see `maturity history`)", path.display())]
    NotFound {
        /// The database file.
        path: PathBuf,
        /// The id asked for.
        id: i64,
    },
    /// A saved assessment cannot be read back.
    #[error("database {}: saved assessment {id} cannot be read: {message}", path.display())]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// The assessment's id.
        id: i64,
        /// What is wrong with it.
        message: String,
    },
    /// The assessment cannot be encoded for saving.
    #[error("database {}: cannot encode the assessment", path.display())]
    Encode {
        /// The database file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}
