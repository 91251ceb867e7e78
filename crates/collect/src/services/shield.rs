//! AWS Shield Advanced, account-wide: the subscription state and, when subscribed, the protected
//! resources.

use aws_sdk_shield::types::SubscriptionState;
use maturity_evidence::{Fact, ShieldAdvanced};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

declare_calls! {
    GET_SUBSCRIPTION_STATE: "shield:GetSubscriptionState";
    LIST_PROTECTIONS: "shield:ListProtections";
}

/// "No protection here": `ListProtections` answers this when the account protects nothing.
const NO_PROTECTIONS: &[&str] = &["ResourceNotFoundException"];

/// Shield's API lives in us-east-1 only.
const SHIELD_REGION: &str = "us-east-1";

/// `shield:GetSubscriptionState`, then `shield:ListProtections` when the subscription is active.
pub(crate) async fn advanced(clients: &Clients) -> Fact<ShieldAdvanced> {
    fact(collect(clients).await)
}

async fn collect(clients: &Clients) -> Result<ShieldAdvanced, Problem> {
    let client = clients.shield(SHIELD_REGION);
    let state = client.get_subscription_state().send().await.or_problem(GET_SUBSCRIPTION_STATE)?;
    let active = *state.subscription_state() == SubscriptionState::Active;
    let mut shield = ShieldAdvanced {
        subscription_state: state.subscription_state().as_str().into(),
        protected_resources: Vec::new(),
    };
    if !active {
        return Ok(shield);
    }
    let pages = client.list_protections().into_paginator().send();
    shield.protected_resources = paging::all_unless(LIST_PROTECTIONS, pages, NO_PROTECTIONS, |page| {
        page.protections().iter().filter_map(|p| p.resource_arn()).map(str::to_owned).collect()
    })
    .await?
    .unwrap_or_default();
    Ok(shield)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay_tests::{JSON, replaying, response};

    fn error(code: &str, message: &str) -> http::Response<aws_smithy_types::body::SdkBody> {
        response(400, &[JSON, ("x-amzn-errortype", code)], &format!(r#"{{"__type":"{code}","message":"{message}"}}"#))
    }

    #[tokio::test]
    async fn no_subscription_is_inactive_without_listing_protections() {
        let (clients, calls, _replay) = replaying(vec![response(200, &[JSON], r#"{"SubscriptionState":"INACTIVE"}"#)]);
        let shield = advanced(&clients).await;
        assert_eq!(
            shield,
            Fact::Ok(ShieldAdvanced { subscription_state: "INACTIVE".into(), protected_resources: Vec::new() })
        );
        assert_eq!(calls.snapshot().get("shield:ListProtections"), None);
    }

    #[tokio::test]
    async fn protections_are_read_over_two_pages() {
        let (clients, calls, _replay) = replaying(vec![
            response(200, &[JSON], r#"{"SubscriptionState":"ACTIVE"}"#),
            response(
                200,
                &[JSON],
                r#"{"Protections":[{"Id":"a1","Name":"shop","ResourceArn":"arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/shop/1","ProtectionArn":"arn:aws:shield::111111111111:protection/a1"}],"NextToken":"page-2"}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"Protections":[{"Id":"b2","Name":"cdn","ResourceArn":"arn:aws:cloudfront::111111111111:distribution/E1","HealthCheckIds":[]}]}"#,
            ),
        ]);
        let Fact::Ok(shield) = advanced(&clients).await else { panic!("not ok") };
        assert!(shield.is_active());
        assert_eq!(
            shield.protected_resources,
            vec![
                "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/shop/1",
                "arn:aws:cloudfront::111111111111:distribution/E1"
            ]
        );
        assert_eq!(calls.snapshot().get("shield:ListProtections"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn active_without_protections_is_an_empty_list() {
        let (clients, _calls, _replay) = replaying(vec![
            response(200, &[JSON], r#"{"SubscriptionState":"ACTIVE"}"#),
            error("ResourceNotFoundException", "The referenced protection does not exist."),
        ]);
        assert_eq!(
            advanced(&clients).await,
            Fact::Ok(ShieldAdvanced { subscription_state: "ACTIVE".into(), protected_resources: Vec::new() })
        );
    }

    #[tokio::test]
    async fn denied_subscription_state_is_denied() {
        let (clients, _calls, _replay) = replaying(vec![error(
            "AccessDeniedException",
            "User is not authorized to perform shield:GetSubscriptionState",
        )]);
        assert_eq!(advanced(&clients).await, Fact::denied("shield:GetSubscriptionState"));
    }
}
