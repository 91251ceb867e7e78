//! The network: VPCs, their flow logs, subnets and route tables (what makes a subnet public).

use maturity_evidence::{Fact, FlowLog, Route, RouteTable, Subnet, Vpc};

use super::tags;
use crate::calls::declare_calls;
use crate::classify::{Problem, fact};
use crate::config::Clients;
use crate::services::paging;

declare_calls! {
    DESCRIBE_VPCS: "ec2:DescribeVpcs";
    DESCRIBE_FLOW_LOGS: "ec2:DescribeFlowLogs";
    DESCRIBE_SUBNETS: "ec2:DescribeSubnets";
    DESCRIBE_ROUTE_TABLES: "ec2:DescribeRouteTables";
}

/// `ec2:DescribeVpcs`.
pub(crate) async fn vpcs(clients: &Clients, region: &str) -> Fact<Vec<Vpc>> {
    let collect = async {
        let pages = clients.ec2(region).describe_vpcs().into_paginator().send();
        let vpcs = paging::try_all(DESCRIBE_VPCS, pages, |page| {
            let mut vpcs = Vec::new();
            vpcs.extend(page.vpcs().iter().filter_map(|v| {
                Some(Vpc {
                    vpc_id: v.vpc_id()?.to_owned(),
                    is_default: v.is_default().unwrap_or(false),
                    cidr_block: v.cidr_block().map(str::to_owned),
                    tags: tags(v.tags()),
                })
            }));
            Ok(vpcs)
        })
        .await?;
        Ok::<_, Problem>(vpcs)
    };
    fact(collect.await)
}

/// `ec2:DescribeFlowLogs`.
pub(crate) async fn flow_logs(clients: &Clients, region: &str) -> Fact<Vec<FlowLog>> {
    let collect = async {
        let pages = clients.ec2(region).describe_flow_logs().into_paginator().send();
        let logs = paging::try_all(DESCRIBE_FLOW_LOGS, pages, |page| {
            let mut logs = Vec::new();
            logs.extend(page.flow_logs().iter().filter_map(|l| {
                Some(FlowLog {
                    flow_log_id: l.flow_log_id()?.to_owned(),
                    resource_id: l.resource_id().unwrap_or_default().to_owned(),
                    status: l.flow_log_status().unwrap_or("UNKNOWN").into(),
                    traffic_type: l.traffic_type().map(|t| t.as_str().to_owned()),
                })
            }));
            Ok(logs)
        })
        .await?;
        Ok::<_, Problem>(logs)
    };
    fact(collect.await)
}

/// `ec2:DescribeSubnets`.
pub(crate) async fn subnets(clients: &Clients, region: &str) -> Fact<Vec<Subnet>> {
    let collect = async {
        let subnets =
            paging::all(DESCRIBE_SUBNETS, clients.ec2(region).describe_subnets().into_paginator().send(), |page| {
                page.subnets()
                    .iter()
                    .filter_map(|s| {
                        Some(Subnet {
                            subnet_id: s.subnet_id()?.to_owned(),
                            vpc_id: s.vpc_id()?.to_owned(),
                            availability_zone: s.availability_zone().map(str::to_owned),
                            map_public_ip_on_launch: s.map_public_ip_on_launch().unwrap_or(false),
                            tags: tags(s.tags()),
                        })
                    })
                    .collect()
            })
            .await?;
        Ok::<_, Problem>(subnets)
    };
    fact(collect.await)
}

/// The id of a route's target, whichever kind it is.
fn route_target(r: &aws_sdk_ec2::types::Route) -> String {
    [
        r.gateway_id(),
        r.nat_gateway_id(),
        r.transit_gateway_id(),
        r.vpc_peering_connection_id(),
        r.network_interface_id(),
        r.instance_id(),
        r.egress_only_internet_gateway_id(),
        r.local_gateway_id(),
        r.carrier_gateway_id(),
        r.core_network_arn(),
    ]
    .into_iter()
    .flatten()
    .next()
    .unwrap_or("unknown")
    .to_owned()
}

