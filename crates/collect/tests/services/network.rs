//! The network edge against the emulator: load balancers with their listeners, Auto Scaling
//! groups, WAF web ACLs with rules and associations, Shield Advanced, and the S3 bucket policy
//! and replication facts.

use aws_config::SdkConfig;
use aws_sdk_autoscaling::types::LaunchTemplateSpecification;
use aws_sdk_ec2::types::{RequestLaunchTemplateData, ResourceType as Ec2ResourceType};
use aws_sdk_elasticloadbalancingv2::types::{
    Action, ActionTypeEnum, LoadBalancerSchemeEnum, ProtocolEnum, RedirectActionConfig, RedirectActionStatusCodeEnum,
};
use aws_sdk_s3::types::{
    BucketLocationConstraint, BucketVersioningStatus, CreateBucketConfiguration, Destination, ReplicationConfiguration,
    ReplicationRule as S3ReplicationRule, ReplicationRuleFilter, ReplicationRuleStatus, VersioningConfiguration,
};
use aws_sdk_wafv2::types::{
    AllowAction, BlockAction, DefaultAction, ManagedRuleGroupStatement, NoneAction, OverrideAction, RateBasedStatement,
    RateBasedStatementAggregateKeyType, Rule, RuleAction, Scope, Statement, VisibilityConfig,
};
use maturity_evidence::Fact;

use crate::support::moto::Moto;
use crate::support::scan::{ok, options, scan};
use crate::support::seed::sdk;

const REGION: &str = "eu-west-1";

fn s3(sdk: &SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(sdk).force_path_style(true).build())
}

fn visibility(name: &str) -> VisibilityConfig {
    VisibilityConfig::builder()
        .sampled_requests_enabled(true)
        .cloud_watch_metrics_enabled(true)
        .metric_name(name)
        .build()
        .unwrap()
}

/// A VPC with two subnets in two zones; returns the subnet ids.
async fn subnets(sdk: &SdkConfig) -> Vec<String> {
    let ec2 = aws_sdk_ec2::Client::new(sdk);
    let vpc = ec2.create_vpc().cidr_block("10.20.0.0/16").send().await.unwrap();
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).unwrap().to_owned();
    let mut ids = Vec::new();
    for (cidr, zone) in [("10.20.1.0/24", "eu-west-1a"), ("10.20.2.0/24", "eu-west-1b")] {
        let subnet = ec2.create_subnet().vpc_id(&vpc_id).cidr_block(cidr).availability_zone(zone).send().await.unwrap();
        ids.push(subnet.subnet().and_then(|s| s.subnet_id()).unwrap().to_owned());
    }
    ids
}

