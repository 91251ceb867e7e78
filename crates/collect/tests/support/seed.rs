//! Seeds the emulator through the SDK itself: write operations, in tests only.

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_sdk_ec2::types::{
    FlowLogsResourceType, HttpTokensState, InstanceMetadataOptionsRequest, IpPermission, IpRange, LogDestinationType,
    TrafficType,
};
use aws_sdk_organizations::types::{OrganizationFeatureSet, PolicyType};

/// The account moto answers as for the default credentials.
pub const MANAGEMENT: &str = "123456789012";

/// A configuration for the emulator with static keys, in `region`.
pub fn sdk(endpoint: &str, region: &str) -> SdkConfig {
    sdk_with_keys(endpoint, region, "testing", "testing")
}

/// As [`sdk`], with these keys.
pub fn sdk_with_keys(endpoint: &str, region: &str, key: &str, secret: &str) -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .endpoint_url(endpoint)
        .http_client(
            aws_smithy_http_client::Builder::new()
                .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                    aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
                ))
                .build_https(),
        )
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(Credentials::new(
            key, secret, None, None, "test",
        )))
        .build()
}

/// The same configuration in another region.
pub fn in_region(sdk: &SdkConfig, region: &str) -> SdkConfig {
    sdk.to_builder().region(Region::new(region.to_owned())).build()
}

/// A configuration acting in `account` through `role` (moto lets any role be assumed).
pub async fn as_account(sdk: &SdkConfig, account: &str, role: &str) -> SdkConfig {
    let out = aws_sdk_sts::Client::new(sdk)
        .assume_role()
        .role_arn(format!("arn:aws:iam::{account}:role/{role}"))
        .role_session_name("seed")
        .send()
        .await
        .expect("assume role for seeding");
    let c = out.credentials().expect("credentials");
    sdk.to_builder()
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(Credentials::new(
            c.access_key_id(),
            c.secret_access_key(),
            Some(c.session_token().to_owned()),
            None,
            "seed",
        )))
        .build()
}

fn s3(sdk: &SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(sdk).force_path_style(true).build())
}

/// Resources created by [`seed_account`].
#[derive(Debug, Clone)]
pub struct Seeded {
    pub open_bucket: String,
    pub locked_bucket: String,
    pub open_group: String,
    pub imdsv2_instance: String,
    pub imdsv1_instance: String,
    pub vpc: String,
    pub detector: String,
    pub trail_arn: String,
    pub rotated_key: String,
    pub unrotated_key: String,
    pub db: String,
}

