//! IAM Access Analyzer coverage: an account's own analyzers, and the organization-wide analyzers
//! that the management account or the delegated administrator for Access Analyzer runs for every
//! member account.

use std::collections::BTreeSet;

use maturity_evidence::{AccessAnalyzer, AccountEvidence, Bundle, Missing};

/// The service principal of IAM Access Analyzer, as delegated administrators name it.
const SERVICE_PRINCIPAL: &str = "access-analyzer.amazonaws.com";

/// An organization-wide analyzer and where it lives.
#[derive(Debug, Clone)]
pub(crate) struct Located {
    /// The label of the account that owns it.
    account_label: Box<str>,
    /// Its region.
    region: Box<str>,
    /// The analyzer.
    analyzer: AccessAnalyzer,
}

impl Located {
    /// `analyzer org-external (ORGANIZATION) of account security (222…) in eu-west-1`.
    pub(crate) fn describe(&self) -> String {
        format!(
            "analyzer {} ({}) of account {} in {}",
            self.analyzer.name, self.analyzer.analyzer_type, self.account_label, self.region
        )
    }
}

/// Analyzers of an account that may run organization-wide ones that could not be read.
#[derive(Debug, Clone)]
struct Unread {
    account_id: Box<str>,
    account_label: Box<str>,
    /// The region, `None` for the whole account (it could not be entered).
    region: Option<Box<str>>,
    /// Why, in words.
    why: String,
}

/// What one account adds to the organization-wide analyzers: those it runs, those it may run
/// that could not be read. Kept for every account while the others are read.
#[derive(Debug, Clone, Default)]
pub(crate) struct HostAnalyzers {
    account_id: Box<str>,
    found: Vec<Located>,
    unread: Vec<Unread>,
}

impl HostAnalyzers {
    /// The account's active organization-wide analyzers that `wanted` accepts, when it may run
    /// them: they are looked for in the management account and the delegated administrators
    /// for Access Analyzer (of `head`'s organization facts); when those are not known, in every
    /// account of the scan. Without organization facts there are none.
    pub(crate) fn of(head: &Bundle, account: &AccountEvidence, wanted: fn(&AccessAnalyzer) -> bool) -> Self {
        let mut this = Self { account_id: account.account_id.as_str().into(), ..Self::default() };
        let Some(org) = &head.organization else { return this };
        let management = org
            .organization
            .get()
            .ok()
            .map(|o| o.management_account_id.as_str())
            .or(head.scope.management_account_id.as_deref());
        let may_run = match (management, org.delegated_administrators.get()) {
            (Some(management), Ok(admins)) => {
                management == account.account_id
                    || admins.iter().any(|a| {
                        a.account_id == account.account_id && a.services.iter().any(|s| s == SERVICE_PRINCIPAL)
                    })
            }
            _ => true,
        };
        if !may_run {
            return this;
        }
        let label: Box<str> = account.label().to_string().into();
        let unread = |region: Option<&str>, why: String| Unread {
            account_id: this.account_id.clone(),
            account_label: label.clone(),
            region: region.map(Box::from),
            why,
        };
        if let Some(problem) = account.access_problem() {
            let unread = unread(None, problem);
            this.unread.push(unread);
            return this;
        }
        let mut found = Vec::new();
        let mut unreadable = Vec::new();
        for (region, facts) in super::accounts::regions(account) {
            match facts.accessanalyzer_analyzers.get() {
                Ok(analyzers) => found.extend(
                    analyzers.iter().filter(|a| a.is_organization_wide() && a.is_active() && wanted(a)).map(
                        |analyzer| Located {
                            account_label: label.clone(),
                            region: region.into(),
                            analyzer: analyzer.clone(),
                        },
                    ),
                ),
                // A region the account has not enabled cannot hold an analyzer.
                Err(Missing::Unavailable(_)) => {}
                Err(missing) => unreadable.push(unread(Some(region), missing.to_string())),
            }
        }
        this.found = found;
        this.unread = unreadable;
        this
    }
}

/// The organization-wide analyzers of a scan, and where they could not be read.
#[derive(Debug, Clone, Default)]
pub(crate) struct OrgAnalyzers {
    /// Active organization-wide analyzers of the wanted kind, in accounts that may run them.
    found: Vec<Located>,
    /// Accounts that may run one whose analyzers could not be read.
    unread: Vec<Unread>,
    /// Accounts the organization-wide analyzers cover: the organization's members.
    members: BTreeSet<Box<str>>,
}

impl OrgAnalyzers {
    /// The analyzers of every account of the scan (`hosts`, one per account, in the scan's
    /// order), for the organization of `head`. Without organization facts there are none.
    pub(crate) fn read(head: &Bundle, hosts: Vec<HostAnalyzers>) -> Self {
        let Some(org) = &head.organization else { return Self::default() };
        let members = match org.accounts.get() {
            Ok(accounts) => accounts.iter().map(|a| Box::from(a.id.as_str())).collect(),
            Err(_) => hosts.iter().map(|h| h.account_id.clone()).collect(),
        };
        let mut this = Self { members, ..Self::default() };
        for host in hosts {
            this.found.extend(host.found);
            this.unread.extend(host.unread);
        }
        this
    }

