//! AWS Shield Advanced subscribed and protecting the internet-facing load balancers, per account.

use maturity_evidence::Bundle;

use crate::shared::{internet_facing, prose, walk};
use crate::{Check, Findings, Location, declare_check};

/// At most this many unprotected load balancers are named in a message.
const NAMED: usize = 5;

declare_check! {
    /// ## What it checks
    /// Every account: it passes when its AWS Shield Advanced subscription is `ACTIVE`
    /// (`shield:GetSubscriptionState`) and every internet-facing Application Load Balancer of the
    /// scanned regions is a protected resource (`shield:ListProtections`). It fails when the
    /// subscription is not active while the account has internet-facing Application Load
    /// Balancers, or when some of them are not protected (the message names them).
    ///
    /// Not applicable for an account without an active subscription and without any
    /// internet-facing Application Load Balancer in the scanned regions: there is nothing in the
    /// evidence to protect. CloudFront distributions, Route 53 hosted zones, Global Accelerator
    /// accelerators and Elastic IP addresses (through which Network Load Balancers are
    /// protected) are not collected yet, so they are not judged. Inconclusive when the
    /// subscription could not be read, or when the load balancers of a region could not be listed.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Shield Standard absorbs network and transport layer floods for everyone. Shield Advanced
    /// adds what large or application-layer attacks need: detection tuned to each protected
    /// resource, automatic application-layer mitigation through AWS WAF, the Shield Response Team
    /// on call during an attack, and credits for the scaling an attack forces. It only does this
    /// for the resources added as protections.
    ///
    /// ## How to fix
    /// Subscribe to Shield Advanced (one subscription covers the accounts of a consolidated
    /// billing family, but each account must subscribe), add every internet-facing load balancer,
    /// CloudFront distribution and Elastic IP as a protection, associate Route 53 health checks,
    /// and enable automatic application-layer mitigation. An AWS Firewall Manager Shield Advanced
    /// policy keeps new resources protected across the organization.
    pub(crate) struct ShieldAdvancedProtections {
        id: "shield-advanced-protections",
        title: "Shield Advanced protects every internet-facing load balancer",
        scope: Account,
        reads: ["account.enabled_regions", "account.shield_advanced", "region.elbv2_load_balancers"],
        alternative: "a third-party CDN or DDoS protection service in front of the resources",
    }
}

impl Check for ShieldAdvancedProtections {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_account_fact(
            bundle,
            out,
            |facts| &facts.shield_advanced,
            |account| format!("whether Shield Advanced protects {}", account.label()),
            |account, shield, out| {
                let label = account.label();
                let location = Location::account(&account.account_id);
                let (regions, all_read) = internet_facing::load_balancers(
                    account,
                    internet_facing::application,
                    "whether Shield Advanced protects the internet-facing load balancers",
                    out,
                );
                let exposed: Vec<(&str, &str, &str)> = regions
                    .iter()
                    .flat_map(|r| r.load_balancers.iter().map(move |lb| (r.region, lb.name.as_str(), lb.arn.as_str())))
                    .collect();
                if !shield.is_active() {
                    if !exposed.is_empty() {
                        out.fail(
                        location,
                        format_args!(
                            "Account {label} has no active Shield Advanced subscription (state {}), yet it has {} internet-facing Application Load {}.",
                            shield.subscription_state,
                            exposed.len(),
                            if exposed.len() == 1 { "Balancer" } else { "Balancers" }
                        ),
                    );
                    } else if all_read {
                        out.not_applicable(
                        location,
                        format_args!(
                            "Account {label} has no Shield Advanced subscription and no internet-facing Application Load Balancer in the scanned regions to protect."
                        ),
                    );
                    }
                    return;
                }
                let unprotected: Vec<String> = exposed
                    .iter()
                    .filter(|(_, _, arn)| !shield.protected_resources.iter().any(|p| p == arn))
                    .map(|(region, name, _)| format!("{name} in {region}"))
                    .collect();
                if !unprotected.is_empty() {
                    let mut named: Vec<String> = unprotected.iter().take(NAMED).cloned().collect();
                    if unprotected.len() > NAMED {
                        named.push(format!("{} more", unprotected.len() - NAMED));
                    }
                    out.fail(
                    location,
                    format_args!(
                        "Shield Advanced is active in account {label}, but {} of its {} internet-facing Application Load Balancers {} not protected: {}.",
                        unprotected.len(),
                        exposed.len(),
                        if unprotected.len() == 1 { "is" } else { "are" },
                        prose::and_list(&named)
                    ),
                );
                } else if all_read {
                    let message = if exposed.is_empty() {
                        format!(
                            "Shield Advanced is active in account {label}, which has no internet-facing Application Load Balancer in the scanned regions."
                        )
                    } else if exposed.len() == 1 {
                        format!(
                            "Shield Advanced is active in account {label} and protects its internet-facing Application Load Balancer."
                        )
                    } else {
                        format!(
                            "Shield Advanced is active in account {label} and protects all {} of its internet-facing Application Load Balancers.",
                            exposed.len()
                        )
                    };
                    out.pass(location, message);
                }
            },
        );
    }
}
