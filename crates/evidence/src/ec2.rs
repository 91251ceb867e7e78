//! EC2 and VPC facts, per region.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::aws_enum::aws_enum;

/// Resource tags, key to value.
pub type Tags = BTreeMap<String, String>;

/// An EC2 instance (`ec2:DescribeInstances`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// `i-…`.
    pub instance_id: String,
    /// `pending`, `running`, `stopping`, `stopped`, `shutting-down`, `terminated`.
    pub state: InstanceState,
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
        matches!(self.state, InstanceState::Running | InstanceState::Pending)
    }

    /// Whether the instance still exists as a workload (not terminated or terminating).
    #[must_use]
    pub fn exists(&self) -> bool {
        !matches!(self.state, InstanceState::Terminated | InstanceState::ShuttingDown)
    }
}

/// `MetadataOptions` of an instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetadataOptions {
    /// `required` (IMDSv2 only) or `optional`.
    pub http_tokens: HttpTokens,
    /// `enabled` or `disabled`.
    pub http_endpoint: HttpEndpoint,
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

/// A transit gateway the account owns or that is shared with it (`ec2:DescribeTransitGateways`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransitGateway {
    /// `tgw-…`.
    pub transit_gateway_id: String,
    /// The account that owns it (another account when it is shared through AWS RAM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// `pending`, `available`, `modifying`, `deleting` or `deleted`.
    pub state: String,
}

/// An attachment to a transit gateway (`ec2:DescribeTransitGatewayAttachments`): the ones of the
/// account's transit gateways and the ones of its own VPCs, VPNs … to shared ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransitGatewayAttachment {
    /// `tgw-attach-…`.
    pub transit_gateway_attachment_id: String,
    /// The transit gateway it attaches to.
    pub transit_gateway_id: String,
    /// `vpc`, `vpn`, `direct-connect-gateway`, `connect`, `peering`, `tgw-peering`, `network-function`.
    pub resource_type: AttachmentResourceType,
    /// The attached resource, e.g. `vpc-…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    /// The account that owns the attached resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_owner_id: Option<String>,
    /// `available`, `pending`, `pendingAcceptance`, `deleted`, `failed`, `rejected` …
    pub state: AttachmentState,
}

impl TransitGatewayAttachment {
    /// Whether it is a VPC attachment that carries traffic (`available` or `modifying`).
    #[must_use]
    pub fn is_active_vpc(&self) -> bool {
        self.resource_type == AttachmentResourceType::Vpc
            && matches!(self.state, AttachmentState::Available | AttachmentState::Modifying)
    }
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
    pub status: FlowLogStatus,
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

/// A VPC subnet (`ec2:DescribeSubnets`). The route table that applies to it is found with
/// [`Subnet::route_table`] among the region's [`RouteTable`]s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subnet {
    /// `subnet-…`.
    pub subnet_id: String,
    /// The VPC it belongs to.
    pub vpc_id: String,
    /// The Availability Zone, e.g. `eu-west-1a`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    /// `MapPublicIpOnLaunch`: instances launched here get a public IPv4 address by default.
    #[serde(default)]
    pub map_public_ip_on_launch: bool,
    /// The subnet's tags.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

impl Subnet {
    /// The route table that applies to the subnet: the one explicitly associated with it, else
    /// the main route table of its VPC; `None` when neither is among `tables`.
    #[must_use]
    pub fn route_table<'a>(&self, tables: &'a [RouteTable]) -> Option<&'a RouteTable> {
        tables
            .iter()
            .find(|t| t.subnet_ids.contains(&self.subnet_id))
            .or_else(|| tables.iter().find(|t| t.is_main && t.vpc_id == self.vpc_id))
    }
}

/// A VPC route table (`ec2:DescribeRouteTables`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteTable {
    /// `rtb-…`.
    pub route_table_id: String,
    /// The VPC it belongs to.
    pub vpc_id: String,
    /// The VPC's main route table (it applies to every subnet without an explicit association).
    #[serde(default)]
    pub is_main: bool,
    /// The subnets explicitly associated with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subnet_ids: Vec<String>,
    /// Its routes.
    #[serde(default)]
    pub routes: Vec<Route>,
}

