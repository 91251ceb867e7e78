//! Access governance facts: IAM Access Analyzer analyzers, attached customer-managed IAM
//! policies, IAM roles with their trust policies and Amazon Cognito user pools (customer identities).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::aws_enum::aws_enum;

/// An IAM Access Analyzer analyzer in one region (`access-analyzer:ListAnalyzers`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessAnalyzer {
    /// The analyzer's name.
    pub name: String,
    /// The analyzer's ARN.
    pub arn: String,
    /// `type`: `ACCOUNT` or `ORGANIZATION` (external access), `ACCOUNT_UNUSED_ACCESS` or
    /// `ORGANIZATION_UNUSED_ACCESS` (unused access), `ACCOUNT_INTERNAL_ACCESS`, …
    pub analyzer_type: AnalyzerType,
    /// `ACTIVE`, `CREATING`, `DISABLED` or `FAILED`.
    pub status: AnalyzerStatus,
}

impl AccessAnalyzer {
    /// Whether the analyzer is working.
    #[must_use]
    pub fn is_active(&self) -> bool {
        self.status == AnalyzerStatus::Active
    }

    /// Whether it looks for external access (`ACCOUNT` or `ORGANIZATION`).
    #[must_use]
    pub fn is_external_access(&self) -> bool {
        matches!(self.analyzer_type, AnalyzerType::Account | AnalyzerType::Organization)
    }

    /// Whether it looks for unused access (`ACCOUNT_UNUSED_ACCESS` or `ORGANIZATION_UNUSED_ACCESS`).
    #[must_use]
    pub fn is_unused_access(&self) -> bool {
        matches!(self.analyzer_type, AnalyzerType::AccountUnusedAccess | AnalyzerType::OrganizationUnusedAccess)
    }

    /// Whether its zone of trust is the whole organization (`ORGANIZATION…` types).
    #[must_use]
    pub fn is_organization_wide(&self) -> bool {
        matches!(
            self.analyzer_type,
            AnalyzerType::Organization
                | AnalyzerType::OrganizationUnusedAccess
                | AnalyzerType::OrganizationInternalAccess
        )
    }
}

/// A customer-managed IAM policy attached to at least one user, group or role
/// (`iam:ListPolicies` with `Scope=Local`, `OnlyAttached=true`), with its default version's
/// document (`iam:GetPolicyVersion`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerManagedPolicy {
    /// The policy's name.
    pub name: String,
    /// The policy's ARN.
    pub arn: String,
    /// `AttachmentCount`: how many users, groups and roles it is attached to.
    pub attachment_count: u32,
    /// The default version's id (`v3`).
    pub default_version_id: String,
    /// The default version's policy document, URL-decoded and parsed.
    pub document: serde_json::Value,
}

/// An IAM role (`iam:ListRoles`), with its trust policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IamRole {
    /// `RoleName`.
    pub name: String,
    /// `Arn`.
    pub arn: String,
    /// `Path`: `/aws-service-role/…` for service-linked roles.
    pub path: String,
    /// `AssumeRolePolicyDocument`: the trust policy, URL-decoded and parsed.
    pub trust_policy: serde_json::Value,
    /// `CreateDate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
}

impl IamRole {
    /// Whether it is a service-linked role (path `/aws-service-role/`), whose trust policy AWS
    /// writes and the account cannot change.
    #[must_use]
    pub fn is_service_linked(&self) -> bool {
        self.path.starts_with("/aws-service-role/")
    }
}

/// An IAM user, group or role with the policies that give it permissions
/// (`iam:GetAccountAuthorizationDetails`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IamPrincipal {
    /// `user`, `group` or `role`.
    pub kind: String,
    /// The user's, group's or role's name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// Its path: `/aws-reserved/sso.amazonaws.com/…` for the roles IAM Identity Center makes
    /// from permission sets, `/aws-service-role/…` for service-linked roles.
    pub path: String,
    /// The ARNs of the managed policies attached to it, AWS-managed
    /// (`arn:aws:iam::aws:policy/AdministratorAccess`) and customer-managed.
    #[serde(default)]
    pub attached_policies: Vec<String>,
    /// Its inline policies.
    #[serde(default)]
    pub inline_policies: Vec<InlinePolicy>,
    /// For a user, the groups it belongs to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
}

