//! What a saved assessment was made from, read back so that it can be made again: the dashboard
//! re-scores the newest evidence whenever an answer or an exception changes.
//!
//! Evidence is kept once. A re-assessment names the row whose evidence it scored
//! (`evidence_from`), always the row that holds the evidence itself, so following it is one step
//! however many re-assessments were made in a row.

use sqlx::{Any, Row as _, Transaction};

use crate::compress::decompress;
use crate::{Store, StoreError};

/// The files a saved assessment was made from, but the evidence, which can be large: it is
/// named ([`SavedInputs::evidence_of`]) and read by [`Store::evidence`] when it is needed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SavedInputs {
    /// The saved assessment that holds its evidence (itself, or the one it named); `None` when
    /// it was saved without evidence.
    pub evidence_of: Option<i64>,
    /// The answers file.
    pub answers_toml: Option<String>,
    /// The exceptions file.
    pub exceptions_toml: Option<String>,
    /// The configuration; `None` when saved before configurations were kept.
    pub config_toml: Option<String>,
}

impl Store {
    /// The files the saved assessment `id` was made from (its evidence only named).
    ///
    /// # Errors
    /// No assessment has this id, or the database cannot be read.
    pub async fn inputs(&self, id: i64) -> Result<SavedInputs, StoreError> {
        let row = sqlx::query(
            "SELECT a.answers_toml, a.exceptions_toml, a.config_toml, \
             CASE WHEN e.evidence_gz IS NULL THEN NULL ELSE e.id END AS evidence_id \
             FROM assessments a LEFT JOIN assessments e ON e.id = COALESCE(a.evidence_from, a.id) \
             WHERE a.id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(self.query_error("reading what an assessment was made from"))?
        .ok_or_else(|| StoreError::NotFound { db: self.db.clone(), id })?;
        let corrupt = |message: String| StoreError::Corrupt { db: self.db.clone(), id, message };
        let text = |name: &str| row.try_get::<Option<String>, _>(name).map_err(|e| corrupt(format!("{name}: {e}")));
        Ok(SavedInputs {
            evidence_of: row.try_get::<Option<i64>, _>("evidence_id").map_err(|e| corrupt(format!("evidence: {e}")))?,
            answers_toml: text("answers_toml")?,
            exceptions_toml: text("exceptions_toml")?,
            config_toml: text("config_toml")?,
        })
    }

    /// The evidence bundle's JSON saved with assessment `id` (as [`SavedInputs::evidence_of`]
    /// names it), decompressed; `None` when that row holds none.
    ///
    /// # Errors
    /// No assessment has this id, the database cannot be read, or the evidence is damaged.
    pub async fn evidence(&self, id: i64) -> Result<Option<String>, StoreError> {
        let packed: Option<Option<Vec<u8>>> = sqlx::query_scalar("SELECT evidence_gz FROM assessments WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(self.query_error("reading the evidence of an assessment"))?;
        let packed = packed.ok_or_else(|| StoreError::NotFound { db: self.db.clone(), id })?;
        packed
            .map(|packed| {
                decompress(&packed).map_err(|e| StoreError::Corrupt {
                    db: self.db.clone(),
                    id,
                    message: format!("cannot decompress its evidence: {e}"),
                })
            })
            .transpose()
    }

    /// The row that holds the evidence `id` names: `id` itself, or the row it took its evidence
    /// from. An id without evidence is refused: naming it would save a re-assessment whose
    /// evidence cannot be found again.
    pub(crate) async fn evidence_root(&self, tx: &mut Transaction<'_, Any>, id: i64) -> Result<i64, StoreError> {
        let row =
            sqlx::query("SELECT evidence_from, evidence_gz IS NOT NULL AS has_evidence FROM assessments WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut **tx)
                .await
                .map_err(self.query_error("finding the evidence of an assessment"))?
                .ok_or_else(|| StoreError::NotFound { db: self.db.clone(), id })?;
        let corrupt = |message: String| StoreError::Corrupt { db: self.db.clone(), id, message };
        let from: Option<i64> = row.try_get("evidence_from").map_err(|e| corrupt(format!("evidence_from: {e}")))?;
        let has_evidence = row
            .try_get::<bool, _>("has_evidence")
            .or_else(|_| row.try_get::<i64, _>("has_evidence").map(|v| v != 0))
            .map_err(|e| corrupt(format!("evidence_gz: {e}")))?;
        match (from, has_evidence) {
            (Some(root), _) => Ok(root),
            (None, true) => Ok(id),
            (None, false) => Err(StoreError::NoEvidence { db: self.db.clone(), id }),
        }
    }
}