impl RouteTable {
    /// The table has an active default route (`0.0.0.0/0` or `::/0`) to an internet gateway
    /// (`igw-…`): the subnets it applies to are public.
    #[must_use]
    pub fn routes_to_internet_gateway(&self) -> bool {
        self.routes.iter().any(Route::is_default_to_internet_gateway)
    }
}

/// One route of a route table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// The destination IPv4 CIDR block, e.g. `0.0.0.0/0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_cidr_block: Option<String>,
    /// The destination IPv6 CIDR block, e.g. `::/0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_ipv6_cidr_block: Option<String>,
    /// The destination prefix list, `pl-…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_prefix_list_id: Option<String>,
    /// The target's id: `local`, `igw-…`, `eigw-…`, `nat-…`, `tgw-…`, `vpce-…`, `eni-…`,
    /// `pcx-…`, `i-…`, `vgw-…`, `lgw-…`, `cagw-…` or a core network ARN; `unknown` when absent.
    pub target: String,
    /// `active`, or `blackhole` when the target is gone.
    pub state: RouteState,
}

impl Route {
    /// The route sends everything (`0.0.0.0/0` or `::/0`) to an internet gateway and is active.
    #[must_use]
    pub fn is_default_to_internet_gateway(&self) -> bool {
        let default = self.destination_cidr_block.as_deref() == Some("0.0.0.0/0")
            || self.destination_ipv6_cidr_block.as_deref() == Some("::/0");
        default && self.state == RouteState::Active && self.target.starts_with("igw-")
    }

    /// The kind of target, from its id's prefix: `igw`, `eigw`, `nat`, `tgw`, `vpce`, `eni`,
    /// `pcx`, `i`, `vgw`, `lgw`, `cagw`, `local`, `core-network` or `unknown`.
    #[must_use]
    pub fn target_kind(&self) -> &str {
        if self.target == "local" {
            return "local";
        }
        if self.target.starts_with("arn:") {
            return "core-network";
        }
        match self.target.split_once('-') {
            Some((kind, _)) if !kind.is_empty() => kind,
            _ => "unknown",
        }
    }
}

/// The account's instance metadata defaults in a region (`ec2:GetInstanceMetadataDefaults`):
/// what new instances get unless their launch says otherwise. Every field is `None` when no
/// default is set. Evidence for the `imdsv2` control (no check reads it yet).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceMetadataDefaults {
    /// `required` (IMDSv2 only), `optional` or `no-preference`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_tokens: Option<HttpTokens>,
    /// The hop limit of the metadata token response (1 to 64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_put_response_hop_limit: Option<i32>,
    /// `enabled`, `disabled` or `no-preference`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_endpoint: Option<HttpEndpoint>,
    /// Instance tags in the metadata: `enabled`, `disabled` or `no-preference`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_metadata_tags: Option<String>,
}

aws_enum! {
    /// An EC2 instance's `State.Name`.
    pub enum InstanceState {
        /// Starting.
        Pending => "pending",
        /// Running.
        Running => "running",
        /// Being stopped.
        Stopping => "stopping",
        /// Stopped; it still exists.
        Stopped => "stopped",
        /// Being terminated.
        ShuttingDown => "shutting-down",
        /// Gone.
        Terminated => "terminated",
    }
}

aws_enum! {
    /// Instance metadata `HttpTokens`: whether IMDSv2 session tokens are required.
    pub enum HttpTokens {
        /// IMDSv2 only.
        Required => "required",
        /// IMDSv1 allowed.
        Optional => "optional",
        /// An account default that leaves the choice to the AMI and launch settings.
        NoPreference => "no-preference",
    }
}

aws_enum! {
    /// Instance metadata `HttpEndpoint`: whether the metadata service answers at all.
    pub enum HttpEndpoint {
        /// It answers.
        Enabled => "enabled",
        /// It is off.
        Disabled => "disabled",
        /// An account default that leaves the choice to the AMI and launch settings.
        NoPreference => "no-preference",
    }
}

aws_enum! {
    /// A VPC flow log's `FlowLogStatus`.
    pub enum FlowLogStatus {
        /// Delivering.
        Active => "ACTIVE",
    }
}

aws_enum! {
    /// A route's `State`.
    pub enum RouteState {
        /// The target exists.
        Active => "active",
        /// The target is gone; traffic is dropped.
        Blackhole => "blackhole",
    }
}

