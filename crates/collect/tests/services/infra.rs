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
