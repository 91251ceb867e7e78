//! Amazon Bedrock, per region: guardrails, model invocation logging, and the custom models and
//! provisioned throughputs that show Bedrock is in use.

use maturity_evidence::{Fact, Guardrail, InvocationLogging};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_GUARDRAILS: "bedrock:ListGuardrails";
    GET_MODEL_INVOCATION_LOGGING_CONFIGURATION: "bedrock:GetModelInvocationLoggingConfiguration";
    LIST_CUSTOM_MODELS: "bedrock:ListCustomModels";
    LIST_PROVISIONED_MODEL_THROUGHPUTS: "bedrock:ListProvisionedModelThroughputs";
}

/// `bedrock:ListGuardrails`: the guardrails (their latest, `DRAFT`, version).
pub(crate) async fn guardrails(clients: &Clients, region: &str) -> Fact<Vec<Guardrail>> {
    fact(collect_guardrails(&clients.bedrock(region)).await)
}

async fn collect_guardrails(client: &aws_sdk_bedrock::Client) -> Result<Vec<Guardrail>, Problem> {
    let guardrails = paging::all(LIST_GUARDRAILS, client.list_guardrails().into_paginator().send(), |page| {
        page.guardrails()
            .iter()
            .map(|g| Guardrail { id: g.id().to_owned(), name: g.name().to_owned(), status: g.status().as_str().into() })
            .collect()
    })
    .await?;
    Ok(guardrails)
}

/// `bedrock:GetModelInvocationLoggingConfiguration`; `None` when logging is not configured (or
/// has no destination).
pub(crate) async fn invocation_logging(clients: &Clients, region: &str) -> Fact<Option<InvocationLogging>> {
    let result = clients
        .bedrock(region)
        .get_model_invocation_logging_configuration()
        .send()
        .await
        .or_problem(GET_MODEL_INVOCATION_LOGGING_CONFIGURATION);
    fact(result.map(|out| {
        out.logging_config()
            .map(|config| InvocationLogging {
                cloudwatch_log_group: config.cloud_watch_config().map(|c| c.log_group_name().to_owned()),
                s3_bucket: config.s3_config().map(|c| c.bucket_name().to_owned()),
                text_data: config.text_data_delivery_enabled().unwrap_or(false),
            })
            // AWS answers no configuration when logging is off; a configuration without any
            // destination (as the emulator answers) logs nothing either.
            .filter(InvocationLogging::has_destination)
    }))
}

/// `bedrock:ListCustomModels`: the custom models' names.
pub(crate) async fn custom_models(clients: &Clients, region: &str) -> Fact<Vec<String>> {
    let client = clients.bedrock(region);
    let pages = client.list_custom_models().into_paginator().send();
    fact(
        paging::all(LIST_CUSTOM_MODELS, pages, |page| {
            page.model_summaries().iter().map(|m| m.model_name().to_owned()).collect()
        })
        .await,
    )
}

/// `bedrock:ListProvisionedModelThroughputs`: the provisioned throughputs' names.
pub(crate) async fn provisioned_throughputs(clients: &Clients, region: &str) -> Fact<Vec<String>> {
    let client = clients.bedrock(region);
    let pages = client.list_provisioned_model_throughputs().into_paginator().send();
    fact(
        paging::all(LIST_PROVISIONED_MODEL_THROUGHPUTS, pages, |page| {
            page.provisioned_model_summaries().iter().map(|m| m.provisioned_model_name().to_owned()).collect()
        })
        .await,
    )
}

#[cfg(test)]
mod tests {
    use crate::replay_tests::{JSON, replaying, response};

    use super::*;

    #[tokio::test]
    async fn guardrails_are_read_over_two_pages() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"guardrails":[{"id":"gr1a2b","arn":"arn:aws:bedrock:us-east-1:111111111111:guardrail/gr1a2b","status":"READY","name":"block-pii","version":"DRAFT","createdAt":"2026-01-05T10:00:00Z","updatedAt":"2026-01-05T10:00:00Z"}],"nextToken":"page-2"}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"guardrails":[{"id":"gr3c4d","arn":"arn:aws:bedrock:us-east-1:111111111111:guardrail/gr3c4d","status":"FAILED","name":"topics","version":"DRAFT","createdAt":"2026-02-01T10:00:00Z","updatedAt":"2026-02-01T10:00:00Z"}]}"#,
            ),
        ]);
        let Fact::Ok(found) = guardrails(&clients, "us-east-1").await else { panic!("no guardrails") };
        assert_eq!(
            found.iter().map(|g| (g.name.as_str(), g.is_ready())).collect::<Vec<_>>(),
            vec![("block-pii", true), ("topics", false)]
        );
        assert_eq!(calls.snapshot().get("bedrock:ListGuardrails"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn logging_not_configured_is_none_and_configured_is_read() {
        let (clients, _calls, _replay) = replaying(vec![
            response(200, &[JSON], "{}"),
            response(
                200,
                &[JSON],
                r#"{"loggingConfig":{"s3Config":{"bucketName":"bedrock-logs","keyPrefix":"invocations/"},"textDataDeliveryEnabled":true,"imageDataDeliveryEnabled":false,"embeddingDataDeliveryEnabled":false}}"#,
            ),
        ]);
        assert_eq!(invocation_logging(&clients, "us-east-1").await, Fact::Ok(None));
        let Fact::Ok(Some(logging)) = invocation_logging(&clients, "us-east-1").await else { panic!("no logging") };
        assert_eq!(
            (logging.s3_bucket.as_deref(), logging.cloudwatch_log_group.as_deref()),
            (Some("bedrock-logs"), None)
        );
        assert!(logging.text_data);
    }

    #[tokio::test]
    async fn custom_models_and_provisioned_throughputs_are_named() {
        let (clients, _calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"modelSummaries":[{"modelArn":"arn:aws:bedrock:us-east-1:111111111111:custom-model/amazon.titan-text-express-v1:0:8k/abc","modelName":"support-assistant-ft","creationTime":"2026-03-01T12:00:00Z","baseModelArn":"arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1:0:8k","baseModelName":"Titan Text G1 - Express","customizationType":"FINE_TUNING"}]}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"provisionedModelSummaries":[{"provisionedModelName":"support-pt","provisionedModelArn":"arn:aws:bedrock:us-east-1:111111111111:provisioned-model/xyz","modelArn":"arn:aws:bedrock:us-east-1:111111111111:custom-model/abc","desiredModelArn":"arn:aws:bedrock:us-east-1:111111111111:custom-model/abc","foundationModelArn":"arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1","modelUnits":1,"desiredModelUnits":1,"status":"InService","creationTime":"2026-03-02T12:00:00Z","lastModifiedTime":"2026-03-02T12:00:00Z"}]}"#,
            ),
        ]);
        assert_eq!(custom_models(&clients, "us-east-1").await, Fact::Ok(vec!["support-assistant-ft".to_owned()]));
        assert_eq!(provisioned_throughputs(&clients, "us-east-1").await, Fact::Ok(vec!["support-pt".to_owned()]));
    }

    #[tokio::test]
    async fn denied_guardrails_name_the_action() {
        let (clients, _calls, _replay) = replaying(vec![response(
            403,
            &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
            r#"{"message":"User is not authorized to perform: bedrock:ListGuardrails"}"#,
        )]);
        assert_eq!(guardrails(&clients, "us-east-1").await, Fact::denied("bedrock:ListGuardrails"));
    }
}
