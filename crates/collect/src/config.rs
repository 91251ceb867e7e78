//! SDK configuration: one base configuration per scan (credentials chain, endpoint, HTTPS client,
//! retries, timeouts), one per account (its credentials), and a client per service and region
//! made from it, each with the call counter attached.
//!
//! Retries are adaptive (the SDK slows a client down after throttling) and partitioned per account
//! and service: AWS throttles each account and API on its own, so one throttled account must
//! neither slow the others down nor use up their retry quota, which the SDK otherwise shares
//! between every client of a service in a region, whatever the account. Every 429 and 503 is
//! retried as throttling (`retry`), and the call counter sees every attempt.

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sdk_sts::config::retry::RetryPartition;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use aws_smithy_types::endpoint::Endpoint;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;

use crate::calls::CallCounter;
use crate::options::ScanOptions;
use crate::retry::ThrottleClassifier;

/// Where calls go when no region is configured, and where global services are asked.
pub(crate) const HOME_REGION: &str = "us-east-1";

/// Attempts per call (the first and the retries) with the SDK's adaptive retry strategy, which
/// backs off exponentially with jitter, retries throttling and transient errors, and after
/// throttling sends no faster than the service answered.
const MAX_ATTEMPTS: u32 = 5;

/// The retry partition label of the caller's own clients (known before the caller's account is).
const CALLER: &str = "caller";

/// The configuration of one scan, before any role is assumed.
#[derive(Debug, Clone)]
pub(crate) struct ScanConfig {
    /// The caller's configuration.
    pub(crate) sdk: SdkConfig,
    /// Counts every call of the scan.
    pub(crate) calls: CallCounter,
}

impl ScanConfig {
    /// Loads the default credential chain (or the profile), the endpoint and the region.
    pub(crate) async fn load(options: &ScanOptions) -> ScanConfig {
        // One HTTPS client for the whole scan: hyper 1 with rustls and ring, verifying servers
        // against the platform's trust store.
        let http_client =
            aws_smithy_http_client::Builder::new().tls_provider(tls::Provider::Rustls(CryptoMode::Ring)).build_https();
        let timeouts = TimeoutConfig::builder()
            .connect_timeout(options.timeouts.connect)
            .operation_attempt_timeout(options.timeouts.attempt)
            .operation_timeout(options.timeouts.operation)
            .build();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .http_client(http_client)
            .retry_config(RetryConfig::adaptive().with_max_attempts(MAX_ATTEMPTS))
            .timeout_config(timeouts);
        if let Some(profile) = &options.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(keys) = &options.static_credentials {
            loader = loader.credentials_provider(Credentials::new(
                &keys.access_key_id,
                &keys.secret_access_key,
                None,
                None,
                "maturity-static",
            ));
        }
        if let Some(region) = &options.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(url) = &options.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let sdk = loader.load().await;
        let sdk = if sdk.region().is_some() {
            sdk
        } else {
            sdk.into_builder().region(Region::from_static(HOME_REGION)).build()
        };
        ScanConfig { sdk, calls: CallCounter::default() }
    }

    /// The region calls go to when nothing else decides.
    pub(crate) fn default_region(&self) -> String {
        self.sdk.region().map_or_else(|| HOME_REGION.to_owned(), ToString::to_string)
    }

    /// The configuration for an account reached with other credentials.
    pub(crate) fn with_credentials(&self, credentials: SharedCredentialsProvider) -> SdkConfig {
        self.sdk.to_builder().credentials_provider(credentials).build()
    }

    /// Clients for the caller's own account.
    pub(crate) fn caller_clients(&self) -> Clients {
        Clients { sdk: self.sdk.clone(), calls: self.calls.clone(), account: CALLER.to_owned() }
    }
}

/// Makes SDK clients for one account, in any region.
#[derive(Debug, Clone)]
pub(crate) struct Clients {
    sdk: SdkConfig,
    calls: CallCounter,
    /// The account, for the retry partitions.
    account: String,
}

