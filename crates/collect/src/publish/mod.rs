//! `maturity publish security-hub`: the one command of the tool that writes to AWS. It sends
//! findings in the AWS Security Finding Format (what `maturity report --format asff` writes) to
//! Security Hub's `BatchImportFindings`, 100 at a time (the API's limit). Security Hub takes a
//! finding of its default product only from the account it is about, in the region of its
//! product ARN: findings are grouped by account and region, and another account's are sent from
//! inside it, through the role given (as a scan enters accounts), or not at all.
//!
//! It is kept apart from the scan on purpose: its call is declared here, not among the
//! collectors', so the scan's IAM policy stays read-only and this one write has a statement of
//! its own ([`crate::policy::publish_document`]). Nothing is sent before every finding has been
//! read and converted: a file with a member this code does not know is refused whole, rather than
//! published with that member silently dropped.

mod asff;

use std::collections::BTreeMap;

pub use asff::AsffError;
use aws_sdk_securityhub::types::AwsSecurityFinding;

use crate::calls::declare_calls;
use crate::classify::{Problem, classify};
use crate::config::{Clients, ScanConfig};
use crate::error::CollectError;
use crate::identity;
use crate::options::ScanOptions;

declare_calls! {
    BATCH_IMPORT_FINDINGS: "securityhub:BatchImportFindings";
}

/// Security Hub takes at most this many findings in one `BatchImportFindings` call.
pub const FINDINGS_PER_CALL: usize = 100;

/// Where to publish, and as whom.
#[derive(Debug, Clone, Default)]
pub struct PublishOptions {
    /// Credentials, home region and endpoint, as for a scan (`profile`, `static_credentials`,
    /// `region`, `endpoint_url`, timeouts and retries), and the role to assume in each account
    /// other than the caller's (`role_name`, `external_id`); the other fields are not used.
    pub connection: ScanOptions,
}

/// What Security Hub made of the findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Published {
    /// Findings Security Hub accepted.
    pub imported: usize,
    /// Findings it refused, with its reason: `(finding id, error code, message)`.
    pub refused: Vec<(String, String, String)>,
    /// `BatchImportFindings` calls made.
    pub calls: usize,
    /// The accounts and regions imported into: `(account, region, findings)`.
    pub destinations: Vec<(String, String, usize)>,
}

/// Why nothing (or not everything) could be published.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The findings are not ASFF this command can send whole.
    #[error(transparent)]
    Findings(#[from] AsffError),
    /// No credentials, or no async runtime.
    #[error(transparent)]
    Connection(#[from] CollectError),
    /// `sts:GetCallerIdentity` failed.
    #[error("cannot tell who the credentials belong to (sts:GetCallerIdentity): {0}")]
    Identity(String),
    /// Findings of another account, and no role to enter it: nothing was sent.
    #[error(
        "{findings} findings belong to account {account}, not the caller's ({caller}): Security Hub imports a \
         finding only from its own account, so give --role NAME to assume in it (nothing was sent)"
    )]
    OtherAccount {
        /// The first such account.
        account: String,
        /// The caller's account.
        caller: String,
        /// Its findings.
        findings: usize,
    },
    /// The role could not be assumed in an account; `imported` findings were already sent.
    #[error("cannot enter account {account} (sts:AssumeRole) after {imported} findings were imported: {reason}")]
    Enter {
        /// The account.
        account: String,
        /// Findings imported before.
        imported: usize,
        /// AWS's error, in words.
        reason: String,
    },
    /// A call failed; `imported` findings of earlier calls were already in Security Hub.
    #[error(
        "securityhub:BatchImportFindings in {account} {region} failed after {imported} findings were imported: {reason}"
    )]
    Call {
        /// The account.
        account: String,
        /// The region.
        region: String,
        /// Findings imported by the calls before this one.
        imported: usize,
        /// AWS's error, in words.
        reason: String,
    },
}

/// Reads ASFF findings from `text`: a JSON array of findings, the `{"Findings": [...]}` request
/// of `BatchImportFindings`, or such requests one a line (what `maturity report --format asff`
/// writes); `file` names it in errors.
///
/// # Errors
/// Not JSON, none of those shapes, or a finding with a member of the wrong type or one this
/// command does not send, each naming the line, the finding and the member.
pub fn read_findings(file: &str, text: &str) -> Result<Vec<AwsSecurityFinding>, AsffError> {
    asff::read(file, text)
}

