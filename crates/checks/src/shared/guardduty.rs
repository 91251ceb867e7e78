//! GuardDuty detectors of a region, for the checks that judge what the enabled detectors do.

use maturity_evidence::{FeatureStatus, GuardDutyDetector, Missing, RegionFacts};

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

/// Runtime Monitoring: an agent watching processes, files and network activity on the host.
pub(crate) const RUNTIME: &str = "RUNTIME_MONITORING";
/// Runtime Monitoring's setting that installs and updates the agent on EC2 instances.
const EC2_AGENT: &str = "EC2_AGENT_MANAGEMENT";

/// Runtime Monitoring is on and its EC2 agent management is not reported as disabled (without
/// it the agent runs on no instance unless someone installed it by hand, which no scan sees).
pub(crate) fn runtime_covers_ec2(detector: &GuardDutyDetector) -> bool {
    detector.feature(RUNTIME).is_some_and(|runtime| {
        runtime.is_enabled()
            && !runtime
                .additional_configuration
                .iter()
                .any(|c| c.name.eq_ignore_ascii_case(EC2_AGENT) && c.status != FeatureStatus::Enabled)
    })
}
