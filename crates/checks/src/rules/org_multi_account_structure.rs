//! An AWS Organization shaped as a multi-account landing zone, for the organization as a whole.

use maturity_evidence::{
    AccountEvidence, AccountStatus, Arn, Bundle, ConfigAggregator, DelegatedAdministrator, FeatureSet,
    OrganizationFacts, Trail,
};

use crate::across::{Summarize, summarized_check};
use crate::shared::organization;
use crate::shared::prose::and_list;
use crate::{FindingStatus, Findings, Location, declare_check};

/// The fewest active accounts a multi-account structure has: management, security and log
/// archive.
const MIN_ACTIVE_ACCOUNTS: usize = 3;

declare_check! {
    /// ## What it checks
    /// The organization as a whole, from AWS Organizations (`DescribeOrganization`,
    /// `ListAccounts`, the OU tree, `ListDelegatedAdministrators`) and what the scanned accounts
    /// show. One finding per element of a multi-account structure, each pass, fail or
    /// inconclusive, so that an organization with only some of the structure is partly there:
    ///
    /// 1. **All features**: the feature set is `ALL`, not only consolidated billing.
    /// 2. **OUs**: at least one organizational unit below the root.
    /// 3. **Accounts**: at least 3 `ACTIVE` accounts (management, security, log archive).
    /// 4. **Security delegated to a member account**: a member account (not the management
    ///    account) is the delegated administrator of at least one security service: GuardDuty,
    ///    Security Hub, AWS Config, IAM Access Analyzer, Inspector, Macie, Detective, Security
    ///    Lake, Firewall Manager, Audit Manager or CloudTrail.
    /// 5. **Logs archived in another account**: an organization trail (`IsOrganizationTrail`,
    ///    seen in any scanned account) delivers to an S3 bucket that a scanned account other than
    ///    the trail's own holds (the bucket is in that account's bucket list). A trail writing to
    ///    its own account's bucket fails, and so does one writing to a bucket no account of the
    ///    organization holds once every active account's buckets were read; inconclusive when the
    ///    bucket may be in an account that was not scanned or whose buckets could not be listed.
    /// 6. **Organization-wide Config aggregator**: some scanned account has an AWS Config
    ///    aggregator with an organization aggregation source (any region).
    ///
    /// Account names are not evidence: an account named "Security" or "Log Archive" decides
    /// nothing; names only appear in messages to help people recognise the accounts. Each
    /// element is inconclusive when what it needs could not be read (the organization's facts,
    /// or, for 5 and 6, the trails, buckets or aggregators of the accounts scanned). When the
    /// bundle has accounts but no organization facts, one inconclusive finding: a scan of
    /// accounts without the organization cannot tell whether they belong to one. Not applicable
    /// for a bundle with neither accounts nor organization facts.
    ///
    /// ## Why it matters
    /// An account is the strongest isolation boundary AWS offers. With one account, or a flat
    /// list without OUs, an incident in one workload reaches every other, the people who run
    /// workloads can erase the logs that would reveal them, and no SCP guardrail can be applied
    /// to groups of accounts. Security tooling administered from a dedicated account, logs
    /// delivered to an account workload administrators cannot touch, and one aggregated view of
    /// the configuration keep detection and evidence out of their reach.
    ///
    /// ## How to fix
    /// Set up a landing zone with AWS Control Tower (or Landing Zone Accelerator): it enables all
    /// features, creates the Security and Sandbox OUs and the Log Archive and Audit accounts, and
    /// sends CloudTrail and Config logs to the log archive. Register the audit (security tooling)
    /// account as delegated administrator of GuardDuty, Security Hub, Config and the other
    /// security services, create an organization-wide Config aggregator there, and make the
    /// organization trail deliver to a bucket in the log archive account. Then move workloads
    /// into accounts per environment under workload OUs and keep the management account free of
    /// workloads.
    pub(crate) struct OrgMultiAccountStructure {
        id: "org-multi-account-structure",
        title: "The organization has all features, OUs, and security and log archive functions in their own accounts",
        scope: Organization,
        reads: ["organization.organization", "organization.accounts", "organization.organizational_units", "organization.delegated_administrators", "account.s3_buckets", "account.cloudtrail_trails", "region.config_aggregators"],
        across_accounts: "it judges the organization's structure from the facts of every account",
    }
}

summarized_check!(OrgMultiAccountStructure);

