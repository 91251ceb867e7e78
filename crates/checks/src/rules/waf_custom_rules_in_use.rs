//! Web ACLs in use that carry custom rules besides managed rule groups, per web ACL.

use maturity_evidence::{AccountEvidence, Bundle, WebAcl};

use crate::shared::{accounts, internet_facing, prose, walk};
use crate::{Check, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Every regional AWS WAF web ACL (`wafv2:ListWebACLs`, `wafv2:GetWebACL`) of every scanned
    /// region of every account that is in use, that is associated with at least one Application
    /// Load Balancer (`wafv2:ListResourcesForWebACL`). It passes when the web ACL has at least one
    /// custom rule: a rate-based rule, a match rule of its own (IP set, geographic, string, regex,
    /// size, SQL injection, cross-site scripting, label, ASN or a combination of these) or a rule
    /// group of the account. It fails when all its rules are managed rule groups (from AWS or a
    /// Marketplace vendor), or it has no rules at all. Custom rules in count mode count: tuning a
    /// rule in count mode first is the recommended way to introduce it.
    ///
    /// Every internet-facing Application Load Balancer
    /// (`elasticloadbalancing:DescribeLoadBalancers`) that no web ACL is associated with fails
    /// too: with no web ACL at all, no custom rule filters its traffic.
    ///
    /// Not applicable only for an account with neither an internet-facing Application Load
    /// Balancer nor a web ACL in use in the scanned regions. Inconclusive for a region whose web
    /// ACLs or load balancers could not be read, and for an account whose enabled regions could
    /// not be listed (a load balancer may sit in a region that was not scanned). Web ACLs of scope `CLOUDFRONT`
    /// and web ACLs used only by API Gateway stages, AppSync APIs or Cognito user pools are not
    /// judged here (their use is not counted as an Application Load Balancer association).
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// Managed rule groups know the common attacks, not the application. Rate limits sized from
    /// the application's real traffic slow down HTTP floods, credential stuffing and scraping;
    /// targeted rules patch a known weakness of the application (a form that lets a quote
    /// through, an endpoint that must only be called from some countries) while the code is
    /// being fixed.
    ///
    /// ## How to fix
    /// Add a rate-based rule to each web ACL in use, with a limit set from monitoring (start in
    /// count mode, then block), and add rules for the application's own exposures as they are
    /// found. Keep the rules in a rule group under version control so that every web ACL of the
    /// application uses the same definition.
    pub(crate) struct WafCustomRulesInUse {
        id: "waf-custom-rules-in-use",
        title: "Every web ACL in use, and so every internet-facing ALB, has custom rules besides managed rule groups",
        scope: Resource,
        reads: ["account.enabled_regions", "region.elbv2_load_balancers", "region.wafv2_web_acls"],
    }
}

impl Check for WafCustomRulesInUse {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_account(bundle, out, |account, out| {
            let label = account.label();
            let (edges, lbs_read) = internet_facing::load_balancers(
                account,
                internet_facing::application,
                "whether custom WAF rules filter the traffic of the internet-facing Application Load Balancers",
                out,
            );
            let mut judged = false;
            let mut acls_read = true;
            for (region, facts) in accounts::regions(account) {
                let acls = match facts.wafv2_web_acls.get() {
                    Ok(acls) => acls,
                    Err(missing) => {
                        acls_read = false;
                        out.inconclusive(
                            Location::region(&account.account_id, region),
                            &format!("whether the web ACLs in use in {region} of {label} have custom rules"),
                            &missing,
                        );
                        continue;
                    }
                };
                for acl in acls.iter().filter(|acl| !acl.associated_resources.is_empty()) {
                    judged = true;
                    judge_acl(account, region, acl, out);
                }
            }
            // An internet-facing load balancer without any web ACL has no custom rule either.
            for edge in &edges {
                let Ok(acls) = edge.facts.wafv2_web_acls.get() else { continue };
                for lb in &edge.load_balancers {
                    if acls.iter().any(|acl| acl.associated_resources.contains(&lb.arn)) {
                        continue;
                    }
                    judged = true;
                    out.fail(
                        Location::resource(&account.account_id, Some(edge.region), &lb.arn),
                        format_args!(
                            "Internet-facing Application Load Balancer {} in {} of {label} has no AWS WAF web ACL, so no custom rule filters its traffic.",
                            lb.name, edge.region
                        ),
                    );
                }
            }
            if !judged && acls_read && lbs_read {
                out.not_applicable(
                    Location::account(&account.account_id),
                    format_args!(
                        "Account {label} has no internet-facing Application Load Balancer and no web ACL associated with a load balancer in the scanned regions."
                    ),
                );
            }
        });
    }
}

/// One finding for a web ACL in use: pass with a custom rule, fail with managed rule groups only.
fn judge_acl(account: &AccountEvidence, region: &str, acl: &WebAcl, out: &mut Findings) {
    let label = account.label();
    let location = Location::resource(&account.account_id, Some(region), &acl.arn);
    let subject = format!("Web ACL {} in {region} of {label}, used by {}", acl.name, used_by(acl));
    let custom: Vec<String> = acl
        .rules
        .iter()
        .filter(|r| !r.is_managed_rule_group())
        .map(|r| format!("{} ({})", r.name, r.statement.replace('_', "-")))
        .collect();
    if custom.is_empty() {
        out.fail(location, format_args!("{subject}, has no custom rule: {}.", only_managed(acl)));
    } else {
        out.pass(
            location,
            format_args!(
                "{subject}, has the custom {} {}.",
                if custom.len() == 1 { "rule" } else { "rules" },
                prose::and_list(&custom)
            ),
        );
    }
}

/// `1 Application Load Balancer` / `2 Application Load Balancers`.
fn used_by(acl: &WebAcl) -> String {
    match acl.associated_resources.len() {
        1 => "1 Application Load Balancer".to_owned(),
        n => format!("{n} Application Load Balancers"),
    }
}

/// What the web ACL runs instead.
fn only_managed(acl: &WebAcl) -> String {
    if acl.rules.is_empty() {
        return "it has no rules at all".to_owned();
    }
    let groups: Vec<String> = acl
        .rules
        .iter()
        .map(|r| format!("{}/{}", r.vendor.as_deref().unwrap_or("?"), r.rule_group.as_deref().unwrap_or(&r.name)))
        .collect();
    format!(
        "it only runs the managed rule {} {}",
        if groups.len() == 1 { "group" } else { "groups" },
        prose::and_list(&groups)
    )
}
