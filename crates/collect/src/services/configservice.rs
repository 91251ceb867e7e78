//! AWS Config, per region: the configuration recorders and whether they record, the conformance
//! packs with their compliance, the rules with their remediation configurations, and the
//! configuration aggregators.

use std::collections::BTreeMap;

use maturity_evidence::{
    ConfigAggregator, ConfigRecorder, ConfigRule, ConformancePack, Fact, RemediationConfiguration,
};

use super::{Limit, fan_out, paging};
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

declare_calls! {
    DESCRIBE_CONFIGURATION_RECORDERS: "configservice:DescribeConfigurationRecorders" => "config:DescribeConfigurationRecorders";
    DESCRIBE_CONFIGURATION_RECORDER_STATUS: "configservice:DescribeConfigurationRecorderStatus" => "config:DescribeConfigurationRecorderStatus";
    DESCRIBE_CONFORMANCE_PACKS: "configservice:DescribeConformancePacks" => "config:DescribeConformancePacks";
    GET_CONFORMANCE_PACK_COMPLIANCE_SUMMARY: "configservice:GetConformancePackComplianceSummary" => "config:GetConformancePackComplianceSummary";
    DESCRIBE_CONFIG_RULES: "configservice:DescribeConfigRules" => "config:DescribeConfigRules";
    DESCRIBE_REMEDIATION_CONFIGURATIONS: "configservice:DescribeRemediationConfigurations" => "config:DescribeRemediationConfigurations";
    DESCRIBE_CONFIGURATION_AGGREGATORS: "configservice:DescribeConfigurationAggregators" => "config:DescribeConfigurationAggregators";
}

/// `GetConformancePackComplianceSummary` takes at most this many pack names per call.
const PACKS_PER_SUMMARY: usize = 5;

/// `DescribeRemediationConfigurations` takes at most this many rule names per call.
const RULES_PER_REMEDIATION_CALL: usize = 25;

/// `config:DescribeConfigurationRecorders` and `config:DescribeConfigurationRecorderStatus`
/// (neither is paginated).
pub(crate) async fn recorders(clients: &Clients, region: &str) -> Fact<Vec<ConfigRecorder>> {
    let client = clients.config(region);
    let collect = async {
        let recorders =
            client.describe_configuration_recorders().send().await.or_problem(DESCRIBE_CONFIGURATION_RECORDERS)?;
        if recorders.configuration_recorders().is_empty() {
            return Ok(Vec::new());
        }
        let statuses = client
            .describe_configuration_recorder_status()
            .send()
            .await
            .or_problem(DESCRIBE_CONFIGURATION_RECORDER_STATUS)?;
        let status = |name: &str| statuses.configuration_recorders_status().iter().find(|s| s.name() == Some(name));
        Ok::<_, Problem>(
            recorders
                .configuration_recorders()
                .iter()
                .filter_map(|r| {
                    let name = r.name()?;
                    let group = r.recording_group();
                    Some(ConfigRecorder {
                        name: name.to_owned(),
                        recording: status(name)
                            .is_some_and(aws_sdk_config::types::ConfigurationRecorderStatus::recording),
                        all_supported: group.is_some_and(aws_sdk_config::types::RecordingGroup::all_supported),
                        include_global_resource_types: group
                            .is_some_and(aws_sdk_config::types::RecordingGroup::include_global_resource_types),
                        last_status: status(name).and_then(|s| s.last_status()).map(|s| s.as_str().to_owned()),
                    })
                })
                .collect(),
        )
    };
    fact(collect.await)
}

/// `config:DescribeConformancePacks` (paginated), then `config:GetConformancePackComplianceSummary`
/// for the packs, five names per call (each paginated).
pub(crate) async fn conformance_packs(clients: &Clients, region: &str) -> Fact<Vec<ConformancePack>> {
    let client = clients.config(region);
    let collect = async {
        let pages = client.describe_conformance_packs().into_paginator().send();
        let mut packs = paging::all(DESCRIBE_CONFORMANCE_PACKS, pages, |page| {
            page.conformance_pack_details()
                .iter()
                .map(|p| ConformancePack {
                    name: p.conformance_pack_name().to_owned(),
                    arn: p.conformance_pack_arn().to_owned(),
                    compliance: None,
                })
                .collect()
        })
        .await?;
        let mut compliance = BTreeMap::new();
        let names: Vec<String> = packs.iter().map(|p| p.name.clone()).collect();
        for chunk in names.chunks(PACKS_PER_SUMMARY) {
            let pages = client
                .get_conformance_pack_compliance_summary()
                .set_conformance_pack_names(Some(chunk.to_vec()))
                .into_paginator()
                .send();
            let summaries = paging::all(GET_CONFORMANCE_PACK_COMPLIANCE_SUMMARY, pages, |page| {
                page.conformance_pack_compliance_summary_list()
                    .iter()
                    .map(|summary| {
                        (
                            summary.conformance_pack_name().to_owned(),
                            summary.conformance_pack_compliance_status().as_str().to_owned(),
                        )
                    })
                    .collect()
            })
            .await?;
            compliance.extend(summaries);
        }
        for pack in &mut packs {
            pack.compliance = compliance.remove(&pack.name).map(Into::into);
        }
        Ok::<_, Problem>(packs)
    };
    fact(collect.await)
}