/// What the structure's elements read of one account.
pub(crate) struct Scanned {
    id: Box<str>,
    label: String,
    /// Whether the evidence names the account.
    named: bool,
    /// Why the account could not be entered.
    problem: Option<String>,
    /// Its organization trails, or why its trails could not be read.
    trails: Result<Vec<Trail>, String>,
    /// Its buckets' names, or why they could not be listed.
    buckets: Result<Vec<Box<str>>, String>,
    /// Each scanned region's Config aggregators, or why they could not be read.
    aggregators: Vec<(Box<str>, Aggregators)>,
}

/// A region's Config aggregators, or why they could not be read.
type Aggregators = Result<Vec<ConfigAggregator>, String>;

impl Scanned {
    fn of(account: &AccountEvidence) -> Self {
        let trails = account.global.cloudtrail_trails.get().map_err(|m| m.to_string());
        Self {
            id: account.account_id.as_str().into(),
            label: account.label().to_string(),
            named: account.name.is_some(),
            problem: account.access_problem(),
            trails: trails.map(|list| list.iter().filter(|t| t.is_organization_trail).cloned().collect()),
            buckets: account
                .global
                .s3_buckets
                .get()
                .map(|buckets| buckets.iter().map(|b| Box::from(b.name.as_str())).collect())
                .map_err(|m| m.to_string()),
            aggregators: account
                .regions
                .iter()
                .map(|(region, facts)| {
                    (Box::from(region.as_str()), facts.config_aggregators.get().cloned().map_err(|m| m.to_string()))
                })
                .collect(),
        }
    }
}

impl Summarize for OrgMultiAccountStructure {
    type Summary = Scanned;
    /// The check's findings: all of them are about the organization as a whole.
    type Context = Vec<(FindingStatus, String)>;

    fn summarize(&self, _head: &Bundle, account: &AccountEvidence) -> Scanned {
        Scanned::of(account)
    }

    fn context(&self, head: &Bundle, accounts: Vec<Scanned>) -> Self::Context {
        let Some(org) = &head.organization else {
            if accounts.is_empty() {
                return Vec::new(); // nothing was scanned: not applicable
            }
            return vec![(
                FindingStatus::Inconclusive,
                "Cannot tell whether the accounts form a multi-account organization: this scan did not read AWS Organizations (a single-account scan, or the organization could not be listed).".to_owned(),
            )];
        };
        let name = match (org.organization.get(), &head.scope.organization_id) {
            (Ok(o), _) => format!("Organization {}", o.id),
            (Err(_), Some(id)) => format!("Organization {id}"),
            (Err(_), None) => "The organization".to_owned(),
        };
        let management = organization::management_account_id(head, org).ok();
        let elements = [
            feature_set(org),
            organizational_units(org),
            active_accounts(org),
            delegated_security(&accounts, org, management),
            log_archive(&accounts, org),
            config_aggregator(&accounts, org),
        ];
        elements
            .into_iter()
            .map(|element| match element {
                Element::Holds(text) => (FindingStatus::Pass, format!("{name} {text}.")),
                Element::Lacks(text) => (FindingStatus::Fail, format!("{name} {text}.")),
                Element::Unknown(text) => {
                    (FindingStatus::Inconclusive, format!("Cannot tell whether {} {text}.", lowercase_article(&name)))
                }
            })
            .collect()
    }

    fn judge(&self, findings: &Self::Context, _bundle: &Bundle, out: &mut Findings) {
        for (status, text) in findings {
            out.add(*status, Location::organization(), text.clone());
        }
    }
}

/// One element of the structure: what holds or is missing (a predicate for the organization's
/// name: `uses all features`), or what could not be told and why.
enum Element {
    Holds(String),
    Lacks(String),
    Unknown(String),
}

fn feature_set(org: &OrganizationFacts) -> Element {
    match org.organization.get() {
        Ok(o) if o.feature_set == FeatureSet::All => {
            Element::Holds("uses all features, so SCPs and other organization policies can apply".to_owned())
        }
        Ok(o) => Element::Lacks(format!(
            "uses the {} feature set, not ALL, so no SCP or other organization policy can apply",
            o.feature_set
        )),
        Err(missing) => Element::Unknown(format!("uses all features: its feature set could not be read ({missing})")),
    }
}

