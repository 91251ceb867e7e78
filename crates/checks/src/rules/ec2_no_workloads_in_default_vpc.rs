//! EC2 instances kept out of the default VPC, per instance in it, or per region.

use maturity_evidence::{AccountEvidence, Bundle, Instance, RegionFacts};

use crate::shared::resource_names::named;
use crate::shared::walk;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// The EC2 instances that still exist (`ec2:DescribeInstances`: pending, running, stopping or
    /// stopped; not shutting down or terminated) in every scanned region of every account, and
    /// the region's VPCs (`ec2:DescribeVpcs`). An instance is in the default VPC when its VPC is
    /// the one `DescribeVpcs` marks `IsDefault`.
    ///
    /// Fail, once per instance, for each instance in the default VPC. Pass, once per region, when
    /// the region has instances and none of them is in the default VPC (or the region has no
    /// default VPC). Not applicable for a region without instances, and for an account when the
    /// scan had no region in scope. Inconclusive for a region whose instances could not be
    /// listed, or that has instances but whose VPCs could not be listed; for an account the
    /// collector could not enter; and for an account with no region collected in a scan that
    /// had regions.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// The default VPC is made for quick starts: every subnet is public, instances get public IP
    /// addresses by default, and nothing separates tiers or environments. Workloads there were
    /// usually launched by hand, outside any network design, and sit one security group mistake
    /// away from the internet. Segmented VPCs with private subnets keep servers and databases
    /// unreachable from outside and contain what an intruder can reach.
    ///
    /// ## How to fix
    /// Create VPCs for the workloads (public subnets for load balancers only, private subnets
    /// with NAT for servers, isolated subnets for databases), preferably from infrastructure as
    /// code, and move the listed instances there (from an AMI or by redeploying). Then delete
    /// the default VPC in every region, or at least remove its internet gateway, so that nothing
    /// new lands there.
    pub(crate) struct Ec2NoWorkloadsInDefaultVpc {
        id: "ec2-no-workloads-in-default-vpc",
        title: "No EC2 instance runs in a default VPC",
        scope: Resource,
        reads: ["account.enabled_regions", "region.ec2_instances", "region.ec2_vpcs"],
    }
}

impl Check for Ec2NoWorkloadsInDefaultVpc {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let what = "whether EC2 instances run in a default VPC";
        walk::each_region(bundle, out, what, |r, out| {
            let (account, region, facts) = (r.account, r.name, r.facts);
            evaluate_region(account, region, facts, out);
        });
    }
}

fn evaluate_region(account: &AccountEvidence, region: &str, facts: &RegionFacts, out: &mut Findings) {
    let label = account.label();
    let location = Location::region(&account.account_id, region);
    let what = format!("whether the EC2 instances in {region} of {label} run in the default VPC");
    let instances: Vec<&Instance> = match facts.ec2_instances.get() {
        Ok(instances) => instances.iter().filter(|i| i.exists()).collect(),
        Err(missing) => {
            out.inconclusive(location, &what, &missing);
            return;
        }
    };
    if instances.is_empty() {
        out.not_applicable(location, format_args!("There is no EC2 instance in {region} of {label}."));
        return;
    }
    let default_vpcs: Vec<&str> = match facts.ec2_vpcs.get() {
        Ok(vpcs) => vpcs.iter().filter(|v| v.is_default).map(|v| v.vpc_id.as_str()).collect(),
        Err(missing) => {
            out.inconclusive(location, &what, &missing);
            return;
        }
    };
    let mut in_default = 0;
    for instance in &instances {
        let Some(vpc) = instance.vpc_id.as_deref().filter(|vpc| default_vpcs.contains(vpc)) else {
            continue;
        };
        in_default += 1;
        out.add_tagged(
            FindingStatus::Fail,
            Location::resource(&account.account_id, Some(region), &instance.instance_id),
            &instance.tags,
            format_args!(
                "The {} instance {} in {region} of {label} is in the default VPC {vpc}.",
                instance.state,
                named(&instance.instance_id, &instance.tags)
            ),
        );
    }
    if in_default > 0 {
        return;
    }
    let n = instances.len();
    let message = match (default_vpcs.as_slice(), n) {
        ([], 1) => format!("Region {region} of {label} has no default VPC, so its only EC2 instance is not in one."),
        ([], n) => {
            format!("Region {region} of {label} has no default VPC, so none of its {n} EC2 instances is in one.")
        }
        (vpcs, 1) => {
            format!("The only EC2 instance in {region} of {label} is outside the default VPC {}.", vpcs.join(", "))
        }
        (vpcs, 2) => {
            format!("Both EC2 instances in {region} of {label} are outside the default VPC {}.", vpcs.join(", "))
        }
        (vpcs, n) => {
            format!("All {n} EC2 instances in {region} of {label} are outside the default VPC {}.", vpcs.join(", "))
        }
    };
    out.pass(location, message);
}
