//! The findings filters of a control's page: by account, region and verdict, from the query
//! string, applied on the server so that a 1,000-account organization's findings never reach the
//! browser whole. An empty field filters nothing; a value that matches nothing shows nothing.

use std::collections::BTreeSet;

use maturity_assess::AssessedFinding;
use maturity_checks::FindingStatus;
use maud::{Markup, html};
use serde::Deserialize;

use super::encode;

/// Findings shown per page.
pub(crate) const PAGE_SIZE: usize = 100;

/// The verdicts a finding can be filtered by: its own, or `excepted` for a failure an exception
/// covers.
pub(crate) const VERDICTS: [&str; 5] = ["fail", "excepted", "inconclusive", "pass", "not_applicable"];

/// The query string.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Filter {
    #[serde(default)]
    pub(crate) account: String,
    #[serde(default)]
    pub(crate) region: String,
    #[serde(default)]
    pub(crate) status: String,
    #[serde(default)]
    pub(crate) page: usize,
}

/// A finding's verdict as the filter names it.
pub(crate) fn verdict(finding: &AssessedFinding) -> &'static str {
    if finding.excepted_by.is_some() && finding.finding.status == FindingStatus::Fail {
        "excepted"
    } else {
        finding.finding.status.id()
    }
}

/// "global" for a finding without a region, "organization" for one without an account.
fn account(finding: &AssessedFinding) -> &str {
    finding.finding.location.account_id.as_deref().unwrap_or("organization")
}

fn region(finding: &AssessedFinding) -> &str {
    finding.finding.location.region.as_deref().unwrap_or("global")
}

impl Filter {
    /// Whether `finding` passes every filter given.
    pub(crate) fn keeps(&self, finding: &AssessedFinding) -> bool {
        (self.account.is_empty() || account(finding) == self.account)
            && (self.region.is_empty() || region(finding) == self.region)
            && (self.status.is_empty() || verdict(finding) == self.status)
    }

    /// The query string of these filters on page `page`.
    pub(crate) fn query(&self, page: usize) -> String {
        format!(
            "?account={}&region={}&status={}&page={page}",
            encode(&self.account),
            encode(&self.region),
            encode(&self.status)
        )
    }

    /// The filter form, its choices taken from `findings` (the control's, unfiltered).
    pub(crate) fn form(&self, findings: &[&AssessedFinding]) -> Markup {
        let accounts: BTreeSet<&str> = findings.iter().map(|f| account(f)).collect();
        let regions: BTreeSet<&str> = findings.iter().map(|f| region(f)).collect();
        html! {
            form.filters method="get" {
                label { "Account" (select("account", &self.account, accounts.iter().copied())) }
                label { "Region" (select("region", &self.region, regions.iter().copied())) }
                label { "Status" (select("status", &self.status, VERDICTS.iter().copied())) }
                button type="submit" { "Filter" }
                a href="?" { "Clear" }
            }
        }
    }
}

fn select<'a>(name: &str, chosen: &str, options: impl Iterator<Item = &'a str>) -> Markup {
    html! {
        select name=(name) {
            option value="" selected[chosen.is_empty()] { "all" }
            @for option in options {
                option value=(option) selected[option == chosen] { (option) }
            }
        }
    }
}
