//! An account covered by a CloudTrail trail that audits every region, per account.

use maturity_evidence::{AccountEvidence, Arn, Bundle, ManagementEvents, Missing, Trail};

use crate::shared::prose::and_list;
use crate::shared::walk;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account: at least one of the trails the account can see (its own trails and
    /// the organization trails that cover it, as `DescribeTrails` lists them) is multi-region,
    /// is logging, records management events, and has log file validation enabled.
    ///
    /// A trail that records all management events passes. One that records only write events
    /// passes too, with a note that read events are not recorded. Read-only events or none
    /// fail that trail.
    ///
    /// Fails when the account has no trail or no trail meets every criterion; the message names
    /// the closest trail and what it lacks. Inconclusive when the trail list could not be read,
    /// or when no trail passes and one that meets every known criterion has a logging status or
    /// event selectors that could not be read.
    ///
    /// ## Why it matters
    /// The 90-day event history is no audit trail: it cannot be kept longer, protected or
    /// searched across accounts. Without a multi-region trail, activity in regions you do not
    /// use (where intruders like to work) leaves no lasting record, and without log file
    /// validation nobody can show that the logs were not altered after the fact.
    ///
    /// ## How to fix
    /// Create an organization trail from the management account (or let Control Tower create
    /// it): multi-region, all management events, log file validation on, delivering to an S3
    /// bucket in a dedicated log archive account. In a single account, create a multi-region
    /// trail with the same settings. Use SCPs to deny `cloudtrail:StopLogging` and
    /// `cloudtrail:DeleteTrail`.
    pub(crate) struct CloudtrailMultiRegionLogging {
        id: "cloudtrail-multi-region-logging",
        title: "Every account is covered by a logging, multi-region CloudTrail trail with log file validation",
        scope: Account,
        reads: ["account.cloudtrail_trails"],
    }
}

impl Check for CloudtrailMultiRegionLogging {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_account_fact(
            bundle,
            out,
            |facts| &facts.cloudtrail_trails,
            |account| format!("which CloudTrail trails cover account {}", account.label()),
            |account, trails, out| evaluate_account(account, trails, out),
        );
    }
}

/// How one trail stands against the criteria.
enum Verdict<'a> {
    /// Meets every criterion; `write_only` when it records only write management events.
    Pass { write_only: bool },
    /// Misses these criteria, in words ("is not logging").
    Fail(Vec<String>),
    /// Meets every known criterion, but this one could not be read.
    Unknown { what: &'static str, missing: Missing<'a> },
}

