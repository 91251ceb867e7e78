//! The schema, as numbered migrations kept in the code.
//!
//! A database records which versions it has had applied (`schema_migrations`); opening it applies
//! the missing ones in order, each in its own transaction, so an old database is brought up to
//! date and a current one is left alone. A database newer than this build is refused rather than
//! misread. Never edit a released migration: add the next one.

use std::path::Path;

use sqlx::SqlitePool;

use crate::StoreError;

/// One schema change: its version and its statements, run in order in one transaction.
struct Migration {
    version: i64,
    statements: &'static [&'static str],
}

/// Every migration, in order of version.
const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    statements: &[
        // Headline scores are columns so that `history` reads no JSON; the assessment, the
        // evidence and the input files are kept whole so that anything can be recomputed later.
        "CREATE TABLE assessments (
            id INTEGER PRIMARY KEY,
            saved_at TEXT NOT NULL,
            as_of TEXT NOT NULL,
            collected_at TEXT NOT NULL,
            tool_name TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            organization_id TEXT,
            accounts INTEGER NOT NULL,
            aws_smm_phase INTEGER NOT NULL,
            controls_met INTEGER NOT NULL,
            controls_partial INTEGER NOT NULL,
            controls_not_met INTEGER NOT NULL,
            controls_not_applicable INTEGER NOT NULL,
            controls_unknown INTEGER NOT NULL,
            csmm_score DOUBLE PRECISION NOT NULL,
            aws_smm_phase_without_exceptions INTEGER NOT NULL,
            csmm_score_without_exceptions DOUBLE PRECISION NOT NULL,
            assessment_gz BLOB NOT NULL,
            evidence_gz BLOB,
            answers_toml TEXT,
            exceptions_toml TEXT
        )",
        "CREATE INDEX assessments_saved_at ON assessments (saved_at)",
    ],
}];

/// The newest schema version this build knows.
pub(crate) fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Brings the database at `path` up to [`latest`].
pub(crate) async fn apply(pool: &SqlitePool, path: &Path) -> Result<(), StoreError> {
    let query_error =
        |action: &'static str| move |source| StoreError::Query { path: path.to_path_buf(), action, source };
    sqlx::query("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        .execute(pool)
        .await
        .map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
    let current: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM schema_migrations")
        .fetch_one(pool)
        .await
        .map_err(query_error("reading the schema version"))?;
    let current = current.unwrap_or(0);
    if current > latest() {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found: current, known: latest() });
    }
    for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
        let mut tx = pool.begin().await.map_err(query_error("starting a migration"))?;
        for statement in migration.statements {
            sqlx::query(statement).execute(&mut *tx).await.map_err(query_error("migrating the schema"))?;
        }
        sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)")
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
    fn versions_increase_from_one() {
        let versions: Vec<i64> = MIGRATIONS.iter().map(|m| m.version).collect();
        let expected: Vec<i64> = (1..=i64::try_from(versions.len()).unwrap_or(0)).collect();
        assert_eq!(versions, expected);
    }
}
