//! GuardDuty, per region: the detectors and their protection plans.

use maturity_evidence::{DetectorFeature, Fact, GuardDutyDetector};

use super::Call;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

pub(crate) const CALLS: &[Call] = &[Call::same("guardduty:ListDetectors"), Call::same("guardduty:GetDetector")];

/// `guardduty:ListDetectors` and `guardduty:GetDetector` for each.
pub(crate) async fn detectors(clients: &Clients, region: &str) -> Fact<Vec<GuardDutyDetector>> {
    fact(collect(clients, region).await)
}

async fn collect(clients: &Clients, region: &str) -> Result<Vec<GuardDutyDetector>, Problem> {
    let client = clients.guardduty(region);
    let mut ids = Vec::new();
    let mut pages = client.list_detectors().into_paginator().send();
    while let Some(page) = pages.next().await {
        ids.extend(page.or_problem("guardduty:ListDetectors")?.detector_ids().iter().cloned());
    }
    let mut detectors = Vec::with_capacity(ids.len());
    for detector_id in ids {
        let out = client.get_detector().detector_id(&detector_id).send().await.or_problem("guardduty:GetDetector")?;
        detectors.push(GuardDutyDetector {
            status: out.status().map_or("UNKNOWN", |s| s.as_str()).to_owned(),
            features: out
                .features()
                .iter()
                .filter_map(|f| {
                    Some(DetectorFeature {
                        name: f.name()?.as_str().to_owned(),
                        status: f.status().map_or("UNKNOWN", |s| s.as_str()).to_owned(),
                    })
                })
                .collect(),
            detector_id,
        });
    }
    Ok(detectors)
}