/// Seeds one account, in `sdk`'s region: an IAM user with a password and no MFA; a bucket with a
/// public policy and no encryption, and one with encryption, a public access block and tags; a
/// security group open on port 22; instances with and without IMDSv2 required; a VPC with a
/// flow log; a GuardDuty detector; a multi-region trail that logs; KMS keys with and without
/// rotation; an encrypted RDS instance; a billing alarm; a budget with a notification.
pub async fn seed_account(sdk: &SdkConfig, prefix: &str) -> Seeded {
    let region = sdk.region().map(ToString::to_string).unwrap_or_default();
    let iam = aws_sdk_iam::Client::new(sdk);
    iam.create_user().user_name(format!("{prefix}-alice")).send().await.expect("create user");
    iam.create_login_profile()
        .user_name(format!("{prefix}-alice"))
        .password("Correct-Horse-1")
        .send()
        .await
        .expect("login profile");

    let s3 = s3(sdk);
    let open_bucket = format!("{prefix}-open");
    let locked_bucket = format!("{prefix}-locked");
    for bucket in [&open_bucket, &locked_bucket] {
        let mut create = s3.create_bucket().bucket(bucket);
        if region != "us-east-1" {
            create = create.create_bucket_configuration(
                aws_sdk_s3::types::CreateBucketConfiguration::builder()
                    .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(region.as_str()))
                    .build(),
            );
        }
        create.send().await.expect("create bucket");
    }
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{open_bucket}/*"}}]}}"#
    );
    s3.put_bucket_policy().bucket(&open_bucket).policy(policy).send().await.expect("bucket policy");
    s3.put_bucket_encryption()
        .bucket(&locked_bucket)
        .server_side_encryption_configuration(
            aws_sdk_s3::types::ServerSideEncryptionConfiguration::builder()
                .rules(
                    aws_sdk_s3::types::ServerSideEncryptionRule::builder()
                        .apply_server_side_encryption_by_default(
                            aws_sdk_s3::types::ServerSideEncryptionByDefault::builder()
                                .sse_algorithm(aws_sdk_s3::types::ServerSideEncryption::Aes256)
                                .build()
                                .expect("sse default"),
                        )
                        .build(),
                )
                .build()
                .expect("sse config"),
        )
        .send()
        .await
        .expect("bucket encryption");
    s3.put_public_access_block()
        .bucket(&locked_bucket)
        .public_access_block_configuration(
            aws_sdk_s3::types::PublicAccessBlockConfiguration::builder()
                .block_public_acls(true)
                .ignore_public_acls(true)
                .block_public_policy(true)
                .restrict_public_buckets(true)
                .build(),
        )
        .send()
        .await
        .expect("bucket public access block");
    s3.put_bucket_tagging()
        .bucket(&locked_bucket)
        .tagging(
            aws_sdk_s3::types::Tagging::builder()
                .tag_set(aws_sdk_s3::types::Tag::builder().key("Environment").value("prod").build().expect("tag"))
                .build()
                .expect("tagging"),
        )
        .send()
        .await
        .expect("bucket tags");

    let ec2 = aws_sdk_ec2::Client::new(sdk);
    let vpc = ec2.create_vpc().cidr_block("10.1.0.0/16").send().await.expect("vpc");
    let vpc = vpc.vpc().and_then(|v| v.vpc_id()).expect("vpc id").to_owned();
    ec2.create_flow_logs()
        .resource_ids(&vpc)
        .resource_type(FlowLogsResourceType::Vpc)
        .traffic_type(TrafficType::All)
        .log_destination_type(LogDestinationType::S3)
        .log_destination(format!("arn:aws:s3:::{locked_bucket}"))
        .send()
        .await
        .expect("flow log");
    let group = ec2
        .create_security_group()
        .group_name(format!("{prefix}-ssh-open"))
        .description("ssh from anywhere")
        .vpc_id(&vpc)
        .send()
        .await
        .expect("security group");
    let open_group = group.group_id().expect("group id").to_owned();
    ec2.authorize_security_group_ingress()
        .group_id(&open_group)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(22)
                .to_port(22)
                .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
                .build(),
        )
        .send()
        .await
        .expect("ingress");
    let mut instances = Vec::new();
    for tokens in [HttpTokensState::Required, HttpTokensState::Optional] {
        let out = ec2
            .run_instances()
            .image_id("ami-12c6146b")
            .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
            .min_count(1)
            .max_count(1)
            .metadata_options(InstanceMetadataOptionsRequest::builder().http_tokens(tokens).build())
            .send()
            .await
            .expect("run instance");
        instances.push(out.instances()[0].instance_id().expect("instance id").to_owned());
    }

    let guardduty = aws_sdk_guardduty::Client::new(sdk);
    let detector = guardduty.create_detector().enable(true).send().await.expect("detector");
    let detector = detector.detector_id().expect("detector id").to_owned();

    let cloudtrail = aws_sdk_cloudtrail::Client::new(sdk);
    let trail = cloudtrail
        .create_trail()
        .name(format!("{prefix}-trail"))
        .s3_bucket_name(&locked_bucket)
        .is_multi_region_trail(true)
        .enable_log_file_validation(true)
        .send()
        .await
        .expect("trail");
    let trail_arn = trail.trail_arn().expect("trail arn").to_owned();
    cloudtrail.start_logging().name(&trail_arn).send().await.expect("start logging");
    // AWS gives a new trail this selector; moto gives none, so set it as AWS would.
    cloudtrail
        .put_event_selectors()
        .trail_name(&trail_arn)
        .event_selectors(
            aws_sdk_cloudtrail::types::EventSelector::builder()
                .read_write_type(aws_sdk_cloudtrail::types::ReadWriteType::All)
                .include_management_events(true)
                .build(),
        )
        .send()
        .await
        .expect("event selectors");

    let kms = aws_sdk_kms::Client::new(sdk);
    let mut keys = Vec::new();
    for rotate in [true, false] {
        let key = kms.create_key().description(format!("{prefix} key")).send().await.expect("key");
        let id = key.key_metadata().expect("metadata").key_id().to_owned();
        if rotate {
            kms.enable_key_rotation().key_id(&id).send().await.expect("rotation");
        }
        keys.push(id);
    }

    let db = format!("{prefix}-db");
    aws_sdk_rds::Client::new(sdk)
        .create_db_instance()
        .db_instance_identifier(&db)
        .engine("postgres")
        .db_instance_class("db.t3.micro")
        .allocated_storage(20)
        .master_username("admin")
        .master_user_password("Correct-Horse-1")
        .storage_encrypted(true)
        // Offered to the internet, for rds-no-public-instances to find.
        .publicly_accessible(true)
        .send()
        .await
        .expect("db instance");

    aws_sdk_cloudwatch::Client::new(sdk)
        .put_metric_alarm()
        .alarm_name(format!("{prefix}-billing"))
        .namespace("AWS/Billing")
        .metric_name("EstimatedCharges")
        .statistic(aws_sdk_cloudwatch::types::Statistic::Maximum)
        .period(21600)
        .evaluation_periods(1)
        .threshold(100.0)
        .comparison_operator(aws_sdk_cloudwatch::types::ComparisonOperator::GreaterThanThreshold)
        .alarm_actions("arn:aws:sns:us-east-1:123456789012:billing")
        .send()
        .await
        .expect("alarm");

    Seeded {
        open_bucket,
        locked_bucket,
        open_group,
        imdsv2_instance: instances[0].clone(),
        imdsv1_instance: instances[1].clone(),
        vpc,
        detector,
        trail_arn,
        rotated_key: keys[0].clone(),
        unrotated_key: keys[1].clone(),
        db,
    }
}

/// A budget with one notification in `account` (Budgets is global).
pub async fn seed_budget(sdk: &SdkConfig, account: &str) {
    use aws_sdk_budgets::types::{
        Budget, BudgetType, ComparisonOperator, Notification, NotificationType, NotificationWithSubscribers, Spend,
        Subscriber, SubscriptionType, TimeUnit,
    };
    aws_sdk_budgets::Client::new(sdk)
        .create_budget()
        .account_id(account)
        .budget(
            Budget::builder()
                .budget_name("monthly")
                .budget_type(BudgetType::Cost)
                .time_unit(TimeUnit::Monthly)
                .budget_limit(Spend::builder().amount("100").unit("USD").build().expect("spend"))
                .build()
                .expect("budget"),
        )
        .notifications_with_subscribers(
            NotificationWithSubscribers::builder()
                .notification(
                    Notification::builder()
                        .notification_type(NotificationType::Actual)
                        .comparison_operator(ComparisonOperator::GreaterThan)
                        .threshold(80.0)
                        .build()
                        .expect("notification"),
                )
                .subscribers(
                    Subscriber::builder()
                        .subscription_type(SubscriptionType::Email)
                        .address("finance@example.com")
                        .build()
                        .expect("subscriber"),
                )
                .build()
                .expect("notification with subscribers"),
        )
        .send()
        .await
        .expect("budget");
}

/// An organization (all features) with OU `Workloads` holding a new member account per name,
/// and an SCP denying regions outside the EU and us-east-1 attached to the OU. Returns the OU,
/// the members and the SCP.
pub async fn seed_organization(sdk: &SdkConfig, member_names: &[&str]) -> (String, Vec<String>, String) {
    let org = aws_sdk_organizations::Client::new(sdk);
    org.create_organization().feature_set(OrganizationFeatureSet::All).send().await.expect("organization");
    let roots = org.list_roots().send().await.expect("roots");
    let root = roots.roots()[0].id().expect("root id").to_owned();
    let _ = org.enable_policy_type().root_id(&root).policy_type(PolicyType::ServiceControlPolicy).send().await;
    let ou = org.create_organizational_unit().parent_id(&root).name("Workloads").send().await.expect("ou");
    let ou = ou.organizational_unit().and_then(|u| u.id()).expect("ou id").to_owned();
    let mut members = Vec::new();
    for &name in member_names {
        let created =
            org.create_account().account_name(name).email(format!("{name}@example.com")).send().await.expect("account");
        let id = created.create_account_status().and_then(|s| s.account_id()).expect("account id").to_owned();
        org.move_account()
            .account_id(&id)
            .source_parent_id(&root)
            .destination_parent_id(&ou)
            .send()
            .await
            .expect("move");
        members.push(id);
    }
    let scp = r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyOutsideRegions","Effect":"Deny","NotAction":["iam:*","organizations:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}]}"#;
    let policy = org
        .create_policy()
        .name("region-deny")
        .description("only approved regions")
        .r#type(PolicyType::ServiceControlPolicy)
        .content(scp)
        .send()
        .await
        .expect("scp");
    let policy_id =
        policy.policy().and_then(|p| p.policy_summary()).and_then(|s| s.id()).expect("policy id").to_owned();
    org.attach_policy().policy_id(&policy_id).target_id(&ou).send().await.expect("attach");
    (ou, members, policy_id)
}

/// Account-wide settings: a password policy, a SAML and an OIDC identity provider, and a security
/// contact.
pub async fn seed_account_settings(sdk: &SdkConfig) {
    let iam = aws_sdk_iam::Client::new(sdk);
    iam.update_account_password_policy()
        .minimum_password_length(14)
        .require_symbols(true)
        .require_numbers(true)
        .require_uppercase_characters(true)
        .require_lowercase_characters(true)
        .password_reuse_prevention(24)
        .send()
        .await
        .expect("password policy");
    let metadata = format!(
        "<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"https://idp.example.com\">{}</EntityDescriptor>",
        " ".repeat(1000)
    );
    iam.create_saml_provider()
        .name("corporate-idp")
        .saml_metadata_document(metadata)
        .send()
        .await
        .expect("saml provider");
    iam.create_open_id_connect_provider()
        .url("https://token.actions.githubusercontent.com")
        .client_id_list("sts.amazonaws.com")
        .thumbprint_list("6938fd4d98bab03faadb97b34396831e3780aea1")
        .send()
        .await
        .expect("oidc provider");
    aws_sdk_account::Client::new(sdk)
        .put_alternate_contact()
        .alternate_contact_type(aws_sdk_account::types::AlternateContactType::Security)
        .name("Security Team")
        .title("CISO")
        .email_address("security@example.com")
        .phone_number("+1-555-0100")
        .send()
        .await
        .expect("security contact");
}

/// An AWS Config recorder of everything, recording, in `sdk`'s region.
pub async fn seed_config_recorder(sdk: &SdkConfig, bucket: &str) {
    use aws_sdk_config::types::{ConfigurationRecorder, DeliveryChannel, RecordingGroup};
    let config = aws_sdk_config::Client::new(sdk);
    config
        .put_configuration_recorder()
        .configuration_recorder(
            ConfigurationRecorder::builder()
                .name("default")
                .role_arn("arn:aws:iam::123456789012:role/config")
                .recording_group(
                    RecordingGroup::builder().all_supported(true).include_global_resource_types(true).build(),
                )
                .build(),
        )
        .send()
        .await
        .expect("config recorder");
    config
        .put_delivery_channel()
        .delivery_channel(DeliveryChannel::builder().name("default").s3_bucket_name(bucket).build())
        .send()
        .await
        .expect("delivery channel");
    config.start_configuration_recorder().configuration_recorder_name("default").send().await.expect("start recorder");
}
