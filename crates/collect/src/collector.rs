//! One way to write a collector: a [`Collector`] names the bundle facts it fills and gathers them
//! from one [`Context`] (an account, a region, the clients and the scan's bound) into
//! [`Update`]s. Every collector of a scan is one line of the table in `collectors`, so the scan
//! is a loop over that table and a test can prove that no fact of the bundle is left out.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use maturity_evidence::{AccountEvidence, Fact, GlobalFacts, RegionFacts};

use crate::config::Clients;
use crate::services::Limit;

/// Where a collector works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Once in every scanned region; its facts go into that region's [`RegionFacts`].
    Regional,
    /// Once per account, through the home region; its facts go into [`GlobalFacts`].
    AccountWide,
}

/// What one collector works with. The table's macros pass its fields to the service functions
/// by name (`ec2::vpcs(clients, region)`).
#[derive(Clone)]
pub(crate) struct Context {
    /// SDK clients of the account, which count every call.
    pub(crate) clients: Clients,
    /// The account being scanned.
    pub(crate) account_id: String,
    /// Where the calls go: the collector's region, or the home region for account-wide ones.
    pub(crate) region: String,
    /// Every region the scan covers in this account (account-wide facts read region by region).
    pub(crate) scanned_regions: Arc<[String]>,
    /// The scan's concurrency bound, for collectors that fan out calls per resource.
    pub(crate) limit: Limit,
}

/// A running collector: the updates of its facts, once every call has answered.
pub(crate) type Collecting = Pin<Box<dyn Future<Output = Vec<Update>> + Send>>;

/// One collector: one table line.
pub(crate) struct Collector {
    /// The fact it fills, or the walk that fills several.
    pub(crate) name: &'static str,
    /// Where it works.
    pub(crate) scope: Scope,
    /// The bundle fields it fills (of [`RegionFacts`] or [`GlobalFacts`], after its scope).
    pub(crate) facts: &'static [&'static str],
    /// Starts it.
    pub(crate) collect: fn(Context) -> Collecting,
}

impl Collector {
    /// Its name and the facts it declares, for the scan to check what it fills.
    pub(crate) fn declared(&self) -> (&'static str, &'static [&'static str]) {
        (self.name, self.facts)
    }
}

/// Boxes a collector's work, so that every collector has the same signature.
pub(crate) fn collecting(work: impl Future<Output = Vec<Update>> + Send + 'static) -> Collecting {
    Box::pin(work)
}

/// One fact a collector gathered: its name and region, what went wrong if anything, and how to
/// put it into the account's evidence.
pub(crate) struct Update {
    pub(crate) region: Option<String>,
    pub(crate) fact: &'static str,
    pub(crate) problem: Option<String>,
    pub(crate) apply: Box<dyn FnOnce(&mut AccountEvidence) + Send>,
}

impl Update {
    /// A fact of `region`.
    pub(crate) fn regional<T: Send + 'static>(
        region: &str,
        fact: &'static str,
        value: Fact<T>,
        set: fn(&mut RegionFacts, Fact<T>),
    ) -> Update {
        let problem = value.get().err().map(|missing| missing.to_string());
        let key = region.to_owned();
        Update {
            region: Some(region.to_owned()),
            fact,
            problem,
            apply: Box::new(move |account| set(account.regions.entry(key).or_default(), value)),
        }
    }

    /// A fact of the account as a whole.
    pub(crate) fn account_wide<T: Send + 'static>(
        fact: &'static str,
        value: Fact<T>,
        set: fn(&mut GlobalFacts, Fact<T>),
    ) -> Update {
        let problem = value.get().err().map(|missing| missing.to_string());
        Update { region: None, fact, problem, apply: Box::new(move |account| set(&mut account.global, value)) }
    }
}

/// The update of one [`RegionFacts`] field in the context's region: `region_fact!(context, field = value)`.
macro_rules! region_fact {
    ($context:expr, $fact:ident = $value:expr) => {
        $crate::collector::Update::regional(&$context.region, stringify!($fact), $value, |facts, value| {
            facts.$fact = value;
        })
    };
}

/// The update of one [`GlobalFacts`] field: `account_fact!(field = value)`.
macro_rules! account_fact {
    ($fact:ident = $value:expr) => {
        $crate::collector::Update::account_wide(stringify!($fact), $value, |facts, value| facts.$fact = value)
    };
}

/// A regional collector, as one table line: either one fact from one service function, whose
/// arguments are [`Context`] fields (`regional!(ec2_vpcs = ec2::vpcs(clients, region))`), or a
/// walk (`async fn(Context) -> Vec<Update>`) that fills several facts
/// (`regional!(macie => [macie_session, macie_classification_jobs])`).
macro_rules! regional {
    ($fact:ident = $($collect:ident)::+ ( $($arg:ident),* )) => {
        $crate::collector::Collector {
            name: stringify!($fact),
            scope: $crate::collector::Scope::Regional,
            facts: &[stringify!($fact)],
            collect: |context| {
                $crate::collector::collecting(async move {
                    let value = $($collect)::+($(&context.$arg),*).await;
                    vec![$crate::collector::region_fact!(context, $fact = value)]
                })
            },
        }
    };
    ($walk:ident => [$($fact:ident),+ $(,)?]) => {
        $crate::collector::Collector {
            name: stringify!($walk),
            scope: $crate::collector::Scope::Regional,
            facts: &[$(stringify!($fact)),+],
            collect: |context| $crate::collector::collecting($walk(context)),
        }
    };
}

/// An account-wide collector, as one table line; the same two forms as [`regional!`].
macro_rules! account_wide {
    ($fact:ident = $($collect:ident)::+ ( $($arg:ident),* )) => {
        $crate::collector::Collector {
            name: stringify!($fact),
            scope: $crate::collector::Scope::AccountWide,
            facts: &[stringify!($fact)],
            collect: |context| {
                $crate::collector::collecting(async move {
                    let value = $($collect)::+($(&context.$arg),*).await;
                    vec![$crate::collector::account_fact!($fact = value)]
                })
            },
        }
    };
    ($walk:ident => [$($fact:ident),+ $(,)?]) => {
        $crate::collector::Collector {
            name: stringify!($walk),
            scope: $crate::collector::Scope::AccountWide,
            facts: &[$(stringify!($fact)),+],
            collect: |context| $crate::collector::collecting($walk(context)),
        }
    };
}

pub(crate) use {account_fact, account_wide, region_fact, regional};
