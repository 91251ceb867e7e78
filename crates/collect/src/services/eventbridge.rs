//! Amazon EventBridge, per region: the rules of the default event bus with their targets' ARNs.

use maturity_evidence::{EventRule, Fact};

use super::{Limit, fan_out, paging};
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_RULES: "eventbridge:ListRules" => "events:ListRules";
    LIST_TARGETS_BY_RULE: "eventbridge:ListTargetsByRule" => "events:ListTargetsByRule";
}

/// `events:ListRules` on the default event bus, every page, and `events:ListTargetsByRule` for
/// each rule. A rule whose targets cannot be read makes the whole list a problem: a rule shown
/// without its targets would read as a rule that goes nowhere.
pub(crate) async fn rules(clients: &Clients, region: &str, limit: &Limit) -> Fact<Vec<EventRule>> {
    let rules = match list_rules(clients, region).await {
        Ok(rules) => rules,
        Err(problem) => return problem.into_fact(),
    };
    let (clients, region) = (clients.clone(), region.to_owned());
    let described = fan_out(limit, rules, move |rule| {
        let (clients, region) = (clients.clone(), region.clone());
        async move { with_targets(&clients, &region, rule).await }
    })
    .await;
    fact(described.into_iter().collect())
}

async fn list_rules(clients: &Clients, region: &str) -> Result<Vec<EventRule>, Problem> {
    let client = clients.eventbridge(region);
    paging::by_token(
        LIST_RULES,
        |token| client.list_rules().set_next_token(token).send(),
        |page| {
            let rules = page.rules().iter().filter_map(|rule| {
                Some(EventRule {
                    name: rule.name()?.to_owned(),
                    arn: rule.arn().map(str::to_owned),
                    state: rule.state().map_or("UNKNOWN", |s| s.as_str()).into(),
                    event_pattern: rule.event_pattern().map(str::to_owned),
                    managed_by: rule.managed_by().map(str::to_owned),
                    targets: Vec::new(),
                })
            });
            (rules.collect(), page.next_token)
        },
    )
    .await
}

async fn with_targets(clients: &Clients, region: &str, mut rule: EventRule) -> Result<EventRule, Problem> {
    let client = clients.eventbridge(region);
    rule.targets = paging::by_token(
        LIST_TARGETS_BY_RULE,
        |token| client.list_targets_by_rule().rule(&rule.name).set_next_token(token).send(),
        |page| (page.targets().iter().map(|t| t.arn().to_owned()).collect(), page.next_token),
    )
    .await?;
    Ok(rule)
}
