//! The headline of a saved assessment: what `maturity history` shows, read from columns only.

use chrono::{DateTime, NaiveDate, Utc};
use maturity_assess::{Assessment, Status};
use serde::Serialize;
use sqlx::Row as _;
use sqlx::any::AnyRow;

/// The columns [`Summary::from_row`] reads, in a `SELECT`.
pub(crate) const COLUMNS: &str = "id, saved_at, as_of, tool_name, tool_version, catalog_version, organization_id, accounts, \
     aws_smm_phase, controls_met, controls_partial, controls_not_met, controls_not_applicable, controls_unknown, \
     csmm_score, aws_smm_phase_without_exceptions, csmm_score_without_exceptions, cause";

/// One saved assessment's headline scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Its id in the database.
    pub id: i64,
    /// When it was saved.
    pub saved_at: DateTime<Utc>,
    /// The day answers and exceptions were judged against.
    pub as_of: NaiveDate,
    /// The tool that made it.
    pub tool_name: String,
    /// Its version.
    pub tool_version: String,
    /// The version of the catalogs it was scored with.
    pub catalog_version: String,
    /// The organization, for an organization scan.
    pub organization_id: Option<String>,
    /// Accounts in the evidence.
    pub accounts: u32,
    /// The organization's AWS SMM phase, with exceptions applied.
    pub aws_smm_phase: u8,
    /// AWS SMM controls met.
    pub controls_met: u32,
    /// AWS SMM controls partly met.
    pub controls_partial: u32,
    /// AWS SMM controls not met.
    pub controls_not_met: u32,
    /// AWS SMM controls not applicable.
    pub controls_not_applicable: u32,
    /// AWS SMM controls without usable evidence.
    pub controls_unknown: u32,
    /// The CSMM program score, with exceptions applied.
    pub csmm_score: f64,
    /// The AWS SMM phase without exceptions.
    pub aws_smm_phase_without_exceptions: u8,
    /// The CSMM program score without exceptions.
    pub csmm_score_without_exceptions: f64,
    /// Why the dashboard re-assessed (an answer or an exception changed); `None` for a scan.
    pub cause: Option<String>,
}

/// The number of AWS SMM controls of `status` in `assessment`.
pub(crate) fn count(assessment: &Assessment, status: Status) -> u32 {
    assessment.aws_smm.status_counts.get(&status).copied().unwrap_or(0)
}

impl Summary {
    /// Reads the [`COLUMNS`] of a row.
    pub(crate) fn from_row(row: &AnyRow) -> Result<Summary, String> {
        let text = |name: &str| row.try_get::<String, _>(name).map_err(|e| format!("{name}: {e}"));
        let int = |name: &str| row.try_get::<i64, _>(name).map_err(|e| format!("{name}: {e}"));
        let u32_of = |name: &str| int(name).and_then(|v| u32::try_from(v).map_err(|e| format!("{name}: {e}")));
        let u8_of = |name: &str| int(name).and_then(|v| u8::try_from(v).map_err(|e| format!("{name}: {e}")));
        let real = |name: &str| row.try_get::<f64, _>(name).map_err(|e| format!("{name}: {e}"));
        let saved_at = text("saved_at")?;
        let as_of = text("as_of")?;
        Ok(Summary {
            id: int("id")?,
            saved_at: DateTime::parse_from_rfc3339(&saved_at)
                .map_err(|e| format!("saved_at {saved_at:?}: {e}"))?
                .with_timezone(&Utc),
            as_of: as_of.parse().map_err(|e| format!("as_of {as_of:?}: {e}"))?,
            tool_name: text("tool_name")?,
            tool_version: text("tool_version")?,
            catalog_version: text("catalog_version")?,
            organization_id: row
                .try_get::<Option<String>, _>("organization_id")
                .map_err(|e| format!("organization_id: {e}"))?,
            accounts: u32_of("accounts")?,
            aws_smm_phase: u8_of("aws_smm_phase")?,
            controls_met: u32_of("controls_met")?,
            controls_partial: u32_of("controls_partial")?,
            controls_not_met: u32_of("controls_not_met")?,
            controls_not_applicable: u32_of("controls_not_applicable")?,
            controls_unknown: u32_of("controls_unknown")?,
            csmm_score: real("csmm_score")?,
            aws_smm_phase_without_exceptions: u8_of("aws_smm_phase_without_exceptions")?,
            csmm_score_without_exceptions: real("csmm_score_without_exceptions")?,
            cause: row.try_get::<Option<String>, _>("cause").map_err(|e| format!("cause: {e}"))?,
        })
    }
}
