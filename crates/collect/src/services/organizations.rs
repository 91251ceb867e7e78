//! AWS Organizations, once per scan: the organization, its accounts with their parents, its OUs,
//! its service control, resource control and tag policies with content and targets, its delegated
//! administrators, and the IAM features enabled for it.

use std::collections::{BTreeMap, VecDeque};

use aws_sdk_organizations::types::PolicyType;
use maturity_evidence::{
    DelegatedAdministrator, Fact, OrgAccount, OrgPolicy, Organization, OrganizationFacts, OrganizationalUnit,
    PolicyKind,
};

use super::{iam, paging};
use crate::calls::declare_calls;
use crate::classify::{OrProblem, Problem, classify, fact, has_code};
use crate::config::Clients;

declare_calls! {
    DESCRIBE_ORGANIZATION: "organizations:DescribeOrganization";
    LIST_ROOTS: "organizations:ListRoots";
    LIST_ACCOUNTS: "organizations:ListAccounts";
    LIST_ORGANIZATIONAL_UNITS_FOR_PARENT: "organizations:ListOrganizationalUnitsForParent";
    LIST_ACCOUNTS_FOR_PARENT: "organizations:ListAccountsForParent";
    LIST_POLICIES: "organizations:ListPolicies";
    DESCRIBE_POLICY: "organizations:DescribePolicy";
    LIST_TARGETS_FOR_POLICY: "organizations:ListTargetsForPolicy";
    LIST_DELEGATED_ADMINISTRATORS: "organizations:ListDelegatedAdministrators";
    LIST_DELEGATED_SERVICES_FOR_ACCOUNT: "organizations:ListDelegatedServicesForAccount";
}

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
        Err(error) => return Err(classify(DESCRIBE_ORGANIZATION, &error)),
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

/// How much of the organization a scan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Depth {
    /// Everything: the organization, its OU tree, accounts, policies, delegated administrators
    /// and IAM features.
    Whole,
    /// The organization and its account list only: what a shard other than the first needs to
    /// know its accounts, since only the first keeps the organization's facts. The accounts'
    /// parents are not read (left empty): nothing of this is written to the shard's bundle.
    AccountsOnly,
}