fn evaluate_account(account: &AccountEvidence, trails: &[Trail], out: &mut Findings) {
    let location = Location::account(&account.account_id);
    let label = account.label();
    if trails.is_empty() {
        out.fail(location, format_args!("Account {label} has no CloudTrail trail."));
        return;
    }
    let judged: Vec<(&Trail, Verdict<'_>)> = trails.iter().map(|t| (t, judge(t))).collect();

    let passing = |want_write_only: bool| {
        judged.iter().find(|(_, v)| matches!(v, Verdict::Pass { write_only } if *write_only == want_write_only))
    };
    if let Some((trail, _)) = passing(false) {
        out.pass(
            location,
            format_args!(
                "Account {label} is covered by {}, which records all management events in every region, is logging, and validates its log files.",
                describe(trail, account)
            ),
        );
        return;
    }
    if let Some((trail, _)) = passing(true) {
        out.pass(
            location,
            format_args!(
                "Account {label} is covered by {}, which records write management events in every region, is logging, and validates its log files; read-only management events are not recorded.",
                describe(trail, account)
            ),
        );
        return;
    }
    if let Some((trail, Verdict::Unknown { what, missing })) =
        judged.iter().find(|(_, v)| matches!(v, Verdict::Unknown { .. }))
    {
        out.add(
            FindingStatus::Inconclusive,
            location,
            format_args!(
                "Cannot tell whether {} covers account {label}: it is multi-region and validates its log files, but {what} could not be read: {missing}.",
                describe(trail, account)
            ),
        );
        return;
    }
    let closest = judged
        .iter()
        .filter_map(|(trail, v)| match v {
            Verdict::Fail(gaps) => Some((trail, gaps)),
            _ => None,
        })
        .min_by_key(|(_, gaps)| gaps.len());
    if let Some((trail, gaps)) = closest {
        let which = if trails.len() == 1 {
            format!("{} (its only trail)", describe(trail, account))
        } else {
            format!("{} (the closest of its {} trails)", describe(trail, account), trails.len())
        };
        out.fail(
            location,
            format_args!(
                "No CloudTrail trail covering account {label} is multi-region, logging, recording management events and validating log files: {which} {}.",
                and_list(gaps)
            ),
        );
    }
}

fn judge(trail: &Trail) -> Verdict<'_> {
    let mut gaps = Vec::new();
    let mut unknown = None;
    if !trail.is_multi_region {
        gaps.push(format!("logs only its home region {}", trail.home_region));
    }
    match trail.is_logging.get() {
        Ok(true) => {}
        Ok(false) => gaps.push("is not logging".to_owned()),
        Err(missing) => unknown = Some(("whether it is logging", missing)),
    }
    let mut write_only = false;
    match trail.management_events.get() {
        Ok(ManagementEvents::All) => {}
        Ok(ManagementEvents::WriteOnly) => write_only = true,
        Ok(ManagementEvents::ReadOnly) => gaps.push("records only read-only management events".to_owned()),
        Ok(ManagementEvents::None) => gaps.push("records no management events".to_owned()),
        Err(missing) => {
            unknown = unknown.or(Some(("which management events it records", missing)));
        }
    }
    if !trail.log_file_validation_enabled {
        gaps.push("does not validate its log files".to_owned());
    }
    match (gaps.is_empty(), unknown) {
        (false, _) => Verdict::Fail(gaps),
        (true, Some((what, missing))) => Verdict::Unknown { what, missing },
        (true, None) => Verdict::Pass { write_only },
    }
}

/// `trail main`, or `organization trail org-trail of account 111111111111` for an organization
/// trail another account owns.
fn describe(trail: &Trail, account: &AccountEvidence) -> String {
    if !trail.is_organization_trail {
        return format!("trail {}", trail.name);
    }
    match Arn::parse(&trail.arn).ok().and_then(|arn| arn.account()) {
        Some(owner) if owner != account.account_id => {
            format!("organization trail {} of account {owner}", trail.name)
        }
        _ => format!("organization trail {}", trail.name),
    }
}

#[cfg(test)]
mod tests {
    use maturity_evidence::Fact;

    use super::*;

    fn trail() -> Trail {
        Trail {
            name: "main".into(),
            arn: "arn:aws:cloudtrail:eu-west-1:111111111111:trail/main".into(),
            home_region: "eu-west-1".into(),
            is_multi_region: true,
            is_organization_trail: false,
            log_file_validation_enabled: true,
            s3_bucket_name: None,
            kms_key_id: None,
            is_logging: Fact::Ok(true),
            management_events: Fact::Ok(ManagementEvents::All),
            data_events: Fact::NotCollected,
        }
    }

    #[test]
    fn a_known_gap_outweighs_an_unreadable_fact() {
        let t = Trail { is_multi_region: false, is_logging: Fact::denied("cloudtrail:GetTrailStatus"), ..trail() };
        assert!(matches!(judge(&t), Verdict::Fail(gaps) if gaps == ["logs only its home region eu-west-1"]));
    }

    #[test]
    fn unreadable_status_of_an_otherwise_good_trail_is_unknown() {
        let t = Trail { management_events: Fact::failed("throttled"), ..trail() };
        assert!(matches!(judge(&t), Verdict::Unknown { what: "which management events it records", .. }));
    }

    #[test]
    fn write_only_passes_read_only_fails() {
        let w = Trail { management_events: Fact::Ok(ManagementEvents::WriteOnly), ..trail() };
        assert!(matches!(judge(&w), Verdict::Pass { write_only: true }));
        let r = Trail { management_events: Fact::Ok(ManagementEvents::ReadOnly), ..trail() };
        assert!(matches!(judge(&r), Verdict::Fail(_)));
        assert!(matches!(judge(&trail()), Verdict::Pass { write_only: false }));
    }
}
