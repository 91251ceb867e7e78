//! AWS WAF: per region, the regional web ACLs with their rules and the Application Load Balancers
//! they protect (listed per web ACL, or asked per load balancer when they cannot be listed);
//! account-wide, the web ACLs of scope `CLOUDFRONT` (read in us-east-1) with their
//! rules. CloudFront distributions and API Gateway stages name their web ACL themselves, so their
//! associations are collected with them; AppSync and Cognito associations are not collected.

use aws_sdk_wafv2::types::{
    FirewallManagerRuleGroup, OverrideAction, ResourceType, Rule, RuleAction, Scope, Statement, WebAclSummary,
};
use maturity_evidence::{Fact, LoadBalancer, WebAcl, WebAclRule};

use super::{Limit, fan_out, paging};
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_WEB_ACLS: "wafv2:ListWebACLs";
    GET_WEB_ACL: "wafv2:GetWebACL";
    LIST_RESOURCES_FOR_WEB_ACL: "wafv2:ListResourcesForWebACL";
    GET_WEB_ACL_FOR_RESOURCE: "wafv2:GetWebACLForResource";
}

/// The regional web ACLs, and why their associations could not be listed, if they could not.
pub(crate) struct RegionalWebAcls {
    acls: Fact<Vec<WebAcl>>,
    unlisted: Option<Problem>,
}

/// `wafv2:ListWebACLs` (`REGIONAL`), then `wafv2:GetWebACL` and `wafv2:ListResourcesForWebACL`
/// (`APPLICATION_LOAD_BALANCER`) for each. A web ACL that cannot be read makes the list that
/// problem: a web ACL without its rules is not evidence. Associations that cannot be listed are
/// left for [`associate`] to ask per load balancer.
pub(crate) async fn web_acls(clients: &Clients, region: &str, limit: &Limit) -> RegionalWebAcls {
    let client = clients.wafv2(region);
    let summaries = match list(&client, &Scope::Regional).await {
        Ok(summaries) => summaries,
        Err(problem) => return RegionalWebAcls { acls: problem.clone().into_fact(), unlisted: Some(problem) },
    };
    let described = fan_out(limit, summaries, move |summary| {
        let client = client.clone();
        async move { web_acl(&client, summary, Scope::Regional).await }
    })
    .await;
    let described: Result<Vec<(WebAcl, Option<Problem>)>, Problem> = described.into_iter().collect();
    match described {
        Ok(described) => {
            let unlisted = described.iter().find_map(|(_, problem)| problem.clone());
            let mut acls: Vec<WebAcl> = described.into_iter().map(|(acl, _)| acl).collect();
            if unlisted.is_some() {
                // Partly listed associations are no list: [`associate`] gathers them all again.
                acls.iter_mut().for_each(|acl| acl.associated_resources.clear());
            }
            RegionalWebAcls { acls: Fact::Ok(acls), unlisted }
        }
        Err(problem) => RegionalWebAcls { acls: problem.clone().into_fact(), unlisted: Some(problem) },
    }
}