    /// An organization-wide analyzer that covers `account_id` in `region` (any region when
    /// `None`).
    pub(crate) fn covering(&self, account_id: &str, region: Option<&str>) -> Option<&Located> {
        if !self.members.contains(account_id) {
            return None;
        }
        self.found.iter().find(|l| region.is_none_or(|r| *l.region == *r))
    }

    /// Why an organization-wide analyzer that might cover `account_id` in `region` (any region
    /// when `None`) could not be seen, if one might be hidden.
    pub(crate) fn hidden(&self, account_id: &str, region: Option<&str>) -> Option<String> {
        if !self.members.contains(account_id) {
            return None;
        }
        self.unread
            .iter()
            .find(|u| {
                *u.account_id != *account_id
                    && (region.is_none() || u.region.is_none() || u.region.as_deref() == region)
            })
            .map(|u| match &u.region {
                Some(r) => format!("the analyzers of account {} in {r} could not be read ({})", u.account_label, u.why),
                None => format!("account {}, which may run one, could not be read ({})", u.account_label, u.why),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(bundle: &Bundle) -> Vec<HostAnalyzers> {
        bundle.accounts.iter().map(|a| HostAnalyzers::of(bundle, a, AccessAnalyzer::is_external_access)).collect()
    }

    fn bundle(accounts: serde_json::Value) -> Bundle {
        let bundle = serde_json::json!({
            "schema_version": 1,
            "collector": {"tool": "maturity", "version": "test", "collected_at": "2026-11-01T00:00:00Z"},
            "scope": {"management_account_id": "111111111111", "accounts": [], "regions": ["eu-west-1"]},
            "organization": {
                "organization": {"ok": {"id": "o-1", "management_account_id": "111111111111", "feature_set": "ALL", "root_id": "r-1"}},
                "accounts": {"ok": [
                    {"id": "111111111111", "name": "m", "status": "ACTIVE", "parent_id": "r-1"},
                    {"id": "222222222222", "name": "s", "status": "ACTIVE", "parent_id": "r-1"},
                    {"id": "333333333333", "name": "w", "status": "ACTIVE", "parent_id": "r-1"}
                ]},
                "delegated_administrators": {"ok": [{"account_id": "222222222222", "services": ["access-analyzer.amazonaws.com"]}]}
            },
            "accounts": accounts
        });
        Bundle::from_json("test", &bundle.to_string()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn an_unreachable_delegated_administrator_may_hide_an_analyzer() {
        let bundle = bundle(serde_json::json!([
            {"account_id": "111111111111", "regions": {"eu-west-1": {"accessanalyzer_analyzers": {"ok": []}}}},
            {"account_id": "222222222222", "access": {"denied": {"action": "sts:AssumeRole"}}},
            {"account_id": "333333333333", "regions": {"eu-west-1": {"accessanalyzer_analyzers": {"ok": []}}}}
        ]));
        let org = OrgAnalyzers::read(&bundle, hosts(&bundle));
        assert!(org.covering("333333333333", Some("eu-west-1")).is_none());
        let why = org.hidden("333333333333", Some("eu-west-1")).unwrap_or_default();
        assert!(why.contains("222222222222") && why.contains("sts:AssumeRole"), "{why}");
    }

    #[test]
    fn only_the_management_account_and_delegated_administrators_run_organization_analyzers() {
        let org_analyzer = |account: &str| {
            serde_json::json!({"name": "org", "arn": format!("arn:aws:access-analyzer:eu-west-1:{account}:analyzer/org"),
                               "analyzer_type": "ORGANIZATION", "status": "ACTIVE"})
        };
        let bundle = bundle(serde_json::json!([
            {"account_id": "111111111111", "regions": {"eu-west-1": {"accessanalyzer_analyzers": {"ok": []}}}},
            {"account_id": "222222222222", "regions": {"eu-west-1": {"accessanalyzer_analyzers": {"ok": [org_analyzer("222222222222")]}}}},
            {"account_id": "333333333333", "regions": {"eu-west-1": {"accessanalyzer_analyzers": {"denied": {"action": "access-analyzer:ListAnalyzers"}}}}}
        ]));
        let org = OrgAnalyzers::read(&bundle, hosts(&bundle));
        let covering = org.covering("111111111111", Some("eu-west-1")).map(|l| l.account_label.clone());
        assert_eq!(covering.as_deref(), Some("222222222222"));
        assert!(org.covering("111111111111", Some("us-east-1")).is_none());
        // Account 333 is no host: its unreadable analyzers hide nothing from the others.
        assert!(org.hidden("111111111111", Some("eu-west-1")).is_none());
        assert!(org.covering("999999999999", None).is_none(), "not a member");
    }
}