/// `config:DescribeConfigRules` (paginated), then `config:DescribeRemediationConfigurations` for
/// the rules, 25 names per call (not paginated), the batches spread over spare permits. The
/// remediations share the rules' problem when the rules could not be read.
pub(crate) async fn rules_and_remediations(
    clients: &Clients,
    region: &str,
    limit: &Limit,
) -> (Fact<Vec<ConfigRule>>, Fact<Vec<RemediationConfiguration>>) {
    let client = clients.config(region);
    let rules = async {
        let rules =
            paging::all(DESCRIBE_CONFIG_RULES, client.describe_config_rules().into_paginator().send(), |page| {
                page.config_rules()
                    .iter()
                    .filter_map(|r| {
                        let source = r.source();
                        Some(ConfigRule {
                            name: r.config_rule_name()?.to_owned(),
                            source_owner: source.map_or("UNKNOWN", |s| s.owner().as_str()).to_owned(),
                            source_identifier: source.and_then(|s| s.source_identifier()).map(str::to_owned),
                            created_by: r.created_by().map(str::to_owned),
                        })
                    })
                    .collect()
            })
            .await?;
        Ok::<_, Problem>(rules)
    }
    .await;
    let rules = match rules {
        Ok(rules) => rules,
        Err(problem) => return (problem.clone().into_fact(), problem.into_fact()),
    };
    let batches: Vec<Vec<String>> =
        rules.chunks(RULES_PER_REMEDIATION_CALL).map(|c| c.iter().map(|r| r.name.clone()).collect()).collect();
    let done = fan_out(limit, batches, move |names| {
        let client = client.clone();
        async move {
            let out = client
                .describe_remediation_configurations()
                .set_config_rule_names(Some(names))
                .send()
                .await
                .or_problem(DESCRIBE_REMEDIATION_CONFIGURATIONS)?;
            Ok::<_, Problem>(
                out.remediation_configurations()
                    .iter()
                    .map(|r| RemediationConfiguration {
                        config_rule_name: r.config_rule_name().to_owned(),
                        target_id: r.target_id().to_owned(),
                        automatic: r.automatic(),
                    })
                    .collect::<Vec<_>>(),
            )
        }
    })
    .await;
    let remediations = done.into_iter().collect::<Result<Vec<_>, _>>().map(|batches| batches.concat());
    (Fact::Ok(rules), fact(remediations))
}

