//! The schema, as numbered migrations kept in the code.
//!
//! A database records which versions it has had applied (`schema_migrations`); opening it applies
//! the missing ones in order, each in its own transaction, so an old database is brought up to
//! date and a current one is left alone. A database newer than this build is refused rather than
//! misread. Never edit a released migration: add the next one.
//!
//! The statements are written once for both backends. The few words SQLite and PostgreSQL spell
//! differently are placeholders that [`Backend::ddl`] fills in: `{id}` (an auto-numbered key),
//! `{int}` (a 64-bit integer) and `{blob}` (bytes).

use sqlx::AnyPool;

use crate::{Backend, Location, StoreError};

/// One schema change: its version and its statements, run in order in one transaction.
struct Migration {
    version: i64,
    statements: &'static [&'static str],
}

/// Every migration, in order of version.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        statements: &[
            // Headline scores are columns so that `history` reads no JSON; the assessment, the
            // evidence and the input files are kept whole so that anything can be recomputed later.
            "CREATE TABLE assessments (
            id {id},
            saved_at TEXT NOT NULL,
            as_of TEXT NOT NULL,
            collected_at TEXT NOT NULL,
            tool_name TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            catalog_version TEXT NOT NULL,
            schema_version {int} NOT NULL,
            organization_id TEXT,
            accounts {int} NOT NULL,
            aws_smm_phase {int} NOT NULL,
            controls_met {int} NOT NULL,
            controls_partial {int} NOT NULL,
            controls_not_met {int} NOT NULL,
            controls_not_applicable {int} NOT NULL,
            controls_unknown {int} NOT NULL,
            csmm_score DOUBLE PRECISION NOT NULL,
            aws_smm_phase_without_exceptions {int} NOT NULL,
            csmm_score_without_exceptions DOUBLE PRECISION NOT NULL,
            assessment_gz {blob} NOT NULL,
            evidence_gz {blob},
            answers_toml TEXT,
            exceptions_toml TEXT
        )",
            "CREATE INDEX assessments_saved_at ON assessments (saved_at)",
        ],
    },
    Migration {
        version: 2,
        statements: &[
            // Access tokens of the dashboard (`maturity serve --new-token`): only the SHA-256 of each
            // is kept, so a copy of the database does not let anyone in.
            "CREATE TABLE tokens (
            id {id},
            sha256 {blob} NOT NULL,
            created_at TEXT NOT NULL
        )",
            "CREATE UNIQUE INDEX tokens_sha256 ON tokens (sha256)",
        ],
    },
    Migration {
        version: 3,
        statements: &[
            // The configuration an assessment was scored with, so that the dashboard re-scores it
            // the same way; NULL in rows saved before this version (their configuration is not
            // known).
            "ALTER TABLE assessments ADD COLUMN config_toml TEXT",
            // A re-assessment made by the dashboard (an answer changed) scores the evidence of an
            // earlier row again: it names that row instead of keeping another copy.
            "ALTER TABLE assessments ADD COLUMN evidence_from {int}",
            // Why the dashboard made it ("answer training-plan set by …"); NULL for a scan.
            "ALTER TABLE assessments ADD COLUMN cause TEXT",
            // Every change made through the dashboard (answers, exceptions, imports) and every
            // token made: who, when, what it was before and after, and the assessment it made.
            "CREATE TABLE audit (
            id {id},
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            before_value TEXT,
            after_value TEXT,
            assessment_id {int}
        )",
            "CREATE INDEX audit_subject ON audit (subject)",
        ],
    },
    Migration {
        version: 4,
        statements: &[
            // The assessment without its findings, compressed, and how many findings it has: what
            // the dashboard's overview, grid, chart, roadmap and status history read, a few
            // hundred kilobytes where the whole is tens of megabytes for a large organization.
            // NULL in rows saved before this version (see `Store::load_head`).
            "ALTER TABLE assessments ADD COLUMN head_gz {blob}",
            "ALTER TABLE assessments ADD COLUMN findings {int}",
        ],
    },
];

/// The newest schema version this build knows.
pub(crate) const LATEST: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

impl Backend {
    /// `statement` with the placeholders of this module's statements spelled for this backend.
    pub(crate) fn ddl(self, statement: &str) -> String {
        let (id, int, blob) = match self {
            // An INTEGER PRIMARY KEY is SQLite's row id: numbered, 64-bit.
            Backend::Sqlite => ("INTEGER PRIMARY KEY", "INTEGER", "BLOB"),
            Backend::Postgres => ("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "BIGINT", "BYTEA"),
        };
        statement.replace("{id}", id).replace("{int}", int).replace("{blob}", blob)
    }
}

/// Brings the database at `db` up to [`LATEST`].
pub(crate) async fn apply(pool: &AnyPool, db: &Location) -> Result<(), StoreError> {
    let backend = db.backend();
    let query_error = |action: &'static str| move |source| StoreError::Query { db: db.clone(), action, source };
    sqlx::query(
        &backend
            .ddl("CREATE TABLE IF NOT EXISTS schema_migrations (version {int} PRIMARY KEY, applied_at TEXT NOT NULL)"),
    )
    .execute(pool)
    .await
    .map_err(|source| StoreError::Open { db: db.clone(), source })?;
    let current: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM schema_migrations")
        .fetch_one(pool)
        .await
        .map_err(query_error("reading the schema version"))?;
    let current = current.unwrap_or(0);
    if current > LATEST {
        return Err(StoreError::TooNew { db: db.clone(), found: current, known: LATEST });
    }
    for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
        let mut tx = pool.begin().await.map_err(query_error("starting a migration"))?;
        for statement in migration.statements {
            sqlx::query(&backend.ddl(statement))
                .execute(&mut *tx)
                .await
                .map_err(query_error("migrating the schema"))?;
        }
        sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)")
            .bind(migration.version)
            .bind(chrono::Utc::now().to_rfc3339())
            .execute(&mut *tx)
            .await
            .map_err(query_error("recording a migration"))?;
        tx.commit().await.map_err(query_error("committing a migration"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_is_filled_for_both_backends() {
        for migration in MIGRATIONS {
            for statement in migration.statements {
                for backend in [Backend::Sqlite, Backend::Postgres] {
                    let ddl = backend.ddl(statement);
                    assert!(!ddl.contains('{'), "{backend:?}: {ddl}");
                }
            }
        }
    }

    #[test]
    fn versions_increase_from_one() {
        let versions: Vec<i64> = MIGRATIONS.iter().map(|m| m.version).collect();
        let expected: Vec<i64> = (1..=i64::try_from(versions.len()).unwrap_or(0)).collect();
        assert_eq!(versions, expected);
    }
}
