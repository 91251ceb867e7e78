//! Infrastructure protection and delivery against the emulator: AWS Network Firewall firewalls
//! and CloudFormation stacks, seeded through the SDK, and the "nothing configured" answers of a
//! region left empty. moto 5.2.5 answers HTTP 500 to `ssm:DescribeInstanceInformation`,
//! `route53resolver:ListFirewallRuleGroupAssociations`, `ec2:DescribeVerifiedAccessInstances`
//! and `imagebuilder:ListImagePipelines`: those facts must come out failed, never guessed; their
//! real answers are covered by replay tests in the collector modules (`src/services/ssm.rs`,
//! `route53resolver.rs`, `imagebuilder.rs`, `ec2.rs`).

use aws_sdk_networkfirewall::types::SubnetMapping;
use maturity_evidence::{Fact, FactState};

use crate::support::moto::Moto;
use crate::support::scan::{ok, options, scan};
use crate::support::seed;

const TEMPLATE: &str = r#"{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"Alerts":{"Type":"AWS::SNS::Topic","Properties":{"TopicName":"TOPIC"}}}}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn infra_facts_are_collected_per_region() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "eu-west-1");

    // A workload VPC with two firewall subnets and an AWS Network Firewall in them.
    let ec2 = aws_sdk_ec2::Client::new(&sdk);
    let vpc = ec2.create_vpc().cidr_block("10.40.0.0/16").send().await.unwrap();
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).unwrap().to_owned();
    let mut subnets = Vec::new();
    for (cidr, zone) in [("10.40.0.0/28", "eu-west-1a"), ("10.40.0.16/28", "eu-west-1b")] {
        let subnet = ec2.create_subnet().vpc_id(&vpc_id).cidr_block(cidr).availability_zone(zone).send().await.unwrap();
        subnets.push(subnet.subnet().and_then(|s| s.subnet_id()).unwrap().to_owned());
    }
    let firewall = aws_sdk_networkfirewall::Client::new(&sdk);
    let mut create = firewall
        .create_firewall()
        .firewall_name("egress-inspection")
        .firewall_policy_arn("arn:aws:network-firewall:eu-west-1:123456789012:firewall-policy/egress")
        .vpc_id(&vpc_id);
    for subnet in &subnets {
        create = create.subnet_mappings(SubnetMapping::builder().subnet_id(subnet).build().unwrap());
    }
    create.send().await.unwrap();

    // Two CloudFormation stacks, one of them deleted again.
    let cloudformation = aws_sdk_cloudformation::Client::new(&sdk);
    for name in ["orders-api", "retired-app"] {
        cloudformation
            .create_stack()
            .stack_name(name)
            .template_body(TEMPLATE.replace("TOPIC", name))
            .send()
            .await
            .unwrap();
    }
    cloudformation.delete_stack().stack_name("retired-app").send().await.unwrap();

    let bundle = scan(&options(&moto, &["eu-west-1", "us-east-1"])).await;
    let account = &bundle.accounts[0];
    let seeded = &account.regions["eu-west-1"];
    let empty = &account.regions["us-east-1"];

    let firewalls = ok(&seeded.network_firewalls, "network firewalls");
    assert_eq!(firewalls.len(), 1, "{firewalls:?}");
    assert_eq!(firewalls[0].firewall_name, "egress-inspection");
    assert!(firewalls[0].firewall_arn.ends_with("firewall/egress-inspection"), "{:?}", firewalls[0]);
    assert_eq!(firewalls[0].vpc_id.as_deref(), Some(vpc_id.as_str()));
    assert_eq!(firewalls[0].subnet_ids, subnets);
    assert_eq!(ok(&empty.network_firewalls, "no firewall"), &Vec::new());

    let stacks = ok(&seeded.cloudformation_stacks, "stacks");
    let names: Vec<(&str, &str)> = stacks.iter().map(|s| (s.stack_name.as_str(), s.stack_status.as_str())).collect();
    assert_eq!(names, vec![("orders-api", "CREATE_COMPLETE")], "a deleted stack is not listed");
    assert!(stacks[0].is_live());
    assert_eq!(ok(&empty.cloudformation_stacks, "no stack"), &Vec::new());

    // What the emulator cannot answer is recorded as failed, in every region.
    for facts in [seeded, empty] {
        assert_eq!(facts.ssm_managed_instances.state(), FactState::Failed, "{:?}", facts.ssm_managed_instances);
        assert_eq!(facts.dns_firewall_associations.state(), FactState::Failed);
        assert_eq!(facts.verified_access_instances.state(), FactState::Failed);
        assert_eq!(facts.imagebuilder_pipelines.state(), FactState::Failed);
        assert!(!matches!(facts.imagebuilder_pipelines, Fact::Ok(_)));
    }

    assert_eq!(bundle.api_calls.get("networkfirewall:ListFirewalls"), Some(&2), "{:?}", bundle.api_calls);
    assert_eq!(bundle.api_calls.get("networkfirewall:DescribeFirewall"), Some(&1));
    assert_eq!(bundle.api_calls.get("cloudformation:ListStacks"), Some(&2));
    let declared = maturity_collect::policy::declared_operations();
    let undeclared: Vec<_> = bundle.api_calls.keys().filter(|k| !declared.contains(k.as_str())).collect();
    assert!(undeclared.is_empty(), "called but not declared: {undeclared:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subnets_and_route_tables_are_collected_and_emulator_gaps_fail() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "eu-west-1");

    // A VPC with a public subnet (its own route table sends 0.0.0.0/0 to an internet gateway)
    // and a private one (left on the VPC's main table, which only routes locally).
    let ec2 = aws_sdk_ec2::Client::new(&sdk);
    let vpc = ec2.create_vpc().cidr_block("10.50.0.0/16").send().await.unwrap();
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).unwrap().to_owned();
    let mut created = Vec::new();
    for (cidr, zone) in [("10.50.0.0/24", "eu-west-1a"), ("10.50.1.0/24", "eu-west-1b")] {
        let subnet = ec2.create_subnet().vpc_id(&vpc_id).cidr_block(cidr).availability_zone(zone).send().await.unwrap();
        created.push(subnet.subnet().and_then(|s| s.subnet_id()).unwrap().to_owned());
    }
    let (public, private) = (created[0].clone(), created[1].clone());
    let igw = ec2.create_internet_gateway().send().await.unwrap();
    let igw_id = igw.internet_gateway().and_then(|g| g.internet_gateway_id()).unwrap().to_owned();
    ec2.attach_internet_gateway().internet_gateway_id(&igw_id).vpc_id(&vpc_id).send().await.unwrap();
    let table = ec2.create_route_table().vpc_id(&vpc_id).send().await.unwrap();
    let table_id = table.route_table().and_then(|t| t.route_table_id()).unwrap().to_owned();
    ec2.create_route()
        .route_table_id(&table_id)
        .destination_cidr_block("0.0.0.0/0")
        .gateway_id(&igw_id)
        .send()
        .await
        .unwrap();
    ec2.associate_route_table().route_table_id(&table_id).subnet_id(&public).send().await.unwrap();
    ec2.modify_subnet_attribute()
        .subnet_id(&public)
        .map_public_ip_on_launch(aws_sdk_ec2::types::AttributeBooleanValue::builder().value(true).build())
        .send()
        .await
        .unwrap();

    // One versioned bucket, one never versioned (the emulator cannot tell them apart, see below).
    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&sdk).force_path_style(true).build());
    for name in ["versioned-records", "plain-scratch"] {
        s3.create_bucket()
            .bucket(name)
            .create_bucket_configuration(
                aws_sdk_s3::types::CreateBucketConfiguration::builder()
                    .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::EuWest1)
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }
    s3.put_bucket_versioning()
        .bucket("versioned-records")
        .versioning_configuration(
            aws_sdk_s3::types::VersioningConfiguration::builder()
                .status(aws_sdk_s3::types::BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .unwrap();

    let bundle = scan(&options(&moto, &["eu-west-1"])).await;
    let account = &bundle.accounts[0];
    let facts = &account.regions["eu-west-1"];

    let subnets = ok(&facts.ec2_subnets, "subnets");
    let tables = ok(&facts.ec2_route_tables, "route tables");
    let public = subnets.iter().find(|s| s.subnet_id == public).unwrap();
    let private = subnets.iter().find(|s| s.subnet_id == private).unwrap();
    assert_eq!(public.vpc_id, vpc_id);
    assert_eq!(public.availability_zone.as_deref(), Some("eu-west-1a"));
    assert!(public.map_public_ip_on_launch);
    assert!(!private.map_public_ip_on_launch);
    let public_table = public.route_table(tables).expect("the public subnet's table");
    assert_eq!(public_table.route_table_id, table_id);
    assert!(!public_table.is_main);
    assert!(public_table.routes_to_internet_gateway(), "{public_table:?}");
    assert!(public_table.routes.iter().any(|r| r.target == igw_id && r.target_kind() == "igw"));
    let main = private.route_table(tables).expect("the VPC's main table");
    assert!(main.is_main);
    assert_eq!(main.vpc_id, vpc_id);
    assert!(main.subnet_ids.is_empty());
    assert!(!main.routes_to_internet_gateway(), "{main:?}");
    assert!(main.routes.iter().all(|r| r.target == "local"), "{main:?}");

    // moto 5.2.5 answers `ec2:GetInstanceMetadataDefaults` with HTTP 500 and wraps
    // `s3:GetBucketVersioning` in a `GetBucketVersioningResponse` root the SDK rejects: both must
    // come out failed, never guessed (their real answers are replay-tested in `src/services/ec2.rs`
    // and `s3.rs`).
    assert_eq!(facts.ec2_instance_metadata_defaults.state(), FactState::Failed);
    let buckets = ok(&account.global.s3_buckets, "buckets");
    assert_eq!(buckets.len(), 2);
    for bucket in buckets {
        assert_eq!(bucket.versioning.state(), FactState::Failed, "{}: {:?}", bucket.name, bucket.versioning);
    }
    assert_eq!(bundle.api_calls.get("ec2:DescribeSubnets"), Some(&1));
    assert_eq!(bundle.api_calls.get("ec2:DescribeRouteTables"), Some(&1));
    assert_eq!(bundle.api_calls.get("s3:GetBucketVersioning"), Some(&2));
}
