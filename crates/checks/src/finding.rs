//! Findings: what a check concluded about one organization, account, region or resource.

use std::borrow::Cow;
use std::fmt;

use maturity_evidence::{Missing, Tags};
use serde::{Deserialize, Serialize};

/// The verdict of one finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingStatus {
    /// The desired state holds.
    Pass,
    /// The desired state does not hold.
    Fail,
    /// Nothing in scope for this check here.
    NotApplicable,
    /// The evidence needed was denied, unavailable, failed or not collected.
    Inconclusive,
}

impl FindingStatus {
    /// The status's id.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            FindingStatus::Pass => "pass",
            FindingStatus::Fail => "fail",
            FindingStatus::NotApplicable => "not_applicable",
            FindingStatus::Inconclusive => "inconclusive",
        }
    }

    /// The verdict over several findings: any fail fails, then any inconclusive, then any pass;
    /// only not-applicable findings (or none) are not applicable.
    #[must_use]
    pub fn combine(statuses: impl IntoIterator<Item = FindingStatus>) -> FindingStatus {
        let mut seen = [false; 4];
        for status in statuses {
            seen[status as usize] = true;
        }
        match seen {
            [_, true, _, _] => FindingStatus::Fail,
            [_, _, _, true] => FindingStatus::Inconclusive,
            [true, _, _, _] => FindingStatus::Pass,
            _ => FindingStatus::NotApplicable,
        }
    }
}

impl fmt::Display for FindingStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Where a finding applies.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Location {
    /// The account, unless the finding is about the organization as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The region, for regional findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The resource id or ARN, for resource findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
}

impl Location {
    /// The organization as a whole.
    #[must_use]
    pub fn organization() -> Self {
        Self::default()
    }

    /// One account.
    #[must_use]
    pub fn account(account_id: &str) -> Self {
        Self { account_id: Some(account_id.to_owned()), ..Self::default() }
    }

    /// One region of one account.
    #[must_use]
    pub fn region(account_id: &str, region: &str) -> Self {
        Self { region: Some(region.to_owned()), ..Self::account(account_id) }
    }

    /// One resource; `region` is `None` for global resources.
    #[must_use]
    pub fn resource(account_id: &str, region: Option<&str>, resource: &str) -> Self {
        Self {
            account_id: Some(account_id.to_owned()),
            region: region.map(str::to_owned),
            resource: Some(resource.to_owned()),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<&str> =
            [&self.account_id, &self.region, &self.resource].into_iter().filter_map(|p| p.as_deref()).collect();
        if parts.is_empty() { f.write_str("organization") } else { f.write_str(&parts.join("/")) }
    }
}

/// One conclusion of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Finding {
    /// The check's id.
    pub check: Cow<'static, str>,
    /// The verdict.
    pub status: FindingStatus,
    /// Where it applies.
    #[serde(flatten)]
    pub location: Location,
    /// The resource's tags, so exceptions can match them.
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
    /// A full sentence naming the resource and what was observed; empty, in an assessment that
    /// keeps no finding, for a finding whose message it never quotes ([`Messages::Quoted`]).
    pub message: String,
}

/// Where a check puts its findings.
#[derive(Debug)]
pub struct Findings {
    check: &'static str,
    messages: Messages,
    items: Vec<Finding>,
    /// The account of the last finding, and how many failed and inconclusive findings about it
    /// came one after the other so far ([`Messages::Quoted`]).
    account: Option<String>,
    failed: usize,
    inconclusive: usize,
}

/// Which findings get their message written.
///
/// An assessment that keeps no finding (no report, no findings file) reads the messages of a
/// few failed and inconclusive findings only, in its reasons: at ten thousand accounts, writing
/// the messages of the millions of others was a tenth of its time. Checks pass their messages as
/// [`Message`]s (`format_args!`) so that a message not written is not formatted either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Messages {
    /// Every finding's.
    #[default]
    All,
    /// Those of the first `first` failed and the first `first` inconclusive findings about each
    /// account (counted again whenever the account changes: the findings may be put in the
    /// bundle's order of accounts afterwards, so the first ones of each account are kept, not
    /// those of the whole run), and of every failed finding when `every_failed` (an exception
    /// may cover the first ones, and the next are then quoted). The others' are left empty.
    Quoted {
        /// How many messages of each kind about each account.
        first: usize,
        /// Whether every failed finding's message is written.
        every_failed: bool,
    },
}

/// A finding's message: text, or the arguments of `format_args!` or a closure, formatted only
/// when the message is written ([`Messages`]).
pub trait Message {
    /// The message as text.
    fn into_text(self) -> String;
}

impl Message for String {
    fn into_text(self) -> String {
        self
    }
}

impl Message for &str {
    fn into_text(self) -> String {
        self.to_owned()
    }
}

impl Message for &String {
    fn into_text(self) -> String {
        self.clone()
    }
}

impl Message for fmt::Arguments<'_> {
    fn into_text(self) -> String {
        fmt::format(self)
    }
}

/// A message made only when written.
impl<F: FnOnce() -> String> Message for F {
    fn into_text(self) -> String {
        self()
    }
}

impl Findings {
    /// An empty sink for one check, writing every message.
    #[must_use]
    pub fn new(check: &'static str) -> Self {
        Self::with_messages(check, Messages::All)
    }

    /// An empty sink for one check, writing the messages `messages` says.
    #[must_use]
    pub fn with_messages(check: &'static str, messages: Messages) -> Self {
        Self::with_capacity(check, messages, 0)
    }

    /// An empty sink for one check, writing the messages `messages` says, with room for
    /// `capacity` findings.
    #[must_use]
    pub fn with_capacity(check: &'static str, messages: Messages, capacity: usize) -> Self {
        Self { check, messages, items: Vec::with_capacity(capacity), account: None, failed: 0, inconclusive: 0 }
    }

