//! GuardDuty, per region: the detectors, their protection plans and threat intelligence sets.

use aws_sdk_guardduty::Client;
use maturity_evidence::{DetectorFeature, Fact, FeatureConfiguration, GuardDutyDetector, ThreatIntelSet};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_DETECTORS: "guardduty:ListDetectors";
    GET_DETECTOR: "guardduty:GetDetector";
    LIST_THREAT_INTEL_SETS: "guardduty:ListThreatIntelSets";
    GET_THREAT_INTEL_SET: "guardduty:GetThreatIntelSet";
}

/// `guardduty:ListDetectors` and `guardduty:GetDetector` for each, with each detector's
/// threat intelligence sets (a fact of their own, so that a denied list does not hide the
/// detector).
pub(crate) async fn detectors(clients: &Clients, region: &str) -> Fact<Vec<GuardDutyDetector>> {
    fact(collect(clients, region).await)
}

async fn collect(clients: &Clients, region: &str) -> Result<Vec<GuardDutyDetector>, Problem> {
    let client = clients.guardduty(region);
    let ids = paging::all(LIST_DETECTORS, client.list_detectors().into_paginator().send(), |page| {
        page.detector_ids().to_vec()
    })
    .await?;
    let mut detectors = Vec::with_capacity(ids.len());
    for detector_id in ids {
        let out = client.get_detector().detector_id(&detector_id).send().await.or_problem(GET_DETECTOR)?;
        detectors.push(GuardDutyDetector {
            status: out.status().map_or("UNKNOWN", |s| s.as_str()).into(),
            features: out
                .features()
                .iter()
                .filter_map(|f| {
                    Some(DetectorFeature {
                        name: f.name()?.as_str().to_owned(),
                        status: f.status().map_or("UNKNOWN", |s| s.as_str()).into(),
                        additional_configuration: f
                            .additional_configuration()
                            .iter()
                            .filter_map(|c| {
                                Some(FeatureConfiguration {
                                    name: c.name()?.as_str().to_owned(),
                                    status: c.status().map_or("UNKNOWN", |s| s.as_str()).into(),
                                })
                            })
                            .collect(),
                    })
                })
                .collect(),
            threat_intel_sets: fact(threat_intel_sets(&client, &detector_id).await),
            detector_id,
        });
    }
    Ok(detectors)
}

/// `guardduty:ListThreatIntelSets` and `guardduty:GetThreatIntelSet` for each (at most six per
/// detector, so one after the other).
async fn threat_intel_sets(client: &Client, detector_id: &str) -> Result<Vec<ThreatIntelSet>, Problem> {
    let pages = client.list_threat_intel_sets().detector_id(detector_id).into_paginator().send();
    let ids = paging::all(LIST_THREAT_INTEL_SETS, pages, |page| page.threat_intel_set_ids().to_vec()).await?;
    let mut sets = Vec::with_capacity(ids.len());
    for threat_intel_set_id in ids {
        let out = client
            .get_threat_intel_set()
            .detector_id(detector_id)
            .threat_intel_set_id(&threat_intel_set_id)
            .send()
            .await
            .or_problem(GET_THREAT_INTEL_SET)?;
        sets.push(ThreatIntelSet {
            name: out.name().unwrap_or_default().to_owned(),
            status: out.status().map_or("UNKNOWN", |s| s.as_str()).into(),
            format: out.format().map(|f| f.as_str().to_owned()),
            threat_intel_set_id,
        });
    }
    Ok(sets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay_tests::{JSON, replaying, response};

    #[tokio::test]
    async fn runtime_settings_and_threat_intel_sets_are_read() {
        let (clients, calls, _replay) = replaying(vec![
            response(200, &[JSON], r#"{"detectorIds":["d1"]}"#),
            response(
                200,
                &[JSON],
                r#"{"createdAt":"2025-01-01T00:00:00Z","findingPublishingFrequency":"SIX_HOURS","serviceRole":"arn:aws:iam::111111111111:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty","status":"ENABLED","updatedAt":"2025-01-01T00:00:00Z","features":[{"name":"EBS_MALWARE_PROTECTION","status":"DISABLED"},{"name":"RUNTIME_MONITORING","status":"ENABLED","additionalConfiguration":[{"name":"EC2_AGENT_MANAGEMENT","status":"ENABLED"}]}]}"#,
            ),
            response(200, &[JSON], r#"{"threatIntelSetIds":["t1"],"nextToken":"page-2"}"#),
            response(200, &[JSON], r#"{"threatIntelSetIds":["t2"]}"#),
            response(
                200,
                &[JSON],
                r#"{"name":"cert-blocklist","format":"TXT","location":"https://s3.amazonaws.com/bucket/list.txt","status":"ACTIVE","tags":{}}"#,
            ),
            response(
                200,
                &[JSON],
                r#"{"name":"old-feed","format":"STIX","location":"https://s3.amazonaws.com/bucket/old.xml","status":"INACTIVE"}"#,
            ),
        ]);
        let found = detectors(&clients, "eu-west-1").await;
        let Fact::Ok(detectors) = found else { panic!("{found:?}") };
        let runtime = detectors[0].feature("RUNTIME_MONITORING").unwrap_or_else(|| panic!("no runtime feature"));
        assert_eq!(runtime.additional_configuration[0].name, "EC2_AGENT_MANAGEMENT");
        let Fact::Ok(sets) = &detectors[0].threat_intel_sets else { panic!("{:?}", detectors[0].threat_intel_sets) };
        let read: Vec<(&str, &str, Option<&str>)> =
            sets.iter().map(|s| (s.name.as_str(), s.status.as_str(), s.format.as_deref())).collect();
        assert_eq!(read, vec![("cert-blocklist", "ACTIVE", Some("TXT")), ("old-feed", "INACTIVE", Some("STIX"))]);
        assert_eq!(calls.snapshot().get("guardduty:ListThreatIntelSets"), Some(&2), "one call per page");
    }

    #[tokio::test]
    async fn denied_threat_intel_sets_keep_the_detector() {
        let (clients, _calls, _replay) = replaying(vec![
            response(200, &[JSON], r#"{"detectorIds":["d1"]}"#),
            response(200, &[JSON], r#"{"status":"ENABLED","serviceRole":"r","features":[]}"#),
            response(
                403,
                &[JSON, ("x-amzn-errortype", "AccessDeniedException")],
                r#"{"message":"not authorized to perform: guardduty:ListThreatIntelSets","__type":"AccessDeniedException"}"#,
            ),
        ]);
        let found = detectors(&clients, "eu-west-1").await;
        let Fact::Ok(detectors) = found else { panic!("{found:?}") };
        assert!(detectors[0].is_enabled());
        assert_eq!(detectors[0].threat_intel_sets, Fact::denied("guardduty:ListThreatIntelSets"));
    }
}