fn organizational_units(org: &OrganizationFacts) -> Element {
    match org.organizational_units.get() {
        Ok(units) if units.is_empty() => {
            Element::Lacks("has no OU: every account sits directly under the root".to_owned())
        }
        Ok(units) => Element::Holds(format!("has {} OU{} below the root", units.len(), plural(units.len()))),
        Err(missing) => Element::Unknown(format!("has OUs: they could not be read ({missing})")),
    }
}

fn active_accounts(org: &OrganizationFacts) -> Element {
    match org.accounts.get() {
        Ok(accounts) => {
            let active = accounts.iter().filter(|a| a.status == AccountStatus::Active).count();
            if active < MIN_ACTIVE_ACCOUNTS {
                Element::Lacks(format!(
                    "has {active} active account{}, fewer than {MIN_ACTIVE_ACCOUNTS} (management, security, log archive)",
                    plural(active)
                ))
            } else {
                Element::Holds(format!("has {active} active accounts"))
            }
        }
        Err(missing) => Element::Unknown(format!("has enough accounts: they could not be read ({missing})")),
    }
}

/// Element 4: a member account administers security services for the organization.
fn delegated_security(accounts: &[Scanned], org: &OrganizationFacts, management: Option<&str>) -> Element {
    let admins = match org.delegated_administrators.get() {
        Ok(admins) => admins,
        Err(missing) => {
            return Element::Unknown(format!(
                "delegates its security services to a member account: its delegated administrators could not be read ({missing})"
            ));
        }
    };
    let mut holding = Vec::new();
    let mut other = Vec::new();
    for admin in admins.iter().filter(|a| Some(a.account_id.as_str()) != management) {
        let label = admin_label(accounts, admin);
        let security: Vec<&str> = admin.services.iter().filter_map(|s| security_service(s)).collect();
        if security.is_empty() {
            if !admin.services.is_empty() {
                other.push(format!("{label} ({})", admin.services.join(", ")));
            }
        } else {
            holding.push(format!("{label} for {}", and_list(&security)));
        }
    }
    if !holding.is_empty() {
        return Element::Holds(format!(
            "delegates the administration of its security services to a member account: {}",
            and_list(&holding)
        ));
    }
    let others = if other.is_empty() {
        String::new()
    } else {
        format!(" (delegated administrators of other services: {})", and_list(&other))
    };
    Element::Lacks(format!(
        "has no member account as delegated administrator of a security service (GuardDuty, Security Hub, Config, …), so security tooling is run from each account or from the management account{others}"
    ))
}

/// The service principals of security services, with their names for people.
const SECURITY_SERVICES: &[(&str, &str)] = &[
    ("guardduty.amazonaws.com", "GuardDuty"),
    ("malware-protection.guardduty.amazonaws.com", "GuardDuty Malware Protection"),
    ("securityhub.amazonaws.com", "Security Hub"),
    ("config.amazonaws.com", "AWS Config"),
    ("config-multiaccountsetup.amazonaws.com", "AWS Config"),
    ("access-analyzer.amazonaws.com", "IAM Access Analyzer"),
    ("inspector2.amazonaws.com", "Inspector"),
    ("macie.amazonaws.com", "Macie"),
    ("detective.amazonaws.com", "Detective"),
    ("securitylake.amazonaws.com", "Security Lake"),
    ("fms.amazonaws.com", "Firewall Manager"),
    ("auditmanager.amazonaws.com", "Audit Manager"),
    ("cloudtrail.amazonaws.com", "CloudTrail"),
];

fn security_service(principal: &str) -> Option<&'static str> {
    SECURITY_SERVICES.iter().find(|(p, _)| p.eq_ignore_ascii_case(principal)).map(|(_, name)| *name)
}

/// `northwind-security (318273645501)`: the name from the evidence, else the account's id.
fn admin_label(accounts: &[Scanned], admin: &DelegatedAdministrator) -> String {
    match (accounts.iter().find(|a| *a.id == *admin.account_id), &admin.name) {
        (Some(account), _) if account.named => account.label.clone(),
        (_, Some(name)) => format!("{name} ({})", admin.account_id),
        _ => admin.account_id.clone(),
    }
}

