//! Critical Security Hub findings are taken up within days, per region.

use chrono::{DateTime, Duration, Utc};
use maturity_evidence::{Bundle, CriticalFindings, MAX_CRITICAL_FINDINGS, SecurityFinding};

use crate::shared::walk;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

/// How long an active critical finding may stay untouched (workflow `NEW` or `NOTIFIED`) after
/// it was first observed. A week leaves room for a weekend and a hand-over while still catching
/// findings that nobody owns: critical findings (exposed credentials, public data, active
/// compromise) call for a same-day look, so a week untouched means no one is looking.
const STALE_AFTER_DAYS: i64 = 7;

/// How many stale findings a failure names.
const EXAMPLES: usize = 3;

declare_check! {
    /// ## What it checks
    /// For every scanned region of every account where Security Hub is enabled: no active
    /// critical finding (severity `CRITICAL`, record state `ACTIVE`) is still in workflow `NEW`
    /// or `NOTIFIED` more than 7 days after it was first observed. One finding per region: pass
    /// when every open critical finding is younger than that (or there is none); fail when at
    /// least one is older, naming the oldest ones. A finding taken up (`SUPPRESSED` after triage,
    /// or `RESOLVED`) no longer counts. The collector keeps at most 1000 findings per region,
    /// oldest first, so a truncated list still shows every stale one.
    ///
    /// A region without Security Hub is inconclusive: no findings are gathered there, so whether
    /// anyone acts on them cannot be told (turning Security Hub on is what
    /// `securityhub-enabled-with-standard` asks). Inconclusive too when the hub or its findings
    /// could not be read, or when an open finding has no first-observed date and none is stale.
    ///
    /// This sees the triage state in Security Hub only; a team that works findings in another
    /// tool without updating the workflow status shows as stale here.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Detective services only lower risk when someone responds. A critical finding (exposed
    /// keys, a public database, an instance talking to a known command-and-control host) that
    /// sits untouched for a week is an open door that the organization has been told about.
    ///
    /// ## How to fix
    /// Name a person or team who triages critical findings, route them through EventBridge to a
    /// channel that reaches several people, and set the workflow status when a finding is taken
    /// up (`NOTIFIED` only records that someone was told). Resolve, or suppress with a reason,
    /// each finding listed; measure the time to acknowledge and to resolve.
    pub(crate) struct SecurityhubNoStaleCriticalFindings {
        id: "securityhub-no-stale-critical-findings",
        title: "No critical Security Hub finding is left untouched for more than 7 days",
        scope: Region,
        reads: ["account.enabled_regions", "region.securityhub_hub", "region.securityhub_critical_findings"],
    }
}

impl Check for SecurityhubNoStaleCriticalFindings {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let now = bundle.collector.collected_at;
        let what = "whether critical Security Hub findings are acted on";
        walk::each_region(bundle, out, what, |r, out| {
            let (region, facts, label) = (r.name, r.facts, &r.label);
            let location = r.location();
            let not_gathered = format!(
                "Security Hub is not enabled in {region} of account {label}, so no critical findings are gathered there and whether they are acted on cannot be told."
            );
            match facts.securityhub_hub.get() {
                Ok(Some(_)) => {}
                Ok(None) => {
                    out.add(FindingStatus::Inconclusive, location, not_gathered);
                    return;
                }
                Err(missing) => {
                    out.inconclusive(
                        location,
                        &format!("whether Security Hub is enabled in {region} of account {label}"),
                        &missing,
                    );
                    return;
                }
            }
            match facts.securityhub_critical_findings.get() {
                Ok(Some(findings)) => judge(findings, now, location, &format!("{region} of account {label}"), out),
                Ok(None) => out.add(FindingStatus::Inconclusive, location, not_gathered),
                Err(missing) => out.inconclusive(
                    location,
                    &format!("which critical Security Hub findings are open in {region} of account {label}"),
                    &missing,
                ),
            }
        });
    }
}

