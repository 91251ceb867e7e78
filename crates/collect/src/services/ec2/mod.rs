//! EC2 and VPC, per region, one file per thing collected: instances and the instance metadata
//! defaults, security groups, the network (VPCs, flow logs, subnets, route tables), EBS,
//! snapshot and AMI block public access, Verified Access, transit gateways; and the account's
//! enabled regions.

pub(crate) mod block_public_access;
pub(crate) mod ebs;
pub(crate) mod instances;
pub(crate) mod network;
pub(crate) mod regions;
pub(crate) mod security_groups;
pub(crate) mod transit_gateways;
pub(crate) mod verified_access;

use aws_sdk_ec2::types::Tag;
use maturity_evidence::Tags;

pub(crate) use block_public_access::{image_block_public_access, snapshot_block_public_access};
pub(crate) use ebs::{ebs_encryption_by_default, volumes};
pub(crate) use instances::{instance_metadata_defaults, instances};
pub(crate) use network::{flow_logs, route_tables, subnets, vpcs};
pub(crate) use regions::enabled_regions;
pub(crate) use security_groups::security_groups;
pub(crate) use transit_gateways::{transit_gateway_attachments, transit_gateways};
pub(crate) use verified_access::verified_access_instances;

/// EC2 tags as a map (a tag without a value has an empty one).
fn tags(tags: &[Tag]) -> Tags {
    tags.iter().filter_map(|t| Some((t.key()?.to_owned(), t.value().unwrap_or_default().to_owned()))).collect()
}
