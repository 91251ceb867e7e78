//! Accounts with compute run at least part of it on managed (serverless) services.

use maturity_evidence::{Bundle, Fact, Missing};

use crate::shared::accounts;
use crate::shared::walk;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account, over all its scanned regions: the running EC2 instances
    /// (`ec2:DescribeInstances`) and the Lambda functions (`lambda:ListFunctions`). One finding
    /// per account.
    ///
    /// Pass when the account runs Lambda functions (managed, serverless compute), whether or not
    /// it also runs instances. Fail when its only compute is running EC2 instances. Not
    /// applicable when it runs neither. The messages give the counts and the regions.
    ///
    /// A region whose facts are unavailable (not enabled, or the service is not offered there)
    /// can hold no compute and counts as none. When no Lambda function was found and a region's
    /// functions or instances could not be read (denied or failed), the finding is inconclusive:
    /// the missing region might hold the managed compute, or the only compute.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), a verdict that rests on finding
    /// nothing in the scanned regions (a fail, or nothing in scope) is inconclusive instead: what
    /// is looked for may sit in a region that was not scanned.
    ///
    /// ## Why it matters
    /// With managed compute, AWS patches, scales and isolates the hosts; you own less of the
    /// stack, so there is less to harden, patch and monitor, and no long-lived servers for an
    /// intruder to settle on. An estate made only of instances keeps every layer on your side.
    ///
    /// ## How to fix
    /// For new work, prefer Lambda, Fargate or other managed services over instances you run
    /// yourself; move event-driven and scheduled jobs from instances to functions first, as they
    /// are the easiest to port. Keep instances for what truly needs them and manage them with
    /// Systems Manager.
    pub(crate) struct ComputeUsesManagedServices {
        id: "compute-uses-managed-services",
        title: "Accounts with compute run part of it on managed services such as AWS Lambda",
        scope: Account,
        reads: ["account.enabled_regions", "region.ec2_instances", "region.lambda_functions"],
    }
}

/// Compute counted over an account's regions.
#[derive(Default)]
struct Tally<'a> {
    functions: usize,
    function_regions: Vec<&'a str>,
    instances: usize,
    instance_regions: Vec<&'a str>,
    unread: Option<(&'a str, Missing<'a>)>,
}

impl<'a> Tally<'a> {
    /// Adds a region's count of one kind; unavailable facts count as none.
    fn count<T>(&mut self, region: &'a str, fact: &'a Fact<Vec<T>>, count: impl Fn(&[T]) -> usize, functions: bool) {
        match fact.get() {
            Ok(items) => {
                let n = count(items);
                if n > 0 {
                    if functions {
                        self.functions += n;
                        self.function_regions.push(region);
                    } else {
                        self.instances += n;
                        self.instance_regions.push(region);
                    }
                }
            }
            Err(Missing::Unavailable(_)) => {}
            Err(missing) => {
                self.unread.get_or_insert((region, missing));
            }
        }
    }
}

impl Check for ComputeUsesManagedServices {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let what = "which compute the account runs";
        walk::any_region(bundle, out, what, |account, scanned, out| {
            let label = account.label();
            let mut tally = Tally::default();
            for &(region, facts) in scanned {
                tally.count(region, &facts.lambda_functions, <[_]>::len, true);
                tally.count(region, &facts.ec2_instances, |v| v.iter().filter(|i| i.is_running()).count(), false);
            }
            let location = Location::account(&account.account_id);
            let instances = match tally.instances {
                0 => "no running EC2 instance".to_owned(),
                1 => format!("1 running EC2 instance ({})", tally.instance_regions.join(", ")),
                n => format!("{n} running EC2 instances ({})", tally.instance_regions.join(", ")),
            };
            if tally.functions > 0 {
                let functions = match tally.functions {
                    1 => "1 Lambda function".to_owned(),
                    n => format!("{n} Lambda functions"),
                };
                out.pass(
                    location,
                    format_args!(
                        "Account {label} runs managed compute: {functions} ({}), beside {instances}.",
                        tally.function_regions.join(", ")
                    ),
                );
            } else if let Some((region, missing)) = tally.unread {
                out.add(
                    FindingStatus::Inconclusive,
                    location,
                    format_args!(
                        "Cannot tell whether account {label} runs managed compute: it has {instances} and no Lambda function where it could look, but the compute of {region} could not be read ({missing})."
                    ),
                );
            } else if tally.instances > 0 {
                accounts::fail_unless_unconfirmed(
                    out,
                    account,
                    location,
                    format!("All the compute of account {label} is EC2: {instances} and no Lambda function."),
                );
            } else {
                accounts::not_applicable_unless_unconfirmed(
                    out,
                    account,
                    location,
                    format!("Account {label} runs no compute: no running EC2 instance and no Lambda function."),
                );
            }
        });
    }
}
