//! AWS Organizations, once per scan: the organization, its accounts with their parents, its OUs,
//! its service control, resource control and tag policies with content and targets, its delegated
//! administrators, and the IAM features enabled for it.

use std::collections::{BTreeMap, VecDeque};

use aws_sdk_organizations::types::PolicyType;
use maturity_evidence::{
    DelegatedAdministrator, Fact, OrgAccount, OrgPolicy, Organization, OrganizationFacts, OrganizationalUnit,
    PolicyKind,
};

use super::{Call, iam};
use crate::classify::{OrProblem, Problem, classify, fact, has_code};
use crate::config::Clients;

pub(crate) const CALLS: &[Call] = &[
    Call::same("organizations:DescribeOrganization"),
    Call::same("organizations:ListRoots"),
    Call::same("organizations:ListAccounts"),
    Call::same("organizations:ListOrganizationalUnitsForParent"),
    Call::same("organizations:ListAccountsForParent"),
    Call::same("organizations:ListPolicies"),
    Call::same("organizations:DescribePolicy"),
    Call::same("organizations:ListTargetsForPolicy"),
    Call::same("organizations:ListDelegatedAdministrators"),
    Call::same("organizations:ListDelegatedServicesForAccount"),
];

/// The account is not in an organization: a value.
const NOT_IN_ORGANIZATION: &[&str] = &["AWSOrganizationsNotInUseException"];
/// The policy type is not enabled for the organization: it has no such policies.
const TYPE_NOT_ENABLED: &[&str] = &["PolicyTypeNotEnabledException"];

/// `organizations:DescribeOrganization`: the organization's id, management account and feature
/// set, or `None` when the account is not in one.
async fn describe(client: &aws_sdk_organizations::Client) -> Result<Option<(String, String, String)>, Problem> {
    let out = match client.describe_organization().send().await {
        Ok(out) => out,
        Err(error) if has_code(&error, NOT_IN_ORGANIZATION) => return Ok(None),
        Err(error) => return Err(classify("organizations:DescribeOrganization", &error)),
    };
    let Some(org) = out.organization() else {
        return Err(Problem::Failed("organizations:DescribeOrganization returned no organization".to_owned()));
    };
    Ok(Some((
        org.id().unwrap_or_default().to_owned(),
        org.master_account_id().unwrap_or_default().to_owned(),
        org.feature_set().map_or("UNKNOWN", |f| f.as_str()).to_owned(),
    )))
}

/// Everything the organization tells about itself, as far as the caller may read it.
pub(crate) async fn facts(clients: &Clients, region: &str) -> OrganizationFacts {
    let client = clients.organizations(region);
    let mut facts = OrganizationFacts::default();
    let described = match describe(&client).await {
        Ok(Some(described)) => described,
        Ok(None) => {
            facts.organization = Fact::unavailable("the account is not in an organization");
            return facts;
        }
        Err(problem) => {
            facts.organization = problem.into_fact();
            return facts;
        }
    };
    let root = root_id(&client).await;
    facts.organization = fact(root.clone().map(|root_id| {
        let (id, management_account_id, feature_set) = described;
        Organization { id, management_account_id, feature_set, root_id }
    }));
    match root {
        Ok(root_id) => {
            let tree = walk(&client, &root_id).await;
            facts.organizational_units = fact(tree.clone().map(|t| t.units));
            facts.accounts = fact(match tree {
                Ok(tree) => accounts(&client, &tree.parents).await,
                Err(problem) => Err(problem),
            });
        }
        Err(problem) => {
            facts.organizational_units = problem.clone().into_fact();
            facts.accounts = problem.into_fact();
        }
    }
    facts.policies = fact(policies(&client).await);
    facts.delegated_administrators = fact(delegated_administrators(&client).await);
    facts.iam_features = iam::organizations_features(clients, region).await;
    facts
}

async fn root_id(client: &aws_sdk_organizations::Client) -> Result<String, Problem> {
    let mut pages = client.list_roots().into_paginator().send();
    while let Some(page) = pages.next().await {
        if let Some(id) = page.or_problem("organizations:ListRoots")?.roots().iter().find_map(|r| r.id()) {
            return Ok(id.to_owned());
        }
    }
    Err(Problem::Failed("organizations:ListRoots returned no root".to_owned()))
}

/// The OU tree, walked breadth-first from the root.
#[derive(Debug, Clone)]
struct Tree {
    units: Vec<OrganizationalUnit>,
    /// Account id → the root or OU that contains it.
    parents: BTreeMap<String, String>,
}

