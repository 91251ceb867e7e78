//! IAM Identity Center (SSO Admin), per region: the instances.

use maturity_evidence::{Fact, SsoInstance};

use super::Call;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;

pub(crate) const CALLS: &[Call] = &[Call::named("ssoadmin:ListInstances", "sso:ListInstances")];

/// `sso:ListInstances`.
pub(crate) async fn instances(clients: &Clients, region: &str) -> Fact<Vec<SsoInstance>> {
    let collect = async {
        let mut instances = Vec::new();
        let mut pages = clients.ssoadmin(region).list_instances().into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.or_problem("sso:ListInstances")?;
            instances.extend(page.instances().iter().filter_map(|i| {
                Some(SsoInstance {
                    instance_arn: i.instance_arn()?.to_owned(),
                    identity_store_id: i.identity_store_id().map(str::to_owned),
                    owner_account_id: i.owner_account_id().map(str::to_owned),
                    status: i.status().map(|s| s.as_str().to_owned()),
                })
            }));
        }
        Ok::<_, Problem>(instances)
    };
    fact(collect.await)
}
