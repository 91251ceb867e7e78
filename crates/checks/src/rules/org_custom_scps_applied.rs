//! Customer-managed service control policies bounding every member account, per account.

use maturity_evidence::{AccountStatus, Bundle, Hierarchy, Missing, OrgPolicy, OrganizationFacts, PolicyKind};

use crate::shared::organization;
use crate::shared::policy::{self, Effect};
use crate::shared::prose::and_list;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account of the scan that is an active member of the organization: at least one
    /// customer-managed service control policy (`SERVICE_CONTROL_POLICY`, not AWS-managed) is
    /// attached to the account, one of its OUs or the root. A customer SCP whose every statement
    /// allows every action without condition (a copy of `FullAWSAccess`) restricts nothing and
    /// does not count. Pass names the SCPs and where each is attached; fail lists what applies
    /// instead and why it does not count. Customer-managed resource control policies that
    /// apply are named in either message, but RCPs alone do not pass: they bound access to the
    /// account's resources, not what its principals may do.
    ///
    /// When the scan covers the organization's management account (even alone, without `--org`),
    /// every other active account the organization lists is judged too, from the organization's
    /// facts, and so is an account of the scan's scope that has no evidence: the guardrails are
    /// the organization's, not the management account's.
    ///
    /// Not applicable for the management account (SCPs never restrict it) and for accounts that
    /// are not `ACTIVE` (suspended or closing). The judgement uses the organization's facts only,
    /// so an account the collector could not enter is judged too.
    ///
    /// Inconclusive, once for the whole scan, when the bundle has no organization facts (a
    /// single-account scan: SCPs live in AWS Organizations, which was not read); for every
    /// account but the management account when the organization's policies, accounts or OUs,
    /// or which account is the management account, could not be read; and for an account that
    /// is not in the organization's account list.
    ///
    /// ## Why it matters
    /// SCPs are the only guardrail that holds against an account's own administrators: they cap
    /// what any IAM policy in the account can grant. Without one, nothing stops a compromised or
    /// careless admin from leaving the organization, turning off CloudTrail and GuardDuty,
    /// using the root user or opening unused regions. AWS attaches only `FullAWSAccess` by
    /// default, which denies nothing.
    ///
    /// ## How to fix
    /// Write a small set of deny-list SCPs for the rules that must never be broken (do not
    /// leave the organization, do not stop or delete CloudTrail, GuardDuty, Security Hub or
    /// Config, no root user actions in member accounts, only the regions you use) and attach
    /// them to the root or to the OUs that hold workloads. Start from AWS's published example
    /// SCPs or the Control Tower preventive controls, keep them in version control, and test
    /// them on a sandbox OU first.
    pub(crate) struct OrgCustomScpsApplied {
        id: "org-custom-scps-applied",
        title: "A customer-managed SCP applies to every member account",
        scope: Account,
        reads: ["organization.organization", "organization.accounts", "organization.organizational_units", "organization.policies"],
    }
}

impl Check for OrgCustomScpsApplied {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let Some(org) = &bundle.organization else {
            out.add(
                FindingStatus::Inconclusive,
                Location::organization(),
                "Cannot tell whether customer-managed SCPs apply to the accounts: service control policies live in AWS Organizations, which this scan did not read.",
            );
            return;
        };
        let management = organization::management_account_id(bundle, org);
        let context = Context::read(org, management);
        for account in organization::judged_accounts(bundle, org) {
            let location = Location::account(account.id);
            let label = &account.label;
            if management.is_ok_and(|id| id == account.id) {
                out.not_applicable(
                    location,
                    format_args!(
                        "Account {label} is the organization's management account, which SCPs never restrict."
                    ),
                );
                continue;
            }
            match &context {
                Ok(context) => context.evaluate_account(&account, out),
                Err(problem) => out.add(
                    FindingStatus::Inconclusive,
                    location,
                    format_args!("Cannot tell whether a customer-managed SCP applies to account {label}: {problem}."),
                ),
            }
        }
    }
}

