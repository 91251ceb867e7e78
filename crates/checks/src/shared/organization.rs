//! AWS Organizations: which attached policies reach an account, where they are attached, and how
//! to name policies and attachment points for people.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use maturity_evidence::{
    AccountEvidence, AccountStatus, Bundle, Hierarchy, Missing, OrgAccount, OrgPolicy, OrganizationFacts, PolicyKind,
};

/// The management account's id: from `DescribeOrganization`, or else from the scan's scope.
pub(crate) fn management_account_id<'a>(
    bundle: &'a Bundle,
    org: &'a OrganizationFacts,
) -> Result<&'a str, Missing<'a>> {
    match (org.organization.get(), &bundle.scope.management_account_id) {
        (Ok(organization), _) => Ok(organization.management_account_id.as_str()),
        (Err(_), Some(id)) => Ok(id.as_str()),
        (Err(missing), None) => Err(missing),
    }
}

/// The organization's policies and accounts, once its OUs are readable too (an attachment to an
/// OU cannot be followed without them), or which of them could not be read and why.
pub(crate) fn policies_and_accounts(org: &OrganizationFacts) -> Result<(&[OrgPolicy], &[OrgAccount]), String> {
    let policies = org.policies.get().map_err(|m| unreadable("the organization's policies", m))?;
    let accounts = org.accounts.get().map_err(|m| unreadable("the organization's accounts", m))?;
    org.organizational_units.get().map_err(|m| unreadable("the organization's OUs", m))?;
    Ok((policies, accounts))
}

/// "the organization's OUs could not be read (access denied to …)".
pub(crate) fn unreadable(what: &str, missing: Missing<'_>) -> String {
    format!("{what} could not be read ({missing})")
}

/// The policies among `policies` attached to the account, one of its OUs or the root, each with
/// the nearest point it is attached to (see [`describe_target`]), in the order given. `tree` is
/// `org`'s [`Hierarchy`], indexed once for every account.
pub(crate) fn attached_to<'a>(
    org: &OrganizationFacts,
    tree: &Hierarchy<'_>,
    policies: impl IntoIterator<Item = &'a OrgPolicy>,
    account_id: &str,
) -> Vec<(&'a OrgPolicy, String)> {
    let ancestry = tree.ancestry(account_id);
    policies.into_iter().filter_map(|policy| Some((policy, attachment(org, &ancestry, policy, account_id)?))).collect()
}

/// Where a policy reaches an account from (see [`describe_target`]): the nearest of the
/// account's `ancestry` (from [`OrganizationFacts::ancestry`]) it is attached to, if any.
pub(crate) fn attachment(
    org: &OrganizationFacts,
    ancestry: &[String],
    policy: &OrgPolicy,
    account_id: &str,
) -> Option<String> {
    let target = ancestry.iter().find(|id| policy.targets.contains(id))?;
    Some(describe_target(org, target, account_id))
}

/// Where a policy is attached, for people: `the account itself`, `the organization root`,
/// `OU Workloads (ou-ab12-cdef3456)`, or the bare id of a container not in the evidence.
pub(crate) fn describe_target(org: &OrganizationFacts, target: &str, account_id: &str) -> String {
    if target == account_id {
        return "the account itself".to_owned();
    }
    let root_id = org.organization.get().ok().map(|o| o.root_id.as_str());
    if Some(target) == root_id || target.starts_with("r-") {
        return "the organization root".to_owned();
    }
    let name = org
        .organizational_units
        .get()
        .ok()
        .and_then(|units| units.iter().find(|u| u.id == target))
        .map(|u| u.name.as_str());
    match name {
        Some(name) => format!("OU {name} ({target})"),
        None => target.to_owned(),
    }
}

/// `SCP region-guardrail (p-1234)`, `RCP …`, `tag policy …`, `backup policy …`.
pub(crate) fn policy_label(policy: &OrgPolicy) -> String {
    let kind = match policy.kind {
        PolicyKind::ServiceControlPolicy => "SCP",
        PolicyKind::ResourceControlPolicy => "RCP",
        PolicyKind::TagPolicy => "tag policy",
        PolicyKind::BackupPolicy => "backup policy",
    };
    format!("{kind} {} ({})", policy.name, policy.id)
}

/// An account an organization-level check judges from the organization's facts.
#[derive(Debug, Clone)]
pub(crate) struct Judged<'a> {
    /// The account's id.
    pub(crate) id: &'a str,
    /// The account's name for people: `name (id)`, or the id.
    pub(crate) label: String,
    /// What the scan collected in it; `None` for an account known only from the organization's
    /// facts or from the scan's scope.
    pub(crate) evidence: Option<&'a AccountEvidence>,
}

/// The accounts that organization-level checks (SCPs, tag policies, data perimeters, region
/// deny) judge from the organization's facts, in this order:
///
/// - every account of the bundle, whether the collector could enter it or not;
/// - every account of the scan's scope that the bundle holds no evidence for;
/// - when the scan covers the organization's management account (alone, with or without
///   `--org`), every other active account the organization lists: their guardrails are set and
///   read from the management account, so its scan speaks for them, and leaving them out would
///   judge the organization's guardrails on the one account they never restrict.
pub(crate) fn judged_accounts<'a>(bundle: &'a Bundle, org: &'a OrganizationFacts) -> Vec<Judged<'a>> {
    let members = org.accounts.get().ok();
    // Indexed only when an account the bundle lacks needs its name: a batch of a large
    // organization's accounts (how `maturity assess` runs) rarely does, and indexing every
    // member for every batch made the whole assessment quadratic.
    let by_id: OnceCell<HashMap<&str, &OrgAccount>> = OnceCell::new();
    let label = |id: &'a str| {
        let by_id = by_id.get_or_init(|| {
            let mut by_id = HashMap::new();
            for member in members.into_iter().flatten() {
                by_id.entry(member.id.as_str()).or_insert(member);
            }
            by_id
        });
        match by_id.get(id) {
            Some(member) => format!("{} ({id})", member.name),
            None => id.to_owned(),
        }
    };
    let mut judged: Vec<Judged<'a>> = bundle
        .accounts
        .iter()
        .map(|account| Judged { id: &account.account_id, label: account.label().to_string(), evidence: Some(account) })
        .collect();
    for id in super::accounts::missing_from_bundle(bundle) {
        judged.push(Judged { id, label: label(id), evidence: None });
    }
    let scanned: HashSet<&str> = judged.iter().map(|j| j.id).collect();
    let in_scan = |id: &str| scanned.contains(id);
    let management = management_account_id(bundle, org).ok();
    if let (Some(management), Some(members)) = (management, members)
        && in_scan(management)
    {
        let others: Vec<Judged<'a>> = members
            .iter()
            .filter(|member| member.status == AccountStatus::Active && !in_scan(&member.id))
            .map(|member| Judged { id: &member.id, label: label(&member.id), evidence: None })
            .collect();
        judged.extend(others);
    }
    judged
}
