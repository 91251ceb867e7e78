//! AWS Resilience Hub, per region: the applications with their last assessment against their
//! resiliency policy.

use aws_smithy_types_convert::date_time::DateTimeExt;
use chrono::{DateTime, Utc};
use maturity_evidence::{Fact, ResilienceHubApp};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_APPS: "resiliencehub:ListApps";
}

/// `resiliencehub:ListApps`, every page.
pub(crate) async fn apps(clients: &Clients, region: &str) -> Fact<Vec<ResilienceHubApp>> {
    fact(collect(clients, region).await)
}

async fn collect(clients: &Clients, region: &str) -> Result<Vec<ResilienceHubApp>, Problem> {
    let apps = paging::all(LIST_APPS, clients.resiliencehub(region).list_apps().into_paginator().send(), |page| {
        page.app_summaries()
            .iter()
            .map(|app| ResilienceHubApp {
                arn: app.app_arn().to_owned(),
                name: app.name().to_owned(),
                compliance_status: app.compliance_status().map(|s| s.as_str().into()),
                last_assessed_at: app.last_app_compliance_evaluation_time().and_then(utc),
                // AWS reports 0 for an application that was never scored: no score then.
                resiliency_score: app
                    .last_app_compliance_evaluation_time()
                    .map(|_| app.resiliency_score())
                    .filter(|s| s.is_finite()),
                assessment_schedule: app.assessment_schedule().map(|s| s.as_str().to_owned()),
            })
            .collect()
    })
    .await?;
    Ok(apps)
}

fn utc(time: &aws_smithy_types::DateTime) -> Option<DateTime<Utc>> {
    time.to_chrono_utc().ok()
}
