//! From a control's findings to its automated status and its coverage in accounts.
//!
//! Each in-scope account is judged on all its findings together: it holds when none fails and
//! none is inconclusive. Over the accounts, the control is met when every in-scope account
//! holds, partial when at least one holds and another fails, not met when every account fails,
//! and unknown when some account's evidence could not be read and none is known to hold (the
//! unread accounts may hold: partial or not met, the evidence cannot tell). A passing resource
//! inside an account that fails something else does not make the control partial.
//!
//! Findings about the organization as a whole (no account) are not an account and are not
//! counted in the coverage. They weigh on the side: an organization-level failure makes the
//! control partial when something else holds (an account, or another organization-level
//! finding) and not met otherwise; organization-level evidence that could not be read leaves
//! the control unknown unless an account fails. The reasons say when they decided.

use std::collections::BTreeSet;

use foldhash::HashMap;
use maturity_checks::FindingStatus;
use maturity_model::aws_smm::{Control, Coverage as AccountCoverage};

use crate::controls::{CheckCounts, ControlResult};
use crate::scored::ScoredFindings;
use crate::status::{Coverage, Source, Status};

/// How many messages of one kind a control's reasons quote.
pub(crate) const QUOTED_MESSAGES: usize = 3;

/// How many failing accounts a control's reasons name; the others are counted. The full list
/// is in [`ControlResult::failing_accounts`]: naming every one of ten thousand accounts in a
/// sentence made the reasons, and every report that shows them, grow with the organization.
const NAMED_ACCOUNTS: usize = 25;

/// What the automated part found, for the answer that may come next.
#[derive(Debug, Default)]
pub(crate) struct Automated<'a> {
    /// Checks with at least one failing finding (exceptions applied).
    pub(crate) failing_checks: BTreeSet<&'a str>,
    /// Checks with at least one inconclusive finding.
    pub(crate) inconclusive_checks: BTreeSet<&'a str>,
}

