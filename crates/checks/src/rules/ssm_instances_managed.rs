//! Systems Manager manages every running EC2 instance, per instance.

use maturity_evidence::{AccountEvidence, Bundle, Instance, RegionFacts, SsmManagedInstance};

use crate::shared::accounts;
use crate::shared::resource_names::named;
use crate::shared::walk;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Every running or pending EC2 instance (`ec2:DescribeInstances`) of every scanned region of
    /// every account. The instance passes when Systems Manager lists it as a managed instance
    /// (`ssm:DescribeInstanceInformation`, same region) whose agent ping status is `Online`. It
    /// fails when Systems Manager does not know it at all, or knows it with a ping status of
    /// `ConnectionLost` or `Inactive` (the agent stopped checking in, so Session Manager and
    /// Fleet Manager cannot reach it). Stopped and terminated instances are not judged.
    ///
    /// Inconclusive for a region whose instances could not be listed, for a region with running
    /// instances whose managed instances could not be listed, for an account the collector could
    /// not enter, and for an account with no region collected in a scan that had regions. Not
    /// applicable, once per account, when no scanned region of the account runs an instance (every
    /// region readable), or when the scan had no region in scope.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// An instance reachable only through SSH or RDP needs an open administration port, keys or
    /// passwords spread among people, and leaves no record of what was typed. With the SSM Agent
    /// online, people open sessions through Session Manager or Fleet Manager: the ports stay
    /// closed, access is granted and revoked through IAM (with MFA), and sessions can be logged.
    /// An instance Systems Manager cannot see is also one that patching and inventory miss.
    ///
    /// ## How to fix
    /// Give every instance an instance profile with the `AmazonSSMManagedInstanceCore` policy (or
    /// turn on Default Host Management Configuration in Systems Manager), use AMIs with the SSM
    /// Agent installed, and let the agent reach the `ssm`, `ssmmessages` and `ec2messages`
    /// endpoints (VPC interface endpoints or a NAT gateway). For an instance whose agent lost its
    /// connection, check the agent's service and logs, its role and its network path. Then close
    /// ports 22 and 3389 in its security groups.
    pub(crate) struct SsmInstancesManaged {
        id: "ssm-instances-managed",
        title: "Every running EC2 instance is managed by Systems Manager with its agent online",
        scope: Resource,
        reads: ["account.enabled_regions", "region.ec2_instances", "region.ssm_managed_instances"],
    }
}

impl Check for SsmInstancesManaged {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::every_region(bundle, out, "whether Systems Manager manages the running instances", evaluate_account);
    }
}

fn evaluate_account(account: &AccountEvidence, regions: &[(&str, &RegionFacts)], out: &mut Findings) {
    let label = account.label();
    // An account without scanned regions already has its finding.
    let mut said_something = false;
    for &(region, facts) in regions {
        let location = Location::region(&account.account_id, region);
        let instances = match facts.ec2_instances.get() {
            Ok(instances) => instances,
            Err(missing) => {
                out.inconclusive(location, &format!("which instances run in {region} of {label}"), &missing);
                said_something = true;
                continue;
            }
        };
        let running: Vec<&Instance> = instances.iter().filter(|i| i.is_running()).collect();
        if running.is_empty() {
            continue;
        }
        said_something = true;
        let managed = match facts.ssm_managed_instances.get() {
            Ok(managed) => managed,
            Err(missing) => {
                let count = running.len();
                out.inconclusive(
                    location,
                    &format!(
                        "whether Systems Manager manages the {count} running instance{} in {region} of {label}",
                        if count == 1 { "" } else { "s" }
                    ),
                    &missing,
                );
                continue;
            }
        };
        for instance in running {
            let entry = managed.iter().find(|m| m.instance_id == instance.instance_id);
            evaluate_instance(account, region, instance, entry, out);
        }
    }
    if !said_something {
        let regions = accounts::regions(account).count();
        out.not_applicable(
            Location::account(&account.account_id),
            format_args!(
                "There is no running or pending EC2 instance in the {regions} scanned region{} of {label}.",
                if regions == 1 { "" } else { "s" }
            ),
        );
    }
}

fn evaluate_instance(
    account: &AccountEvidence,
    region: &str,
    instance: &Instance,
    managed: Option<&SsmManagedInstance>,
    out: &mut Findings,
) {
    let location = Location::resource(&account.account_id, Some(region), &instance.instance_id);
    let described = format!(
        "The {} instance {} in {region} of {}",
        instance.state,
        named(&instance.instance_id, &instance.tags),
        account.label()
    );
    let (status, message) = match managed {
        Some(m) if m.is_online() => {
            let details: Vec<String> =
                [m.platform_type.clone(), m.agent_version.as_ref().map(|v| format!("SSM Agent {v}"))]
                    .into_iter()
                    .flatten()
                    .collect();
            let details = if details.is_empty() { String::new() } else { format!(" ({})", details.join(", ")) };
            (
                FindingStatus::Pass,
                format!("{described} is managed by Systems Manager and its agent is online{details}."),
            )
        }
        Some(m) => (
            FindingStatus::Fail,
            format!(
                "{described} is registered with Systems Manager but its agent is {}: Session Manager and Fleet Manager cannot reach it.",
                m.ping_status
            ),
        ),
        None => (
            FindingStatus::Fail,
            format!(
                "{described} is not managed by Systems Manager: no SSM Agent has registered it (check the agent, the instance profile and the route to the Systems Manager endpoints)."
            ),
        ),
    };
    out.add_tagged(status, location, &instance.tags, message);
}
