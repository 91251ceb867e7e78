//! [`Store`]: opening the database, saving an assessment atomically, listing and loading.

use std::path::Path;
use std::str::FromStr as _;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use maturity_assess::{Assessment, Status};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyConnection, AnyPool, Connection as _, Executor as _, Transaction};

use crate::compress::{compress, decompress};
use crate::head::Head;
use crate::summary::{COLUMNS, Summary, count};
use crate::{Backend, Location, StoreError, migrations};

/// Connections kept open: a command needs one; a server will want a few readers.
const MAX_CONNECTIONS: u32 = 4;

/// How long a command waits for a free connection (another writer of the same SQLite file, a
/// busy server) before failing. SQLite connections also wait 5 s for a lock (sqlx's default).
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(15);

/// The database of saved assessments.
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    pub(crate) db: Location,
}

/// An assessment to save, with what it was made from.
#[derive(Debug, Clone)]
pub struct SaveRequest<'a> {
    /// The assessment.
    pub assessment: &'a Assessment,
    /// The evidence bundle's JSON, when it came from a file.
    pub evidence_json: Option<&'a str>,
    /// The answers file's text, when there was one.
    pub answers_toml: Option<&'a str>,
    /// The exceptions file's text, when there was one.
    pub exceptions_toml: Option<&'a str>,
    /// The configuration it was scored with, as a configuration file
    /// ([`maturity_assess::Config::to_toml`]).
    pub config_toml: Option<&'a str>,
    /// A saved assessment whose evidence this one was made from, kept once: set instead of
    /// `evidence_json` by a re-assessment.
    pub evidence_from: Option<i64>,
    /// Why it was made, when not by a scan (the dashboard's re-assessments).
    pub cause: Option<&'a str>,
    /// When it is saved.
    pub saved_at: DateTime<Utc>,
    /// The version of the catalogs it was scored with: this build's own
    /// ([`maturity_model::builtin_version`]) unless told otherwise.
    pub catalog_version: String,
}

impl<'a> SaveRequest<'a> {
    /// The assessment alone, saved now.
    #[must_use]
    pub fn new(assessment: &'a Assessment) -> SaveRequest<'a> {
        SaveRequest {
            assessment,
            evidence_json: None,
            answers_toml: None,
            exceptions_toml: None,
            config_toml: None,
            evidence_from: None,
            cause: None,
            saved_at: Utc::now(),
            catalog_version: maturity_model::builtin_version(),
        }
    }
}

impl Store {
    /// Opens the SQLite file at `path`; see [`Store::connect`].
    ///
    /// # Errors
    /// As [`Store::connect`].
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        Store::connect(&Location::file(path)).await
    }

