//! Federated sign-in (IAM Identity Center or an IAM identity provider), per account.

use maturity_evidence::{AccountEvidence, Bundle, IdentityProviderKind, SsoInstance, SsoInstanceStatus};

use crate::across::{Summarize, summarized_check};
use crate::shared::{accounts, organization, prose::and_list, walk};
use crate::{FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account: people can sign in through federation. The account passes when any of
    /// these holds:
    /// - it has an IAM Identity Center instance (`sso:ListInstances`) in a scanned region;
    /// - it has a SAML or OIDC identity provider in IAM (`iam:ListSAMLProviders`,
    ///   `iam:ListOpenIDConnectProviders`);
    /// - it belongs to the scanned organization and the organization's management account has an
    ///   IAM Identity Center instance in a scanned region: an organization instance of Identity
    ///   Center serves every account of the organization.
    ///
    /// An Identity Center instance counts unless its status says it is not active (being created
    /// or deleted). The account fails when none holds and every fact needed was read; it is
    /// inconclusive when none holds and some could not be read (its identity providers, its
    /// Identity Center instances in a region, or those of the management account, including a
    /// management account that was not scanned), and for every account the collector could not
    /// enter. A bundle with no account is not applicable.
    ///
    /// An OIDC provider is often there for CI (GitHub Actions) rather than for people; this
    /// check cannot tell the two apart, so `iam-no-console-users` completes it.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), a verdict that rests on finding
    /// nothing in the scanned regions (a fail, or nothing in scope) is inconclusive instead: what
    /// is looked for may sit in a region that was not scanned.
    ///
    /// ## Why it matters
    /// With federation, people sign in with their corporate identity and MFA and receive
    /// short-lived credentials; when they leave, the central directory removes their access
    /// everywhere at once. Without it, every account keeps its own IAM users and passwords, which
    /// outlive their owners and are a favourite way in.
    ///
    /// ## How to fix
    /// Enable IAM Identity Center in the management account (an organization instance, in your
    /// home region), connect it to your identity provider (Entra ID, Okta, Google…) or use its
    /// directory, and give people access through permission sets. Outside an organization, add a
    /// SAML identity provider and roles for it. Then remove the IAM users of people.
    pub(crate) struct IamFederationInUse {
        id: "iam-federation-in-use",
        title: "People sign in through IAM Identity Center or an identity provider",
        scope: Account,
        reads: ["organization.organization", "organization.accounts", "account.enabled_regions", "account.iam_identity_providers", "region.sso_instances"],
        across_accounts: "the management account's organization instance of IAM Identity Center serves every member account",
    }
}

summarized_check!(IamFederationInUse);

impl Summarize for IamFederationInUse {
    /// What the management account says about Identity Center, kept of that account only.
    type Summary = Option<Management>;
    type Context = Management;

    fn summarize(&self, head: &Bundle, account: &AccountEvidence) -> Option<Management> {
        let org = head.organization.as_ref()?;
        let account_id = organization::management_account_id(head, org).ok()?;
        (account_id == account.account_id).then(|| Management::of(account))
    }

    fn context(&self, head: &Bundle, summaries: Vec<Option<Management>>) -> Management {
        let Some(org) = &head.organization else {
            return Management::NoOrganization;
        };
        let account_id = match organization::management_account_id(head, org) {
            Ok(id) => id,
            Err(missing) => {
                return Management::Unknown(format!("the organization's management account is unknown ({missing})"));
            }
        };
        // The first account of the scan with the management account's id, as `Bundle::account`.
        summaries
            .into_iter()
            .flatten()
            .next()
            .unwrap_or_else(|| Management::Unknown(format!("the management account {account_id} was not scanned")))
    }

    fn judge(&self, management: &Management, bundle: &Bundle, out: &mut Findings) {
        walk::each_account(bundle, out, |account, out| {
            evaluate_account(bundle, account, management, out);
        });
    }
}

/// What the organization's management account says about Identity Center.
pub(crate) enum Management {
    /// The bundle has no organization.
    NoOrganization,
    /// The management account, its Identity Center instances (with their region) and what of it
    /// could not be read.
    Known { account_id: Box<str>, label: String, instances: Vec<(Box<str>, SsoInstance)>, unknown: Vec<String> },
    /// The organization's management account could not be told or was not scanned.
    Unknown(String),
}

impl Management {
    /// What the management account `account` says.
    fn of(account: &AccountEvidence) -> Management {
        if let Some(problem) = account.access_problem() {
            return Management::Unknown(format!(
                "the management account {} could not be read ({problem})",
                account.label()
            ));
        }
        let (instances, unknown) = sso_instances(account);
        let instances = instances.into_iter().map(|(region, instance)| (region.into(), instance.clone())).collect();
        Management::Known {
            account_id: account.account_id.as_str().into(),
            label: account.label().to_string(),
            instances,
            unknown,
        }
    }
}

