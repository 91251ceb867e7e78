//! CloudWatch, per region: metric alarms.

use maturity_evidence::{Fact, MetricAlarm};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    DESCRIBE_ALARMS: "cloudwatch:DescribeAlarms";
}

/// `cloudwatch:DescribeAlarms` (metric alarms only, the API's default).
pub(crate) async fn alarms(clients: &Clients, region: &str) -> Fact<Vec<MetricAlarm>> {
    fact(collect(clients, region).await)
}

async fn collect(clients: &Clients, region: &str) -> Result<Vec<MetricAlarm>, Problem> {
    let alarms =
        paging::all(DESCRIBE_ALARMS, clients.cloudwatch(region).describe_alarms().into_paginator().send(), |page| {
            page.metric_alarms()
                .iter()
                .filter_map(|a| {
                    Some(MetricAlarm {
                        alarm_name: a.alarm_name()?.to_owned(),
                        namespace: a.namespace().map(str::to_owned),
                        metric_name: a.metric_name().map(str::to_owned),
                        actions_enabled: a.actions_enabled().unwrap_or(false),
                        alarm_actions: a.alarm_actions().to_vec(),
                    })
                })
                .collect()
        })
        .await?;
    Ok(alarms)
}