aws_enum! {
    /// What a transit gateway attachment attaches (`ResourceType`).
    pub enum AttachmentResourceType {
        /// A VPC.
        Vpc => "vpc",
        /// A site-to-site VPN.
        Vpn => "vpn",
        /// A Direct Connect gateway.
        DirectConnectGateway => "direct-connect-gateway",
        /// A Connect attachment (SD-WAN).
        Connect => "connect",
        /// A peering with another transit gateway.
        Peering => "peering",
        /// A peering with another transit gateway.
        TgwPeering => "tgw-peering",
        /// A network function.
        NetworkFunction => "network-function",
    }
}

aws_enum! {
    /// A transit gateway attachment's `State`.
    pub enum AttachmentState {
        /// Being set up.
        Initiating => "initiating",
        /// Requesting acceptance.
        InitiatingRequest => "initiatingRequest",
        /// Waiting for the owner to accept.
        PendingAcceptance => "pendingAcceptance",
        /// A failed attachment being undone.
        RollingBack => "rollingBack",
        /// Being made.
        Pending => "pending",
        /// Carries traffic.
        Available => "available",
        /// Being changed; still carries traffic.
        Modifying => "modifying",
        /// Being removed.
        Deleting => "deleting",
        /// Removed.
        Deleted => "deleted",
        /// Could not be made.
        Failed => "failed",
        /// Refused by the owner.
        Rejected => "rejected",
        /// Being refused.
        Rejecting => "rejecting",
        /// Failing.
        Failing => "failing",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(cidr: &str, target: &str, state: &str) -> Route {
        Route {
            destination_cidr_block: Some(cidr.to_owned()),
            destination_ipv6_cidr_block: None,
            destination_prefix_list_id: None,
            target: target.to_owned(),
            state: state.into(),
        }
    }

    fn table(id: &str, is_main: bool, subnets: &[&str], routes: Vec<Route>) -> RouteTable {
        RouteTable {
            route_table_id: id.to_owned(),
            vpc_id: "vpc-1".to_owned(),
            is_main,
            subnet_ids: subnets.iter().map(|s| (*s).to_owned()).collect(),
            routes,
        }
    }

    #[test]
    fn only_an_active_default_route_to_an_internet_gateway_makes_a_table_public() {
        assert!(route("0.0.0.0/0", "igw-1", "active").is_default_to_internet_gateway());
        assert!(!route("0.0.0.0/0", "igw-1", "blackhole").is_default_to_internet_gateway());
        assert!(!route("0.0.0.0/0", "nat-1", "active").is_default_to_internet_gateway());
        assert!(!route("0.0.0.0/0", "eigw-1", "active").is_default_to_internet_gateway());
        assert!(!route("10.0.0.0/8", "igw-1", "active").is_default_to_internet_gateway());
        let v6 = Route {
            destination_cidr_block: None,
            destination_ipv6_cidr_block: Some("::/0".to_owned()),
            ..route("", "igw-1", "active")
        };
        assert!(v6.is_default_to_internet_gateway());
        assert_eq!(route("0.0.0.0/0", "tgw-0abc", "active").target_kind(), "tgw");
        assert_eq!(route("10.0.0.0/16", "local", "active").target_kind(), "local");
    }

    #[test]
    fn an_explicit_association_wins_over_the_main_table() {
        let tables = vec![
            table("rtb-main", true, &[], vec![route("0.0.0.0/0", "igw-1", "active")]),
            table("rtb-private", false, &["subnet-private"], vec![route("0.0.0.0/0", "nat-1", "active")]),
        ];
        let subnet = |id: &str| Subnet {
            subnet_id: id.to_owned(),
            vpc_id: "vpc-1".to_owned(),
            availability_zone: None,
            map_public_ip_on_launch: false,
            tags: Tags::new(),
        };
        assert_eq!(
            subnet("subnet-private").route_table(&tables).map(|t| t.route_table_id.as_str()),
            Some("rtb-private")
        );
        assert_eq!(subnet("subnet-other").route_table(&tables).map(|t| t.route_table_id.as_str()), Some("rtb-main"));
        let elsewhere = Subnet { vpc_id: "vpc-2".to_owned(), ..subnet("subnet-x") };
        assert_eq!(elsewhere.route_table(&tables), None);
    }
}
