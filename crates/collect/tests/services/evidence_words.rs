//! The facts behind the checks that evidence CSMM objectives by their words (issue 10, item 5),
//! against the emulator: transit gateways and their attachments, the KMS key, log exports and
//! activity stream of RDS DB instances, and the data events CloudTrail trails record.

use aws_sdk_cloudtrail::types::{AdvancedEventSelector, AdvancedFieldSelector, DataResource, EventSelector};
use maturity_evidence::DataEventSelector;

use crate::support::moto::Moto;
use crate::support::scan::{ok, options, scan};
use crate::support::seed;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transit_gateways_and_their_vpc_attachments_are_collected() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "eu-west-1");
    let ec2 = aws_sdk_ec2::Client::new(&sdk);
    let gateway = ec2.create_transit_gateway().description("hub").send().await.unwrap();
    let gateway_id = gateway.transit_gateway().and_then(|g| g.transit_gateway_id()).unwrap().to_owned();
    let vpc = ec2.create_vpc().cidr_block("10.60.0.0/16").send().await.unwrap();
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).unwrap().to_owned();
    let subnet = ec2.create_subnet().vpc_id(&vpc_id).cidr_block("10.60.0.0/24").send().await.unwrap();
    let subnet_id = subnet.subnet().and_then(|s| s.subnet_id()).unwrap().to_owned();
    ec2.create_transit_gateway_vpc_attachment()
        .transit_gateway_id(&gateway_id)
        .vpc_id(&vpc_id)
        .subnet_ids(&subnet_id)
        .send()
        .await
        .unwrap();

    let bundle = scan(&options(&moto, &["eu-west-1", "us-east-1"])).await;
    let seeded = &bundle.accounts[0].regions["eu-west-1"];
    let empty = &bundle.accounts[0].regions["us-east-1"];

    let gateways = ok(&seeded.ec2_transit_gateways, "transit gateways");
    assert_eq!(gateways.len(), 1, "{gateways:?}");
    assert_eq!(gateways[0].transit_gateway_id, gateway_id);
    assert_eq!(gateways[0].owner_id.as_deref(), Some(seed::MANAGEMENT));
    assert_eq!(gateways[0].state, "available");
    let attachments = ok(&seeded.ec2_transit_gateway_attachments, "attachments");
    assert_eq!(attachments.len(), 1, "{attachments:?}");
    let attachment = &attachments[0];
    assert_eq!(attachment.transit_gateway_id, gateway_id);
    assert_eq!(attachment.resource_type, "vpc".into());
    assert_eq!(attachment.resource_id.as_deref(), Some(vpc_id.as_str()));
    assert!(attachment.is_active_vpc(), "{attachment:?}");
    assert_eq!(ok(&empty.ec2_transit_gateways, "none in us-east-1"), &Vec::new());
    assert_eq!(ok(&empty.ec2_transit_gateway_attachments, "none in us-east-1"), &Vec::new());

    assert_eq!(bundle.api_calls.get("ec2:DescribeTransitGateways"), Some(&2), "{:?}", bundle.api_calls);
    assert_eq!(bundle.api_calls.get("ec2:DescribeTransitGatewayAttachments"), Some(&2));
    let declared = maturity_collect::policy::declared_operations();
    let undeclared: Vec<_> = bundle.api_calls.keys().filter(|k| !declared.contains(k.as_str())).collect();
    assert!(undeclared.is_empty(), "called but not declared: {undeclared:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn db_instance_keys_log_exports_and_trail_data_events_are_collected() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "eu-west-1");

    // A customer managed key encrypts one database, which exports its audit log; another one
    // exports nothing.
    let kms = aws_sdk_kms::Client::new(&sdk);
    let key = kms.create_key().description("orders data").send().await.unwrap();
    let key_arn = key.key_metadata().and_then(|m| m.arn()).unwrap().to_owned();
    let rds = aws_sdk_rds::Client::new(&sdk);
    for (name, engine, exports) in [("orders", "mysql", vec!["audit", "error"]), ("reports", "postgres", vec![])] {
        let mut create = rds
            .create_db_instance()
            .db_instance_identifier(name)
            .engine(engine)
            .db_instance_class("db.t3.micro")
            .allocated_storage(20)
            .master_username("admin")
            .master_user_password("Correct-Horse-1")
            .storage_encrypted(true)
            .kms_key_id(&key_arn);
        for export in exports {
            create = create.enable_cloudwatch_logs_exports(export);
        }
        create.send().await.unwrap();
    }

    // One trail records the read data events of one bucket (basic selector), another one the
    // S3 data events of every bucket but the log bucket (advanced selector).
    let s3 = aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(&sdk).force_path_style(true).build());
    s3.create_bucket()
        .bucket("trail-logs")
        .create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::EuWest1)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let cloudtrail = aws_sdk_cloudtrail::Client::new(&sdk);
    let mut arns = Vec::new();
    for name in ["orders-reads", "all-data"] {
        let trail = cloudtrail.create_trail().name(name).s3_bucket_name("trail-logs").send().await.unwrap();
        let arn = trail.trail_arn().unwrap().to_owned();
        cloudtrail.start_logging().name(&arn).send().await.unwrap();
        arns.push(arn);
    }
    cloudtrail
        .put_event_selectors()
        .trail_name(&arns[0])
        .event_selectors(
            EventSelector::builder()
                .read_write_type(aws_sdk_cloudtrail::types::ReadWriteType::ReadOnly)
                .include_management_events(true)
                .data_resources(
                    DataResource::builder().r#type("AWS::S3::Object").values("arn:aws:s3:::orders-data/").build(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    let field = |name: &str| AdvancedFieldSelector::builder().field(name);
    cloudtrail
        .put_event_selectors()
        .trail_name(&arns[1])
        .advanced_event_selectors(
            AdvancedEventSelector::builder()
                .name("S3 data events")
                .field_selectors(field("eventCategory").equals("Data").build().unwrap())
                .field_selectors(field("resources.type").equals("AWS::S3::Object").build().unwrap())
                .field_selectors(field("resources.ARN").not_starts_with("arn:aws:s3:::trail-logs/").build().unwrap())
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    let bundle = scan(&options(&moto, &["eu-west-1"])).await;
    let account = &bundle.accounts[0];
    let facts = &account.regions["eu-west-1"];

    let instances = ok(&facts.rds_db_instances, "db instances");
    let orders = instances.iter().find(|d| d.db_instance_identifier == "orders").unwrap();
    assert_eq!(orders.kms_key_id.as_deref(), Some(key_arn.as_str()), "{orders:?}");
    assert_eq!(orders.cloudwatch_logs_exports, Some(vec!["audit".to_owned(), "error".to_owned()]));
    let reports = instances.iter().find(|d| d.db_instance_identifier == "reports").unwrap();
    assert_eq!(reports.cloudwatch_logs_exports, Some(Vec::new()), "{reports:?}");
    let keys = ok(&facts.kms_keys, "keys");
    assert!(
        keys.iter().any(|k| k.is_named_by(&key_arn) && k.key_manager == "CUSTOMER".into()),
        "the database's key is listed as customer managed: {keys:?}"
    );

    let trails = ok(&account.global.cloudtrail_trails, "trails");
    let data = |name: &str| -> Vec<DataEventSelector> {
        let trail = trails.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("{name}: {trails:?}"));
        ok(&trail.data_events, name).clone()
    };
    let reads = data("orders-reads");
    assert_eq!(reads.len(), 1, "{reads:?}");
    assert_eq!(reads[0].resource_type, "AWS::S3::Object");
    assert!(reads[0].read && !reads[0].write);
    assert_eq!(reads[0].arn_prefixes, vec!["arn:aws:s3:::orders-data/".to_owned()]);
    assert!(reads[0].reads_all_of("AWS::S3::Object", "arn:aws:s3:::orders-data/"));
    assert!(!reads[0].reads_all_of("AWS::S3::Object", "arn:aws:s3:::other/"));
    let all = data("all-data");
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(all[0].read && all[0].write && !all[0].narrowed, "{all:?}");
    assert_eq!(all[0].excluded_arn_prefixes, vec!["arn:aws:s3:::trail-logs/".to_owned()]);
    assert!(all[0].reads_all_of("AWS::S3::Object", "arn:aws:s3:::orders-data/"));
    assert!(!all[0].reads_all_of("AWS::S3::Object", "arn:aws:s3:::trail-logs/"));
}
