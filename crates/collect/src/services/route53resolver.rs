//! Route 53 Resolver DNS Firewall, per region: the rule groups associated with VPCs.

use maturity_evidence::{DnsFirewallAssociation, Fact};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_FIREWALL_RULE_GROUP_ASSOCIATIONS: "route53resolver:ListFirewallRuleGroupAssociations";
}

/// `route53resolver:ListFirewallRuleGroupAssociations`, every page. No DNS Firewall is an empty
/// list.
pub(crate) async fn firewall_associations(clients: &Clients, region: &str) -> Fact<Vec<DnsFirewallAssociation>> {
    fact(collect(clients, region).await)
}

async fn collect(clients: &Clients, region: &str) -> Result<Vec<DnsFirewallAssociation>, Problem> {
    let pages = clients.route53resolver(region).list_firewall_rule_group_associations().into_paginator().send();
    let associations = paging::all(LIST_FIREWALL_RULE_GROUP_ASSOCIATIONS, pages, |page| {
        page.firewall_rule_group_associations()
            .iter()
            .filter_map(|a| {
                Some(DnsFirewallAssociation {
                    association_id: a.id()?.to_owned(),
                    vpc_id: a.vpc_id()?.to_owned(),
                    firewall_rule_group_id: a.firewall_rule_group_id().unwrap_or_default().to_owned(),
                    status: a.status().map_or("UNKNOWN", |s| s.as_str()).into(),
                })
            })
            .collect()
    })
    .await?;
    Ok(associations)
}

#[cfg(test)]
mod tests {
    use maturity_evidence::Fact;

    use crate::replay_tests::{JSON, replaying, response};

    #[tokio::test]
    async fn associations_are_read_over_two_pages() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"FirewallRuleGroupAssociations":[{"Id":"rslvr-frgassoc-0a1b2c3d4e5f6a7b8","Arn":"arn:aws:route53resolver:eu-west-1:111111111111:firewall-rule-group-association/rslvr-frgassoc-0a1b2c3d4e5f6a7b8","FirewallRuleGroupId":"rslvr-frg-1c7e4b2a9d0f3e58","VpcId":"vpc-0prod","Name":"prod-dns-firewall","Priority":101,"MutationProtection":"ENABLED","Status":"COMPLETE","StatusMessage":"Finished rule group association update","CreatorRequestId":"a","CreationTime":"2026-01-10T10:00:00.000Z","ModificationTime":"2026-01-10T10:01:00.000Z"}],"NextToken":"page-2"}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"FirewallRuleGroupAssociations":[{"Id":"rslvr-frgassoc-9f8e7d6c5b4a3f2e1","FirewallRuleGroupId":"rslvr-frg-1c7e4b2a9d0f3e58","VpcId":"vpc-0staging","Priority":101,"Status":"UPDATING"}]}"#,
            ),
        ]);
        let fact = super::firewall_associations(&clients, "eu-west-1").await;
        let Fact::Ok(associations) = fact else { panic!("{fact:?}") };
        let seen: Vec<(&str, &str, bool)> =
            associations.iter().map(|a| (a.vpc_id.as_str(), a.status.as_str(), a.is_complete())).collect();
        assert_eq!(seen, vec![("vpc-0prod", "COMPLETE", true), ("vpc-0staging", "UPDATING", false)]);
        assert_eq!(associations[0].firewall_rule_group_id, "rslvr-frg-1c7e4b2a9d0f3e58");
        assert_eq!(
            calls.snapshot().get("route53resolver:ListFirewallRuleGroupAssociations"),
            Some(&2),
            "one call per page"
        );
    }

    #[tokio::test]
    async fn no_dns_firewall_is_an_empty_list() {
        let (clients, _calls, _replay) =
            replaying(vec![response(200, &[JSON], r#"{"FirewallRuleGroupAssociations":[]}"#)]);
        assert_eq!(super::firewall_associations(&clients, "eu-west-1").await, Fact::Ok(Vec::new()));
    }

    #[tokio::test]
    async fn denied_names_the_action() {
        let (clients, _calls, _replay) = replaying(vec![response(
            400,
            &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
            r#"{"__type":"AccessDeniedException","Message":"User is not authorized to perform: route53resolver:ListFirewallRuleGroupAssociations"}"#,
        )]);
        assert_eq!(
            super::firewall_associations(&clients, "eu-west-1").await,
            Fact::denied("route53resolver:ListFirewallRuleGroupAssociations")
        );
    }
}