/// Element 5: an organization trail delivers to a bucket held by another account.
fn log_archive(accounts: &[Scanned], org: &OrganizationFacts) -> Element {
    let mut trails: Vec<&Trail> = Vec::new();
    let mut unreadable = Vec::new();
    for account in accounts {
        if let Some(problem) = &account.problem {
            unreadable.push(format!("account {} could not be read ({problem})", account.label));
            continue;
        }
        match &account.trails {
            Ok(list) => {
                for trail in list {
                    if !trails.iter().any(|t| t.arn == trail.arn) {
                        trails.push(trail);
                    }
                }
            }
            Err(missing) => unreadable.push(format!("the trails of {} could not be read ({missing})", account.label)),
        }
    }
    if accounts.is_empty() {
        unreadable.push("no account was scanned".to_owned());
    }
    if trails.is_empty() {
        return if unreadable.is_empty() {
            Element::Lacks(
                "has no organization trail, so no account archives the organization's CloudTrail logs".to_owned(),
            )
        } else {
            Element::Unknown(format!("archives its CloudTrail logs in a separate account: {}", unreadable.join("; ")))
        };
    }
    let mut lacks = Vec::new();
    let mut unknown = Vec::new();
    for trail in &trails {
        match trail_destination(accounts, org, trail) {
            Element::Holds(text) => {
                return Element::Holds(format!("archives its CloudTrail logs in a separate account: {text}"));
            }
            Element::Lacks(text) => lacks.push(text),
            Element::Unknown(text) => unknown.push(text),
        }
    }
    if unknown.is_empty() {
        Element::Lacks(format!("does not archive its CloudTrail logs in a separate account: {}", lacks.join("; ")))
    } else {
        unknown.extend(lacks);
        Element::Unknown(format!("archives its CloudTrail logs in a separate account: {}", unknown.join("; ")))
    }
}

/// Where one organization trail delivers: to a bucket of another account (holds), of its own
/// account or of no account of the organization (lacks), or to a bucket that may be in an account
/// not read (unknown).
fn trail_destination(accounts: &[Scanned], org: &OrganizationFacts, trail: &Trail) -> Element {
    let owner = Arn::parse(&trail.arn).map(|arn| arn.account).unwrap_or_default();
    let Some(bucket) = trail.s3_bucket_name.as_deref() else {
        return Element::Lacks(format!("organization trail {} delivers to no S3 bucket", trail.name));
    };
    let mut unread = Vec::new();
    let mut holder = None;
    for account in accounts {
        match &account.buckets {
            Ok(buckets) if buckets.iter().any(|b| **b == *bucket) => holder = Some(account),
            Ok(_) => {}
            Err(missing) => unread.push(format!("the buckets of {} could not be listed ({missing})", account.label)),
        }
    }
    match holder {
        Some(account) if *account.id != *owner => Element::Holds(format!(
            "organization trail {} of account {owner} delivers to bucket {bucket} in account {}",
            trail.name, account.label
        )),
        Some(account) => Element::Lacks(format!(
            "organization trail {} delivers to bucket {bucket} in its own account {}, within reach of that account's administrators",
            trail.name, account.label
        )),
        None => {
            unread.extend(unscanned_accounts(accounts, org));
            if unread.is_empty() {
                Element::Lacks(format!(
                    "organization trail {} delivers to bucket {bucket}, which no account of the organization holds",
                    trail.name
                ))
            } else {
                Element::Unknown(format!(
                    "organization trail {} delivers to bucket {bucket}, found in no scanned account, and {}",
                    trail.name,
                    unread.join("; ")
                ))
            }
        }
    }
}

/// Why some account of the organization may hold what was not found: active accounts that were
/// not scanned (or the organization's accounts could not be listed).
fn unscanned_accounts(scanned: &[Scanned], org: &OrganizationFacts) -> Option<String> {
    let Ok(accounts) = org.accounts.get() else {
        return Some("the organization's accounts could not be listed".to_owned());
    };
    let scanned: std::collections::HashSet<&str> = scanned.iter().map(|a| &*a.id).collect();
    let unscanned: Vec<&str> = accounts
        .iter()
        .filter(|a| a.status == AccountStatus::Active && !scanned.contains(a.id.as_str()))
        .map(|a| a.id.as_str())
        .collect();
    match unscanned.len() {
        0 => None,
        1 => Some(format!("account {} was not scanned", unscanned[0])),
        _ => Some(format!("accounts {} were not scanned", and_list(&unscanned))),
    }
}