macro_rules! client {
    ($(#[$meta:meta])* $name:ident => $sdk:ident) => {
        $(#[$meta])*
        pub(crate) fn $name(&self, region: &str) -> $sdk::Client {
            let config = $sdk::config::Builder::from(&self.in_region(region))
                .interceptor(self.calls.clone())
                .retry_classifier(ThrottleClassifier)
                .retry_partition(self.retry_partition(stringify!($name)))
                .build();
            $sdk::Client::from_conf(config)
        }
    };
}

impl Clients {
    /// Clients for `account`, whose configuration carries its credentials.
    pub(crate) fn new(sdk: SdkConfig, calls: CallCounter, account: &str) -> Clients {
        Clients { sdk, calls, account: account.to_owned() }
    }

    /// The retry partition of `service` in this account: its own retry quota and adaptive rate.
    fn retry_partition(&self, service: &str) -> RetryPartition {
        RetryPartition::new(format!("maturity-{service}-{}", self.account))
    }

    fn in_region(&self, region: &str) -> SdkConfig {
        self.sdk.to_builder().region(Region::new(region.to_owned())).build()
    }

    /// The emulator's (or other custom) endpoint, when one is configured.
    fn custom_endpoint(&self) -> Option<&str> {
        self.sdk.endpoint_url()
    }

    client!(accessanalyzer => aws_sdk_accessanalyzer);
    client!(account => aws_sdk_account);
    client!(apigateway => aws_sdk_apigateway);
    client!(auditmanager => aws_sdk_auditmanager);
    client!(autoscaling => aws_sdk_autoscaling);
    client!(backup => aws_sdk_backup);
    client!(bedrock => aws_sdk_bedrock);
    client!(budgets => aws_sdk_budgets);
    client!(cloudformation => aws_sdk_cloudformation);
    client!(cloudfront => aws_sdk_cloudfront);
    client!(cloudtrail => aws_sdk_cloudtrail);
    client!(cloudwatch => aws_sdk_cloudwatch);
    client!(cognito_idp => aws_sdk_cognitoidentityprovider);
    client!(config => aws_sdk_config);
    client!(detective => aws_sdk_detective);
    client!(drs => aws_sdk_drs);
    client!(dynamodb => aws_sdk_dynamodb);
    client!(ec2 => aws_sdk_ec2);
    client!(ecr => aws_sdk_ecr);
    client!(efs => aws_sdk_efs);
    client!(elbv2 => aws_sdk_elasticloadbalancingv2);
    client!(eventbridge => aws_sdk_eventbridge);
    client!(fis => aws_sdk_fis);
    client!(guardduty => aws_sdk_guardduty);
    client!(iam => aws_sdk_iam);
    client!(imagebuilder => aws_sdk_imagebuilder);
    client!(inspector2 => aws_sdk_inspector2);
    client!(kms => aws_sdk_kms);
    client!(lambda => aws_sdk_lambda);
    client!(macie2 => aws_sdk_macie2);
    client!(networkfirewall => aws_sdk_networkfirewall);
    client!(organizations => aws_sdk_organizations);
    client!(rds => aws_sdk_rds);
    client!(resiliencehub => aws_sdk_resiliencehub);
    client!(route53resolver => aws_sdk_route53resolver);
    client!(secretsmanager => aws_sdk_secretsmanager);
    client!(securityhub => aws_sdk_securityhub);
    client!(securitylake => aws_sdk_securitylake);
    client!(shield => aws_sdk_shield);
    client!(ssm => aws_sdk_ssm);
    client!(ssoadmin => aws_sdk_ssoadmin);
    client!(sts => aws_sdk_sts);
    client!(wafv2 => aws_sdk_wafv2);

    /// S3, with path-style addressing when a custom endpoint is set (an emulator at an IP
    /// address cannot serve virtual-hosted bucket names).
    pub(crate) fn s3(&self, region: &str) -> aws_sdk_s3::Client {
        let config = aws_sdk_s3::config::Builder::from(&self.in_region(region))
            .interceptor(self.calls.clone())
            .retry_classifier(ThrottleClassifier)
            .retry_partition(self.retry_partition("s3"))
            .force_path_style(self.custom_endpoint().is_some())
            .build();
        aws_sdk_s3::Client::from_conf(config)
    }

    /// S3 Control. Its endpoint rules put the account id in front of the host name
    /// (`123456789012.s3-control…`); with a custom endpoint that name does not resolve, so the
    /// endpoint is used exactly as given.
    pub(crate) fn s3control(&self, region: &str) -> aws_sdk_s3control::Client {
        let mut config = aws_sdk_s3control::config::Builder::from(&self.in_region(region))
            .interceptor(self.calls.clone())
            .retry_classifier(ThrottleClassifier)
            .retry_partition(self.retry_partition("s3control"));
        if let Some(url) = self.custom_endpoint() {
            config = config.endpoint_resolver(FixedEndpoint(url.to_owned()));
        }
        aws_sdk_s3control::Client::from_conf(config.build())
    }
}

/// An S3 Control endpoint resolver that always answers the same URL.
#[derive(Debug)]
struct FixedEndpoint(String);

impl aws_sdk_s3control::config::endpoint::ResolveEndpoint for FixedEndpoint {
    fn resolve_endpoint<'a>(
        &'a self,
        _params: &'a aws_sdk_s3control::config::endpoint::Params,
    ) -> aws_sdk_s3control::config::endpoint::EndpointFuture<'a> {
        aws_sdk_s3control::config::endpoint::EndpointFuture::ready(Ok(Endpoint::builder().url(self.0.clone()).build()))
    }
}
