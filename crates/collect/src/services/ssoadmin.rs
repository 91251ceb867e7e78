//! IAM Identity Center (SSO Admin), per region: the instances.

use maturity_evidence::{Fact, SsoInstance};

use super::paging;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;

declare_calls! {
    LIST_INSTANCES: "ssoadmin:ListInstances" => "sso:ListInstances";
}

/// `sso:ListInstances`.
pub(crate) async fn instances(clients: &Clients, region: &str) -> Fact<Vec<SsoInstance>> {
    let collect = async {
        let instances =
            paging::all(LIST_INSTANCES, clients.ssoadmin(region).list_instances().into_paginator().send(), |page| {
                page.instances()
                    .iter()
                    .filter_map(|i| {
                        Some(SsoInstance {
                            instance_arn: i.instance_arn()?.to_owned(),
                            identity_store_id: i.identity_store_id().map(str::to_owned),
                            owner_account_id: i.owner_account_id().map(str::to_owned),
                            status: i.status().map(|s| s.as_str().into()),
                        })
                    })
                    .collect()
            })
            .await?;
        Ok::<_, Problem>(instances)
    };
    fact(collect.await)
}