/// The organization facts the check needs, read once.
struct Context<'a> {
    org: &'a OrganizationFacts,
    policies: &'a [OrgPolicy],
    /// The organization's accounts and OUs, indexed by id.
    tree: Hierarchy<'a>,
}

impl<'a> Context<'a> {
    /// The facts, or what could not be read and why. Without the management account's id, no
    /// account can be judged: it might be the management account.
    fn read(org: &'a OrganizationFacts, management: Result<&str, Missing<'_>>) -> Result<Self, String> {
        let (policies, _) = organization::policies_and_accounts(org)?;
        management.map_err(|m| organization::unreadable("the organization's management account", m))?;
        Ok(Self { org, policies, tree: org.hierarchy() })
    }

    /// Judges a member account (not the management account).
    fn evaluate_account(&self, account: &organization::Judged<'_>, out: &mut Findings) {
        let location = Location::account(account.id);
        let label = &account.label;
        let Some(member) = self.tree.account(account.id) else {
            out.add(
                FindingStatus::Inconclusive,
                location,
                format_args!(
                    "Cannot tell whether a customer-managed SCP applies to account {label}: it is not in the organization's account list."
                ),
            );
            return;
        };
        if member.status != AccountStatus::Active {
            out.not_applicable(
                location,
                format_args!("Account {label} is {} in the organization, so its SCPs are not judged.", member.status),
            );
            return;
        }
        let applying = |kind: PolicyKind, aws_managed: bool| {
            organization::attached_to(
                self.org,
                &self.tree,
                self.policies.iter().filter(move |p| p.kind == kind && p.aws_managed == aws_managed),
                account.id,
            )
        };
        let (guardrails, allow_all): (Vec<_>, Vec<_>) =
            applying(PolicyKind::ServiceControlPolicy, false).into_iter().partition(|(p, _)| !restricts_nothing(p));
        let rcps = applying(PolicyKind::ResourceControlPolicy, false);
        if !guardrails.is_empty() {
            let scps = match guardrails.len() {
                1 => "the customer-managed SCP".to_owned(),
                n => format!("{n} customer-managed SCPs:"),
            };
            let rcp_note = match rcps.len() {
                0 => String::new(),
                1 => format!(" The customer-managed RCP {} applies too.", named(&rcps)),
                _ => format!(" The customer-managed RCPs {} apply too.", named(&rcps)),
            };
            out.pass(location, format_args!("Account {label} is bounded by {scps} {}.{rcp_note}", named(&guardrails)));
            return;
        }
        // What applies instead, each with why it does not count.
        let mut instead: Vec<String> = applying(PolicyKind::ServiceControlPolicy, true)
            .iter()
            .map(|(policy, target)| {
                format!("the AWS-managed {} attached to {target}", organization::policy_label(policy))
            })
            .collect();
        instead.extend(allow_all.iter().map(|(policy, target)| {
            format!(
                "the customer-managed {} attached to {target}, which only allows every action",
                organization::policy_label(policy)
            )
        }));
        instead.extend(rcps.iter().map(|(policy, target)| {
            format!(
                "the customer-managed {} attached to {target}, but RCPs bound access to the account's resources, not what its principals may do",
                organization::policy_label(policy)
            )
        }));
        let message = if instead.is_empty() {
            format!("No SCP is attached to account {label}, its OUs or the root.")
        } else {
            format!(
                "No customer-managed SCP that restricts anything applies to account {label}. What applies: {}.",
                instead.join("; ")
            )
        };
        out.fail(location, message);
    }
}

/// `deny-leave-org (p-1) attached to the organization root and protect-security (p-2) attached
/// to OU Workloads (ou-workloads)`.
fn named(policies: &[(&OrgPolicy, String)]) -> String {
    let items: Vec<String> = policies
        .iter()
        .map(|(policy, target)| format!("{} ({}) attached to {target}", policy.name, policy.id))
        .collect();
    and_list(&items).to_string()
}

