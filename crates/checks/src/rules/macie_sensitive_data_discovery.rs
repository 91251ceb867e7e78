//! Sensitive data discovery running in Amazon Macie, per region with buckets.

use chrono::{DateTime, Duration, Utc};
use maturity_evidence::{AutomatedDiscoveryStatus, Bundle, ClassificationJob, MacieJobStatus, MacieJobType};

use crate::shared::{bucket_regions, walk};
use crate::{Check, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account with S3 buckets, in every region where it keeps buckets: Macie looks
    /// into the objects for sensitive data. The region passes when Macie is enabled there and
    /// at least one of these holds:
    ///
    /// - automated sensitive data discovery is `ENABLED`
    ///   (`macie2:GetAutomatedDiscoveryConfiguration`);
    /// - a `SCHEDULED` classification job is `RUNNING` or `IDLE` (waiting for its next run)
    ///   (`macie2:ListClassificationJobs`);
    /// - a classification job was created in the 90 days before the scan and was not cancelled
    ///   (a one-time job runs when it is created).
    ///
    /// It fails when Macie is not enabled or paused, or when none of the above holds. Not
    /// applicable for an account without buckets. Inconclusive when the buckets, the Macie
    /// session, the jobs or the discovery setting could not be read (and nothing else passed),
    /// when a region with buckets was not scanned, and for an account the collector could not
    /// enter.
    ///
    /// ## Why it matters
    /// Sensitive data ends up in places nobody planned: exports, logs, test copies. Controls
    /// designed for the "crown jewels" do not protect data that nobody knows is there; regular
    /// discovery finds personal, financial and credential data so that it can be classified,
    /// moved or protected.
    ///
    /// ## How to fix
    /// Turn on automated sensitive data discovery from Macie's delegated administrator account
    /// (it samples every bucket continuously at a bounded cost), or run scheduled discovery jobs
    /// on the buckets that matter, with custom data identifiers for the organization's own
    /// formats. Review the findings and act on them.
    pub(crate) struct MacieSensitiveDataDiscovery {
        id: "macie-sensitive-data-discovery",
        title: "Macie discovers sensitive data in every region where an account keeps S3 buckets",
        scope: Region,
        reads: ["account.s3_buckets", "region.macie_session", "region.macie_classification_jobs", "region.macie_automated_discovery"],
        alternative: "a data classification or data security posture tool outside Macie",
    }
}

/// A job created longer ago than this does not count by itself.
const RECENT_JOB_DAYS: i64 = 90;

impl Check for MacieSensitiveDataDiscovery {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let now = bundle.collector.collected_at;
        walk::each_account(bundle, out, |account, out| {
            let label = account.label();
            for found in bucket_regions::with_buckets(account, "whether Macie discovers sensitive data", out) {
                let (region, facts) = (found.region, found.facts);
                let location = Location::region(&account.account_id, region);
                let here = format!("{region} of account {label}");
                let question = format!("whether Macie discovers sensitive data in {here}");
                let session = match facts.macie_session.get() {
                    Ok(session) => session,
                    Err(missing) => {
                        out.inconclusive(location, &question, &missing);
                        continue;
                    }
                };
                match session {
                    None => {
                        out.fail(
                            location,
                            format_args!("Macie is not enabled in {here}, so no sensitive data discovery runs there."),
                        );
                        continue;
                    }
                    Some(s) if !s.is_enabled() => {
                        out.fail(
                            location,
                            format_args!("Macie is {} in {here}, so no sensitive data discovery runs there.", s.status),
                        );
                        continue;
                    }
                    Some(_) => {}
                }
                let automated = facts.macie_automated_discovery.get();
                if automated.is_ok_and(|status| *status == AutomatedDiscoveryStatus::Enabled) {
                    out.pass(location, format_args!("Automated sensitive data discovery is enabled in {here}."));
                    continue;
                }
                let jobs = facts.macie_classification_jobs.get();
                if let Some(reason) = jobs.as_ref().ok().and_then(|jobs| discovering_job(jobs, now)) {
                    out.pass(location, format_args!("Macie discovers sensitive data in {here}: {reason}."));
                    continue;
                }
                match (automated, jobs) {
                    (Err(missing), _) | (_, Err(missing)) => out.inconclusive(location, &question, &missing),
                    (Ok(_), Ok(jobs)) => out.fail(
                        location,
                        format_args!(
                            "Macie is enabled in {here} but automated sensitive data discovery is off and {}.",
                            if jobs.is_empty() {
                                "there is no classification job".to_owned()
                            } else if let [only] = jobs.as_slice() {
                                format!(
                                    "its only classification job, {} {} job {}, is neither scheduled and active nor created in the last {RECENT_JOB_DAYS} days",
                                    only.status,
                                    only.job_type,
                                    only.name.as_deref().unwrap_or(&only.job_id)
                                )
                            } else {
                                format!(
                                    "none of its {} classification jobs is scheduled and active or created in the last {RECENT_JOB_DAYS} days",
                                    jobs.len()
                                )
                            }
                        ),
                    ),
                }
            }
        });
    }
}

/// The first job that shows discovery at work, described.
fn discovering_job(jobs: &[ClassificationJob], now: DateTime<Utc>) -> Option<String> {
    let name = |job: &ClassificationJob| job.name.clone().unwrap_or_else(|| job.job_id.clone());
    if let Some(job) = jobs.iter().find(|j| {
        j.job_type == MacieJobType::Scheduled && matches!(j.status, MacieJobStatus::Running | MacieJobStatus::Idle)
    }) {
        return Some(format!("scheduled job {} is {}", name(job), job.status));
    }
    jobs.iter()
        .filter(|j| j.status != MacieJobStatus::Cancelled)
        .filter_map(|j| Some((j, j.created_at?)))
        .find(|(_, created)| now - *created <= Duration::days(RECENT_JOB_DAYS))
        .map(|(job, created)| {
            format!("{} job {} was created on {}", job.job_type, name(job), created.format("%Y-%m-%d"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(job_type: &str, status: &str, created: &str) -> ClassificationJob {
        ClassificationJob {
            job_id: "j1".to_owned(),
            name: None,
            job_type: job_type.into(),
            status: status.into(),
            created_at: created.parse().ok(),
        }
    }

    #[test]
    fn jobs_count_when_scheduled_and_active_or_recent() {
        let now: DateTime<Utc> = "2026-11-01T00:00:00Z".parse().unwrap_or_default();
        assert!(discovering_job(&[job("SCHEDULED", "IDLE", "2024-01-01T00:00:00Z")], now).is_some());
        assert!(discovering_job(&[job("SCHEDULED", "USER_PAUSED", "2024-01-01T00:00:00Z")], now).is_none());
        assert!(discovering_job(&[job("ONE_TIME", "COMPLETE", "2026-09-01T00:00:00Z")], now).is_some());
        assert!(discovering_job(&[job("ONE_TIME", "COMPLETE", "2026-07-01T00:00:00Z")], now).is_none());
        assert!(discovering_job(&[job("ONE_TIME", "CANCELLED", "2026-10-01T00:00:00Z")], now).is_none());
    }
}
