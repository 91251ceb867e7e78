//! EC2 Image Builder, per region: the image pipelines with their status and schedule.

use maturity_evidence::{Fact, ImagePipeline};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_IMAGE_PIPELINES: "imagebuilder:ListImagePipelines";
}

/// `imagebuilder:ListImagePipelines`, every page. No pipeline is an empty list.
pub(crate) async fn pipelines(clients: &Clients, region: &str) -> Fact<Vec<ImagePipeline>> {
    fact(collect(clients, region).await)
}

async fn collect(clients: &Clients, region: &str) -> Result<Vec<ImagePipeline>, Problem> {
    let pages = clients.imagebuilder(region).list_image_pipelines().into_paginator().send();
    let pipelines = paging::all(LIST_IMAGE_PIPELINES, pages, |page| {
        page.image_pipeline_list()
            .iter()
            .filter_map(|p| {
                Some(ImagePipeline {
                    name: p.name()?.to_owned(),
                    arn: p.arn().unwrap_or_default().to_owned(),
                    status: p.status().map_or("UNKNOWN", |s| s.as_str()).into(),
                    schedule_expression: p
                        .schedule()
                        .and_then(|s| s.schedule_expression())
                        .filter(|e| !e.is_empty())
                        .map(str::to_owned),
                    date_last_run: p.date_last_run().map(str::to_owned),
                })
            })
            .collect()
    })
    .await?;
    Ok(pipelines)
}

#[cfg(test)]
mod tests {
    use maturity_evidence::Fact;

    use crate::replay_tests::{JSON, replaying, response};

    #[tokio::test]
    async fn pipelines_are_read_over_two_pages() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[JSON],
                r#"{"requestId":"r1","imagePipelineList":[{"arn":"arn:aws:imagebuilder:eu-west-1:111111111111:image-pipeline/golden-al2023","name":"golden-al2023","platform":"Linux","enhancedImageMetadataEnabled":true,"imageRecipeArn":"arn:aws:imagebuilder:eu-west-1:111111111111:image-recipe/golden/1.0.0","infrastructureConfigurationArn":"arn:aws:imagebuilder:eu-west-1:111111111111:infrastructure-configuration/golden","schedule":{"scheduleExpression":"cron(0 3 ? * MON *)","pipelineExecutionStartCondition":"EXPRESSION_MATCH_ONLY"},"status":"ENABLED","dateCreated":"2026-01-10T10:00:00.000Z","dateLastRun":"2026-10-26T03:12:44.000Z","dateNextRun":"2026-11-02T03:00:00.000Z"}],"nextToken":"page-2"}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"requestId":"r2","imagePipelineList":[{"arn":"arn:aws:imagebuilder:eu-west-1:111111111111:image-pipeline/manual","name":"manual","platform":"Windows","status":"DISABLED"}]}"#,
            ),
        ]);
        let fact = super::pipelines(&clients, "eu-west-1").await;
        let Fact::Ok(pipelines) = fact else { panic!("{fact:?}") };
        assert_eq!(pipelines.len(), 2);
        assert_eq!(pipelines[0].name, "golden-al2023");
        assert_eq!(pipelines[0].schedule_expression.as_deref(), Some("cron(0 3 ? * MON *)"));
        assert_eq!(pipelines[0].date_last_run.as_deref(), Some("2026-10-26T03:12:44.000Z"));
        assert!(pipelines[0].is_scheduled());
        assert_eq!((pipelines[1].status.as_str(), pipelines[1].schedule_expression.as_deref()), ("DISABLED", None));
        assert!(!pipelines[1].is_scheduled());
        assert_eq!(calls.snapshot().get("imagebuilder:ListImagePipelines"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn no_pipeline_is_an_empty_list() {
        let (clients, _calls, _replay) =
            replaying(vec![response(200, &[JSON], r#"{"requestId":"r1","imagePipelineList":[]}"#)]);
        assert_eq!(super::pipelines(&clients, "eu-west-1").await, Fact::Ok(Vec::new()));
    }

    #[tokio::test]
    async fn denied_names_the_action() {
        let (clients, _calls, _replay) = replaying(vec![response(
            403,
            &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
            r#"{"message":"User is not authorized to perform: imagebuilder:ListImagePipelines"}"#,
        )]);
        assert_eq!(super::pipelines(&clients, "eu-west-1").await, Fact::denied("imagebuilder:ListImagePipelines"));
    }
}