/// `ec2:DescribeRouteTables`.
pub(crate) async fn route_tables(clients: &Clients, region: &str) -> Fact<Vec<RouteTable>> {
    let collect = async {
        let pages = clients.ec2(region).describe_route_tables().into_paginator().send();
        let tables = paging::all(DESCRIBE_ROUTE_TABLES, pages, |page| {
            page.route_tables()
                .iter()
                .filter_map(|t| {
                    Some(RouteTable {
                        route_table_id: t.route_table_id()?.to_owned(),
                        vpc_id: t.vpc_id()?.to_owned(),
                        is_main: t.associations().iter().any(|a| a.main().unwrap_or(false)),
                        subnet_ids: t.associations().iter().filter_map(|a| a.subnet_id()).map(str::to_owned).collect(),
                        routes: t
                            .routes()
                            .iter()
                            .map(|r| Route {
                                destination_cidr_block: r.destination_cidr_block().map(str::to_owned),
                                destination_ipv6_cidr_block: r.destination_ipv6_cidr_block().map(str::to_owned),
                                destination_prefix_list_id: r.destination_prefix_list_id().map(str::to_owned),
                                target: route_target(r),
                                // A route without a state is one AWS did not mark as a blackhole.
                                state: r.state().map_or("active", |s| s.as_str()).into(),
                            })
                            .collect(),
                    })
                })
                .collect()
        })
        .await?;
        Ok::<_, Problem>(tables)
    };
    fact(collect.await)
}

#[cfg(test)]
mod tests {
    use maturity_evidence::Fact;

    use crate::replay_tests::{XML, replaying, response};

    const NS: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";

    #[tokio::test]
    async fn route_tables_are_read_over_two_pages_with_every_kind_of_target() {
        let (clients, calls, _replay) = replaying(vec![
            response(
                200,
                &[XML],
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeRouteTablesResponse xmlns="{NS}"><requestId>r1</requestId><routeTableSet><item><routeTableId>rtb-0main</routeTableId><vpcId>vpc-1</vpcId><routeSet><item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state><origin>CreateRouteTable</origin></item><item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><natGatewayId>nat-0abc</natGatewayId><state>active</state><origin>CreateRoute</origin></item></routeSet><associationSet><item><routeTableAssociationId>rtbassoc-1</routeTableAssociationId><routeTableId>rtb-0main</routeTableId><main>true</main><associationState><state>associated</state></associationState></item></associationSet><tagSet/></item></routeTableSet><nextToken>page-2</nextToken></DescribeRouteTablesResponse>"#
                ),
            ),
            response(
                200,
                &[XML],
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeRouteTablesResponse xmlns="{NS}"><requestId>r2</requestId><routeTableSet><item><routeTableId>rtb-0public</routeTableId><vpcId>vpc-1</vpcId><routeSet><item><destinationIpv6CidrBlock>::/0</destinationIpv6CidrBlock><gatewayId>igw-0abc</gatewayId><state>active</state></item><item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><gatewayId>igw-0old</gatewayId><state>blackhole</state></item><item><destinationPrefixListId>pl-63a5400a</destinationPrefixListId><gatewayId>vpce-0s3</gatewayId><state>active</state></item><item><destinationCidrBlock>192.168.0.0/16</destinationCidrBlock><transitGatewayId>tgw-0abc</transitGatewayId><state>active</state></item></routeSet><associationSet><item><routeTableAssociationId>rtbassoc-2</routeTableAssociationId><routeTableId>rtb-0public</routeTableId><subnetId>subnet-0a</subnetId><main>false</main></item><item><routeTableAssociationId>rtbassoc-3</routeTableAssociationId><routeTableId>rtb-0public</routeTableId><subnetId>subnet-0b</subnetId><main>false</main></item></associationSet></item></routeTableSet></DescribeRouteTablesResponse>"#
                ),
            ),
        ]);
        let tables = super::route_tables(&clients, "eu-west-1").await;
        let Fact::Ok(tables) = tables else { panic!("{tables:?}") };
        assert_eq!(tables.len(), 2);
        let (main, public) = (&tables[0], &tables[1]);
        assert!(main.is_main && main.subnet_ids.is_empty());
        assert!(!main.routes_to_internet_gateway());
        assert_eq!(main.routes[1].target_kind(), "nat");
        assert!(!public.is_main);
        assert_eq!(public.subnet_ids, vec!["subnet-0a", "subnet-0b"]);
        assert!(public.routes_to_internet_gateway(), "through the IPv6 default route");
        let kinds: Vec<&str> = public.routes.iter().map(maturity_evidence::Route::target_kind).collect();
        assert_eq!(kinds, vec!["igw", "igw", "vpce", "tgw"]);
        assert_eq!(public.routes[1].state, "blackhole".into());
        assert_eq!(public.routes[2].destination_prefix_list_id.as_deref(), Some("pl-63a5400a"));
        assert_eq!(calls.snapshot().get("ec2:DescribeRouteTables"), Some(&2), "one call per page");
    }
}