/// One region's verdict; `place` reads "eu-west-1 of account prod (1234…)".
fn judge(findings: &CriticalFindings, now: DateTime<Utc>, location: Location, place: &str, out: &mut Findings) {
    let cutoff = now - Duration::days(STALE_AFTER_DAYS);
    let stale: Vec<&SecurityFinding> =
        findings.findings.iter().filter(|f| f.first_observed_at.is_some_and(|at| at <= cutoff)).collect();
    let undated = findings.findings.iter().filter(|f| f.first_observed_at.is_none()).count();
    let open = findings.findings.len();
    if !stale.is_empty() {
        let mut examples: Vec<String> = stale.iter().take(EXAMPLES).map(|f| describe(f, now)).collect();
        if stale.len() > EXAMPLES {
            examples.push(format!("and {} more", stale.len() - EXAMPLES));
        }
        let truncated = if findings.truncated {
            format!(" The list stops at {MAX_CRITICAL_FINDINGS} findings; more are open.")
        } else {
            String::new()
        };
        out.fail(
            location,
            format_args!(
                "{} active critical Security Hub {} in {place} {} untouched (NEW or NOTIFIED) for more than {STALE_AFTER_DAYS} days: {}.{truncated}",
                stale.len(),
                plural(stale.len(), "finding", "findings"),
                plural(stale.len(), "has been", "have been"),
                examples.join("; ")
            ),
        );
    } else if undated > 0 {
        out.add(
            FindingStatus::Inconclusive,
            location,
            format_args!(
                "Cannot tell whether critical Security Hub findings in {place} are acted on: {undated} open critical {} no first-observed date, and none of the dated ones is older than {STALE_AFTER_DAYS} days.",
                plural(undated, "finding has", "findings have")
            ),
        );
    } else if open == 0 {
        out.pass(location, format_args!("No active critical Security Hub finding is waiting for triage in {place}."));
    } else {
        out.pass(
            location,
            format_args!(
                "{open} active critical Security Hub {} in {place} {} open, first observed less than {STALE_AFTER_DAYS} days ago.",
                plural(open, "finding", "findings"),
                plural(open, "is", "are")
            ),
        );
    }
}

/// "'S3 bucket is public' on arn:aws:s3:::x (GuardDuty, NEW for 12 days)".
fn describe(finding: &SecurityFinding, now: DateTime<Utc>) -> String {
    let resource = finding.resource_id.as_deref().map(|r| format!(" on {r}")).unwrap_or_default();
    let product = finding.product_name.as_deref().map(|p| format!("{p}, ")).unwrap_or_default();
    let days = finding.first_observed_at.map_or(0, |at| (now - at).num_days());
    format!("'{}'{resource} ({product}{} for {days} days)", finding.title, finding.workflow_status)
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(days_ago: Option<i64>, now: DateTime<Utc>) -> SecurityFinding {
        SecurityFinding {
            id: "f-1".to_owned(),
            title: "Root credentials used".to_owned(),
            resource_id: None,
            resource_type: None,
            first_observed_at: days_ago.map(|d| now - Duration::days(d)),
            workflow_status: "NEW".to_owned(),
            product_name: None,
        }
    }

    fn verdict(findings: Vec<SecurityFinding>, now: DateTime<Utc>) -> FindingStatus {
        let mut out = Findings::new("test");
        judge(&CriticalFindings { findings, truncated: false }, now, Location::organization(), "here", &mut out);
        out.as_slice()[0].status
    }

    #[test]
    fn exactly_seven_days_is_stale_and_six_is_not() {
        let now = Utc::now();
        assert_eq!(verdict(vec![finding(Some(7), now)], now), FindingStatus::Fail);
        assert_eq!(verdict(vec![finding(Some(6), now)], now), FindingStatus::Pass);
    }

    #[test]
    fn an_undated_finding_is_inconclusive_unless_another_is_stale() {
        let now = Utc::now();
        assert_eq!(verdict(vec![finding(None, now), finding(Some(1), now)], now), FindingStatus::Inconclusive);
        assert_eq!(verdict(vec![finding(None, now), finding(Some(30), now)], now), FindingStatus::Fail);
    }
}
