//! Amazon Detective behaviour graphs over the regions in use.

use maturity_evidence::{AccountEvidence, Bundle, Missing, RegionFacts};

use crate::shared::regions_in_use::{self, RegionUse};
use crate::shared::walk;
use crate::{Check, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every region of every account that runs workloads (running EC2 instances, EBS
    /// volumes, RDS DB instances, load balancers …): the account administers an Amazon Detective
    /// behaviour graph in the region (`ListGraphs`), or it is a member of another account's graph
    /// there with status `ENABLED` (`ListInvitations`), so its activity is in a graph.
    ///
    /// One finding per region in use: pass (naming the graph), fail (no graph and no enabled
    /// membership; pending or disabled memberships are named), inconclusive when the graphs or
    /// invitations could not be read and the other list shows no graph. A region without
    /// workloads is not applicable; a region whose workloads could not be read passes with a
    /// graph and is inconclusive without one.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// An investigation starts from a finding and needs to know what else the principal or
    /// instance did, from where, and whether that was usual. Detective keeps a year of linked
    /// CloudTrail, VPC flow, DNS and EKS activity ready for that question; enabling it only after
    /// an incident leaves the weeks before it missing.
    ///
    /// ## How to fix
    /// From the Detective delegated administrator (the security account), enable Detective in
    /// every region in use and turn on automatic enablement of organization accounts, or invite
    /// and accept the member accounts.
    pub(crate) struct DetectiveGraphEnabled {
        id: "detective-graph-enabled",
        title: "Every region in use is part of an Amazon Detective behaviour graph",
        scope: Region,
        reads: ["account.enabled_regions", "region.ec2_instances", "region.ec2_volumes", "region.rds_db_instances", "region.lambda_functions", "region.elbv2_load_balancers", "region.detective_graphs", "region.detective_memberships", "region.dynamodb_tables", "region.efs_file_systems"],
        alternative: "investigations run in a SIEM or another investigation tool",
    }
}

impl Check for DetectiveGraphEnabled {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let what = "whether Amazon Detective covers the regions in use";
        walk::each_region(bundle, out, what, |r, out| {
            let (account, region, facts) = (r.account, r.name, r.facts);
            evaluate_region(account, region, facts, out);
        });
    }
}

fn evaluate_region(account: &AccountEvidence, region: &str, facts: &RegionFacts, out: &mut Findings) {
    let label = account.label();
    let location = Location::region(&account.account_id, region);
    let usage = regions_in_use::region_use(facts);
    if usage == RegionUse::Idle {
        out.not_applicable(location, format_args!("Region {region} of account {label} runs no workloads."));
        return;
    }
    let graphs = facts.detective_graphs.get();
    let memberships = facts.detective_memberships.get();
    if let Some(graph) = graphs.as_ref().ok().and_then(|g| g.first()) {
        out.pass(
            location,
            format_args!("Account {label} administers the Detective behaviour graph {} in {region}.", graph.graph_arn),
        );
        return;
    }
    if let Some(member) = memberships.as_ref().ok().and_then(|m| m.iter().find(|m| m.is_enabled())) {
        let admin = member.administrator_id.as_deref().map(|a| format!(" of account {a}")).unwrap_or_default();
        out.pass(
            location,
            format_args!(
                "Account {label} is an enabled member of the Detective behaviour graph {}{admin} in {region}.",
                member.graph_arn
            ),
        );
        return;
    }
    let unread: Option<Missing<'_>> = match (&graphs, &memberships, &usage) {
        (Err(missing), _, _) | (_, Err(missing), _) => Some(*missing),
        (_, _, RegionUse::Unknown(missing)) => Some(*missing),
        _ => None,
    };
    if let Some(missing) = unread {
        let what = format!("whether Amazon Detective covers {region} of account {label}");
        out.inconclusive(location, &what, &missing);
        return;
    }
    let RegionUse::InUse(workloads) = usage else { return };
    let pending: Vec<String> =
        memberships.map(|m| m.iter().map(|m| format!("{} is {}", m.graph_arn, m.status)).collect()).unwrap_or_default();
    let detail = if pending.is_empty() {
        String::new()
    } else {
        format!(" (membership: {})", crate::shared::prose::and_list(&pending))
    };
    out.fail(
        location,
        format_args!(
            "Region {region} of account {label} runs workloads ({}) but is in no Amazon Detective behaviour graph{detail}.",
            regions_in_use::describe(&workloads)
        ),
    );
}