/// Where a finding goes: its account, and the region of its product ARN (a product ARN names
/// the region Security Hub imports into), else its own `Region`, else `home`.
fn destination(finding: &AwsSecurityFinding, home: &str) -> (String, String) {
    let region = finding
        .product_arn()
        .and_then(|arn| arn.split(':').nth(3))
        .filter(|region| !region.is_empty())
        .or(finding.region())
        .unwrap_or(home);
    (finding.aws_account_id().unwrap_or_default().to_owned(), region.to_owned())
}

/// Sends `findings` to Security Hub: each account's from that account (the caller's own, or
/// entered with the role), in the region of its product, [`FINDINGS_PER_CALL`] a call.
///
/// # Errors
/// No credentials; findings of an account other than the caller's without a role (checked
/// before anything is sent); a role that cannot be assumed, or a call that failed (throttling is
/// retried first). Findings Security Hub refused one by one are not an error but listed in
/// [`Published::refused`].
pub async fn security_hub(
    options: &PublishOptions,
    findings: Vec<AwsSecurityFinding>,
) -> Result<Published, PublishError> {
    let connection = &options.connection;
    let config = ScanConfig::load(connection).await;
    crate::credentials::found(&config.sdk, connection.profile.as_deref()).await?;
    let home = config.default_region();
    let caller_clients = config.caller_clients();
    let caller = identity::caller(&caller_clients, &home)
        .await
        .map_err(|problem| PublishError::Identity(problem.to_string()))?;

    let mut groups: BTreeMap<(String, String), Vec<AwsSecurityFinding>> = BTreeMap::new();
    for finding in findings {
        groups.entry(destination(&finding, &home)).or_default().push(finding);
    }
    if connection.role_name.is_none()
        && let Some(((account, _), _)) = groups.iter().find(|((account, _), _)| *account != caller.account_id)
    {
        let findings = groups.iter().filter(|((a, _), _)| a == account).map(|(_, list)| list.len()).sum();
        return Err(PublishError::OtherAccount { account: account.clone(), caller: caller.account_id, findings });
    }

    let mut published = Published::default();
    let mut entered: BTreeMap<String, Clients> = BTreeMap::new();
    for ((account, region), mut findings) in groups {
        let clients = if account == caller.account_id {
            caller_clients.clone()
        } else if let Some(clients) = entered.get(&account) {
            clients.clone()
        } else {
            let role = connection.role_name.as_deref().unwrap_or_default();
            let clients = identity::assume_into(&config, &caller, &account, role, connection.external_id.as_deref())
                .await
                .map_err(|problem| PublishError::Enter {
                    account: account.clone(),
                    imported: published.imported,
                    reason: problem.to_string(),
                })?;
            entered.insert(account.clone(), clients.clone());
            clients
        };
        let client = clients.securityhub(&region);
        published.destinations.push((account.clone(), region.clone(), findings.len()));
        while !findings.is_empty() {
            let rest = findings.split_off(findings.len().min(FINDINGS_PER_CALL));
            let answer = client.batch_import_findings().set_findings(Some(findings)).send().await.map_err(|error| {
                let reason = match classify(BATCH_IMPORT_FINDINGS, &error) {
                    Problem::Denied(action) => format!("access denied to {action}"),
                    Problem::Unavailable(why) | Problem::Failed(why) => why,
                };
                PublishError::Call {
                    account: account.clone(),
                    region: region.clone(),
                    imported: published.imported,
                    reason,
                }
            })?;
            published.calls += 1;
            published.imported += usize::try_from(answer.success_count().unwrap_or(0)).unwrap_or(0);
            for failed in answer.failed_findings() {
                published.refused.push((
                    failed.id().unwrap_or_default().to_owned(),
                    failed.error_code().unwrap_or_default().to_owned(),
                    failed.error_message().unwrap_or_default().to_owned(),
                ));
            }
            findings = rest;
        }
    }
    Ok(published)
}

/// Runs [`security_hub`] on a runtime of its own, for callers that are not async.
///
/// # Errors
/// As [`security_hub`], or the runtime cannot start.
pub fn security_hub_blocking(
    options: &PublishOptions,
    findings: Vec<AwsSecurityFinding>,
) -> Result<Published, PublishError> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(CollectError::Runtime)?;
    runtime.block_on(security_hub(options, findings))
}
