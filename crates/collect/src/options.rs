//! What a scan covers and how: the options `maturity scan` passes in.

use std::time::Duration;

use maturity_evidence::ShardSpec;

/// Which regions to scan in each account.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RegionSelection {
    /// The regions enabled for the account (`ec2:DescribeRegions`).
    #[default]
    Enabled,
    /// These regions; any that is not enabled for an account is recorded as unavailable there.
    List(Vec<String>),
}

/// Per-call time limits, so that one hung region or service cannot stall the scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Connecting to an endpoint.
    pub connect: Duration,
    /// One attempt of a call (the SDK retries after it).
    pub attempt: Duration,
    /// A whole call, retries included.
    pub operation: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(5),
            attempt: Duration::from_secs(20),
            operation: Duration::from_secs(60),
        }
    }
}

/// How failed attempts are retried: exponential backoff with jitter from `initial_backoff`, at most
/// `max_backoff`, for at most `attempts` attempts per call (the first included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retries {
    /// Attempts per call, the first included.
    pub attempts: u32,
    /// The wait before the first retry (doubled after each, with jitter).
    pub initial_backoff: Duration,
    /// The longest wait between two attempts.
    pub max_backoff: Duration,
}

impl Default for Retries {
    fn default() -> Self {
        // Five attempts: a throttled call waits about 1 + 2 + 4 + 8 seconds (with jitter) before
        // it gives up, long enough for an account's token bucket to refill.
        Retries { attempts: 5, initial_backoff: Duration::from_secs(1), max_backoff: Duration::from_secs(20) }
    }
}

/// Explicit access keys, instead of the default credential chain (emulators and tests).
#[derive(Clone, PartialEq, Eq)]
pub struct StaticCredentials {
    /// The access key id.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
}

impl std::fmt::Debug for StaticCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaticCredentials").field("access_key_id", &self.access_key_id).finish_non_exhaustive()
    }
}

/// The options of one scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanOptions {
    /// A named profile of the shared AWS config files; the default credential chain otherwise.
    pub profile: Option<String>,
    /// Access keys to use instead of the default credential chain.
    pub static_credentials: Option<StaticCredentials>,
    /// The region of account-wide calls (STS, Organizations, IAM …); the default chain's
    /// (`AWS_REGION`, the profile) otherwise, and us-east-1 when none is configured.
    pub region: Option<String>,
    /// Which regions to scan.
    pub regions: RegionSelection,
    /// List the organization's accounts from the caller's (management or delegated admin)
    /// account, collect organization facts, and scan every active account through `role_name`.
    pub organization: bool,
    /// The role to assume in each account other than the caller's.
    pub role_name: Option<String>,
    /// The external id the role requires, if any.
    pub external_id: Option<String>,
    /// Only these accounts (all of the organization's when empty).
    pub accounts: Vec<String>,
    /// Send every call to this endpoint (an emulator); `AWS_ENDPOINT_URL` works too.
    pub endpoint_url: Option<String>,
    /// How many collectors (one service in one region of one account) run at once.
    pub concurrency: usize,
    /// How many of them run at once in one account (AWS throttles each account on its own).
    pub per_account: usize,
    /// Per-call time limits.
    pub timeouts: Timeouts,
    /// How failed attempts are retried.
    pub retries: Retries,
    /// In organization mode, scan only this slice of the accounts (`--shard K/N`); the bundle
    /// then records the shard for `maturity merge`.
    pub shard: Option<ShardSpec>,
    /// The run every shard of one sharded scan shares (`--scan-id`); derived from what the shards
    /// share when absent.
    pub scan_id: Option<String>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            profile: None,
            static_credentials: None,
            region: None,
            regions: RegionSelection::Enabled,
            organization: false,
            role_name: None,
            external_id: None,
            accounts: Vec::new(),
            endpoint_url: None,
            concurrency: 128,
            per_account: 16,
            timeouts: Timeouts::default(),
            retries: Retries::default(),
            shard: None,
            scan_id: None,
        }
    }
}
