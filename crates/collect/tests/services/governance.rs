//! Governance and assurance facts against the emulator: Security Hub critical findings and AWS
//! Config rules and aggregators. Conformance packs, remediation configurations and Audit Manager are not served by
//! moto; their collectors are replay-tested in their modules (see the README's emulator gaps).

use aws_sdk_config::types::{ConfigRule, Owner, Source};
use aws_sdk_securityhub::types::{AwsSecurityFinding, Resource, Severity, SeverityLabel, Workflow, WorkflowStatus};

use maturity_evidence::FactState;

use crate::support::moto::Moto;
use crate::support::scan::{ok, options, scan};
use crate::support::seed::{MANAGEMENT, in_region, sdk};

fn finding(id: &str, label: SeverityLabel, status: WorkflowStatus, first_observed_at: &str) -> AwsSecurityFinding {
    AwsSecurityFinding::builder()
        .schema_version("2018-10-08")
        .id(id)
        .product_arn(format!("arn:aws:securityhub:eu-west-1:{MANAGEMENT}:product/{MANAGEMENT}/default"))
        .generator_id("test-generator")
        .aws_account_id(MANAGEMENT)
        .types("Software and Configuration Checks")
        .created_at(first_observed_at)
        .updated_at(first_observed_at)
        .first_observed_at(first_observed_at)
        .severity(Severity::builder().label(label).build())
        .title(format!("Finding {id}"))
        .description("seeded")
        .product_name("Security Hub")
        .workflow(Workflow::builder().status(status).build())
        .resources(Resource::builder().r#type("AwsS3Bucket").id(format!("arn:aws:s3:::bucket-{id}")).build())
        .build()
}

fn managed_rule(name: &str, identifier: &str) -> ConfigRule {
    ConfigRule::builder()
        .config_rule_name(name)
        .source(Source::builder().owner(Owner::Aws).source_identifier(identifier).build().expect("source"))
        .build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_hub_findings_and_config_rules_are_collected() {
    let moto = Moto::start();
    let eu = in_region(&sdk(&moto.endpoint(), "eu-west-1"), "eu-west-1");
    let hub = aws_sdk_securityhub::Client::new(&eu);
    hub.enable_security_hub().send().await.expect("enable Security Hub");
    hub.batch_import_findings()
        .findings(finding("critical-new", SeverityLabel::Critical, WorkflowStatus::New, "2026-09-01T00:00:00.000Z"))
        .findings(finding(
            "critical-notified",
            SeverityLabel::Critical,
            WorkflowStatus::Notified,
            "2026-10-01T00:00:00Z",
        ))
        .findings(finding(
            "critical-resolved",
            SeverityLabel::Critical,
            WorkflowStatus::Resolved,
            "2026-09-01T00:00:00Z",
        ))
        .findings(finding("high-new", SeverityLabel::High, WorkflowStatus::New, "2026-09-01T00:00:00Z"))
        .send()
        .await
        .expect("import findings");
    let config = aws_sdk_config::Client::new(&eu);
    for (name, identifier) in [
        ("s3-bucket-public-read-prohibited", "S3_BUCKET_PUBLIC_READ_PROHIBITED"),
        ("restricted-ssh", "INCOMING_SSH_DISABLED"),
    ] {
        config.put_config_rule().config_rule(managed_rule(name, identifier)).send().await.expect("config rule");
    }
    // moto serves 25 rules a page: 27 rules take two pages.
    for n in 0..25 {
        let name = format!("filler-rule-{n:02}");
        config
            .put_config_rule()
            .config_rule(managed_rule(&name, "ENCRYPTED_VOLUMES"))
            .send()
            .await
            .expect("filler rule");
    }

    config
        .put_configuration_aggregator()
        .configuration_aggregator_name("organization")
        .organization_aggregation_source(
            aws_sdk_config::types::OrganizationAggregationSource::builder()
                .role_arn("arn:aws:iam::123456789012:role/config-aggregator")
                .all_aws_regions(true)
                .build()
                .expect("organization source"),
        )
        .send()
        .await
        .expect("organization aggregator");
    config
        .put_configuration_aggregator()
        .configuration_aggregator_name("two-accounts")
        .account_aggregation_sources(
            aws_sdk_config::types::AccountAggregationSource::builder()
                .account_ids("111111111111")
                .account_ids("222222222222")
                .aws_regions("eu-west-1")
                .build()
                .expect("account source"),
        )
        .send()
        .await
        .expect("account aggregator");

    let bundle = scan(&options(&moto, &["eu-west-1", "us-east-1"])).await;
    let account = &bundle.accounts[0];
    let eu_facts = &account.regions["eu-west-1"];
    let us_facts = &account.regions["us-east-1"];
    // moto 5.2.5 has no DescribeConformancePacks, DescribeRemediationConfigurations nor Audit
    // Manager: the collector records the failure, never a guess.
    for (fact, state) in [
        ("config_conformance_packs", eu_facts.config_conformance_packs.state()),
        ("config_remediations", eu_facts.config_remediations.state()),
        ("auditmanager", eu_facts.auditmanager.state()),
    ] {
        assert_eq!(
            state,
            FactState::Failed,
            "{fact}: moto answers it now; replace the replay test with an emulator test"
        );
    }

    // Security Hub: only the open critical findings, with their details.
    let findings = ok(&eu_facts.securityhub_critical_findings, "critical findings").as_ref().expect("hub enabled");
    let mut ids: Vec<&str> = findings.findings.iter().map(|f| f.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["critical-new", "critical-notified"]);
    assert!(!findings.truncated);
    let new = findings.findings.iter().find(|f| f.id == "critical-new").expect("critical-new");
    assert_eq!(new.workflow_status, "NEW");
    assert_eq!(new.title, "Finding critical-new");
    assert_eq!(new.resource_id.as_deref(), Some("arn:aws:s3:::bucket-critical-new"));
    assert_eq!(new.resource_type.as_deref(), Some("AwsS3Bucket"));
    assert_eq!(new.product_name.as_deref(), Some("Security Hub"));
    assert_eq!(new.first_observed_at.map(|t| t.to_rfc3339()), Some("2026-09-01T00:00:00+00:00".to_owned()));
    // Not enabled in us-east-1: no findings are gathered there, a value.
    assert_eq!(ok(&us_facts.securityhub_critical_findings, "findings without a hub"), &None);

    // Config rules, and none where none was put.
    let all_rules = ok(&eu_facts.config_rules, "config rules");
    assert!(all_rules.iter().all(|r| r.created_by.is_none()), "rules put by the account are its own");
    assert_eq!(all_rules.len(), 27, "both pages read");
    assert_eq!(
        bundle.api_calls.get("configservice:DescribeConfigRules"),
        Some(&3),
        "two pages in eu-west-1, one in us-east-1"
    );
    let mut rules: Vec<(&str, &str, Option<&str>)> = all_rules
        .iter()
        .filter(|r| !r.name.starts_with("filler-"))
        .map(|r| (r.name.as_str(), r.source_owner.as_str(), r.source_identifier.as_deref()))
        .collect();
    rules.sort_unstable();
    assert_eq!(
        rules,
        [
            ("restricted-ssh", "AWS", Some("INCOMING_SSH_DISABLED")),
            ("s3-bucket-public-read-prohibited", "AWS", Some("S3_BUCKET_PUBLIC_READ_PROHIBITED")),
        ]
    );
    assert!(ok(&us_facts.config_rules, "no config rules").is_empty());
    assert!(ok(&us_facts.config_remediations, "no rules, no remediation call").is_empty());

    // Config aggregators: one for the whole organization in every region, one for two accounts.
    let mut aggregators: Vec<(&str, bool, bool, Vec<&str>)> = ok(&eu_facts.config_aggregators, "aggregators")
        .iter()
        .map(|a| {
            (a.name.as_str(), a.organization_wide, a.all_regions, a.account_ids.iter().map(String::as_str).collect())
        })
        .collect();
    aggregators.sort();
    assert_eq!(
        aggregators,
        [("organization", true, true, vec![]), ("two-accounts", false, false, vec!["111111111111", "222222222222"])]
    );
    assert!(ok(&eu_facts.config_aggregators, "aggregators").iter().all(|a| a.arn.contains(":config-aggregator/")));
    assert!(ok(&us_facts.config_aggregators, "none in us-east-1").is_empty());
}
