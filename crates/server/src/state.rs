//! What every request shares: the store (through the [`Assessments`] cache), the catalogs the
//! pages name controls and objectives from, and the [`Access`] rule.

use std::sync::Arc;

use maturity_model::Catalogs;
use maturity_store::Store;

use crate::Access;
use crate::cache::Assessments;

/// The server's shared state; cheap to clone (one `Arc`).
#[derive(Clone)]
pub(crate) struct AppState(Arc<Inner>);

pub(crate) struct Inner {
    pub(crate) store: Store,
    pub(crate) assessments: Assessments,
    pub(crate) catalogs: &'static Catalogs,
    pub(crate) access: Access,
}

impl AppState {
    pub(crate) fn new(store: Store, catalogs: &'static Catalogs, access: Access) -> AppState {
        AppState(Arc::new(Inner { assessments: Assessments::new(store.clone()), store, catalogs, access }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.0
    }
}