/// Element 6: an organization-wide Config aggregator in some account.
fn config_aggregator(accounts: &[Scanned], org: &OrganizationFacts) -> Element {
    let mut unread: Vec<String> = unscanned_accounts(accounts, org).into_iter().collect();
    if accounts.iter().all(|a| a.aggregators.is_empty()) {
        unread.push("no region of any account was scanned".to_owned());
    }
    let mut partial = Vec::new();
    for account in accounts {
        if let Some(problem) = &account.problem {
            unread.push(format!("account {} could not be read ({problem})", account.label));
            continue;
        }
        for (region, aggregators) in &account.aggregators {
            match aggregators {
                Ok(aggregators) => {
                    if let Some(found) = aggregators.iter().find(|a| a.organization_wide) {
                        let regions = if found.all_regions { "every region" } else { "some regions" };
                        return Element::Holds(format!(
                            "aggregates AWS Config data of all its accounts: aggregator {} in {region} of account {} covers the whole organization in {regions}",
                            found.name, account.label
                        ));
                    }
                    partial.extend(aggregators.iter().map(|a| format!("{} in {region} of {}", a.name, account.label)));
                }
                Err(missing) => unread.push(format!(
                    "the Config aggregators in {region} of {} could not be read ({missing})",
                    account.label
                )),
            }
        }
    }
    if !unread.is_empty() {
        return Element::Unknown(format!(
            "aggregates AWS Config data of all its accounts: no organization-wide aggregator was found, and {}",
            unread.join("; ")
        ));
    }
    let partial = if partial.is_empty() {
        String::new()
    } else {
        format!(" (aggregators of listed accounts only: {})", and_list(&partial))
    };
    Element::Lacks(format!(
        "has no organization-wide AWS Config aggregator in the scanned accounts, so nobody sees the configuration of every account in one place{partial}"
    ))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `Organization o-1` → `organization o-1`, `The organization` → `the organization`.
fn lowercase_article(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run;

    fn findings(text: &str) -> Vec<(FindingStatus, String)> {
        let bundle = Bundle::from_json("test", text).unwrap_or_else(|e| panic!("{e}"));
        run(&OrgMultiAccountStructure, &bundle).into_iter().map(|f| (f.status, f.message)).collect()
    }

    #[test]
    fn accounts_without_organization_facts_are_inconclusive() {
        let found = findings(
            r#"{
          "schema_version": 1,
          "collector": {"tool": "maturity", "version": "test", "collected_at": "2026-11-01T00:00:00Z"},
          "scope": {"accounts": ["111111111111"], "regions": []},
          "accounts": [{"account_id": "111111111111", "name": "standalone"}]
        }"#,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, FindingStatus::Inconclusive);
        assert!(found[0].1.contains("did not read AWS Organizations"), "{}", found[0].1);
    }

    #[test]
    fn each_element_is_judged_on_its_own() {
        let found = findings(
            r#"{
          "schema_version": 1,
          "collector": {"tool": "maturity", "version": "test", "collected_at": "2026-11-01T00:00:00Z"},
          "scope": {"organization_id": "o-1", "accounts": [], "regions": []},
          "organization": {
            "organization": {"denied": {"action": "organizations:DescribeOrganization"}},
            "organizational_units": {"ok": []},
            "accounts": {"failed": {"error": "throttled"}},
            "delegated_administrators": {"ok": [{"account_id": "222222222222", "name": "Security", "services": ["sso.amazonaws.com"]}]}
          },
          "accounts": []
        }"#,
        );
        let statuses: Vec<FindingStatus> = found.iter().map(|(s, _)| *s).collect();
        use FindingStatus::{Fail, Inconclusive};
        assert_eq!(statuses, [Inconclusive, Fail, Inconclusive, Fail, Inconclusive, Inconclusive], "{found:?}");
        assert_eq!(
            found[0].1,
            "Cannot tell whether organization o-1 uses all features: its feature set could not be read (access denied to organizations:DescribeOrganization)."
        );
        assert_eq!(found[1].1, "Organization o-1 has no OU: every account sits directly under the root.");
        assert!(found[3].1.contains("other services: Security (222222222222) (sso.amazonaws.com)"), "{}", found[3].1);
    }

    #[test]
    fn security_services_are_known_by_their_principal() {
        assert_eq!(security_service("guardduty.amazonaws.com"), Some("GuardDuty"));
        assert_eq!(security_service("SecurityHub.amazonaws.com"), Some("Security Hub"));
        assert_eq!(security_service("sso.amazonaws.com"), None);
        assert_eq!(security_service("backup.amazonaws.com"), None);
    }
}
