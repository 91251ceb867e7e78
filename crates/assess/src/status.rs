//! Statuses of controls and objectives, where they come from, and how far they reach.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Where a control or objective stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// In place everywhere it applies.
    Met,
    /// In place in part.
    Partial,
    /// Not in place.
    NotMet,
    /// Nothing it applies to.
    NotApplicable,
    /// No usable evidence: never counted as met.
    Unknown,
}

impl Status {
    /// The status's id.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Partial => "partial",
            Status::NotMet => "not_met",
            Status::NotApplicable => "not_applicable",
            Status::Unknown => "unknown",
        }
    }

    /// Met or not applicable: nothing left to do.
    #[must_use]
    pub fn is_done(self) -> bool {
        matches!(self, Status::Met | Status::NotApplicable)
    }

    /// All statuses, in report order.
    pub const ALL: [Status; 5] = [Status::Met, Status::Partial, Status::NotMet, Status::NotApplicable, Status::Unknown];
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// What decided a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Automated checks on collected evidence.
    Automated,
    /// A person's answer.
    Attested,
    /// An accepted exception.
    Exception,
    /// Nothing: the status is unknown.
    None,
}

/// How many in-scope accounts a control holds in. Only accounts count: findings about the
/// organization as a whole are not an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Coverage {
    /// Accounts where every finding passes.
    pub holding: u32,
    /// Accounts where the control applies.
    pub in_scope: u32,
}

impl Coverage {
    /// Percent holding, 100 when nothing is in scope.
    #[must_use]
    pub fn percent(self) -> f64 {
        if self.in_scope == 0 { 100.0 } else { f64::from(self.holding) * 100.0 / f64::from(self.in_scope) }
    }
}