fn evaluate_account(bundle: &Bundle, account: &AccountEvidence, management: &Management, out: &mut Findings) {
    let location = Location::account(&account.account_id);
    let label = account.label();
    let (instances, mut unknown) = sso_instances(account);
    if let Some((region, instance)) = instances.first() {
        out.pass(
            location,
            format_args!("Account {label} has IAM Identity Center instance {} in {region}.", instance.instance_arn),
        );
        return;
    }
    match account.global.iam_identity_providers.get() {
        Ok(providers) if !providers.is_empty() => {
            let names: Vec<String> = providers
                .iter()
                .map(|p| {
                    let kind = match p.kind {
                        IdentityProviderKind::Saml => "SAML",
                        IdentityProviderKind::Oidc => "OIDC",
                    };
                    format!("{kind} provider {}", p.arn)
                })
                .collect();
            out.pass(location, format_args!("Account {label} federates sign-in through IAM: {}.", and_list(&names)));
            return;
        }
        Ok(_) => {}
        Err(missing) => unknown.insert(0, format!("its IAM identity providers could not be listed ({missing})")),
    }
    let mut absent = vec![format!(
        "Account {label} has no IAM Identity Center instance in the scanned regions and no SAML or OIDC identity provider"
    )];
    match (management, in_organization(bundle, &account.account_id)) {
        (Management::Known { account_id, .. }, _) if **account_id == *account.account_id => {}
        (Management::Known { label: management_label, instances, unknown: management_unknown, .. }, true) => {
            if let Some((region, instance)) = instances.first() {
                out.pass(
                    location,
                    format_args!(
                        "Account {label} can be reached through IAM Identity Center: the organization's management account {management_label} has instance {} in {region}, and Identity Center is organization-wide.",
                        instance.instance_arn
                    ),
                );
                return;
            }
            absent.push(format!("the organization's management account {management_label} has none either"));
            unknown.extend(
                management_unknown.iter().map(|u| format!("in the management account {management_label}, {u}")),
            );
        }
        (Management::Unknown(why), true) => {
            unknown.push(format!("{why}, so the organization's Identity Center could not be looked for"))
        }
        _ => {}
    }
    if unknown.is_empty() {
        out.fail(location, format_args!("{}.", absent.join("; ")));
    } else {
        out.add(
            FindingStatus::Inconclusive,
            location,
            format_args!("Cannot tell whether account {label} uses federation: {}.", unknown.join("; ")),
        );
    }
}

/// Whether the account is a member (or the management account) of the scanned organization: it
/// is in the organization's account list, or that list could not be read (an organization scan
/// covers the organization's accounts).
fn in_organization(bundle: &Bundle, account_id: &str) -> bool {
    bundle.organization.as_ref().is_some_and(|org| match org.accounts.get() {
        Ok(members) => members.iter().any(|m| m.id == account_id),
        Err(_) => true,
    })
}

/// The account's active Identity Center instances with their region, in region order, and the
/// regions whose instances could not be listed (`the Identity Center instances of eu-west-1 could
/// not be listed (access denied to sso:ListInstances)`), or that no region was collected.
fn sso_instances(account: &AccountEvidence) -> (Vec<(&str, &SsoInstance)>, Vec<String>) {
    let mut instances = Vec::new();
    let mut unknown = Vec::new();
    if account.regions.is_empty() {
        unknown.push("no region was collected, so Identity Center could not be looked for".to_owned());
    } else if let Some(why) = accounts::unconfirmed(account) {
        unknown.push(why);
    }
    for (region, facts) in accounts::regions(account) {
        match facts.sso_instances.get() {
            Ok(list) => instances.extend(list.iter().filter(|i| is_active(i)).map(|i| (region, i))),
            Err(missing) => {
                unknown.push(format!("the Identity Center instances of {region} could not be listed ({missing})"));
            }
        }
    }
    (instances, unknown)
}

/// An instance counts unless its status says it is being created or deleted.
fn is_active(instance: &SsoInstance) -> bool {
    instance.status.as_ref().is_none_or(|status| *status == SsoInstanceStatus::Active)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance(status: Option<&str>) -> SsoInstance {
        SsoInstance {
            instance_arn: "arn:aws:sso:::instance/ssoins-1".into(),
            identity_store_id: None,
            owner_account_id: None,
            status: status.map(Into::into),
        }
    }

    #[test]
    fn instances_count_unless_being_created_or_deleted() {
        assert!(is_active(&instance(None)));
        assert!(is_active(&instance(Some("ACTIVE"))));
        assert!(!is_active(&instance(Some("CREATE_IN_PROGRESS"))));
        assert!(!is_active(&instance(Some("DELETE_IN_PROGRESS"))));
    }
}
