//! The routes, in one place: pages are GET; the only POSTs are the login form's. The
//! questionnaire's POST routes will join them here, behind the same guard.

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};

use crate::error::PageError;
use crate::state::AppState;
use crate::{auth, layout, pages};

/// Every route, behind the access guard.
pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::overview::page))
        .route("/assessments/{id}", get(pages::assessment::page))
        .route("/assessments/{id}/roadmap", get(pages::roadmap::page))
        .route("/assessments/{id}/controls/{control}", get(pages::control::page))
        .route("/assessments/{id}/objectives/{objective}", get(pages::objective::page))
        .route("/diff", get(pages::diff::page))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/assets/report.css", get(|| async { layout::stylesheet(maturity_report::html::STYLE) }))
        .route("/assets/dashboard.css", get(|| async { layout::stylesheet(layout::DASHBOARD_CSS) }))
        .fallback(|| async { PageError::NotFound("There is no such page.".to_owned()) })
        .layer(middleware::from_fn_with_state(state.clone(), auth::guard))
        .with_state(state)
}
