//! A tag policy of AWS Organizations applies to every account.

use maturity_evidence::{AccountStatus, Bundle, PolicyKind};

use crate::shared::organization;
use crate::shared::prose::and_list;
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account of the scan that is an active member of the organization, the
    /// management account included (tag policies, unlike SCPs, apply to it): at least one tag
    /// policy (`TAG_POLICY`) is attached to the account, one of its OUs or the root. Pass names
    /// the tag policies and where each is attached; fail says that none reaches the account.
    ///
    /// When the scan covers the organization's management account (even alone, without `--org`),
    /// every other active account the organization lists is judged too, from the organization's
    /// facts, and so is an account of the scan's scope that has no evidence: the guardrails are
    /// the organization's, not the management account's.
    ///
    /// Not applicable for accounts that are not `ACTIVE` (suspended or closing). The judgement
    /// uses the organization's facts only, so an account the collector could not enter is
    /// judged too.
    ///
    /// Inconclusive, once for the whole scan, when the bundle has no organization facts (a
    /// single-account scan); for every account when the organization's policies, accounts or OUs
    /// could not be read; and for an account that is not in the organization's account list.
    /// Whether resources actually carry the tags is not judged here.
    ///
    /// ## Why it matters
    /// Tags are how security tooling knows who owns a resource, which data it holds and which
    /// environment it belongs to: incident response, data classification, cost allocation and
    /// attribute-based access control all read them. A tag policy writes the tagging strategy
    /// down where every account sees it (allowed keys, their spelling and values) and can refuse
    /// non-compliant tags; without one, each team invents its own and the tags cannot be trusted.
    ///
    /// ## How to fix
    /// Enable the tag policy type on the organization root, write a tag policy with your
    /// mandatory keys (owner, environment, data classification …) and their allowed values,
    /// and attach it to the root or to every OU. Start in report mode, review the compliance
    /// report in the Resource Groups Tagging console, then enforce it for the resource types that
    /// matter.
    pub(crate) struct OrgTagPolicyApplied {
        id: "org-tag-policy-applied",
        title: "A tag policy applies to every account of the organization",
        scope: Account,
        reads: ["organization.accounts", "organization.organizational_units", "organization.policies"],
    }
}

impl Check for OrgTagPolicyApplied {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        let Some(org) = &bundle.organization else {
            out.add(
                FindingStatus::Inconclusive,
                Location::organization(),
                "Cannot tell whether tag policies apply to the accounts: tag policies live in AWS Organizations, which this scan did not read.",
            );
            return;
        };
        let context = organization::policies_and_accounts(org);
        let tree = org.hierarchy();
        for account in organization::judged_accounts(bundle, org) {
            let location = Location::account(account.id);
            let label = &account.label;
            let (policies, _) = match &context {
                Ok(context) => context,
                Err(problem) => {
                    out.add(
                        FindingStatus::Inconclusive,
                        location,
                        format_args!("Cannot tell whether a tag policy applies to account {label}: {problem}."),
                    );
                    continue;
                }
            };
            let Some(member) = tree.account(account.id) else {
                out.add(
                    FindingStatus::Inconclusive,
                    location,
                    format_args!(
                        "Cannot tell whether a tag policy applies to account {label}: it is not in the organization's account list."
                    ),
                );
                continue;
            };
            if member.status != AccountStatus::Active {
                out.not_applicable(
                    location,
                    format_args!(
                        "Account {label} is {} in the organization, so its tag policies are not judged.",
                        member.status
                    ),
                );
                continue;
            }
            let applying = organization::attached_to(
                org,
                &tree,
                policies.iter().filter(|p| p.kind == PolicyKind::TagPolicy),
                account.id,
            );
            if applying.is_empty() {
                out.fail(location, format_args!("No tag policy is attached to account {label}, its OUs or the root."));
            } else {
                let named: Vec<String> = applying
                    .iter()
                    .map(|(policy, target)| format!("{} ({}) attached to {target}", policy.name, policy.id))
                    .collect();
                let noun = if applying.len() == 1 { "the tag policy" } else { "the tag policies" };
                out.pass(location, format_args!("Account {label} is governed by {noun} {}.", and_list(&named)));
            }
        }
    }
}
