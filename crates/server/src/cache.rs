//! Saved assessments, read once: a saved assessment never changes, so what was decompressed and
//! parsed can be kept.
//!
//! Two kinds are kept. The last few whole assessments ([`RECENT`]), because one of a large
//! organization is hundreds of megabytes in memory and seconds to parse; and, for every
//! assessment ever read, its control and objective statuses, which the history on a control's
//! or objective's page needs for every saved assessment and which take a few kilobytes.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use maturity_assess::{Assessment, Status};
use maturity_store::{Store, StoreError};

/// Whole assessments kept in memory.
const RECENT: usize = 3;

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
}

impl Assessments {
    pub(crate) fn new(store: Store) -> Assessments {
        Assessments { store, recent: Mutex::default(), statuses: Mutex::default() }
    }

    /// The saved assessment `id`.
    pub(crate) async fn get(&self, id: i64) -> Result<Arc<Assessment>, StoreError> {
        if let Some(found) = self.lock_recent().iter().find(|(key, _)| *key == id) {
            return Ok(Arc::clone(&found.1));
        }
        let assessment = Arc::new(self.store.load(id).await?);
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

    /// The statuses of the saved assessment `id`.
    pub(crate) async fn statuses(&self, id: i64) -> Result<Arc<Statuses>, StoreError> {
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
