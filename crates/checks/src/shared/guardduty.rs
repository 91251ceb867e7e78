//! GuardDuty detectors of a region, for the checks that judge what the enabled detectors do.

use maturity_evidence::{GuardDutyDetector, Missing, RegionFacts};

/// The region's enabled detectors (a region has at most one per account).
pub(crate) fn enabled_detectors(facts: &RegionFacts) -> Result<Vec<&GuardDutyDetector>, Missing<'_>> {
    facts.guardduty_detectors.get().map(|detectors| detectors.iter().filter(|d| d.is_enabled()).collect())
}

/// Whether the protection plan `name` is enabled on one of these detectors.
pub(crate) fn plan_enabled(detectors: &[&GuardDutyDetector], name: &str) -> bool {
    detectors.iter().any(|d| d.feature(name).is_some_and(|f| f.is_enabled()))
}

/// "no GuardDuty detector" or "GuardDuty detector 1a2b is suspended", for a region without an
/// enabled detector.
pub(crate) fn why_not_enabled(facts: &RegionFacts) -> &'static str {
    match facts.guardduty_detectors.get() {
        Ok(detectors) if !detectors.is_empty() => "its GuardDuty detector is suspended",
        _ => "it has no GuardDuty detector",
    }
}
