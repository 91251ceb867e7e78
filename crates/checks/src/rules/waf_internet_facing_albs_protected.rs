//! Internet-facing Application Load Balancers behind an AWS WAF web ACL with managed rules, per
//! load balancer.

use maturity_evidence::{Bundle, LoadBalancer, WebAcl};

use crate::shared::{accounts, internet_facing, prose};
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Every internet-facing Application Load Balancer (`elasticloadbalancing:DescribeLoadBalancers`)
    /// of every scanned region of every account. It passes when a regional AWS WAF web ACL is
    /// associated with it (`wafv2:ListResourcesForWebACL`) and that web ACL runs at least one
    /// managed rule group (from AWS, such as `AWSManagedRulesCommonRuleSet`, or from a
    /// Marketplace vendor) that is not overridden to count only. It fails when no web ACL is
    /// associated, when the web ACL has no managed rule group, or when all its managed rule
    /// groups only count. Internal load balancers and Network and Gateway Load Balancers are not
    /// judged (AWS WAF cannot be attached to the latter two).
    ///
    /// Not applicable for an account without internet-facing Application Load Balancers in the
    /// scanned regions. Inconclusive for a region whose load balancers could not be listed, and
    /// for a load balancer whose region's web ACLs could not be read. CloudFront distributions
    /// and API Gateway stages are not collected yet, so they are not judged here.
    ///
    /// ## Why it matters
    /// An internet-facing application is probed for known vulnerabilities all day long. Managed
    /// rule groups block the common attacks (injection, known bad inputs, exploit payloads for
    /// popular frameworks, requests from known bad IP addresses) before they reach the
    /// application, and their maintainers update them when new attacks appear, which buys time to
    /// patch the application itself.
    ///
    /// ## How to fix
    /// Create a regional web ACL with at least the core rule set and the known-bad-inputs rule
    /// group, watch it in count mode for a short while if needed, then let the groups block, and
    /// associate it with the load balancer (`aws wafv2 associate-web-acl`). In an organization,
    /// an AWS Firewall Manager WAF policy attaches a baseline web ACL to every new load balancer
    /// automatically.
    pub(crate) struct WafInternetFacingAlbsProtected {
        id: "waf-internet-facing-albs-protected",
        title: "Every internet-facing Application Load Balancer is protected by a web ACL with managed rules",
        scope: Resource,
    }
}

impl Check for WafInternetFacingAlbsProtected {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        for account in accounts::reachable(bundle, out) {
            let label = account.label();
            let (regions, all_read) = internet_facing::load_balancers(
                account,
                internet_facing::application,
                "whether the internet-facing Application Load Balancers are protected by AWS WAF",
                out,
            );
            if regions.is_empty() {
                if all_read {
                    out.not_applicable(
                        Location::account(&account.account_id),
                        format!(
                            "Account {label} has no internet-facing Application Load Balancer in the scanned regions."
                        ),
                    );
                }
                continue;
            }
            for edge in regions {
                for lb in edge.load_balancers {
                    let location = Location::resource(&account.account_id, Some(edge.region), &lb.arn);
                    let subject =
                        format!("internet-facing Application Load Balancer {} in {} of {label}", lb.name, edge.region);
                    match edge.facts.wafv2_web_acls.get() {
                        Ok(acls) => {
                            let (status, message) = judge(lb, acls, &subject);
                            out.add(status, location, message);
                        }
                        Err(missing) => out.inconclusive(
                            location,
                            &format!(
                                "whether a web ACL protects the {subject}, because the web ACLs could not be read"
                            ),
                            &missing,
                        ),
                    }
                }
            }
        }
    }
}

/// The verdict for one load balancer given its region's web ACLs.
fn judge(lb: &LoadBalancer, acls: &[WebAcl], subject: &str) -> (FindingStatus, String) {
    let Some(acl) = acls.iter().find(|acl| acl.associated_resources.contains(&lb.arn)) else {
        return (FindingStatus::Fail, format!("No AWS WAF web ACL is associated with the {subject}."));
    };
    let managed: Vec<_> = acl.rules.iter().filter(|r| r.is_managed_rule_group()).collect();
    let blocking: Vec<String> = managed
        .iter()
        .filter(|r| !r.only_counts())
        .map(|r| format!("{}/{}", r.vendor.as_deref().unwrap_or("?"), r.rule_group.as_deref().unwrap_or(&r.name)))
        .collect();
    if !blocking.is_empty() {
        return (
            FindingStatus::Pass,
            format!(
                "The {subject} is protected by web ACL {}, which runs the managed rule {} {}.",
                acl.name,
                if blocking.len() == 1 { "group" } else { "groups" },
                prose::and_list(&blocking)
            ),
        );
    }
    let message = if managed.is_empty() {
        format!("Web ACL {} protects the {subject} but runs no managed rule group.", acl.name)
    } else {
        format!(
            "Web ACL {} protects the {subject}, but its managed rule groups only count requests and block nothing.",
            acl.name
        )
    };
    (FindingStatus::Fail, message)
}

#[cfg(test)]
mod tests {
    use maturity_evidence::WebAclRule;

    use super::*;

    fn lb() -> LoadBalancer {
        serde_json::from_value(serde_json::json!({
            "arn": "arn:lb", "name": "web", "load_balancer_type": "application", "scheme": "internet-facing"
        }))
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn acl(rules: Vec<WebAclRule>, associated: &[&str]) -> WebAcl {
        WebAcl {
            name: "acl".into(),
            id: "1".into(),
            arn: "arn:acl".into(),
            rules,
            associated_resources: associated.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    fn rule(statement: &str, vendor: Option<&str>, action: &str) -> WebAclRule {
        WebAclRule {
            name: "r".into(),
            statement: statement.into(),
            vendor: vendor.map(str::to_owned),
            rule_group: Some("G".into()),
            action: Some(action.into()),
        }
    }

    #[test]
    fn managed_groups_must_block_and_the_acl_must_be_associated() {
        let managed = rule("managed_rule_group", Some("AWS"), "NONE");
        assert_eq!(judge(&lb(), &[acl(vec![managed.clone()], &["arn:lb"])], "x").0, FindingStatus::Pass);
        assert_eq!(judge(&lb(), &[acl(vec![managed], &["arn:other"])], "x").0, FindingStatus::Fail);
        let counting = rule("managed_rule_group", Some("AWS"), "COUNT");
        assert_eq!(judge(&lb(), &[acl(vec![counting], &["arn:lb"])], "x").0, FindingStatus::Fail);
        let custom = rule("rate_based", None, "BLOCK");
        assert_eq!(judge(&lb(), &[acl(vec![custom], &["arn:lb"])], "x").0, FindingStatus::Fail);
    }
}
