//! What every request shares: the store (through the [`Assessments`] cache), the catalogs the
//! pages name controls and objectives from, the [`Access`] rule, the forms' key, and the lock
//! that puts changes in a row.

use std::sync::Arc;

use chrono::NaiveDate;
use maturity_model::Catalogs;
use maturity_store::Store;

use crate::cache::Assessments;
use crate::{Access, csrf};

/// The server's shared state; cheap to clone (one `Arc`).
#[derive(Clone)]
pub(crate) struct AppState(Arc<Inner>);

pub(crate) struct Inner {
    pub(crate) store: Store,
    pub(crate) assessments: Assessments,
    pub(crate) catalogs: &'static Catalogs,
    pub(crate) access: Access,
    /// The key of the forms' tokens.
    pub(crate) csrf: csrf::Key,
    /// The day re-assessments are judged against, when fixed (tests); today otherwise.
    pub(crate) as_of: Option<NaiveDate>,
    /// Held while a change is made, so that two changes never start from the same assessment.
    pub(crate) changing: tokio::sync::Mutex<()>,
}

impl AppState {
    pub(crate) fn new(
        store: Store,
        catalogs: &'static Catalogs,
        access: Access,
        csrf: csrf::Key,
        as_of: Option<NaiveDate>,
    ) -> AppState {
        AppState(Arc::new(Inner {
            assessments: Assessments::new(store.clone()),
            store,
            catalogs,
            access,
            csrf,
            as_of,
            changing: tokio::sync::Mutex::new(()),
        }))
    }

    /// The day answers and exceptions are judged against now.
    pub(crate) fn today(&self) -> NaiveDate {
        self.as_of.unwrap_or_else(|| chrono::Utc::now().date_naive())
    }

    /// The latest day an answer may be dated: today anywhere on Earth, or the day this server
    /// was told is today.
    pub(crate) fn latest_answer_day(&self) -> NaiveDate {
        self.as_of.unwrap_or_else(|| maturity_assess::answers::today_anywhere(chrono::Utc::now()))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}