/// Whether every statement of the policy allows every action without condition (and it has at
/// least one): such a policy bounds nothing, like `FullAWSAccess`.
fn restricts_nothing(policy: &OrgPolicy) -> bool {
    let statements = policy::statements(&policy.content);
    !statements.is_empty()
        && statements.iter().all(|s| {
            s.effect == Effect::Allow
                && s.conditions.is_empty()
                && s.action.as_ref().is_some_and(|actions| actions.iter().any(|a| a == "*"))
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::{FindingStatus, run};

    /// A bundle with accounts 1 (management) and 2, and `organization` as given (or none).
    fn verdicts(organization: Option<serde_json::Value>) -> Vec<(FindingStatus, String, String)> {
        let mut bundle = json!({
            "schema_version": 1,
            "collector": {"tool": "maturity", "version": "test", "collected_at": "2026-11-01T00:00:00Z"},
            "scope": {"management_account_id": "111111111111", "accounts": [], "regions": []},
            "accounts": [{"account_id": "111111111111"}, {"account_id": "222222222222"}]
        });
        if let Some(org) = organization {
            bundle["organization"] = org;
        }
        let bundle = Bundle::from_json("test", &bundle.to_string()).unwrap_or_else(|e| panic!("{e}"));
        run(&OrgCustomScpsApplied, &bundle).into_iter().map(|f| (f.status, f.location.to_string(), f.message)).collect()
    }

    #[test]
    fn without_organization_one_inconclusive_finding() {
        let found = verdicts(None);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].1.as_str()), (FindingStatus::Inconclusive, "organization"));
        assert!(found[0].2.contains("AWS Organizations"), "{found:?}");
    }

    #[test]
    fn management_account_is_known_even_when_policies_are_not() {
        let found = verdicts(Some(json!({"policies": {"denied": {"action": "organizations:ListPolicies"}}})));
        assert_eq!(found[0].0, FindingStatus::NotApplicable, "{found:?}");
        assert_eq!(found[1].0, FindingStatus::Inconclusive, "{found:?}");
        assert!(found[1].2.contains("organizations:ListPolicies"), "{found:?}");
    }

    #[test]
    fn an_account_missing_from_the_organization_list_is_inconclusive() {
        let found = verdicts(Some(json!({
            "accounts": {"ok": [{"id": "111111111111", "name": "m", "status": "ACTIVE", "parent_id": "r-1"}]},
            "organizational_units": {"ok": []},
            "policies": {"ok": []}
        })));
        assert_eq!(found[1].0, FindingStatus::Inconclusive, "{found:?}");
        assert!(found[1].2.contains("not in the organization's account list"), "{found:?}");
    }

    fn scp(content: serde_json::Value) -> OrgPolicy {
        OrgPolicy {
            id: "p-1".into(),
            name: "custom".into(),
            kind: PolicyKind::ServiceControlPolicy,
            aws_managed: false,
            content,
            targets: vec!["r-1".into()],
        }
    }

    #[test]
    fn copies_of_full_aws_access_restrict_nothing() {
        assert!(restricts_nothing(&scp(json!({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}))));
        assert!(restricts_nothing(&scp(json!(
            r#"{"Statement":[{"Effect":"Allow","Action":["*"],"Resource":"*"},{"Effect":"Allow","Action":"*"}]}"#
        ))));
    }

    #[test]
    fn deny_lists_allow_lists_and_conditions_restrict() {
        let deny = json!({"Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}
        ]});
        assert!(!restricts_nothing(&scp(deny)));
        let allow_list = json!({"Statement": {"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"}});
        assert!(!restricts_nothing(&scp(allow_list)));
        let conditional = json!({"Statement": {
            "Effect": "Allow", "Action": "*", "Resource": "*",
            "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}
        }});
        assert!(!restricts_nothing(&scp(conditional)));
        // An unreadable document is not taken for a harmless one.
        assert!(!restricts_nothing(&scp(json!("not json"))));
    }
}
