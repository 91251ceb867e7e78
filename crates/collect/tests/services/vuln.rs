//! Vulnerability and serverless facts against the emulator: Amazon Inspector's account status,
//! ECR registry scanning and repositories, Lambda functions (environment variable names only)
//! and Secrets Manager secrets (metadata only).

use aws_sdk_ecr::types::{
    ImageScanningConfiguration, RegistryScanningRule, ScanFrequency, ScanType, ScanningRepositoryFilter,
    ScanningRepositoryFilterType,
};
use aws_sdk_inspector2::types::ResourceScanType;
use aws_sdk_lambda::types::{Environment, FunctionCode, Runtime};

use crate::support::moto::Moto;
use crate::support::scan::{ok, options, scan};
use crate::support::seed::{MANAGEMENT, in_region, sdk};

/// The smallest valid zip archive: an empty one (end-of-central-directory record only).
const EMPTY_ZIP: [u8; 22] = [0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

const LITERAL: &str = "hunter2-literal-value";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inspector_ecr_lambda_and_secrets_are_collected() {
    let moto = Moto::start();
    let eu = in_region(&sdk(&moto.endpoint(), "eu-west-1"), "eu-west-1");

    // Lambda: a function with a literal secret, a reference and a plain variable.
    let role = aws_sdk_iam::Client::new(&eu)
        .create_role()
        .role_name("lambda-exec")
        .assume_role_policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        )
        .send()
        .await
        .expect("create role");
    let role_arn = role.role().map(|r| r.arn().to_owned()).expect("role arn");
    aws_sdk_lambda::Client::new(&eu)
        .create_function()
        .function_name("orders")
        .runtime(Runtime::Python312)
        .handler("index.handler")
        .role(&role_arn)
        .code(FunctionCode::builder().zip_file(aws_smithy_types::Blob::new(EMPTY_ZIP.to_vec())).build())
        .environment(
            Environment::builder()
                .variables("DB_PASSWORD", LITERAL)
                .variables("API_KEY", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf")
                .variables("TABLE_NAME", "orders")
                .build(),
        )
        .send()
        .await
        .expect("create function");

    // ECR: one repository scanning on push, one not, and an enhanced registry rule for prod-*.
    let ecr = aws_sdk_ecr::Client::new(&eu);
    ecr.create_repository()
        .repository_name("prod-api")
        .image_scanning_configuration(ImageScanningConfiguration::builder().scan_on_push(true).build())
        .send()
        .await
        .expect("create prod-api");
    ecr.create_repository().repository_name("dev-api").send().await.expect("create dev-api");
    ecr.put_registry_scanning_configuration()
        .scan_type(ScanType::Enhanced)
        .rules(
            RegistryScanningRule::builder()
                .scan_frequency(ScanFrequency::ContinuousScan)
                .repository_filters(
                    ScanningRepositoryFilter::builder()
                        .filter("prod-*")
                        .filter_type(ScanningRepositoryFilterType::Wildcard)
                        .build()
                        .expect("filter"),
                )
                .build()
                .expect("rule"),
        )
        .send()
        .await
        .expect("put registry scanning configuration");

    // Secrets Manager: a secret whose value must never reach the bundle.
    aws_sdk_secretsmanager::Client::new(&eu)
        .create_secret()
        .name("prod/orders-db")
        .secret_string(LITERAL)
        .send()
        .await
        .expect("create secret");

    // Inspector: EC2 and ECR scanning on in eu-west-1; turned on and off again in us-east-1.
    aws_sdk_inspector2::Client::new(&eu)
        .enable()
        .account_ids(MANAGEMENT)
        .resource_types(ResourceScanType::Ec2)
        .resource_types(ResourceScanType::Ecr)
        .send()
        .await
        .expect("enable Inspector");
    let us = aws_sdk_inspector2::Client::new(&in_region(&eu, "us-east-1"));
    us.enable().account_ids(MANAGEMENT).resource_types(ResourceScanType::Ec2).send().await.expect("enable in us");
    us.disable().account_ids(MANAGEMENT).resource_types(ResourceScanType::Ec2).send().await.expect("disable in us");

    let bundle = scan(&options(&moto, &["eu-west-1", "us-east-1"])).await;
    let account = &bundle.accounts[0];
    let facts = &account.regions["eu-west-1"];

    let functions = ok(&facts.lambda_functions, "lambda functions");
    assert_eq!(functions.len(), 1, "{functions:?}");
    let orders = &functions[0];
    assert_eq!(orders.name, "orders");
    assert_eq!(orders.runtime.as_deref(), Some("python3.12"));
    assert_eq!(orders.env_var_names, vec!["API_KEY", "DB_PASSWORD", "TABLE_NAME"]);
    assert_eq!(orders.secret_like_env_vars, vec!["DB_PASSWORD"]);

    let mut repositories = ok(&facts.ecr_repositories, "ecr repositories").clone();
    repositories.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(
        repositories.iter().map(|r| (r.name.as_str(), r.scan_on_push)).collect::<Vec<_>>(),
        vec![("dev-api", false), ("prod-api", true)]
    );
    let scanning = ok(&facts.ecr_registry_scanning, "registry scanning");
    assert!(scanning.is_enhanced(), "{scanning:?}");
    assert!(scanning.rule_for("prod-api").is_some() && scanning.rule_for("dev-api").is_none(), "{scanning:?}");

    let secrets = ok(&facts.secretsmanager_secrets, "secrets");
    assert_eq!(
        secrets.iter().map(|s| (s.name.as_str(), s.rotation_enabled)).collect::<Vec<_>>(),
        vec![("prod/orders-db", false)]
    );

    let inspector = ok(&facts.inspector_status, "inspector status");
    assert_eq!(
        (
            inspector.ec2.as_ref().map(|s| s.as_str()),
            inspector.ecr.as_ref().map(|s| s.as_str()),
            inspector.lambda.as_ref().map(|s| s.as_str())
        ),
        (Some("ENABLED"), Some("ENABLED"), Some("DISABLED")),
        "{inspector:?}"
    );

    // Nothing configured in us-east-1: empty lists and a basic registry without rules.
    let us = &account.regions["us-east-1"];
    assert!(ok(&us.lambda_functions, "us functions").is_empty());
    assert!(ok(&us.ecr_repositories, "us repositories").is_empty());
    assert!(ok(&us.secretsmanager_secrets, "us secrets").is_empty());
    let us_inspector = ok(&us.inspector_status, "us inspector status");
    assert_eq!(
        (us_inspector.state.as_str(), us_inspector.ec2.as_ref().map(|s| s.as_str())),
        ("DISABLED", Some("DISABLED"))
    );
    let us_scanning = ok(&us.ecr_registry_scanning, "us registry scanning");
    assert!(!us_scanning.is_enhanced() && us_scanning.rules.is_empty(), "{us_scanning:?}");

    let json = serde_json::to_string(&bundle).expect("bundle as JSON");
    assert!(!json.contains(LITERAL), "a secret value reached the bundle");
    for call in [
        "lambda:ListFunctions",
        "ecr:DescribeRepositories",
        "ecr:GetRegistryScanningConfiguration",
        "secretsmanager:ListSecrets",
        "inspector2:BatchGetAccountStatus",
    ] {
        assert!(bundle.api_calls.get(call).is_some_and(|n| *n >= 2), "{call}: {:?}", bundle.api_calls.get(call));
    }
}