/// Sets each Application Load Balancer's web ACL (`web_acl_arn`) and returns the region's web
/// ACLs. When the web ACLs' associations were listed, they decide; otherwise each Application
/// Load Balancer is asked (`wafv2:GetWebACLForResource`), which establishes the same fact one
/// load balancer at a time. The web ACLs are recorded only when every association is known;
/// otherwise they keep the listing's problem, and each load balancer keeps its own answer.
pub(crate) async fn associate(
    clients: &Clients,
    region: &str,
    limit: &Limit,
    load_balancers: &mut Fact<Vec<LoadBalancer>>,
    found: RegionalWebAcls,
) -> Fact<Vec<WebAcl>> {
    let RegionalWebAcls { mut acls, unlisted } = found;
    let Fact::Ok(lbs) = load_balancers else {
        // No load balancers to ask: associations that could not be listed stay unknown.
        return match (unlisted, acls) {
            (Some(problem), Fact::Ok(_)) => problem.into_fact(),
            (_, acls) => acls,
        };
    };
    let albs = lbs.iter_mut().filter(|lb| lb.is_application());
    let Some(problem) = unlisted else {
        if let Fact::Ok(list) = &acls {
            for lb in albs {
                let acl = list.iter().find(|acl| acl.associated_resources.contains(&lb.arn));
                lb.web_acl_arn = Fact::Ok(acl.map(|acl| acl.arn.clone()));
            }
        }
        return acls;
    };
    let client = clients.wafv2(region);
    let arns: Vec<String> = lbs.iter().filter(|lb| lb.is_application()).map(|lb| lb.arn.clone()).collect();
    let answers = fan_out(limit, arns, move |arn| {
        let client = client.clone();
        async move { fact(web_acl_for_resource(&client, &arn).await) }
    })
    .await;
    let mut all_known = true;
    for (lb, answer) in lbs.iter_mut().filter(|lb| lb.is_application()).zip(answers) {
        all_known &= answer.get().is_ok();
        if let (Fact::Ok(list), Fact::Ok(Some(acl_arn))) = (&mut acls, &answer)
            && let Some(acl) = list.iter_mut().find(|acl| &acl.arn == acl_arn)
        {
            acl.associated_resources.push(lb.arn.clone());
        }
        lb.web_acl_arn = answer;
    }
    if all_known { acls } else { problem.into_fact() }
}

/// `wafv2:GetWebACLForResource`: the ARN of the web ACL associated with the resource, if any.
async fn web_acl_for_resource(client: &aws_sdk_wafv2::Client, arn: &str) -> Result<Option<String>, Problem> {
    let out = client.get_web_acl_for_resource().resource_arn(arn).send().await.or_problem(GET_WEB_ACL_FOR_RESOURCE)?;
    Ok(out.web_acl().map(|acl| acl.arn().to_owned()))
}

/// CloudFront web ACLs live in us-east-1.
const CLOUDFRONT_REGION: &str = "us-east-1";

/// `wafv2:ListWebACLs` (`CLOUDFRONT`, in us-east-1), then `wafv2:GetWebACL` for each. Their
/// associations are not listed: each distribution names its web ACL (`WebACLId`).
pub(crate) async fn cloudfront_web_acls(clients: &Clients, limit: &Limit) -> Fact<Vec<WebAcl>> {
    scoped(clients.wafv2(CLOUDFRONT_REGION), Scope::Cloudfront, limit).await
}

async fn scoped(client: aws_sdk_wafv2::Client, scope: Scope, limit: &Limit) -> Fact<Vec<WebAcl>> {
    let summaries = match list(&client, &scope).await {
        Ok(summaries) => summaries,
        Err(problem) => return problem.into_fact(),
    };
    let described = fan_out(limit, summaries, move |summary| {
        let (client, scope) = (client.clone(), scope.clone());
        async move { web_acl(&client, summary, scope).await.map(|(acl, _)| acl) }
    })
    .await;
    fact(described.into_iter().collect())
}

async fn list(client: &aws_sdk_wafv2::Client, scope: &Scope) -> Result<Vec<WebAclSummary>, Problem> {
    paging::by_token(
        LIST_WEB_ACLS,
        |marker| client.list_web_acls().scope(scope.clone()).set_next_marker(marker).send(),
        |page| {
            let summaries = page.web_acls.unwrap_or_default();
            // WAF answers a marker even on the last page; a page without web ACLs ends the list.
            let next = if summaries.is_empty() { None } else { page.next_marker };
            (summaries, next)
        },
    )
    .await
}