impl IamPrincipal {
    /// Whether the AWS-managed `AdministratorAccess` policy is attached to it.
    #[must_use]
    pub fn has_administrator_access(&self) -> bool {
        self.attached_policies.iter().any(|arn| arn.ends_with(":iam::aws:policy/AdministratorAccess"))
    }

    /// Whether it is a role IAM Identity Center made from a permission set: reached only through
    /// Identity Center, whose assignments decide who gets it.
    #[must_use]
    pub fn is_identity_center_role(&self) -> bool {
        self.kind == "role" && self.path.starts_with("/aws-reserved/sso.amazonaws.com/")
    }
}

/// An inline policy of a user, group or role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InlinePolicy {
    /// The policy's name.
    pub name: String,
    /// The policy document, URL-decoded and parsed.
    pub document: serde_json::Value,
}

/// An Amazon Cognito user pool (`cognito-idp:ListUserPools`, `cognito-idp:DescribeUserPool`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CognitoUserPool {
    /// The pool's id (`eu-west-1_AbC123`).
    pub id: String,
    /// The pool's name.
    pub name: String,
    /// `MfaConfiguration`: `OFF`, `ON` (required) or `OPTIONAL`.
    pub mfa_configuration: UserPoolMfa,
    /// `UserPoolAddOns.AdvancedSecurityMode` (threat protection): `OFF`, `AUDIT` or `ENFORCED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advanced_security_mode: Option<AdvancedSecurityMode>,
    /// `UserPoolTier` (feature plan): `LITE`, `ESSENTIALS` or `PLUS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature_plan: Option<String>,
}

impl CognitoUserPool {
    /// Whether users can (`OPTIONAL`) or must (`ON`) use a second factor.
    #[must_use]
    pub fn mfa_available(&self) -> bool {
        matches!(self.mfa_configuration, UserPoolMfa::On | UserPoolMfa::Optional)
    }
}

aws_enum! {
    /// A Cognito user pool's `MfaConfiguration`.
    pub enum UserPoolMfa {
        /// No MFA.
        Off => "OFF",
        /// Every user must use MFA.
        On => "ON",
        /// Users may set up MFA.
        Optional => "OPTIONAL",
    }
}

aws_enum! {
    /// A Cognito user pool's `UserPoolAddOns.AdvancedSecurityMode` (threat protection).
    pub enum AdvancedSecurityMode {
        /// Off.
        Off => "OFF",
        /// Risks are logged, not acted on.
        Audit => "AUDIT",
        /// Risky sign-ins are blocked or challenged.
        Enforced => "ENFORCED",
    }
}

aws_enum! {
    /// An IAM Access Analyzer analyzer's `type`.
    pub enum AnalyzerType {
        /// External access, zone of trust the account.
        Account => "ACCOUNT",
        /// External access, zone of trust the organization.
        Organization => "ORGANIZATION",
        /// Unused access in the account.
        AccountUnusedAccess => "ACCOUNT_UNUSED_ACCESS",
        /// Unused access in the organization.
        OrganizationUnusedAccess => "ORGANIZATION_UNUSED_ACCESS",
        /// Internal access in the account.
        AccountInternalAccess => "ACCOUNT_INTERNAL_ACCESS",
        /// Internal access in the organization.
        OrganizationInternalAccess => "ORGANIZATION_INTERNAL_ACCESS",
    }
}

aws_enum! {
    /// An IAM Access Analyzer analyzer's `status`.
    pub enum AnalyzerStatus {
        /// Analyzing.
        Active => "ACTIVE",
        /// Being created.
        Creating => "CREATING",
        /// Turned off (e.g. the organization stopped trusting it).
        Disabled => "DISABLED",
        /// Could not be created.
        Failed => "FAILED",
    }
}
