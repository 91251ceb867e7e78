//! Transit gateways and their attachments (which VPCs they join).

use maturity_evidence::{Fact, TransitGateway, TransitGatewayAttachment};

use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;
use crate::services::paging;

declare_calls! {
    DESCRIBE_TRANSIT_GATEWAYS: "ec2:DescribeTransitGateways";
    DESCRIBE_TRANSIT_GATEWAY_ATTACHMENTS: "ec2:DescribeTransitGatewayAttachments";
}

/// `ec2:DescribeTransitGateways`.
pub(crate) async fn transit_gateways(clients: &Clients, region: &str) -> Fact<Vec<TransitGateway>> {
    let collect = async {
        let pages = clients.ec2(region).describe_transit_gateways().into_paginator().send();
        let gateways = paging::all(DESCRIBE_TRANSIT_GATEWAYS, pages, |page| {
            page.transit_gateways()
                .iter()
                .filter_map(|g| {
                    Some(TransitGateway {
                        transit_gateway_id: g.transit_gateway_id()?.to_owned(),
                        owner_id: g.owner_id().map(str::to_owned),
                        state: g.state().map_or("unknown", |s| s.as_str()).to_owned(),
                    })
                })
                .collect()
        })
        .await?;
        Ok::<_, Problem>(gateways)
    };
    fact(collect.await)
}

/// `ec2:DescribeTransitGatewayAttachments`.
pub(crate) async fn transit_gateway_attachments(
    clients: &Clients,
    region: &str,
) -> Fact<Vec<TransitGatewayAttachment>> {
    let collect = async {
        let pages = clients.ec2(region).describe_transit_gateway_attachments().into_paginator().send();
        let attachments = paging::all(DESCRIBE_TRANSIT_GATEWAY_ATTACHMENTS, pages, |page| {
            page.transit_gateway_attachments()
                .iter()
                .filter_map(|a| {
                    Some(TransitGatewayAttachment {
                        transit_gateway_attachment_id: a.transit_gateway_attachment_id()?.to_owned(),
                        transit_gateway_id: a.transit_gateway_id()?.to_owned(),
                        resource_type: a.resource_type().map_or("unknown", |t| t.as_str()).into(),
                        resource_id: a.resource_id().map(str::to_owned),
                        resource_owner_id: a.resource_owner_id().map(str::to_owned),
                        state: a.state().map_or("unknown", |s| s.as_str()).into(),
                    })
                })
                .collect()
        })
        .await?;
        Ok::<_, Problem>(attachments)
    };
    fact(collect.await)
}