/// Everything the organization tells about itself, as far as the caller may read it (`depth`
/// [`Depth::Whole`]), or only who it is and its accounts.
pub(crate) async fn facts(clients: &Clients, region: &str, depth: Depth) -> OrganizationFacts {
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
    if depth == Depth::AccountsOnly {
        let (id, management_account_id, feature_set) = described;
        let root_id = String::new();
        facts.organization =
            Fact::Ok(Organization { id, management_account_id, feature_set: feature_set.into(), root_id });
        facts.accounts = fact(accounts(&client, None).await);
        return facts;
    }
    let root = root_id(&client).await;
    facts.organization = fact(root.clone().map(|root_id| {
        let (id, management_account_id, feature_set) = described;
        Organization { id, management_account_id, feature_set: feature_set.into(), root_id }
    }));
    match root {
        Ok(root_id) => {
            let tree = walk(&client, &root_id).await;
            facts.organizational_units = fact(tree.clone().map(|t| t.units));
            facts.accounts = fact(match tree {
                Ok(tree) => accounts(&client, Some(&tree.parents)).await,
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
    let pages = client.list_roots().into_paginator().send();
    let ids =
        paging::all(LIST_ROOTS, pages, |page| page.roots().iter().filter_map(|r| r.id()).map(str::to_owned).collect())
            .await?;
    ids.into_iter().next().ok_or_else(|| Problem::Failed(format!("{} returned no root", LIST_ROOTS.action)))
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
        let pages = client.list_organizational_units_for_parent().parent_id(&parent).into_paginator().send();
        let units = paging::all(LIST_ORGANIZATIONAL_UNITS_FOR_PARENT, pages, |page| {
            page.organizational_units()
                .iter()
                .filter_map(|unit| {
                    Some(OrganizationalUnit {
                        id: unit.id()?.to_owned(),
                        name: unit.name().unwrap_or_default().to_owned(),
                        parent_id: parent.clone(),
                    })
                })
                .collect()
        })
        .await?;
        queue.extend(units.iter().map(|unit| unit.id.clone()));
        tree.units.extend(units);
        let pages = client.list_accounts_for_parent().parent_id(&parent).into_paginator().send();
        let accounts = paging::all(LIST_ACCOUNTS_FOR_PARENT, pages, |page| {
            page.accounts().iter().filter_map(|account| account.id()).map(str::to_owned).collect()
        })
        .await?;
        tree.parents.extend(accounts.into_iter().map(|id| (id, parent.clone())));
    }
    Ok(tree)
}

/// `organizations:ListAccounts`, each account with its parent from the tree (empty without one).
async fn accounts(
    client: &aws_sdk_organizations::Client,
    parents: Option<&BTreeMap<String, String>>,
) -> Result<Vec<OrgAccount>, Problem> {
    let pages = client.list_accounts().into_paginator().send();
    let accounts = paging::try_all(LIST_ACCOUNTS, pages, |page| {
        let mut accounts = Vec::new();
        for account in page.accounts() {
            let Some(id) = account.id() else { continue };
            let parent_id = match parents.map(|parents| parents.get(id)) {
                Some(Some(parent_id)) => parent_id.clone(),
                Some(None) => {
                    return Err(Problem::Failed(format!("account {id} was listed but is under no root or OU")));
                }
                None => String::new(),
            };
            accounts.push(OrgAccount {
                id: id.to_owned(),
                name: account.name().unwrap_or_default().to_owned(),
                status: account.status().map_or("UNKNOWN", |s| s.as_str()).into(),
                parent_id,
            });
        }
        Ok(accounts)
    })
    .await?;
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
        let pages = client.list_policies().filter(policy_type).into_paginator().send();
        let summaries = paging::all_unless(LIST_POLICIES, pages, TYPE_NOT_ENABLED, |page| page.policies().to_vec())
            .await?
            .unwrap_or_default();
        for summary in summaries {
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
    Ok(policies)
}

async fn content(client: &aws_sdk_organizations::Client, id: &str) -> Result<serde_json::Value, Problem> {
    let out = client.describe_policy().policy_id(id).send().await.or_problem(DESCRIBE_POLICY)?;
    let text = out.policy().and_then(|p| p.content()).unwrap_or_default();
    serde_json::from_str(text).map_err(|e| Problem::Failed(format!("policy {id} is not valid JSON: {e}")))
}

async fn targets(client: &aws_sdk_organizations::Client, id: &str) -> Result<Vec<String>, Problem> {
    let pages = client.list_targets_for_policy().policy_id(id).into_paginator().send();
    let targets = paging::all(LIST_TARGETS_FOR_POLICY, pages, |page| {
        page.targets().iter().filter_map(|t| t.target_id()).map(str::to_owned).collect()
    })
    .await?;
    Ok(targets)
}

/// `organizations:ListDelegatedAdministrators`, then `organizations:ListDelegatedServicesForAccount`
/// for each delegated administrator.
async fn delegated_administrators(
    client: &aws_sdk_organizations::Client,
) -> Result<Vec<DelegatedAdministrator>, Problem> {
    let pages = client.list_delegated_administrators().into_paginator().send();
    let mut admins = paging::all(LIST_DELEGATED_ADMINISTRATORS, pages, |page| {
        page.delegated_administrators()
            .iter()
            .filter_map(|a| {
                Some(DelegatedAdministrator {
                    account_id: a.id()?.to_owned(),
                    name: a.name().map(str::to_owned),
                    services: Vec::new(),
                })
            })
            .collect()
    })
    .await?;
    for admin in &mut admins {
        let pages = client.list_delegated_services_for_account().account_id(&admin.account_id).into_paginator().send();
        admin.services = paging::all(LIST_DELEGATED_SERVICES_FOR_ACCOUNT, pages, |page| {
            page.delegated_services().iter().filter_map(|s| s.service_principal()).map(str::to_owned).collect()
        })
        .await?;
        admin.services.sort();
    }
    Ok(admins)
}
