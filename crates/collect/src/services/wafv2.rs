//! AWS WAF: per region, the regional web ACLs with their rules and the Application Load Balancers
//! they protect; account-wide, the web ACLs of scope `CLOUDFRONT` (read in us-east-1) with their
//! rules. CloudFront distributions and API Gateway stages name their web ACL themselves, so their
//! associations are collected with them; AppSync and Cognito associations are not collected.

use aws_sdk_wafv2::types::{
    FirewallManagerRuleGroup, OverrideAction, ResourceType, Rule, RuleAction, Scope, Statement, WebAclSummary,
};
use maturity_evidence::{Fact, WebAcl, WebAclRule};

use super::{Call, Limit, fan_out};
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

pub(crate) const CALLS: &[Call] =
    &[Call::same("wafv2:ListWebACLs"), Call::same("wafv2:GetWebACL"), Call::same("wafv2:ListResourcesForWebACL")];

/// `wafv2:ListWebACLs` (`REGIONAL`), then `wafv2:GetWebACL` and `wafv2:ListResourcesForWebACL`
/// (`APPLICATION_LOAD_BALANCER`) for each. A web ACL that cannot be read makes the list that
/// problem: a web ACL without its rules or associations is not evidence.
pub(crate) async fn web_acls(clients: &Clients, region: &str, limit: &Limit) -> Fact<Vec<WebAcl>> {
    scoped(clients.wafv2(region), Scope::Regional, limit).await
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
        async move { web_acl(&client, summary, scope).await }
    })
    .await;
    fact(described.into_iter().collect())
}

async fn list(client: &aws_sdk_wafv2::Client, scope: &Scope) -> Result<Vec<WebAclSummary>, Problem> {
    let mut summaries = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let page = client
            .list_web_acls()
            .scope(scope.clone())
            .set_next_marker(marker.take())
            .send()
            .await
            .or_problem("wafv2:ListWebACLs")?;
        let empty = page.web_acls().is_empty();
        summaries.extend(page.web_acls().iter().cloned());
        // WAF answers a marker even on the last page; a page without web ACLs ends the list.
        match page.next_marker() {
            Some(next) if !next.is_empty() && !empty => marker = Some(next.to_owned()),
            _ => break,
        }
    }
    Ok(summaries)
}

async fn web_acl(client: &aws_sdk_wafv2::Client, summary: WebAclSummary, scope: Scope) -> Result<WebAcl, Problem> {
    let (Some(name), Some(id)) = (summary.name(), summary.id()) else {
        return Err(Problem::Failed("wafv2:ListWebACLs returned a web ACL without a name or id".to_owned()));
    };
    let regional = scope == Scope::Regional;
    let out = client.get_web_acl().name(name).id(id).scope(scope).send().await.or_problem("wafv2:GetWebACL")?;
    let Some(acl) = out.web_acl() else {
        return Err(Problem::Failed(format!("wafv2:GetWebACL returned no web ACL for {name}")));
    };
    let associated_resources = if regional {
        client
            .list_resources_for_web_acl()
            .web_acl_arn(acl.arn())
            .resource_type(ResourceType::ApplicationLoadBalancer)
            .send()
            .await
            .or_problem("wafv2:ListResourcesForWebACL")?
            .resource_arns()
            .to_vec()
    } else {
        Vec::new()
    };
    let rules = acl
        .pre_process_firewall_manager_rule_groups()
        .iter()
        .map(firewall_manager_rule)
        .chain(acl.rules().iter().map(rule))
        .chain(acl.post_process_firewall_manager_rule_groups().iter().map(firewall_manager_rule))
        .collect();
    Ok(WebAcl {
        name: acl.name().to_owned(),
        id: acl.id().to_owned(),
        arn: acl.arn().to_owned(),
        rules,
        associated_resources,
    })
}

fn rule(rule: &Rule) -> WebAclRule {
    let mut out = WebAclRule {
        name: rule.name().to_owned(),
        statement: "unknown".to_owned(),
        vendor: None,
        rule_group: None,
        action: rule.action().map(rule_action).or_else(|| rule.override_action().map(override_action)),
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
        action: group.override_action().map(override_action),
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
        let Fact::Ok(acls) = web_acls(&clients, "us-east-1", &limit).await else { panic!("not ok") };
        assert_eq!(acls.len(), 2);
        let shop = &acls[0];
        assert_eq!(
            shop.associated_resources,
            vec!["arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/shop/1"]
        );
        let described: Vec<_> = shop
            .rules
            .iter()
            .map(|r| (r.name.as_str(), r.statement.as_str(), r.rule_group.as_deref(), r.action.as_deref()))
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
        assert_eq!(web_acls(&clients, "us-east-1", &limit).await, Fact::denied("wafv2:ListWebACLs"));
    }

    #[tokio::test]
    async fn an_unreadable_association_fails_the_list() {
        let (clients, _calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"WebACLs":[{"Name":"spare","Id":"spare-id","LockToken":"t","ARN":"arn:aws:wafv2:us-east-1:111111111111:regional/webacl/spare/spare-id"}]}"#,
            ),
            response(200, &[JSON], &get_web_acl("spare", "", "")),
            response(
                400,
                &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
                r#"{"__type":"AccessDeniedException","Message":"no"}"#,
            ),
        ]);
        let limit: Limit = Arc::new(tokio::sync::Semaphore::new(1));
        assert_eq!(web_acls(&clients, "us-east-1", &limit).await, Fact::denied("wafv2:ListResourcesForWebACL"));
    }
}
