//! EC2 and VPC, per region, one file per thing collected: instances and the instance metadata
//! defaults, security groups, the network (VPCs, flow logs, subnets, route tables), EBS,
//! snapshot and AMI block public access, Verified Access, transit gateways; and the account's
//! enabled regions.

mod block_public_access;
mod ebs;
mod instances;
mod network;
mod regions;
mod security_groups;
mod transit_gateways;
mod verified_access;

use aws_sdk_ec2::types::Tag;
use maturity_evidence::Tags;

use super::Call;

pub(crate) use block_public_access::{image_block_public_access, snapshot_block_public_access};
pub(crate) use ebs::{ebs_encryption_by_default, volumes};
pub(crate) use instances::{instance_metadata_defaults, instances};
pub(crate) use network::{flow_logs, route_tables, subnets, vpcs};
pub(crate) use regions::enabled_regions;
pub(crate) use security_groups::security_groups;
pub(crate) use transit_gateways::{transit_gateway_attachments, transit_gateways};
pub(crate) use verified_access::verified_access_instances;

/// Every call of the EC2 collectors, for the IAM policy.
pub(crate) const CALLS: &[Call] = &[
    regions::DESCRIBE_REGIONS,
    instances::DESCRIBE_INSTANCES,
    security_groups::DESCRIBE_SECURITY_GROUPS,
    network::DESCRIBE_VPCS,
    network::DESCRIBE_FLOW_LOGS,
    ebs::GET_EBS_ENCRYPTION_BY_DEFAULT,
    ebs::DESCRIBE_VOLUMES,
    block_public_access::GET_SNAPSHOT_BLOCK_PUBLIC_ACCESS_STATE,
    block_public_access::GET_IMAGE_BLOCK_PUBLIC_ACCESS_STATE,
    verified_access::DESCRIBE_VERIFIED_ACCESS_INSTANCES,
    verified_access::DESCRIBE_VERIFIED_ACCESS_ENDPOINTS,
    network::DESCRIBE_SUBNETS,
    network::DESCRIBE_ROUTE_TABLES,
    instances::GET_INSTANCE_METADATA_DEFAULTS,
    transit_gateways::DESCRIBE_TRANSIT_GATEWAYS,
    transit_gateways::DESCRIBE_TRANSIT_GATEWAY_ATTACHMENTS,
];

/// EC2 tags as a map (a tag without a value has an empty one).
fn tags(tags: &[Tag]) -> Tags {
    tags.iter().filter_map(|t| Some((t.key()?.to_owned(), t.value().unwrap_or_default().to_owned()))).collect()
}
