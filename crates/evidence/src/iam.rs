//! IAM facts: the account summary and the credential report.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The parts of `iam:GetAccountSummary` the checks read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSummary {
    /// `AccountMFAEnabled`: the root user has an MFA device.
    pub root_mfa_enabled: bool,
    /// `AccountAccessKeysPresent`: the root user has access keys.
    pub root_access_keys_present: bool,
    /// `Users`: number of IAM users.
    #[serde(default)]
    pub users: u32,
    /// `Roles`: number of IAM roles.
    #[serde(default)]
    pub roles: u32,
}

/// `iam:GetCredentialReport`, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialReport {
    /// When IAM generated the report.
    pub generated_at: DateTime<Utc>,
    /// The `<root_account>` row, when the report has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<CredentialUser>,
    /// One row per IAM user.
    #[serde(default)]
    pub users: Vec<CredentialUser>,
}

/// One row of the credential report. Values the report gives as `N/A`, `no_information` or
/// `not_supported` are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialUser {
    /// The user name (`<root_account>` for root).
    pub user: String,
    /// The user's ARN.
    pub arn: String,
    /// The user can sign in to the console with a password.
    pub password_enabled: bool,
    /// Last console sign-in with the password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_last_used: Option<DateTime<Utc>>,
    /// The user has an MFA device.
    pub mfa_active: bool,
    /// Access keys 1 and 2, when they exist (active or not).
    #[serde(default)]
    pub access_keys: Vec<AccessKey>,
}

/// An access key as the credential report describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessKey {
    /// The key is active.
    pub active: bool,
    /// When the key was created or last rotated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_rotated: Option<DateTime<Utc>>,
    /// When the key was last used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used: Option<DateTime<Utc>>,
}
