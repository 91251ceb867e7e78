//! AWS Organizations facts, collected once per scan from the management or delegated
//! administrator account.

use foldhash::HashMap;

use serde::{Deserialize, Serialize};

use crate::aws_enum::aws_enum;
use crate::fact::facts;

facts! {
    /// The organization and its structure and policies.
    pub struct OrganizationFacts {
        /// `organizations:DescribeOrganization`.
        organization: Organization => ["organizations:DescribeOrganization", "organizations:ListRoots"],
        /// `organizations:ListAccounts` with each account's parent.
        accounts: Vec<OrgAccount> => ["organizations:ListAccounts", "organizations:ListAccountsForParent"],
        /// `organizations:ListOrganizationalUnitsForParent`, walked from the root.
        organizational_units: Vec<OrganizationalUnit> => ["organizations:ListRoots", "organizations:ListOrganizationalUnitsForParent"],
        /// Service control, resource control and tag policies with their content and targets
        /// (`organizations:ListPolicies`, `DescribePolicy`, `ListTargetsForPolicy`).
        policies: Vec<OrgPolicy> => ["organizations:ListPolicies", "organizations:DescribePolicy", "organizations:ListTargetsForPolicy"],
        /// `iam:ListOrganizationsFeatures`: e.g. `RootCredentialsManagement`, `RootSessions`.
        iam_features: Vec<String> => ["iam:ListOrganizationsFeatures"],
        /// `organizations:ListDelegatedAdministrators` and
        /// `organizations:ListDelegatedServicesForAccount` of each: which member accounts
        /// administer which AWS services for the organization.
        delegated_administrators: Vec<DelegatedAdministrator> => ["organizations:ListDelegatedAdministrators", "organizations:ListDelegatedServicesForAccount"],
    }
}

/// `organizations:DescribeOrganization`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// `o-…`.
    pub id: String,
    /// The management account's id.
    pub management_account_id: String,
    /// `ALL` or `CONSOLIDATED_BILLING`.
    pub feature_set: FeatureSet,
    /// The root's id (`r-…`).
    pub root_id: String,
}

/// A member account of the organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgAccount {
    /// Twelve digits.
    pub id: String,
    /// The account's name.
    pub name: String,
    /// `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`.
    pub status: AccountStatus,
    /// The root or OU that directly contains the account.
    pub parent_id: String,
}

/// An organizational unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationalUnit {
    /// `ou-…`.
    pub id: String,
    /// The OU's name.
    pub name: String,
    /// The root or OU that contains it.
    pub parent_id: String,
}

/// A member account registered as delegated administrator for AWS services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DelegatedAdministrator {
    /// Twelve digits.
    pub account_id: String,
    /// The account's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Service principals it administers (`access-analyzer.amazonaws.com`, `guardduty.amazonaws.com`, …).
    #[serde(default)]
    pub services: Vec<String>,
}

/// The kind of an organization policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PolicyKind {
    /// A service control policy.
    ServiceControlPolicy,
    /// A resource control policy.
    ResourceControlPolicy,
    /// A tag policy.
    TagPolicy,
    /// A backup policy.
    BackupPolicy,
}

/// An organization policy with its document and where it is attached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgPolicy {
    /// `p-…`.
    pub id: String,
    /// The policy's name.
    pub name: String,
    /// SCP, RCP, tag or backup policy.
    pub kind: PolicyKind,
    /// Managed by AWS (e.g. `FullAWSAccess`).
    pub aws_managed: bool,
    /// The policy document, parsed.
    pub content: serde_json::Value,
    /// Ids of the roots, OUs and accounts it is attached to.
    pub targets: Vec<String>,
}

impl OrganizationFacts {
    /// The chain of containers from an account up to the root: the account itself first, then
    /// its OUs, then the root. Empty when the structure is not known. To follow many accounts,
    /// index the structure once with [`OrganizationFacts::hierarchy`].
    #[must_use]
    pub fn ancestry(&self, account_id: &str) -> Vec<String> {
        self.hierarchy().ancestry(account_id)
    }

    /// The organization's structure indexed by id, built once for checks that follow every
    /// account of a large organization up to its root.
    #[must_use]
    pub fn hierarchy(&self) -> Hierarchy<'_> {
        let accounts = self.accounts.get().ok();
        // Sized at once: built for every batch of accounts, grown it was mostly rehashing.
        let mut by_id = HashMap::with_capacity_and_hasher(accounts.map_or(0, Vec::len), Default::default());
        for account in accounts.into_iter().flatten() {
            by_id.entry(account.id.as_str()).or_insert(account);
        }
        let parents = match (accounts, self.organizational_units.get()) {
            (Some(accounts), Ok(units)) => {
                let mut parents = HashMap::with_capacity_and_hasher(accounts.len() + units.len(), Default::default());
                parents.extend(accounts.iter().map(|a| (a.id.as_str(), a.parent_id.as_str())));
                parents.extend(units.iter().map(|u| (u.id.as_str(), u.parent_id.as_str())));
                Some(parents)
            }
            _ => None,
        };
        Hierarchy { parents, accounts: by_id }
    }
}

/// An organization's accounts and containers indexed by id ([`OrganizationFacts::hierarchy`]).
#[derive(Debug, Clone, Default)]
pub struct Hierarchy<'a> {
    /// Account or OU id → the id of the container it is in; `None` when the accounts or the OUs
    /// could not be read.
    parents: Option<HashMap<&'a str, &'a str>>,
    /// The organization's accounts by id (the first listed, should one repeat).
    accounts: HashMap<&'a str, &'a OrgAccount>,
}

impl<'a> Hierarchy<'a> {
    /// As [`OrganizationFacts::ancestry`].
    #[must_use]
    pub fn ancestry(&self, account_id: &str) -> Vec<String> {
        let Some(parents) = &self.parents else { return Vec::new() };
        let mut chain = vec![account_id.to_owned()];
        let mut current = account_id;
        while let Some(parent) = parents.get(current) {
            if chain.iter().any(|seen| seen == parent) {
                break; // a cycle would be a collector bug; never loop on it
            }
            chain.push((*parent).to_owned());
            current = parent;
        }
        chain
    }

    /// The organization's account with this id, when its accounts could be read.
    #[must_use]
    pub fn account(&self, account_id: &str) -> Option<&'a OrgAccount> {
        self.accounts.get(account_id).copied()
    }
}

aws_enum! {
    /// `Organization.FeatureSet`.
    pub enum FeatureSet {
        /// All features, SCPs included.
        All => "ALL",
        /// Consolidated billing only: no policies.
        ConsolidatedBilling => "CONSOLIDATED_BILLING",
    }
}

aws_enum! {
    /// A member account's `Status`.
    pub enum AccountStatus {
        /// In use.
        Active => "ACTIVE",
        /// Suspended by AWS or the organization.
        Suspended => "SUSPENDED",
        /// Being closed.
        PendingClosure => "PENDING_CLOSURE",
    }
}
