//! Collectors against a real AWS API emulator (moto server, started per test on a free port):
//! seeded through the SDK, scanned through the library, checked fact by fact.

#![allow(clippy::unwrap_used)]

mod support;

use maturity_collect::StaticCredentials;
use maturity_evidence::{AccountAccess, Fact, FactState, IdentityProviderKind, ManagementEvents, PolicyKind};
use support::moto::Moto;
use support::scan::{ok, options, scan};
use support::seed::{self, MANAGEMENT};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn single_account_scan_collects_every_service() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "eu-west-1");
    let seeded = seed::seed_account(&sdk, "acme").await;
    seed::seed_budget(&sdk, MANAGEMENT).await;
    seed::seed_account_settings(&sdk).await;
    seed::seed_config_recorder(&sdk, &seeded.locked_bucket).await;

    let bundle = scan(&options(&moto, &["eu-west-1", "us-east-1"])).await;
    assert_eq!(bundle.scope.accounts, vec![MANAGEMENT.to_owned()]);
    assert!(bundle.organization.is_none(), "not in an organization");
    let account = &bundle.accounts[0];
    assert_eq!(account.access, AccountAccess::Granted);
    let enabled = ok(&account.global.enabled_regions, "enabled regions");
    assert!(enabled.iter().any(|r| r == "eu-west-1") && enabled.iter().any(|r| r == "us-east-1"), "{enabled:?}");

    // IAM
    let summary = ok(&account.global.iam_account_summary, "summary");
    assert!(summary.users >= 1 && !summary.root_mfa_enabled);
    let report = ok(&account.global.iam_credential_report, "credential report");
    let alice = report.users.iter().find(|u| u.user == "acme-alice").expect("alice in the report");
    assert!(alice.password_enabled && !alice.mfa_active);

    // S3
    assert_eq!(*ok(&account.global.s3_account_public_access_block, "account PAB"), None, "not configured");
    let buckets = ok(&account.global.s3_buckets, "buckets");
    let open = buckets.iter().find(|b| b.name == seeded.open_bucket).expect("open bucket");
    assert_eq!(open.region.as_deref(), Some("eu-west-1"));
    assert_eq!(*ok(&open.encryption, "open encryption"), None);
    assert_eq!(*ok(&open.public_access_block, "open PAB"), None);
    assert_eq!(*ok(&open.policy_is_public, "open policy"), Some(true));
    let locked = buckets.iter().find(|b| b.name == seeded.locked_bucket).expect("locked bucket");
    assert_eq!(ok(&locked.encryption, "locked encryption").as_ref().map(|e| e.sse_algorithm.as_str()), Some("AES256"));
    assert!(ok(&locked.public_access_block, "locked PAB").is_some_and(|p| p.fully_on()));
    assert_eq!(*ok(&locked.policy_is_public, "locked policy"), None, "no policy");
    assert_eq!(locked.tags.get("Environment").map(String::as_str), Some("prod"));

    // CloudTrail: one multi-region trail, seen from both regions, listed once.
    let trails = ok(&account.global.cloudtrail_trails, "trails");
    assert_eq!(trails.iter().filter(|t| t.arn == seeded.trail_arn).count(), 1, "{trails:?}");
    let trail = trails.iter().find(|t| t.arn == seeded.trail_arn).expect("trail");
    assert!(trail.is_multi_region && trail.log_file_validation_enabled);
    assert_eq!(trail.home_region, "eu-west-1");
    assert!(*ok(&trail.is_logging, "is logging"));
    assert_eq!(*ok(&trail.management_events, "selectors"), ManagementEvents::All);

    // Account-wide settings
    let password = ok(&account.global.iam_password_policy, "password policy").clone().expect("a policy");
    assert_eq!((password.minimum_length, password.reuse_prevention, password.max_age_days), (14, Some(24), None));
    assert!(password.require_symbols && password.require_lowercase);
    let providers = ok(&account.global.iam_identity_providers, "identity providers");
    assert!(
        providers
            .iter()
            .any(|p| p.kind == IdentityProviderKind::Saml && p.arn.ends_with("saml-provider/corporate-idp"))
    );
    assert!(providers.iter().any(|p| p.kind == IdentityProviderKind::Oidc));
    let contact = ok(&account.global.security_contact, "security contact").clone().expect("a contact");
    assert_eq!((contact.email.as_str(), contact.title.as_deref()), ("security@example.com", Some("CISO")));

    // Budgets
    let budgets = ok(&account.global.budgets, "budgets");
    assert_eq!(budgets.len(), 1);
    assert_eq!((budgets[0].name.as_str(), budgets[0].notifications), ("monthly", 1));

    // The seeded region.
    let eu = &account.regions["eu-west-1"];
    let detectors = ok(&eu.guardduty_detectors, "detectors");
    assert_eq!(detectors.len(), 1);
    assert_eq!(detectors[0].detector_id, seeded.detector);
    assert!(detectors[0].is_enabled());
    let alarms = ok(&eu.cloudwatch_alarms, "alarms");
    assert_eq!(alarms[0].namespace.as_deref(), Some("AWS/Billing"));
    let instances = ok(&eu.ec2_instances, "instances");
    let tokens = |id: &str| {
        instances.iter().find(|i| i.instance_id == id).and_then(|i| i.metadata_options.clone()).map(|m| m.http_tokens)
    };
    assert_eq!(tokens(&seeded.imdsv2_instance), Some(maturity_evidence::HttpTokens::Required));
    assert_eq!(tokens(&seeded.imdsv1_instance), Some(maturity_evidence::HttpTokens::Optional));
    let groups = ok(&eu.ec2_security_groups, "security groups");
    let open_group = groups.iter().find(|g| g.group_id == seeded.open_group).expect("open group");
    assert!(
        open_group.ingress.iter().any(|p| p.from_port == Some(22) && p.ipv4_ranges.contains(&"0.0.0.0/0".to_owned()))
    );
    assert!(ok(&eu.ec2_vpcs, "vpcs").iter().any(|v| v.vpc_id == seeded.vpc && !v.is_default));
    assert!(ok(&eu.ec2_flow_logs, "flow logs").iter().any(|f| f.resource_id == seeded.vpc));
    assert!(!ok(&eu.ec2_ebs_encryption_by_default, "ebs default"));
    assert!(!ok(&eu.ec2_volumes, "volumes").is_empty(), "instances have root volumes");
    let dbs = ok(&eu.rds_db_instances, "db instances");
    assert!(dbs.iter().any(|d| d.db_instance_identifier == seeded.db && d.storage_encrypted && d.publicly_accessible));
    let keys = ok(&eu.kms_keys, "kms keys");
    let rotation = |id: &str| keys.iter().find(|k| k.key_id == id).map(|k| k.rotation_enabled.clone());
    assert_eq!(rotation(&seeded.rotated_key), Some(Fact::Ok(true)));
    assert_eq!(rotation(&seeded.unrotated_key), Some(Fact::Ok(false)));
    assert_eq!(*ok(&eu.securityhub_hub, "hub"), None, "Security Hub not enabled");
    assert_eq!(*ok(&eu.securityhub_standards, "standards"), Vec::new());
    let recorders = ok(&eu.config_recorders, "config recorders");
    assert_eq!(recorders.len(), 1);
    assert!(recorders[0].recording && recorders[0].all_supported && recorders[0].include_global_resource_types);
    assert!(ok(&account.regions["us-east-1"].config_recorders, "us recorders").is_empty());
    // moto gives every region an Identity Center instance (AWS: only the home region has one).
    let sso = ok(&eu.sso_instances, "sso instances");
    assert!(sso.iter().all(|i| i.instance_arn.starts_with("arn:aws:sso:::instance/") && i.identity_store_id.is_some()));

    // The other region is empty but answered.
    let us = &account.regions["us-east-1"];
    assert!(ok(&us.guardduty_detectors, "us detectors").is_empty());
    assert!(ok(&us.ec2_instances, "us instances").is_empty());

    // Calls: counted per operation, one page each here.
    assert_eq!(bundle.api_calls.get("ec2:DescribeInstances"), Some(&2), "one page in each of two regions");
    assert_eq!(bundle.api_calls.get("s3:ListBuckets"), Some(&1));
    assert_eq!(bundle.api_calls.get("cloudtrail:GetTrailStatus"), Some(&1), "one trail, asked once");
    let declared = maturity_collect::policy::declared_operations();
    let undeclared: Vec<_> = bundle.api_calls.keys().filter(|k| !declared.contains(k.as_str())).collect();
    assert!(undeclared.is_empty(), "called but not declared: {undeclared:?}");
}

