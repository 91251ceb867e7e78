//! GuardDuty Lambda Protection watches the network activity of Lambda functions, where there are
//! functions.

use maturity_evidence::Bundle;

use crate::shared::guardduty::{enabled_detectors, plan_enabled, why_not_enabled};
use crate::shared::walk;
use crate::{Check, Findings, declare_check};

/// GuardDuty's protection plan for Lambda: it analyses the network activity of function
/// invocations for signs of compromise.
const LAMBDA_PROTECTION: &str = "LAMBDA_NETWORK_LOGS";

declare_check! {
    /// ## What it checks
    /// For every scanned region of every account that has Lambda functions: an enabled GuardDuty
    /// detector has Lambda Protection (`LAMBDA_NETWORK_LOGS`) enabled
    /// (`guardduty:ListDetectors`, `guardduty:GetDetector`). One finding per account and region.
    ///
    /// Pass when Lambda Protection is on. Fail when the region has functions and either no
    /// enabled detector (none, or suspended) or a detector with Lambda Protection off. Not
    /// applicable in a region without Lambda functions.
    ///
    /// Inconclusive when the functions (`lambda:ListFunctions`) or the detectors could not be
    /// read.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// This check evidences the "real-time threat defenses" of serverless functions in the CSMM
    /// (Workload Security, level 5); no AWS SMM control asks for it on its own.
    ///
    /// ## Why it matters
    /// A function that was compromised through a vulnerable dependency or injected code usually
    /// shows it on the network first: calls to cryptocurrency pools, command-and-control hosts or
    /// unusual destinations. Lambda Protection watches that activity for every invocation without
    /// an agent, so a compromised function is found while it runs, not at the next code scan.
    ///
    /// ## How to fix
    /// From GuardDuty's delegated administrator, enable Lambda Protection for all member accounts
    /// in every region where you run functions, and turn on auto-enable for new accounts.
    pub(crate) struct GuarddutyLambdaProtection {
        id: "guardduty-lambda-protection",
        title: "GuardDuty Lambda Protection watches Lambda functions wherever functions run",
        scope: Region,
        reads: ["account.enabled_regions", "region.guardduty_detectors", "region.lambda_functions"],
        alternative: "runtime threat detection for the functions from another security product",
    }
}

impl Check for GuarddutyLambdaProtection {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let what = "whether GuardDuty watches Lambda functions";
        walk::each_region(bundle, out, what, |r, out| {
            let (region, facts, label) = (r.name, r.facts, &r.label);
            let location = r.location();
            let count = match facts.lambda_functions.get() {
                Ok(functions) => functions.len(),
                Err(missing) => {
                    out.inconclusive(
                        location,
                        &format!("whether {region} of account {label} has Lambda functions"),
                        &missing,
                    );
                    return;
                }
            };
            if count == 0 {
                out.not_applicable(
                    location,
                    format_args!("There is no Lambda function in {region} of account {label}."),
                );
                return;
            }
            let functions =
                if count == 1 { "1 Lambda function".to_owned() } else { format!("{count} Lambda functions") };
            let detectors = match enabled_detectors(facts) {
                Ok(detectors) => detectors,
                Err(missing) => {
                    out.inconclusive(location, &format!("{what} in {region} of account {label}"), &missing);
                    return;
                }
            };
            if detectors.is_empty() {
                out.fail(
                    location,
                    format_args!("{region} of account {label} runs {functions}, but {}.", why_not_enabled(facts)),
                );
            } else if plan_enabled(&detectors, LAMBDA_PROTECTION) {
                out.pass(
                    location,
                    format_args!("GuardDuty Lambda Protection watches the {functions} in {region} of account {label}."),
                );
            } else {
                out.fail(
                    location,
                    format_args!(
                        "GuardDuty Lambda Protection ({LAMBDA_PROTECTION}) is off in {region} of account {label}, which runs {functions}."
                    ),
                );
            }
        });
    }
}
