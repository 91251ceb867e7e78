//! Internet-facing Application Load Balancers, API Gateway REST API stages and CloudFront
//! distributions behind an AWS WAF web ACL with managed rules, per resource.

use maturity_evidence::{AccountEvidence, Bundle, Missing, WebAcl};

use crate::shared::{accounts, internet_facing, prose, walk};
use crate::{Check, FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// Three kinds of internet-facing entry points of every account:
    /// - every internet-facing Application Load Balancer
    ///   (`elasticloadbalancing:DescribeLoadBalancers`) of every scanned region, whose regional
    ///   web ACL is the one associated with it (`wafv2:ListResourcesForWebACL`, or when that
    ///   cannot be read, the load balancer's own answer to `wafv2:GetWebACLForResource`);
    /// - every stage of every API Gateway REST API whose endpoint type is not `PRIVATE`
    ///   (`apigateway:GET` on `/restapis` and `/restapis/{id}/stages`) of every scanned region,
    ///   whose web ACL is the regional one the stage names (`webAclArn`);
    /// - every enabled CloudFront distribution (`cloudfront:ListDistributions`, account-wide),
    ///   whose web ACL is the `CLOUDFRONT` web ACL it names (`WebACLId`, read with
    ///   `wafv2:ListWebACLs` and `wafv2:GetWebACL` in us-east-1).
    ///
    /// Each passes when it has a web ACL that runs at least one managed rule group (from AWS, such
    /// as `AWSManagedRulesCommonRuleSet`, or from a Marketplace vendor) that is not overridden to
    /// count only. Each fails when it has no web ACL, when its web ACL has no managed rule group
    /// or all its managed rule groups only count, or when the web ACL it names is not among the
    /// AWS WAF web ACLs read (an AWS WAF Classic web ACL, which AWS no longer supports). Internal
    /// load balancers, Network and Gateway Load Balancers, private REST APIs, disabled
    /// distributions, and HTTP or WebSocket APIs are not judged.
    ///
    /// Not applicable for an account without any of these entry points. Inconclusive for a region
    /// whose load balancers or REST APIs could not be listed, for an account whose distributions
    /// could not be listed, and for an entry point whose web ACLs could not be read. A load balancer
    /// that answered it has no web ACL fails even when the web ACLs could not be read.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), one more inconclusive finding for the
    /// account says that the regions beyond the scanned ones were never confirmed, so the check
    /// cannot hold for the account on the scanned regions alone.
    ///
    /// ## Why it matters
    /// An internet-facing application is probed for known vulnerabilities all day long. Managed
    /// rule groups block the common attacks (injection, known bad inputs, exploit payloads for
    /// popular frameworks, requests from known bad IP addresses) before they reach the
    /// application, and their maintainers update them when new attacks appear, which buys time to
    /// patch the application itself. One unprotected door (an API stage published next to a
    /// protected load balancer, a distribution in front of an unprotected origin) is enough.
    ///
    /// ## How to fix
    /// Create a web ACL with at least the core rule set and the known-bad-inputs rule group (a
    /// regional one for load balancers and API stages, one of scope `CLOUDFRONT` in us-east-1
    /// for distributions), watch it in count mode for a short while if needed, then let the
    /// groups block, and associate it (`aws wafv2 associate-web-acl` for a load balancer or API
    /// stage, the distribution's `WebACLId` for CloudFront). In an organization, an AWS Firewall
    /// Manager WAF policy attaches a baseline web ACL to every new resource automatically.
    pub(crate) struct WafInternetFacingAlbsProtected {
        id: "waf-internet-facing-albs-protected",
        title: "Every internet-facing ALB, API stage and CloudFront distribution has a web ACL with managed rules",
        scope: Resource,
        reads: ["account.enabled_regions", "account.cloudfront_distributions", "account.wafv2_cloudfront_web_acls", "region.elbv2_load_balancers", "region.wafv2_web_acls", "region.apigateway_rest_apis"],
    }
}

impl Check for WafInternetFacingAlbsProtected {
    fn evaluate(&self, bundle: &Bundle, out: &mut Findings) {
        walk::each_account(bundle, out, |account, out| {
            let label = account.label();
            let albs = load_balancers(account, out);
            let stages = api_stages(account, out);
            let distributions = distributions(account, out);
            let judged = albs.judged + stages.judged + distributions.judged;
            if judged == 0 && albs.all_read && stages.all_read && distributions.all_read {
                out.not_applicable(
                    Location::account(&account.account_id),
                    format_args!(
                        "Account {label} has no internet-facing Application Load Balancer or API Gateway REST API \
                         stage in the scanned regions, and no enabled CloudFront distribution."
                    ),
                );
            }
        });
    }
}

/// How many entry points of one kind were judged, and whether every list of them was read.
struct Scope {
    judged: usize,
    all_read: bool,
}

fn load_balancers(account: &AccountEvidence, out: &mut Findings) -> Scope {
    let label = account.label();
    let (regions, all_read) = internet_facing::load_balancers(
        account,
        internet_facing::application,
        "whether the internet-facing Application Load Balancers are protected by AWS WAF",
        out,
    );
    let mut judged = 0;
    for edge in regions {
        for lb in edge.load_balancers {
            judged += 1;
            let location = Location::resource(&account.account_id, Some(edge.region), &lb.arn);
            let subject =
                format!("internet-facing Application Load Balancer {} in {} of {label}", lb.name, edge.region);
            // The load balancer's own answer (`wafv2:GetWebACLForResource`) establishes the
            // association when the web ACLs' lists of resources could not be read.
            let acls = edge.facts.wafv2_web_acls.get();
            match (lb.web_acl_arn.get(), acls) {
                (Ok(None), _) => {
                    out.fail(location, format_args!("No AWS WAF web ACL is associated with the {subject}."))
                }
                (Ok(Some(acl_arn)), acls) => judge_named(acls, acl_arn, &subject, location, out),
                (Err(_), Ok(acls)) => {
                    let acl = acls.iter().find(|acl| acl.associated_resources.contains(&lb.arn));
                    let (status, message) = match acl {
                        Some(acl) => judge(acl, &subject),
                        None => (FindingStatus::Fail, format!("No AWS WAF web ACL is associated with the {subject}.")),
                    };
                    out.add(status, location, message);
                }
                (Err(own), Err(listed)) => out.inconclusive(
                    location,
                    &format!(
                        "whether a web ACL protects the {subject}, because neither the web ACLs nor the load \
                         balancer's own web ACL could be read"
                    ),
                    &if lb.web_acl_arn.is_not_collected() { listed } else { own },
                ),
            }
        }
    }
    Scope { judged, all_read }
}

