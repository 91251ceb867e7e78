//! Amazon Inspector scans Lambda functions, packages and code, where there are functions.

use maturity_evidence::{Bundle, InspectorState, inspector_enabled};

use crate::shared::walk;
use crate::{Check, Findings, declare_check};

declare_check! {
    /// ## What it checks
    /// For every scanned region of every account that has Lambda functions: Amazon Inspector's
    /// Lambda standard scanning (the functions' package dependencies) and Lambda code scanning
    /// (the functions' own code) both report `ENABLED` (`inspector2:BatchGetAccountStatus`). One
    /// finding per account and region.
    ///
    /// Pass when both are enabled. Fail when standard scanning is off (the message gives both
    /// statuses), or when standard scanning is on but code scanning is off, with a message that
    /// says only the code is left unscanned. Not applicable in a region without Lambda functions.
    ///
    /// Inconclusive when the functions (`lambda:ListFunctions`) or Inspector's status could not
    /// be read.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Serverless code ships its own libraries, and an outdated dependency is as exploitable in
    /// a function as on a server. Code scanning goes further and finds injection flaws, hard-coded
    /// credentials and unsafe calls in the code you wrote, which is the application-level testing
    /// this control asks for.
    ///
    /// ## How to fix
    /// From Inspector's delegated administrator, activate Lambda standard scanning and Lambda
    /// code scanning for all member accounts in the regions where you run functions, and enable
    /// them automatically for new accounts. Fix critical findings before the next deployment.
    pub(crate) struct InspectorLambdaScanning {
        id: "inspector-lambda-scanning",
        title: "Amazon Inspector scans Lambda functions' packages and code wherever functions run",
        scope: Region,
        reads: ["account.enabled_regions", "region.inspector_status", "region.lambda_functions"],
        alternative: "dependency and code scanning of the functions in their build pipelines",
    }
}

impl Check for InspectorLambdaScanning {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let what = "whether Amazon Inspector scans Lambda functions";
        walk::each_region_fact(
            bundle,
            out,
            what,
            |facts| &facts.lambda_functions,
            |r| {
                let (region, label) = (r.name, &r.label);
                format!("whether {region} of account {label} has Lambda functions")
            },
            |r, functions, out| {
                let (region, facts, label) = (r.name, r.facts, &r.label);
                let location = r.location();
                if functions.is_empty() {
                    out.not_applicable(
                        location,
                        format_args!("There is no Lambda function in {region} of account {label}."),
                    );
                    return;
                }
                let status = match facts.inspector_status.get() {
                    Ok(status) => status,
                    Err(missing) => {
                        out.inconclusive(location, &format!("{what} in {region} of account {label}"), &missing);
                        return;
                    }
                };
                let count = plural(functions.len());
                let standard = status.lambda.as_ref();
                let code = status.lambda_code.as_ref();
                match (inspector_enabled(standard), inspector_enabled(code)) {
                    (true, true) => out.pass(
                        location,
                        format_args!(
                            "Amazon Inspector scans the packages and code of the {count} in {region} of account {label}."
                        ),
                    ),
                    (true, false) => out.fail(
                        location,
                        format_args!(
                            "Amazon Inspector scans the packages of the {count} in {region} of account {label}, but Lambda code scanning is {}.",
                            state(code)
                        ),
                    ),
                    (false, _) => out.fail(
                        location,
                        format_args!(
                            "Amazon Inspector does not scan the {count} in {region} of account {label}: Lambda standard scanning is {} and Lambda code scanning is {}.",
                            state(standard),
                            state(code)
                        ),
                    ),
                }
            },
        );
    }
}

fn state(status: Option<&InspectorState>) -> &str {
    status.map_or("not reported", InspectorState::as_str)
}

/// What follows "the": `Lambda function` or `3 Lambda functions`.
fn plural(count: usize) -> String {
    if count == 1 { "Lambda function".to_owned() } else { format!("{count} Lambda functions") }
}
