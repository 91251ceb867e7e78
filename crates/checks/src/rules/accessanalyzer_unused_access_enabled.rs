//! An active IAM Access Analyzer unused-access analyzer for every account.

use maturity_evidence::{AccessAnalyzer, AccountEvidence, Bundle};

use crate::across::{Summarize, summarized_check};
use crate::shared::access_analyzers::{HostAnalyzers, OrgAnalyzers};
use crate::shared::accounts;
use crate::shared::walk;
use crate::{FindingStatus, Findings, Location, declare_check};

declare_check! {
    /// ## What it checks
    /// For every account: an `ACTIVE` IAM Access Analyzer unused-access analyzer looks at its
    /// IAM users and roles. Either the account has its own (`ACCOUNT_UNUSED_ACCESS`) in any
    /// scanned region, or, for a member of the organization, the management account or the
    /// delegated administrator for Access Analyzer runs an `ORGANIZATION_UNUSED_ACCESS` analyzer
    /// in any region. IAM is global, so one analyzer per account is enough. One finding per
    /// account: pass names the analyzer, fail says that none is active (naming analyzers that
    /// exist but are not active).
    ///
    /// Inconclusive when no active analyzer was found and the analyzers of a region of the
    /// account, or of an account that could run an organization-wide one, could not be read
    /// (regions the account has not enabled are skipped); an account the collector could not
    /// enter, or with no region collected, is inconclusive too. Not applicable for an account
    /// not covered by an organization-wide analyzer when the scan had no region in scope.
    ///
    /// Regions the account has not enabled are not applicable. When the account's enabled
    /// regions could not be listed (`ec2:DescribeRegions`), a verdict that rests on finding
    /// nothing in the scanned regions (a fail, or nothing in scope) is inconclusive instead: what
    /// is looked for may sit in a region that was not scanned.
    ///
    /// ## Why it matters
    /// Permissions granted "just in case" pile up: roles nobody assumes, access keys and
    /// passwords nobody uses, services a role never calls. Each is attack surface that brings
    /// nothing. The unused-access analyzer lists them continuously, which turns least privilege
    /// from a yearly review into a queue of concrete, low-risk removals.
    ///
    /// ## How to fix
    /// From the delegated administrator for IAM Access Analyzer (or the management account),
    /// create one analyzer of type "unused access" with the organization as zone of trust and a
    /// tracking period that fits your review cycle (90 days is common); without an organization,
    /// create an account unused-access analyzer. It is billed per IAM role and user analyzed.
    /// Review its findings regularly and remove the unused roles, credentials and permissions.
    pub(crate) struct AccessanalyzerUnusedAccessEnabled {
        id: "accessanalyzer-unused-access-enabled",
        title: "An active IAM Access Analyzer unused-access analyzer covers every account",
        scope: Account,
        reads: ["account.enabled_regions", "region.accessanalyzer_analyzers"],
        across_accounts: "an organization analyzer in the management account or a delegated administrator covers every member account",
        alternative: "a CIEM or identity governance tool that reports unused roles, keys and permissions",
    }
}

fn unused(analyzer: &AccessAnalyzer) -> bool {
    analyzer.is_unused_access()
}

summarized_check!(AccessanalyzerUnusedAccessEnabled);

impl Summarize for AccessanalyzerUnusedAccessEnabled {
    /// The organization-wide analyzers the account runs, or may run unseen.
    type Summary = HostAnalyzers;
    type Context = OrgAnalyzers;

    fn summarize(&self, head: &Bundle, account: &AccountEvidence) -> HostAnalyzers {
        HostAnalyzers::of(head, account, unused)
    }

    fn context(&self, head: &Bundle, summaries: Vec<HostAnalyzers>) -> OrgAnalyzers {
        OrgAnalyzers::read(head, summaries)
    }

    fn judge(&self, org: &OrgAnalyzers, bundle: &Bundle, out: &mut Findings) {
        // Not on walk (regions): an organization-wide analyzer covers an account whatever its
        // regions, so the account is judged first and its regions are looked at only when needed.
        walk::each_account(bundle, out, |account, out| {
            let label = account.label();
            let location = Location::account(&account.account_id);
            let mut unread = None;
            let mut inactive = Vec::new();
            let mut own = None;
            for (region, facts) in accounts::regions(account) {
                match facts.accessanalyzer_analyzers.get() {
                    Ok(analyzers) => {
                        for analyzer in analyzers.iter().filter(|a| unused(a)) {
                            if analyzer.is_active() {
                                own.get_or_insert((region, analyzer));
                            } else {
                                inactive.push(format!("analyzer {} in {region} is {}", analyzer.name, analyzer.status));
                            }
                        }
                    }
                    // A region the account has not enabled cannot hold an analyzer.
                    Err(maturity_evidence::Missing::Unavailable(_)) => {}
                    Err(missing) => {
                        unread.get_or_insert(format!("the analyzers in {region} could not be read ({missing})"));
                    }
                }
            }
            if let Some((region, analyzer)) = own {
                out.pass(
                    location,
                    format_args!(
                        "The {} analyzer {} is active in {region} of account {label}.",
                        analyzer.analyzer_type, analyzer.name
                    ),
                );
            } else if let Some(covering) = org.covering(&account.account_id, None) {
                out.pass(
                    location,
                    format_args!("Account {label} is covered by the organization-wide {}.", covering.describe()),
                );
            } else if let Some(why) = unread.or_else(|| org.hidden(&account.account_id, None)) {
                out.add(
                    FindingStatus::Inconclusive,
                    location,
                    format_args!("Cannot tell whether an unused-access analyzer covers account {label}: {why}."),
                );
            } else if accounts::regions(account).next().is_none() {
                // Not applicable without a region in scope, inconclusive otherwise.
                accounts::scanned_regions_for_any(bundle, account, "whether an unused-access analyzer is active", out);
            } else {
                let note = if inactive.is_empty() { String::new() } else { format!(" ({})", inactive.join(", ")) };
                accounts::fail_unless_unconfirmed(
                    out,
                    account,
                    location,
                    format!(
                        "No active unused-access analyzer covers the IAM users and roles of account {label}{note}."
                    ),
                );
            }
        });
    }
}
