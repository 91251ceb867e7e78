//! Regions chosen and the rest blocked by an organization policy, per account.

use maturity_evidence::{
    AccountEvidence, Bundle, Hierarchy, Missing, OrgPolicy, OrganizationFacts, PolicyKind, RegionFacts,
};

use crate::shared::organization;
use crate::shared::policy::{self, Effect, Statement};
use crate::shared::prose::and_list;
use crate::shared::region_block;
use crate::shared::{accounts, walk};
use crate::{Check, FindingStatus, Findings, Location, declare_check};

/// The condition key that names the region a request is sent to.
const REGION_KEY: &str = "aws:RequestedRegion";

declare_check! {
    /// ## What it checks
    /// For every account of an organization: a service control policy or resource control policy
    /// attached to the account, one of its OUs or the root has a `Deny` statement conditioned on
    /// `aws:RequestedRegion` with `StringNotEquals`, `StringNotEqualsIgnoreCase` or
    /// `StringNotLike` (an allow-list of regions; `IfExists` and `ForAnyValue:`/`ForAllValues:`
    /// variants count too) that blocks the other regions, and the account has no workload resources (running EC2 instances,
    /// EBS volumes, RDS DB instances, non-default VPCs) in a scanned region outside that
    /// allow-list. When several such policies apply, a region is allowed only if every one of
    /// them allows it.
    ///
    /// Such a statement blocks the other regions only when it denies every action
    /// (`"Action": "*"`), or every action but a `NotAction` list of exemptions that run no
    /// workload: whole global or account-administration services (IAM, Organizations, STS,
    /// Route 53, CloudFront, Budgets, Support, KMS, Config, WAF, … — the services AWS Control
    /// Tower's region deny exempts), read-only actions of any service (`Describe…`, `Get…`,
    /// `List…`, `Lookup…`) and S3's account-level, multi-region access point and Storage Lens actions. A deny of
    /// a few actions (only `ec2:RunInstances`) or one that exempts a workload service (`ec2:*`,
    /// `lambda:CreateFunction`) leaves those open everywhere and does not count. Nor does a
    /// statement whose conditions on `aws:PrincipalArn` spare every role (`ArnNotLike` with
    /// `arn:aws:iam::*:role/*`, `StringNotLike` with `*`, an `ArnLike` limited to users):
    /// sparing named roles (`…:role/AWSControlTowerExecution`) is fine. The message names a
    /// statement that does not count and why.
    ///
    /// Fails when no such policy applies to the account, or when it has workloads outside the
    /// allow-list (the message names the regions and what is there). The management account is
    /// not restricted by SCPs, so only the second part is judged there, against the allow-list of
    /// the policies attached to the root (or, if none, any region the organization's policies
    /// allow); the message says so.
    ///
    /// When the scan covers the organization's management account (even alone, without `--org`),
    /// every other active account the organization lists is judged too, from the organization's
    /// facts, and so is an account of the scan's scope that has no evidence: the guardrails are
    /// the organization's, not the management account's. Such an account fails when no region
    /// policy applies to it, and is inconclusive otherwise: its workloads were not scanned.
    ///
    /// Inconclusive when the bundle has no organization facts (a single-account scan: region
    /// restrictions live in AWS Organizations, which was not read), when the organization's
    /// policies, accounts or OUs could not be read, or when a region outside the allow-list
    /// could not be searched for workloads.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Every region you do not use is a place where stolen credentials can launch cryptominers
    /// or botnet nodes that nobody watches. Denying all other regions centrally shrinks the area
    /// to monitor and the cost of a compromise, and resources already outside the chosen regions
    /// are either forgotten or a sign of misuse.
    ///
    /// ## How to fix
    /// Decide which regions the organization operates in. Attach an SCP to the root (or enable
    /// the Control Tower region deny control) that denies all actions except global services
    /// when `aws:RequestedRegion` is not one of them; exempt only the roles that truly need it.
    /// Move or delete workloads found in other regions.
    pub(crate) struct OrgRegionDenyPolicy {
        id: "org-region-deny-policy",
        title: "An organization policy denies every region outside an allow-list, and no workload runs outside it",
        scope: Account,
        reads: ["organization.accounts", "organization.organizational_units", "organization.policies", "account.enabled_regions", "region.ec2_instances", "region.ec2_vpcs", "region.ec2_volumes", "region.rds_db_instances"],
    }
}

