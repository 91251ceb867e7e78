//! EC2 and VPC facts, per region.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Resource tags, key to value.
pub type Tags = BTreeMap<String, String>;

/// An EC2 instance (`ec2:DescribeInstances`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// `i-…`.
    pub instance_id: String,
    /// `pending`, `running`, `stopping`, `stopped`, `shutting-down`, `terminated`.
    pub state: String,
    /// The VPC, when in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// The subnet, when in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// The instance metadata service options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_options: Option<MetadataOptions>,
    /// Attached security groups.
    #[serde(default)]
    pub security_group_ids: Vec<String>,
    /// The instance's tags.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

impl Instance {
    /// Whether the instance is running or about to.
    #[must_use]
    pub fn is_running(&self) -> bool {
        matches!(self.state.as_str(), "running" | "pending")
    }

    /// Whether the instance still exists as a workload (not terminated or terminating).
    #[must_use]
    pub fn exists(&self) -> bool {
        !matches!(self.state.as_str(), "terminated" | "shutting-down")
    }
}

/// `MetadataOptions` of an instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetadataOptions {
    /// `required` (IMDSv2 only) or `optional`.
    pub http_tokens: String,
    /// `enabled` or `disabled`.
    pub http_endpoint: String,
}

/// A security group (`ec2:DescribeSecurityGroups`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroup {
    /// `sg-…`.
    pub group_id: String,
    /// The group's name (`default` for a VPC's default group).
    pub group_name: String,
    /// The VPC it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// Inbound rules.
    #[serde(default)]
    pub ingress: Vec<IpPermission>,
    /// Outbound rules.
    #[serde(default)]
    pub egress: Vec<IpPermission>,
    /// The group's tags.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

/// One rule of a security group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IpPermission {
    /// `tcp`, `udp`, `icmp`, a protocol number, or `-1` for all.
    pub ip_protocol: String,
    /// First port (absent for all protocols).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    /// Last port (absent for all protocols).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    /// IPv4 CIDR ranges.
    #[serde(default)]
    pub ipv4_ranges: Vec<String>,
    /// IPv6 CIDR ranges.
    #[serde(default)]
    pub ipv6_ranges: Vec<String>,
    /// Prefix lists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefix_list_ids: Vec<String>,
    /// Other security groups allowed as sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_group_ids: Vec<String>,
}

/// A VPC (`ec2:DescribeVpcs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vpc {
    /// `vpc-…`.
    pub vpc_id: String,
    /// The region's default VPC.
    pub is_default: bool,
    /// The primary IPv4 CIDR block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_block: Option<String>,
    /// The VPC's tags.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

/// A flow log (`ec2:DescribeFlowLogs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowLog {
    /// `fl-…`.
    pub flow_log_id: String,
    /// The VPC, subnet or network interface it logs.
    pub resource_id: String,
    /// `ACTIVE` when delivering.
    pub status: String,
    /// `ACCEPT`, `REJECT` or `ALL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic_type: Option<String>,
}

/// An EBS volume (`ec2:DescribeVolumes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Volume {
    /// `vol-…`.
    pub volume_id: String,
    /// The volume is encrypted.
    pub encrypted: bool,
    /// `in-use`, `available`, …
    pub state: String,
    /// The KMS key, when encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    /// The volume's tags.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}
