//! Who the scan runs as, and how it enters other accounts: `sts:GetCallerIdentity`, and
//! `sts:AssumeRole` as a refreshing credentials provider whose first answer is asked up front,
//! so that a role that cannot be assumed is recorded against its account.

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{self, ProvideCredentials, SharedCredentialsProvider, future};

use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem};
use crate::config::{Clients, ScanConfig};

declare_calls! {
    /// Who the credentials belong to.
    GET_CALLER_IDENTITY: "sts:GetCallerIdentity";
    /// Enters other accounts: needed by the scanning principal in organization mode only, and not a
    /// read of any account's configuration, so not part of the read-only policy.
    ASSUME_ROLE: "sts:AssumeRole";
}

/// The caller, from `sts:GetCallerIdentity`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Caller {
    /// Twelve digits.
    pub(crate) account_id: String,
    /// The caller's ARN.
    pub(crate) arn: String,
}

impl Caller {
    /// The ARN partition (`aws`, `aws-cn`, `aws-us-gov`).
    pub(crate) fn partition(&self) -> &str {
        maturity_evidence::Arn::parse(&self.arn).map_or("aws", |arn| arn.partition)
    }
}

/// Asks STS who the credentials belong to.
pub(crate) async fn caller(clients: &Clients, region: &str) -> Result<Caller, Problem> {
    let out = clients.sts(region).get_caller_identity().send().await.or_problem(GET_CALLER_IDENTITY)?;
    match (out.account(), out.arn()) {
        (Some(account_id), Some(arn)) => Ok(Caller { account_id: account_id.to_owned(), arn: arn.to_owned() }),
        _ => Err(Problem::Failed("sts:GetCallerIdentity returned no account or ARN".to_owned())),
    }
}

/// Session name of every assumed role, visible in the accounts' CloudTrail logs.
const SESSION_NAME: &str = "maturity-scan";

/// Credentials refreshed early enough that no call runs on expired ones.
const REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// Credentials from assuming a role, refreshed by assuming it again.
#[derive(Debug)]
struct AssumedRole {
    sts: aws_sdk_sts::Client,
    role_arn: String,
    external_id: Option<String>,
    /// The credentials of the up-front assumption, handed out once.
    first: Mutex<Option<Credentials>>,
}

impl AssumedRole {
    async fn assume(&self) -> Result<Credentials, Problem> {
        let out = self
            .sts
            .assume_role()
            .role_arn(&self.role_arn)
            .role_session_name(SESSION_NAME)
            .set_external_id(self.external_id.clone())
            .send()
            .await
            .or_problem(ASSUME_ROLE)?;
        let Some(creds) = out.credentials() else {
            return Err(Problem::Failed("sts:AssumeRole returned no credentials".to_owned()));
        };
        let expiry = SystemTime::try_from(*creds.expiration()).ok();
        Ok(Credentials::new(
            creds.access_key_id(),
            creds.secret_access_key(),
            Some(creds.session_token().to_owned()),
            expiry,
            "maturity-assume-role",
        ))
    }

    async fn provide(&self) -> provider::Result {
        let first = self.first.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        if let Some(creds) = first {
            let fresh = creds.expiry().is_none_or(|at| at > SystemTime::now() + REFRESH_MARGIN);
            if fresh {
                return Ok(creds);
            }
        }
        self.assume().await.map_err(|problem| CredentialsError::provider_error(problem.to_string()))
    }
}

impl ProvideCredentials for AssumedRole {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(self.provide())
    }
}

/// Enters `account_id` by assuming `role_name` there: the configuration with the role's
/// credentials, or why the role could not be assumed.
pub(crate) async fn assume_into(
    scan: &ScanConfig,
    caller: &Caller,
    account_id: &str,
    role_name: &str,
    external_id: Option<&str>,
) -> Result<Clients, Problem> {
    let role = AssumedRole {
        sts: scan.caller_clients().sts(&scan.default_region()),
        role_arn: format!("arn:{}:iam::{account_id}:role/{role_name}", caller.partition()),
        external_id: external_id.map(str::to_owned),
        first: Mutex::new(None),
    };
    let first = role.assume().await?;
    *role.first.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(first);
    let sdk = scan.with_credentials(SharedCredentialsProvider::new(role));
    Ok(Clients::new(sdk, scan, account_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_comes_from_the_caller_arn() {
        let caller = Caller { account_id: "1".into(), arn: "arn:aws-us-gov:iam::1:user/x".into() };
        assert_eq!(caller.partition(), "aws-us-gov");
    }
}
