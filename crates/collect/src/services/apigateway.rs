//! Amazon API Gateway, per region: the REST APIs (v1) with their endpoint types and stages, and
//! the web ACL each stage names. HTTP and WebSocket APIs (API Gateway v2) are not collected: AWS
//! WAF cannot protect them.

use aws_sdk_apigateway::types::{RestApi as SdkRestApi, Stage};
use maturity_evidence::{Fact, RestApi, RestApiStage};

use super::{Limit, fan_out, paging};
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

/// Every read of API Gateway's REST API is allowed by the IAM action `apigateway:GET` on the
/// resource path.
const GET: &str = "apigateway:GET";

declare_calls! {
    GET_REST_APIS: "apigateway:GetRestApis" => GET;
    GET_STAGES: "apigateway:GetStages" => GET;
}

/// `GetRestApis` (`GET /restapis`, every page), then `GetStages` (`GET /restapis/{id}/stages`)
/// for each API. An API whose stages cannot be read makes the list that problem: an API without
/// its stages is not evidence.
pub(crate) async fn rest_apis(clients: &Clients, region: &str, limit: &Limit) -> Fact<Vec<RestApi>> {
    let client = clients.apigateway(region);
    let apis = match list(&client).await {
        Ok(apis) => apis,
        Err(problem) => return problem.into_fact(),
    };
    let described = fan_out(limit, apis, move |api| {
        let client = client.clone();
        async move { with_stages(&client, api).await }
    })
    .await;
    fact(described.into_iter().collect())
}

async fn list(client: &aws_sdk_apigateway::Client) -> Result<Vec<SdkRestApi>, Problem> {
    let apis = paging::all(GET_REST_APIS, client.get_rest_apis().into_paginator().send(), |page| page.items().to_vec())
        .await?;
    Ok(apis)
}

async fn with_stages(client: &aws_sdk_apigateway::Client, api: SdkRestApi) -> Result<RestApi, Problem> {
    let Some(id) = api.id() else {
        return Err(Problem::Failed("apigateway GetRestApis returned a REST API without an id".to_owned()));
    };
    let stages = client.get_stages().rest_api_id(id).send().await.or_problem(GET_STAGES)?;
    Ok(RestApi {
        id: id.to_owned(),
        name: api.name().unwrap_or_default().to_owned(),
        endpoint_types: api
            .endpoint_configuration()
            .map(|c| c.types().iter().map(|t| t.as_str().into()).collect())
            .unwrap_or_default(),
        stages: stages.item().iter().filter_map(stage).collect(),
    })
}

fn stage(stage: &Stage) -> Option<RestApiStage> {
    Some(RestApiStage {
        name: stage.stage_name()?.to_owned(),
        web_acl_arn: stage.web_acl_arn().filter(|arn| !arn.is_empty()).map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::replay_tests::{JSON, replaying, response};

    #[tokio::test]
    async fn apis_are_read_over_two_pages_with_their_stages_and_web_acls() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"position":"page-2","item":[{"id":"a1","name":"orders","endpointConfiguration":{"types":["REGIONAL"]}}]}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"item":[{"id":"b2","name":"ledger","endpointConfiguration":{"types":["PRIVATE"]}}]}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"item":[{"stageName":"prod","deploymentId":"d1","webAclArn":"arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/api/1"},{"stageName":"test","deploymentId":"d1"}]}"#,
            ),
            response(200, &[JSON], r#"{"item":[]}"#),
        ]);
        let limit: Limit = Arc::new(tokio::sync::Semaphore::new(1));
        let _held = Arc::clone(&limit).acquire_owned().await;
        let Fact::Ok(apis) = rest_apis(&clients, "eu-west-1", &limit).await else { panic!("not ok") };
        assert_eq!(
            apis,
            vec![
                RestApi {
                    id: "a1".into(),
                    name: "orders".into(),
                    endpoint_types: vec!["REGIONAL".into()],
                    stages: vec![
                        RestApiStage {
                            name: "prod".into(),
                            web_acl_arn: Some("arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/api/1".into()),
                        },
                        RestApiStage { name: "test".into(), web_acl_arn: None },
                    ],
                },
                RestApi {
                    id: "b2".into(),
                    name: "ledger".into(),
                    endpoint_types: vec!["PRIVATE".into()],
                    stages: vec![]
                },
            ]
        );
        assert!(apis[0].is_internet_facing() && !apis[1].is_internet_facing());
        let calls = calls.snapshot();
        assert_eq!(calls.get("apigateway:GetRestApis"), Some(&2), "one call per page");
        assert_eq!(calls.get("apigateway:GetStages"), Some(&2));
    }

    #[tokio::test]
    async fn denied_stages_deny_the_list() {
        let (clients, _calls, _replay) = replaying(vec![
            response(200, &[JSON], r#"{"item":[{"id":"a1","name":"orders"}]}"#),
            response(
                403,
                &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
                r#"{"message":"User is not authorized to perform: apigateway:GET"}"#,
            ),
        ]);
        let limit: Limit = Arc::new(tokio::sync::Semaphore::new(1));
        assert_eq!(rest_apis(&clients, "eu-west-1", &limit).await, Fact::denied("apigateway:GET"));
    }
}