/// Decides a control from its findings alone: those of the checks at `checks` (positions in
/// [`maturity_checks::CHECKS`]).
pub(crate) fn decide<'a>(
    control: &Control,
    set: &'a ScoredFindings,
    checks: &[usize],
    with_exceptions: bool,
    result: &mut ControlResult,
) -> Automated<'a> {
    let mut automated = Automated::default();
    let mut any = false;
    // Each account's findings combined as they come (the combination is order-free).
    let mut per_account: HashMap<&str, FindingStatus> = HashMap::default();
    let mut organization: Vec<FindingStatus> = Vec::new();
    // In the control's order of checks, sorted by id at the end; the findings come check by
    // check, so the entry of the previous finding is nearly always the one.
    let mut counts: Vec<CheckCounts> =
        control.checks.iter().map(|c| CheckCounts { check: c.clone(), ..CheckCounts::default() }).collect();
    let mut current = 0;
    let mut fail_messages = Vec::new();
    let mut inconclusive_messages = Vec::new();
    for (check, finding) in set.of_checks(checks) {
        any = true;
        let status = finding.effective_status(with_exceptions);
        match set.account(finding) {
            Some(account) => {
                per_account
                    .entry(account)
                    .and_modify(|combined| *combined = FindingStatus::combine([*combined, status]))
                    .or_insert(status);
            }
            None => organization.push(status),
        }
        if counts.get(current).is_none_or(|c| c.check != check) {
            current = counts.iter().position(|c| c.check == check).unwrap_or_else(|| {
                counts.push(CheckCounts { check: check.to_owned(), ..CheckCounts::default() });
                counts.len() - 1
            });
        }
        let entry = &mut counts[current];
        match (finding.status(), status) {
            (FindingStatus::Fail, FindingStatus::Pass) => {
                entry.excepted += 1;
                if let Some(number) = finding.excepted_by()
                    && !result.exceptions.contains(&number)
                {
                    result.exceptions.push(number);
                }
            }
            (_, FindingStatus::Pass) => entry.pass += 1,
            (_, FindingStatus::Fail) => {
                entry.fail += 1;
                fail_messages.push(set.message(finding));
                automated.failing_checks.insert(check);
            }
            (_, FindingStatus::NotApplicable) => entry.not_applicable += 1,
            (_, FindingStatus::Inconclusive) => {
                entry.inconclusive += 1;
                inconclusive_messages.push(set.message(finding));
                automated.inconclusive_checks.insert(check);
            }
        }
    }
    counts.sort_by(|a, b| a.check.cmp(&b.check));
    result.checks = counts;
    if !any {
        result.reasons.push("Its checks produced no findings.".to_owned());
        return automated;
    }

    let accounts = Accounts::judge(&per_account);
    result.failing_accounts = accounts.failing.iter().map(|a| (*a).to_owned()).collect();
    let org = OrganizationLevel::judge(&organization);
    result.source = Source::Automated;
    if accounts.in_scope == 0 && org.status == FindingStatus::NotApplicable {
        result.status = Status::NotApplicable;
        result.reasons.push("Nothing in scope for its checks.".to_owned());
        return automated;
    }
    // Account figures would overstate a control that fails for the organization as a whole.
    if accounts.in_scope > 0 && org.status != FindingStatus::Fail {
        result.coverage = Some(Coverage { holding: accounts.holding, in_scope: accounts.in_scope });
    }

    let any_account_is_enough = control.coverage == AccountCoverage::AnyAccount;
    if any_account_is_enough && accounts.holding > 0 && org.status != FindingStatus::Fail {
        result.status = Status::Met;
        result.reasons.push(format!(
            "Holds in {} of {} accounts; one is enough, as this is run for the whole organization from one account.",
            accounts.holding, accounts.in_scope
        ));
        return automated;
    }
    let by_accounts = accounts.status();
    result.status = match org.status {
        FindingStatus::NotApplicable | FindingStatus::Pass => by_accounts.unwrap_or(Status::Met),
        FindingStatus::Fail if accounts.holding > 0 || org.any_pass => Status::Partial,
        FindingStatus::Fail => Status::NotMet,
        FindingStatus::Inconclusive => match by_accounts {
            Some(status @ (Status::Partial | Status::NotMet)) => status,
            _ => Status::Unknown,
        },
    };
    if accounts.in_scope > 0 {
        result.reasons.push(accounts.describe());
    }
    if let Some(reason) = org.describe(accounts.in_scope, result.status) {
        result.reasons.push(reason);
    }
    result.reasons.extend(fail_messages.iter().take(QUOTED_MESSAGES).map(|m| (*m).to_owned()));
    if fail_messages.len() > QUOTED_MESSAGES {
        result.reasons.push(format!("… and {} more failed findings.", fail_messages.len() - QUOTED_MESSAGES));
    }
    result.reasons.extend(inconclusive_messages.iter().take(QUOTED_MESSAGES).map(|m| (*m).to_owned()));
    automated
}

/// The accounts' verdicts.
struct Accounts<'a> {
    holding: u32,
    in_scope: u32,
    inconclusive: u32,
    failing: Vec<&'a str>,
}

impl<'a> Accounts<'a> {
    /// The accounts from each one's combined status; the failing ones in id order.
    fn judge(per_account: &HashMap<&'a str, FindingStatus>) -> Self {
        let mut accounts = Accounts { holding: 0, in_scope: 0, inconclusive: 0, failing: Vec::new() };
        for (account, status) in per_account {
            match status {
                FindingStatus::NotApplicable => continue,
                FindingStatus::Pass => accounts.holding += 1,
                FindingStatus::Fail => accounts.failing.push(account),
                FindingStatus::Inconclusive => accounts.inconclusive += 1,
            }
            accounts.in_scope += 1;
        }
        accounts.failing.sort_unstable();
        accounts
    }

    /// The status over the accounts, `None` when no account is in scope.
    fn status(&self) -> Option<Status> {
        if self.in_scope == 0 {
            return None;
        }
        Some(match (self.failing.len(), self.inconclusive) {
            (0, 0) => Status::Met,
            (0, _) => Status::Unknown,
            _ if self.holding > 0 => Status::Partial,
            // Some accounts fail and none is known to hold, but the accounts that could not be
            // read may: partial or not met, which the evidence cannot tell apart.
            (_, 0) => Status::NotMet,
            _ => Status::Unknown,
        })
    }