impl Check for OrgRegionDenyPolicy {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let context = match &bundle.organization {
            None => Err("region restrictions are set in AWS Organizations, which this scan did not read".to_owned()),
            Some(org) => {
                Context::read(bundle, org).map_err(|(what, missing)| format!("{what} could not be read ({missing})"))
            }
        };
        walk::each_account(bundle, out, |account, out| match &context {
            Ok(context) => evaluate_account(bundle, context, account, out),
            Err(why) => out.add(
                FindingStatus::Inconclusive,
                Location::account(&account.account_id),
                format_args!("Cannot tell whether regions are restricted for {}: {why}.", account.label()),
            ),
        });
        let (Some(org), Ok(context)) = (&bundle.organization, &context) else { return };
        // Accounts known only from the organization's facts (a scan of the management account).
        let in_scope: std::collections::HashSet<&str> = bundle.scope.accounts.iter().map(String::as_str).collect();
        for member in organization::judged_accounts(bundle, org) {
            if member.evidence.is_none() && !in_scope.contains(member.id) {
                evaluate_unscanned(context, &member, out);
            }
        }
    }
}

/// An active member account the scan did not enter: the policies that apply to it are judged
/// from the organization's facts; its workloads cannot be, so a limit alone is not a pass.
fn evaluate_unscanned(context: &Context<'_>, member: &organization::Judged<'_>, out: &mut Findings) {
    let location = Location::account(member.id);
    let label = &member.label;
    let applicable = context.applicable(member.id);
    if applicable.is_empty() {
        out.fail(
            location,
            format_args!(
                "No SCP or RCP attached to account {label}, its OUs or the root denies requests outside an allow-list of regions (a Deny statement on {REGION_KEY} with StringNotEquals or StringNotLike)."
            ),
        );
        return;
    }
    let limits: Vec<String> = applicable.iter().map(|(rule, target)| rule.limit(Some(target))).collect();
    out.add(
        FindingStatus::Inconclusive,
        location,
        format_args!(
            "Account {label} is limited {}; cannot tell whether it has workloads outside them: the scan read it only from the organization's facts, not its regions.",
            limits.join(" and ")
        ),
    );
}

/// What the organization facts say, read once.
struct Context<'a> {
    org: &'a OrganizationFacts,
    /// The organization's accounts and OUs, indexed by id.
    tree: Hierarchy<'a>,
    management_account_id: &'a str,
    /// Every region rule of every attached SCP and RCP.
    rules: Vec<RegionRule<'a>>,
    /// The attached policies' Deny statements on the requested region that block nothing, each
    /// with why (see [`region_block`]).
    discounted: Vec<(&'a OrgPolicy, String)>,
}

impl<'a> Context<'a> {
    fn read(bundle: &'a Bundle, org: &'a OrganizationFacts) -> Result<Self, (&'static str, String)> {
        let policies = org.policies.get().map_err(|m| ("the organization's policies", m.to_string()))?;
        org.accounts.get().map_err(|m| ("the organization's accounts", m.to_string()))?;
        org.organizational_units.get().map_err(|m| ("the organization's OUs", m.to_string()))?;
        let management_account_id = organization::management_account_id(bundle, org)
            .map_err(|missing| ("the organization's management account", missing.to_string()))?;
        let mut rules = Vec::new();
        let mut discounted = Vec::new();
        let attached = policies
            .iter()
            .filter(|p| matches!(p.kind, PolicyKind::ServiceControlPolicy | PolicyKind::ResourceControlPolicy))
            .filter(|p| !p.targets.is_empty());
        for policy in attached {
            for statement in policy::statements(&policy.content) {
                let found = RegionRule::from_statement(policy, &statement);
                if found.is_empty() {
                    continue;
                }
                match region_block::shortfall(&statement) {
                    None => rules.extend(found),
                    Some(why) => discounted.push((policy, why)),
                }
            }
        }
        Ok(Self { org, tree: org.hierarchy(), management_account_id, rules, discounted })
    }

    /// `; SCP x (p-1) attached to the organization root has one, but it denies only
    /// ec2:RunInstances`, for the discounted statements of the policies attached to the account
    /// (or of every policy, with `account_id` `None`); empty when there are none.
    fn discounted_for(&self, account_id: Option<&str>) -> String {
        let ancestry = account_id.map(|id| self.tree.ancestry(id));
        self.discounted
            .iter()
            .filter_map(|(policy, why)| {
                let name = organization::policy_label(policy);
                match (account_id, &ancestry) {
                    (Some(id), Some(ancestry)) => organization::attachment(self.org, ancestry, policy, id)
                        .map(|target| format!("; {name} attached to {target} has one, but it {why}")),
                    _ => Some(format!("; {name} has one, but it {why}")),
                }
            })
            .collect()
    }

