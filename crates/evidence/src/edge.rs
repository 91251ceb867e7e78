//! The network edge, per region: Elastic Load Balancing v2 load balancers with their listeners,
//! Auto Scaling groups, AWS WAF regional web ACLs and API Gateway REST APIs with their stages;
//! account-wide, the AWS Shield Advanced subscription and its protections, the CloudFront
//! distributions and the AWS WAF web ACLs of scope `CLOUDFRONT`.
//!
//! Classic Load Balancers (`elasticloadbalancing:DescribeLoadBalancers` of the ELB v1 API) are
//! not collected. Regional web ACLs carry their associations with Application Load Balancers
//! only; an API Gateway stage names its own web ACL (`webAclArn`) and a CloudFront distribution
//! its own (`WebACLId`), so those associations are read from the stage and the distribution.
//! AppSync and Cognito associations, HTTP and WebSocket APIs (API Gateway v2) are not collected.

use serde::{Deserialize, Serialize};

use crate::Fact;
use crate::aws_enum::aws_enum;

/// An Elastic Load Balancing v2 load balancer (`elasticloadbalancing:DescribeLoadBalancers`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancer {
    /// The load balancer's ARN.
    pub arn: String,
    /// The load balancer's name.
    pub name: String,
    /// `application`, `network` or `gateway`.
    pub load_balancer_type: LoadBalancerType,
    /// `internet-facing` or `internal`.
    pub scheme: LoadBalancerScheme,
    /// The Availability Zones it has nodes in (`AvailabilityZones[].ZoneName`).
    #[serde(default)]
    pub availability_zones: Vec<String>,
    /// The IDs of the security groups attached to it (`SecurityGroups` of
    /// `elasticloadbalancing:DescribeLoadBalancers`); empty for a Gateway Load Balancer and for a
    /// Network Load Balancer created without security groups.
    #[serde(default)]
    pub security_groups: Vec<String>,
    /// `elasticloadbalancing:DescribeListeners`: its listeners.
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub listeners: Fact<Vec<Listener>>,
    /// The ARN of the regional AWS WAF web ACL associated with it, `None` when there is none;
    /// collected for Application Load Balancers only. Read from the region's web ACLs
    /// (`wafv2:ListResourcesForWebACL`), or, when their associations cannot be listed, asked for
    /// this load balancer (`wafv2:GetWebACLForResource`); denied or failed when neither answered.
    #[serde(default, skip_serializing_if = "Fact::is_not_collected")]
    pub web_acl_arn: Fact<Option<String>>,
}

impl LoadBalancer {
    /// Whether it is reachable from the internet (scheme `internet-facing`).
    #[must_use]
    pub fn is_internet_facing(&self) -> bool {
        self.scheme == LoadBalancerScheme::InternetFacing
    }

    /// Whether it is an Application Load Balancer.
    #[must_use]
    pub fn is_application(&self) -> bool {
        self.load_balancer_type == LoadBalancerType::Application
    }
}

/// A listener of a load balancer (`elasticloadbalancing:DescribeListeners`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listener {
    /// The listener's ARN.
    pub arn: String,
    /// The port it listens on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
    /// `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP` or `GENEVE`.
    pub protocol: ListenerProtocol,
    /// The TLS security policy of an `HTTPS` or `TLS` listener.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl_policy: Option<String>,
    /// Whether the listener's default action redirects to `HTTPS` (a `redirect` action whose
    /// protocol is `HTTPS`). Listener rules (`DescribeRules`) are not collected.
    #[serde(default)]
    pub redirects_to_https: bool,
}

impl Listener {
    /// Whether the listener itself terminates TLS (`HTTPS` or `TLS`).
    #[must_use]
    pub fn is_encrypted(&self) -> bool {
        matches!(self.protocol, ListenerProtocol::Https | ListenerProtocol::Tls)
    }
}