/// `config:DescribeConfigurationAggregators`: the aggregators this account owns in the region.
pub(crate) async fn aggregators(clients: &Clients, region: &str) -> Fact<Vec<ConfigAggregator>> {
    let collect = async {
        let pages = clients.config(region).describe_configuration_aggregators().into_paginator().send();
        let aggregators = paging::try_all(DESCRIBE_CONFIGURATION_AGGREGATORS, pages, |page| {
            let mut aggregators = Vec::new();
            for aggregator in page.configuration_aggregators() {
                let organization = aggregator.organization_aggregation_source();
                let accounts = aggregator.account_aggregation_sources();
                aggregators.push(ConfigAggregator {
                    name: aggregator.configuration_aggregator_name().unwrap_or_default().to_owned(),
                    arn: aggregator.configuration_aggregator_arn().unwrap_or_default().to_owned(),
                    organization_wide: organization.is_some(),
                    all_regions: organization.map_or_else(
                        || {
                            !accounts.is_empty()
                                && accounts.iter().all(aws_sdk_config::types::AccountAggregationSource::all_aws_regions)
                        },
                        aws_sdk_config::types::OrganizationAggregationSource::all_aws_regions,
                    ),
                    account_ids: accounts.iter().flat_map(|a| a.account_ids()).cloned().collect(),
                });
            }
            Ok(aggregators)
        })
        .await?;
        Ok::<_, Problem>(aggregators)
    };
    fact(collect.await)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use maturity_evidence::Fact;
    use tokio::sync::Semaphore;

    use super::{conformance_packs, rules_and_remediations};
    use crate::replay_tests::{JSON, replaying, response};

    fn pack(name: &str) -> String {
        format!(
            r#"{{"ConformancePackName":"{name}","ConformancePackArn":"arn:aws:config:us-east-1:111111111111:conformance-pack/{name}-abc","ConformancePackId":"conformance-pack-{name}","ConformancePackInputParameters":[],"LastUpdateRequestedTime":1.7e9}}"#
        )
    }

    fn summary(name: &str, status: &str) -> String {
        format!(r#"{{"ConformancePackName":"{name}","ConformancePackComplianceStatus":"{status}"}}"#)
    }

    #[tokio::test]
    async fn conformance_packs_and_their_compliance_are_read_over_pages_and_batches() {
        let (clients, calls, replay) = replaying(vec![
            response(200, &[JSON], &format!(r#"{{"ConformancePackDetails":[{}],"NextToken":"p2"}}"#, pack("pci"))),
            response(
                200,
                &[JSON],
                &format!(
                    r#"{{"ConformancePackDetails":[{},{},{},{},{}]}}"#,
                    pack("cis"),
                    pack("nist"),
                    pack("hipaa"),
                    pack("soc2"),
                    pack("new-pack")
                ),
            ),
            // The first five names, over two pages.
            response(
                200,
                &[JSON],
                &format!(
                    r#"{{"ConformancePackComplianceSummaryList":[{},{}],"NextToken":"s2"}}"#,
                    summary("pci", "NON_COMPLIANT"),
                    summary("cis", "COMPLIANT")
                ),
            ),
            response(
                200,
                &[JSON],
                &format!(
                    r#"{{"ConformancePackComplianceSummaryList":[{},{},{}]}}"#,
                    summary("nist", "COMPLIANT"),
                    summary("hipaa", "INSUFFICIENT_DATA"),
                    summary("soc2", "COMPLIANT")
                ),
            ),
            // The sixth: AWS Config has no summary for it yet.
            response(200, &[JSON], r#"{"ConformancePackComplianceSummaryList":[]}"#),
        ]);
        let Fact::Ok(packs) = conformance_packs(&clients, "us-east-1").await else { panic!("no packs") };
        let seen: Vec<(&str, Option<&str>)> =
            packs.iter().map(|p| (p.name.as_str(), p.compliance.as_ref().map(|s| s.as_str()))).collect();
        assert_eq!(
            seen,
            [
                ("pci", Some("NON_COMPLIANT")),
                ("cis", Some("COMPLIANT")),
                ("nist", Some("COMPLIANT")),
                ("hipaa", Some("INSUFFICIENT_DATA")),
                ("soc2", Some("COMPLIANT")),
                ("new-pack", None),
            ]
        );
        assert_eq!(packs[0].arn, "arn:aws:config:us-east-1:111111111111:conformance-pack/pci-abc");
        let calls = calls.snapshot();
        assert_eq!(calls.get("configservice:DescribeConformancePacks"), Some(&2));
        assert_eq!(calls.get("configservice:GetConformancePackComplianceSummary"), Some(&3));
        let requests = replay.actual_requests().collect::<Vec<_>>();
        let body = std::str::from_utf8(requests[4].body().bytes().unwrap_or_default()).unwrap_or_default().to_owned();
        assert!(body.contains("new-pack") && !body.contains("\"pci\""), "{body}");
    }

    #[tokio::test]
    async fn no_conformance_pack_is_an_empty_list_without_a_summary_call() {
        let (clients, calls, _replay) = replaying(vec![response(200, &[JSON], r#"{"ConformancePackDetails":[]}"#)]);
        assert_eq!(conformance_packs(&clients, "us-east-1").await, Fact::Ok(Vec::new()));
        assert_eq!(calls.total(), 1);
    }

    #[tokio::test]
    async fn denied_conformance_packs_name_the_action() {
        let (clients, _calls, _replay) = replaying(vec![response(
            400,
            &[JSON],
            r#"{"__type":"AccessDeniedException","message":"not authorized to perform: config:DescribeConformancePacks"}"#,
        )]);
        assert_eq!(conformance_packs(&clients, "us-east-1").await, Fact::denied("config:DescribeConformancePacks"));
    }

    fn rule(name: &str) -> String {
        // Security Hub's rules are service-managed: AWS names the service in `CreatedBy`.
        let created_by =
            if name.starts_with("securityhub-") { r#","CreatedBy":"securityhub.amazonaws.com""# } else { "" };
        format!(
            r#"{{"ConfigRuleName":"{name}","ConfigRuleArn":"arn:aws:config:us-east-1:111111111111:config-rule/config-rule-{name}","ConfigRuleId":"config-rule-{name}","Source":{{"Owner":"AWS","SourceIdentifier":"S3_BUCKET_PUBLIC_READ_PROHIBITED"}},"ConfigRuleState":"ACTIVE"{created_by}}}"#
        )
    }

    fn remediation(rule: &str, target: &str, automatic: bool) -> String {
        format!(
            r#"{{"ConfigRuleName":"{rule}","TargetType":"SSM_DOCUMENT","TargetId":"{target}","Automatic":{automatic},"MaximumAutomaticAttempts":5,"RetryAttemptSeconds":60}}"#
        )
    }

    #[tokio::test]
    async fn remediations_are_asked_for_the_rules_in_batches_of_25() {
        let mut names: Vec<String> = (0..29).map(|n| format!("rule-{n:02}")).collect();
        names.push("securityhub-restricted-ssh-x1".to_owned());
        let first: Vec<String> = names[..20].iter().map(|n| rule(n)).collect();
        let second: Vec<String> = names[20..].iter().map(|n| rule(n)).collect();
        let (clients, calls, replay) = replaying(vec![
            response(200, &[JSON], &format!(r#"{{"ConfigRules":[{}],"NextToken":"r2"}}"#, first.join(","))),
            response(200, &[JSON], &format!(r#"{{"ConfigRules":[{}]}}"#, second.join(","))),
            response(
                200,
                &[JSON],
                &format!(
                    r#"{{"RemediationConfigurations":[{}]}}"#,
                    remediation("rule-00", "AWS-DisableS3BucketPublicReadWrite", true)
                ),
            ),
            response(
                200,
                &[JSON],
                &format!(
                    r#"{{"RemediationConfigurations":[{}]}}"#,
                    remediation("rule-27", "AWS-DisablePublicAccessForSecurityGroup", false)
                ),
            ),
        ]);
        // No spare permit: the batches run one after the other, in order.
        let limit = Arc::new(Semaphore::new(0));
        let (rules, remediations) = rules_and_remediations(&clients, "us-east-1", &limit).await;
        let Fact::Ok(rules) = rules else { panic!("no rules") };
        assert_eq!(rules.len(), 30);
        assert_eq!(rules[0].source_owner, "AWS");
        assert_eq!(rules[0].source_identifier.as_deref(), Some("S3_BUCKET_PUBLIC_READ_PROHIBITED"));
        assert_eq!(rules[0].created_by, None);
        assert_eq!(rules[29].created_by.as_deref(), Some("securityhub.amazonaws.com"));
        let Fact::Ok(remediations) = remediations else { panic!("no remediations") };
        let seen: Vec<(&str, &str, bool)> =
            remediations.iter().map(|r| (r.config_rule_name.as_str(), r.target_id.as_str(), r.automatic)).collect();
        assert_eq!(
            seen,
            [
                ("rule-00", "AWS-DisableS3BucketPublicReadWrite", true),
                ("rule-27", "AWS-DisablePublicAccessForSecurityGroup", false)
            ]
        );
        let calls = calls.snapshot();
        assert_eq!(calls.get("configservice:DescribeConfigRules"), Some(&2));
        assert_eq!(calls.get("configservice:DescribeRemediationConfigurations"), Some(&2));
        let requests = replay.actual_requests().collect::<Vec<_>>();
        let batch = std::str::from_utf8(requests[2].body().bytes().unwrap_or_default()).unwrap_or_default().to_owned();
        assert!(batch.contains("rule-24") && !batch.contains("rule-25"), "{batch}");
    }

    #[tokio::test]
    async fn denied_rules_leave_remediations_unknown_too() {
        let (clients, calls, _replay) = replaying(vec![response(
            400,
            &[JSON],
            r#"{"__type":"AccessDeniedException","message":"not authorized to perform: config:DescribeConfigRules"}"#,
        )]);
        let (rules, remediations) = rules_and_remediations(&clients, "us-east-1", &Arc::new(Semaphore::new(0))).await;
        assert_eq!(rules, Fact::denied("config:DescribeConfigRules"));
        assert_eq!(remediations, Fact::denied("config:DescribeConfigRules"));
        assert_eq!(calls.total(), 1);
    }
}
