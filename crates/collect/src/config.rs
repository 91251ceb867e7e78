//! SDK configuration: one base configuration per scan (credentials chain, endpoint, HTTPS client,
//! retries, timeouts), one per account (its credentials), and a client per service and region
//! made from it, each with the call counter attached.
//!
//! Retries back off exponentially with jitter (the SDK's standard strategy) and are partitioned
//! per account and service: AWS throttles each account and API on its own, so one throttled
//! account must not use up the others' retry quota, which the SDK otherwise shares between every
//! client of a service in a region, whatever the account. (The SDK's adaptive strategy was
//! measured and dropped: after a throttle it held a client to half a call per second, so a scan
//! with one call in five throttled took ten times as long as a clean one, and calls ran out their
//! time limit waiting to be sent.) Every 429 and 503 is
//! retried as throttling (`retry`), the call counter sees every attempt, an endpoint that stops
//! answering is given up on (`health`), and an XML answer cut short is refused (`integrity`).

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sdk_sts::config::retry::RetryPartition;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use aws_smithy_types::endpoint::Endpoint;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;

use crate::calls::CallCounter;
use crate::health::{EndpointWatch, Endpoints};
use crate::integrity::WholeAnswers;
use crate::options::{Retries, ScanOptions};
use crate::retry::ThrottleClassifier;

/// Where calls go when no region is configured, and where global services are asked.
pub(crate) const HOME_REGION: &str = "us-east-1";

/// The retry partition label of the caller's own clients (known before the caller's account is).
const CALLER: &str = "caller";

/// The configuration of one scan, before any role is assumed.
#[derive(Debug, Clone)]
pub(crate) struct ScanConfig {
    /// The caller's configuration.
    pub(crate) sdk: SdkConfig,
    /// Counts every call of the scan.
    pub(crate) calls: CallCounter,
    /// Which regions and services stopped answering.
    pub(crate) endpoints: Endpoints,
    /// This scan's number in the process, for its retry partitions.
    scan: u64,
}

/// A number for each scan of the process. The SDK keeps a retry partition's quota for the whole
/// process, by name: a scan that was throttled hard must not slow down the
/// next scan in the same process (the dashboard's, a test's), so each scan names its own.
fn next_scan_number() -> u64 {
    static SCANS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    SCANS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
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
            .retry_config(retry_config(options.retries))
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
        ScanConfig::with_sdk(sdk)
    }

    /// A scan with this configuration, its own counters and retry partitions.
    pub(crate) fn with_sdk(sdk: SdkConfig) -> ScanConfig {
        ScanConfig { sdk, calls: CallCounter::default(), endpoints: Endpoints::default(), scan: next_scan_number() }
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
        Clients::new(self.sdk.clone(), self, CALLER)
    }
}

/// Makes SDK clients for one account, in any region.
#[derive(Debug, Clone)]
pub(crate) struct Clients {
    sdk: SdkConfig,
    calls: CallCounter,
    endpoints: Endpoints,
    /// The account, for the retry partitions.
    account: String,
    /// The scan's number, for the retry partitions.
    scan: u64,
}

/// A service's configuration builder for one account and region, with what every client of the
/// scan carries: the call counter, the endpoint watch, the check for answers cut short, the
/// throttling classifier and the account's own retry partition for the service.
macro_rules! builder {
    ($self:ident, $sdk:ident, $region:ident, $service:expr) => {{
        let watch = $self.watch($region, $service);
        $sdk::config::Builder::from(&$self.in_region($region))
            .interceptor($self.calls.clone())
            .interceptor(watch.clone())
            .interceptor(WholeAnswers)
            .retry_classifier(ThrottleClassifier)
            .retry_classifier(watch)
            .retry_partition($self.retry_partition($service))
    }};
}

macro_rules! client {
    ($(#[$meta:meta])* $name:ident => $sdk:ident) => {
        $(#[$meta])*
        pub(crate) fn $name(&self, region: &str) -> $sdk::Client {
            $sdk::Client::from_conf(builder!(self, $sdk, region, stringify!($name)).build())
        }
    };
}

impl Clients {
    /// Clients for `account`, whose configuration `sdk` carries its credentials, counted,
    /// watched and retried with the rest of the `scan`.
    pub(crate) fn new(sdk: SdkConfig, scan: &ScanConfig, account: &str) -> Clients {
        Clients {
            sdk,
            calls: scan.calls.clone(),
            endpoints: scan.endpoints.clone(),
            account: account.to_owned(),
            scan: scan.scan,
        }
    }

    /// The interceptor that watches `service` of this account in `region`.
    fn watch(&self, region: &str, service: &'static str) -> EndpointWatch {
        self.endpoints.watch(&self.account, region, service)
    }

    /// The retry partition of `service` in this account: its own retry quota.
    fn retry_partition(&self, service: &str) -> RetryPartition {
        RetryPartition::new(format!("maturity-{}-{service}-{}", self.scan, self.account))
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
        let config = builder!(self, aws_sdk_s3, region, "s3").force_path_style(self.custom_endpoint().is_some());
        aws_sdk_s3::Client::from_conf(config.build())
    }

    /// S3 Control. Its endpoint rules put the account id in front of the host name
    /// (`123456789012.s3-control…`); with a custom endpoint that name does not resolve, so the
    /// endpoint is used exactly as given.
    pub(crate) fn s3control(&self, region: &str) -> aws_sdk_s3control::Client {
        let mut config = builder!(self, aws_sdk_s3control, region, "s3control");
        if let Some(url) = self.custom_endpoint() {
            config = config.endpoint_resolver(FixedEndpoint(url.to_owned()));
        }
        aws_sdk_s3control::Client::from_conf(config.build())
    }
}

/// The SDK's standard retry strategy, which retries throttling and transient errors after an
/// exponential backoff with jitter.
fn retry_config(retries: Retries) -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(retries.attempts.max(1))
        .with_initial_backoff(retries.initial_backoff)
        .with_max_backoff(retries.max_backoff)
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