/// An Auto Scaling group (`autoscaling:DescribeAutoScalingGroups`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutoScalingGroup {
    /// The group's name.
    pub name: String,
    /// The group's ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The Availability Zones it launches instances in.
    #[serde(default)]
    pub availability_zones: Vec<String>,
    /// The number of instances it keeps running.
    pub desired_capacity: i32,
}

/// An AWS WAF web ACL of scope `REGIONAL` or `CLOUDFRONT` (`wafv2:ListWebACLs`,
/// `wafv2:GetWebACL`, and for `REGIONAL` ones `wafv2:ListResourcesForWebACL`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebAcl {
    /// The web ACL's name.
    pub name: String,
    /// The web ACL's id.
    pub id: String,
    /// The web ACL's ARN.
    pub arn: String,
    /// Its rules in priority order, including the rule groups AWS Firewall Manager adds before
    /// and after the web ACL's own rules (`wafv2:GetWebACL`).
    #[serde(default)]
    pub rules: Vec<WebAclRule>,
    /// `wafv2:ListResourcesForWebACL` (`APPLICATION_LOAD_BALANCER`): the ARNs of the Application
    /// Load Balancers it protects. When those associations cannot be listed, they are gathered
    /// from every Application Load Balancer of the region (`wafv2:GetWebACLForResource`), and the
    /// web ACLs are recorded only when every one of them answered. Always empty for a
    /// `CLOUDFRONT` web ACL: a distribution names its web ACL itself.
    #[serde(default)]
    pub associated_resources: Vec<String>,
}

/// One rule of a web ACL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebAclRule {
    /// The rule's name.
    pub name: String,
    /// What the rule's top-level statement is: `managed_rule_group`, `rule_group` (a rule group of
    /// the account, by ARN), `rate_based`, `byte_match`, `geo_match`, `ip_set`,
    /// `regex_pattern_set`, `regex_match`, `size_constraint`, `sqli_match`, `xss_match`,
    /// `label_match`, `asn_match`, `and`, `or`, `not`, or `unknown`.
    pub statement: String,
    /// The vendor of a managed rule group, e.g. `AWS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// The name of a managed rule group (`AWSManagedRulesCommonRuleSet`), or the ARN of the
    /// account's own rule group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_group: Option<String>,
    /// The rule's action (`BLOCK`, `ALLOW`, `COUNT`, `CAPTCHA`, `CHALLENGE`), or for a rule
    /// group its override action (`NONE` keeps the group's own actions, `COUNT` only counts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<WafAction>,
}

impl WebAclRule {
    /// Whether the rule runs a managed rule group (from AWS or a Marketplace vendor).
    #[must_use]
    pub fn is_managed_rule_group(&self) -> bool {
        self.statement == "managed_rule_group"
    }

    /// Whether the rule runs a rule group managed by AWS (vendor `AWS`).
    #[must_use]
    pub fn is_aws_managed_rule_group(&self) -> bool {
        self.is_managed_rule_group() && self.vendor.as_deref().is_some_and(|v| v.eq_ignore_ascii_case("AWS"))
    }

    /// Whether the rule only counts matching requests (a rule action or group override `COUNT`).
    #[must_use]
    pub fn only_counts(&self) -> bool {
        self.action == Some(WafAction::Count)
    }
}

/// AWS Shield Advanced for the account (`shield:GetSubscriptionState`, `shield:ListProtections`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShieldAdvanced {
    /// `ACTIVE` or `INACTIVE` (`shield:GetSubscriptionState`).
    pub subscription_state: SubscriptionState,
    /// The ARNs of the protected resources (`shield:ListProtections`, asked only when the
    /// subscription is active; empty otherwise).
    #[serde(default)]
    pub protected_resources: Vec<String>,
}

impl ShieldAdvanced {
    /// Whether the account subscribes to Shield Advanced.
    #[must_use]
    pub fn is_active(&self) -> bool {
        self.subscription_state == SubscriptionState::Active
    }
}