    /// Opens the database at `db` and brings its schema up to date. An SQLite file is created
    /// with its directory when missing, and kept in WAL mode (readers never wait for a writer),
    /// with foreign keys on (sqlx's default); a PostgreSQL database must exist, and its tables are
    /// created in it.
    ///
    /// # Errors
    /// The directory cannot be created, the file is not an SQLite database or cannot be opened,
    /// the server cannot be reached or refuses the login, or the schema is newer than this build
    /// knows.
    pub async fn connect(db: &Location) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        if let Location::Sqlite(path) = db
            && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir { path: path.clone(), source })?;
        }
        let url = db.connect_url().ok_or_else(|| StoreError::Location {
            db: db.clone(),
            why: "an SQLite path must be UTF-8 and have an absolute form",
        })?;
        let open = |source| StoreError::Open { db: db.clone(), source };
        let options = AnyConnectOptions::from_str(&url).map_err(open)?;
        // One connection first, outside the pool: the pool retries failed connections until its
        // timeout and then reports only that it timed out, where this reports why at once (not a
        // database, login refused, nothing listening). WAL is a property of the file: set once,
        // it holds for every later connection.
        let mut first = AnyConnection::connect_with(&options).await.map_err(open)?;
        if db.backend() == Backend::Sqlite {
            first.execute("PRAGMA journal_mode = WAL").await.map_err(open)?;
        }
        first.close().await.map_err(open)?;
        let pool = AnyPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(open)?;
        migrations::apply(&pool, db).await?;
        Ok(Store { pool, db: db.clone() })
    }

    /// Where the database is.
    #[must_use]
    pub fn location(&self) -> &Location {
        &self.db
    }

    /// Closes every connection, so the file is complete on disk (WAL checkpointed).
    pub async fn close(self) {
        self.pool.close().await;
    }

    /// Saves an assessment and returns its id. All or nothing: an interrupted save leaves the
    /// database as it was.
    ///
    /// # Errors
    /// The assessment cannot be encoded or the database cannot be written.
    pub async fn save(&self, request: &SaveRequest<'_>) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await.map_err(self.query_error("starting a save"))?;
        let id = self.insert(&mut tx, request).await?;
        tx.commit().await.map_err(self.query_error("committing a save"))?;
        Ok(id)
    }

    /// Writes `request` inside `tx`, without committing.
    pub(crate) async fn insert(
        &self,
        tx: &mut Transaction<'_, Any>,
        request: &SaveRequest<'_>,
    ) -> Result<i64, StoreError> {
        let encode_error = |source| StoreError::Encode { db: self.db.clone(), source };
        let assessment = request.assessment;
        let evidence_from = match request.evidence_from {
            Some(id) => Some(self.evidence_root(tx, id).await?),
            None => None,
        };
        let json = serde_json::to_string(assessment).map_err(|e| encode_error(e.into()))?;
        let assessment_gz = compress(&json).map_err(encode_error)?;
        let head = Head::of(assessment);
        let head_json = serde_json::to_string(head.without_findings()).map_err(|e| encode_error(e.into()))?;
        let head_gz = compress(&head_json).map_err(encode_error)?;
        let findings = i64::try_from(head.findings()).map_err(|e| encode_error(std::io::Error::other(e)))?;
        let evidence_gz = request.evidence_json.map(compress).transpose().map_err(encode_error)?;
        sqlx::query_scalar(
            "INSERT INTO assessments (saved_at, as_of, collected_at, tool_name, tool_version, catalog_version, schema_version, \
             organization_id, accounts, aws_smm_phase, controls_met, controls_partial, controls_not_met, \
             controls_not_applicable, controls_unknown, csmm_score, aws_smm_phase_without_exceptions, \
             csmm_score_without_exceptions, assessment_gz, evidence_gz, answers_toml, exceptions_toml, config_toml, \
             evidence_from, cause, head_gz, findings) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, \
             $23, $24, $25, $26, $27) \
             RETURNING id",
        )
        .bind(request.saved_at.to_rfc3339_opts(SecondsFormat::Micros, true))
        .bind(assessment.as_of.to_string())
        .bind(assessment.evidence.collected_at.to_rfc3339_opts(SecondsFormat::Secs, true))
        .bind(&assessment.tool.name)
        .bind(&assessment.tool.version)
        .bind(request.catalog_version.as_str())
        .bind(i64::from(assessment.schema_version))
        .bind(assessment.evidence.organization_id.as_deref())
        .bind(i64::from(assessment.evidence.accounts))
        .bind(i64::from(assessment.aws_smm.organization_phase))
        .bind(i64::from(count(assessment, Status::Met)))
        .bind(i64::from(count(assessment, Status::Partial)))
        .bind(i64::from(count(assessment, Status::NotMet)))
        .bind(i64::from(count(assessment, Status::NotApplicable)))
        .bind(i64::from(count(assessment, Status::Unknown)))
        .bind(assessment.csmm.program_score)
        .bind(i64::from(assessment.without_exceptions.organization_phase))
        .bind(assessment.without_exceptions.program_score)
        .bind(assessment_gz)
        .bind(evidence_gz)
        .bind(request.answers_toml)
        .bind(request.exceptions_toml)
        .bind(request.config_toml)
        .bind(evidence_from)
        .bind(request.cause)
        .bind(head_gz)
        .bind(findings)
        .fetch_one(&mut **tx)
        .await
        .map_err(self.query_error("saving an assessment"))
    }

    /// Every saved assessment's headline, newest first.
    ///
    /// # Errors
    /// The database cannot be read, or a row holds values this build cannot read.
    pub async fn list(&self) -> Result<Vec<Summary>, StoreError> {
        self.summaries(None).await
    }

    /// The `count` newest saved assessments' headlines, newest first (fewer when fewer are saved).
    ///
    /// # Errors
    /// As [`Store::list`].
    pub async fn newest(&self, count: u32) -> Result<Vec<Summary>, StoreError> {
        self.summaries(Some(i64::from(count))).await
    }

    async fn summaries(&self, limit: Option<i64>) -> Result<Vec<Summary>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM assessments ORDER BY id DESC LIMIT $1");
        let rows = sqlx::query(&sql)
            .bind(limit.unwrap_or(i64::MAX))
            .fetch_all(&self.pool)
            .await
            .map_err(self.query_error("listing saved assessments"))?;
        rows.iter()
            .map(|row| {
                Summary::from_row(row).map_err(|message| StoreError::Corrupt {
                    db: self.db.clone(),
                    id: sqlx::Row::try_get(row, "id").unwrap_or(0),
                    message,
                })
            })
            .collect()
    }

    /// The saved assessment `id`.
    ///
    /// # Errors
    /// No assessment has this id, the database cannot be read, or the saved assessment is damaged
    /// or of a schema version this build does not read.
    pub async fn load(&self, id: i64) -> Result<Assessment, StoreError> {
        let packed: Option<Vec<u8>> = sqlx::query_scalar("SELECT assessment_gz FROM assessments WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(self.query_error("loading an assessment"))?;
        let packed = packed.ok_or_else(|| StoreError::NotFound { db: self.db.clone(), id })?;
        let corrupt = |message: String| StoreError::Corrupt { db: self.db.clone(), id, message };
        let json = decompress(&packed).map_err(|e| corrupt(format!("cannot decompress it: {e}")))?;
        let name = format!("{} (assessment {id})", self.db);
        Assessment::from_json(&name, &json).map_err(|e| corrupt(e.to_string()))
    }

    /// The saved assessment `id` without its findings ([`Head`]): what shows its scores, control
    /// and objective statuses and roadmap, read from a column a small fraction of the whole's size
    /// and parsed in milliseconds where the whole of a large organization takes seconds.
    ///
    /// A row saved before schema version 4 has no head: it is made from the whole assessment,
    /// loaded as [`Store::load`] does, and the cost is that of `load`. It is not written back.
    /// Loading stays a read, so a database opened with read-only credentials, or a page view
    /// racing a `maturity assess --save`, works the same, and no lock is taken for what is only
    /// a cache; the cost falls on rows saved before the upgrade alone, and a caller that reads one
    /// often (the dashboard) keeps the head it got. [`Store::saved_head`] tells the two apart.
    ///
    /// # Errors
    /// As [`Store::load`]; a damaged head is an error too, never a reason to read the whole.
    pub async fn load_head(&self, id: i64) -> Result<Head, StoreError> {
        match self.saved_head(id).await? {
            Some(head) => Ok(head),
            None => Ok(Head::of(&self.load(id).await?)),
        }
    }

    /// The head saved with assessment `id`, or `None` when the row was saved before schema
    /// version 4 and has none (then only the whole assessment can give it: [`Store::load_head`]).
    ///
    /// # Errors
    /// No assessment has this id, the database cannot be read, or the head is damaged.
    pub async fn saved_head(&self, id: i64) -> Result<Option<Head>, StoreError> {
        let row: Option<(Option<Vec<u8>>, Option<i64>)> =
            sqlx::query_as("SELECT head_gz, findings FROM assessments WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(self.query_error("loading an assessment's head"))?;
        let corrupt = |message: String| StoreError::Corrupt { db: self.db.clone(), id, message };
        match row.ok_or_else(|| StoreError::NotFound { db: self.db.clone(), id })? {
            (None, None) => Ok(None),
            (Some(packed), Some(findings)) => {
                let findings =
                    usize::try_from(findings).map_err(|e| corrupt(format!("its findings count {findings}: {e}")))?;
                let json = decompress(&packed).map_err(|e| corrupt(format!("cannot decompress its head: {e}")))?;
                let name = format!("{} (head of assessment {id})", self.db);
                let assessment = Assessment::from_json(&name, &json).map_err(|e| corrupt(e.to_string()))?;
                Head::from_parts(assessment, findings)
                    .map(Some)
                    .ok_or_else(|| corrupt("its head holds findings".to_owned()))
            }
            _ => Err(corrupt("it has a head without a findings count, or a count without a head".to_owned())),
        }
    }

    pub(crate) fn query_error(&self, action: &'static str) -> impl Fn(sqlx::Error) -> StoreError + '_ {
        move |source| StoreError::Query { db: self.db.clone(), action, source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A save that stops before its commit (a crash, an error after the insert) leaves the
    /// database as it was: the previous assessments stay, the half-saved one is not there.
    #[tokio::test]
    async fn an_interrupted_save_leaves_previous_assessments_intact() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("history.db");
        let assessment = maturity_demo::assessment()?;
        let store = Store::open(&path).await?;
        let first = store.save(&SaveRequest::new(&assessment)).await?;

        let mut tx = store.pool.begin().await?;
        let half = store.insert(&mut tx, &SaveRequest::new(&assessment)).await?;
        assert!(half > first);
        drop(tx);
        store.close().await;

        let store = Store::open(&path).await?;
        let ids: Vec<i64> = store.list().await?.iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![first]);
        assert_eq!(store.load(first).await?, assessment);
        assert!(matches!(store.load(half).await, Err(StoreError::NotFound { .. })));
        Ok(())
    }
}
