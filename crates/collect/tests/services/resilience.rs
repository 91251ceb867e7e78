//! Resilience and response automation against the emulator: EventBridge rules with their
//! targets, Resilience Hub applications and FIS templates and experiments, seeded through the
//! SDK. moto has no Elastic Disaster Recovery backend (500): recorded as failed, never guessed;
//! the real answers are covered by replay tests in `src/services/drs.rs`.

use maturity_evidence::Fact;

use crate::support::moto::Moto;
use crate::support::scan::{ok, options, scan};
use crate::support::seed;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resilience_facts_are_collected_per_region() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "eu-west-1");

    // EventBridge: a GuardDuty rule to a Lambda function and a disabled Security Hub rule to SQS.
    let events = aws_sdk_eventbridge::Client::new(&sdk);
    let guardduty_pattern = r#"{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"]}"#;
    events.put_rule().name("guardduty-isolate").event_pattern(guardduty_pattern).send().await.unwrap();
    events
        .put_targets()
        .rule("guardduty-isolate")
        .targets(
            aws_sdk_eventbridge::types::Target::builder()
                .id("isolate")
                .arn("arn:aws:lambda:eu-west-1:123456789012:function:isolate-instance")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    events
        .put_rule()
        .name("securityhub-to-queue")
        .event_pattern(r#"{"source":["aws.securityhub"]}"#)
        .state(aws_sdk_eventbridge::types::RuleState::Disabled)
        .send()
        .await
        .unwrap();

    // Resilience Hub: one application, never assessed.
    aws_sdk_resiliencehub::Client::new(&sdk)
        .create_app()
        .name("checkout")
        .assessment_schedule(aws_sdk_resiliencehub::types::AppAssessmentScheduleType::Daily)
        .send()
        .await
        .unwrap();

    // FIS: one template and one experiment started from it.
    let fis = aws_sdk_fis::Client::new(&sdk);
    let template = fis
        .create_experiment_template()
        .client_token("seed-template")
        .description("stop one checkout instance")
        .role_arn("arn:aws:iam::123456789012:role/fis")
        .stop_conditions(
            aws_sdk_fis::types::CreateExperimentTemplateStopConditionInput::builder().source("none").build().unwrap(),
        )
        .actions(
            "stop",
            aws_sdk_fis::types::CreateExperimentTemplateActionInput::builder()
                .action_id("aws:ec2:stop-instances")
                .targets("Instances", "checkout")
                .build()
                .unwrap(),
        )
        .targets(
            "checkout",
            aws_sdk_fis::types::CreateExperimentTemplateTargetInput::builder()
                .resource_type("aws:ec2:instance")
                .resource_arns("arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0")
                .selection_mode("ALL")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let template_id = template.experiment_template().and_then(|t| t.id()).unwrap().to_owned();
    let experiment = fis.start_experiment().client_token("seed-run").experiment_template_id(&template_id).send().await;
    let experiment_id = experiment.unwrap().experiment().and_then(|e| e.id()).unwrap().to_owned();

    let bundle = scan(&options(&moto, &["eu-west-1", "us-east-1"])).await;
    let account = &bundle.accounts[0];
    let eu = &account.regions["eu-west-1"];

    let rules = ok(&eu.eventbridge_rules, "eventbridge rules");
    let isolate = rules.iter().find(|r| r.name == "guardduty-isolate").expect("guardduty rule");
    assert!(isolate.is_enabled());
    assert_eq!(isolate.targets, vec!["arn:aws:lambda:eu-west-1:123456789012:function:isolate-instance".to_owned()]);
    let pattern: serde_json::Value = serde_json::from_str(isolate.event_pattern.as_deref().unwrap()).unwrap();
    assert_eq!(pattern["source"][0], "aws.guardduty");
    let queue = rules.iter().find(|r| r.name == "securityhub-to-queue").expect("security hub rule");
    assert!(!queue.is_enabled());
    assert!(queue.targets.is_empty());

    let apps = ok(&eu.resiliencehub_apps, "resilience hub apps");
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].name, "checkout");
    assert!(apps[0].arn.starts_with("arn:aws:resiliencehub:eu-west-1:"));
    assert_eq!(apps[0].compliance_status.as_ref().map(|s| s.as_str()), Some("NotAssessed"));
    assert_eq!(apps[0].last_assessed_at, None, "never assessed");
    assert_eq!(apps[0].resiliency_score, None, "no score without an assessment");

    let templates = ok(&eu.fis_experiment_templates, "fis templates");
    assert_eq!(templates.len(), 1);
    assert_eq!(
        (templates[0].id.as_str(), templates[0].description.as_deref()),
        (template_id.as_str(), Some("stop one checkout instance"))
    );
    let experiments = ok(&eu.fis_experiments, "fis experiments");
    assert_eq!(experiments.len(), 1);
    assert_eq!(experiments[0].id, experiment_id);
    assert_eq!(experiments[0].template_id.as_deref(), Some(template_id.as_str()));
    assert!(experiments[0].started_at.is_some());

    // moto has no DRS backend: a failure, never "not initialized" or "no servers".
    assert!(matches!(eu.drs_source_servers, Fact::Failed { .. }), "{:?}", eu.drs_source_servers);

    // The empty region answered with nothing ("not configured" is a value).
    let us = &account.regions["us-east-1"];
    assert!(ok(&us.eventbridge_rules, "us rules").is_empty());
    assert!(ok(&us.resiliencehub_apps, "us apps").is_empty());
    assert!(ok(&us.fis_experiment_templates, "us templates").is_empty());
    assert!(ok(&us.fis_experiments, "us experiments").is_empty());

    // One page each, targets asked once per rule.
    assert_eq!(bundle.api_calls.get("eventbridge:ListRules"), Some(&2), "one page in each region");
    assert_eq!(bundle.api_calls.get("eventbridge:ListTargetsByRule"), Some(&2), "once per rule");
    assert_eq!(bundle.api_calls.get("resiliencehub:ListApps"), Some(&2));
}