/// One web ACL with its rules, and for a regional one its associations with Application Load
/// Balancers (left empty, with the problem, when they cannot be listed).
async fn web_acl(
    client: &aws_sdk_wafv2::Client,
    summary: WebAclSummary,
    scope: Scope,
) -> Result<(WebAcl, Option<Problem>), Problem> {
    let (Some(name), Some(id)) = (summary.name(), summary.id()) else {
        return Err(Problem::Failed("wafv2:ListWebACLs returned a web ACL without a name or id".to_owned()));
    };
    let regional = scope == Scope::Regional;
    let out = client.get_web_acl().name(name).id(id).scope(scope).send().await.or_problem(GET_WEB_ACL)?;
    let Some(acl) = out.web_acl() else {
        return Err(Problem::Failed(format!("wafv2:GetWebACL returned no web ACL for {name}")));
    };
    let (associated_resources, unlisted) = if regional {
        match client
            .list_resources_for_web_acl()
            .web_acl_arn(acl.arn())
            .resource_type(ResourceType::ApplicationLoadBalancer)
            .send()
            .await
            .or_problem(LIST_RESOURCES_FOR_WEB_ACL)
        {
            Ok(out) => (out.resource_arns().to_vec(), None),
            Err(problem) => (Vec::new(), Some(problem)),
        }
    } else {
        (Vec::new(), None)
    };
    let rules = acl
        .pre_process_firewall_manager_rule_groups()
        .iter()
        .map(firewall_manager_rule)
        .chain(acl.rules().iter().map(rule))
        .chain(acl.post_process_firewall_manager_rule_groups().iter().map(firewall_manager_rule))
        .collect();
    let acl = WebAcl {
        name: acl.name().to_owned(),
        id: acl.id().to_owned(),
        arn: acl.arn().to_owned(),
        rules,
        associated_resources,
    };
    Ok((acl, unlisted))
}

fn rule(rule: &Rule) -> WebAclRule {
    let mut out = WebAclRule {
        name: rule.name().to_owned(),
        statement: "unknown".to_owned(),
        vendor: None,
        rule_group: None,
        action: rule.action().map(rule_action).or_else(|| rule.override_action().map(override_action)).map(Into::into),
    };
    if let Some(statement) = rule.statement() {
        describe_statement(statement, &mut out);
    }
    out
}

fn firewall_manager_rule(group: &FirewallManagerRuleGroup) -> WebAclRule {
    let mut out = WebAclRule {
        name: group.name().to_owned(),
        statement: "unknown".to_owned(),
        vendor: None,
        rule_group: None,
        action: group.override_action().map(override_action).map(Into::into),
    };
    if let Some(statement) = group.firewall_manager_statement() {
        if let Some(managed) = statement.managed_rule_group_statement() {
            out.statement = "managed_rule_group".to_owned();
            out.vendor = Some(managed.vendor_name().to_owned());
            out.rule_group = Some(managed.name().to_owned());
        } else if let Some(reference) = statement.rule_group_reference_statement() {
            out.statement = "rule_group".to_owned();
            out.rule_group = Some(reference.arn().to_owned());
        }
    }
    out
}

/// Sets the rule's statement kind (and the rule group it runs, for rule groups).
fn describe_statement(statement: &Statement, out: &mut WebAclRule) {
    if let Some(managed) = statement.managed_rule_group_statement() {
        out.vendor = Some(managed.vendor_name().to_owned());
        out.rule_group = Some(managed.name().to_owned());
        out.statement = "managed_rule_group".to_owned();
        return;
    }
    if let Some(reference) = statement.rule_group_reference_statement() {
        out.rule_group = Some(reference.arn().to_owned());
        out.statement = "rule_group".to_owned();
        return;
    }
    let kinds: [(&str, bool); 15] = [
        ("rate_based", statement.rate_based_statement().is_some()),
        ("byte_match", statement.byte_match_statement().is_some()),
        ("geo_match", statement.geo_match_statement().is_some()),
        ("ip_set", statement.ip_set_reference_statement().is_some()),
        ("regex_pattern_set", statement.regex_pattern_set_reference_statement().is_some()),
        ("regex_match", statement.regex_match_statement().is_some()),
        ("size_constraint", statement.size_constraint_statement().is_some()),
        ("sqli_match", statement.sqli_match_statement().is_some()),
        ("xss_match", statement.xss_match_statement().is_some()),
        ("label_match", statement.label_match_statement().is_some()),
        ("asn_match", statement.asn_match_statement().is_some()),
        ("and", statement.and_statement().is_some()),
        ("or", statement.or_statement().is_some()),
        ("not", statement.not_statement().is_some()),
        ("unknown", true),
    ];
    if let Some((kind, _)) = kinds.iter().find(|(_, present)| *present) {
        (*kind).clone_into(&mut out.statement);
    }
}