    /// The rules attached to the account, one of its OUs or the root, each with the nearest
    /// point it is attached to.
    fn applicable(&self, account_id: &str) -> Vec<(&RegionRule<'a>, String)> {
        let ancestry = self.tree.ancestry(account_id);
        self.rules
            .iter()
            .filter_map(|rule| Some((rule, organization::attachment(self.org, &ancestry, rule.policy, account_id)?)))
            .collect()
    }
}

/// How a region rule compares the requested region with its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operator {
    Equals,
    EqualsIgnoreCase,
    Like,
}

/// One `Deny … unless aws:RequestedRegion is one of these` condition of an attached policy.
#[derive(Debug)]
struct RegionRule<'a> {
    policy: &'a OrgPolicy,
    operator: Operator,
    regions: Vec<String>,
    /// Which actions the statement denies, when not all: `only ec2:*`, `all but 12 exempted actions`.
    actions: Option<String>,
}

impl<'a> RegionRule<'a> {
    fn from_statement(policy: &'a OrgPolicy, statement: &Statement) -> Vec<Self> {
        if statement.effect != Effect::Deny {
            return Vec::new();
        }
        let actions = match (&statement.action, &statement.not_action) {
            (Some(actions), _) if actions.iter().any(|a| a == "*") => None,
            (Some(actions), _) => Some(format!("only {}", actions.join(", "))),
            (None, Some(exempt)) if !exempt.is_empty() => {
                let plural = if exempt.len() == 1 { "" } else { "s" };
                Some(format!("all but {} exempted action{plural}", exempt.len()))
            }
            (None, _) => None,
        };
        statement
            .conditions_on(REGION_KEY)
            .filter_map(|condition| {
                let operator = match condition.base_operator() {
                    op if op.eq_ignore_ascii_case("StringNotEquals") => Operator::Equals,
                    op if op.eq_ignore_ascii_case("StringNotEqualsIgnoreCase") => Operator::EqualsIgnoreCase,
                    op if op.eq_ignore_ascii_case("StringNotLike") => Operator::Like,
                    _ => return None,
                };
                Some(RegionRule { policy, operator, regions: condition.values.clone(), actions: actions.clone() })
            })
            .collect()
    }

    /// Whether a request to `region` escapes this rule's deny.
    fn allows(&self, region: &str) -> bool {
        self.regions.iter().any(|allowed| match self.operator {
            Operator::Equals => allowed == region,
            Operator::EqualsIgnoreCase => allowed.eq_ignore_ascii_case(region),
            Operator::Like => policy::string_like(allowed, region, false),
        })
    }

    /// `SCP region-guardrail (p-1234)`.
    fn policy_name(&self) -> String {
        organization::policy_label(self.policy)
    }

    /// `eu-west-1, eu-central-1` (with the action scope when not all actions).
    fn allow_list(&self) -> String {
        let regions = if self.regions.is_empty() { "no region".to_owned() } else { self.regions.join(", ") };
        match &self.actions {
            Some(actions) => format!("{regions} ({actions})"),
            None => regions,
        }
    }

    /// `to eu-west-1 by SCP regions (p-1) attached to the organization root`, or without the
    /// attachment point.
    fn limit(&self, target: Option<&str>) -> String {
        match target {
            Some(target) => format!("to {} by {} attached to {target}", self.allow_list(), self.policy_name()),
            None => format!("{} by {}", self.allow_list(), self.policy_name()),
        }
    }
}