/// A CloudFront distribution (`cloudfront:ListDistributions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudFrontDistribution {
    /// The distribution's id.
    pub id: String,
    /// The distribution's ARN.
    pub arn: String,
    /// Its CloudFront domain name (`d111111abcdef8.cloudfront.net`).
    pub domain_name: String,
    /// Whether it serves requests.
    pub enabled: bool,
    /// The web ACL that protects it (`WebACLId`): the web ACL's ARN for AWS WAF (scope
    /// `CLOUDFRONT`), its id for AWS WAF Classic; `None` when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_acl_id: Option<String>,
}

/// An API Gateway REST API with its stages (`apigateway:GET` on `/restapis`, SDK operation
/// `GetRestApis`, and on `/restapis/{id}/stages`, `GetStages`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestApi {
    /// The API's id.
    pub id: String,
    /// The API's name.
    pub name: String,
    /// Its endpoint types (`endpointConfiguration.types`): `EDGE`, `REGIONAL` or `PRIVATE`.
    #[serde(default)]
    pub endpoint_types: Vec<EndpointType>,
    /// Its deployed stages (`GetStages`).
    #[serde(default)]
    pub stages: Vec<RestApiStage>,
}

impl RestApi {
    /// Whether it is reachable from the internet: any endpoint type but `PRIVATE` (an API
    /// without endpoint types is an edge-optimized one, the default).
    #[must_use]
    pub fn is_internet_facing(&self) -> bool {
        self.endpoint_types.is_empty() || self.endpoint_types.iter().any(|t| *t != EndpointType::Private)
    }
}

/// A stage of an API Gateway REST API (`GetStages`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestApiStage {
    /// The stage's name.
    pub name: String,
    /// The ARN of the regional web ACL associated with the stage (`webAclArn`); `None` when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_acl_arn: Option<String>,
}

aws_enum! {
    /// An ELBv2 listener's `Protocol`.
    pub enum ListenerProtocol {
        /// Plain HTTP.
        Http => "HTTP",
        /// HTTP over TLS.
        Https => "HTTPS",
        /// Plain TCP.
        Tcp => "TCP",
        /// TCP over TLS.
        Tls => "TLS",
        /// UDP.
        Udp => "UDP",
        /// TCP and UDP on one port.
        TcpUdp => "TCP_UDP",
        /// Gateway Load Balancer traffic.
        Geneve => "GENEVE",
        /// QUIC.
        Quic => "QUIC",
        /// TCP and QUIC on one port.
        TcpQuic => "TCP_QUIC",
    }
}

aws_enum! {
    /// An ELBv2 load balancer's `Type`.
    pub enum LoadBalancerType {
        /// An Application Load Balancer.
        Application => "application",
        /// A Network Load Balancer.
        Network => "network",
        /// A Gateway Load Balancer.
        Gateway => "gateway",
    }
}

aws_enum! {
    /// An ELBv2 load balancer's `Scheme`.
    pub enum LoadBalancerScheme {
        /// Reachable from the internet.
        InternetFacing => "internet-facing",
        /// Reachable from its VPC only.
        Internal => "internal",
    }
}

aws_enum! {
    /// A WAF rule's action, or a rule group's override action.
    pub enum WafAction {
        /// Blocks matching requests.
        Block => "BLOCK",
        /// Allows matching requests.
        Allow => "ALLOW",
        /// Only counts matching requests.
        Count => "COUNT",
        /// Asks for a CAPTCHA.
        Captcha => "CAPTCHA",
        /// Runs a silent challenge.
        Challenge => "CHALLENGE",
        /// A rule group's override that keeps the group's own actions.
        KeepGroupActions => "NONE",
    }
}

aws_enum! {
    /// Shield Advanced's `SubscriptionState`.
    pub enum SubscriptionState {
        /// Subscribed.
        Active => "ACTIVE",
        /// Not subscribed.
        Inactive => "INACTIVE",
    }
}

aws_enum! {
    /// An API Gateway endpoint type.
    pub enum EndpointType {
        /// Edge-optimized, through CloudFront.
        Edge => "EDGE",
        /// Regional.
        Regional => "REGIONAL",
        /// Reachable from VPCs only.
        Private => "PRIVATE",
    }
}