fn rule_action(action: &RuleAction) -> String {
    let name = if action.block().is_some() {
        "BLOCK"
    } else if action.allow().is_some() {
        "ALLOW"
    } else if action.count().is_some() {
        "COUNT"
    } else if action.captcha().is_some() {
        "CAPTCHA"
    } else if action.challenge().is_some() {
        "CHALLENGE"
    } else {
        "UNKNOWN"
    };
    name.to_owned()
}

fn override_action(action: &OverrideAction) -> String {
    if action.count().is_some() { "COUNT" } else { "NONE" }.to_owned()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::replay_tests::{JSON, replaying, response};

    const VISIBILITY: &str =
        r#""VisibilityConfig":{"SampledRequestsEnabled":true,"CloudWatchMetricsEnabled":true,"MetricName":"m"}"#;

    fn get_web_acl(name: &str, rules: &str, firewall_manager: &str) -> String {
        format!(
            r#"{{"WebACL":{{"Name":"{name}","Id":"{name}-id","ARN":"arn:aws:wafv2:us-east-1:111111111111:regional/webacl/{name}/{name}-id","DefaultAction":{{"Allow":{{}}}},"Rules":[{rules}],{VISIBILITY},"Capacity":700,"PreProcessFirewallManagerRuleGroups":[{firewall_manager}],"PostProcessFirewallManagerRuleGroups":[],"ManagedByFirewallManager":false,"LabelNamespace":"awswaf:111111111111:webacl:{name}:"}},"LockToken":"token"}}"#
        )
    }

    #[tokio::test]
    async fn web_acls_are_read_over_two_pages_with_rules_and_associations() {
        let managed = format!(
            r#"{{"Name":"core","Priority":0,"Statement":{{"ManagedRuleGroupStatement":{{"VendorName":"AWS","Name":"AWSManagedRulesCommonRuleSet"}}}},"OverrideAction":{{"None":{{}}}},{VISIBILITY}}}"#
        );
        let rate = format!(
            r#"{{"Name":"rate-limit","Priority":1,"Statement":{{"RateBasedStatement":{{"Limit":1000,"AggregateKeyType":"IP"}}}},"Action":{{"Count":{{}}}},{VISIBILITY}}}"#
        );
        let own_group = format!(
            r#"{{"Name":"own","Priority":2,"Statement":{{"RuleGroupReferenceStatement":{{"ARN":"arn:aws:wafv2:us-east-1:111111111111:regional/rulegroup/own/1"}}}},"OverrideAction":{{"None":{{}}}},{VISIBILITY}}}"#
        );
        let fms = format!(
            r#"{{"Name":"fms-baseline","Priority":0,"FirewallManagerStatement":{{"ManagedRuleGroupStatement":{{"VendorName":"AWS","Name":"AWSManagedRulesAmazonIpReputationList"}}}},"OverrideAction":{{"Count":{{}}}},{VISIBILITY}}}"#
        );
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"NextMarker":"page-2","WebACLs":[{"Name":"shop","Id":"shop-id","Description":"","LockToken":"t","ARN":"arn:aws:wafv2:us-east-1:111111111111:regional/webacl/shop/shop-id"}]}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"WebACLs":[{"Name":"spare","Id":"spare-id","LockToken":"t","ARN":"arn:aws:wafv2:us-east-1:111111111111:regional/webacl/spare/spare-id"}]}"#,
            ),
            response(200, &[JSON], &get_web_acl("shop", &[managed, rate, own_group].join(","), &fms)),
            response(
                200,
                &[JSON],
                r#"{"ResourceArns":["arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/shop/1"]}"#,
            ),
            response(200, &[JSON], &get_web_acl("spare", "", "")),
            response(200, &[JSON], r#"{"ResourceArns":[]}"#),
        ]);
        let limit: Limit = Arc::new(tokio::sync::Semaphore::new(1));
        let _held = Arc::clone(&limit).acquire_owned().await;
        let found = web_acls(&clients, "us-east-1", &limit).await;
        assert!(found.unlisted.is_none());
        let Fact::Ok(acls) = found.acls else { panic!("not ok") };
        assert_eq!(acls.len(), 2);
        let shop = &acls[0];
        assert_eq!(
            shop.associated_resources,
            vec!["arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/shop/1"]
        );
        let described: Vec<_> = shop
            .rules
            .iter()
            .map(|r| {
                (r.name.as_str(), r.statement.as_str(), r.rule_group.as_deref(), r.action.as_ref().map(|s| s.as_str()))
            })
            .collect();
        assert_eq!(
            described,
            vec![
                ("fms-baseline", "managed_rule_group", Some("AWSManagedRulesAmazonIpReputationList"), Some("COUNT")),
                ("core", "managed_rule_group", Some("AWSManagedRulesCommonRuleSet"), Some("NONE")),
                ("rate-limit", "rate_based", None, Some("COUNT")),
                (
                    "own",
                    "rule_group",
                    Some("arn:aws:wafv2:us-east-1:111111111111:regional/rulegroup/own/1"),
                    Some("NONE")
                ),
            ]
        );
        assert!(shop.rules[1].is_aws_managed_rule_group() && shop.rules[0].only_counts());
        assert!(acls[1].rules.is_empty() && acls[1].associated_resources.is_empty());
        let calls = calls.snapshot();
        assert_eq!(calls.get("wafv2:ListWebACLs"), Some(&2), "one call per page");
        assert_eq!(calls.get("wafv2:ListResourcesForWebACL"), Some(&2));
    }

    #[tokio::test]
    async fn denied_listing_is_denied() {
        let (clients, _calls, _replay) = replaying(vec![response(
            400,
            &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
            r#"{"__type":"AccessDeniedException","Message":"not authorized to perform wafv2:ListWebACLs"}"#,
        )]);
        let limit: Limit = Arc::new(tokio::sync::Semaphore::new(1));
        assert_eq!(web_acls(&clients, "us-east-1", &limit).await.acls, Fact::denied("wafv2:ListWebACLs"));
    }

    fn load_balancer(name: &str, kind: &str) -> LoadBalancer {
        LoadBalancer {
            arn: format!("arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/{kind}/{name}/1"),
            name: name.to_owned(),
            load_balancer_type: if kind == "app" { "application" } else { "network" }.into(),
            scheme: "internet-facing".into(),
            availability_zones: Vec::new(),
            security_groups: Vec::new(),
            listeners: Fact::Ok(Vec::new()),
            web_acl_arn: Fact::NotCollected,
        }
    }

    /// `ListWebACLs` with one web ACL, `GetWebACL`, then a denied `ListResourcesForWebACL`.
    fn unlisted_shop() -> Vec<http::Response<aws_smithy_types::body::SdkBody>> {
        vec![
            response(
                200,
                &[JSON],
                r#"{"WebACLs":[{"Name":"shop","Id":"shop-id","LockToken":"t","ARN":"arn:aws:wafv2:us-east-1:111111111111:regional/webacl/shop/shop-id"}]}"#,
            ),
            response(200, &[JSON], &get_web_acl("shop", "", "")),
            response(
                400,
                &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
                r#"{"__type":"AccessDeniedException","Message":"no"}"#,
            ),
        ]
    }

    const SHOP_ARN: &str = "arn:aws:wafv2:us-east-1:111111111111:regional/webacl/shop/shop-id";

    #[tokio::test]
    async fn associations_that_cannot_be_listed_are_asked_per_load_balancer() {
        let mut responses = unlisted_shop();
        responses.push(response(200, &[JSON], &get_web_acl("shop", "", "")));
        responses.push(response(200, &[JSON], "{}"));
        let (clients, calls, _replay) = replaying(responses);
        let limit: Limit = Arc::new(tokio::sync::Semaphore::new(1));
        let _held = Arc::clone(&limit).acquire_owned().await;
        let mut lbs =
            Fact::Ok(vec![load_balancer("shop", "app"), load_balancer("edge", "net"), load_balancer("admin", "app")]);

        let found = web_acls(&clients, "us-east-1", &limit).await;
        assert_eq!(found.unlisted, Some(Problem::Denied("wafv2:ListResourcesForWebACL".to_owned())));
        let acls = associate(&clients, "us-east-1", &limit, &mut lbs, found).await;

        let Fact::Ok(lbs) = lbs else { panic!("{lbs:?}") };
        assert_eq!(lbs[0].web_acl_arn, Fact::Ok(Some(SHOP_ARN.to_owned())));
        assert_eq!(lbs[1].web_acl_arn, Fact::NotCollected, "only Application Load Balancers are asked");
        assert_eq!(lbs[2].web_acl_arn, Fact::Ok(None), "no web ACL is a value");
        let Fact::Ok(acls) = acls else { panic!("every association is known: {acls:?}") };
        assert_eq!(acls[0].associated_resources, vec![lbs[0].arn.clone()]);
        assert_eq!(calls.snapshot().get("wafv2:GetWebACLForResource"), Some(&2));
    }

    #[tokio::test]
    async fn associations_nobody_could_establish_keep_the_web_acls_unknown() {
        let mut responses = unlisted_shop();
        responses.push(response(200, &[JSON], "{}"));
        responses.push(response(
            400,
            &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
            r#"{"__type":"AccessDeniedException","Message":"no"}"#,
        ));
        let (clients, _calls, _replay) = replaying(responses);
        let limit: Limit = Arc::new(tokio::sync::Semaphore::new(1));
        let _held = Arc::clone(&limit).acquire_owned().await;
        let mut lbs = Fact::Ok(vec![load_balancer("shop", "app"), load_balancer("admin", "app")]);

        let found = web_acls(&clients, "us-east-1", &limit).await;
        let acls = associate(&clients, "us-east-1", &limit, &mut lbs, found).await;

        let Fact::Ok(lbs) = lbs else { panic!("{lbs:?}") };
        assert_eq!(lbs[0].web_acl_arn, Fact::Ok(None));
        assert_eq!(lbs[1].web_acl_arn, Fact::denied("wafv2:GetWebACLForResource"));
        assert_eq!(acls, Fact::denied("wafv2:ListResourcesForWebACL"), "an incomplete list of associations is no list");
    }

    #[tokio::test]
    async fn listed_associations_are_copied_to_the_load_balancers_without_more_calls() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"WebACLs":[{"Name":"shop","Id":"shop-id","LockToken":"t","ARN":"arn:aws:wafv2:us-east-1:111111111111:regional/webacl/shop/shop-id"}]}"#,
            ),
            response(200, &[JSON], &get_web_acl("shop", "", "")),
            response(
                200,
                &[JSON],
                r#"{"ResourceArns":["arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/shop/1"]}"#,
            ),
        ]);
        let limit: Limit = Arc::new(tokio::sync::Semaphore::new(1));
        let mut lbs = Fact::Ok(vec![load_balancer("shop", "app"), load_balancer("admin", "app")]);
        let found = web_acls(&clients, "us-east-1", &limit).await;
        let acls = associate(&clients, "us-east-1", &limit, &mut lbs, found).await;
        let Fact::Ok(lbs) = lbs else { panic!("{lbs:?}") };
        assert_eq!(lbs[0].web_acl_arn, Fact::Ok(Some(SHOP_ARN.to_owned())));
        assert_eq!(lbs[1].web_acl_arn, Fact::Ok(None));
        assert!(matches!(acls, Fact::Ok(ref list) if list.len() == 1), "{acls:?}");
        assert_eq!(calls.snapshot().get("wafv2:GetWebACLForResource"), None);
    }

    #[tokio::test]
    async fn unlisted_associations_without_load_balancers_stay_unknown() {
        let (clients, _calls, _replay) = replaying(unlisted_shop());
        let limit: Limit = Arc::new(tokio::sync::Semaphore::new(1));
        let mut lbs: Fact<Vec<LoadBalancer>> = Fact::denied("elasticloadbalancing:DescribeLoadBalancers");
        let found = web_acls(&clients, "us-east-1", &limit).await;
        let acls = associate(&clients, "us-east-1", &limit, &mut lbs, found).await;
        assert_eq!(acls, Fact::denied("wafv2:ListResourcesForWebACL"));
    }
}
