//! The audit trail: every change made through the dashboard (an answer given, changed or
//! withdrawn, an exception created, edited or retired, a file imported) and every access token
//! made, with who made it, when, the value before and after, and the assessment it led to.
//!
//! A change and the assessment it makes are saved in one transaction
//! ([`Store::save_with_audit`]): the trail never names an assessment that is not there, and no
//! assessment made by a change lacks its entry. Entries are only ever added.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use sqlx::Row as _;
use sqlx::any::AnyRow;

use crate::{SaveRequest, Store, StoreError};

/// A change, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Who made it: the token's name, or the local user on a loopback dashboard.
    pub actor: String,
    /// What was done, e.g. `answer.set`, `exception.retire`, `answers.import`, `token.create`.
    pub action: String,
    /// What it was done to: a control or objective id, `exception 3`, a file name.
    pub subject: String,
    /// The value before (TOML text, or a short description); `None` when there was none.
    pub before: Option<String>,
    /// The value after; `None` when it was removed.
    pub after: Option<String>,
}

/// An entry of the trail, as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    /// Its number, in the order entries were made.
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// The change.
    #[serde(flatten)]
    pub entry: AuditEntry,
    /// The assessment the change made, if it made one.
    pub assessment_id: Option<i64>,
}

impl Store {
    /// Saves the assessment a change made together with the change's entries, all or nothing;
    /// returns the assessment's id.
    ///
    /// # Errors
    /// As [`Store::save`]; nothing is written when any part fails.
    pub async fn save_with_audit(&self, request: &SaveRequest<'_>, entries: &[AuditEntry]) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await.map_err(self.query_error("starting a save"))?;
        let id = self.insert(&mut tx, request).await?;
        for entry in entries {
            insert_entry(&mut tx, entry, request.saved_at, Some(id))
                .await
                .map_err(self.query_error("auditing a change"))?;
        }
        tx.commit().await.map_err(self.query_error("committing a save"))?;
        Ok(id)
    }

    /// Records a change that made no assessment.
    ///
    /// # Errors
    /// The database cannot be written.
    pub async fn record(&self, entry: &AuditEntry, at: DateTime<Utc>) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(self.query_error("starting an audit entry"))?;
        insert_entry(&mut tx, entry, at, None).await.map_err(self.query_error("auditing a change"))?;
        tx.commit().await.map_err(self.query_error("committing an audit entry"))
    }

    /// The newest `limit` entries, newest first; only those about `subject` when given.
    ///
    /// # Errors
    /// The database cannot be read, or an entry holds values this build cannot read.
    pub async fn audit(&self, subject: Option<&str>, limit: u32) -> Result<Vec<AuditRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, at, actor, action, subject, before_value, after_value, assessment_id FROM audit \
             WHERE $1 IS NULL OR subject = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(subject)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(self.query_error("reading the audit trail"))?;
        rows.iter()
            .map(|row| {
                record_of(row).map_err(|message| StoreError::Corrupt {
                    db: self.db.clone(),
                    id: row.try_get("assessment_id").unwrap_or(0),
                    message: format!("audit entry: {message}"),
                })
            })
            .collect()
    }
}

async fn insert_entry(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    entry: &AuditEntry,
    at: DateTime<Utc>,
    assessment_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit (at, actor, action, subject, before_value, after_value, assessment_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(at.to_rfc3339_opts(SecondsFormat::Micros, true))
    .bind(&entry.actor)
    .bind(&entry.action)
    .bind(&entry.subject)
    .bind(entry.before.as_deref())
    .bind(entry.after.as_deref())
    .bind(assessment_id)
    .execute(&mut **tx)
    .await
    .map(|_| ())
}

fn record_of(row: &AnyRow) -> Result<AuditRecord, String> {
    let text = |name: &str| row.try_get::<String, _>(name).map_err(|e| format!("{name}: {e}"));
    let optional = |name: &str| row.try_get::<Option<String>, _>(name).map_err(|e| format!("{name}: {e}"));
    let at = text("at")?;
    Ok(AuditRecord {
        id: row.try_get("id").map_err(|e| format!("id: {e}"))?,
        at: DateTime::parse_from_rfc3339(&at).map_err(|e| format!("at {at:?}: {e}"))?.with_timezone(&Utc),
        entry: AuditEntry {
            actor: text("actor")?,
            action: text("action")?,
            subject: text("subject")?,
            before: optional("before_value")?,
            after: optional("after_value")?,
        },
        assessment_id: row.try_get("assessment_id").map_err(|e| format!("assessment_id: {e}"))?,
    })
}
