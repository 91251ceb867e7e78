//! Identity facts beyond IAM users: the password policy, federation (SAML and OIDC providers),
//! and IAM Identity Center instances.

use serde::{Deserialize, Serialize};

use crate::aws_enum::aws_enum;

/// `iam:GetAccountPasswordPolicy`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordPolicy {
    /// `MinimumPasswordLength`.
    pub minimum_length: u32,
    /// `RequireSymbols`.
    pub require_symbols: bool,
    /// `RequireNumbers`.
    pub require_numbers: bool,
    /// `RequireUppercaseCharacters`.
    pub require_uppercase: bool,
    /// `RequireLowercaseCharacters`.
    pub require_lowercase: bool,
    /// `MaxPasswordAge` in days, when passwords expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age_days: Option<u32>,
    /// `PasswordReusePrevention`: how many previous passwords cannot be reused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reuse_prevention: Option<u32>,
}

/// The kind of an IAM identity provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityProviderKind {
    /// `iam:ListSAMLProviders`.
    Saml,
    /// `iam:ListOpenIDConnectProviders`.
    Oidc,
}

/// An IAM identity provider: federation into the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityProvider {
    /// The provider's ARN.
    pub arn: String,
    /// SAML or OIDC.
    pub kind: IdentityProviderKind,
}

/// An IAM Identity Center instance (`sso:ListInstances`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsoInstance {
    /// The instance's ARN.
    pub instance_arn: String,
    /// Its identity store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_store_id: Option<String>,
    /// The account that owns it (the management account for an organization instance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_account_id: Option<String>,
    /// `ACTIVE`, `CREATE_IN_PROGRESS`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SsoInstanceStatus>,
}

/// The account's security contact (`account:GetAlternateContact` with type `SECURITY`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlternateContact {
    /// The contact's name.
    pub name: String,
    /// The contact's email address.
    pub email: String,
    /// The contact's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

aws_enum! {
    /// An IAM Identity Center instance's `Status`.
    pub enum SsoInstanceStatus {
        /// In use.
        Active => "ACTIVE",
        /// Being created.
        CreateInProgress => "CREATE_IN_PROGRESS",
        /// Being deleted.
        DeleteInProgress => "DELETE_IN_PROGRESS",
    }
}
