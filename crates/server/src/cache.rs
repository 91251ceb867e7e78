//! Saved assessments, read once: a saved assessment never changes, so what was decompressed and
//! parsed can be kept.
//!
//! Three kinds are kept. The last few whole assessments ([`RECENT`]), because one of a large
//! organization is hundreds of megabytes in memory and seconds to parse; for every assessment
//! ever read, its control and objective statuses, which the history on a control's or
//! objective's page needs for every saved assessment and which take a few kilobytes; and the
//! last few diff pages ([`DIFFS`]), since diffing two large organizations takes seconds and its
//! result cannot change.
//!
//! One assessment is loaded at a time: a second request for one being loaded waits for it
//! rather than parse it again beside it (twice the memory, and both slower on a small machine).
//! Loading runs on the runtime's blocking threads, since parsing a large assessment takes seconds
//! that the threads answering other requests must not lose.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use maturity_assess::{Assessment, Status};
use maturity_store::Store;

use crate::error::PageError;

/// Whole assessments kept in memory.
const RECENT: usize = 3;

/// Rendered diffs kept.
const DIFFS: usize = 4;

/// Rendered diff pages by (old, new), oldest first.
type Diffs = VecDeque<((i64, i64), Arc<str>)>;

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
    recent: Mutex<VecDeque<(i64, Arc<Assessment>)>>,
    statuses: Mutex<HashMap<i64, Arc<Statuses>>>,
    diffs: Mutex<Diffs>,
    loading: tokio::sync::Mutex<()>,
}

impl Assessments {
    pub(crate) fn new(store: Store) -> Assessments {
        Assessments {
            store,
            recent: Mutex::default(),
            statuses: Mutex::default(),
            diffs: Mutex::default(),
            loading: tokio::sync::Mutex::new(()),
        }
    }

    /// The saved assessment `id`.
    pub(crate) async fn get(&self, id: i64) -> Result<Arc<Assessment>, PageError> {
        if let Some(found) = self.cached(id) {
            return Ok(found);
        }
        let _loading = self.loading.lock().await;
        if let Some(found) = self.cached(id) {
            return Ok(found);
        }
        let (store, runtime) = (self.store.clone(), tokio::runtime::Handle::current());
        let loaded = tokio::task::spawn_blocking(move || runtime.block_on(store.load(id)))
            .await
            .map_err(|e| PageError::Internal(format!("loading assessment {id} stopped: {e}")))?;
        let assessment = Arc::new(loaded?);
        self.statuses.lock().unwrap_or_else(PoisonError::into_inner).insert(id, Arc::new(Statuses::of(&assessment)));
        let mut recent = self.lock_recent();
        if !recent.iter().any(|(key, _)| *key == id) {
            if recent.len() == RECENT {
                recent.pop_front();
            }
            recent.push_back((id, Arc::clone(&assessment)));
        }
        Ok(assessment)
    }

    fn cached(&self, id: i64) -> Option<Arc<Assessment>> {
        self.lock_recent().iter().find(|(key, _)| *key == id).map(|(_, found)| Arc::clone(found))
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
        let assessment = self.get(id).await?;
        Ok(Arc::new(Statuses::of(&assessment)))
    }

    fn lock_recent(&self) -> std::sync::MutexGuard<'_, VecDeque<(i64, Arc<Assessment>)>> {
        self.recent.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
