//! Saved assessments, read once: a saved assessment never changes, so what was decompressed and
//! parsed can be kept.
//!
//! Four kinds are kept. Heads ([`Head`]: an assessment without its findings, a few hundred
//! kilobytes even for a large organization), the last [`HEADS`] read: they are what the grid,
//! CSMM chart, roadmap and objective pages show, read from the store's head column in
//! milliseconds. The last few whole assessments ([`RECENT`]), for the pages that show findings
//! (a control's, the diff), because one of a large organization is hundreds of megabytes in
//! memory and seconds to parse. For every assessment ever read, its control and objective
//! statuses, which the history on a control's or objective's page needs for every saved
//! assessment and which take a few kilobytes; they come from heads. And the last few diff pages
//! ([`DIFFS`]), since diffing two large organizations takes seconds and its result cannot change.
//!
//! One whole assessment is loaded at a time: a second request for one being loaded waits for it
//! rather than parse it again beside it (twice the memory, and both slower on a small machine).
//! Heads do not wait for that: a grid is not held up by a control page's load. The head of a row
//! saved before the store kept heads can only be made from the whole, so it is loaded as a whole
//! is (one at a time, and kept). Loading runs on the runtime's blocking threads, since parsing a
//! large assessment takes seconds that the threads answering other requests must not lose.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use maturity_assess::{Assessment, Status};
use maturity_store::{Head, Store};

use crate::error::PageError;

/// Whole assessments kept in memory.
const RECENT: usize = 3;

/// Heads kept in memory.
const HEADS: usize = 64;

/// Rendered diffs kept.
const DIFFS: usize = 4;

/// Rendered diff pages by (old, new), oldest first.
type Diffs = VecDeque<((i64, i64), Arc<str>)>;

/// Values by saved id, least recently added first.
type Kept<T> = Mutex<VecDeque<(i64, Arc<T>)>>;

/// The statuses of one saved assessment's controls and objectives.
#[derive(Debug, Default)]
pub(crate) struct Statuses {
    pub(crate) controls: HashMap<String, Status>,
    pub(crate) objectives: HashMap<String, Status>,
}

impl Statuses {
    fn of(assessment: &Assessment) -> Statuses {
        Statuses {
            controls: assessment.aws_smm.controls.iter().map(|c| (c.id.clone(), c.status)).collect(),
            objectives: assessment.csmm.objectives.iter().map(|o| (o.id.clone(), o.status)).collect(),
        }
    }
}

/// The cache in front of the store.
pub(crate) struct Assessments {
    store: Store,
    recent: Kept<Assessment>,
    heads: Kept<Head>,
    statuses: Mutex<HashMap<i64, Arc<Statuses>>>,
    diffs: Mutex<Diffs>,
    loading: tokio::sync::Mutex<()>,
}

impl Assessments {
    pub(crate) fn new(store: Store) -> Assessments {
        Assessments {
            store,
            recent: Mutex::default(),
            heads: Mutex::default(),
            statuses: Mutex::default(),
            diffs: Mutex::default(),
            loading: tokio::sync::Mutex::new(()),
        }
    }

    /// The saved assessment `id`, whole: only for pages that show its findings.
    pub(crate) async fn get(&self, id: i64) -> Result<Arc<Assessment>, PageError> {
        if let Some(found) = find(&self.recent, id) {
            return Ok(found);
        }
        let _loading = self.loading.lock().await;
        if let Some(found) = find(&self.recent, id) {
            return Ok(found);
        }
        let (store, runtime) = (self.store.clone(), tokio::runtime::Handle::current());
        let loaded = tokio::task::spawn_blocking(move || runtime.block_on(store.load(id)))
            .await
            .map_err(|e| PageError::Internal(format!("loading assessment {id} stopped: {e}")))?;
        let assessment = Arc::new(loaded?);
        if find(&self.heads, id).is_none() {
            self.remember_head(id, Arc::new(Head::of(&assessment)));
        }
        if let Some(evicted) = keep(&self.recent, id, Arc::clone(&assessment), RECENT) {
            // Freeing a large assessment takes a second: not on a thread that answers requests.
            tokio::task::spawn_blocking(move || drop(evicted));
        }
        Ok(assessment)
    }

    /// The saved assessment `id` without its findings: for every page that shows none.
    pub(crate) async fn head(&self, id: i64) -> Result<Arc<Head>, PageError> {
        if let Some(found) = find(&self.heads, id) {
            return Ok(found);
        }
        let (store, runtime) = (self.store.clone(), tokio::runtime::Handle::current());
        let saved = tokio::task::spawn_blocking(move || runtime.block_on(store.saved_head(id)))
            .await
            .map_err(|e| PageError::Internal(format!("loading the head of assessment {id} stopped: {e}")))??;
        let head = match saved {
            Some(head) => Arc::new(head),
            // Saved before the store kept heads: made from the whole, which is loaded (one at a
            // time) and kept as any whole is; `get` keeps its head too, unless it was kept already.
            None => {
                let whole = self.get(id).await?;
                if let Some(found) = find(&self.heads, id) {
                    return Ok(found);
                }
                Arc::new(Head::of(&whole))
            }
        };
        self.remember_head(id, Arc::clone(&head));
        Ok(head)
    }

    /// Keeps `head`, and the statuses of its assessment.
    fn remember_head(&self, id: i64, head: Arc<Head>) {
        let statuses = Arc::new(Statuses::of(head.without_findings()));
        self.statuses.lock().unwrap_or_else(PoisonError::into_inner).insert(id, statuses);
        drop(keep(&self.heads, id, head, HEADS));
    }

    /// The diff page body of `(old, new)`, rendered by `render` the first time.
    pub(crate) fn diff(&self, pair: (i64, i64), render: impl FnOnce() -> String) -> Arc<str> {
        if let Some(found) = self.lock_diffs().iter().find(|(key, _)| *key == pair) {
            return Arc::clone(&found.1);
        }
        let body: Arc<str> = render().into();
        let mut diffs = self.lock_diffs();
        if diffs.len() == DIFFS {
            diffs.pop_front();
        }
        diffs.push_back((pair, Arc::clone(&body)));
        body
    }

    fn lock_diffs(&self) -> std::sync::MutexGuard<'_, Diffs> {
        self.diffs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The statuses of the saved assessment `id`.
    pub(crate) async fn statuses(&self, id: i64) -> Result<Arc<Statuses>, PageError> {
        if let Some(found) = self.statuses.lock().unwrap_or_else(PoisonError::into_inner).get(&id) {
            return Ok(Arc::clone(found));
        }
        let head = self.head(id).await?;
        Ok(Arc::new(Statuses::of(head.without_findings())))
    }
}

/// The value kept for `id`.
fn find<T>(kept: &Kept<T>, id: i64) -> Option<Arc<T>> {
    kept.lock().unwrap_or_else(PoisonError::into_inner).iter().find(|(key, _)| *key == id).map(|(_, v)| Arc::clone(v))
}

/// Keeps `value` for `id` unless one is kept already, forgetting the oldest beyond `capacity`;
/// the one forgotten, for the caller to drop where it suits.
fn keep<T>(kept: &Kept<T>, id: i64, value: Arc<T>, capacity: usize) -> Option<Arc<T>> {
    let mut kept = kept.lock().unwrap_or_else(PoisonError::into_inner);
    if kept.iter().any(|(key, _)| *key == id) {
        return None;
    }
    let evicted = if kept.len() == capacity { kept.pop_front().map(|(_, value)| value) } else { None };
    kept.push_back((id, value));
    evicted
}
