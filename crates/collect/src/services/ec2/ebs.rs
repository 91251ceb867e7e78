//! EBS: the region's default encryption of new volumes, and the volumes.

use maturity_evidence::{Fact, Volume};

use super::tags;
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, fact};
use crate::config::Clients;
use crate::services::paging;

declare_calls! {
    GET_EBS_ENCRYPTION_BY_DEFAULT: "ec2:GetEbsEncryptionByDefault";
    DESCRIBE_VOLUMES: "ec2:DescribeVolumes";
}

/// `ec2:GetEbsEncryptionByDefault`.
pub(crate) async fn ebs_encryption_by_default(clients: &Clients, region: &str) -> Fact<bool> {
    fact(
        clients
            .ec2(region)
            .get_ebs_encryption_by_default()
            .send()
            .await
            .or_problem(GET_EBS_ENCRYPTION_BY_DEFAULT)
            .map(|out| out.ebs_encryption_by_default().unwrap_or(false)),
    )
}

/// `ec2:DescribeVolumes`.
pub(crate) async fn volumes(clients: &Clients, region: &str) -> Fact<Vec<Volume>> {
    let collect = async {
        let pages = clients.ec2(region).describe_volumes().into_paginator().send();
        let volumes = paging::try_all(DESCRIBE_VOLUMES, pages, |page| {
            let mut volumes = Vec::new();
            volumes.extend(page.volumes().iter().filter_map(|v| {
                Some(Volume {
                    volume_id: v.volume_id()?.to_owned(),
                    encrypted: v.encrypted().unwrap_or(false),
                    state: v.state().map_or("unknown", |s| s.as_str()).to_owned(),
                    kms_key_id: v.kms_key_id().map(str::to_owned),
                    tags: tags(v.tags()),
                })
            }));
            Ok(volumes)
        })
        .await?;
        Ok::<_, Problem>(volumes)
    };
    fact(collect.await)
}
