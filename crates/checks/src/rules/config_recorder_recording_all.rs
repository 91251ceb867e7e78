//! AWS Config recording every supported resource type, per region.

use maturity_evidence::{Bundle, ConfigRecorder};

use crate::shared::walk;
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// For every scanned region of every account: the region has an AWS Config configuration
    /// recorder that is recording now (`recording` in `DescribeConfigurationRecorderStatus`) and
    /// records all supported resource types (`allSupported` in its recording group). One finding
    /// per region: pass with such a recorder; fail when there is no recorder, when the recorder is
    /// stopped, or when it records only selected resource types.
    ///
    /// Recording global resources (IAM) is not required: AWS advises recording them in one region
    /// only. The last delivery status is shown in the pass message but not judged.
    ///
    /// Inconclusive when the recorders of a region could not be read (a region that could not be
    /// looked at never passes). An account with no region collected is inconclusive (not
    /// applicable when the scan had no region in scope).
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// AWS Config is the inventory and change history of the account: without it, nobody can tell
    /// which resources exist in a region, what changed before an incident, or evaluate Config
    /// rules and the Security Hub controls built on them. A region without a recorder, or one that
    /// records only some types, is where unmanaged resources go unnoticed.
    ///
    /// ## How to fix
    /// Turn on AWS Config in every region of every account with a recorder that records all
    /// supported resource types, delivering to a central bucket, and start it
    /// (`aws configservice start-configuration-recorder`). In an organization, deploy it with
    /// Control Tower or a CloudFormation StackSet and add an aggregator in the security account.
    pub(crate) struct ConfigRecorderRecordingAll {
        id: "config-recorder-recording-all",
        title: "AWS Config records all supported resource types in every region",
        scope: Region,
        reads: ["account.enabled_regions", "region.config_recorders"],
    }
}

impl Check for ConfigRecorderRecordingAll {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_region_fact(
            bundle,
            out,
            "whether AWS Config is recording",
            |facts| &facts.config_recorders,
            |r| {
                let (region, label) = (r.name, &r.label);
                format!("whether AWS Config is recording in {region} of account {label}")
            },
            |r, recorders, out| {
                let (region, label) = (r.name, &r.label);
                let location = r.location();
                match recorders.iter().find(|r| r.recording && r.all_supported) {
                    Some(recorder) => out.pass(
                        location,
                        format_args!(
                            "AWS Config recorder {} records all supported resource types in {region} of account {label}{}.",
                            recorder.name,
                            delivery(recorder)
                        ),
                    ),
                    None if recorders.is_empty() => {
                        out.fail(location, format_args!("There is no AWS Config recorder in {region} of account {label}."));
                    }
                    None => out.fail(
                        location,
                        format_args!(
                            "AWS Config does not record all supported resource types in {region} of account {label}: {}.",
                            recorders.iter().map(shortfall).collect::<Vec<_>>().join("; ")
                        ),
                    ),
                }
            },
        );
    }
}

/// What keeps a recorder from passing: `recorder default is stopped`, `recorder default records
/// only selected resource types`, or both.
fn shortfall(recorder: &ConfigRecorder) -> String {
    match (recorder.recording, recorder.all_supported) {
        (false, false) => format!("recorder {} is stopped and records only selected resource types", recorder.name),
        (false, true) => format!("recorder {} is stopped", recorder.name),
        _ => format!("recorder {} records only selected resource types", recorder.name),
    }
}

/// ` (last delivery: Failure)`, or nothing when the status is unknown.
fn delivery(recorder: &ConfigRecorder) -> String {
    recorder.last_status.as_ref().map(|s| format!(" (last delivery: {s})")).unwrap_or_default()
}