    fn describe(&self) -> String {
        let (holding, in_scope) = (self.holding, self.in_scope);
        let accounts = if in_scope == 1 { "account" } else { "accounts" };
        if !self.failing.is_empty() {
            let named = self.failing.get(..NAMED_ACCOUNTS).unwrap_or(&self.failing).join(", ");
            let named = match self.failing.len().saturating_sub(NAMED_ACCOUNTS) {
                0 => named,
                more => format!("{named} and {more} more"),
            };
            if holding == 0 && self.inconclusive > 0 {
                format!(
                    "Fails in {named}; the evidence could not be read in {} of {in_scope} {accounts}, so whether it holds anywhere is unknown.",
                    self.inconclusive
                )
            } else {
                format!("Holds in {holding} of {in_scope} {accounts}; fails in {named}.")
            }
        } else if self.inconclusive > 0 {
            format!(
                "Nothing fails, but the evidence could not be read in {} of {in_scope} {accounts}.",
                self.inconclusive
            )
        } else if in_scope == 1 {
            "Holds in the one account in scope.".to_owned()
        } else {
            format!("Holds in all {in_scope} accounts in scope.")
        }
    }
}

/// The verdict of the findings about the organization as a whole.
struct OrganizationLevel {
    status: FindingStatus,
    any_pass: bool,
}

impl OrganizationLevel {
    fn judge(statuses: &[FindingStatus]) -> Self {
        Self {
            status: FindingStatus::combine(statuses.iter().copied()),
            any_pass: statuses.contains(&FindingStatus::Pass),
        }
    }