    /// Whether the message of a finding of `status` about `account` is written.
    fn writes(&mut self, status: FindingStatus, account: Option<&String>) -> bool {
        let Messages::Quoted { first, every_failed } = self.messages else { return true };
        if self.account.as_ref() != account {
            match (&mut self.account, account) {
                (Some(last), Some(account)) => account.clone_into(last),
                (last, account) => *last = account.cloned(),
            }
            (self.failed, self.inconclusive) = (0, 0);
        }
        match status {
            FindingStatus::Fail => {
                self.failed += 1;
                every_failed || self.failed <= first
            }
            FindingStatus::Inconclusive => {
                self.inconclusive += 1;
                self.inconclusive <= first
            }
            FindingStatus::Pass | FindingStatus::NotApplicable => false,
        }
    }

    /// Adds a finding.
    pub fn add(&mut self, status: FindingStatus, location: Location, message: impl Message) {
        let written = self.writes(status, location.account_id.as_ref());
        self.items.push(Finding {
            check: Cow::Borrowed(self.check),
            status,
            location,
            tags: Tags::new(),
            message: if written { message.into_text() } else { String::new() },
        });
    }

    /// Adds a finding about a tagged resource.
    pub fn add_tagged(&mut self, status: FindingStatus, location: Location, tags: &Tags, message: impl Message) {
        self.add(status, location, message);
        if let Some(last) = self.items.last_mut() {
            last.tags.clone_from(tags);
        }
    }

    /// The desired state holds here.
    pub fn pass(&mut self, location: Location, message: impl Message) {
        self.add(FindingStatus::Pass, location, message);
    }

    /// The desired state does not hold here.
    pub fn fail(&mut self, location: Location, message: impl Message) {
        self.add(FindingStatus::Fail, location, message);
    }

    /// Nothing in scope here.
    pub fn not_applicable(&mut self, location: Location, message: impl Message) {
        self.add(FindingStatus::NotApplicable, location, message);
    }

    /// The evidence could not be read: `what` names the evidence, `missing` says why.
    pub fn inconclusive(&mut self, location: Location, what: &str, missing: &Missing<'_>) {
        self.add(FindingStatus::Inconclusive, location, format_args!("Cannot tell {what}: {missing}."));
    }

    /// The findings so far.
    #[must_use]
    pub fn as_slice(&self) -> &[Finding] {
        &self.items
    }

    /// The findings.
    #[must_use]
    pub fn into_vec(self) -> Vec<Finding> {
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FindingStatus::{Fail, Inconclusive, NotApplicable, Pass};

    #[test]
    fn combine_orders_fail_inconclusive_pass_not_applicable() {
        assert_eq!(FindingStatus::combine([Pass, Inconclusive, Fail]), Fail);
        assert_eq!(FindingStatus::combine([Pass, Inconclusive]), Inconclusive);
        assert_eq!(FindingStatus::combine([Pass, NotApplicable]), Pass);
        assert_eq!(FindingStatus::combine([NotApplicable]), NotApplicable);
        assert_eq!(FindingStatus::combine([]), NotApplicable);
    }

    #[test]
    fn quoted_messages_are_those_of_failed_and_inconclusive_findings_and_no_other_is_made() {
        let here = || Location::account("111111111111");
        let quoted = Messages::Quoted { first: 3, every_failed: false };
        for (messages, written) in [(Messages::All, true), (quoted, false)] {
            let mut out = Findings::with_messages("some-check", messages);
            out.pass(here(), || -> String {
                assert!(written, "a message not written was made");
                "made".to_owned()
            });
            out.not_applicable(here(), format_args!("nothing {}", "here"));
            out.fail(here(), "it fails");
            out.inconclusive(here(), "whether it holds", &Missing::Denied("x:GetY"));
            let got: Vec<&str> = out.as_slice().iter().map(|f| f.message.as_str()).collect();
            let expected = if written {
                ["made", "nothing here", "it fails", "Cannot tell whether it holds: access denied to x:GetY."]
            } else {
                ["", "", "it fails", "Cannot tell whether it holds: access denied to x:GetY."]
            };
            assert_eq!(got, expected, "{messages:?}");
        }
    }

    #[test]
    fn quoted_messages_are_the_first_of_each_account_or_every_failed_one() {
        let run = |every_failed: bool| -> Vec<String> {
            let mut out = Findings::with_messages("some-check", Messages::Quoted { first: 2, every_failed });
            // Account a, then b, then a again: each stretch of an account counts from nothing.
            for (account, n) in [("a", 3), ("b", 1), ("a", 3)] {
                for i in 0..n {
                    out.fail(Location::account(account), format_args!("{account} fails {i}"));
                    out.inconclusive(Location::account(account), &format!("{account} {i}"), &Missing::NotCollected);
                }
            }
            out.fail(Location::organization(), "the organization fails");
            let failed = out.as_slice().iter().filter(|f| f.status == FindingStatus::Fail);
            let inconclusive = out.as_slice().iter().filter(|f| f.status == FindingStatus::Inconclusive);
            assert_eq!(
                inconclusive.map(|f| !f.message.is_empty()).collect::<Vec<_>>(),
                [true, true, false, true, true, true, false],
                "inconclusive messages are never all written"
            );
            failed.map(|f| f.message.clone()).collect()
        };
        assert_eq!(
            run(false),
            ["a fails 0", "a fails 1", "", "b fails 0", "a fails 0", "a fails 1", "", "the organization fails"]
        );
        assert_eq!(
            run(true),
            [
                "a fails 0",
                "a fails 1",
                "a fails 2",
                "b fails 0",
                "a fails 0",
                "a fails 1",
                "a fails 2",
                "the organization fails"
            ]
        );
    }
}
