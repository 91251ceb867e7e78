//! CloudFormation, per region: the stacks that exist (every status but `DELETE_COMPLETE`).

use aws_sdk_cloudformation::types::StackStatus;
use maturity_evidence::{CloudFormationStack, Fact};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_STACKS: "cloudformation:ListStacks";
}

/// `cloudformation:ListStacks`, every page, filtered on every status but `DELETE_COMPLETE` (AWS
/// keeps deleted stacks listed for 90 days). No stack is an empty list.
pub(crate) async fn stacks(clients: &Clients, region: &str) -> Fact<Vec<CloudFormationStack>> {
    fact(collect(clients, region).await)
}

async fn collect(clients: &Clients, region: &str) -> Result<Vec<CloudFormationStack>, Problem> {
    let statuses: Vec<StackStatus> =
        StackStatus::values().iter().filter(|s| **s != "DELETE_COMPLETE").map(|s| StackStatus::from(*s)).collect();
    let pages =
        clients.cloudformation(region).list_stacks().set_stack_status_filter(Some(statuses)).into_paginator().send();
    let stacks = paging::all(LIST_STACKS, pages, |page| {
        page.stack_summaries()
            .iter()
            .filter_map(|s| {
                Some(CloudFormationStack {
                    stack_name: s.stack_name()?.to_owned(),
                    stack_status: s.stack_status().map_or("UNKNOWN", |st| st.as_str()).into(),
                })
            })
            .collect()
    })
    .await?;
    Ok(stacks)
}
