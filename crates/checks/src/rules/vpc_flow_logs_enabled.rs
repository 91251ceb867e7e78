//! VPC flow logs on every VPC that carries (or is built for) workloads, per VPC.

use maturity_evidence::{AccountEvidence, Bundle, FlowLog, FlowLogStatus, Missing, RegionFacts, Vpc};

use crate::shared::resource_names::named;
use crate::shared::walk;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Every VPC (`ec2:DescribeVpcs`) in scope, in every scanned region of every account: it
    /// passes when a flow log (`ec2:DescribeFlowLogs`) whose resource is the VPC itself has the
    /// status `ACTIVE` (any traffic type), and fails otherwise. Flow logs on single subnets or
    /// network interfaces do not count: they leave the rest of the VPC unlogged.
    ///
    /// Which VPCs are in scope:
    /// - a VPC that holds an instance that exists (`ec2:DescribeInstances`, any state but
    ///   `shutting-down` and `terminated`);
    /// - every non-default VPC, even without instances: people create a VPC to use it, and other
    ///   workloads (load balancers, Lambda functions, databases, endpoints) live there without an
    ///   instance, so it fails when it has no flow log;
    /// - not a default VPC without instances: AWS creates it in every region, and it is left
    ///   alone rather than flagged everywhere.
    ///
    /// Not applicable for a region with no VPC in scope (and for an account when the scan had no
    /// region in scope). Inconclusive for a region whose VPCs could not be listed; for each VPC
    /// in scope when the flow logs could not be listed; for a default VPC without an active flow
    /// log when the instances could not be listed (whether it holds workloads cannot be told; a
    /// non-default VPC is judged without them); for an account the collector could not enter; and
    /// for an account with no region collected in a scan that had regions.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Flow logs are the record of who talked to what in the network: without them an
    /// investigation cannot tell which hosts an intruder reached, where data went, or whether a
    /// blocked scan came before a successful connection. GuardDuty reads flow logs on its own, but
    /// keeps no copy you can query; your own flow logs are what a SIEM, Athena or Detective
    /// analyze.
    ///
    /// ## How to fix
    /// Create a flow log on each VPC (`aws ec2 create-flow-logs --resource-type VPC
    /// --traffic-type ALL`), delivered to a central S3 bucket in the log archive account (or to
    /// CloudWatch Logs), with a format that includes the security group and instance ids when you
    /// want to refine security groups from it. Delete default VPCs you do not use.
    pub(crate) struct VpcFlowLogsEnabled {
        id: "vpc-flow-logs-enabled",
        title: "Every VPC with workloads has an active flow log",
        scope: Resource,
        reads: ["account.enabled_regions", "region.ec2_instances", "region.ec2_vpcs", "region.ec2_flow_logs"],
    }
}

impl Check for VpcFlowLogsEnabled {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_region(bundle, out, "which VPCs have flow logs", |r, out| {
            let (account, region, facts) = (r.account, r.name, r.facts);
            evaluate_region(account, region, facts, out);
        });
    }
}

fn evaluate_region(account: &AccountEvidence, region: &str, facts: &RegionFacts, out: &mut Findings) {
    let label = account.label();
    let vpcs = match facts.ec2_vpcs.get() {
        Ok(vpcs) => vpcs,
        Err(missing) => {
            out.inconclusive(
                Location::region(&account.account_id, region),
                &format!("which VPCs in {region} of {label} have flow logs"),
                &missing,
            );
            return;
        }
    };
    let instances = facts.ec2_instances.get();
    let flow_logs = facts.ec2_flow_logs.get();
    let mut in_scope = 0;
    for vpc in vpcs {
        let workloads = instances
            .map(|list| list.iter().filter(|i| i.exists() && i.vpc_id.as_deref() == Some(vpc.vpc_id.as_str())).count());
        if vpc.is_default && workloads == Ok(0) {
            continue;
        }
        in_scope += 1;
        let subject = VpcInRegion { account, region, vpc, workloads };
        evaluate_vpc(&subject, flow_logs, out);
    }
    if in_scope == 0 {
        let idle = if vpcs.is_empty() { "no VPCs" } else { "only a default VPC without instances" };
        out.not_applicable(
            Location::region(&account.account_id, region),
            format_args!("There is no VPC with workloads in {region} of {label}: it has {idle}."),
        );
    }
}

/// A VPC in scope and what is known of its workloads.
struct VpcInRegion<'a> {
    account: &'a AccountEvidence,
    region: &'a str,
    vpc: &'a Vpc,
    /// How many existing instances it holds, or why that is not known.
    workloads: Result<usize, Missing<'a>>,
}

impl VpcInRegion<'_> {
    /// `default VPC main (vpc-1) in eu-west-1 of prod (111111111111), holding 2 instances,`.
    fn describe(&self) -> String {
        let kind = if self.vpc.is_default { "default VPC" } else { "VPC" };
        let instances = match self.workloads {
            Ok(0) => ", holding no instances,".to_owned(),
            Ok(1) => ", holding 1 instance,".to_owned(),
            Ok(n) => format!(", holding {n} instances,"),
            Err(_) => String::new(),
        };
        format!(
            "{kind} {} in {} of {}{instances}",
            named(&self.vpc.vpc_id, &self.vpc.tags),
            self.region,
            self.account.label()
        )
    }

    fn location(&self) -> Location {
        Location::resource(&self.account.account_id, Some(self.region), &self.vpc.vpc_id)
    }
}

fn evaluate_vpc(subject: &VpcInRegion<'_>, flow_logs: Result<&Vec<FlowLog>, Missing<'_>>, out: &mut Findings) {
    let vpc = subject.vpc;
    let described = subject.describe();
    let logs = match flow_logs {
        Ok(logs) => logs,
        Err(missing) => {
            out.add_tagged(
                FindingStatus::Inconclusive,
                subject.location(),
                &vpc.tags,
                format_args!("Cannot tell whether the {described} has an active flow log: {missing}."),
            );
            return;
        }
    };
    let own = logs.iter().filter(|log| log.resource_id == vpc.vpc_id);
    if let Some(active) = own.clone().find(|log| log.status == FlowLogStatus::Active) {
        let traffic = active.traffic_type.as_deref().map(|t| format!(" (traffic type {t})")).unwrap_or_default();
        out.add_tagged(
            FindingStatus::Pass,
            subject.location(),
            &vpc.tags,
            format_args!("The {described} has the active flow log {}{traffic}.", active.flow_log_id),
        );
        return;
    }
    if let (true, Err(missing)) = (vpc.is_default, subject.workloads) {
        out.add_tagged(
            FindingStatus::Inconclusive,
            subject.location(),
            &vpc.tags,
            format_args!(
                "Cannot tell whether the {described} holds workloads and so needs a flow log (it has none active): {missing}."
            ),
        );
        return;
    }
    let inactive: Vec<String> = own.map(|log| format!("{} is {}", log.flow_log_id, log.status)).collect();
    let inactive = if inactive.is_empty() { String::new() } else { format!(" (its flow log {})", inactive.join(", ")) };
    let why_in_scope =
        if subject.workloads == Ok(0) { "; a non-default VPC needs one even before its first instance" } else { "" };
    out.add_tagged(
        FindingStatus::Fail,
        subject.location(),
        &vpc.tags,
        format_args!("The {described} has no active flow log{inactive}{why_in_scope}."),
    );
}