fn api_stages(account: &AccountEvidence, out: &mut Findings) -> Scope {
    let label = account.label();
    let mut scope = Scope { judged: 0, all_read: true };
    for (region, facts) in accounts::regions(account) {
        let apis = match facts.apigateway_rest_apis.get() {
            Ok(apis) => apis,
            Err(missing) => {
                scope.all_read = false;
                out.inconclusive(
                    Location::region(&account.account_id, region),
                    &format!(
                        "whether the public API Gateway REST API stages in {region} of {label} are protected by \
                         AWS WAF, because the REST APIs could not be listed"
                    ),
                    &missing,
                );
                continue;
            }
        };
        for api in apis.iter().filter(|api| api.is_internet_facing()) {
            for stage in &api.stages {
                scope.judged += 1;
                let arn = format!("arn:aws:apigateway:{region}::/restapis/{}/stages/{}", api.id, stage.name);
                let location = Location::resource(&account.account_id, Some(region), &arn);
                let subject =
                    format!("stage {} of public REST API {} ({}) in {region} of {label}", stage.name, api.name, api.id);
                let Some(acl_arn) = stage.web_acl_arn.as_deref() else {
                    out.fail(location, format_args!("No AWS WAF web ACL is associated with the {subject}."));
                    continue;
                };
                judge_named(facts.wafv2_web_acls.get(), acl_arn, &subject, location, out);
            }
        }
    }
    scope
}

fn distributions(account: &AccountEvidence, out: &mut Findings) -> Scope {
    let label = account.label();
    let list = match account.global.cloudfront_distributions.get() {
        Ok(list) => list,
        Err(missing) => {
            out.inconclusive(
                Location::account(&account.account_id),
                &format!(
                    "whether the CloudFront distributions of {label} are protected by AWS WAF, because they could \
                     not be listed"
                ),
                &missing,
            );
            return Scope { judged: 0, all_read: false };
        }
    };
    let mut judged = 0;
    for distribution in list.iter().filter(|d| d.enabled) {
        judged += 1;
        let location = Location::resource(&account.account_id, None, &distribution.arn);
        let subject = format!("CloudFront distribution {} ({}) of {label}", distribution.id, distribution.domain_name);
        let Some(acl_id) = distribution.web_acl_id.as_deref() else {
            out.fail(location, format_args!("No AWS WAF web ACL is associated with the {subject}."));
            continue;
        };
        judge_named(account.global.wafv2_cloudfront_web_acls.get(), acl_id, &subject, location, out);
    }
    Scope { judged, all_read: true }
}

/// Judges a resource that names its web ACL by ARN, given the web ACLs it can use.
fn judge_named(
    acls: Result<&Vec<WebAcl>, Missing<'_>>,
    acl_arn: &str,
    subject: &str,
    location: Location,
    out: &mut Findings,
) {
    match acls {
        Ok(acls) => match acls.iter().find(|acl| acl.arn == acl_arn) {
            Some(acl) => {
                let (status, message) = judge(acl, subject);
                out.add(status, location, message);
            }
            None => out.fail(
                location,
                format_args!(
                    "The {subject} names web ACL {acl_arn}, which is not among the account's AWS WAF web ACLs \
                     (an AWS WAF Classic web ACL, which AWS no longer supports)."
                ),
            ),
        },
        Err(missing) => out.inconclusive(
            location,
            &format!(
                "whether web ACL {acl_arn} of the {subject} runs managed rules, because the web ACLs could not be read"
            ),
            &missing,
        ),
    }
}

/// The verdict for one resource given the web ACL that protects it.
fn judge(acl: &WebAcl, subject: &str) -> (FindingStatus, String) {
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
    fn managed_groups_must_block() {
        let managed = rule("managed_rule_group", Some("AWS"), "NONE");
        assert_eq!(judge(&acl(vec![managed], &["arn:lb"]), "x").0, FindingStatus::Pass);
        let counting = rule("managed_rule_group", Some("AWS"), "COUNT");
        assert_eq!(judge(&acl(vec![counting], &["arn:lb"]), "x").0, FindingStatus::Fail);
        let custom = rule("rate_based", None, "BLOCK");
        assert_eq!(judge(&acl(vec![custom], &["arn:lb"]), "x").0, FindingStatus::Fail);
    }

    #[test]
    fn a_named_web_acl_is_found_by_arn() {
        let acls = vec![acl(vec![rule("managed_rule_group", Some("AWS"), "NONE")], &[])];
        let mut out = Findings::new("t");
        judge_named(Ok(&acls), "arn:acl", "x", Location::account("1"), &mut out);
        judge_named(Ok(&acls), "classic-id", "x", Location::account("1"), &mut out);
        let statuses: Vec<_> = out.as_slice().iter().map(|f| f.status).collect();
        assert_eq!(statuses, vec![FindingStatus::Pass, FindingStatus::Fail]);
    }
}
