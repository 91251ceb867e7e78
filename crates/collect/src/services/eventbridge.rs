//! Amazon EventBridge, per region: the rules of the default event bus with their targets' ARNs.

use maturity_evidence::{EventRule, Fact};

use super::{Call, Limit, fan_out};
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

pub(crate) const CALLS: &[Call] = &[
    Call::named("eventbridge:ListRules", "events:ListRules"),
    Call::named("eventbridge:ListTargetsByRule", "events:ListTargetsByRule"),
];

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
    let mut rules = Vec::new();
    let mut next_token: Option<String> = None;
    loop {
        let page = client.list_rules().set_next_token(next_token.take()).send().await.or_problem("events:ListRules")?;
        rules.extend(page.rules().iter().filter_map(|rule| {
            Some(EventRule {
                name: rule.name()?.to_owned(),
                arn: rule.arn().map(str::to_owned),
                state: rule.state().map_or("UNKNOWN", |s| s.as_str()).to_owned(),
                event_pattern: rule.event_pattern().map(str::to_owned),
                managed_by: rule.managed_by().map(str::to_owned),
                targets: Vec::new(),
            })
        }));
        match page.next_token() {
            Some(token) if !token.is_empty() => next_token = Some(token.to_owned()),
            _ => break,
        }
    }
    Ok(rules)
}

async fn with_targets(clients: &Clients, region: &str, mut rule: EventRule) -> Result<EventRule, Problem> {
    let client = clients.eventbridge(region);
    let mut next_token: Option<String> = None;
    loop {
        let page = client
            .list_targets_by_rule()
            .rule(&rule.name)
            .set_next_token(next_token.take())
            .send()
            .await
            .or_problem("events:ListTargetsByRule")?;
        rule.targets.extend(page.targets().iter().map(|t| t.arn().to_owned()));
        match page.next_token() {
            Some(token) if !token.is_empty() => next_token = Some(token.to_owned()),
            _ => break,
        }
    }
    Ok(rule)
}
