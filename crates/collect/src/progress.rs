//! What a scan reports while it runs. The library never prints: the binary decides how events
//! look (log lines or a progress line).

/// One thing that happened during a scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The accounts to scan are known.
    Planned {
        /// How many accounts.
        accounts: usize,
    },
    /// The collector could not enter an account; it is recorded and skipped.
    AccountUnreachable {
        /// The account.
        account_id: String,
        /// Why, in words.
        reason: String,
    },
    /// A fact could not be collected (denied, unavailable or failed).
    Problem {
        /// The account.
        account_id: String,
        /// The region, for a regional fact.
        region: Option<String>,
        /// The fact's name in the bundle.
        fact: &'static str,
        /// What went wrong.
        detail: String,
    },
    /// Every collector of one region of an account has finished.
    RegionDone {
        /// The account.
        account_id: String,
        /// The region.
        region: String,
    },
    /// Every collector of an account has finished.
    AccountDone {
        /// The account.
        account_id: String,
        /// API calls made so far in the whole scan.
        calls_so_far: u64,
    },
}

/// Receives the events of a scan; called from many tasks at once.
pub trait Progress: Send + Sync {
    /// Handles one event.
    fn event(&self, event: Event);
}

/// Ignores every event (for callers that want no progress).
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn event(&self, _event: Event) {}
}