/// Every fact of the bundle has a collector that ran: one left out of the table would leave its
/// fact "not collected" here, and every check that reads it inconclusive.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scan_leaves_no_fact_uncollected() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "eu-west-1");
    seed::seed_account(&sdk, "acme").await;

    let bundle = scan(&options(&moto, &["eu-west-1", "us-east-1"])).await;
    let account = &bundle.accounts[0];
    assert_eq!(account.access, AccountAccess::Granted);
    let mut uncollected: Vec<String> = account
        .global
        .fact_states()
        .into_iter()
        .filter(|(_, state)| *state == FactState::NotCollected)
        .map(|(fact, _)| fact.to_owned())
        .collect();
    for (region, facts) in &account.regions {
        uncollected.extend(
            facts
                .fact_states()
                .into_iter()
                .filter(|(_, state)| *state == FactState::NotCollected)
                .map(|(fact, _)| format!("{region}/{fact}")),
        );
    }
    assert_eq!(account.regions.len(), 2, "both regions scanned");
    assert!(uncollected.is_empty(), "facts no collector filled: {uncollected:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organization_scan_assumes_a_role_in_every_member() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "us-east-1");
    let (ou, members, policy_id) = seed::seed_organization(&sdk, &["prod", "dev"]).await;
    let prod = seed::as_account(&sdk, &members[0], "OrganizationAccountAccessRole").await;
    let prod_seeded = seed::seed_account(&prod, "prod").await;

    let mut opts = options(&moto, &["us-east-1"]);
    opts.organization = true;
    opts.role_name = Some("OrganizationAccountAccessRole".to_owned());
    let bundle = scan(&opts).await;

    let org = bundle.organization.as_ref().expect("organization facts");
    let described = ok(&org.organization, "organization");
    assert_eq!(described.management_account_id, MANAGEMENT);
    assert_eq!(bundle.scope.organization_id.as_deref(), Some(described.id.as_str()));
    let units = ok(&org.organizational_units, "OUs");
    assert!(units.iter().any(|u| u.id == ou && u.name == "Workloads" && u.parent_id == described.root_id));
    let accounts = ok(&org.accounts, "accounts");
    for member in &members {
        let listed = accounts.iter().find(|a| &a.id == member).expect("member listed");
        assert_eq!((listed.parent_id.as_str(), listed.status.as_str()), (ou.as_str(), "ACTIVE"));
        assert_eq!(org.ancestry(member), vec![member.clone(), ou.clone(), described.root_id.clone()]);
    }
    let policies = ok(&org.policies, "policies");
    let scp = policies.iter().find(|p| p.id == policy_id).expect("the SCP");
    assert_eq!(scp.kind, PolicyKind::ServiceControlPolicy);
    assert_eq!(scp.targets, vec![ou.clone()]);
    assert_eq!(scp.content["Statement"][0]["Sid"], "DenyOutsideRegions");

    // Every active account was scanned: the management account directly, members by role.
    let mut scanned: Vec<&str> = bundle.accounts.iter().map(|a| a.account_id.as_str()).collect();
    scanned.sort_unstable();
    let mut expected: Vec<&str> = members.iter().map(String::as_str).chain([MANAGEMENT]).collect();
    expected.sort_unstable();
    assert_eq!(scanned, expected);
    for account in &bundle.accounts {
        assert_eq!(account.access, AccountAccess::Granted, "{}", account.account_id);
    }
    // What was seeded in prod is seen in prod only.
    let prod_evidence = bundle.account(&members[0]).expect("prod");
    assert_eq!(prod_evidence.name.as_deref(), Some("prod"));
    let prod_buckets = ok(&prod_evidence.global.s3_buckets, "prod buckets");
    assert!(prod_buckets.iter().any(|b| b.name == prod_seeded.open_bucket));
    let detectors = ok(&prod_evidence.regions["us-east-1"].guardduty_detectors, "prod detectors");
    assert_eq!(detectors.len(), 1);
    let dev = bundle.account(&members[1]).expect("dev");
    assert_eq!(dev.global.iam_password_policy, Fact::Ok(None), "no password policy is a value");
    assert_eq!(dev.global.security_contact, Fact::Ok(None), "no security contact is a value");
    assert!(ok(&dev.regions["us-east-1"].guardduty_detectors, "dev detectors").is_empty());
    assert_eq!(bundle.api_calls.get("sts:AssumeRole"), Some(&2), "one role assumption per member");
    assert_eq!(bundle.api_calls.get("organizations:ListAccounts"), Some(&1), "organization facts read once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_the_emulator_cannot_answer_are_failed_and_the_scan_goes_on() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "us-east-1");
    aws_sdk_securityhub::Client::new(&sdk).enable_security_hub().send().await.expect("enable Security Hub");

    let bundle = scan(&options(&moto, &["us-east-1"])).await;
    let region = &bundle.accounts[0].regions["us-east-1"];
    assert!(ok(&region.securityhub_hub, "hub").is_some(), "Security Hub is enabled");
    // moto answers GetEnabledStandards with 404: recorded as failed, never guessed.
    assert!(
        matches!(&region.securityhub_standards, Fact::Failed { error } if error.contains("404")),
        "{:?}",
        region.securityhub_standards
    );
    assert!(
        matches!(region.ec2_snapshot_block_public_access, Fact::Failed { .. }),
        "{:?}",
        region.ec2_snapshot_block_public_access
    );
    // … and everything else was still collected.
    assert!(matches!(region.ec2_vpcs, Fact::Ok(_)));
    assert!(matches!(bundle.accounts[0].global.iam_account_summary, Fact::Ok(_)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_region_the_account_has_not_enabled_is_unavailable_without_calls() {
    let moto = Moto::start();
    let bundle = scan(&options(&moto, &["us-east-1", "xx-nowhere-1"])).await;
    let nowhere = &bundle.accounts[0].regions["xx-nowhere-1"];
    assert!(matches!(&nowhere.ec2_instances, Fact::Unavailable { why } if why.contains("not enabled")));
    assert_eq!(bundle.api_calls.get("ec2:DescribeInstances"), Some(&1), "only us-east-1 was asked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn denied_calls_and_roles_are_recorded_and_the_scan_goes_on() {
    // moto enforces IAM policies after the first three calls: the three that create the user.
    let moto = Moto::start_with(&[("INITIAL_NO_AUTH_ACTION_COUNT", "3")]);
    let sdk = seed::sdk(&moto.endpoint(), "us-east-1");
    let iam = aws_sdk_iam::Client::new(&sdk);
    iam.create_user().user_name("scanner").send().await.expect("user");
    let policy = r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"*","Resource":"*"},
        {"Effect":"Deny","Action":["guardduty:ListDetectors","ec2:DescribeInstances","ec2:DescribeRegions","sts:AssumeRole"],"Resource":"*"}]}"#;
    iam.put_user_policy()
        .user_name("scanner")
        .policy_name("scan")
        .policy_document(policy)
        .send()
        .await
        .expect("policy");
    let key = iam.create_access_key().user_name("scanner").send().await.expect("key");
    let key = key.access_key().expect("access key");

    let mut opts = options(&moto, &["us-east-1"]);
    opts.static_credentials = Some(StaticCredentials {
        access_key_id: key.access_key_id().to_owned(),
        secret_access_key: key.secret_access_key().to_owned(),
    });
    opts.accounts = vec![MANAGEMENT.to_owned(), "111111111111".to_owned()];
    opts.role_name = Some("Auditor".to_owned());
    let bundle = scan(&opts).await;

    let own = bundle.account(MANAGEMENT).expect("the caller's account");
    let region = &own.regions["us-east-1"];
    assert_eq!(region.guardduty_detectors, Fact::denied("guardduty:ListDetectors"));
    assert_eq!(region.ec2_instances, Fact::denied("ec2:DescribeInstances"));
    // The regions asked for are still scanned, and the bundle says their list could not be read.
    assert_eq!(own.global.enabled_regions, Fact::denied("ec2:DescribeRegions"));
    assert!(matches!(region.ec2_vpcs, Fact::Ok(_)), "{:?}", region.ec2_vpcs);
    assert!(matches!(own.global.iam_account_summary, Fact::Ok(_)), "{:?}", own.global.iam_account_summary);
    let other = bundle.account("111111111111").expect("the other account");
    assert_eq!(other.access, AccountAccess::Denied { action: "sts:AssumeRole".to_owned() });
    assert_eq!(bundle.coverage().accounts_unreachable, 1);
}
