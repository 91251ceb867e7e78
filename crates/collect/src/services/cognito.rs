//! Amazon Cognito user pools (customer identities), per region: each pool's MFA setting, threat
//! protection mode and feature plan.

use maturity_evidence::{CognitoUserPool, Fact};

use super::{Limit, fan_out, paging};
use crate::calls::declare_calls;
use crate::classify::{Problem, classify, fact, has_code};
use crate::config::Clients;

declare_calls! {
    LIST_USER_POOLS: "cognitoidentityprovider:ListUserPools" => "cognito-idp:ListUserPools";
    DESCRIBE_USER_POOL: "cognitoidentityprovider:DescribeUserPool" => "cognito-idp:DescribeUserPool";
}

/// The largest page `ListUserPools` accepts (it requires a page size).
const PAGE_SIZE: i32 = 60;

/// A pool deleted between the listing and its description: it no longer exists, so it is left out.
const GONE: &[&str] = &["ResourceNotFoundException"];

/// `cognito-idp:ListUserPools`, then `cognito-idp:DescribeUserPool` for each pool.
pub(crate) async fn user_pools(clients: &Clients, region: &str, limit: &Limit) -> Fact<Vec<CognitoUserPool>> {
    let client = clients.cognito_idp(region);
    let listed = match list(&client).await {
        Ok(listed) => listed,
        Err(problem) => return problem.into_fact(),
    };
    let pools = fan_out(limit, listed, move |(id, name)| {
        let client = client.clone();
        async move { describe(&client, id, name).await }
    })
    .await;
    fact(pools.into_iter().collect::<Result<Vec<_>, _>>().map(|pools| pools.into_iter().flatten().collect()))
}

async fn list(client: &aws_sdk_cognitoidentityprovider::Client) -> Result<Vec<(String, String)>, Problem> {
    let listed =
        paging::all(LIST_USER_POOLS, client.list_user_pools().max_results(PAGE_SIZE).into_paginator().send(), |page| {
            page.user_pools()
                .iter()
                .filter_map(|p| Some((p.id()?.to_owned(), p.name().unwrap_or_default().to_owned())))
                .collect()
        })
        .await?;
    Ok(listed)
}

async fn describe(
    client: &aws_sdk_cognitoidentityprovider::Client,
    id: String,
    name: String,
) -> Result<Option<CognitoUserPool>, Problem> {
    let out = match client.describe_user_pool().user_pool_id(&id).send().await {
        Ok(out) => out,
        Err(error) if has_code(&error, GONE) => return Ok(None),
        Err(error) => return Err(classify(DESCRIBE_USER_POOL, &error)),
    };
    let pool = out.user_pool();
    Ok(Some(CognitoUserPool {
        mfa_configuration: pool.and_then(|p| p.mfa_configuration()).map_or("OFF", |m| m.as_str()).into(),
        advanced_security_mode: pool
            .and_then(|p| p.user_pool_add_ons())
            .map(|a| a.advanced_security_mode().as_str().into()),
        feature_plan: pool.and_then(|p| p.user_pool_tier()).map(|t| t.as_str().to_owned()),
        name: pool.and_then(|p| p.name()).map_or(name, str::to_owned),
        id,
    }))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use maturity_evidence::Fact;
    use tokio::sync::Semaphore;

    use crate::replay_tests::{JSON, replaying, response};

    #[tokio::test]
    async fn pools_are_listed_over_two_pages_and_described() {
        let (clients, calls, _replay) = replaying(vec![
            response(200, &[JSON], r#"{"UserPools":[{"Id":"eu-west-1_Shop","Name":"shop"}],"NextToken":"page-2"}"#),
            response(200, &[JSON], r#"{"UserPools":[{"Id":"eu-west-1_Gone","Name":"gone"}]}"#),
            response(
                200,
                &[JSON],
                r#"{"UserPool":{"Id":"eu-west-1_Shop","Name":"shop","MfaConfiguration":"OPTIONAL","UserPoolAddOns":{"AdvancedSecurityMode":"ENFORCED"},"UserPoolTier":"PLUS"}}"#,
            ),
            response(
                400,
                &[JSON, ("x-amzn-errortype", "ResourceNotFoundException")],
                r#"{"__type":"ResourceNotFoundException","message":"User pool eu-west-1_Gone does not exist."}"#,
            ),
        ]);
        let limit = Arc::new(Semaphore::new(1));
        let pools = super::user_pools(&clients, "eu-west-1", &limit).await;
        let Fact::Ok(pools) = pools else { panic!("{pools:?}") };
        assert_eq!(pools.len(), 1, "a pool deleted meanwhile is left out: {pools:?}");
        assert_eq!(pools[0].mfa_configuration, "OPTIONAL".into());
        assert_eq!(pools[0].advanced_security_mode.as_ref().map(|s| s.as_str()), Some("ENFORCED"));
        assert_eq!(pools[0].feature_plan.as_deref(), Some("PLUS"));
        assert_eq!(calls.snapshot().get("cognitoidentityprovider:ListUserPools"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn describe_denied_is_denied() {
        let (clients, _calls, _replay) = replaying(vec![
            response(200, &[JSON], r#"{"UserPools":[{"Id":"eu-west-1_Shop","Name":"shop"}]}"#),
            response(
                400,
                &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
                r#"{"__type":"AccessDeniedException","message":"not authorized"}"#,
            ),
        ]);
        let limit = Arc::new(Semaphore::new(1));
        let pools = super::user_pools(&clients, "eu-west-1", &limit).await;
        assert_eq!(pools, Fact::denied("cognito-idp:DescribeUserPool"));
    }
}
