//! AWS Verified Access in use with a trust provider, per account.

use maturity_evidence::{AccountEvidence, Bundle, Missing, RegionFacts, VerifiedAccessInstance};

use crate::shared::accounts;
use crate::shared::prose::and_list;
use crate::shared::walk;
use crate::{Check, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account: at least one AWS Verified Access instance
    /// (`ec2:DescribeVerifiedAccessInstances`) in any scanned region has a trust provider attached
    /// (a user identity provider such as IAM Identity Center or OIDC, or a device-posture
    /// provider). One finding per account: pass naming the instance, its trust providers and how
    /// many endpoints it serves; fail when no scanned region has one (instances without a trust
    /// provider are named: they cannot grant access on identity or device context).
    ///
    /// Only AWS Verified Access is visible to this check: a third-party zero-trust access broker
    /// cannot be seen and should be attested instead. Zero-trust access is usually set up in a
    /// few accounts that publish the applications, so the control is met when some accounts
    /// pass; workload accounts without applications to publish fail here harmlessly.
    ///
    /// Inconclusive when no region shows a Verified Access instance with a trust provider and
    /// the Verified Access instances of some region could not be read; also for an account the
    /// collector could not enter and for an account with no region collected in a scan that had
    /// regions. Not applicable when the scan had no region in scope.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), a verdict that rests on finding
    /// nothing in the scanned regions (a fail, or nothing in scope) is inconclusive instead: what
    /// is looked for may sit in a region that was not scanned.
    ///
    /// ## Why it matters
    /// A VPN or a network allow list trusts whoever is on the network. Zero-trust access decides
    /// each request on who the user is and the state of their device (patched, managed, with
    /// endpoint protection running), so a stolen password or a compromised laptop does not open
    /// every internal application, and each decision is logged.
    ///
    /// ## How to fix
    /// Create a Verified Access instance, attach a user trust provider (IAM Identity Center or
    /// your OIDC identity provider) and, where you manage devices, a device trust provider
    /// (Jamf, CrowdStrike, JumpCloud …). Put internal applications behind Verified Access
    /// endpoints in groups whose Cedar policies require the user's groups and the device's
    /// posture, and send the access logs to your log archive.
    pub(crate) struct VerifiedAccessInUse {
        id: "verified-access-in-use",
        title: "AWS Verified Access is in use with a trust provider",
        scope: Account,
        reads: ["account.enabled_regions", "region.verified_access_instances"],
        alternative: "another identity-aware proxy or zero-trust access service",
    }
}

impl Check for VerifiedAccessInUse {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::any_region(bundle, out, "whether AWS Verified Access is in use", evaluate_account);
    }
}

fn evaluate_account(account: &AccountEvidence, regions: &[(&str, &RegionFacts)], out: &mut Findings) {
    let label = account.label();
    let location = Location::account(&account.account_id);
    let mut unread: Option<(&str, Missing<'_>)> = None;
    let mut without_providers: Vec<String> = Vec::new();
    for &(region, facts) in regions {
        let instances = match facts.verified_access_instances.get() {
            Ok(instances) => instances,
            Err(missing) => {
                unread.get_or_insert((region, missing));
                continue;
            }
        };
        if let Some(instance) = instances.iter().find(|i| !i.trust_providers.is_empty()) {
            out.pass(location, format_args!("{} in {region} of {label}.", describe(instance)));
            return;
        }
        without_providers.extend(instances.iter().map(|i| format!("{} in {region}", i.verified_access_instance_id)));
    }
    if let Some((region, missing)) = unread {
        out.inconclusive(
            location,
            &format!("whether AWS Verified Access is in use in {label} (the instances in {region} could not be read)"),
            &missing,
        );
        return;
    }
    let scanned: Vec<&str> = regions.iter().map(|(r, _)| *r).collect();
    let message = if without_providers.is_empty() {
        format!("There is no AWS Verified Access instance in {label} (regions scanned: {}).", scanned.join(", "))
    } else {
        format!(
            "No AWS Verified Access instance of {label} has a trust provider: {} {} none (regions scanned: {}).",
            and_list(&without_providers),
            if without_providers.len() == 1 { "has" } else { "have" },
            scanned.join(", ")
        )
    };
    accounts::fail_unless_unconfirmed(out, account, location, message);
}

/// `Verified Access instance vai-1 has trust providers vatp-1 (user, iam-identity-center) and serves 2 endpoints`.
fn describe(instance: &VerifiedAccessInstance) -> String {
    let providers: Vec<String> = instance
        .trust_providers
        .iter()
        .map(|p| match &p.provider {
            Some(provider) => {
                format!("{} ({}, {provider})", p.verified_access_trust_provider_id, p.trust_provider_type)
            }
            None => format!("{} ({})", p.verified_access_trust_provider_id, p.trust_provider_type),
        })
        .collect();
    format!(
        "Verified Access instance {} has trust provider{} {} and serves {} endpoint{}",
        instance.verified_access_instance_id,
        if providers.len() == 1 { "" } else { "s" },
        and_list(&providers),
        instance.endpoints,
        if instance.endpoints == 1 { "" } else { "s" }
    )
}
