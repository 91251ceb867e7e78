//! IAM Access Analyzer coverage: an account's own analyzers, and the organization-wide analyzers
//! that the management account or the delegated administrator for Access Analyzer runs for every
//! member account.

use std::collections::BTreeSet;

use maturity_evidence::{AccessAnalyzer, AccountEvidence, Bundle, Missing};

/// The service principal of IAM Access Analyzer, as delegated administrators name it.
const SERVICE_PRINCIPAL: &str = "access-analyzer.amazonaws.com";

/// An analyzer and where it lives.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Located<'a> {
    /// The account that owns it.
    pub(crate) account: &'a AccountEvidence,
    /// Its region.
    pub(crate) region: &'a str,
    /// The analyzer.
    pub(crate) analyzer: &'a AccessAnalyzer,
}

impl Located<'_> {
    /// `analyzer org-external (ORGANIZATION) of account security (222…) in eu-west-1`.
    pub(crate) fn describe(&self) -> String {
        format!(
            "analyzer {} ({}) of account {} in {}",
            self.analyzer.name,
            self.analyzer.analyzer_type,
            self.account.label(),
            self.region
        )
    }
}

/// The organization-wide analyzers of a scan, and where they could not be read.
pub(crate) struct OrgAnalyzers<'a> {
    /// Active organization-wide analyzers of the wanted kind, in accounts that may run them.
    found: Vec<Located<'a>>,
    /// Accounts that may run one whose analyzers could not be read: the region (`None` for the
    /// whole account, when it could not be entered) and why, in words.
    unread: Vec<(&'a AccountEvidence, Option<&'a str>, String)>,
    /// Accounts the organization-wide analyzers cover: the organization's members.
    members: BTreeSet<&'a str>,
}

impl<'a> OrgAnalyzers<'a> {
    /// The active organization-wide analyzers that `wanted` accepts. They are looked for in the
    /// management account and the delegated administrators for Access Analyzer; when those are
    /// not known, in every account of the scan. Without organization facts there are none.
    pub(crate) fn read(bundle: &'a Bundle, wanted: fn(&AccessAnalyzer) -> bool) -> Self {
        let mut this = Self { found: Vec::new(), unread: Vec::new(), members: BTreeSet::new() };
        let Some(org) = &bundle.organization else { return this };
        this.members = match org.accounts.get() {
            Ok(accounts) => accounts.iter().map(|a| a.id.as_str()).collect(),
            Err(_) => bundle.accounts.iter().map(|a| a.account_id.as_str()).collect(),
        };
        let management = org
            .organization
            .get()
            .ok()
            .map(|o| o.management_account_id.as_str())
            .or(bundle.scope.management_account_id.as_deref());
        let hosts: Option<BTreeSet<&str>> = match (management, org.delegated_administrators.get()) {
            (Some(management), Ok(admins)) => Some(
                admins
                    .iter()
                    .filter(|a| a.services.iter().any(|s| s == SERVICE_PRINCIPAL))
                    .map(|a| a.account_id.as_str())
                    .chain([management])
                    .collect(),
            ),
            _ => None,
        };
        for account in &bundle.accounts {
            if hosts.as_ref().is_some_and(|h| !h.contains(account.account_id.as_str())) {
                continue;
            }
            if let Some(problem) = account.access_problem() {
                this.unread.push((account, None, problem));
                continue;
            }
            for (region, facts) in super::accounts::regions(account) {
                match facts.accessanalyzer_analyzers.get() {
                    Ok(analyzers) => this.found.extend(
                        analyzers
                            .iter()
                            .filter(|a| a.is_organization_wide() && a.is_active() && wanted(a))
                            .map(|analyzer| Located { account, region, analyzer }),
                    ),
                    // A region the account has not enabled cannot hold an analyzer.
                    Err(Missing::Unavailable(_)) => {}
                    Err(missing) => this.unread.push((account, Some(region), missing.to_string())),
                }
            }
        }
        this
    }

    /// An organization-wide analyzer that covers `account_id` in `region` (any region when
    /// `None`).
    pub(crate) fn covering(&self, account_id: &str, region: Option<&str>) -> Option<Located<'a>> {
        if !self.members.contains(account_id) {
            return None;
        }
        self.found.iter().find(|l| region.is_none_or(|r| l.region == r)).copied()
    }

    /// Why an organization-wide analyzer that might cover `account_id` in `region` (any region
    /// when `None`) could not be seen, if one might be hidden.
    pub(crate) fn hidden(&self, account_id: &str, region: Option<&str>) -> Option<String> {
        if !self.members.contains(account_id) {
            return None;
        }
        self.unread
            .iter()
            .find(|(host, r, _)| host.account_id != account_id && (region.is_none() || r.is_none() || *r == region))
            .map(|(host, r, why)| match r {
                Some(r) => format!("the analyzers of account {} in {r} could not be read ({why})", host.label()),
                None => format!("account {}, which may run one, could not be read ({why})", host.label()),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let org = OrgAnalyzers::read(&bundle, AccessAnalyzer::is_external_access);
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
        let org = OrgAnalyzers::read(&bundle, AccessAnalyzer::is_external_access);
        let covering = org.covering("111111111111", Some("eu-west-1")).map(|l| l.account.account_id.as_str());
        assert_eq!(covering, Some("222222222222"));
        assert!(org.covering("111111111111", Some("us-east-1")).is_none());
        // Account 333 is no host: its unreadable analyzers hide nothing from the others.
        assert!(org.hidden("111111111111", Some("eu-west-1")).is_none());
        assert!(org.covering("999999999999", None).is_none(), "not a member");
    }
}