/// An internet-facing ALB over both subnets with a security group and an HTTP listener
/// redirecting to HTTPS, and an internal NLB (no security group) in one subnet with a TCP
/// listener; returns the ALB's ARN and its security group's id.
async fn load_balancers(sdk: &SdkConfig, subnets: &[String]) -> (String, String) {
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(sdk);
    let ec2 = aws_sdk_ec2::Client::new(sdk);
    let vpc_id =
        ec2.describe_subnets().subnet_ids(&subnets[0]).send().await.unwrap().subnets()[0].vpc_id().unwrap().to_owned();
    let web_sg = ec2
        .create_security_group()
        .group_name("shop-alb")
        .description("shop ALB")
        .vpc_id(&vpc_id)
        .send()
        .await
        .unwrap()
        .group_id()
        .unwrap()
        .to_owned();
    let alb = elb
        .create_load_balancer()
        .name("shop")
        .scheme(LoadBalancerSchemeEnum::InternetFacing)
        .set_subnets(Some(subnets.to_vec()))
        .security_groups(&web_sg)
        .send()
        .await
        .unwrap();
    let alb_arn = alb.load_balancers()[0].load_balancer_arn().unwrap().to_owned();
    let redirect = Action::builder()
        .r#type(ActionTypeEnum::Redirect)
        .redirect_config(
            RedirectActionConfig::builder()
                .protocol("HTTPS")
                .port("443")
                .status_code(RedirectActionStatusCodeEnum::Http301)
                .build(),
        )
        .build();
    elb.create_listener()
        .load_balancer_arn(&alb_arn)
        .protocol(ProtocolEnum::Http)
        .port(80)
        .default_actions(redirect)
        .send()
        .await
        .unwrap();
    let nlb = elb
        .create_load_balancer()
        .name("orders")
        .r#type(aws_sdk_elasticloadbalancingv2::types::LoadBalancerTypeEnum::Network)
        .scheme(LoadBalancerSchemeEnum::Internal)
        .subnets(&subnets[0])
        .send()
        .await
        .unwrap();
    let nlb_arn = nlb.load_balancers()[0].load_balancer_arn().unwrap().to_owned();
    let group = elb.create_target_group().name("orders").protocol(ProtocolEnum::Tcp).port(8080).vpc_id(
        aws_sdk_ec2::Client::new(sdk).describe_subnets().subnet_ids(&subnets[0]).send().await.unwrap().subnets()[0]
            .vpc_id()
            .unwrap(),
    );
    let group = group.send().await.unwrap();
    let group_arn = group.target_groups()[0].target_group_arn().unwrap().to_owned();
    elb.create_listener()
        .load_balancer_arn(&nlb_arn)
        .protocol(ProtocolEnum::Tcp)
        .port(8080)
        .default_actions(Action::builder().r#type(ActionTypeEnum::Forward).target_group_arn(group_arn).build())
        .send()
        .await
        .unwrap();
    (alb_arn, web_sg)
}

async fn auto_scaling_group(sdk: &SdkConfig) {
    let ec2 = aws_sdk_ec2::Client::new(sdk);
    ec2.create_launch_template()
        .launch_template_name("web")
        .launch_template_data(
            RequestLaunchTemplateData::builder()
                .image_id("ami-12c6146b")
                .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let _ = Ec2ResourceType::Instance;
    aws_sdk_autoscaling::Client::new(sdk)
        .create_auto_scaling_group()
        .auto_scaling_group_name("web-asg")
        .launch_template(LaunchTemplateSpecification::builder().launch_template_name("web").build())
        .min_size(1)
        .max_size(3)
        .desired_capacity(2)
        .availability_zones("eu-west-1a")
        .availability_zones("eu-west-1b")
        .send()
        .await
        .unwrap();
}

/// A web ACL with an AWS managed rule group and a rate-based rule, associated with the ALB.
async fn web_acl(sdk: &SdkConfig, alb_arn: &str) {
    let waf = aws_sdk_wafv2::Client::new(sdk);
    let managed = Rule::builder()
        .name("core")
        .priority(0)
        .statement(
            Statement::builder()
                .managed_rule_group_statement(
                    ManagedRuleGroupStatement::builder()
                        .vendor_name("AWS")
                        .name("AWSManagedRulesCommonRuleSet")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .override_action(OverrideAction::builder().none(NoneAction::builder().build()).build())
        .visibility_config(visibility("core"))
        .build()
        .unwrap();
    let rate = Rule::builder()
        .name("rate-limit")
        .priority(1)
        .statement(
            Statement::builder()
                .rate_based_statement(
                    RateBasedStatement::builder()
                        .limit(1000)
                        .aggregate_key_type(RateBasedStatementAggregateKeyType::Ip)
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .action(RuleAction::builder().block(BlockAction::builder().build()).build())
        .visibility_config(visibility("rate"))
        .build()
        .unwrap();
    let created = waf
        .create_web_acl()
        .name("shop-acl")
        .scope(Scope::Regional)
        .default_action(DefaultAction::builder().allow(AllowAction::builder().build()).build())
        .rules(managed)
        .rules(rate)
        .visibility_config(visibility("shop-acl"))
        .send()
        .await
        .unwrap();
    let acl_arn = created.summary().and_then(|s| s.arn()).unwrap().to_owned();
    waf.associate_web_acl().web_acl_arn(acl_arn).resource_arn(alb_arn).send().await.unwrap();
    waf.create_web_acl()
        .name("unused-acl")
        .scope(Scope::Regional)
        .default_action(DefaultAction::builder().allow(AllowAction::builder().build()).build())
        .visibility_config(visibility("unused-acl"))
        .send()
        .await
        .unwrap();
}

/// A bucket with a TLS-only policy and replication, and a public-read bucket with neither.
async fn buckets(sdk: &SdkConfig) {
    let s3 = s3(sdk);
    for name in ["net-tls-only", "net-plain", "net-replica"] {
        s3.create_bucket()
            .bucket(name)
            .create_bucket_configuration(
                CreateBucketConfiguration::builder().location_constraint(BucketLocationConstraint::EuWest1).build(),
            )
            .send()
            .await
            .unwrap();
    }
    s3.put_bucket_acl().bucket("net-plain").acl(aws_sdk_s3::types::BucketCannedAcl::PublicRead).send().await.unwrap();
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::net-tls-only","arn:aws:s3:::net-tls-only/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#;
    s3.put_bucket_policy().bucket("net-tls-only").policy(policy).send().await.unwrap();
    for name in ["net-tls-only", "net-replica"] {
        s3.put_bucket_versioning()
            .bucket(name)
            .versioning_configuration(
                VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build(),
            )
            .send()
            .await
            .unwrap();
    }
    let rule = S3ReplicationRule::builder()
        .id("to-replica")
        .priority(1)
        .status(ReplicationRuleStatus::Enabled)
        .filter(ReplicationRuleFilter::builder().prefix("").build())
        .delete_marker_replication(
            aws_sdk_s3::types::DeleteMarkerReplication::builder()
                .status(aws_sdk_s3::types::DeleteMarkerReplicationStatus::Disabled)
                .build(),
        )
        .destination(Destination::builder().bucket("arn:aws:s3:::net-replica").build().unwrap())
        .build()
        .unwrap();
    s3.put_bucket_replication()
        .bucket("net-tls-only")
        .replication_configuration(
            ReplicationConfiguration::builder()
                .role("arn:aws:iam::123456789012:role/replication")
                .rules(rule)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn network_edge_and_bucket_policies_are_collected() {
    let moto = Moto::start();
    let sdk = sdk(&moto.endpoint(), REGION);
    let subnets = subnets(&sdk).await;
    let (alb_arn, alb_sg) = load_balancers(&sdk, &subnets).await;
    auto_scaling_group(&sdk).await;
    web_acl(&sdk, &alb_arn).await;
    buckets(&sdk).await;

    let bundle = scan(&options(&moto, &[REGION, "eu-central-1"])).await;
    let account = &bundle.accounts[0];
    let region = &account.regions[REGION];

    let lbs = ok(&region.elbv2_load_balancers, "load balancers");
    assert_eq!(lbs.len(), 2, "{lbs:?}");
    let alb = lbs.iter().find(|lb| lb.name == "shop").unwrap();
    assert!(alb.is_internet_facing() && alb.is_application(), "{alb:?}");
    assert_eq!(alb.availability_zones, vec!["eu-west-1a", "eu-west-1b"]);
    assert_eq!(alb.security_groups, vec![alb_sg]);
    let listeners = ok(&alb.listeners, "ALB listeners");
    assert_eq!(listeners.len(), 1);
    assert_eq!((listeners[0].port, listeners[0].protocol.as_str()), (Some(80), "HTTP"));
    assert!(listeners[0].redirects_to_https, "{listeners:?}");
    let nlb = lbs.iter().find(|lb| lb.name == "orders").unwrap();
    assert_eq!((nlb.load_balancer_type.as_str(), nlb.scheme.as_str()), ("network", "internal"));
    assert_eq!(nlb.availability_zones, vec!["eu-west-1a"]);
    assert!(nlb.security_groups.is_empty(), "{nlb:?}");
    let nlb_listeners = ok(&nlb.listeners, "NLB listeners");
    assert_eq!(nlb_listeners[0].protocol, "TCP".into());
    assert!(!nlb_listeners[0].redirects_to_https);

    let groups = ok(&region.autoscaling_groups, "Auto Scaling groups");
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].name, "web-asg");
    assert_eq!(groups[0].availability_zones, vec!["eu-west-1a", "eu-west-1b"]);
    assert_eq!(groups[0].desired_capacity, 2);

    // moto 5.2.5 answers ListWebACLs and GetWebACL but not ListResourcesForWebACL (HTML 500):
    // the association is asked per Application Load Balancer instead (GetWebACLForResource),
    // which moto answers, so the web ACLs are recorded with it.
    assert_eq!(alb.web_acl_arn.get().ok().and_then(Option::as_deref).map(|arn| arn.contains("/shop-acl/")), Some(true));
    assert_eq!(nlb.web_acl_arn, Fact::NotCollected, "only Application Load Balancers are asked");
    let acls = ok(&region.wafv2_web_acls, "web ACLs, associations asked per load balancer");
    let shop = acls.iter().find(|acl| acl.name == "shop-acl").unwrap();
    assert_eq!(shop.associated_resources, vec![alb.arn.clone()]);
    assert!(shop.rules.iter().any(maturity_evidence::WebAclRule::is_aws_managed_rule_group), "{shop:?}");
    let unused = acls.iter().find(|acl| acl.name == "unused-acl").unwrap();
    assert!(unused.associated_resources.is_empty());
    assert_eq!(bundle.api_calls.get("wafv2:GetWebACLForResource"), Some(&1));

    // Nothing configured in the other region: empty lists, not errors.
    let empty = &account.regions["eu-central-1"];
    assert!(ok(&empty.elbv2_load_balancers, "no load balancers").is_empty());
    assert!(ok(&empty.autoscaling_groups, "no groups").is_empty());
    assert!(ok(&empty.wafv2_web_acls, "no web ACLs (nothing to associate)").is_empty());

    // moto 5.2.5 has no GetSubscriptionState: the fact is a failure, never a guess (replay tests
    // in `src/services/shield.rs`).
    let Fact::Failed { error } = &account.global.shield_advanced else {
        panic!("{:?}", account.global.shield_advanced)
    };
    assert!(error.contains("shield:GetSubscriptionState"), "{error}");

    let buckets = ok(&account.global.s3_buckets, "buckets");
    let tls_only = buckets.iter().find(|b| b.name == "net-tls-only").unwrap();
    let policy = ok(&tls_only.policy, "bucket policy").as_ref().unwrap();
    assert_eq!(policy["Statement"][0]["Sid"], "DenyInsecureTransport", "{policy}");
    let rules = ok(&tls_only.replication, "replication").as_ref().unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!((rules[0].id.as_deref(), rules[0].status.as_str()), (Some("to-replica"), "Enabled"));
    assert_eq!(rules[0].destination_bucket, "arn:aws:s3:::net-replica");
    let plain = buckets.iter().find(|b| b.name == "net-plain").unwrap();
    assert_eq!(plain.policy, Fact::Ok(None), "no policy is a value");
    assert_eq!(plain.replication, Fact::Ok(None), "no replication is a value");
    let grants = ok(&plain.acl_grants, "ACL grants");
    assert!(grants.iter().any(|g| g.is_public() && g.permission == "READ"), "{grants:?}");
    assert!(
        grants.iter().any(|g| g.grantee_type == "CanonicalUser".into() && g.permission == "FULL_CONTROL"),
        "{grants:?}"
    );
    let private = ok(&tls_only.acl_grants, "ACL grants");
    assert!(!private.is_empty() && private.iter().all(|g| !g.is_public()), "{private:?}");
}

/// A CloudFront web ACL (in us-east-1) with an AWS managed rule group; returns its ARN.
async fn cloudfront_web_acl(sdk: &SdkConfig) -> String {
    let wafv2 = aws_sdk_wafv2::Client::from_conf(
        aws_sdk_wafv2::config::Builder::from(sdk).region(aws_config::Region::new("us-east-1")).build(),
    );
    let managed = Rule::builder()
        .name("core")
        .priority(0)
        .statement(
            Statement::builder()
                .managed_rule_group_statement(
                    ManagedRuleGroupStatement::builder()
                        .vendor_name("AWS")
                        .name("AWSManagedRulesCommonRuleSet")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .override_action(OverrideAction::builder().none(NoneAction::builder().build()).build())
        .visibility_config(visibility("core"))
        .build()
        .unwrap();
    let created = wafv2
        .create_web_acl()
        .name("cdn-acl")
        .scope(Scope::Cloudfront)
        .default_action(DefaultAction::builder().allow(AllowAction::builder().build()).build())
        .rules(managed)
        .visibility_config(visibility("cdn-acl"))
        .send()
        .await
        .unwrap();
    created.summary().and_then(|s| s.arn()).unwrap().to_owned()
}

/// An enabled distribution protected by `web_acl` and a disabled one without a web ACL.
async fn distributions(sdk: &SdkConfig, web_acl: &str) {
    use aws_sdk_cloudfront::types::{
        DefaultCacheBehavior, DistributionConfig, Origin, Origins, S3OriginConfig, ViewerProtocolPolicy,
    };
    let cloudfront = aws_sdk_cloudfront::Client::new(sdk);
    for (reference, enabled, acl) in [("shop", true, Some(web_acl)), ("old-site", false, None)] {
        let origin = Origin::builder()
            .id("origin")
            .domain_name(format!("{reference}.s3.amazonaws.com"))
            .s3_origin_config(S3OriginConfig::builder().origin_access_identity("").build())
            .build()
            .unwrap();
        let config = DistributionConfig::builder()
            .caller_reference(reference)
            .comment(reference)
            .enabled(enabled)
            .origins(Origins::builder().quantity(1).items(origin).build().unwrap())
            .default_cache_behavior(
                DefaultCacheBehavior::builder()
                    .target_origin_id("origin")
                    .viewer_protocol_policy(ViewerProtocolPolicy::RedirectToHttps)
                    .build()
                    .unwrap(),
            )
            .set_web_acl_id(acl.map(str::to_owned))
            .build()
            .unwrap();
        cloudfront.create_distribution().distribution_config(config).send().await.unwrap();
    }
}

/// A regional REST API with a `prod` stage and a private one with a `live` stage.
async fn rest_apis(sdk: &SdkConfig) {
    use aws_sdk_apigateway::types::{EndpointConfiguration, EndpointType};
    let apigateway = aws_sdk_apigateway::Client::new(sdk);
    for (name, kind, stage) in [("orders", EndpointType::Regional, "prod"), ("ledger", EndpointType::Private, "live")] {
        let api = apigateway
            .create_rest_api()
            .name(name)
            .endpoint_configuration(EndpointConfiguration::builder().types(kind).build())
            .send()
            .await
            .unwrap();
        let id = api.id().unwrap();
        let root = apigateway.get_resources().rest_api_id(id).send().await.unwrap().items()[0].id().unwrap().to_owned();
        apigateway
            .put_method()
            .rest_api_id(id)
            .resource_id(&root)
            .http_method("GET")
            .authorization_type("NONE")
            .send()
            .await
            .unwrap();
        apigateway
            .put_integration()
            .rest_api_id(id)
            .resource_id(&root)
            .http_method("GET")
            .r#type(aws_sdk_apigateway::types::IntegrationType::Mock)
            .send()
            .await
            .unwrap();
        apigateway.create_deployment().rest_api_id(id).stage_name(stage).send().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cloudfront_distributions_and_api_stages_are_collected() {
    let moto = Moto::start();
    let sdk = sdk(&moto.endpoint(), REGION);
    let acl_arn = cloudfront_web_acl(&sdk).await;
    distributions(&sdk, &acl_arn).await;
    rest_apis(&sdk).await;

    let bundle = scan(&options(&moto, &[REGION, "eu-central-1"])).await;
    let account = &bundle.accounts[0];

    let mut distributions = ok(&account.global.cloudfront_distributions, "distributions").clone();
    distributions.sort_by_key(|d| d.enabled);
    assert_eq!(distributions.len(), 2, "{distributions:?}");
    assert!(!distributions[0].enabled && distributions[0].web_acl_id.is_none(), "{distributions:?}");
    assert!(distributions[1].enabled, "{distributions:?}");
    assert_eq!(distributions[1].web_acl_id.as_deref(), Some(acl_arn.as_str()));
    assert!(distributions[1].arn.contains(":distribution/") && !distributions[1].domain_name.is_empty());

    let acls = ok(&account.global.wafv2_cloudfront_web_acls, "CloudFront web ACLs");
    assert_eq!(acls.len(), 1, "{acls:?}");
    assert_eq!(acls[0].arn, acl_arn);
    assert!(acls[0].rules[0].is_aws_managed_rule_group(), "{acls:?}");
    assert!(acls[0].associated_resources.is_empty());

    let mut apis = ok(&account.regions[REGION].apigateway_rest_apis, "REST APIs").clone();
    apis.sort_by(|a, b| a.name.cmp(&b.name));
    let described: Vec<_> = apis
        .iter()
        .map(|a| {
            (
                a.name.as_str(),
                a.endpoint_types.iter().map(ToString::to_string).collect::<Vec<_>>(),
                a.is_internet_facing(),
                a.stages.len(),
            )
        })
        .collect();
    assert_eq!(
        described,
        vec![("ledger", vec!["PRIVATE".to_owned()], false, 1), ("orders", vec!["REGIONAL".to_owned()], true, 1)]
    );
    assert_eq!(apis[1].stages[0].name, "prod");
    assert_eq!(apis[1].stages[0].web_acl_arn, None);

    // Nothing configured in the other region: an empty list, not an error.
    assert!(ok(&account.regions["eu-central-1"].apigateway_rest_apis, "no REST APIs").is_empty());
}