fn evaluate_account(bundle: &Bundle, context: &Context<'_>, account: &AccountEvidence, out: &mut Findings) {
    let location = Location::account(&account.account_id);
    let label = account.label();
    let applicable = context.applicable(&account.account_id);
    let is_management = account.account_id == context.management_account_id;

    // What the account's regions are judged against: the rules, whether a region must be allowed
    // by all of them (the policies that apply) or by any (the organization's, for a management
    // account none applies to), and the sentence that says so.
    let (rules, every, head): (Vec<&RegionRule<'_>>, bool, String) = match (is_management, applicable.is_empty()) {
        (false, true) => {
            out.fail(
                location,
                format_args!(
                    "No SCP or RCP attached to account {label}, its OUs or the root denies requests outside an allow-list of regions (a Deny statement on {REGION_KEY} with StringNotEquals or StringNotLike){}.",
                    context.discounted_for(Some(&account.account_id))
                ),
            );
            return;
        }
        (false, false) => {
            let limits: Vec<String> = applicable.iter().map(|(rule, target)| rule.limit(Some(target))).collect();
            let head = format!("Account {label} is limited {}", limits.join(" and "));
            (applicable.iter().map(|(rule, _)| *rule).collect(), true, head)
        }
        (true, false) => {
            let limits: Vec<String> = applicable.iter().map(|(rule, target)| rule.limit(Some(target))).collect();
            let head = format!(
                "SCPs do not restrict the management account {label}, so only its workloads were judged, against the limits its OUs and root would set: {}",
                limits.join(" and ")
            );
            (applicable.iter().map(|(rule, _)| *rule).collect(), true, head)
        }
        (true, true) if context.rules.is_empty() => {
            out.fail(
                location,
                format_args!(
                    "SCPs do not restrict the management account {label}, and no attached SCP or RCP of the organization denies requests outside an allow-list of regions, so the organization enforces no choice of regions{}.",
                    context.discounted_for(None)
                ),
            );
            return;
        }
        (true, true) => {
            let limits: Vec<String> = context.rules.iter().map(|rule| rule.limit(None)).collect();
            let head = format!(
                "SCPs do not restrict the management account {label}, so only its workloads were judged, against the regions any of the organization's region policies allows: {}",
                limits.join(" and ")
            );
            (context.rules.iter().collect(), false, head)
        }
    };
    let allowed = |region: &str| {
        if every { rules.iter().all(|r| r.allows(region)) } else { rules.iter().any(|r| r.allows(region)) }
    };

    // Not on walk (regions): the regions are looked at only after the account's policies were
    // judged, and only those outside the allowed ones.
    let regions =
        accounts::scanned_regions(bundle, account, "whether there are workloads outside the allowed regions", out);
    if regions.is_empty() {
        return;
    }
    let mut outside = Vec::new();
    let mut unknown = Vec::new();
    for (region, facts) in regions.into_iter().filter(|(region, _)| !allowed(region)) {
        let (found, missing) = workloads(facts);
        if !found.is_empty() {
            outside.push(format!("{region} ({})", found.join(", ")));
        }
        for (reason, lists) in missing {
            unknown.push(format!("the {} of {region} could not be listed: {reason}", and_list(&lists)));
        }
    }
    if !outside.is_empty() {
        out.fail(location, format_args!("{head}; it has workloads outside them: {}.", outside.join("; ")));
    } else if !unknown.is_empty() {
        out.add(
            FindingStatus::Inconclusive,
            location,
            format_args!("{head}; cannot tell whether it has workloads outside them: {}.", unknown.join("; ")),
        );
    } else {
        out.pass(location, format_args!("{head}; it has no workloads in the other scanned regions."));
    }
}

