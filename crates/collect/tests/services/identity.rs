//! Identity facts against the emulator: attached customer-managed IAM policies with their
//! documents, Cognito user pools, tag policies and delegated administrators of the organization.
//! IAM Access Analyzer has no backend in the emulator: its analyzers are recorded as failed here
//! and read from AWS's documented responses in the collector's replay tests.

use aws_sdk_cognitoidentityprovider::types::{AdvancedSecurityModeType, UserPoolAddOnsType, UserPoolMfaType};
use aws_sdk_organizations::types::PolicyType;
use maturity_evidence::{Fact, PolicyKind};

use crate::support::moto::Moto;
use crate::support::scan::{ok, options, scan};
use crate::support::seed;

const ALLOW_ALL: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
const READ_REPORTS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::reports/*"}]}"#;
const TRUST_EC2: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customer_policies_and_user_pools_are_collected() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "us-east-1");
    let iam = aws_sdk_iam::Client::new(&sdk);
    let mut arns = Vec::new();
    for (name, document) in [("admin-copy", ALLOW_ALL), ("read-reports", READ_REPORTS), ("never-attached", ALLOW_ALL)] {
        let created = iam.create_policy().policy_name(name).policy_document(document).send().await.unwrap();
        arns.push(created.policy().and_then(|p| p.arn()).unwrap().to_owned());
    }
    iam.create_role().role_name("app").assume_role_policy_document(TRUST_EC2).send().await.unwrap();
    iam.attach_role_policy().role_name("app").policy_arn(&arns[0]).send().await.unwrap();
    iam.attach_role_policy().role_name("app").policy_arn(&arns[1]).send().await.unwrap();
    iam.create_user().user_name("analyst").send().await.unwrap();
    iam.attach_user_policy().user_name("analyst").policy_arn(&arns[1]).send().await.unwrap();

    let eu = seed::in_region(&sdk, "eu-west-1");
    let cognito = aws_sdk_cognitoidentityprovider::Client::new(&eu);
    let shop = cognito
        .create_user_pool()
        .pool_name("shop-customers")
        .mfa_configuration(UserPoolMfaType::Optional)
        .user_pool_add_ons(
            UserPoolAddOnsType::builder().advanced_security_mode(AdvancedSecurityModeType::Enforced).build().unwrap(),
        )
        .send()
        .await
        .unwrap();
    let shop_id = shop.user_pool().and_then(|p| p.id()).unwrap().to_owned();
    cognito.create_user_pool().pool_name("newsletter").send().await.unwrap();

    let bundle = scan(&options(&moto, &["eu-west-1", "us-east-1"])).await;
    let account = &bundle.accounts[0];

    let mut policies = ok(&account.global.iam_customer_policies, "customer policies").clone();
    policies.sort_by(|a, b| a.name.cmp(&b.name));
    let names: Vec<&str> = policies.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["admin-copy", "read-reports"], "only attached customer-managed policies");
    assert_eq!((policies[0].attachment_count, policies[1].attachment_count), (1, 2));
    assert_eq!(policies[0].default_version_id, "v1");
    assert_eq!(policies[0].document["Statement"][0]["Action"], "*", "document decoded: {:?}", policies[0].document);
    assert_eq!(policies[1].document["Statement"][0]["Resource"], "arn:aws:s3:::reports/*");

    let mut pools = ok(&account.regions["eu-west-1"].cognito_user_pools, "eu pools").clone();
    pools.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(pools.len(), 2, "{pools:?}");
    assert_eq!(pools[0].name, "newsletter");
    assert_eq!(pools[0].mfa_configuration, "OFF".into(), "the default");
    assert_eq!(pools[1].id, shop_id);
    assert_eq!(pools[1].mfa_configuration, "OPTIONAL".into());
    assert_eq!(pools[1].advanced_security_mode.as_ref().map(|s| s.as_str()), Some("ENFORCED"));
    assert!(ok(&account.regions["us-east-1"].cognito_user_pools, "us pools").is_empty(), "no pool is a value");

    // No Access Analyzer backend: recorded as failed, never taken for "no analyzer".
    let analyzers = &account.regions["eu-west-1"].accessanalyzer_analyzers;
    assert!(matches!(analyzers, Fact::Failed { .. }), "{analyzers:?}");

    assert_eq!(bundle.api_calls.get("iam:GetPolicyVersion"), Some(&2), "one per attached policy");
    assert_eq!(bundle.api_calls.get("cognitoidentityprovider:DescribeUserPool"), Some(&2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tag_policies_and_delegated_administrators_are_collected() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "us-east-1");
    let (_ou, members, _scp) = seed::seed_organization(&sdk, &["security", "prod"]).await;
    let org = aws_sdk_organizations::Client::new(&sdk);
    let root = org.list_roots().send().await.unwrap().roots()[0].id().unwrap().to_owned();
    let _ = org.enable_policy_type().root_id(&root).policy_type(PolicyType::TagPolicy).send().await;
    let content = r#"{"tags":{"owner":{"tag_key":{"@@assign":"Owner"}}}}"#;
    let created = org
        .create_policy()
        .name("mandatory-tags")
        .description("owner tag")
        .r#type(PolicyType::TagPolicy)
        .content(content)
        .send()
        .await
        .unwrap();
    let tag_policy = created.policy().and_then(|p| p.policy_summary()).and_then(|s| s.id()).unwrap().to_owned();
    org.attach_policy().policy_id(&tag_policy).target_id(&root).send().await.unwrap();
    org.register_delegated_administrator()
        .account_id(&members[0])
        .service_principal("access-analyzer.amazonaws.com")
        .send()
        .await
        .unwrap();

    let mut opts = options(&moto, &["us-east-1"]);
    opts.organization = true;
    opts.role_name = Some("OrganizationAccountAccessRole".to_owned());
    let bundle = scan(&opts).await;
    let facts = bundle.organization.as_ref().expect("organization facts");

    let policies = ok(&facts.policies, "policies");
    let tag = policies.iter().find(|p| p.id == tag_policy).expect("the tag policy");
    assert_eq!(tag.kind, PolicyKind::TagPolicy);
    assert_eq!(tag.targets, vec![root.clone()]);
    assert_eq!(tag.content["tags"]["owner"]["tag_key"]["@@assign"], "Owner");
    assert!(policies.iter().any(|p| p.kind == PolicyKind::ServiceControlPolicy), "SCPs are still read");

    let admins = ok(&facts.delegated_administrators, "delegated administrators");
    assert_eq!(admins.len(), 1, "{admins:?}");
    assert_eq!(admins[0].account_id, members[0]);
    assert_eq!(admins[0].name.as_deref(), Some("security"));
    assert_eq!(admins[0].services, vec!["access-analyzer.amazonaws.com".to_owned()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_delegated_administrator_is_an_empty_list() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "us-east-1");
    seed::seed_organization(&sdk, &["prod"]).await;
    let mut opts = options(&moto, &["us-east-1"]);
    opts.organization = true;
    opts.role_name = Some("OrganizationAccountAccessRole".to_owned());
    let bundle = scan(&opts).await;
    let facts = bundle.organization.as_ref().expect("organization facts");
    assert_eq!(facts.delegated_administrators, Fact::Ok(Vec::new()));
    assert!(ok(&facts.policies, "policies").iter().all(|p| p.kind != PolicyKind::TagPolicy));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_are_collected_with_their_trust_policies() {
    let moto = Moto::start();
    let sdk = seed::sdk(&moto.endpoint(), "us-east-1");
    let iam = aws_sdk_iam::Client::new(&sdk);
    let vendor = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"a+b/c=d%"}}}]}"#;
    iam.create_role()
        .role_name("vendor-audit")
        .path("/partners/")
        .assume_role_policy_document(vendor)
        .send()
        .await
        .unwrap();
    iam.create_role().role_name("app").assume_role_policy_document(TRUST_EC2).send().await.unwrap();

    let bundle = scan(&options(&moto, &["us-east-1"])).await;
    let mut roles = ok(&bundle.accounts[0].global.iam_roles, "roles").clone();
    roles.sort_by(|a, b| a.name.cmp(&b.name));
    let names: Vec<&str> = roles.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["app", "vendor-audit"], "{roles:?}");
    assert_eq!(roles[0].trust_policy["Statement"][0]["Principal"]["Service"], "ec2.amazonaws.com");
    assert_eq!(roles[0].path, "/");
    let vendor_role = &roles[1];
    assert_eq!(vendor_role.path, "/partners/");
    assert!(vendor_role.arn.ends_with(":role/partners/vendor-audit"), "{}", vendor_role.arn);
    assert_eq!(vendor_role.trust_policy["Statement"][0]["Principal"]["AWS"], "arn:aws:iam::999988887777:root");
    assert_eq!(
        vendor_role.trust_policy["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"], "a+b/c=d%",
        "the document is decoded once, special characters intact"
    );
    assert!(vendor_role.created.is_some());
    assert!(!vendor_role.is_service_linked());
    assert_eq!(bundle.api_calls.get("iam:ListRoles"), Some(&1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_groups_and_roles_are_collected_with_their_managed_and_inline_policies() {
    // moto knows the AWS-managed policies only when asked to load them.
    let moto = Moto::start_with(&[("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")]);
    let sdk = seed::sdk(&moto.endpoint(), "us-east-1");
    let iam = aws_sdk_iam::Client::new(&sdk);
    let admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    iam.create_role().role_name("platform-admin").assume_role_policy_document(TRUST_EC2).send().await.unwrap();
    iam.attach_role_policy().role_name("platform-admin").policy_arn(admin).send().await.unwrap();
    iam.create_group().group_name("break-glass").send().await.unwrap();
    iam.put_group_policy()
        .group_name("break-glass")
        .policy_name("everything")
        .policy_document(ALLOW_ALL)
        .send()
        .await
        .unwrap();
    iam.create_user().user_name("ops").send().await.unwrap();
    iam.add_user_to_group().user_name("ops").group_name("break-glass").send().await.unwrap();
    iam.put_user_policy().user_name("ops").policy_name("reports").policy_document(READ_REPORTS).send().await.unwrap();

    let bundle = scan(&options(&moto, &["us-east-1"])).await;
    let principals = ok(&bundle.accounts[0].global.iam_principals, "principals");
    let find = |kind: &str, name: &str| {
        principals.iter().find(|p| p.kind == kind && p.name == name).unwrap_or_else(|| panic!("{principals:#?}"))
    };
    let role = find("role", "platform-admin");
    assert!(role.has_administrator_access(), "{role:?}");
    assert!(role.arn.ends_with(":role/platform-admin") && role.path == "/");
    let group = find("group", "break-glass");
    assert_eq!(group.inline_policies.len(), 1);
    assert_eq!(group.inline_policies[0].name, "everything");
    assert_eq!(group.inline_policies[0].document["Statement"][0]["Action"], "*", "decoded: {group:?}");
    let user = find("user", "ops");
    assert_eq!(user.groups, ["break-glass"]);
    assert_eq!(user.inline_policies[0].document["Statement"][0]["Resource"], "arn:aws:s3:::reports/*");
    assert!(!user.has_administrator_access());
    assert_eq!(bundle.api_calls.get("iam:GetAccountAuthorizationDetails"), Some(&1));
}