async fn walk(client: &aws_sdk_organizations::Client, root_id: &str) -> Result<Tree, Problem> {
    let mut tree = Tree { units: Vec::new(), parents: BTreeMap::new() };
    let mut queue = VecDeque::from([root_id.to_owned()]);
    while let Some(parent) = queue.pop_front() {
        let mut pages = client.list_organizational_units_for_parent().parent_id(&parent).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.or_problem("organizations:ListOrganizationalUnitsForParent")?;
            for unit in page.organizational_units() {
                let Some(id) = unit.id() else { continue };
                queue.push_back(id.to_owned());
                tree.units.push(OrganizationalUnit {
                    id: id.to_owned(),
                    name: unit.name().unwrap_or_default().to_owned(),
                    parent_id: parent.clone(),
                });
            }
        }
        let mut pages = client.list_accounts_for_parent().parent_id(&parent).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.or_problem("organizations:ListAccountsForParent")?;
            for account in page.accounts() {
                if let Some(id) = account.id() {
                    tree.parents.insert(id.to_owned(), parent.clone());
                }
            }
        }
    }
    Ok(tree)
}

/// `organizations:ListAccounts`, each account with its parent from the tree.
async fn accounts(
    client: &aws_sdk_organizations::Client,
    parents: &BTreeMap<String, String>,
) -> Result<Vec<OrgAccount>, Problem> {
    let mut accounts = Vec::new();
    let mut pages = client.list_accounts().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.or_problem("organizations:ListAccounts")?;
        for account in page.accounts() {
            let Some(id) = account.id() else { continue };
            let Some(parent_id) = parents.get(id) else {
                return Err(Problem::Failed(format!("account {id} was listed but is under no root or OU")));
            };
            accounts.push(OrgAccount {
                id: id.to_owned(),
                name: account.name().unwrap_or_default().to_owned(),
                status: account.status().map_or("UNKNOWN", |s| s.as_str()).to_owned(),
                parent_id: parent_id.clone(),
            });
        }
    }
    Ok(accounts)
}

/// Service control, resource control and tag policies, each with its document and targets.
async fn policies(client: &aws_sdk_organizations::Client) -> Result<Vec<OrgPolicy>, Problem> {
    let mut policies = Vec::new();
    for (policy_type, kind) in [
        (PolicyType::ServiceControlPolicy, PolicyKind::ServiceControlPolicy),
        (PolicyType::ResourceControlPolicy, PolicyKind::ResourceControlPolicy),
        (PolicyType::TagPolicy, PolicyKind::TagPolicy),
    ] {
        let mut pages = client.list_policies().filter(policy_type).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = match page {
                Ok(page) => page,
                Err(error) if has_code(&error, TYPE_NOT_ENABLED) => break,
                Err(error) => return Err(classify("organizations:ListPolicies", &error)),
            };
            for summary in page.policies() {
                let Some(id) = summary.id() else { continue };
                policies.push(OrgPolicy {
                    id: id.to_owned(),
                    name: summary.name().unwrap_or_default().to_owned(),
                    kind,
                    aws_managed: summary.aws_managed(),
                    content: content(client, id).await?,
                    targets: targets(client, id).await?,
                });
            }
        }
    }
    Ok(policies)
}

async fn content(client: &aws_sdk_organizations::Client, id: &str) -> Result<serde_json::Value, Problem> {
    let out = client.describe_policy().policy_id(id).send().await.or_problem("organizations:DescribePolicy")?;
    let text = out.policy().and_then(|p| p.content()).unwrap_or_default();
    serde_json::from_str(text).map_err(|e| Problem::Failed(format!("policy {id} is not valid JSON: {e}")))
}

async fn targets(client: &aws_sdk_organizations::Client, id: &str) -> Result<Vec<String>, Problem> {
    let mut targets = Vec::new();
    let mut pages = client.list_targets_for_policy().policy_id(id).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.or_problem("organizations:ListTargetsForPolicy")?;
        targets.extend(page.targets().iter().filter_map(|t| t.target_id()).map(str::to_owned));
    }
    Ok(targets)
}

/// `organizations:ListDelegatedAdministrators`, then `organizations:ListDelegatedServicesForAccount`
/// for each delegated administrator.
async fn delegated_administrators(
    client: &aws_sdk_organizations::Client,
) -> Result<Vec<DelegatedAdministrator>, Problem> {
    let mut admins = Vec::new();
    let mut pages = client.list_delegated_administrators().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.or_problem("organizations:ListDelegatedAdministrators")?;
        admins.extend(page.delegated_administrators().iter().filter_map(|a| {
            Some(DelegatedAdministrator {
                account_id: a.id()?.to_owned(),
                name: a.name().map(str::to_owned),
                services: Vec::new(),
            })
        }));
    }
    for admin in &mut admins {
        let mut pages =
            client.list_delegated_services_for_account().account_id(&admin.account_id).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.or_problem("organizations:ListDelegatedServicesForAccount")?;
            admin
                .services
                .extend(page.delegated_services().iter().filter_map(|s| s.service_principal()).map(str::to_owned));
        }
        admin.services.sort();
    }
    Ok(admins)
}