/// The workloads found in a region (`2 running EC2 instances`), and the lists that could not be
/// read, grouped by the reason (`access denied to ec2:DescribeInstances` → `running EC2 instances`).
fn workloads(facts: &RegionFacts) -> (Vec<String>, Vec<(String, Vec<&'static str>)>) {
    let mut found = Vec::new();
    let mut missing: Vec<(String, Vec<&'static str>)> = Vec::new();
    let mut count = |(one, many): (&'static str, &'static str), result: Result<usize, Missing<'_>>| match result {
        Ok(0) => {}
        Ok(1) => found.push(format!("1 {one}")),
        Ok(n) => found.push(format!("{n} {many}")),
        Err(m) => {
            let reason = m.to_string();
            match missing.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, lists)) => lists.push(many),
                None => missing.push((reason, vec![many])),
            }
        }
    };
    count(
        ("running EC2 instance", "running EC2 instances"),
        facts.ec2_instances.get().map(|list| list.iter().filter(|i| i.is_running()).count()),
    );
    count(
        ("EBS volume", "EBS volumes"),
        facts
            .ec2_volumes
            .get()
            .map(|list| list.iter().filter(|v| !matches!(v.state.as_str(), "deleting" | "deleted")).count()),
    );
    count(("RDS DB instance", "RDS DB instances"), facts.rds_db_instances.get().map(Vec::len));
    count(
        ("non-default VPC", "non-default VPCs"),
        facts.ec2_vpcs.get().map(|list| list.iter().filter(|v| !v.is_default).count()),
    );
    (found, missing)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn policy(content: serde_json::Value) -> OrgPolicy {
        OrgPolicy {
            id: "p-1".into(),
            name: "regions".into(),
            kind: PolicyKind::ServiceControlPolicy,
            aws_managed: false,
            content,
            targets: vec!["r-1".into()],
        }
    }

    fn rules(policy: &OrgPolicy) -> Vec<RegionRule<'_>> {
        policy::statements(&policy.content).iter().flat_map(|s| RegionRule::from_statement(policy, s)).collect()
    }

    #[test]
    fn control_tower_style_deny_with_not_action_is_an_allow_list() {
        let p = policy(json!({"Statement": [{
            "Effect": "Deny",
            "NotAction": ["iam:*", "organizations:*", "sts:*"],
            "Resource": "*",
            "Condition": {
                "StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]},
                "ArnNotLike": {"aws:PrincipalARN": ["arn:aws:iam::*:role/AWSControlTowerExecution"]}
            }
        }]}));
        let found = rules(&p);
        assert_eq!(found.len(), 1);
        assert!(found[0].allows("eu-west-1"));
        assert!(!found[0].allows("us-east-1"));
        assert_eq!(found[0].allow_list(), "eu-west-1, eu-central-1 (all but 3 exempted actions)");
    }

    #[test]
    fn string_not_like_patterns_and_if_exists() {
        let p = policy(json!({"Statement": {
            "Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {"StringNotLikeIfExists": {"aws:requestedregion": "eu-*"}}
        }}));
        let found = rules(&p);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].operator, Operator::Like);
        assert!(found[0].allows("eu-north-1"));
        assert!(!found[0].allows("us-west-2"));
        assert_eq!(found[0].allow_list(), "eu-*");
    }

    #[test]
    fn allows_and_block_lists_are_not_allow_lists() {
        for doc in [
            // A deny on the listed regions is a block-list, not an allow-list.
            json!({"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*",
                "Condition": {"StringEquals": {"aws:RequestedRegion": ["ap-east-1"]}}}}),
            // An Allow does not restrict anything in an SCP.
            json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
                "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}}}),
            // A deny conditioned on another key.
            json!({"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*",
                "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}}}}),
        ] {
            assert!(rules(&policy(doc.clone())).is_empty(), "{doc}");
        }
    }

    fn findings(bundle: &serde_json::Value) -> Vec<(FindingStatus, String)> {
        let bundle = Bundle::from_json("test.json", &bundle.to_string()).expect("valid bundle");
        crate::run(&OrgRegionDenyPolicy, &bundle).into_iter().map(|f| (f.status, f.message)).collect()
    }

    fn bundle(organization: Option<serde_json::Value>) -> serde_json::Value {
        let mut b = json!({
            "schema_version": 1,
            "collector": {"tool": "maturity", "version": "test", "collected_at": "2026-11-01T00:00:00Z"},
            "scope": {"accounts": ["222222222222"], "regions": ["eu-west-1"]},
            "accounts": [{"account_id": "222222222222", "name": "standalone", "regions": {"eu-west-1": {}}}]
        });
        if let Some(org) = organization {
            b["organization"] = org;
        }
        b
    }

    #[test]
    fn a_single_account_scan_cannot_tell() {
        let found = findings(&bundle(None));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, FindingStatus::Inconclusive);
        assert!(found[0].1.contains("AWS Organizations, which this scan did not read"), "{}", found[0].1);
    }

    #[test]
    fn unreadable_policies_cannot_tell() {
        let org = json!({
            "organization": {"ok": {"id": "o-1", "management_account_id": "111111111111", "feature_set": "ALL", "root_id": "r-1"}},
            "accounts": {"ok": [{"id": "222222222222", "name": "standalone", "status": "ACTIVE", "parent_id": "r-1"}]},
            "organizational_units": {"ok": []},
            "policies": {"denied": {"action": "organizations:DescribePolicy"}}
        });
        let found = findings(&bundle(Some(org)));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, FindingStatus::Inconclusive);
        assert!(found[0].1.contains("access denied to organizations:DescribePolicy"), "{}", found[0].1);
    }

    #[test]
    fn narrow_deny_says_which_actions_it_covers() {
        let p = policy(json!({"Statement": {
            "Effect": "Deny", "Action": ["ec2:RunInstances"], "Resource": "*",
            "Condition": {"StringNotEqualsIgnoreCase": {"aws:RequestedRegion": "EU-WEST-1"}}
        }}));
        let found = rules(&p);
        assert!(found[0].allows("eu-west-1"));
        assert_eq!(found[0].allow_list(), "EU-WEST-1 (only ec2:RunInstances)");
    }
}