    /// What the organization-level findings did to the control, if anything.
    fn describe(&self, accounts_in_scope: u32, status: Status) -> Option<String> {
        let alone = accounts_in_scope == 0;
        match self.status {
            FindingStatus::NotApplicable => None,
            FindingStatus::Pass if alone => {
                Some("Holds at the organization level (judged for the organization as a whole, not per account).".to_owned())
            }
            FindingStatus::Pass => Some("Holds at the organization level too.".to_owned()),
            FindingStatus::Fail if alone && status == Status::Partial => Some(
                "Holds only in part at the organization level (judged for the organization as a whole, not per account)."
                    .to_owned(),
            ),
            FindingStatus::Fail if alone => Some(
                "Fails at the organization level (judged for the organization as a whole, not per account).".to_owned(),
            ),
            FindingStatus::Fail => {
                Some(format!("Fails at the organization level, so it cannot be met, whatever the accounts show ({status})."))
            }
            FindingStatus::Inconclusive if status == Status::Unknown => Some(
                "The organization-level evidence could not be read, so the control stays unknown.".to_owned(),
            ),
            FindingStatus::Inconclusive => Some("The organization-level evidence could not be read.".to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use maturity_checks::{Finding, Location};
    use maturity_model::Catalogs;

    use super::*;
    use crate::controls::AssessedFinding;

    const CHECK: &str = "org-custom-scps-applied";

    fn finding(status: FindingStatus, account: Option<&str>) -> AssessedFinding {
        let location = account.map_or_else(Location::organization, Location::account);
        AssessedFinding {
            finding: Finding {
                check: CHECK.into(),
                status,
                location,
                tags: maturity_evidence::Tags::default(),
                message: format!("{status} here."),
            },
            excepted_by: None,
        }
    }

    fn roll(findings: &[AssessedFinding]) -> ControlResult {
        let catalogs = Catalogs::builtin().unwrap_or_else(|e| panic!("catalogs: {e:?}"));
        let control = catalogs.aws_smm.control("guardrails").unwrap_or_else(|| panic!("no guardrails control"));
        assert!(control.checks.iter().any(|c| c == CHECK));
        let set = ScoredFindings::of(findings);
        let checks: Vec<usize> = control.checks.iter().filter_map(|c| set.index_of(c)).collect();
        let mut result = ControlResult::new(&control.id);
        decide(control, &set, &checks, true, &mut result);
        result
    }

    use FindingStatus::{Fail, Inconclusive, NotApplicable, Pass};

    #[test]
    fn a_pass_inside_a_failing_account_does_not_make_it_partial() {
        let result = roll(&[finding(Pass, Some("1")), finding(Fail, Some("1")), finding(Fail, Some("2"))]);
        assert_eq!(result.status, Status::NotMet);
        assert_eq!(result.coverage, Some(Coverage { holding: 0, in_scope: 2 }));
    }

    #[test]
    fn an_organization_level_fail_keeps_holding_accounts_from_meeting_it() {
        let result = roll(&[finding(Fail, None), finding(Pass, Some("1")), finding(Pass, Some("2"))]);
        assert_eq!(result.status, Status::Partial);
        assert_eq!(result.coverage, None, "account figures would overstate it");
        assert!(result.failing_accounts.is_empty());
        assert!(result.reasons.iter().any(|r| r.contains("organization level")), "{:?}", result.reasons);
        let none_hold = roll(&[finding(Fail, None), finding(Fail, Some("1"))]);
        assert_eq!(none_hold.status, Status::NotMet);
    }

    #[test]
    fn organization_level_evidence_that_could_not_be_read_leaves_it_unknown_unless_an_account_fails() {
        let holding = roll(&[finding(Inconclusive, None), finding(Pass, Some("1"))]);
        assert_eq!(holding.status, Status::Unknown);
        assert_eq!(holding.coverage, Some(Coverage { holding: 1, in_scope: 1 }));
        let failing = roll(&[finding(Inconclusive, None), finding(Fail, Some("1")), finding(Pass, Some("2"))]);
        assert_eq!(failing.status, Status::Partial);
    }

    #[test]
    fn the_reasons_name_the_first_failing_accounts_and_count_the_others() {
        let ids: Vec<String> = (0..NAMED_ACCOUNTS + 2).map(|n| format!("{n:012}")).collect();
        let mut findings: Vec<AssessedFinding> = ids.iter().map(|id| finding(Fail, Some(id))).collect();
        findings.push(finding(Pass, Some("999999999999")));
        let result = roll(&findings);
        assert_eq!(result.failing_accounts.len(), NAMED_ACCOUNTS + 2, "the field keeps every account");
        let reason = result.reasons.iter().find(|r| r.contains("fails in")).unwrap_or_else(|| panic!("no reason"));
        assert!(reason.ends_with(&format!("{} and 2 more.", ids[NAMED_ACCOUNTS - 1])), "{reason}");
        assert!(!reason.contains(&ids[NAMED_ACCOUNTS]), "{reason}");
    }

    #[test]
    fn failing_accounts_beside_unread_ones_leave_it_unknown_unless_one_holds() {
        let unread = roll(&[finding(Fail, Some("1")), finding(Inconclusive, Some("2"))]);
        assert_eq!(unread.status, Status::Unknown, "account 2 may hold");
        assert!(
            unread.reasons.iter().any(|r| r.contains("whether it holds anywhere is unknown")),
            "{:?}",
            unread.reasons
        );
        assert_eq!(unread.failing_accounts, ["1"]);
        let holding = roll(&[finding(Fail, Some("1")), finding(Inconclusive, Some("2")), finding(Pass, Some("3"))]);
        assert_eq!(holding.status, Status::Partial);
        let all_fail = roll(&[finding(Fail, Some("1")), finding(Fail, Some("2"))]);
        assert_eq!(all_fail.status, Status::NotMet);
    }

    #[test]
    fn organization_level_findings_alone_have_no_account_coverage() {
        let met = roll(&[finding(Pass, None), finding(NotApplicable, Some("1"))]);
        assert_eq!((met.status, met.coverage), (Status::Met, None));
        let part = roll(&[finding(Pass, None), finding(Fail, None)]);
        assert_eq!((part.status, part.coverage), (Status::Partial, None));
        let nothing = roll(&[finding(NotApplicable, None)]);
        assert_eq!(nothing.status, Status::NotApplicable);
    }
}
