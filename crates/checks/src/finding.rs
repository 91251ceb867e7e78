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
    /// A full sentence naming the resource and what was observed; empty for a finding that
    /// passed or is not applicable in an assessment that keeps no finding ([`Messages::Quoted`]).
    pub message: String,
}

/// Where a check puts its findings.
#[derive(Debug)]
pub struct Findings {
    check: &'static str,
    messages: Messages,
    items: Vec<Finding>,
}

/// Which findings get their message written.
///
/// An assessment that keeps no finding (no report, no findings file) reads the messages of the
/// failed and inconclusive findings only, in its reasons: at ten thousand accounts, writing the
/// messages of the millions of others was a tenth of its time. Checks pass their messages as
/// [`Message`]s (`format_args!`) so that a message not written is not formatted either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Messages {
    /// Every finding's.
    #[default]
    All,
    /// Those of failed and inconclusive findings; the others' are left empty.
    Quoted,
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
        Self { check, messages, items: Vec::new() }
    }

    /// Adds a finding.
    pub fn add(&mut self, status: FindingStatus, location: Location, message: impl Message) {
        let written = match self.messages {
            Messages::All => true,
            Messages::Quoted => matches!(status, FindingStatus::Fail | FindingStatus::Inconclusive),
        };
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
        for (messages, written) in [(Messages::All, true), (Messages::Quoted, false)] {
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
}
