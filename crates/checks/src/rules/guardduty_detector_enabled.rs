//! GuardDuty turned on, per region.

use maturity_evidence::{Bundle, GuardDutyDetector};

use crate::shared::walk::{self, Region};
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// For every scanned region of every account: the region has a GuardDuty detector whose
    /// status is `ENABLED`. One finding per region: pass with an enabled detector, fail when
    /// there is no detector or only a suspended (`DISABLED`) one.
    ///
    /// Inconclusive when the detectors of a region could not be read, including a region that
    /// answered "unavailable": a region that could not be looked at never passes. An account with
    /// no region collected is inconclusive (not applicable when the scan had no region in scope).
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// GuardDuty watches CloudTrail, VPC flow and DNS logs for reconnaissance, credential misuse,
    /// cryptomining and command-and-control traffic. It only sees the region it runs in, so a
    /// region left without a detector is where an intruder can work unseen, and unused regions
    /// are exactly where they like to launch resources.
    ///
    /// ## How to fix
    /// Enable GuardDuty in every region, not only the ones you use. In an organization, make a
    /// security account the delegated administrator and turn on auto-enable for all member
    /// accounts in each region; resume any suspended detector. Send high-severity findings to a
    /// channel someone watches.
    pub(crate) struct GuarddutyDetectorEnabled {
        id: "guardduty-detector-enabled",
        title: "GuardDuty has an enabled detector in every region of every account",
        scope: Region,
        reads: ["account.enabled_regions", "region.guardduty_detectors"],
    }
}

impl Check for GuarddutyDetectorEnabled {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_region_fact(
            bundle,
            out,
            "whether GuardDuty is enabled",
            |facts| &facts.guardduty_detectors,
            |r| format!("whether GuardDuty is enabled in {} of account {}", r.name, r.label),
            |r, detectors, out| judge(r, detectors, out),
        );
    }
}

fn judge(r: &Region<'_>, detectors: &[GuardDutyDetector], out: &mut Findings) {
    let Region { name: region, label, .. } = r;
    let location = r.location();
    match detectors.iter().find(|d| d.is_enabled()) {
        Some(detector) => out.pass(
            location,
            format_args!("GuardDuty detector {} is enabled in {region} of account {label}.", detector.detector_id),
        ),
        None if detectors.is_empty() => {
            out.fail(location, format_args!("There is no GuardDuty detector in {region} of account {label}."));
        }
        None => out.fail(
            location,
            format_args!("GuardDuty is not enabled in {region} of account {label}: {}.", describe_disabled(detectors)),
        ),
    }
}

/// `detector 1a2b is DISABLED`, for each detector.
fn describe_disabled(detectors: &[GuardDutyDetector]) -> String {
    detectors.iter().map(|d| format!("detector {} is {}", d.detector_id, d.status)).collect::<Vec<_>>().join(", ")
}
